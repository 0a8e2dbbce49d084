import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ItemError } from './itemErrors';
import { toErrorItem, toItemError } from './itemErrors';

export interface SendOptions {
	/** The most requests to have in flight now: a set Batch Size, or what rate and latency call for. */
	inFlight: () => number;
	/** How often to ask `inFlight` again while every request in flight is still out; 0: never. */
	recheckMs: number;
	/** Items per batch, with a Batch Interval. */
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
 * Checks every item before anything is sent, then sends the good ones with up to `inFlight()`
 * requests in flight: a new one starts as soon as one ends or the bound rises, or, with a Batch
 * Interval, in batches of `batchSize` with a pause between them. Returns the output of each
 * input item (one item, or a list for reads of many), in input order, each paired with its input item. Without "On Error: Continue" a failure
 * stops new requests; once those in flight have ended, the first failing item (in input order)
 * stops the node.
 */
export async function sendEachItem<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	{ inFlight, recheckMs, batchSize, batchInterval }: SendOptions,
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
	const stoppers: Array<{ itemIndex: number; error: ItemError }> = [];

	const sendOne = async (itemIndex: number) => {
		const entry = prepared[itemIndex] as { ok: true; value: T };
		try {
			const result = await job.send(entry.value, itemIndex);
			const values = Array.isArray(result) ? result : [result];
			output[itemIndex] = values.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const itemError = toItemError.call(context, error, itemIndex);
			if (continueOnFail) output[itemIndex] = [toErrorItem(itemError, itemIndex)];
			else stoppers.push({ itemIndex, error: itemError });
		}
	};

	const sendable = prepared.flatMap((entry, itemIndex) => (entry.ok ? [itemIndex] : []));
	if (batchInterval > 0) {
		for (let start = 0; start < sendable.length && !stoppers.length; start += batchSize) {
			if (start > 0) await sleep(batchInterval);
			await Promise.all(sendable.slice(start, start + batchSize).map(sendOne));
		}
	} else {
		const running = new Set<Promise<void>>();
		for (let next = 0; next < sendable.length && !stoppers.length;) {
			if (running.size < inFlight()) {
				const sending = sendOne(sendable[next++]).finally(() => running.delete(sending));
				running.add(sending);
				continue;
			}
			await Promise.race(recheckMs > 0 ? [...running, sleep(recheckMs)] : running);
		}
		await Promise.all(running);
	}

	if (stoppers.length) {
		throw stoppers.reduce((first, stopper) =>
			stopper.itemIndex < first.itemIndex ? stopper : first,
		).error;
	}
	return output.flat();
}
