import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ItemError } from './itemErrors';
import { toErrorItem, toItemError } from './itemErrors';

export interface SendOptions {
	/** Requests in flight at once. */
	batchSize: number;
	/** Pause between two batches, in milliseconds. */
	batchInterval: number;
}

export interface ItemJob<Prepared> {
	/** Reads and checks one item's parameters; throws when the item cannot be sent. */
	prepare: (itemIndex: number) => Prepared;
	/** Sends one prepared item and returns its output json: one object, or a list (Get Many). */
	send: (prepared: Prepared, itemIndex: number) => Promise<IDataObject | IDataObject[]>;
}

type Prepared<T> = { ok: true; value: T } | { ok: false; error: ItemError };

/**
 * Checks every item before anything is sent, then sends the good ones in batches of
 * concurrent requests. Returns the output of each input item (one item, or a list for reads of
 * many), in input order, each paired with its input item.
 * Without "On Error: Continue" the first failing item (in input order) stops the node,
 * after its batch has settled, so no request is left running.
 */
export async function sendEachItem<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	{ batchSize, batchInterval }: SendOptions,
	job: ItemJob<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const prepared = items.map((_item, itemIndex): Prepared<T> => {
		try {
			return { ok: true, value: job.prepare(itemIndex) };
		} catch (error) {
			const itemError = toItemError.call(context, error, itemIndex);
			if (!continueOnFail) throw itemError;
			return { ok: false, error: itemError };
		}
	});

	const output: INodeExecutionData[][] = prepared.map((entry, itemIndex) =>
		entry.ok ? [] : [toErrorItem(entry.error, itemIndex)],
	);
	const sendable = prepared.flatMap((entry, itemIndex) => (entry.ok ? [itemIndex] : []));

	for (let start = 0; start < sendable.length; start += batchSize) {
		if (start > 0 && batchInterval > 0) await sleep(batchInterval);
		const batch = sendable.slice(start, start + batchSize);
		const outcomes = await Promise.allSettled(
			batch.map(async (itemIndex) => {
				const entry = prepared[itemIndex] as { ok: true; value: T };
				return await job.send(entry.value, itemIndex);
			}),
		);
		outcomes.forEach((outcome, position) => {
			const itemIndex = batch[position];
			if (outcome.status === 'fulfilled') {
				const values = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
				output[itemIndex] = values.map((json) => ({ json, pairedItem: { item: itemIndex } }));
				return;
			}
			const itemError = toItemError.call(context, outcome.reason, itemIndex);
			if (!continueOnFail) throw itemError;
			output[itemIndex] = [toErrorItem(itemError, itemIndex)];
		});
	}
	return output.flat();
}
