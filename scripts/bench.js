#!/usr/bin/env node
'use strict';
// npm run bench: the same completions through a real n8n against the StackOne sandbox, side by
// side: our node at several batch sizes, n8n's HTTP Request node built by hand with its Batching
// option, and a plain Node.js HTTP loop as the ceiling; throughput from the sandbox's own request
// log, memory from /proc. Cases run with `n8n execute`, except the webhook ones (shared-key-one-
// process), which run as webhook calls into one `n8n start`. Writes bench/results/latest.{md,json}
// and throughput.svg.
//
//   node scripts/bench.js [--items N] [--memory-items N] [--content-items N] [--reps N] [--scale X]
//                         [--only REGEX] [--out DIR]

const fs = require('fs');
const os = require('os');
const path = require('path');

const harness = require('../e2e/harness');
const { startSandbox } = require('../sandbox');
const { benchPlan, workflowId } = require('../bench/plan');
const { contentStats, pollProcessTree, sandboxStats } = require('../bench/measure');
const { runPlainClient } = require('../bench/plain-client');
const workflows = require('../bench/workflows');
const report = require('../bench/report');

const USAGE = `Usage: node scripts/bench.js [options]

  --items N          items per run (default 2000)
  --memory-items N   items of the large memory run (default 20000)
  --serial-items N   items of the concurrency-1 runs at 50 ms latency (default 500; 20/s at best)
  --content-items N  items of the content-upsert workload (default 5000)
  --reps N           repetitions of every case; medians are reported (default 3)
  --scale X          time scale of the rate-limit and content-upsert workloads (default 6: 1,000/min
                     becomes 100/s)
  --only REGEX       run only the cases whose label matches (e.g. 'latency-50 ours')
  --out DIR          where results go (default bench/results)
  --rerender         only rewrite the reports from DIR/latest.json (no runs)`;

function parseArgs(argv) {
	const options = {
		items: 2000,
		memoryItems: 20000,
		serialItems: 500,
		contentItems: 5000,
		reps: 3,
		scale: 6,
		only: null,
		out: path.join(__dirname, '..', 'bench', 'results'),
	};
	const numbers = {
		'--items': 'items',
		'--memory-items': 'memoryItems',
		'--serial-items': 'serialItems',
		'--content-items': 'contentItems',
		'--reps': 'reps',
		'--scale': 'scale',
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (numbers[flag]) {
			const n = Number(value());
			if (!(n > 0)) throw new Error(`${flag} needs a positive number\n\n${USAGE}`);
			options[numbers[flag]] = n;
		} else if (flag === '--only') options.only = new RegExp(value());
		else if (flag === '--out') options.out = path.resolve(value());
		else if (flag === '--rerender') options.rerender = true;
		else if (flag === '-h' || flag === '--help') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
	}
	return options;
}

const started = Date.now();
function log(message) {
	const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
	console.log(`[bench ${seconds}s] ${message}`);
}

const MB = 1024 * 1024;

/** The machine's 1-minute load average: other work on the 2 cores shows up here. */
function loadAverage() {
	return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** Every workflow the plan needs, keyed by id (one workflow serves every workload it appears in). */
function planWorkflows(plan, sandbox) {
	const userIds = workflows.ordinaryUserIds(sandbox);
	const byId = new Map();
	for (const workload of plan.workloads) {
		for (const c of workload.cases) {
			const id = workflowId(c);
			if (!id || byId.has(id)) continue;
			const upsert = c.operation === 'upsert';
			const underTest = {
				ours: () =>
					upsert
						? workflows.contentUpsertNode(c)
						: workflows.ourNode({
								batchSize: c.concurrency,
								maxRequestsPerMinute: c.maxRequestsPerMinute,
							}),
				http: () =>
					workflows.httpRequestNode({
						sandbox,
						batchSize: c.concurrency,
						batchInterval: c.batchInterval,
						operation: c.operation,
					}),
				noop: () => workflows.noOpNode(),
			}[c.kind]();
			byId.set(
				id,
				workflows.benchWorkflow({
					id,
					name: `Bench ${c.label}`,
					items: c.items,
					userIds,
					underTest,
					trigger: c.trigger,
					maker: upsert ? workflows.makeContentItem : undefined,
				}),
			);
		}
	}
	return [...byId.values()];
}

/**
 * Runs `fn` with NODE_OPTIONS extended by `flags` (the harness hands this process's environment
 * to n8n, so this reaches `n8n execute` and its task runner only while fn runs).
 */
async function withNodeOptions(flags, fn) {
	if (!flags) return await fn();
	const before = process.env.NODE_OPTIONS;
	process.env.NODE_OPTIONS = [before, flags].filter(Boolean).join(' ');
	try {
		return await fn();
	} finally {
		if (before === undefined) delete process.env.NODE_OPTIONS;
		else process.env.NODE_OPTIONS = before;
	}
}

/** How many executions a case ran, how many succeeded, and the errors of the others. */
function executionCounts(executions) {
	return {
		executions: executions.length,
		executionsOk: executions.filter((e) => e.ok).length,
		executionErrors:
			executions.length > 1 ? executions.filter((e) => !e.ok).map((e) => e.error) : undefined,
	};
}

/**
 * How long `n8n execute` may take for a case of `workload`: the harness's CLI timeout, plus, under a
 * sandbox rate limit, twice the time one request per item takes at that limit (content-upsert at
 * --scale 1: 5,000 PUTs at 1,000 a minute are 5 minutes alone).
 */
function executeTimeoutMs(workload, c) {
	const base = harness.CLI_TIMEOUT_MS;
	const rateLimit = workload.switches.rateLimit;
	if (!rateLimit) return base;
	const requests = c.items * (c.executions || 1);
	return base + Math.ceil((2 * requests * rateLimit.windowMs) / rateLimit.limit);
}

/** Runs one n8n case with `n8n execute` and measures it. */
async function runN8nCase(n8n, sandbox, c, timeoutMs) {
	const poller = pollProcessTree();
	const t0 = Date.now();
	const flags = c.heapCapMB ? `--max-old-space-size=${c.heapCapMB}` : null;
	// Several executions (shared-key): separate `n8n execute` processes of the same workflow on the
	// same user folder and credential (one API key), started at once.
	const results = await withNodeOptions(flags, () =>
		Promise.all(
			Array.from({ length: c.executions || 1 }, () => n8n.execute(workflowId(c), { timeoutMs })),
		),
	);
	const wallMs = Date.now() - t0;
	const executions = results.map((r) => ({
		code: r.code,
		ok: r.code === 0 && Boolean(r.run) && !harness.runError(r.run),
		error: r.run
			? harness.runError(r.run) || null
			: r.code === 0
				? null
				: r.stderr.trim().split('\n').slice(-3).join(' '),
	}));
	const [result] = results;
	const memory = poller.stop();
	// `n8n execute` can exit before its stdout pipe has drained: with large runs (20,000 items) the
	// run's JSON is then cut short though the run succeeded (exit 0). Such a run counts by its exit
	// code, and its items by what the sandbox stored.
	const outputMissing = !result.run && result.code === 0;
	const runError = result.run
		? harness.runError(result.run)
		: outputMissing
			? null
			: `no run output (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`;
	let outputItems = 0;
	let nodeMs = null;
	let nodeStartedAt = null;
	const runs = result.run && result.run.data.resultData.runData[workflows.UNDER_TEST];
	if (runs) {
		nodeMs = runs[0].executionTime;
		nodeStartedAt = runs[0].startTime;
		const main = (runs[0].data && runs[0].data.main) || [];
		outputItems = (main[0] || []).length;
	}
	return {
		...executionCounts(executions),
		runOk: results.length > 1 ? executions.every((e) => e.ok) : result.code === 0 && !runError,
		runError: runError || null,
		outputMissing,
		outputItems: outputMissing ? null : outputItems,
		nodeMs,
		nodeStartedAt,
		wallMs,
		mainPeakBytes: memory.mainPeak,
		treePeakBytes: memory.treePeak,
		memorySamples: memory.samples,
	};
}

/** One POST to a bench webhook; resolves when n8n answers, after the workflow's last node. */
async function callWebhook(server, id) {
	try {
		const response = await fetch(`${server.url}/webhook/${workflows.webhookPath(id)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		const text = await response.text();
		let answer = null;
		try {
			answer = JSON.parse(text);
		} catch {
			// not JSON
		}
		const failed = response.status !== 200 || Boolean(answer && answer.error);
		return {
			code: response.status,
			ok: !failed,
			error: failed ? `HTTP ${response.status}: ${text.slice(0, 200)}` : null,
		};
	} catch (error) {
		return { code: null, ok: false, error: error.message };
	}
}

/**
 * Runs one webhook case: `c.executions` calls at once into one `n8n start` process, so its
 * executions share the process (and the node's rate limiter per API key). Memory is not measured:
 * the server's peak includes everything it ran before.
 */
async function runWebhookCase(server, c) {
	const t0 = Date.now();
	const executions = await Promise.all(
		Array.from({ length: c.executions || 1 }, () => callWebhook(server, workflowId(c))),
	);
	const failed = executions.find((e) => !e.ok);
	return {
		...executionCounts(executions),
		runOk: !failed,
		runError: failed ? failed.error : null,
		outputMissing: false,
		outputItems: null,
		nodeMs: null,
		wallMs: Date.now() - t0,
		mainPeakBytes: null,
		treePeakBytes: null,
	};
}

/**
 * `n8n start` for the webhook cases: started when one comes (and kept for the next), stopped when
 * another kind of case comes, since those measure memory over every child process of the bench.
 * `ids` are the webhook workflows, published already.
 */
function webhookServer(n8n, ids) {
	let server = null;
	const stop = async () => {
		const running = server;
		server = null;
		if (running) await running.stop();
	};
	const forCase = async (c) => {
		if (c.trigger !== 'webhook') {
			await stop();
			return null;
		}
		if (!server) {
			const t0 = Date.now();
			server = await harness.N8nServer.start(n8n);
			for (const id of ids) await server.waitForWebhook(workflows.webhookPath(id));
			log(
				`n8n start on ${server.url} for the webhook cases (up in ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
			);
		}
		return server;
	};
	return { forCase, stop };
}

/** Runs the plain client loop in a worker thread. */
async function runPlainCase(sandbox, c, rep) {
	const userIds = workflows.ordinaryUserIds(sandbox);
	const items = Array.from({ length: c.items }, (_, i) =>
		workflows.makeItem(i, userIds, `plain-${rep}`),
	);
	const t0 = Date.now();
	const result = await runPlainClient({
		url: sandbox.url,
		authHeader: sandbox.authHeader,
		accountId: sandbox.accountId,
		items,
		concurrency: c.concurrency,
	});
	return {
		runOk: result.failed === 0,
		runError: result.failed ? `statuses ${JSON.stringify(result.statuses)}` : null,
		outputItems: result.created,
		nodeMs: null,
		wallMs: Date.now() - t0,
		mainPeakBytes: null,
		treePeakBytes: null,
	};
}

function describe(run) {
	const parts = [];
	if (run.kind !== 'noop') {
		parts.push(`${run.itemsPerSecond === null ? '-' : run.itemsPerSecond.toFixed(1)}/s`);
		if (run.limit) parts.push(`limit ${run.limit}/s`);
		parts.push(`stored ${run.stored}/${run.items * (run.executions || 1)}`);
		if (run.rateLimited) parts.push(`429s ${run.rateLimited}`);
		if (run.duplicates) parts.push(`duplicates ${run.duplicates}`);
		parts.push(`in flight <= ${run.maxInFlight}`);
	}
	if (run.writes !== undefined)
		parts.push(
			`${run.posts} requests, ${run.writes} item writes, ${run.wrong} wrong, node ${run.nodeMs === null ? '-' : (run.nodeMs / 1000).toFixed(1)} s`,
		);
	if (run.posts && run.rateLimited)
		parts.push(`429 share ${((run.rateLimited / run.posts) * 100).toFixed(1)}%`);
	if (run.executions > 1) parts.push(`executions ok ${run.executionsOk}/${run.executions}`);
	if (run.mainPeakBytes)
		parts.push(
			`rss ${(run.mainPeakBytes / MB).toFixed(0)} MB (tree ${(run.treePeakBytes / MB).toFixed(0)} MB)`,
		);
	if (run.outputMissing) parts.push('run JSON cut short on stdout (exit 0)');
	if (!run.runOk) parts.push(`FAILED: ${String(run.runError).split('\n')[0].slice(0, 120)}`);
	parts.push(`(${(run.wallMs / 1000).toFixed(1)} s)`);
	return parts.join(', ');
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.rerender) {
		const data = JSON.parse(fs.readFileSync(path.join(options.out, 'latest.json'), 'utf8'));
		const { plan, date, runs, loads, reps, elapsedS, n8nVersion, node, cpus } = data;
		const files = report.writeReports(options.out, {
			plan,
			date,
			runs,
			loads,
			reps,
			elapsedS,
			n8nVersion,
			node,
			cpus,
		});
		log(`rewrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
		return;
	}
	const plan = benchPlan({
		items: options.items,
		memoryItems: options.memoryItems,
		serialItems: options.serialItems,
		contentItems: options.contentItems,
		timeScale: options.scale,
	});
	const workloads = plan.workloads
		.map((workload) => ({
			...workload,
			cases: workload.cases.filter((c) => !options.only || options.only.test(c.label)),
		}))
		.filter((workload) => workload.cases.length > 0);
	const total = workloads.reduce((sum, workload) => sum + workload.cases.length, 0) * options.reps;
	const webhookIds = [
		...new Set(
			workloads
				.flatMap((workload) => workload.cases)
				.filter((c) => c.trigger === 'webhook')
				.map(workflowId),
		),
	];
	log(
		`${total} runs: ${workloads.map((w) => `${w.name} (${w.cases.length} cases)`).join(', ')}, ${options.reps} repetitions each`,
	);
	if (loadAverage() > 0.5)
		log(
			`note: the machine's load average is ${loadAverage()}: other work shares the cores, and the figures will be noisier`,
		);
	for (const w of workloads.filter((w) => w.name === 'rate-limit' || w.name === 'content-upsert')) {
		const { limit, windowMs } = w.switches.rateLimit;
		log(
			`${w.name}: time scaled x${plan.timeScale}: 1,000 requests/min becomes ${limit} per ${+(windowMs / 1000).toFixed(3)} s sliding window; our node gets Max Requests Per Minute ${1000 * plan.timeScale}`,
		);
	}

	const sandbox = await startSandbox({ quiet: true, users: 60 });
	const n8n = await harness.N8nInstance.create({ log });
	const server = webhookServer(n8n, webhookIds);
	const cleanUp = async () => {
		await server.stop().catch(() => undefined);
		await sandbox.close().catch(() => undefined);
		n8n.dispose();
	};
	process.on('SIGINT', () => cleanUp().then(() => process.exit(130)));
	try {
		log(
			`n8n ${harness.pinnedVersion()} with the packed package in ${n8n.userFolder}; sandbox ${sandbox.url}`,
		);
		const needed = planWorkflows({ workloads }, sandbox);
		await n8n.importCredentials(workflows.benchCredentials(sandbox));
		if (needed.length) await n8n.importWorkflows(needed);
		log(`imported ${needed.length} workflows and 2 credentials`);
		for (const id of webhookIds) await n8n.activateWorkflow(id);
		if (webhookIds.length) log(`published the webhook workflows ${webhookIds.join(', ')}`);

		const runs = [];
		const loads = [];
		let done = 0;
		// Repetitions outermost: every case's k-th run comes from the same stretch of time.
		for (let rep = 1; rep <= options.reps; rep++) {
			for (const workload of workloads) {
				for (const c of workload.cases) {
					const running = await server.forCase(c);
					sandbox.reset();
					sandbox.configure(workload.switches);
					loads.push(loadAverage());
					const measured = running
						? await runWebhookCase(running, c)
						: c.kind === 'plain'
							? await runPlainCase(sandbox, c, rep)
							: await runN8nCase(n8n, sandbox, c, executeTimeoutMs(workload, c));
					const stats =
						c.operation === 'upsert'
							? contentStats(sandbox, c.items, workflows.makeContentItem)
							: sandboxStats(sandbox);
					const run = {
						...c,
						rep,
						...stats,
						...measured,
						failed:
							c.kind === 'noop'
								? 0
								: c.items * (c.executions || 1) - (stats.stored - stats.duplicates),
					};
					runs.push(run);
					done++;
					log(`[${done}/${total}] rep ${rep} ${c.label}: ${describe(run)}`);
				}
			}
		}
		sandbox.reset();
		const elapsedS = (Date.now() - started) / 1000;
		const files = report.writeReports(options.out, {
			plan: {
				...plan,
				workloads: workloads.map(({ name, title, switches }) => ({ name, title, switches })),
			},
			date: new Date().toISOString(),
			runs,
			loads,
			reps: options.reps,
			elapsedS,
			n8nVersion: harness.pinnedVersion(),
			node: process.version,
			cpus: os.cpus().length,
		});
		log(
			`done in ${(elapsedS / 60).toFixed(1)} min; wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`,
		);
	} finally {
		await cleanUp();
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`bench: ${error.stack || error.message}`);
		process.exit(1);
	});
}

module.exports = { parseArgs };
