import http from 'http';
import type { AddressInfo } from 'net';

import type { Fault } from '../sandbox';
import { credentialsFor, itemsFor, runCreate, untilSettled, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';
import { pairedIndex, secretsIn, tally } from './helpers/tally';

const sandbox = useSandbox();

/** Fast enough that the limiter stays out of the way unless a test is about it. */
const UNLIMITED = { maxRequestsPerMinute: 1e6 };

/** The checks every fault-injection run must pass, whatever the fault. */
function expectSoundRun(sb: Sandbox, run: Awaited<ReturnType<typeof runCreate>>, count: number) {
	const counts = tally(run, sb, count);
	expect(counts.itemsOut).toBe(count);
	expect(counts.ordered.map(pairedIndex)).toEqual(Array.from({ length: count }, (_, n) => n));
	counts.ordered.forEach((item, n) => {
		if (item.json.error === undefined) {
			expect(item.json.learning_object_external_reference).toBe(`course-${n}`);
		} else {
			expect(item.json.error).toMatch(new RegExp(`^\\[item ${n}\\] `));
		}
	});
	expect(counts.duplicates).toBe(0);
	// Every success is stored; a record the node did not report is allowed only where it said so.
	const stored = new Set(
		sb.completions().map((record) => record.learning_object_external_reference),
	);
	for (const item of counts.ordered) {
		if (item.json.error === undefined)
			expect(stored.has(item.json.learning_object_external_reference as string)).toBe(true);
	}
	expect(secretsIn(JSON.stringify(run.run), sb.apiKey)).toEqual([]);
	return counts;
}

describe('Delivery: rate limits are waited out, never failed', () => {
	it.each(['seconds', 'date', 'none', 'garbage'] as const)(
		'500 items through 429 bursts with Retry-After as %s: all land, once each',
		async (retryAfter) => {
			const sb = sandbox();
			for (const nth of [20, 150, 320]) {
				sb.inject({
					match: { method: 'POST', nth },
					times: 15,
					fault: { type: 'rateLimit', retryAfter, seconds: 1 },
				});
			}

			const run = await runCreate(
				sb,
				itemsFor(sb, 500),
				{ options: { batchSize: 25, ...UNLIMITED } },
				{ onError: 'continueErrorOutput' },
			);

			const counts = expectSoundRun(sb, run, 500);
			expect(counts).toMatchObject({ successes: 500, failures: 0, stored: 500, duplicates: 0 });
			expect(sb.state().counts.faultsFired.rateLimit).toBe(45);
		},
	);

	it('honours a real sliding-window limit: every item lands through the 429s', async () => {
		const sb = sandbox();
		sb.configure({ rateLimit: { limit: 40, windowMs: 1000 }, retryAfterForm: 'seconds' });

		const run = await runCreate(sb, itemsFor(sb, 200), {
			options: { batchSize: 20, ...UNLIMITED },
		});

		expect(run.error).toBeUndefined();
		expect(expectSoundRun(sb, run, 200)).toMatchObject({ successes: 200, stored: 200 });
		expect(sb.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
	});

	it.each([
		[0, 10],
		[80, 10],
		[700, 30],
	])(
		"keeps under a limit equal to StackOne's own (latency %i ms, Batch Size %i): no 429 at all",
		async (latencyMs, batchSize) => {
			const sb = sandbox();
			// A per-minute limit as a 3 s sliding window of the same rate: 1,200 a minute is 60 per
			// 3 s. Starts spaced exactly 50 ms apart would let a request that travels slower share a
			// window with the 60th after it and draw a 429: the limiter spaces them 4% wider, which
			// absorbs 4% of the window, 120 ms, of arrival jitter.
			sb.configure({ latencyMs, rateLimit: { limit: 60, windowMs: 3000 } });
			const run = await runCreate(sb, itemsFor(sb, 100), {
				options: { batchSize, maxRequestsPerMinute: 1200 },
			});

			expect(run.error).toBeUndefined();
			expect(expectSoundRun(sb, run, 100)).toMatchObject({ successes: 100, stored: 100 });
			expect(sb.requests.filter((request) => request.status === 429)).toHaveLength(0);
		},
	);

	it('retries a 408 after its Retry-After, and stores the completion once', async () => {
		const sb = sandbox();
		sb.inject({ match: { method: 'POST', nth: 3 }, fault: { type: 'timeout408', seconds: 1 } });

		const run = await runCreate(sb, itemsFor(sb, 6), { options: UNLIMITED });

		expect(run.error).toBeUndefined();
		expect(expectSoundRun(sb, run, 6)).toMatchObject({ successes: 6, stored: 6 });
		expect(sb.requests.filter((request) => request.status === 408)).toHaveLength(1);
	});

	it('fails an item that stays rate limited past Max Retries, saying what to change', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', nth: 2 },
			times: 3,
			fault: { type: 'rateLimit', retryAfter: 'seconds', seconds: 0 },
		});

		const run = await runCreate(
			sb,
			itemsFor(sb, 3),
			{ options: { batchSize: 1, maxRetries: 2, ...UNLIMITED } },
			{ onError: 'continueRegularOutput' },
		);

		const counts = expectSoundRun(sb, run, 3);
		expect(counts).toMatchObject({ successes: 2, failures: 1, stored: 2 });
		const failed = run.output[1];
		expect(failed.json.error).toMatch(/^\[item 1\] Too many requests/);
		expect((failed.error as { description?: string }).description).toMatch(
			/Rate limited: still HTTP 429 after 2 retries\. Lower Max Requests Per Minute/,
		);
		expect(sb.requests.filter((request) => request.status === 429)).toHaveLength(3);
	});

	it('fails at once when StackOne asks for a wait longer than Max Retry Wait', async () => {
		const sb = sandbox();
		sb.inject({ fault: { type: 'rateLimit', retryAfter: 'seconds', seconds: 300 } });

		const run = await runCreate(
			sb,
			itemsFor(sb, 1),
			{ options: { maxRetryWait: 120 } },
			{ onError: 'continueRegularOutput' },
		);

		expect((run.output[0].error as { description?: string }).description).toContain(
			'StackOne asked to wait 300 s, longer than Max Retry Wait (120 s)',
		);
		expect(sb.requests).toHaveLength(1);
	});
});

// With Verify Uncertain Creates on (the default), these are read back: delivery.unknown-outcomes.test.ts.
describe('Delivery: with Verify Uncertain Creates off, a create that may have reached StackOne is never sent twice', () => {
	const cases: Array<{
		label: string;
		fault: Fault;
		options?: object;
		stored: number;
		message: RegExp;
	}> = [
		{
			label: 'a 502',
			fault: { type: 'status', status: 502, message: 'Bad gateway.' },
			stored: 0,
			message: /^\[item 4\] Bad gateway\.$/,
		},
		{
			label: 'a reset after the record was stored',
			fault: { type: 'resetAfterStore' },
			stored: 1,
			message: /^\[item 4\] Could not reach StackOne: the connection was reset$/,
		},
		{
			label: 'a reset before anything was read',
			fault: { type: 'resetBeforeRead' },
			stored: 0,
			message: /^\[item 4\] Could not reach StackOne: the connection was reset$/,
		},
		{
			label: 'a 408',
			fault: { type: 'timeout408', seconds: 0 },
			stored: 0,
			message: /^\[item 4\] Request timed out/,
		},
		{
			label: 'an answer slower than Timeout',
			fault: { type: 'delay', ms: 1500 },
			options: { timeout: 1000 },
			stored: 1,
			message: /^\[item 4\] StackOne did not answer within 1000 ms$/,
		},
		{
			label: 'malformed JSON',
			fault: { type: 'malformedJson' },
			stored: 1,
			message:
				/^\[item 4\] StackOne answered HTTP 201 with a body that is not JSON: '\{"statusCode":201,/,
		},
	];

	it.each(cases)(
		'$label: the item fails saying the completion may or may not exist',
		async ({ fault, options, stored, message }) => {
			const sb = sandbox();
			sb.inject({ match: { method: 'POST', nth: 5 }, fault });

			const run = await runCreate(
				sb,
				itemsFor(sb, 10),
				{ options: { batchSize: 1, verifyUncertainCreates: false, ...UNLIMITED, ...options } },
				{ onError: 'continueErrorOutput' },
			);

			await untilSettled(sb);
			const counts = expectSoundRun(sb, run, 10);
			expect(counts).toMatchObject({
				successes: 9,
				failures: 1,
				stored: 9 + stored,
				duplicates: 0,
			});
			const [failed] = run.errorOutput;
			expect(pairedIndex(failed)).toBe(4);
			expect(failed.json.error).toMatch(message);
			expect((failed.error as { description?: string }).description).toContain(
				'The completion may or may not have been created',
			);
			// Sent once, never again: ten items, ten requests.
			expect(sb.requests).toHaveLength(10);
		},
	);

	it('retries a 502 with Retry Server Errors on, and stores it once', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', nth: 5 },
			times: 2,
			fault: { type: 'status', status: 502, message: 'Bad gateway.' },
		});

		const run = await runCreate(sb, itemsFor(sb, 10), {
			options: { batchSize: 1, retryServerErrors: true, ...UNLIMITED },
		});

		expect(run.error).toBeUndefined();
		expect(expectSoundRun(sb, run, 10)).toMatchObject({ successes: 10, stored: 10, duplicates: 0 });
		expect(sb.requests).toHaveLength(12);
	});

	it('treats a heartbeat body carrying an error as that error, and stores nothing', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', nth: 2 },
			fault: { type: 'heartbeatError', status: 500, message: 'Provider failed.' },
		});

		const run = await runCreate(
			sb,
			itemsFor(sb, 4),
			{ options: { heartbeat: true, batchSize: 1, verifyUncertainCreates: false, ...UNLIMITED } },
			{ onError: 'continueErrorOutput' },
		);

		expect(expectSoundRun(sb, run, 4)).toMatchObject({ successes: 3, failures: 1, stored: 3 });
		expect(run.errorOutput[0].json.error).toBe('[item 1] Provider failed.');
	});

	it('retries a connection that was refused (nothing was sent) until StackOne is back', async () => {
		const sb = sandbox();
		const port = await freePort();
		// Nothing listens on the port at first; a forwarder to the sandbox opens there after 700 ms.
		const forwarder = http.createServer((request, response) => {
			const upstream = http.request(
				`${sb.url}${request.url}`,
				{ method: request.method, headers: request.headers },
				(answer) => {
					response.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(response);
				},
			);
			request.pipe(upstream);
		});
		const opened = new Promise<void>((resolve) =>
			setTimeout(() => forwarder.listen(port, '127.0.0.1', resolve), 700),
		);
		try {
			const run = await runCreate(
				sb,
				itemsFor(sb, 3),
				{ options: UNLIMITED },
				{ credentials: credentialsFor(sb, { baseUrl: `http://127.0.0.1:${port}` }) },
			);
			expect(run.error).toBeUndefined();
			expect(expectSoundRun(sb, run, 3)).toMatchObject({ successes: 3, stored: 3 });
		} finally {
			await opened;
			await new Promise((resolve) => forwarder.close(resolve));
		}
	});
});

describe('Delivery: bad input at scale', () => {
	const invalid: Array<[Record<string, unknown>, string]> = [
		[{ userId: '' }, 'User is empty'],
		[{ course: '' }, 'Learning Object External Reference is empty'],
		[{ when: 'yesterday-ish' }, "Completed At is not a date StackOne can read: 'yesterday-ish'"],
		[
			{ spent: '90 minutes' },
			"Time Spent is neither an ISO 8601 duration nor a number of seconds: '90 minutes'",
		],
		[{ pct: 250 }, 'Score Percentage must be a number from 0 to 100, got 250'],
		[{ result: 'Passed' }, "Result must be Pass, Fail or unmapped_value, got 'Passed'"],
		[{ extra: '[1]' }, "Passthrough must be a JSON object, got '[1]'"],
		[{ extra: '{oops' }, 'Passthrough is not valid JSON'],
		[{ userId: '..' }, "User cannot be '..'"],
		[
			{ course: { nested: true } },
			'Learning Object External Reference must be text, got {"nested":true}',
		],
	];

	it('1,000 items, every tenth invalid in its own way: the valid ones land, each invalid one is named', async () => {
		const sb = sandbox();
		const items = itemsFor(sb, 1000).map((item, n) =>
			n % 10 === 9 ? { ...item, ...invalid[Math.floor(n / 10) % invalid.length][0] } : item,
		);

		const run = await runCreate(
			sb,
			items,
			{
				additionalFields: {
					completedAt: '={{ $json.when ?? "" }}',
					timeSpent: '={{ $json.spent ?? "" }}',
					scorePercentage: '={{ $json.pct ?? "" }}',
					result: '={{ $json.result ?? "" }}',
					passthrough: '={{ $json.extra ?? "" }}',
				},
				options: { batchSize: 50, ...UNLIMITED },
			},
			{ onError: 'continueErrorOutput' },
		);

		const counts = expectSoundRun(sb, run, 1000);
		expect(counts).toMatchObject({ successes: 900, failures: 100, stored: 900, duplicates: 0 });
		run.errorOutput.forEach((item) => {
			const n = pairedIndex(item);
			expect(n % 10).toBe(9);
			expect(item.json.error).toBe(
				`[item ${n}] ${invalid[Math.floor(n / 10) % invalid.length][1]}`,
			);
		});
	});
});

async function freePort(): Promise<number> {
	const probe = http.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}
