import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidFieldValue, toIdentifier, toOptionalText } from './fieldValues';
import type { SendOptions } from './sendEachItem';
import type { DeliveryOptions } from '../transport/retryPolicy';
import { DEFAULT_DELIVERY } from '../transport/retryPolicy';

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

function numberOption(options: IDataObject, name: string, fallback: number, min: number): number {
	const value = Number(options[name] ?? fallback);
	return Number.isFinite(value) && value >= min ? value : fallback;
}

export interface RunOptions extends SendOptions {
	delivery: DeliveryOptions;
}

/** Batching, rate limit and retries hold for the whole run, so they are read once, from the first item. */
export function readRunOptions(this: IExecuteFunctions): RunOptions {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		batchSize: Math.floor(numberOption(options, 'batchSize', 10, 1)),
		batchInterval: numberOption(options, 'batchInterval', 0, 0),
		delivery: {
			maxRequestsPerMinute: numberOption(
				options,
				'maxRequestsPerMinute',
				DEFAULT_DELIVERY.maxRequestsPerMinute,
				1,
			),
			maxRetries: Math.floor(numberOption(options, 'maxRetries', DEFAULT_DELIVERY.maxRetries, 0)),
			maxRetryWaitMs:
				numberOption(options, 'maxRetryWait', DEFAULT_DELIVERY.maxRetryWaitMs / 1000, 0) * 1000,
			retryServerErrors: options.retryServerErrors === true,
			timeoutMs: numberOption(options, 'timeout', DEFAULT_DELIVERY.timeoutMs, 1),
		},
	};
}
