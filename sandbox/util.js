'use strict';

// Timers are unref'd so a pending delay never keeps a test process alive.
function sleep(ms) {
	return new Promise((resolve) => {
		if (!(ms > 0)) return resolve();
		setTimeout(resolve, ms).unref();
	});
}

// Keys stay as sent once decoded, e.g. 'filter[email]'; a repeated key becomes an array.
function parseQuery(rawQuery) {
	const query = {};
	for (const [key, value] of new URLSearchParams(rawQuery)) {
		if (!(key in query)) query[key] = value;
		else if (Array.isArray(query[key])) query[key].push(value);
		else query[key] = [query[key], value];
	}
	return query;
}

// The last value of each key, for handlers that expect a single string.
function lastValues(query) {
	const out = {};
	for (const [key, value] of Object.entries(query)) out[key] = Array.isArray(value) ? value[value.length - 1] : value;
	return out;
}

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

function isJsonContentType(headers) {
	const type = headers['content-type'];
	return typeof type === 'string' && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type.trim());
}

module.exports = { sleep, parseQuery, lastValues, readBody, isJsonContentType, MAX_BODY_BYTES };
