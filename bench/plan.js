'use strict';
// What the benchmark runs: the workloads (sandbox switches), and in each the cases (which client,
// at which concurrency, how many items), with each case's theoretical limit.

const BATCH_SIZES = [1, 5, 10, 25, 50];
const LATENCY_MS = 50;
/** StackOne allows 1,000 requests a minute per API key. */
const REAL_LIMIT_PER_MINUTE = 1000;

/**
 * The benchmark's workloads and cases.
 * - items: items per run (2,000); memoryItems: the large memory run (20,000);
 * - serialItems: items of the runs at concurrency 1 and 50 ms latency (500): at 20 requests a
 *   second, 2,000 items would take 100 s a run for the same steady rate;
 * - heapCapMB: the V8 old-space cap (--max-old-space-size) of the memory workload's capped runs;
 * - httpBatchSizes: the HTTP Request node's Items per Batch with Batch Interval 0. n8n 2.8.4's
 *   HttpRequestV3 only sleeps between batches when the interval is above 0, and never waits for a
 *   batch's answers, so with interval 0 every setting runs alike: all items' requests start as
 *   fast as the node can build them. One setting is measured and compared at every batch size;
 * - timeScale: the rate-limit workload runs `timeScale` times faster than real time: the sandbox
 *   allows 1,000 x timeScale / 60 requests per 1 s sliding window (StackOne's minute as a 6 s
 *   window, scaled; the limiter's 4% pacing margin absorbs 40 ms of arrival jitter in it), and
 *   our node is given Max Requests Per Minute 1,000 x timeScale (its default, scaled the same way);
 * - contentItems: the items of the content-upsert workload (issue 20, see contentUpsertWorkload).
 */
function benchPlan({
	items = 2000,
	memoryItems = 20000,
	serialItems = 500,
	heapCapMB = 256,
	timeScale = 6,
	batchSizes = BATCH_SIZES,
	httpBatchSizes = [50],
	rateBatchSizes = [10, 50],
	rateLatencyItems = 300,
	sharedKeyItems = 300,
	sharedKeyExecutions = 3,
	contentItems = 5000,
} = {}) {
	const perSecond = (REAL_LIMIT_PER_MINUTE * timeScale) / 60;
	const unlimited = 1e6;
	const workloads = [
		{
			name: 'latency-0',
			title: `${items} items, sandbox latency 0 ms, no rate limit`,
			switches: { latencyMs: 0, rateLimit: null },
			limit: () => null,
			cases: [],
		},
		{
			name: 'latency-50',
			title: `${items} items, sandbox latency ${LATENCY_MS} ms, no rate limit`,
			switches: { latencyMs: LATENCY_MS, rateLimit: null },
			limit: (concurrency) => (concurrency * 1000) / LATENCY_MS,
			cases: [],
		},
		{
			name: 'rate-limit',
			title:
				`${items} items, sandbox latency ${LATENCY_MS} ms, rate limit ${REAL_LIMIT_PER_MINUTE}/min scaled x${timeScale} ` +
				`= ${perSecond} requests per 1 s sliding window`,
			switches: { latencyMs: LATENCY_MS, rateLimit: { limit: perSecond, windowMs: 1000 } },
			limit: (concurrency) => Math.min((concurrency * 1000) / LATENCY_MS, perSecond),
			cases: [],
		},
		{
			name: 'memory',
			title: `memory: batchSize 50, latency 0 ms, ${items} and ${memoryItems} items`,
			switches: { latencyMs: 0, rateLimit: null },
			limit: () => null,
			cases: [],
		},
	];
	const [zero, fifty, rate, memory] = workloads;
	workloads.push(...realTimeWorkloads({ rateLatencyItems, sharedKeyItems, sharedKeyExecutions }));
	workloads.push(contentUpsertWorkload({ contentItems, timeScale, perSecond, rateWorkload: rate }));
	for (const workload of [zero, fifty]) {
		const count = (n) => (workload === fifty && n === 1 ? Math.min(items, serialItems) : items);
		for (const n of batchSizes) {
			workload.cases.push({
				kind: 'ours',
				concurrency: n,
				items: count(n),
				maxRequestsPerMinute: unlimited,
			});
			if (httpBatchSizes.includes(n))
				workload.cases.push({ kind: 'http', concurrency: n, items, batchInterval: 0 });
			workload.cases.push({ kind: 'plain', concurrency: n, items: count(n) });
		}
	}
	const [pacedSize] = rateBatchSizes;
	for (const n of rateBatchSizes) {
		rate.cases.push({
			kind: 'ours',
			concurrency: n,
			items,
			maxRequestsPerMinute: REAL_LIMIT_PER_MINUTE * timeScale,
		});
		if (n === pacedSize) {
			// What a user who did the arithmetic would set: n items every n / limit seconds.
			rate.cases.push({
				kind: 'http',
				concurrency: n,
				items,
				batchInterval: Math.round((n * 1000) / perSecond),
				paced: true,
			});
		}
		if (httpBatchSizes.includes(n))
			rate.cases.push({ kind: 'http', concurrency: n, items, batchInterval: 0 });
		rate.cases.push({ kind: 'plain', concurrency: n, items });
	}
	// Our node at 2,000 items and batch size 50, latency 0 is the latency-0 workload's case.
	memory.cases.push({
		kind: 'ours',
		concurrency: 50,
		items: memoryItems,
		maxRequestsPerMinute: unlimited,
	});
	for (const count of [items, memoryItems])
		memory.cases.push({ kind: 'noop', concurrency: null, items: count });
	// Peak RSS also holds garbage V8 has not collected yet; with the old space capped, n8n must
	// collect, and what is left is what the run really keeps.
	memory.cases.push({
		kind: 'ours',
		concurrency: 50,
		items: memoryItems,
		maxRequestsPerMinute: unlimited,
		heapCapMB,
	});
	memory.cases.push({ kind: 'noop', concurrency: null, items: memoryItems, heapCapMB });
	for (const workload of workloads) {
		for (const c of workload.cases) {
			c.workload = workload.name;
			// The HTTP Request node with interval 0 has no concurrency bound: no limit from latency.
			const unbounded =
				(c.concurrency === null && !c.defaults) ||
				(c.kind === 'http' && c.batchInterval === 0 && workload !== rate);
			c.limit = unbounded ? null : workload.limit(c.concurrency);
			c.label = caseLabel(c);
		}
	}
	return { workloads, timeScale, perSecond, latencyMs: LATENCY_MS, items, memoryItems };
}

/**
 * The real-time rate-latency and shared-key workloads model StackOne's minute as a 3 s sliding
 * window with the same average rate (50 in 3 s), so runs stay short. The limiter's 4% pacing
 * margin absorbs 4% of the window of arrival jitter: 120 ms here (2.4 s over StackOne's minute).
 */
const SANDBOX_WINDOW_MS = 3000;
const REAL_PER_WINDOW = (REAL_LIMIT_PER_MINUTE * SANDBOX_WINDOW_MS) / 60000;
/** Their limit a second, 1,000 / 60, the figure created/s is compared with. */
const REAL_PER_SECOND = REAL_LIMIT_PER_MINUTE / 60;
const REAL_WINDOW = `${REAL_PER_WINDOW} requests per ${SANDBOX_WINDOW_MS / 1000} s sliding window`;
const RATE_LATENCIES_MS = [50, 500, 1500, 3000];
const SHARED_KEY_LATENCY_MS = 500;

/**
 * Issue 10: in real time (not scaled), the sandbox allows 1,000 a minute as 50 requests per 3 s
 * sliding window (429 with Retry-After in seconds beyond it).
 * - rate-latency-<ms>: one execution of `rateLatencyItems` items at sandbox latency 50, 500, 1,500
 *   and 3,000 ms: our node with default options (the options object holds no batchSize and no
 *   Max Requests Per Minute: automatic Batch Size, 1,000 a minute), ours at Batch Size 10 (the old
 *   fixed default), and the HTTP Request node paced to the limit (10 items every 600 ms);
 * - shared-key: `sharedKeyExecutions` executions of `sharedKeyItems` items each, started at once on
 *   one credential (one API key) against one sandbox at 500 ms latency, each in its own
 *   `n8n execute` process: default options, and Batch Size 10 for comparison;
 * - shared-key-one-process: the same executions as webhook calls at once into one `n8n start`
 *   process (`trigger: 'webhook'`), where the node shares one rate limiter per API key.
 * Cases here have `defaults: true` (no Max Requests Per Minute set); `concurrency` is the Batch
 * Size set, null for the automatic one.
 */
function realTimeWorkloads({ rateLatencyItems, sharedKeyItems, sharedKeyExecutions }) {
	const rateLimit = { limit: REAL_PER_WINDOW, windowMs: SANDBOX_WINDOW_MS };
	const limit = () => REAL_PER_SECOND;
	const result = RATE_LATENCIES_MS.map((latencyMs) => ({
		name: `rate-latency-${latencyMs}`,
		title: `rate-latency: ${rateLatencyItems} items, sandbox latency ${latencyMs} ms, rate limit ${REAL_WINDOW} (real time)`,
		switches: { latencyMs, rateLimit, retryAfterForm: 'seconds' },
		limit,
		realTime: true,
		cases: [
			{ kind: 'ours', concurrency: null, items: rateLatencyItems, defaults: true },
			{ kind: 'ours', concurrency: 10, items: rateLatencyItems, defaults: true },
			{
				kind: 'http',
				concurrency: 10,
				items: rateLatencyItems,
				batchInterval: Math.round((10 * 1000) / REAL_PER_SECOND),
				paced: true,
			},
		],
	}));
	const sharedKey = (name, how, trigger) => ({
		name,
		title: `${name}: ${sharedKeyExecutions} executions of ${sharedKeyItems} items started at once on one API key ${how}, sandbox latency ${SHARED_KEY_LATENCY_MS} ms, rate limit ${REAL_WINDOW} (real time)`,
		switches: { latencyMs: SHARED_KEY_LATENCY_MS, rateLimit, retryAfterForm: 'seconds' },
		limit,
		realTime: true,
		cases: [null, 10].map((concurrency) => ({
			kind: 'ours',
			concurrency,
			items: sharedKeyItems,
			executions: sharedKeyExecutions,
			defaults: true,
			...(trigger ? { trigger } : {}),
		})),
	});
	result.push(
		sharedKey('shared-key', 'in separate `n8n execute` processes'),
		sharedKey('shared-key-one-process', 'as webhook calls into one `n8n start` process', 'webhook'),
	);
	return result;
}

/**
 * Issue 20: `contentItems` learning objects, each its own external reference, through Content >
 * Create or Update, at the rate-limit workload's latency (50 ms), under StackOne's own limit scaled
 * in time: 1,000 requests per sliding window of 60 s / timeScale (a minute at --scale 1, 10 s at
 * x6; the limit stays a whole number at any scale, which 1,000 x timeScale / 60 a second is not):
 * our node at its default Batch Size (items per request, batch endpoint) and at Batch Size 1 (PUT
 * per item), both with Max Requests Per Minute 1,000 x timeScale, and the HTTP Request node doing
 * PUT per item, paced to the limit (10 items every 10 / limit seconds). `itemsPerRequest` null:
 * the option left unset (the node's default).
 */
function contentUpsertWorkload({ contentItems, timeScale, perSecond, rateWorkload }) {
	const base = { operation: 'upsert', items: contentItems };
	const ours = (itemsPerRequest) => ({
		...base,
		kind: 'ours',
		concurrency: null,
		itemsPerRequest,
		maxRequestsPerMinute: REAL_LIMIT_PER_MINUTE * timeScale,
		scaledDefault: true,
	});
	const windowMs = 60000 / timeScale;
	const window = windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${+windowMs.toFixed(3)} ms`;
	const scaled = timeScale === 1 ? '(real time)' : `scaled x${timeScale}`;
	return {
		name: 'content-upsert',
		title: `content-upsert: ${contentItems} content items (Content > Create or Update), sandbox latency ${LATENCY_MS} ms, rate limit ${REAL_LIMIT_PER_MINUTE}/min ${scaled} = ${REAL_LIMIT_PER_MINUTE} requests per ${window} sliding window (issue 20)`,
		switches: {
			...rateWorkload.switches,
			rateLimit: { limit: REAL_LIMIT_PER_MINUTE, windowMs },
		},
		limit: () => perSecond,
		cases: [
			ours(null),
			ours(1),
			{
				...base,
				kind: 'http',
				concurrency: 10,
				batchInterval: Math.round((10 * 1000) / perSecond),
				paced: true,
			},
		],
	};
}

function caseLabel(c) {
	if (c.defaults) {
		const size = c.concurrency === null ? 'default options' : `batchSize=${c.concurrency}`;
		const runs = c.executions > 1 ? ` x${c.executions} executions` : '';
		return `${c.workload} ours ${size} items=${c.items}${runs}`;
	}
	const cap = c.heapCapMB ? ` heapCap=${c.heapCapMB}MB` : '';
	const what = {
		ours: c.operation
			? `ours ${c.operation} itemsPerRequest=${c.itemsPerRequest === null ? 'default' : c.itemsPerRequest} maxPerMinute=${c.maxRequestsPerMinute}`
			: `ours batchSize=${c.concurrency}${c.maxRequestsPerMinute < 1e6 ? ` maxPerMinute=${c.maxRequestsPerMinute}` : ''}${cap}`,
		http: `http${c.operation ? ` ${c.operation}` : ''} batch=${c.concurrency} interval=${c.batchInterval}ms`,
		plain: `plain concurrency=${c.concurrency}`,
		noop: `noop (n8n alone)${cap}`,
	}[c.kind];
	return `${c.workload} ${what} items=${c.items}`;
}

/**
 * The n8n workflow id of a case (at most 21 characters); the same workflow serves every workload
 * with the same trigger.
 */
function workflowId(c) {
	switch (c.kind) {
		case 'ours':
			if (c.operation)
				return `bUps${c.itemsPerRequest === null ? 'D' : c.itemsPerRequest}r${c.maxRequestsPerMinute}n${c.items}`;
			if (c.defaults) {
				const what = c.trigger === 'webhook' ? 'bHookD' : 'bOursD';
				return `${what}${c.concurrency === null ? 'A' : c.concurrency}n${c.items}`;
			}
			return `bOurs${c.concurrency}r${c.maxRequestsPerMinute >= 1e6 ? 'x' : c.maxRequestsPerMinute}n${c.items}`;
		case 'http':
			return `bHttp${c.operation ? 'Put' : ''}${c.concurrency}i${c.batchInterval}n${c.items}`;
		case 'noop':
			return `bNoop${c.items}`;
		default:
			return null;
	}
}

module.exports = {
	BATCH_SIZES,
	LATENCY_MS,
	RATE_LATENCIES_MS,
	REAL_LIMIT_PER_MINUTE,
	REAL_PER_SECOND,
	SANDBOX_WINDOW_MS,
	benchPlan,
	workflowId,
};
