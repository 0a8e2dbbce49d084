'use strict';

const { sleep } = require('./util');

// RFC 7240: `Prefer` may hold several comma-separated preferences, each possibly with parameters.
function wantsHeartbeat(headers) {
	const raw = headers.prefer;
	const values = Array.isArray(raw) ? raw : [raw];
	return values.some(
		(value) =>
			typeof value === 'string' &&
			value.split(',').some((pref) => pref.split(/[;=]/)[0].trim().toLowerCase() === 'heartbeat'),
	);
}

// Sends the status line and headers at once, then newline bytes while the request is being
// processed. Once this has started the HTTP status can no longer change: the JSON body written
// afterwards carries the real outcome in its own `statusCode`.
// Resolves when the last newline's interval has passed.
async function startHeartbeat(res, { status, newlines, intervalMs }) {
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Preference-Applied': 'heartbeat',
		'Cache-Control': 'no-cache',
	});
	res.flushHeaders();
	for (let k = 0; k < newlines; k++) {
		if (k > 0) await sleep(intervalMs);
		if (res.destroyed || res.writableEnded) return;
		res.write('\n');
	}
	if (newlines > 0) await sleep(intervalMs);
}

module.exports = { wantsHeartbeat, startHeartbeat };
