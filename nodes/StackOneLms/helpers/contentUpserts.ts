import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { StackOneAnswer } from '../transport/interfaces';
import { stackOneApiRequest } from '../transport';
import { responseDetails } from './responseDetails';
import type { ContentBody } from './interfaces';
import type { RequestOptions } from './itemParameters';
import type { RunContext } from './runContext';
import type { ItemGroup } from './sendEachItem';

const CONTENT_PATH = '/unified/lms/content';
const BATCH_PATH = '/unified/lms/content/batch';

export type PreparedContent = RequestOptions & { body: ContentBody };

/** The items in batches of up to `size`, each of one Account ID and Send Heartbeat. */
export function batchesOf<T extends RequestOptions>(
	items: ItemGroup<T>,
	size: number,
): Array<ItemGroup<T>> {
	const byRequest = new Map<string, ItemGroup<T>>();
	for (const item of items) {
		const key = `${item.value.accountId ?? ''}\u0000${item.value.heartbeat}`;
		const same = byRequest.get(key);
		if (same) same.push(item);
		else byRequest.set(key, [item]);
	}
	return [...byRequest.values()].flatMap((same) =>
		Array.from({ length: Math.ceil(same.length / size) }, (_, n) =>
			same.slice(n * size, (n + 1) * size),
		),
	);
}

/** One learning object alone, through PUT /content; a failure throws, naming the item. */
export async function upsertAlone(
	this: IExecuteFunctions,
	run: RunContext,
	{ value, itemIndex }: ItemGroup<PreparedContent>[number],
): Promise<IDataObject> {
	const { body, accountId, heartbeat } = value;
	const answer = await stackOneApiRequest.call(
		this,
		run.credentials,
		{ method: 'PUT', path: CONTENT_PATH, body, accountId, heartbeat, itemIndex },
		run.delivery,
	);
	const data = answer.data ?? {};
	return accepted(answer, value, { id: data.id ?? null, remote_id: data.remote_id ?? null });
}

/**
 * A batch through POST /content/batch: each item's output, or its error from StackOne's
 * `errors[i]`. An upsert is keyed by its external reference, so a batch whose outcome is unknown
 * is sent again whole; one that still fails fails every item in it.
 */
export async function upsertBatch(
	this: IExecuteFunctions,
	run: RunContext,
	group: ItemGroup<PreparedContent>,
): Promise<Array<IDataObject | Error>> {
	const { accountId, heartbeat } = group[0].value;
	let answer: StackOneAnswer;
	try {
		answer = await stackOneApiRequest.call(
			this,
			run.credentials,
			{
				method: 'POST',
				path: BATCH_PATH,
				body: { items: group.map(({ value }) => value.body) },
				accountId,
				heartbeat,
				idempotent: true,
			},
			run.delivery,
		);
	} catch (error) {
		return group.map(({ itemIndex }) => batchFailed.call(this, error as Error, itemIndex, group));
	}
	const errors = Array.isArray(answer.errors) ? answer.errors : [];
	return group.map(({ value, itemIndex }, position) => {
		const problems = messagesOf(errors[position]);
		return problems.length ? notAccepted.call(this, problems, itemIndex) : accepted(answer, value);
	});
}

function accepted(
	answer: StackOneAnswer,
	{ body, fullResponse }: PreparedContent,
	extra: IDataObject = {},
): IDataObject {
	return {
		external_reference: body.external_reference,
		accepted: true,
		...extra,
		...(fullResponse ? responseDetails(answer) : {}),
	};
}

function messagesOf(problems: unknown): string[] {
	if (!Array.isArray(problems)) return problems ? [String(problems)] : [];
	return problems.map((problem) =>
		typeof problem === 'string' ? problem : JSON.stringify(problem),
	);
}

function notAccepted(this: IExecuteFunctions, problems: string[], itemIndex: number): Error {
	return new NodeOperationError(
		this.getNode(),
		`[item ${itemIndex}] StackOne did not accept this learning object: ${problems.join('; ')}`,
		{
			itemIndex,
			description:
				'Fix the fields StackOne names and run the item again. The other items of its batch were upserted.',
		},
	);
}

function batchFailed(
	this: IExecuteFunctions,
	error: Error,
	itemIndex: number,
	group: ItemGroup<unknown>,
): Error {
	const first = group[0].itemIndex;
	const last = group[group.length - 1].itemIndex;
	return new NodeOperationError(
		this.getNode(),
		`[item ${itemIndex}] The batch of items ${first} to ${last} was not upserted: ${error.message}`,
		{ itemIndex, description: (error as { description?: string }).description ?? undefined },
	);
}
