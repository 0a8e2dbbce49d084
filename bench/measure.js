'use strict';
// What one benchmark run measured: the memory of the n8n process tree (polled from /proc while it
// runs) and, from the sandbox's own request log and store, the throughput, the requests in flight
// at once, the statuses and the duplicates.

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
 * What the sandbox saw of one run: completions created per second (201s, from the first to the
 * last one received: (n - 1) / span), the statuses, the peak in flight, and what it stored.
 */
function sandboxStats(sandbox) {
	const posts = sandbox.requests.filter(isCompletionPost);
	const created = posts.filter((entry) => entry.status === 201);
	const statuses = {};
	for (const entry of posts) statuses[entry.status] = (statuses[entry.status] || 0) + 1;
	let first = Infinity;
	let last = -Infinity;
	for (const entry of created) {
		first = Math.min(first, entry.receivedAt);
		last = Math.max(last, entry.receivedAt);
	}
	const spanMs = created.length > 1 ? last - first : 0;
	const stored = sandbox.completions();
	const references = new Set(stored.map((record) => record.learning_object_external_reference));
	return {
		posts: posts.length,
		created: created.length,
		statuses,
		rateLimited: statuses[429] || 0,
		spanMs,
		itemsPerSecond: spanMs > 0 ? ((created.length - 1) * 1000) / spanMs : null,
		maxInFlight: maxInFlight(posts),
		stored: stored.length,
		duplicates: stored.length - references.size,
	};
}

module.exports = { pollProcessTree, processMemory, sandboxStats, maxInFlight };
