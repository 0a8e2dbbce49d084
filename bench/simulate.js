'use strict';
// Virtual-time simulation of executions sharing one API key: the node's own compiled send path
// (dist/: sendEachItem, stackOneApiRequest with its retries, the limiter, the in-flight target and
// the per-process registry) under fake timers, with n8n's HTTP helper answered by a model of the
// sandbox's sliding window (StackOne's 1,000 a minute, as 50 per 3 s by default like
// test/delivery.adaptive.test.ts and bench/plan.js; 429 with Retry-After in whole seconds, every
// answer after the latency). A minute of real time takes a second, so many seeds show the spread
// a few real runs cannot; `npm run bench` and test/delivery.adaptive.test.ts measure the real
// thing. Run `npm run build` first.
//
//   node bench/simulate.js [--executions 3] [--items 300] [--latency 500] [--seeds 20] [--one-process]
//     [--window 3000]  the sliding window in ms, 1,000 a minute in it (60000: StackOne's minute)
//     [--dist DIR]     another compiled dist/ folder, to try a change side by side

const path = require('path');
const FakeTimers = require('@sinonjs/fake-timers');

/** StackOne allows 1,000 requests a minute per API key. */
const LIMIT_PER_MINUTE = 1000;
/** How often sendEachItem looks again at the in-flight target (runContext's RECHECK_MS). */
const RECHECK_MS = 100;

function parseArgs(argv) {
	const options = {
		executions: 3,
		items: 300,
		latency: 500,
		seeds: 20,
		stagger: 300,
		window: 3000,
		oneProcess: false,
		dist: path.join(__dirname, '..', 'dist'),
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i].replace(/^--/, '');
		if (flag === 'one-process') options.oneProcess = true;
		else if (flag === 'dist') options.dist = path.resolve(argv[++i]);
		else if (flag in options) options[flag] = Number(argv[++i]);
		else throw new Error(`Unknown option ${argv[i]}`);
	}
	return options;
}

/** A small seeded generator, so a seed gives the same run every time. */
function random(seed) {
	let state = (seed * 7919 + 1) % 2147483647;
	return () => {
		state = (state * 16807) % 2147483647;
		return (state - 1) / 2147483646;
	};
}

/**
 * The sandbox's sliding window of `windowMs` allowing 1,000 a minute, on the fake clock: every
 * admitted request counts, refused ones not.
 */
function slidingWindow(windowMs) {
	const limit = (LIMIT_PER_MINUTE * windowMs) / 60000;
	const admitted = [];
	return (now) => {
		while (admitted.length && admitted[0] <= now - windowMs) admitted.shift();
		if (admitted.length >= limit)
			return { ok: false, retryAfterMs: admitted[0] + windowMs - now };
		admitted.push(now);
		return { ok: true };
	};
}

/**
 * The node's compiled modules loaded anew from `dist`: a fresh limiter registry, as a new process
 * has it.
 */
function loadNode(dist) {
	const folder = path.join(dist, 'nodes', 'StackOneLms');
	for (const id of Object.keys(require.cache)) if (id.startsWith(folder)) delete require.cache[id];
	const load = (name) => require(path.join(folder, name));
	return {
		...load('transport'),
		...load('transport/retryPolicy'),
		...load('transport/inFlightTarget'),
		...load('helpers/sendEachItem'),
	};
}

/**
 * What `this` is for the node's code: n8n's HTTP helper answered by the model server after a
 * network hop of 1 to 3 ms and the latency (jittered by up to 20 ms).
 */
function executeContext({ latency }, rand, server, sleep) {
	return {
		getNode: () => ({
			id: 'sim',
			name: 'StackOne LMS',
			type: 'sim',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		continueOnFail: () => false,
		helpers: {
			httpRequestWithAuthentication: async () => {
				await sleep(1 + Math.floor(rand() * 3));
				const answer = server(Date.now());
				await sleep(latency + Math.floor(rand() * 20));
				if (answer.ok)
					return { statusCode: 201, headers: {}, body: '{"statusCode":201,"data":{"id":"c"}}' };
				const retryAfter = String(Math.ceil(answer.retryAfterMs / 1000));
				return {
					statusCode: 429,
					headers: { 'retry-after': retryAfter },
					body: '{"statusCode":429}',
				};
			},
		},
	};
}

async function simulate(options, seed) {
	const clock = FakeTimers.install({ now: 1e6, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	const rand = random(seed);
	const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
	const answers = [];
	const createdAt = [];
	const window = slidingWindow(options.window);
	const server = (now) => {
		const answer = window(now);
		answers.push(answer.ok);
		if (answer.ok) createdAt.push(now);
		return answer;
	};
	const finishedAt = [];
	let failed = 0;
	const oneProcess = options.oneProcess ? loadNode(options.dist) : undefined;
	const credentials = { apiKey: 'key', accountId: 'account', baseUrl: 'http://sandbox' };

	async function execution() {
		await sleep(Math.floor(rand() * options.stagger));
		const node = oneProcess ?? loadNode(options.dist);
		const context = executeContext(options, rand, server, sleep);
		const delivery = node.openDelivery(credentials, node.DEFAULT_DELIVERY);
		const send = {
			inFlight: () => node.inFlightTarget(delivery),
			recheckMs: RECHECK_MS,
			batchSize: 10,
			batchInterval: 0,
		};
		const request = { method: 'POST', path: '/unified/lms/users/u/completions', body: {} };
		try {
			await node.sendEachItem(
				context,
				Array.from({ length: options.items }, () => ({ json: {} })),
				send,
				{
					prepare: () => request,
					send: async () =>
						await node.stackOneApiRequest.call(context, credentials, request, delivery),
				},
			);
		} catch {
			failed += 1;
		} finally {
			delivery.release();
		}
		finishedAt.push(Date.now());
	}

	let done = false;
	void Promise.all(Array.from({ length: options.executions }, execution)).then(() => (done = true));
	while (!done) await clock.tickAsync(50);
	clock.uninstall();

	const spanMs = Math.max(...createdAt) - Math.min(...createdAt);
	return {
		ratio: ((createdAt.length - 1) * 60000) / spanMs / LIMIT_PER_MINUTE,
		rateLimitedShare: answers.filter((ok) => !ok).length / answers.length,
		finishSpreadS: (Math.max(...finishedAt) - Math.min(...finishedAt)) / 1000,
		failed,
	};
}

function summary(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const f = (x) => x.toFixed(3);
	return `median ${f(sorted[Math.floor(sorted.length / 2)])} (${f(sorted[0])}-${f(sorted[sorted.length - 1])})`;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const runs = [];
	for (let seed = 1; seed <= options.seeds; seed++) runs.push(await simulate(options, seed));
	const where = options.oneProcess ? 'in one process' : 'each in its own process';
	const perWindow = +((LIMIT_PER_MINUTE * options.window) / 60000).toFixed(2);
	console.log(
		`${options.executions} executions x ${options.items} items ${where}, latency ${options.latency} ms, ` +
			`${perWindow} per ${options.window} ms window, ${options.seeds} seeds:`,
	);
	console.log(`  x the limit:      ${summary(runs.map((r) => r.ratio))}`);
	console.log(`  429 share:        ${summary(runs.map((r) => r.rateLimitedShare))}`);
	console.log(`  finish spread, s: ${summary(runs.map((r) => r.finishSpreadS))}`);
	console.log(`  executions failed: ${runs.reduce((sum, r) => sum + r.failed, 0)}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
