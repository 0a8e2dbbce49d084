'use strict';
// Virtual-time simulation of executions sharing one API key: the node's own compiled limiter
// (dist/, the real RequestLimiter, AnswerTimes, inFlightTarget and the per-process registry) under
// fake timers, against a model of the sandbox's sliding window (16 per 1 s, 429 with Retry-After
// in whole seconds, every answer after the latency). A minute of real time takes a second, so
// many seeds show the spread a few real runs cannot; `npm run bench` and
// test/delivery.adaptive.test.ts measure the real thing. Run `npm run build` first.
//
//   node bench/simulate.js [--executions 3] [--items 300] [--latency 500] [--seeds 20] [--one-process]
//     [--transport DIR]   another compiled transport/ folder, to try a change side by side

const path = require('path');
const FakeTimers = require('@sinonjs/fake-timers');

const LIMIT_PER_SECOND = 16;
const WINDOW_MS = 1000;
/** The node's default Max Requests Per Minute. */
const MAX_PER_MINUTE = 1000;
/** How often sendEachItem looks again at the in-flight target (runContext's RECHECK_MS). */
const RECHECK_MS = 100;

function parseArgs(argv) {
	const options = {
		executions: 3,
		items: 300,
		latency: 500,
		seeds: 20,
		stagger: 300,
		oneProcess: false,
		transport: path.join(__dirname, '..', 'dist', 'nodes', 'StackOneLms', 'transport'),
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i].replace(/^--/, '');
		if (flag === 'one-process') options.oneProcess = true;
		else if (flag === 'transport') options.transport = path.resolve(argv[++i]);
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

/** The sandbox's sliding window, on the fake clock: every admitted request counts, refused ones not. */
function slidingWindow() {
	const admitted = [];
	return (now) => {
		while (admitted.length && admitted[0] <= now - WINDOW_MS) admitted.shift();
		if (admitted.length >= LIMIT_PER_SECOND)
			return { ok: false, retryAfterMs: admitted[0] + WINDOW_MS - now };
		admitted.push(now);
		return { ok: true };
	};
}

/** The transport modules loaded anew from `folder`: a fresh registry, as a new process has it. */
function loadTransport(folder) {
	for (const id of Object.keys(require.cache)) if (id.startsWith(folder)) delete require.cache[id];
	const load = (name) => require(path.join(folder, name));
	return {
		...load('requestLimiter'),
		...load('answerTimes'),
		...load('inFlightTarget'),
		...load('sharedLimiters'),
	};
}

async function simulate(options, seed) {
	const clock = FakeTimers.install({ now: 1e6, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	const rand = random(seed);
	const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
	const server = slidingWindow();
	const answers = [];
	const createdAt = [];
	const finishedAt = [];
	const oneProcess = options.oneProcess ? loadTransport(options.transport) : undefined;

	async function execution() {
		await sleep(Math.floor(rand() * options.stagger));
		const transport = oneProcess ?? loadTransport(options.transport);
		const lease = transport.leaseLimiter('key', 'http://sandbox', MAX_PER_MINUTE);
		const delivery = { limiter: lease.limiter, answerTimes: new transport.AnswerTimes() };
		const sendOne = async () => {
			for (;;) {
				const ticket = await delivery.limiter.acquire();
				delivery.answerTimes.sent(ticket);
				await sleep(1 + Math.floor(rand() * 3));
				const answer = server(Date.now());
				answers.push(answer.ok);
				if (answer.ok) createdAt.push(Date.now());
				await sleep(options.latency + Math.floor(rand() * 20));
				delivery.answerTimes.answered(ticket);
				if (answer.ok) return delivery.limiter.answered(ticket);
				const waitMs = Math.ceil(answer.retryAfterMs / 1000) * 1000;
				delivery.limiter.rateLimited(ticket, waitMs);
				await sleep(waitMs);
			}
		};
		const running = new Set();
		for (let sent = 0; sent < options.items;) {
			if (running.size < transport.inFlightTarget(delivery)) {
				const sending = sendOne().finally(() => running.delete(sending));
				running.add(sending);
				sent++;
				continue;
			}
			await Promise.race([...running, sleep(RECHECK_MS)]);
		}
		await Promise.all(running);
		lease.release();
		finishedAt.push(Date.now());
	}

	let done = false;
	void Promise.all(Array.from({ length: options.executions }, execution)).then(() => (done = true));
	while (!done) await clock.tickAsync(50);
	clock.uninstall();

	const spanMs = Math.max(...createdAt) - Math.min(...createdAt);
	return {
		ratio: ((createdAt.length - 1) * 1000) / spanMs / LIMIT_PER_SECOND,
		rateLimitedShare: answers.filter((ok) => !ok).length / answers.length,
		finishSpreadS: (Math.max(...finishedAt) - Math.min(...finishedAt)) / 1000,
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
	console.log(
		`${options.executions} executions x ${options.items} items ${where}, latency ${options.latency} ms, ${options.seeds} seeds:`,
	);
	console.log(`  x the limit:      ${summary(runs.map((r) => r.ratio))}`);
	console.log(`  429 share:        ${summary(runs.map((r) => r.rateLimitedShare))}`);
	console.log(`  finish spread, s: ${summary(runs.map((r) => r.finishSpreadS))}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
