'use strict';
// The ceiling: a plain Node.js loop with http.request, a pool of N requests in flight (a new
// request starts as soon as one ends), no keep-alive, the same Basic header and body as n8n sends,
// no retries. It runs in a worker thread, so it does not share an event loop with the sandbox
// that the bench process serves.

const http = require('http');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

/** Runs the pool in a worker thread; resolves { created, failed, statuses, wallMs }. */
function runPlainClient({ url, authHeader, accountId, items, concurrency }) {
	return new Promise((resolve, reject) => {
		const worker = new Worker(__filename, {
			workerData: { url, authHeader, accountId, items, concurrency },
		});
		worker.once('message', resolve);
		worker.once('error', reject);
		worker.once('exit', (code) => {
			if (code !== 0) reject(new Error(`plain client worker exited with ${code}`));
		});
	});
}

/** The body the other two build by expressions. */
function completionBody(item) {
	return {
		learning_object_external_reference: item.course,
		completed_at: item.completedAt,
		result: { value: item.result },
		score: { percentage: item.score },
		time_spent: item.timeSpent,
	};
}

function post(agent, base, headers, item) {
	return new Promise((resolve) => {
		const body = JSON.stringify(completionBody(item));
		const request = http.request(
			`${base}/unified/lms/users/${encodeURIComponent(item.userId)}/completions`,
			{
				method: 'POST',
				agent,
				headers: {
					...headers,
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
				},
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode));
				response.on('error', () => resolve('error'));
			},
		);
		request.on('error', () => resolve('error'));
		request.end(body);
	});
}

async function pool({ url, authHeader, accountId, items, concurrency }) {
	const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	const headers = {
		authorization: authHeader,
		'x-account-id': accountId,
		accept: 'application/json',
	};
	const statuses = {};
	let next = 0;
	const started = Date.now();
	const lane = async () => {
		while (next < items.length) {
			const item = items[next++];
			const status = await post(agent, url, headers, item);
			statuses[status] = (statuses[status] || 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
	const created = statuses[201] || 0;
	return { created, failed: items.length - created, statuses, wallMs: Date.now() - started };
}

if (!isMainThread && workerData && parentPort) {
	pool(workerData).then((result) => parentPort.postMessage(result));
}

module.exports = { runPlainClient, completionBody };
