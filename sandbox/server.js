'use strict';

const http = require('http');
const { authenticate, resolveAccount } = require('./auth');
const { errorBody, defaultMessage, htmlErrorPage } = require('./errors');
const { retryAfterHeader, describeWindow } = require('./rate-limit');
const { wantsHeartbeat, startHeartbeat } = require('./heartbeat');
const { handleApi } = require('./api');
const { handleControl } = require('./control');
const { sleep, parseQuery, lastValues, readBody } = require('./util');

// Faults that answer in place of the API (no auth, nothing processed or stored).
const REPLACING_FAULTS = new Set(['status', 'rateLimit', 'timeout408', 'heartbeatError']);

const SAMPLE_PROVIDER_ERROR = {
	status: 400,
	url: 'https://api.lms-provider.example/v1/completions',
	raw: { message: 'Invalid input parameters' },
	headers: { 'content-type': 'application/json' },
};

function withRetryAfter(outcome, form, retryAfterMs) {
	const value = retryAfterHeader(form, retryAfterMs);
	return value === undefined ? outcome : { ...outcome, headers: { 'Retry-After': value } };
}

function retryAfterMs(fault) {
	return (fault.seconds === undefined ? 1 : fault.seconds) * 1000;
}

// StackOne's JSON error, or the HTML page of a proxy in front of it.
function errorOutcome(fault, status, message) {
	return fault.html ? { status, html: htmlErrorPage(status) } : { status, body: errorBody(status, message) };
}

function faultOutcome(fault) {
	switch (fault.type) {
		case 'status': {
			const status = fault.status === undefined ? 500 : fault.status;
			if (fault.html) return { status, html: htmlErrorPage(status), headers: fault.headers };
			const extra = status === 400 ? { provider_errors: [SAMPLE_PROVIDER_ERROR] } : undefined;
			const body = { ...errorBody(status, fault.message || defaultMessage(status), extra), ...(fault.body || {}) };
			return { status, body, headers: fault.headers };
		}
		case 'rateLimit': {
			const message = fault.message || 'Too many requests: the provider rate limit was exceeded.';
			return withRetryAfter(errorOutcome(fault, 429, message), fault.retryAfter, retryAfterMs(fault));
		}
		case 'timeout408': {
			const message = fault.message || 'Request timed out: the request exceeded its 60 s lifetime.';
			return withRetryAfter({ status: 408, body: errorBody(408, message) }, fault.retryAfter, retryAfterMs(fault));
		}
		case 'heartbeatError': {
			const status = fault.status === undefined ? 500 : fault.status;
			return { status, body: errorBody(status, fault.message || defaultMessage(status)) };
		}
		case 'statusAfterStore': {
			const status = fault.status === undefined ? 502 : fault.status;
			const outcome = errorOutcome(fault, status, fault.message || defaultMessage(status));
			if (status !== 408 && status !== 429) return outcome;
			return withRetryAfter(outcome, fault.retryAfter, retryAfterMs(fault));
		}
		default:
			throw new Error(`no answer for fault type ${fault.type}`);
	}
}

// Auth, then the per-key rate limit, then the linked account. { accountId } or { outcome }.
function gate(ctx, headers) {
	const auth = authenticate(headers, ctx.apiKey);
	if (auth.status) return { outcome: { status: auth.status, body: errorBody(auth.status, auth.message) } };
	const limit = ctx.switches.rateLimit;
	if (limit) {
		const check = ctx.limiter.check(auth.apiKey, limit);
		if (!check.ok) {
			ctx.counts.rateLimited += 1;
			const message = `Too many requests: the rate limit of ${limit.limit} requests per ${describeWindow(limit.windowMs)} was exceeded.`;
			const outcome = { status: 429, body: errorBody(429, message) };
			return { outcome: withRetryAfter(outcome, ctx.switches.retryAfterForm, check.retryAfterMs) };
		}
	}
	const account = resolveAccount(headers, ctx.accounts);
	if (account.status) return { outcome: { status: account.status, body: errorBody(account.status, account.message) } };
	return { accountId: account.accountId };
}

function latency(switches) {
	return switches.latencyMs + Math.round(Math.random() * switches.latencyJitterMs);
}

function bodyForLog(text) {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

// Cuts a JSON text off mid-value, e.g. '{"statusCode":201,...,"data":{"id":'.
function truncateJson(text) {
	const at = text.indexOf('"id":');
	return at >= 0 ? text.slice(0, at + 5) : text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

function writeOutcome(res, outcome, { heartbeat, malformed, status }) {
	let body = outcome.body;
	if (heartbeat && body === undefined) {
		// The status line is already out, so an empty answer must still say what happened.
		body = { statusCode: outcome.status, message: 'Record deleted successfully.', timestamp: new Date().toISOString() };
	}
	const html = outcome.html !== undefined;
	let text = html ? outcome.html : body === undefined ? '' : JSON.stringify(body);
	if (malformed) text = truncateJson(text);
	if (heartbeat) {
		res.end(text);
		return;
	}
	const headers = {};
	if (text !== '') {
		headers['Content-Type'] = html ? 'text/html; charset=utf-8' : 'application/json';
		headers['Content-Length'] = Buffer.byteLength(text);
	}
	for (const [name, value] of Object.entries(outcome.headers || {})) if (value !== undefined) headers[name] = value;
	res.writeHead(status, headers);
	res.end(text);
}

async function processApiRequest(ctx, req, res, entry, rawPath) {
	const fault = ctx.faults.take(req.method, rawPath);
	const faultType = fault ? fault.type : null;
	if (fault) entry.fault = faultType;
	if (faultType === 'resetBeforeRead') {
		entry.reset = true;
		req.socket.destroy();
		return;
	}

	let body;
	try {
		body = await readBody(req);
	} catch {
		entry.aborted = true;
		return;
	}
	entry.body = bodyForLog(body.text);

	const replacing = REPLACING_FAULTS.has(faultType);
	const gateResult = replacing ? {} : gate(ctx, req.headers);
	const admitted = !gateResult.outcome;
	const { switches } = ctx;
	// A proxy's HTML page stands in for StackOne's whole answer, so no heartbeat precedes it.
	const proxyAnswers = Boolean(fault && fault.html);
	const heartbeat =
		faultType === 'heartbeatError' ||
		(admitted && !proxyAnswers && switches.heartbeat && wantsHeartbeat(req.headers));

	let httpStatus = null;
	let heartbeatDone = null;
	if (heartbeat) {
		httpStatus = faultType === 'heartbeatError' ? 201 : switches.heartbeatStatus;
		heartbeatDone = startHeartbeat(res, {
			status: httpStatus,
			newlines: switches.heartbeatNewlines,
			intervalMs: switches.heartbeatIntervalMs,
		});
	}
	// A slow provider still does the work when the client has gone: processing happens after
	// the wait whatever became of the connection.
	await Promise.all([sleep(latency(switches) + (faultType === 'delay' ? fault.ms : 0)), heartbeatDone]);

	let outcome;
	if (replacing) outcome = faultOutcome(fault);
	else if (gateResult.outcome) outcome = gateResult.outcome;
	else {
		try {
			outcome = handleApi(ctx, {
				method: req.method,
				rawPath,
				query: lastValues(entry.query),
				headers: req.headers,
				body,
				accountId: gateResult.accountId,
			});
		} catch (e) {
			outcome = { status: 500, body: errorBody(500, `Sandbox error: ${e.message}`) };
		}
	}

	entry.outcome = outcome.status;
	// The work is done (a create stored, a delete done); only the answer becomes an error.
	if (faultType === 'statusAfterStore') outcome = faultOutcome(fault);
	const malformed = faultType === 'malformedJson';
	if (!heartbeat) httpStatus = malformed && fault.status ? fault.status : outcome.status;
	if (faultType === 'resetAfterStore') {
		entry.reset = true;
		req.socket.destroy();
		return;
	}
	entry.status = httpStatus;
	if (res.destroyed || res.writableEnded) {
		entry.clientGone = true;
		return;
	}
	ctx.countStatus(httpStatus);
	writeOutcome(res, outcome, { heartbeat, malformed, status: httpStatus });
}

async function handleApiRequest(ctx, req, res, rawPath, rawQuery) {
	const entry = {
		method: req.method,
		path: rawPath,
		query: parseQuery(rawQuery),
		headers: { ...req.headers },
		body: undefined,
		receivedAt: Date.now(),
		status: null,
	};
	ctx.requests.push(entry);
	try {
		await processApiRequest(ctx, req, res, entry, rawPath);
	} finally {
		entry.finishedAt = Date.now();
	}
}

function createServer(ctx) {
	return http.createServer((req, res) => {
		const rawUrl = req.url || '/';
		const q = rawUrl.indexOf('?');
		const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
		const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
		const handle =
			rawPath === '/_sandbox' || rawPath.startsWith('/_sandbox/')
				? handleControl(ctx, req, res, rawPath)
				: handleApiRequest(ctx, req, res, rawPath, rawQuery);
		handle.catch((e) => {
			if (!res.headersSent && !res.destroyed) {
				const text = JSON.stringify(errorBody(500, `Sandbox error: ${e.message}`));
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(text);
			} else res.destroy();
		});
	});
}

module.exports = { createServer };
