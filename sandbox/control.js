'use strict';

const { readBody } = require('./util');

function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

function parseJson(text) {
	if (text.trim() === '') return {};
	return JSON.parse(text);
}

// Unauthenticated control routes under /_sandbox/. They are neither delayed nor logged.
async function handleControl(ctx, req, res, rawPath) {
	let text;
	try {
		({ text } = await readBody(req));
	} catch {
		return;
	}
	const route = `${req.method} ${rawPath.replace(/\/+$/, '')}`;
	try {
		switch (route) {
			case 'GET /_sandbox/state':
				return sendJson(res, 200, ctx.state());
			case 'GET /_sandbox/requests':
				return sendJson(res, 200, ctx.requests);
			case 'POST /_sandbox/configure':
				return sendJson(res, 200, { switches: ctx.configure(parseJson(text)) });
			case 'POST /_sandbox/inject':
				ctx.inject(parseJson(text));
				return sendJson(res, 200, { ok: true, pendingFaults: ctx.faults.summary().pending });
			case 'POST /_sandbox/reset':
				ctx.reset();
				return sendJson(res, 200, { ok: true });
			default:
				return sendJson(res, 404, { error: `No control route ${route}` });
		}
	} catch (e) {
		return sendJson(res, 400, { error: e.message });
	}
}

module.exports = { handleControl };
