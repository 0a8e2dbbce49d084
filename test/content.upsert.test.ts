import type { INodeParameters } from 'n8n-workflow';

import { runWith, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';
import type { RunNodeOptions } from './helpers/runNode';
import { pairedIndex } from './helpers/tally';

const sandbox = useSandbox();

const BATCH = '/unified/lms/content/batch';
const CONTENT = '/unified/lms/content';

function upsertParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'content',
		operation: 'upsert',
		externalReference: '={{ $json.ref }}',
		title: '={{ $json.title }}',
		additionalFields: { contentUrl: '={{ $json.url }}' },
		options: {},
		...overrides,
	};
}

async function runUpsert(
	sb: Sandbox,
	items: RunNodeOptions['items'],
	overrides: INodeParameters = {},
	options: Partial<RunNodeOptions> = {},
) {
	return await runWith(sb, upsertParameters(overrides), items, { typeVersion: 2, ...options });
}

function learningObjects(count: number, prefix = 'lo') {
	return Array.from({ length: count }, (_, n) => ({
		ref: `${prefix}-${String(n).padStart(4, '0')}`,
		title: `Learning object ${n}`,
		url: `https://courses.example.com/${prefix}/${n}`,
	}));
}

const sent = (sb: Sandbox, method: string, path: string) =>
	sb.requests.filter((request) => request.method === method && request.path === path);

const batchSizes = (sb: Sandbox) =>
	sent(sb, 'POST', BATCH).map((request) => (request.body as { items: unknown[] }).items.length);

describe('Content > Create or Update (upsert)', () => {
	it('sends 250 items in batches of 100 and outputs one accepted item per input, in order', async () => {
		const sb = sandbox();
		const items = learningObjects(250);

		const run = await runUpsert(sb, items);

		expect(run.error).toBeUndefined();
		expect(batchSizes(sb)).toEqual([100, 100, 50]);
		expect(sent(sb, 'PUT', CONTENT)).toHaveLength(0);
		expect(run.output.map((item) => item.json)).toEqual(
			items.map((item) => ({ external_reference: item.ref, accepted: true })),
		);
		expect(run.output.map(pairedIndex)).toEqual(items.map((_item, n) => n));
		const stored = sb.upsertedContent();
		expect(stored.map((record) => record.external_reference).sort()).toEqual(
			items.map((item) => item.ref),
		);
		expect(stored.find((record) => record.external_reference === 'lo-0007')).toMatchObject({
			title: 'Learning object 7',
			content_url: 'https://courses.example.com/lo/7',
		});
	});

	it('sends each item with PUT /content when Batch Size is 1, and outputs the ids', async () => {
		const sb = sandbox();
		const items = learningObjects(3);

		const run = await runUpsert(sb, items, { options: { itemsPerRequest: 1 } });

		expect(run.error).toBeUndefined();
		expect(sent(sb, 'POST', BATCH)).toHaveLength(0);
		expect(sent(sb, 'PUT', CONTENT).map((request) => request.body)).toEqual(
			items.map((item) => ({
				external_reference: item.ref,
				title: item.title,
				content_url: item.url,
			})),
		);
		const byReference = new Map(
			sb.upsertedContent().map((record) => [record.external_reference, record]),
		);
		expect(run.output.map((item) => item.json)).toEqual(
			items.map((item) => ({
				external_reference: item.ref,
				accepted: true,
				id: byReference.get(item.ref)?.id,
				remote_id: byReference.get(item.ref)?.remote_id,
			})),
		);
	});

	it('replaces a learning object whole on a second upsert: one record, the new fields only', async () => {
		const sb = sandbox();
		await runUpsert(sb, [{ ref: 'lo-x', title: 'First', url: 'https://a.example/1' }]);
		await runUpsert(sb, [{ ref: 'lo-x', title: 'Second' }], { additionalFields: {} });

		const stored = sb.upsertedContent().filter((record) => record.external_reference === 'lo-x');
		expect(stored).toHaveLength(1);
		expect(stored[0].title).toBe('Second');
		expect(stored[0].content_url ?? null).toBeNull();
	});

	it('reports the items StackOne refused in a batch, at their own index, and upserts the rest', async () => {
		const sb = sandbox();
		const items = learningObjects(10);

		const run = await runUpsert(
			sb,
			items
				.map((item, n) => ({ ...item, languages: n === 3 ? 'xx_XX' : 'en_GB' }))
				.map((item, n) => (n === 8 ? { ...item, localizations: '[{ "title": 5 }]' } : item)),
			{
				additionalFields: {
					languages: '={{ $json.languages }}',
					localizations: '={{ $json.localizations ?? "[]" }}',
				},
			},
			{ onError: 'continueErrorOutput' },
		);

		expect(batchSizes(sb)).toEqual([10]);
		expect(run.output.map(pairedIndex)).toEqual([0, 1, 2, 4, 5, 6, 7, 9]);
		expect(run.errorOutput.map(pairedIndex)).toEqual([3, 8]);
		expect(run.errorOutput[0].json.error).toMatch(
			/^\[item 3\] StackOne did not accept this learning object: .*languages/,
		);
		expect(run.errorOutput[1].json.error).toMatch(
			/^\[item 8\] StackOne did not accept this learning object: .*localizations/,
		);
		expect(
			sb
				.upsertedContent()
				.map((record) => record.external_reference)
				.sort(),
		).toEqual(items.filter((_item, n) => n !== 3 && n !== 8).map((item) => item.ref));
	});

	it('fails bad input before sending, naming the item and the field, and batches the others', async () => {
		const sb = sandbox();
		const items = [
			...learningObjects(3),
			{ ref: '', title: 'no reference' },
			{ ref: 'lo-d', title: 'bad duration', duration: 'soon' },
			{ ref: 'lo-j', title: 'bad list', authors: '{"name": "not a list"}' },
		];

		const run = await runUpsert(
			sb,
			items,
			{
				additionalFields: {
					duration: '={{ $json.duration ?? "" }}',
					authors: '={{ $json.authors ?? "[]" }}',
				},
			},
			{ onError: 'continueErrorOutput' },
		);

		expect(run.output.map(pairedIndex)).toEqual([0, 1, 2]);
		expect(run.errorOutput.map((item) => item.json.error)).toEqual([
			'[item 3] External Reference is empty',
			"[item 4] Duration is neither an ISO 8601 duration nor a number of seconds: 'soon'",
			'[item 5] Authors must be a JSON list, got \'{"name": "not a list"}\'',
		]);
		expect(batchSizes(sb)).toEqual([3]);
	});
});

describe('Content > Create or Update: faults', () => {
	it('retries a batch answered 502 whole: every item out once, each learning object stored once', async () => {
		const sb = sandbox();
		const items = learningObjects(60);
		sb.inject({
			match: { method: 'POST', path: BATCH, nth: 2 },
			fault: { type: 'statusAfterStore', status: 502 },
		});

		const run = await runUpsert(sb, items, { options: { itemsPerRequest: 20 } });

		expect(run.error).toBeUndefined();
		expect(run.output.map((item) => item.json)).toEqual(
			items.map((item) => ({ external_reference: item.ref, accepted: true })),
		);
		expect(
			sent(sb, 'POST', BATCH)
				.map((request) => request.status)
				.sort(),
		).toEqual([202, 202, 202, 502]);
		expect(batchSizes(sb)).toEqual([20, 20, 20, 20]);
		const references = sb.upsertedContent().map((record) => record.external_reference);
		expect(references).toHaveLength(60);
		expect(new Set(references).size).toBe(60);
		// The batch that got the 502 was stored, then sent again whole: its 20 items written twice.
		expect(sb.contentWrites()).toBe(80);
	});

	it('waits out a 429 on a batch and sends it again', async () => {
		const sb = sandbox();
		sb.inject({ match: { method: 'POST', path: BATCH }, fault: { type: 'rateLimit' } });

		const run = await runUpsert(sb, learningObjects(30));

		expect(run.error).toBeUndefined();
		expect(run.output).toHaveLength(30);
		expect(sent(sb, 'POST', BATCH).map((request) => request.status)).toEqual([429, 202]);
		expect(sb.upsertedContent()).toHaveLength(30);
	});

	it('fails every item of a batch StackOne refuses whole, naming the batch, and sends the other batches', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', path: BATCH, nth: 1 },
			fault: { type: 'status', status: 400 },
		});

		const run = await runUpsert(
			sb,
			learningObjects(15),
			{ options: { itemsPerRequest: 10 } },
			{
				onError: 'continueErrorOutput',
			},
		);

		expect(run.errorOutput.map(pairedIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(run.errorOutput[3].json.error).toMatch(
			/^\[item 3\] The batch of items 0 to 9 was not upserted: /,
		);
		expect(run.output.map(pairedIndex)).toEqual([10, 11, 12, 13, 14]);
		expect(sb.upsertedContent()).toHaveLength(5);
	});

	it('keeps items of another account in a batch of their own', async () => {
		const sb = sandbox();
		const items = learningObjects(6).map((item, n) => ({
			...item,
			account: n % 2 ? sb.accounts[1] : '',
		}));

		const run = await runUpsert(sb, items, { options: { accountId: '={{ $json.account }}' } });

		expect(run.error).toBeUndefined();
		expect(batchSizes(sb).length).toBeGreaterThan(1);
		expect(
			sb
				.upsertedContent(sb.accounts[1])
				.map((record) => record.external_reference)
				.sort(),
		).toEqual(['lo-0001', 'lo-0003', 'lo-0005']);
		expect(
			sb
				.upsertedContent(sb.accountId)
				.map((record) => record.external_reference)
				.sort(),
		).toEqual(['lo-0000', 'lo-0002', 'lo-0004']);
	});
});
