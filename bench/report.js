'use strict';
// Turns the benchmark's runs into medians per case, the target verdicts, and the three files:
// bench/results/latest.md (tables), latest.json (everything, raw runs included) and
// throughput.svg (a hand-written chart of throughput against batch size at 50 ms latency).

const fs = require('fs');
const path = require('path');

const MB = 1024 * 1024;

function median(values) {
	const sorted = values
		.filter((v) => typeof v === 'number' && Number.isFinite(v))
		.sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of one measure over a case's repetitions (null when never measured). */
function spread(runs, pick) {
	const values = runs.map(pick).filter((v) => typeof v === 'number' && Number.isFinite(v));
	if (values.length === 0) return null;
	return {
		median: median(values),
		min: Math.min(...values),
		max: Math.max(...values),
		n: values.length,
	};
}

/**
 * A run whose `n8n execute` exited 0 but whose JSON was cut short on stdout succeeded: n8n can
 * exit before its stdout pipe drains. Results written before the bench said so carry it as an
 * error message; read them the same way.
 */
function normalize(run) {
	if (run.outputMissing === undefined && /^no run output \(exit 0\)/.test(run.runError || '')) {
		return { ...run, runOk: true, runError: null, outputMissing: true, outputItems: null };
	}
	return run;
}

/** One summary per case (label), in the order the cases ran. */
function summarize(allRuns) {
	const runs = allRuns.map(normalize);
	const byLabel = new Map();
	for (const run of runs) {
		if (!byLabel.has(run.label)) byLabel.set(run.label, []);
		byLabel.get(run.label).push(run);
	}
	const cases = [...byLabel.values()].map((group) => {
		const [first] = group;
		return {
			label: first.label,
			workload: first.workload,
			kind: first.kind,
			concurrency: first.concurrency,
			batchInterval: first.batchInterval === undefined ? null : first.batchInterval,
			paced: Boolean(first.paced),
			maxRequestsPerMinute:
				first.maxRequestsPerMinute === undefined ? null : first.maxRequestsPerMinute,
			scaledDefault: Boolean(first.scaledDefault),
			heapCapMB: first.heapCapMB || null,
			operation: first.operation || null,
			itemsPerRequest: first.itemsPerRequest === undefined ? null : first.itemsPerRequest,
			items: first.items,
			limit: first.limit,
			reps: group.length,
			runsFailed: group.filter((run) => !run.runOk).length,
			outputMissing: group.filter((run) => run.outputMissing).length,
			runError: (group.find((run) => run.runError) || {}).runError || null,
			itemsPerSecond: spread(group, (run) => run.itemsPerSecond),
			failed: spread(group, (run) => run.failed),
			stored: spread(group, (run) => run.stored),
			duplicates: spread(group, (run) => run.duplicates),
			rateLimited: spread(group, (run) => run.rateLimited),
			posts: spread(group, (run) => run.posts),
			writes: spread(group, (run) => run.writes),
			wrong: spread(group, (run) => run.wrong),
			executions: first.executions || 1,
			executionsOk: spread(group, (run) =>
				run.executionsOk === undefined ? null : run.executionsOk,
			),
			defaults: Boolean(first.defaults),
			maxInFlight: spread(group, (run) => run.maxInFlight),
			mainPeakMB: spread(group, (run) => (run.mainPeakBytes ? run.mainPeakBytes / MB : null)),
			treePeakMB: spread(group, (run) => (run.treePeakBytes ? run.treePeakBytes / MB : null)),
			nodeSeconds: spread(group, (run) =>
				run.nodeMs === null || run.nodeMs === undefined ? null : run.nodeMs / 1000,
			),
			wallSeconds: spread(group, (run) => run.wallMs / 1000),
			// From the node's start (n8n's run data) to the sandbox's first request: reading the items.
			firstRequestSeconds: spread(group, (run) =>
				run.nodeStartedAt && run.firstRequestAt
					? (run.firstRequestAt - run.nodeStartedAt) / 1000
					: null,
			),
		};
	});
	for (const c of cases) {
		const rate = c.itemsPerSecond && c.itemsPerSecond.median;
		c.ratioToLimit = rate !== null && rate !== undefined && c.limit ? rate / c.limit : null;
		const http = httpReference(cases, c);
		c.httpReference = http ? http.label : null;
		const httpRate = http && http.itemsPerSecond ? http.itemsPerSecond.median : null;
		c.ratioToHttp =
			c.kind !== 'http' && c.kind !== 'noop' && rate && httpRate ? rate / httpRate : null;
	}
	return cases;
}

/**
 * The HTTP Request node case to compare a case with: one of the same workload whose runs did not
 * fail, preferring interval 0 and the same Items per Batch (with interval 0 the setting has no
 * effect); under the rate limit that is the one paced to the limit.
 */
function httpReference(cases, c) {
	const candidates = cases.filter(
		(o) => o.workload === c.workload && o.kind === 'http' && o.runsFailed === 0,
	);
	const score = (o) => (o.batchInterval === 0 ? 2 : 0) + (o.concurrency === c.concurrency ? 1 : 0);
	return candidates.sort((a, b) => score(b) - score(a))[0] || null;
}

function find(cases, workload, kind, concurrency, extra = () => true) {
	return cases.find(
		(c) =>
			c.workload === workload &&
			c.kind === kind &&
			(concurrency === undefined || c.concurrency === concurrency) &&
			extra(c),
	);
}

/**
 * Memory flatness: peak RSS at the small and large item counts, ours and n8n alone (a no-op node
 * in its place), and at the large count with V8's old space capped (what the run really keeps).
 */
function memorySummary(cases) {
	const uncapped = (c) => !c.heapCapMB;
	const capped = (c) => Boolean(c.heapCapMB);
	const oursSmall = find(cases, 'latency-0', 'ours', 50);
	const oursLarge = find(cases, 'memory', 'ours', 50, uncapped);
	if (!oursSmall || !oursLarge || !oursSmall.mainPeakMB || !oursLarge.mainPeakMB) return null;
	const noopSmall =
		find(cases, 'memory', 'noop', undefined, (c) => uncapped(c) && c.items === oursSmall.items) ||
		null;
	const noopLarge =
		find(cases, 'memory', 'noop', undefined, (c) => uncapped(c) && c.items === oursLarge.items) ||
		null;
	const oursCapped = find(cases, 'memory', 'ours', 50, capped) || null;
	const noopCapped =
		find(cases, 'memory', 'noop', undefined, (c) => capped(c) && c.items === oursLarge.items) ||
		null;
	const extra = oursLarge.items - oursSmall.items;
	const perItemKB = (small, large) =>
		small && large && small.mainPeakMB && large.mainPeakMB
			? ((large.mainPeakMB.median - small.mainPeakMB.median) * 1024) / extra
			: null;
	const cappedOk =
		oursCapped &&
		noopCapped &&
		oursCapped.mainPeakMB &&
		noopCapped.mainPeakMB &&
		oursCapped.failed &&
		oursCapped.failed.max === 0 &&
		oursCapped.runsFailed === 0;
	return {
		smallItems: oursSmall.items,
		largeItems: oursLarge.items,
		ours: {
			small: oursSmall.mainPeakMB,
			large: oursLarge.mainPeakMB,
			smallTree: oursSmall.treePeakMB,
			largeTree: oursLarge.treePeakMB,
		},
		noop:
			noopSmall && noopLarge ? { small: noopSmall.mainPeakMB, large: noopLarge.mainPeakMB } : null,
		oursDifferenceMB: oursLarge.mainPeakMB.median - oursSmall.mainPeakMB.median,
		oursPerItemKB: perItemKB(oursSmall, oursLarge),
		noopPerItemKB: perItemKB(noopSmall, noopLarge),
		capped:
			oursCapped && noopCapped
				? {
						heapCapMB: oursCapped.heapCapMB,
						ok: Boolean(cappedOk),
						ours: oursCapped.mainPeakMB,
						noop: noopCapped.mainPeakMB,
						oursFailed: oursCapped.failed,
						addedMB:
							oursCapped.mainPeakMB && noopCapped.mainPeakMB
								? oursCapped.mainPeakMB.median - noopCapped.mainPeakMB.median
								: null,
						addedPerItemKB:
							oursCapped.mainPeakMB && noopCapped.mainPeakMB
								? ((oursCapped.mainPeakMB.median - noopCapped.mainPeakMB.median) * 1024) /
									oursCapped.items
								: null,
					}
				: null,
	};
}

/** The three targets of the issue, each with its verdict and the numbers behind it. */
function targets(cases, memory) {
	const fifty = cases
		.filter((c) => c.workload === 'latency-50' && c.kind === 'ours')
		.sort((a, b) => a.concurrency - b.concurrency);
	const cpuCeiling = find(cases, 'latency-0', 'ours', 50);
	const ceiling = cpuCeiling && cpuCeiling.itemsPerSecond ? cpuCeiling.itemsPerSecond.median : null;
	const throughput = {
		name: 'At least 90% of the theoretical limit (concurrency / latency) at 50 ms latency',
		rows: fifty.map((c) => ({
			batchSize: c.concurrency,
			itemsPerSecond: c.itemsPerSecond && c.itemsPerSecond.median,
			limit: c.limit,
			ratio: c.ratioToLimit,
			// What one n8n process can start at all: our node's own rate at latency 0.
			expected: ceiling ? Math.min(c.limit, ceiling) : c.limit,
			met: c.ratioToLimit !== null && c.ratioToLimit >= 0.9,
		})),
		n8nCeiling: ceiling,
	};
	throughput.met = throughput.rows.length > 0 && throughput.rows.every((row) => row.met);

	const rate = cases.filter((c) => c.workload === 'rate-limit');
	const ours = rate.filter((c) => c.kind === 'ours');
	const naive = rate.filter((c) => c.kind === 'http' && !c.paced);
	const rateTarget = {
		name: 'Under the rate limit, zero failed items where the HTTP Request node fails',
		ours: ours.map((c) => ({
			label: c.label,
			failed: c.failed && c.failed.max,
			itemsPerSecond: c.itemsPerSecond && c.itemsPerSecond.median,
			rateLimited: c.rateLimited && c.rateLimited.median,
			ratio: c.ratioToLimit,
		})),
		http: rate
			.filter((c) => c.kind === 'http')
			.map((c) => ({
				label: c.label,
				paced: c.paced,
				failed: c.failed && c.failed.median,
				runsFailed: c.runsFailed,
				reps: c.reps,
				itemsPerSecond: c.itemsPerSecond && c.itemsPerSecond.median,
			})),
	};
	rateTarget.httpFails = naive.some((c) => c.runsFailed > 0);
	rateTarget.met =
		ours.length > 0 && ours.every((c) => c.failed && c.failed.max === 0 && c.runsFailed === 0);

	const contentUpsert = contentTarget(cases);

	const memoryTarget = { name: 'Memory flat per item', ...(memory || {}) };
	// Flat: with V8 made to collect (old space capped), what our node keeps per item over n8n
	// carrying the same items through a no-op node is a small constant: its output item and
	// bookkeeping, at most 4 KB, and the capped run still delivers every item.
	memoryTarget.met =
		memory && memory.capped ? memory.capped.ok && memory.capped.addedPerItemKB <= 4 : null;
	// Peak RSS without a cap is flat too when it grows no faster per item than n8n's own, plus 4 KB.
	memoryTarget.peakFlat =
		memory && memory.noopPerItemKB !== null
			? memory.oursPerItemKB <= memory.noopPerItemKB + 4
			: null;
	if (memoryTarget.met && memoryTarget.peakFlat === false) memoryTarget.met = 'partly';
	return { throughput, rateLimit: rateTarget, memory: memoryTarget, contentUpsert };
}

const CONTENT = 'content-upsert';
/** Issue 20: the default Batch Size's requests and time at most 1/50 of Batch Size 1's. */
const CONTENT_TARGET = 1 / 50;

/**
 * Issue 20's ratios, medians over medians: our node at its default Batch Size (items per request)
 * over Batch Size 1 (a PUT per item), and over the HTTP Request node; null when not measured.
 */
function contentTarget(cases) {
	const rows = cases.filter((c) => c.workload === CONTENT);
	const batched = rows.find((c) => c.kind === 'ours' && c.itemsPerRequest === null);
	if (!batched) return null;
	const ratio = (other, measure) =>
		other && batched[measure] && other[measure] && other[measure].median
			? batched[measure].median / other[measure].median
			: null;
	const against = (other) =>
		other && {
			label: other.label,
			requests: ratio(other, 'posts'),
			nodeTime: ratio(other, 'nodeSeconds'),
			wallTime: ratio(other, 'wallSeconds'),
		};
	const single = against(rows.find((c) => c.kind === 'ours' && c.itemsPerRequest === 1));
	const http = against(rows.find((c) => c.kind === 'http'));
	const within = (r) => r !== null && r <= CONTENT_TARGET;
	return {
		name: `Default Batch Size: requests and time at most 1/${1 / CONTENT_TARGET} of one request per item`,
		batched: batched.label,
		single,
		http,
		allStored: rows.every((c) => c.stored && c.stored.min === c.items && c.runsFailed === 0),
		met: single
			? {
					requests: within(single.requests),
					nodeTime: within(single.nodeTime),
					wallTime: within(single.wallTime),
				}
			: null,
	};
}

// ---- Markdown ----------------------------------------------------------------------------------

const fmt = {
	rate: (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '–'),
	count: (s) => (s ? (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`) : '–'),
	mb: (s) => (s ? `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : '–'),
	pct: (r) => (r === null || r === undefined ? 'n/a' : `${(r * 100).toFixed(0)}%`),
	ratio: (r) => (r === null || r === undefined ? '–' : `${r.toFixed(2)}x`),
	seconds: (s) => (s ? `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : '–'),
	fraction: (r) => (r ? `${r.toFixed(3)} (1/${(1 / r).toFixed(0)})` : '–'),
	limit: (l) => (l ? `${l}` : 'n/a'),
};

function clientName(c) {
	switch (c.kind) {
		case 'ours':
			return `StackOne LMS node, ${c.operation ? 'Content > Create or Update, ' : ''}Batch Size ${c.operation ? upsertBatchSize(c) : c.concurrency}${c.maxRequestsPerMinute && c.maxRequestsPerMinute < 1e6 ? `, Max Requests Per Minute ${c.maxRequestsPerMinute}${c.scaledDefault ? (c.maxRequestsPerMinute === 1000 ? ' (the default)' : ' (the default 1,000, scaled)') : ''}` : ''}`;
		case 'http':
			return `HTTP Request node${c.operation ? ' (PUT per item)' : ''}, ${c.concurrency} items per batch, interval ${c.batchInterval} ms${c.paced ? ' (paced to the limit)' : ''}`;
		case 'plain':
			return `plain Node.js loop, ${c.concurrency} in flight`;
		default:
			return 'No Operation node (n8n alone)';
	}
}

/** Content > Create or Update's Batch Size: items per request; unset, the node's default (100). */
function upsertBatchSize(c) {
	if (c.itemsPerRequest === null) return 'default (100 per request, batch endpoint)';
	return c.itemsPerRequest === 1 ? '1 (PUT per item)' : `${c.itemsPerRequest} per request`;
}

function throughputTable(cases) {
	const lines = [
		'| client | items | items/s median (min–max) | limit/s | of limit | vs HTTP node | failed | 429s | duplicates | max in flight | n8n peak RSS MB | n8n + runner MB |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const c of cases) {
		const failed =
			fmt.count(c.failed) + (c.runsFailed ? ` (run failed ${c.runsFailed}/${c.reps})` : '');
		lines.push(
			`| ${clientName(c)} | ${c.items} | ${fmt.rate(c.itemsPerSecond)} | ${fmt.limit(c.limit)} | ${fmt.pct(c.ratioToLimit)} | ${fmt.ratio(c.ratioToHttp)} | ${failed} | ${fmt.count(c.rateLimited)} | ${fmt.count(c.duplicates)} | ${fmt.count(c.maxInFlight)} | ${fmt.mb(c.mainPeakMB)} | ${fmt.mb(c.treePeakMB)} |`,
		);
	}
	return lines.join('\n');
}

function memoryTable(memory) {
	if (!memory) return '(not measured)';
	const perItem = (s, l) =>
		s && l
			? (((l.median - s.median) * 1024) / (memory.largeItems - memory.smallItems)).toFixed(1)
			: '–';
	const row = (name, s, l) =>
		`| ${name} | ${fmt.mb(s)} | ${fmt.mb(l)} | ${s && l ? (l.median - s.median).toFixed(0) : '–'} | ${perItem(s, l)} |`;
	const lines = [
		`| workflow (batch size 50, latency 0) | peak RSS MB, ${memory.smallItems} items | peak RSS MB, ${memory.largeItems} items | difference MB | KB per extra item |`,
		'|---|---:|---:|---:|---:|',
		row('StackOne LMS node', memory.ours.small, memory.ours.large),
		memory.noop
			? row('No Operation node in its place (n8n alone)', memory.noop.small, memory.noop.large)
			: '',
		row(
			'StackOne LMS node, n8n + task runner (sampled)',
			memory.ours.smallTree,
			memory.ours.largeTree,
		),
	];
	let text = lines.filter(Boolean).join('\n');
	if (memory.capped) {
		const c = memory.capped;
		text +=
			'\n\n' +
			(`With V8's old space capped at ${c.heapCapMB} MB (\`--max-old-space-size\`), ${memory.largeItems} items: StackOne LMS node ${fmt.mb(c.ours)} MB ` +
				`(${c.ok ? 'every item delivered' : 'NOT every item delivered'}), No Operation node ${fmt.mb(c.noop)} MB: ` +
				`the node keeps ${c.addedMB.toFixed(0)} MB for ${memory.largeItems} items, ${c.addedPerItemKB.toFixed(2)} KB per item.`);
	}
	return text;
}

function signed(value, digits) {
	const text = value.toFixed(digits);
	return value >= 0 && !text.startsWith('-') ? `+${text}` : text;
}

function verdict(met) {
	if (met === null || met === undefined) return 'NOT MEASURED';
	if (met === 'partly') return 'PARTLY MET (what the node keeps is flat; its peak RSS is not)';
	return met ? 'MET' : 'MISSED';
}

function targetsMarkdown(t) {
	const lines = [];
	lines.push(
		`1. **${t.throughput.name}: ${verdict(t.throughput.met)}.** ` +
			t.throughput.rows
				.map(
					(r) =>
						`batch size ${r.batchSize}: ${r.itemsPerSecond === null ? '–' : r.itemsPerSecond.toFixed(0)}/s of ${r.limit}/s = ${fmt.pct(r.ratio)}`,
				)
				.join('; ') +
			'.' +
			(t.throughput.n8nCeiling
				? ` One n8n process starts at most about ${t.throughput.n8nCeiling.toFixed(0)} requests a second with this node (its rate at 0 ms latency), so min(limit, that) is ` +
					t.throughput.rows.map((r) => `${r.expected.toFixed(0)}`).join(', ') +
					'/s for these batch sizes.'
				: ''),
	);
	const oursRate = t.rateLimit.ours
		.map(
			(o) =>
				`${o.label.replace(/^rate-limit /, '')}: ${o.failed} failed, ${o.itemsPerSecond ? o.itemsPerSecond.toFixed(0) : '–'}/s (${fmt.pct(o.ratio)} of the limit), ${o.rateLimited} answers 429 retried`,
		)
		.join('; ');
	const httpRate = t.rateLimit.http
		.map(
			(h) =>
				`${h.label.replace(/^rate-limit /, '')}: ${h.failed} items not recorded, run failed ${h.runsFailed}/${h.reps}`,
		)
		.join('; ');
	lines.push(
		`2. **${t.rateLimit.name}: ${verdict(t.rateLimit.met)}${t.rateLimit.httpFails ? '' : ' (but the HTTP Request node did not fail here)'}.** Ours: ${oursRate}. HTTP Request node: ${httpRate}.`,
	);
	const m = t.memory;
	lines.push(
		`3. **${m.name}: ${verdict(m.met)}.**` +
			(m.capped
				? ` With V8 made to collect (old space capped at ${m.capped.heapCapMB} MB) the node keeps ${m.capped.addedPerItemKB.toFixed(2)} KB per item over n8n alone at ${m.largeItems} items${m.capped.ok ? ', and delivers every item' : ', but the capped run did NOT deliver every item'} (criterion: at most 4 KB per item).`
				: '') +
			(m.ours
				? ` Without a cap, peak RSS of the n8n process is ${m.ours.small.median.toFixed(0)} MB at ${m.smallItems} items and ${m.ours.large.median.toFixed(0)} MB at ${m.largeItems} (${signed(m.oursDifferenceMB, 0)} MB, ${m.oursPerItemKB.toFixed(1)} KB per extra item` +
					(m.noopPerItemKB !== null && m.noopPerItemKB !== undefined
						? `; n8n alone: ${m.noopPerItemKB.toFixed(1)} KB per item)`
						: ')') +
					': garbage V8 lets pile up while the requests run, which it gives back when it must.'
				: ''),
	);
	return lines.join('\n');
}

/** Says how many runs' JSON `n8n execute` cut short on stdout (they count by exit code and the sandbox). */
function outputNote(runs) {
	const cut = runs.filter((run) => run.outputMissing);
	if (cut.length === 0) return [];
	const labels = [...new Set(cut.map((run) => run.label))].join('; ');
	return [
		`- ${cut.length} of ${runs.length} runs exited 0 with their run JSON cut short on stdout (\`n8n execute\` exits before the pipe drains on large runs: ${labels}). They count as completed by their exit code; their items, as everywhere, by what the sandbox stored.`,
	];
}

const REAL_TIME = /^(rate-latency-\d+|shared-key|shared-key-one-process)$/;
const SHARED_KEY = /^shared-key/;

/** Issue 10's targets, printed beside the figures (not asserted). */
function realTimeTarget(c) {
	if (c.kind !== 'ours' || c.concurrency !== null) return '';
	return SHARED_KEY.test(c.workload)
		? '>= 0.85x, <= 10% 429, 900 stored once'
		: '>= 0.95x, <= 5% 429';
}

/** The workload column: the shared-key workloads say how many n8n processes ran the executions. */
function realTimeWorkload(c) {
	if (!SHARED_KEY.test(c.workload)) return c.workload;
	const processes = c.workload === 'shared-key' ? `${c.executions} processes` : 'one process';
	return `${c.workload} (${processes})`;
}

/** The rate-latency and shared-key workloads (real time, 1,000 a minute as 50 requests per 3 s sliding window). */
function realTimeTable(cases) {
	const rows = cases.filter((c) => REAL_TIME.test(c.workload));
	if (rows.length === 0) return null;
	const lines = [
		'| workload | client | created/s | of 16.7/s | 429s | 429 share | stored | duplicates | executions ok | target (issue 10) |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
	];
	for (const c of rows) {
		const size = c.concurrency === null ? 'default options (automatic Batch Size)' : null;
		const client =
			c.kind === 'ours'
				? `StackOne LMS node, ${size || `Batch Size ${c.concurrency}`}, Max Requests Per Minute default`
				: clientName(c);
		const rate = c.itemsPerSecond ? c.itemsPerSecond.median.toFixed(1) : '–';
		const share =
			c.rateLimited && c.posts && c.posts.median
				? `${((c.rateLimited.median / c.posts.median) * 100).toFixed(1)}%`
				: '–';
		const ok = c.executionsOk ? `${c.executionsOk.median}/${c.executions}` : '–';
		lines.push(
			`| ${realTimeWorkload(c)} | ${client} | ${rate} | ${fmt.ratio(c.ratioToLimit)} | ${fmt.count(c.rateLimited)} | ${share} | ${fmt.count(c.stored)} of ${c.items * c.executions} | ${fmt.count(c.duplicates)} | ${c.kind === 'ours' ? ok : c.runsFailed ? 'run failed' : 'ok'} | ${realTimeTarget(c)} |`,
		);
	}
	return lines.join('\n');
}

/** The content-upsert workload (issue 20): requests, 429s, what was stored, times, and the ratios. */
function contentSection(cases, target, workloads) {
	const rows = cases.filter((c) => c.workload === CONTENT);
	if (rows.length === 0) return [];
	const lines = [
		'| client | requests | 429s | stored correctly | item writes | wall s | node s | node s to 1st request | runs |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---|',
	];
	for (const c of rows) {
		const wrong = c.wrong && c.wrong.max > 0 ? `, ${fmt.count(c.wrong)} wrong` : '';
		const runs = c.runsFailed
			? `failed ${c.runsFailed}/${c.reps}`
			: `completed ${c.reps}/${c.reps}`;
		lines.push(
			`| ${clientName(c)} | ${fmt.count(c.posts)} | ${fmt.count(c.rateLimited)} | ${fmt.count(c.stored)} of ${c.items}${wrong} | ${fmt.count(c.writes)} | ${fmt.seconds(c.wallSeconds)} | ${fmt.seconds(c.nodeSeconds)} | ${fmt.seconds(c.firstRequestSeconds)} | ${runs} |`,
		);
	}
	const ratios = [
		'| default Batch Size over | requests | node time | wall time |',
		'|---|---:|---:|---:|',
		...[
			['Batch Size 1 (target <= 1/50)', target && target.single],
			['HTTP Request node', target && target.http],
		]
			.filter(([, r]) => r)
			.map(
				([name, r]) =>
					`| ${name} | ${fmt.fraction(r.requests)} | ${fmt.fraction(r.nodeTime)} | ${fmt.fraction(r.wallTime)} |`,
			),
	];
	const met = target && target.met;
	const verdicts = met
		? `requests ${verdict(met.requests)}, node time ${verdict(met.nodeTime)}, wall time ${verdict(met.wallTime)}; every item stored correctly in every run: ${target.allStored ? 'yes' : 'NO'}.`
		: 'NOT MEASURED.';
	return [
		`### ${rows[0].workload}: content items through Content > Create or Update (issue 20)`,
		'',
		...workloads.filter((w) => w.name === CONTENT).map((w) => `${w.title}.\n`),
		"requests: PUT /unified/lms/content and POST /unified/lms/content/batch received by the sandbox, 429s included. stored correctly: the run's external references the sandbox holds with the item's title, content URL and description (`sb.upsertedContent()`); item writes: `sb.contentWrites()`, rewrites included. wall s: the `n8n execute` process, start-up included; node s: the node under test's own execution time in n8n's run data; node s to 1st request: from the node's start to the sandbox's first request (reading the items' parameters).",
		'',
		lines.join('\n'),
		'',
		ratios.join('\n'),
		'',
		`**${target ? target.name : 'Issue 20'}:** ${verdicts}`,
		'',
	];
}

function markdown(data, cases, t, memory) {
	const workloads = data.plan.workloads;
	const realTime = realTimeTable(cases);
	const sections = workloads
		.filter((w) => w.name !== 'memory' && w.name !== CONTENT && !REAL_TIME.test(w.name))
		.map((w) => {
			const rows = cases.filter((c) => c.workload === w.name);
			return rows.length ? `### ${w.title}\n\n${throughputTable(rows)}\n` : '';
		})
		.filter(Boolean);
	return [
		'# Benchmark: the StackOne LMS node against the HTTP Request node in a real n8n',
		'',
		`Generated by \`npm run bench\` (\`node scripts/bench.js\`) on ${data.date}: n8n ${data.n8nVersion}, Node ${data.node}, ${data.cpus} cores, ` +
			`${data.reps} repetitions of every case (medians, min–max in brackets), ${(data.elapsedS / 60).toFixed(1)} minutes in all. ` +
			`Machine load average (1 min) during the runs: median ${median(data.loads).toFixed(2)}, max ${Math.max(...data.loads).toFixed(2)}.`,
		'',
		'- items/s: completions the sandbox created per second, from its own request log, first to last created (n - 1 over the span).',
		'- limit: concurrency / latency, or the rate limit; n/a at 0 ms latency and for the HTTP Request node at interval 0 (it bounds nothing, see below).',
		"- vs HTTP node: ours (or the plain loop) over the HTTP Request node of the same workload. With Batch Interval 0, n8n 2.8.4's HTTP Request node ignores Items per Batch (it only sleeps between batches when the interval is above 0 and never waits for answers), so its one interval-0 setting is the reference for every batch size.",
		'- failed: items the sandbox did not record (the HTTP Request node stops the run at its first error; what it stored before is counted as delivered, the rest as failed). duplicates: stored records sharing a learning object reference (each item has its own).',
		"- n8n peak RSS: VmHWM (the kernel's peak resident set) of the `n8n execute` process, which runs the workflow and the node. n8n + runner: the highest sum of VmRSS over that process and its JS task runner (which runs the Code node), polled every 100 ms.",
		...outputNote(data.runs.map(normalize)),
		'',
		...sections,
		...(realTime
			? [
					'### Rate limit in real time: 1,000 a minute as 50 requests per 3 s sliding window (issue 10)',
					'',
					"rate-latency-<ms>: 300 items at that sandbox latency. shared-key: 3 `n8n execute` processes of the same workflow on one credential (one API key), started at once, 300 items each, 500 ms latency; each process has its own rate limiter. shared-key-one-process: the same 3 executions as 3 webhook executions at once in one `n8n start` process, where the node shares one rate limiter per API key between them. For both, created/s is the executions' combined rate. 429 share: 429 answers over all completion POSTs.",
					'',
					realTime,
					'',
				]
			: []),
		...contentSection(cases, t.contentUpsert, workloads),
		`### Memory (${memory ? `${memory.smallItems} and ${memory.largeItems} items` : ''})`,
		'',
		memoryTable(memory),
		'',
		'## Targets',
		'',
		targetsMarkdown(t),
		'',
	].join('\n');
}

// ---- SVG ---------------------------------------------------------------------------------------

function escapeXml(text) {
	return String(text).replace(
		/[<>&"]/g,
		(ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch],
	);
}

/** Throughput against batch size at 50 ms latency: ours, the HTTP Request node, the plain loop, the limit. */
function throughputSvg(cases, { latencyMs }) {
	const ours = cases
		.filter((c) => c.workload === 'latency-50' && c.kind === 'ours')
		.sort((a, b) => a.concurrency - b.concurrency);
	const plain = cases
		.filter((c) => c.workload === 'latency-50' && c.kind === 'plain')
		.sort((a, b) => a.concurrency - b.concurrency);
	const http = cases.find(
		(c) => c.workload === 'latency-50' && c.kind === 'http' && c.batchInterval === 0,
	);
	const sizes = ours.map((c) => c.concurrency);
	const width = 900;
	const height = 480;
	const m = { left: 70, right: 290, top: 56, bottom: 60 };
	const plotW = width - m.left - m.right;
	const plotH = height - m.top - m.bottom;
	const values = [
		...ours.flatMap((c) => [c.limit, c.itemsPerSecond && c.itemsPerSecond.max]),
		...plain.map((c) => c.itemsPerSecond && c.itemsPerSecond.max),
		http && http.itemsPerSecond && http.itemsPerSecond.max,
	].filter((v) => v > 0);
	// Log scale: the limits span 20 to 1,000 requests a second.
	const lo = 10;
	const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(lo * 10, ...values)) * 2) / 2);
	const x = (k) => m.left + (sizes.length === 1 ? plotW / 2 : (k * plotW) / (sizes.length - 1));
	const y = (v) =>
		m.top +
		plotH -
		((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
	const out = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
	);
	out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
	out.push(
		`<text x="${m.left}" y="24" font-size="15" font-weight="bold" fill="#222">Completions per second at ${latencyMs} ms sandbox latency, in n8n</text>`,
	);
	out.push(
		`<text x="${m.left}" y="40" fill="#555">median of the repetitions, bars min–max; log scale</text>`,
	);
	// Grid and y labels.
	for (const tick of [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].filter(
		(v) => v >= lo && v <= hi,
	)) {
		out.push(
			`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e3e3e3"/>`,
		);
		out.push(
			`<text x="${m.left - 8}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" fill="#444">${tick}</text>`,
		);
	}
	out.push(
		`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#888"/>`,
	);
	out.push(
		`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#888"/>`,
	);
	sizes.forEach((size, k) => {
		out.push(
			`<text x="${x(k).toFixed(1)}" y="${m.top + plotH + 18}" text-anchor="middle" fill="#444">${size}</text>`,
		);
	});
	out.push(
		`<text x="${m.left + plotW / 2}" y="${height - 16}" text-anchor="middle" fill="#222">Batch Size (requests in flight)</text>`,
	);
	out.push(
		`<text transform="translate(18 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#222">items per second</text>`,
	);

	const series = [
		{
			name: 'theoretical limit (batch / latency)',
			color: '#888888',
			dash: '6 4',
			points: ours.map((c, k) => [k, c.limit]),
			bars: [],
		},
		{
			name: 'plain Node.js loop (ceiling)',
			color: '#2e9e4f',
			dash: '2 3',
			points: plain.map((c) => [
				sizes.indexOf(c.concurrency),
				c.itemsPerSecond && c.itemsPerSecond.median,
			]),
			bars: plain.map((c) => [sizes.indexOf(c.concurrency), c.itemsPerSecond]),
		},
		{
			name: 'StackOne LMS node',
			color: '#1f5fbf',
			dash: '',
			points: ours.map((c, k) => [k, c.itemsPerSecond && c.itemsPerSecond.median]),
			bars: ours.map((c, k) => [k, c.itemsPerSecond]),
		},
	];
	if (http && http.itemsPerSecond) {
		series.push({
			name: `HTTP Request node (interval 0:`,
			note: 'Items per Batch has no effect)',
			color: '#d9731a',
			dash: '8 3 2 3',
			points: sizes.map((_s, k) => [k, http.itemsPerSecond.median]),
			bars: [],
			band: http.itemsPerSecond,
		});
	}
	for (const s of series) {
		const points = s.points.filter(([k, v]) => k >= 0 && v > 0);
		if (s.band) {
			out.push(
				`<rect x="${m.left}" y="${y(s.band.max).toFixed(1)}" width="${plotW}" height="${Math.max(1, y(s.band.min) - y(s.band.max)).toFixed(1)}" fill="${s.color}" opacity="0.15"/>`,
			);
		}
		out.push(
			`<polyline fill="none" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${points.map(([k, v]) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`,
		);
		for (const [k, band] of s.bars) {
			if (k < 0 || !band) continue;
			out.push(
				`<line x1="${x(k).toFixed(1)}" x2="${x(k).toFixed(1)}" y1="${y(band.min).toFixed(1)}" y2="${y(band.max).toFixed(1)}" stroke="${s.color}" stroke-width="1.5"/>`,
			);
		}
		if (!s.band)
			for (const [k, v] of points)
				out.push(
					`<circle cx="${x(k).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${s.color}"/>`,
				);
	}
	// Legend, and ours as a share of the limit beside each point.
	let ly = m.top + 8;
	for (const s of series.slice().reverse()) {
		out.push(
			`<line x1="${m.left + plotW + 16}" x2="${m.left + plotW + 44}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
		);
		out.push(
			`<text x="${m.left + plotW + 50}" y="${ly + 4}" fill="#222">${escapeXml(s.name)}</text>`,
		);
		if (s.note) {
			ly += 15;
			out.push(
				`<text x="${m.left + plotW + 50}" y="${ly + 4}" fill="#222">${escapeXml(s.note)}</text>`,
			);
		}
		ly += 22;
	}
	ours.forEach((c, k) => {
		if (!c.itemsPerSecond || !c.ratioToLimit) return;
		const last = k === ours.length - 1;
		out.push(
			`<text x="${(x(k) + (last ? -8 : 7)).toFixed(1)}" y="${(y(c.itemsPerSecond.median) + 16).toFixed(1)}"${last ? ' text-anchor="end"' : ''} fill="#1f5fbf" font-size="11">${(c.ratioToLimit * 100).toFixed(0)}%</text>`,
		);
	});
	out.push(
		`<text x="${m.left + plotW + 16}" y="${ly + 8}" fill="#555" font-size="11">% = the node's share</text>`,
	);
	out.push(
		`<text x="${m.left + plotW + 16}" y="${ly + 22}" fill="#555" font-size="11">of its theoretical limit</text>`,
	);
	out.push('</svg>');
	return out.join('\n') + '\n';
}

/** Writes latest.md, latest.json and throughput.svg into `dir`; returns their paths. */
function writeReports(dir, data) {
	fs.mkdirSync(dir, { recursive: true });
	const cases = summarize(data.runs);
	const memory = memorySummary(cases);
	const t = targets(cases, memory);
	const files = {
		md: path.join(dir, 'latest.md'),
		json: path.join(dir, 'latest.json'),
		svg: path.join(dir, 'throughput.svg'),
	};
	// The raw runs first: a report that fails to render can be redone with --rerender.
	fs.writeFileSync(files.json, JSON.stringify({ ...data, cases }, null, 1) + '\n');
	fs.writeFileSync(files.md, markdown(data, cases, t, memory));
	fs.writeFileSync(
		files.json,
		JSON.stringify({ ...data, cases, memory, targets: t }, null, 1) + '\n',
	);
	if (cases.some((c) => c.workload === 'latency-50'))
		fs.writeFileSync(files.svg, throughputSvg(cases, data.plan));
	return Object.values(files);
}

module.exports = {
	median,
	summarize,
	memorySummary,
	targets,
	markdown,
	throughputSvg,
	realTimeTable,
	writeReports,
};
