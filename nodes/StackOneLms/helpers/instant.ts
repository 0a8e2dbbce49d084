import type { IDataObject } from 'n8n-workflow';

import type { CompletionBody } from './interfaces';

/** A date-time as milliseconds, so the same instant in any time zone compares equal. */
export function instant(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

/**
 * Whether a stored completion records what `body` does: the same learning object, and the same
 * `completed_at` when the body has one.
 */
export function recordsCompletion(record: IDataObject, body: CompletionBody): boolean {
	if (record.learning_object_external_reference !== body.learning_object_external_reference)
		return false;
	const wanted = instant(body.completed_at);
	return wanted === undefined || instant(record.completed_at) === wanted;
}
