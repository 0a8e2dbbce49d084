import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isBlank, toEmail, toOptionalText, toPathIdentifier } from './fieldValues';
import type { DeliveryOptions } from '../transport/retryPolicy';
import { DEFAULT_DELIVERY } from '../transport/retryPolicy';

/** Who an item is about: a StackOne user id, or an email to look the id up by. */
export type UserReference = { by: 'id'; id: string } | { by: 'email'; email: string };

/** The per-item switches of Options that shape each request. */
export interface RequestOptions {
	accountId?: string;
	heartbeat: boolean;
	fullResponse: boolean;
	skipExisting: boolean;
	/** Whether a create whose outcome is unknown is read back (and sent again only when not found). */
	verifyUncertainCreates: boolean;
}

export interface ItemRequestParameters extends RequestOptions {
	/** Undefined only where the user is optional and empty (Get Many of all users). */
	user?: UserReference;
}

const USER_ID_EXAMPLE = 'c28xIQaWQ6MzM5MzczMDA2NzMzMzkwNzIwNA';

function readUserReference(
	this: IExecuteFunctions,
	itemIndex: number,
	userOptional: boolean,
): UserReference | undefined {
	const locator = this.getNodeParameter(
		'user',
		itemIndex,
		{ mode: 'list', value: '' },
		{
			extractValue: false,
		},
	) as { mode?: string; value?: unknown } | string;
	const { mode, value } = typeof locator === 'object' ? locator : { mode: 'id', value: locator };
	if (userOptional && isBlank(value)) return undefined;
	if (mode === 'email') return { by: 'email', email: toEmail(value, 'User') };
	return { by: 'id', id: toPathIdentifier(value, 'User', USER_ID_EXAMPLE) };
}

/** The request options of one item. */
export function readRequestOptions(this: IExecuteFunctions, itemIndex: number): RequestOptions {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		accountId: toOptionalText(options.accountId, 'Account ID'),
		heartbeat: options.heartbeat === true,
		fullResponse: options.fullResponse === true,
		skipExisting: options.skipExisting === true,
		verifyUncertainCreates: options.verifyUncertainCreates !== false,
	};
}

/** The user and the request options of one item. */
export function readItemParameters(
	this: IExecuteFunctions,
	itemIndex: number,
	{ userOptional = false } = {},
): ItemRequestParameters {
	return {
		user: readUserReference.call(this, itemIndex, userOptional),
		...readRequestOptions.call(this, itemIndex),
	};
}

function numberOption(options: IDataObject, name: string, fallback: number, min: number): number {
	const value = Number(options[name] ?? fallback);
	return Number.isFinite(value) && value >= min ? value : fallback;
}

export interface RunOptions {
	/** Requests in flight at once; 0: as many as the rate limit and the latency call for. */
	batchSize: number;
	/** Pause between two batches, in milliseconds. */
	batchInterval: number;
	delivery: DeliveryOptions;
}

/** Batching, rate limit and retries hold for the whole run, so they are read once, from the first item. */
export function readRunOptions(this: IExecuteFunctions): RunOptions {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		batchSize: Math.floor(numberOption(options, 'batchSize', 0, 0)),
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
