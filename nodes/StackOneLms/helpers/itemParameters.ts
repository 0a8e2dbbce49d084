import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidFieldValue, toIdentifier, toOptionalText } from './fieldValues';
import type { SendOptions } from './sendEachItem';

export interface ItemRequestParameters {
	userId: string;
	accountId?: string;
	heartbeat: boolean;
	fullResponse: boolean;
}

/** The user and the request options of one item. */
export function readItemParameters(
	this: IExecuteFunctions,
	itemIndex: number,
): ItemRequestParameters {
	const userId = toIdentifier(
		this.getNodeParameter('user', itemIndex, '', { extractValue: true }),
		'User',
		'c28xIQaWQ6MzM5MzczMDA2NzMzMzkwNzIwNA',
	);
	// URL parsers resolve these even when encoded, so they could never reach the user's path.
	if (userId === '.' || userId === '..') {
		throw new InvalidFieldValue(
			'User',
			`cannot be '${userId}'`,
			'Enter the StackOne ID of the LMS user.',
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		userId,
		accountId: toOptionalText(options.accountId, 'Account ID'),
		heartbeat: options.heartbeat === true,
		fullResponse: options.fullResponse === true,
	};
}

/** Batching is a property of the whole run, so it is read once, from the first item. */
export function readSendOptions(this: IExecuteFunctions): SendOptions {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = Math.floor(Number(options.batchSize ?? 10));
	const batchInterval = Number(options.batchInterval ?? 0);
	return {
		batchSize: Number.isFinite(batchSize) && batchSize >= 1 ? batchSize : 10,
		batchInterval: Number.isFinite(batchInterval) && batchInterval > 0 ? batchInterval : 0,
	};
}
