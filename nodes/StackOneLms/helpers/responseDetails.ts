import type { IDataObject } from 'n8n-workflow';

import type { StackOneAnswer } from '../transport/interfaces';

/** StackOne's statusCode, message and timestamp, which Include Response Details adds to an output. */
export function responseDetails(answer: StackOneAnswer): IDataObject {
	return { statusCode: answer.statusCode, message: answer.message, timestamp: answer.timestamp };
}
