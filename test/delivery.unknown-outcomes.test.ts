import type { INodeExecutionData } from 'n8n-workflow';

import type { Fault, RequestLogEntry, SwitchOptions } from '../sandbox';
import {
	completionPosts,
	credentialsFor,
	itemsFor,
	runCreate,
	runOperation,
	untilSettled,
	useSandbox,
} from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';
import { pairedIndex, secretsIn, tally } from './helpers/tally';

const sandbox = useSandbox();

jest.setTimeout(120000);

/** Fast enough that the limiter stays out of the way. */
const UNLIMITED = { maxRequestsPerMinute: 1e6 };

const READ_BACK_PATH = /^\/unified\/lms\/users\/[^/]+\/completions$/;

/** The read-backs: a user's completions listed with filter[updated_after]. */
function readBacks(sb: Sandbox): RequestLogEntry[] {
	return sb.requests.filter(
		(request) =>
			request.method === 'GET' &&
			READ_BACK_PATH.test(request.path) &&
			request.query['filter[updated_after]'] !== undefined,
	);
}

/**
 * The counts every run must show, whatever the fault: items in = items out, in input order, none
 * stored twice, each success's id the one the sandbox stored for it, no key anywhere.
 */
function expectCounted(sb: Sandbox, run: Awaited<ReturnType<typeof runCreate>>, count: number) {
	const counts = tally(run, sb, count);
	expect(counts.itemsOut).toBe(count);
	expect(counts.ordered.map(pairedIndex)).toEqual(Array.from({ length: count }, (_, n) => n));
	expect(counts.duplicates).toBe(0);
	const storedIds = new Map(
		sb.completions().map((record) => [record.learning_object_external_reference, record.id]),
	);
	counts.ordered.forEach((item, n) => {
		if (item.json.error !== undefined) return;
		expect(item.json.learning_object_external_reference).toBe(`course-${n}`);
		expect(item.json.id).toBe(storedIds.get(`course-${n}`));
	});
	expect(secretsIn(JSON.stringify(run.run), sb.apiKey)).toEqual([]);
	return counts;
}

function printCounts(label: string, sb: Sandbox, counts: ReturnType<typeof tally>) {
	const posts = completionPosts(sb).length;
	const gets = readBacks(sb).length;
	process.stdout.write(
		`unknown outcome, ${label}: items in ${counts.itemsIn}, out ${counts.itemsOut}, stored ${counts.stored}, ` +
			`duplicates ${counts.duplicates}, failed ${counts.failures}, creates sent ${posts}, read-backs ${gets}\n`,
	);
}

interface UnknownCase {
	label: string;
	fault: Fault;
	switches?: SwitchOptions;
	options?: object;
	/** What the output item says it was recovered after; undefined: it was created by a new send. */
	recoveredAfter?: string;
	/** Creates sent for the faulted item, and read-backs made for it. */
	posts: number;
	reads: number;
}

describe('Delivery: a create whose outcome is unknown is read back before it is sent again', () => {
	const cases: UnknownCase[] = [
		{
			label: 'stored, then 408',
			fault: { type: 'statusAfterStore', status: 408, seconds: 1 },
			recoveredAfter: 'HTTP 408',
			posts: 1,
			reads: 1,
		},
		{
			label: 'stored, then 502',
			fault: { type: 'statusAfterStore', status: 502 },
			recoveredAfter: 'HTTP 502',
			posts: 1,
			reads: 1,
		},
		{
			label: 'stored, then 504',
			fault: { type: 'statusAfterStore', status: 504 },
			recoveredAfter: 'HTTP 504',
			posts: 1,
			reads: 1,
		},
		{
			label: 'stored, then the connection reset',
			fault: { type: 'resetAfterStore' },
			recoveredAfter: 'the connection was reset',
			posts: 1,
			reads: 1,
		},
		{
			// The sandbox stores it 1.5 s after arrival, after the node gave up at 1 s: the first read
			// finds nothing, the read after the settle time finds it.
			label: 'no answer within Timeout, stored after the node gave up',
			fault: { type: 'delay', ms: 1500 },
			options: { timeout: 1000 },
			recoveredAfter: 'no answer within 1000 ms',
			posts: 1,
			reads: 2,
		},
		{
			label: 'stored, then a cut-off body',
			fault: { type: 'malformedJson' },
			recoveredAfter: 'HTTP 201 with a body that is not JSON',
			posts: 1,
			reads: 1,
		},
		{
			label: 'stored, then a heartbeat body saying 502',
			fault: { type: 'statusAfterStore', status: 502 },
			options: { heartbeat: true },
			recoveredAfter: 'HTTP 502',
			posts: 1,
			reads: 1,
		},
		{
			label: 'stored, then 502, in an LMS that lists new records 1.5 s late',
			fault: { type: 'statusAfterStore', status: 502 },
			switches: { visibilityDelayMs: 1500 },
			recoveredAfter: 'HTTP 502',
			posts: 1,
			reads: 2,
		},
		{
			label: '502, nothing stored',
			fault: { type: 'status', status: 502, message: 'Bad gateway.' },
			posts: 2,
			reads: 2,
		},
		{
			label: '408, nothing stored',
			fault: { type: 'timeout408', seconds: 1 },
			posts: 2,
			reads: 2,
		},
		{
			label: 'a heartbeat body saying 500, nothing stored',
			fault: { type: 'heartbeatError', status: 500 },
			options: { heartbeat: true },
			posts: 2,
			reads: 2,
		},
		{
			label: "a proxy's HTML 503, nothing stored",
			fault: { type: 'status', status: 503, html: true },
			posts: 2,
			reads: 2,
		},
		{
			label: 'a reset before anything was read',
			fault: { type: 'resetBeforeRead' },
			posts: 2,
			reads: 2,
		},
	];

	it.each(cases)(
		'$label: every item stored once, the ids those stored',
		async ({ label, fault, switches, options, recoveredAfter, posts, reads }) => {
			const sb = sandbox();
			if (switches) sb.configure(switches);
			sb.inject({ match: { method: 'POST', nth: 5 }, fault });

			const run = await runCreate(
				sb,
				itemsFor(sb, 10),
				{ options: { batchSize: 1, ...UNLIMITED, ...options } },
				{ onError: 'continueErrorOutput' },
			);

			await untilSettled(sb);
			const counts = expectCounted(sb, run, 10);
			printCounts(label, sb, counts);
			expect(counts).toMatchObject({ successes: 10, failures: 0, stored: 10, duplicates: 0 });
			const item = run.output[4].json;
			if (recoveredAfter) {
				expect(item).toMatchObject({ recovered: true, recovered_after: recoveredAfter });
			} else {
				expect(item.recovered).toBeUndefined();
			}
			// Every other item took one create; the faulted one `posts`, and `reads` read-backs.
			expect(completionPosts(sb)).toHaveLength(9 + posts);
			expect(readBacks(sb)).toHaveLength(reads);
			const since = Date.parse(String(readBacks(sb)[0].query['filter[updated_after]']));
			const sentAt = completionPosts(sb)[4].receivedAt;
			expect(sentAt - since).toBeGreaterThanOrEqual(5 * 60 * 1000);
			expect(sentAt - since).toBeLessThan(5 * 60 * 1000 + 10000);
		},
	);

	it('a 300-item run with 10% of creates hit at random by every kind of unknown outcome: 300 stored, none twice, no error item', async () => {
		const sb = sandbox();
		const kinds: Fault[] = [
			{ type: 'statusAfterStore', status: 408, seconds: 1 },
			{ type: 'statusAfterStore', status: 502 },
			{ type: 'statusAfterStore', status: 504 },
			{ type: 'resetAfterStore' },
			{ type: 'malformedJson' },
			{ type: 'status', status: 502 },
			{ type: 'timeout408', seconds: 1 },
			{ type: 'status', status: 503, html: true },
			{ type: 'resetBeforeRead' },
		];
		const random = seeded(18);
		const hit = new Set<number>();
		while (hit.size < 30) hit.add(1 + Math.floor(random() * 300));
		[...hit].forEach((nth, n) =>
			sb.inject({ match: { method: 'POST', nth }, fault: kinds[n % kinds.length] }),
		);

		const run = await runCreate(
			sb,
			itemsFor(sb, 300),
			{ options: UNLIMITED },
			{ onError: 'continueErrorOutput' },
		);

		await untilSettled(sb);
		const counts = expectCounted(sb, run, 300);
		printCounts('300 items, 30 hit at random', sb, counts);
		expect(sb.state().counts.faultsFiredTotal).toBe(30);
		expect(counts).toMatchObject({ successes: 300, failures: 0, stored: 300, duplicates: 0 });
		const recovered = run.output.filter((item) => item.json.recovered === true).length;
		// Each fault that stored the record is recovered by reading back, not sent again.
		const storedThenLost = sb.requests.filter(
			(request) =>
				request.method === 'POST' && request.fault !== undefined && request.outcome === 201,
		).length;
		expect(recovered).toBe(storedThenLost);
		expect(completionPosts(sb)).toHaveLength(300 + 30 - storedThenLost);
	});

	it('a listing that fails: the item fails saying the completion may or may not exist, and is not sent again', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', nth: 2 },
			fault: { type: 'statusAfterStore', status: 502 },
		});
		sb.inject({
			match: { method: 'GET', path: READ_BACK_PATH },
			times: 3,
			fault: { type: 'status', status: 500, message: 'Listing failed.' },
		});

		const run = await runCreate(
			sb,
			itemsFor(sb, 3),
			{ options: { batchSize: 1, maxRetries: 2, ...UNLIMITED } },
			{ onError: 'continueErrorOutput' },
		);

		await untilSettled(sb);
		const counts = expectCounted(sb, run, 3);
		printCounts('the read-back fails', sb, counts);
		// Stored by the create StackOne answered 502; the node says so honestly and sends nothing more.
		expect(counts).toMatchObject({ successes: 2, failures: 1, stored: 3, duplicates: 0 });
		const failed = run.errorOutput[0];
		expect(pairedIndex(failed)).toBe(1);
		expect(failed.json.error).toBe('[item 1] Bad gateway');
		expect((failed.error as { description?: string }).description).toMatch(
			/The completion may or may not have been created.*Reading the records back to find out failed too: \[item 1\] Listing failed\./,
		);
		expect(completionPosts(sb)).toHaveLength(3);
		expect(readBacks(sb)).toHaveLength(3);
	});

	it('not found after every send: the item fails saying it was not created', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST' },
			times: 2,
			fault: { type: 'status', status: 502, message: 'Bad gateway.' },
		});

		const run = await runCreate(
			sb,
			itemsFor(sb, 1),
			{ options: { maxRetries: 1, ...UNLIMITED } },
			{ onError: 'continueErrorOutput' },
		);

		const counts = expectCounted(sb, run, 1);
		expect(counts).toMatchObject({ failures: 1, stored: 0 });
		const failed = run.errorOutput[0];
		expect(failed.json.error).toBe('[item 0] Bad gateway.');
		const description = (failed.error as { description?: string }).description;
		expect(description).toContain('It was sent 2 times, and each time reading the records back');
		expect(description).toContain('so it was not created: run the item again.');
		expect(description).not.toContain('may or may not');
		expect(completionPosts(sb)).toHaveLength(2);
		expect(readBacks(sb)).toHaveLength(4);
	});

	it("a proxy's HTML page: a 429 is waited out as a 429, a final 503 keeps the page's first bytes", async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', nth: 1 },
			fault: { type: 'rateLimit', html: true, seconds: 1 },
		});
		sb.inject({
			match: { method: 'POST', nth: 3 },
			fault: { type: 'status', status: 503, html: true },
		});

		const run = await runCreate(
			sb,
			itemsFor(sb, 2),
			{ options: { batchSize: 1, maxRetries: 1, ...UNLIMITED } },
			{ onError: 'continueErrorOutput' },
		);

		// Item 0: 429 (HTML), waited out, then created. Item 1: 503 (HTML), read back, not found,
		// sent again and created.
		const counts = expectCounted(sb, run, 2);
		expect(counts).toMatchObject({ successes: 2, stored: 2 });
		expect(completionPosts(sb).map((request) => request.status)).toEqual([429, 201, 503, 201]);

		sb.reset();
		sb.inject({
			match: { method: 'POST' },
			times: 2,
			fault: { type: 'status', status: 503, html: true },
		});
		const failing = await runCreate(
			sb,
			itemsFor(sb, 1),
			{ options: { maxRetries: 1, ...UNLIMITED } },
			{ onError: 'continueErrorOutput' },
		);
		expect(failing.errorOutput[0].json.error).toBe(
			"[item 0] StackOne answered HTTP 503 with a body that is not JSON: '<html><head><title>503 Service Unavailable</title></head><body><center><h1>503 Service Unavailable</h1></center><hr><cen...'",
		);
	});

	it('with Verify Uncertain Creates off, a 408 or 502 fails the item, sent once, never read back', async () => {
		const sb = sandbox();
		sb.inject({ match: { method: 'POST', nth: 1 }, fault: { type: 'timeout408', seconds: 0 } });
		sb.inject({
			match: { method: 'POST', nth: 2 },
			fault: { type: 'statusAfterStore', status: 502 },
		});

		const run = await runCreate(
			sb,
			itemsFor(sb, 3),
			{ options: { batchSize: 1, verifyUncertainCreates: false, ...UNLIMITED } },
			{ onError: 'continueErrorOutput' },
		);

		const counts = expectCounted(sb, run, 3);
		expect(counts).toMatchObject({ successes: 1, failures: 2, stored: 2, duplicates: 0 });
		for (const failed of run.errorOutput) {
			expect((failed.error as { description?: string }).description).toContain(
				'The completion may or may not have been created',
			);
		}
		expect(completionPosts(sb)).toHaveLength(3);
		expect(readBacks(sb)).toHaveLength(0);
	});

	it('Retry Server Errors sends a 502 again blindly, without reading back; a 408 is still read back', async () => {
		const sb = sandbox();
		sb.inject({ match: { method: 'POST', nth: 1 }, fault: { type: 'status', status: 502 } });
		sb.inject({
			match: { method: 'POST', nth: 3 },
			fault: { type: 'statusAfterStore', status: 408, seconds: 0 },
		});

		const run = await runCreate(sb, itemsFor(sb, 2), {
			options: { batchSize: 1, retryServerErrors: true, ...UNLIMITED },
		});

		const counts = expectCounted(sb, run, 2);
		expect(counts).toMatchObject({ successes: 2, stored: 2 });
		expect(run.output[1].json).toMatchObject({ recovered: true, recovered_after: 'HTTP 408' });
		expect(completionPosts(sb)).toHaveLength(3);
		expect(readBacks(sb)).toHaveLength(1);
	});

	it('a read-back never takes a completion another item of the run was output with', async () => {
		const sb = sandbox();
		const user = sb.users[0].id;
		// Two identical items, no Completed At: the second is hit by 502 and nothing is stored.
		sb.inject({ match: { method: 'POST', nth: 2 }, fault: { type: 'status', status: 502 } });

		const run = await runCreate(
			sb,
			[
				{ userId: user, course: 'same' },
				{ userId: user, course: 'same' },
			],
			{ options: { batchSize: 1, ...UNLIMITED } },
		);

		expect(run.error).toBeUndefined();
		const [first, second] = run.output.map((item: INodeExecutionData) => item.json);
		expect(second.recovered).toBeUndefined();
		expect(second.id).not.toBe(first.id);
		expect(sb.completions().map((record) => record.id)).toEqual([first.id, second.id]);
	});
});

describe('Delivery: errors classified by what happened', () => {
	it.each([
		[
			'an Account ID with a line break',
			{ accountId: 'acct\nx' },
			'Invalid character in header content',
		],
		['a Base URL that is not a URL', { baseUrl: 'http://exa mple.com' }, 'Invalid URL'],
	])(
		'%s: fails once with its own message, nothing sent, not "could not reach"',
		async (_label, overrides, message) => {
			const sb = sandbox();
			const run = await runCreate(
				sb,
				itemsFor(sb, 2),
				{ options: UNLIMITED },
				{ credentials: credentialsFor(sb, overrides), onError: 'continueErrorOutput' },
			);

			expect(run.output).toHaveLength(0);
			expect(run.errorOutput.map(pairedIndex)).toEqual([0, 1]);
			run.errorOutput.forEach((item, n) => {
				expect(item.json.error).toContain(
					`[item ${n}] The request to StackOne could not be made: ${message}`,
				);
				expect((item.error as { description?: string }).description).toMatch(/^Nothing was sent\./);
				expect(String(item.json.error)).not.toMatch(/may or may not|Could not reach/);
			});
			expect(sb.requests).toHaveLength(0);
			expect(secretsIn(JSON.stringify(run.run), sb.apiKey)).toEqual([]);
		},
	);
});

describe('Delivery: reads and deletes are sent again after 5xx and lost answers', () => {
	async function createOne(sb: Sandbox) {
		const run = await runCreate(sb, itemsFor(sb, 1), { options: UNLIMITED });
		return { userId: sb.users[0].id, completionId: String(run.output[0].json.id) };
	}

	const completionParameters = {
		user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
		completionId: '={{ $json.completionId }}',
		options: UNLIMITED,
	};

	it.each([
		['502', { type: 'status', status: 502 } as Fault],
		['a lost answer', { type: 'resetAfterStore' } as Fault],
	])('Get hit by %s: the record, after one more request', async (_label, fault) => {
		const sb = sandbox();
		const target = await createOne(sb);
		sb.inject({ match: { method: 'GET' }, fault });

		const run = await runOperation(sb, 'get', completionParameters, [target]);

		expect(run.error).toBeUndefined();
		expect(run.output.map((item) => item.json.id)).toEqual([target.completionId]);
		expect(sb.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
	});

	it.each([
		['502 (nothing deleted)', { type: 'status', status: 502 } as Fault, 200],
		['a lost answer after the delete was done', { type: 'resetAfterStore' } as Fault, 404],
	])(
		'Delete hit by %s: reported deleted, the record gone once',
		async (_label, fault, secondStatus) => {
			const sb = sandbox();
			const target = await createOne(sb);
			const other = await createOne(sb);
			sb.inject({ match: { method: 'DELETE' }, fault });

			const run = await runOperation(sb, 'delete', completionParameters, [target]);

			expect(run.error).toBeUndefined();
			expect(run.output.map((item) => item.json)).toEqual([
				{ deleted: true, id: target.completionId },
			]);
			const deletes = sb.requests.filter((request) => request.method === 'DELETE');
			expect(deletes.map((request) => request.status)).toEqual([
				fault.type === 'status' ? 502 : null,
				secondStatus,
			]);
			expect(sb.completions().map((record) => record.id)).toEqual([other.completionId]);
		},
	);

	it('a 404 names what was not found', async () => {
		const sb = sandbox();
		const run = await runOperation(
			sb,
			'get',
			completionParameters,
			[{ userId: sb.users[0].id, completionId: 'cmp_missing' }],
			'continueErrorOutput',
		);

		expect(run.errorOutput[0].json.error).toBe("[item 0] Completion 'cmp_missing' not found.");
		expect((run.errorOutput[0].error as { description?: string }).description).toContain(
			'Check the User and the Completion ID',
		);
	});
});

describe('Skip Existing', () => {
	it('two identical items in one run create one completion, the second output with its id', async () => {
		const sb = sandbox();
		const item = { userId: sb.users[3].id, course: 'twice' };

		const run = await runCreate(sb, [item, item], {
			options: { skipExisting: true, ...UNLIMITED },
		});

		expect(run.error).toBeUndefined();
		expect(sb.completions()).toHaveLength(1);
		const [first, second] = run.output.map((output) => output.json);
		expect(first).toMatchObject({ id: sb.completions()[0].id });
		expect(second).toMatchObject({ skipped: true, id: sb.completions()[0].id });
		expect(completionPosts(sb)).toHaveLength(1);
	});
});

/** A small seeded generator, so the random run is the same every time. */
function seeded(seed: number) {
	let state = seed;
	return () => {
		state = (state * 16807) % 2147483647;
		return (state - 1) / 2147483646;
	};
}
