'use strict';
// What one benchmark run measured: the memory of the n8n process tree (polled from /proc while it
// runs) and, from the sandbox's own request log and store, the throughput, the requests in flight
// at once, the statuses and the duplicates (or, for content upserts, what was stored correctly).

const fs = require('fs');

const KB = 1024;

/** Reads VmRSS and VmHWM (bytes) of one process; null when it has gone. */
function processMemory(pid) {
	let text;
	try {
		text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	} catch {
		return null;
	}
	const field = (name) => {
		const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
		return match ? Number(match[1]) * KB : 0;
	};
	return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Parent pid of every process, from /proc/<pid>/stat. */
function parentMap() {
	const parents = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name is in parentheses and may hold spaces: the fields after ')' are fixed.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
		} catch {
			// gone meanwhile
		}
	}
	return parents;
}

/** Every descendant of `root`, with its depth (1 = a direct child). */
function descendants(root) {
	const parents = parentMap();
	const depth = new Map([[root, 0]]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const [pid, parent] of parents) {
			if (!depth.has(pid) && depth.has(parent)) {
				depth.set(pid, depth.get(parent) + 1);
				grew = true;
			}
		}
	}
	depth.delete(root);
	return depth;
}

/**
 * Polls the memory of this process's child processes (the `n8n execute` process and the JS task
 * runner it starts) until stopped. `stop()` returns
 * - mainPeak: the highest VmHWM (the kernel's own peak RSS) of a direct child: the n8n process
 *   that runs the workflow and our node;
 * - treePeak: the highest sum of VmRSS over all descendants seen in one sample (n8n plus its task
 *   runner), sampled every 100 ms;
 * - samples and processes seen.
 */
function pollProcessTree({ root = process.pid, intervalMs = 100, rescanEvery = 5 } = {}) {
	const peakHwm = new Map();
	let treePeak = 0;
	let samples = 0;
	// Walking all of /proc is the costly part: find the tree every few samples, read it every sample.
	let tree = new Map();
	const sample = () => {
		if (samples % rescanEvery === 0) tree = descendants(root);
		let sum = 0;
		for (const [pid, depth] of tree) {
			const memory = processMemory(pid);
			if (!memory) continue;
			sum += memory.rss;
			if (depth === 1) peakHwm.set(pid, Math.max(peakHwm.get(pid) || 0, memory.hwm));
		}
		treePeak = Math.max(treePeak, sum);
		samples++;
	};
	const timer = setInterval(sample, intervalMs);
	sample();
	return {
		stop() {
			clearInterval(timer);
			return {
				mainPeak: Math.max(0, ...peakHwm.values()),
				treePeak,
				samples,
				processes: peakHwm.size,
			};
		},
	};
}

function isCompletionPost(entry) {
	return entry.method === 'POST' && /\/completions$/.test(entry.path);
}

/** The most requests the sandbox was working on at one time. */
function maxInFlight(entries) {
	const events = [];
	for (const entry of entries) {
		events.push([entry.receivedAt, 1]);
		events.push([entry.finishedAt === undefined ? Infinity : entry.finishedAt, -1]);
	}
	// At equal times an end goes before a start.
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let max = 0;
	for (const [, step] of events) {
		now += step;
		max = Math.max(max, now);
	}
	return max;
}

/**
 * The write requests of one run as the sandbox answered them: how many, the statuses, the
 * successful ones (`ok` statuses) per second from the first to the last received ((n - 1) / span),
 * the peak in flight, and when the first one arrived.
 */
function requestStats(writes, ok) {
	const created = writes.filter((entry) => ok.includes(entry.status));
	const statuses = {};
	for (const entry of writes) statuses[entry.status] = (statuses[entry.status] || 0) + 1;
	let first = Infinity;
	let last = -Infinity;
	for (const entry of created) {
		first = Math.min(first, entry.receivedAt);
		last = Math.max(last, entry.receivedAt);
	}
	const spanMs = created.length > 1 ? last - first : 0;
	return {
		posts: writes.length,
		created: created.length,
		statuses,
		rateLimited: statuses[429] || 0,
		spanMs,
		itemsPerSecond: spanMs > 0 ? ((created.length - 1) * 1000) / spanMs : null,
		maxInFlight: maxInFlight(writes),
		firstRequestAt: writes.length ? writes[0].receivedAt : null,
	};
}

/**
 * What the sandbox saw of one run: completions created per second (201s), the statuses, the peak
 * in flight, and what it stored.
 */
function sandboxStats(sandbox) {
	const stored = sandbox.completions();
	const references = new Set(stored.map((record) => record.learning_object_external_reference));
	return {
		...requestStats(sandbox.requests.filter(isCompletionPost), [201]),
		stored: stored.length,
		duplicates: stored.length - references.size,
	};
}

function isContentWrite(entry) {
	return (
		(entry.method === 'PUT' && entry.path === '/unified/lms/content') ||
		(entry.method === 'POST' && entry.path === '/unified/lms/content/batch')
	);
}

/**
 * What the sandbox saw of one content-upsert run of `items` items made by `makeItem` (i, users,
 * run): every write request (PUT /content and POST /content/batch; posts counts them, items/s is
 * requests a second), and stored: the items 0..items-1 of one run whose learning object the
 * sandbox holds with the fields the item gave. wrong: stored records that are none of those;
 * writes: item writes, rewrites included (sb.contentWrites()).
 */
function contentStats(sandbox, items, makeItem) {
	const records = sandbox.upsertedContent();
	const good = new Set();
	for (const record of records) {
		const [, run, index] = /^bench-(.+)-(\d+)$/.exec(record.external_reference) || [];
		const item = run === undefined ? null : makeItem(Number(index), [], run);
		const same =
			item &&
			Number(index) < items &&
			record.title === item.title &&
			record.content_url === item.contentUrl &&
			record.description === item.description;
		if (same) good.add(index);
	}
	return {
		...requestStats(sandbox.requests.filter(isContentWrite), [200, 201, 202]),
		stored: good.size,
		duplicates: 0,
		wrong: records.length - good.size,
		writes: sandbox.contentWrites(),
	};
}

module.exports = { pollProcessTree, processMemory, sandboxStats, contentStats, maxInFlight };
