import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidFieldValue } from './fieldValues';

export type ItemError = NodeApiError | NodeOperationError;

/** Any failure of one item, as the n8n error that names the item and how to fix it. */
export function toItemError(this: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InvalidFieldValue) {
		return new NodeOperationError(this.getNode(), `[item ${itemIndex}] ${error.message}`, {
			itemIndex,
			description: error.fix,
		});
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * The output item that stands for a failed input item under "On Error: Continue". n8n itself
 * sets its json to { error: message } and routes it by `error`, which keeps httpCode and description.
 */
export function toErrorItem(error: ItemError, itemIndex: number): INodeExecutionData {
	return { json: { error: error.message }, error, pairedItem: { item: itemIndex } };
}
