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

/** Items sent in one request: their indexes and prepared values, in input order. */
export type ItemGroup<T> = Array<{ itemIndex: number; value: T }>;

export interface GroupJob<Prepared> {
	/** Reads and checks one item's parameters; throws when the item cannot be sent. */
	prepare: (itemIndex: number) => Prepared;
	/** Splits the items that passed `prepare` into the groups sent together. */
	group: (items: ItemGroup<Prepared>) => Array<ItemGroup<Prepared>>;
	/**
	 * Sends one group; returns each item's output json or the error it failed with, in the
	 * group's order. A throw fails every item of the group.
	 */
	send: (group: ItemGroup<Prepared>) => Promise<Array<IDataObject | IDataObject[] | Error>>;
}

type Prepared<T> = { ok: true; value: T } | { ok: false; error: ItemError };

/** Sends each item on its own: `sendGroups` with groups of one. */
export async function sendEachItem<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	options: SendOptions,
	job: ItemJob<T>,
): Promise<INodeExecutionData[]> {
	return await sendGroups<T>(context, items, options, {
		prepare: job.prepare,
		group: (prepared) => prepared.map((item) => [item]),
		send: async ([{ value, itemIndex }]) => {
			return [await job.send(value, itemIndex)];
		},
	});
}

/**
 * Checks every item before anything is sent, then sends the good ones, in the groups `job.group`
 * makes, with up to `inFlight()` requests in flight: a new one starts as soon as one ends or the
 * bound rises, or, with a Batch Interval, `batchSize` at a time with a pause between them.
 * Returns the output of each input item (one item, or a list for reads of many), in input order,
 * each paired with its input item. Without "On Error: Continue" a failure stops new requests;
 * once those in flight have ended, the first failing item (in input order) stops the node.
 */
export async function sendGroups<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	{ inFlight, recheckMs, batchSize, batchInterval }: SendOptions,
	job: GroupJob<T>,
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

	const fail = (itemIndex: number, error: unknown) => {
		const itemError = toItemError.call(context, error, itemIndex);
		if (continueOnFail) output[itemIndex] = [toErrorItem(itemError, itemIndex)];
		else stoppers.push({ itemIndex, error: itemError });
	};

	const sendOne = async (group: ItemGroup<T>) => {
		let results: Array<IDataObject | IDataObject[] | Error>;
		try {
			results = await job.send(group);
		} catch (error) {
			for (const { itemIndex } of group) fail(itemIndex, error);
			return;
		}
		group.forEach(({ itemIndex }, position) => {
			const result = results[position];
			if (result instanceof Error) return fail(itemIndex, result);
			const values = Array.isArray(result) ? result : [result];
			output[itemIndex] = values.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		});
	};

	const groups = job.group(
		prepared.flatMap((entry, itemIndex) => (entry.ok ? [{ itemIndex, value: entry.value }] : [])),
	);
	if (batchInterval > 0) {
		for (let start = 0; start < groups.length && !stoppers.length; start += batchSize) {
			if (start > 0) await sleep(batchInterval);
			await Promise.all(groups.slice(start, start + batchSize).map(sendOne));
		}
	} else {
		const running = new Set<Promise<void>>();
		for (let next = 0; next < groups.length && !stoppers.length;) {
			if (running.size < inFlight()) {
				const sending = sendOne(groups[next++]).finally(() => running.delete(sending));
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
