'use strict';

const { errorBody } = require('./errors');
const { paginate, filterUpdatedAfter, QueryError } = require('./paging');
const { validateCompletion } = require('./validate-completion');
const { isJsonContentType } = require('./util');

function ok(body, status = 200) {
	return { status, body };
}

function error(status, message, extra) {
	return { status, body: errorBody(status, message, extra) };
}

// Completion records as the list/get endpoints show them (the store keeps more).
function publicCompletion(record) {
	const shown = { ...record };
	delete shown.account_id;
	delete shown.passthrough;
	return shown;
}

// What the read endpoints see of an account's completions (visibilityDelayMs hides new ones).
function visibleCompletions(ctx, accountId) {
	return ctx.store.visible(accountId, ctx.switches.visibilityDelayMs);
}

function findUser(ctx, id) {
	return ctx.users.find((u) => u.id === id);
}

function userNotFound(id) {
	return error(404, `User '${id}' not found.`);
}

function listUsers(ctx, _params, req) {
	const { query } = req;
	let users = ctx.users;
	const email = query['filter[email]'];
	if (email && !ctx.switches.ignoreEmailFilter) {
		const wanted = email.toLowerCase();
		users = users.filter((u) => typeof u.email === 'string' && u.email.toLowerCase() === wanted);
	}
	const externalReference = query['filter[external_reference]'];
	if (externalReference) users = users.filter((u) => u.external_reference === externalReference);
	return ok(paginate(filterUpdatedAfter(users, query), query));
}

function getUser(ctx, { id }) {
	const user = findUser(ctx, id);
	return user ? ok({ data: user }) : userNotFound(id);
}

function listContent(ctx, _params, req) {
	const { query } = req;
	let content = ctx.content;
	if (query['filter[active]'] === 'true') content = content.filter((c) => c.active === true);
	return ok(paginate(filterUpdatedAfter(content, query), query));
}

function getContent(ctx, { id }) {
	const item = ctx.content.find((c) => c.id === id);
	return item ? ok({ data: item }) : error(404, `Content '${id}' not found.`);
}

function parseJsonBody(req) {
	if (req.body.tooLarge) return { failure: error(400, 'The request body is too large.') };
	if (!isJsonContentType(req.headers)) return { failure: error(400, 'The request body must be JSON (Content-Type: application/json).') };
	try {
		return { value: JSON.parse(req.body.text) };
	} catch (e) {
		return { failure: error(400, `The request body is not valid JSON: ${e.message}`) };
	}
}

function createCompletion(ctx, { id }, req) {
	const parsed = parseJsonBody(req);
	if (parsed.failure) return parsed.failure;
	const problem = validateCompletion(parsed.value);
	if (problem) return error(422, problem);
	if (!findUser(ctx, id)) return userNotFound(id);
	const record = ctx.store.create(req.accountId, id, parsed.value);
	return ok(
		{
			statusCode: 201,
			message: 'Record created successfully.',
			timestamp: new Date().toISOString(),
			data: { id: record.id, remote_id: record.remote_id },
		},
		201,
	);
}

function listUserCompletions(ctx, { id }, req) {
	if (!findUser(ctx, id)) return userNotFound(id);
	const records = visibleCompletions(ctx, req.accountId).filter((r) => r.user_id === id);
	const page = paginate(filterUpdatedAfter(records, req.query), req.query);
	return ok({ next: page.next, data: page.data.map(publicCompletion) });
}

function getUserCompletion(ctx, { id, subResourceId }, req) {
	if (!findUser(ctx, id)) return userNotFound(id);
	const record = visibleCompletions(ctx, req.accountId).find((r) => r.id === subResourceId && r.user_id === id);
	return record ? ok({ data: publicCompletion(record) }) : error(404, `Completion '${subResourceId}' not found.`);
}

function deleteUserCompletion(ctx, { id, subResourceId }, req) {
	if (!findUser(ctx, id)) return userNotFound(id);
	if (!ctx.store.remove(req.accountId, subResourceId, id)) {
		return error(404, `Completion '${subResourceId}' not found.`);
	}
	if (ctx.switches.deleteStatus === 204) return { status: 204 };
	return ok({ statusCode: 200, message: 'Record deleted successfully.', timestamp: new Date().toISOString() });
}

function listCompletions(ctx, _params, req) {
	const records = visibleCompletions(ctx, req.accountId);
	const page = paginate(filterUpdatedAfter(records, req.query), req.query);
	return ok({ next: page.next, data: page.data.map(publicCompletion) });
}

function getCompletion(ctx, { id }, req) {
	const record = visibleCompletions(ctx, req.accountId).find((r) => r.id === id);
	return record ? ok({ data: publicCompletion(record) }) : error(404, `Completion '${id}' not found.`);
}

// Paths below /unified/lms. `:name` segments are path parameters.
const ROUTES = [
	['GET', 'users', listUsers],
	['GET', 'users/:id', getUser],
	['GET', 'users/:id/completions', listUserCompletions],
	['POST', 'users/:id/completions', createCompletion],
	['GET', 'users/:id/completions/:subResourceId', getUserCompletion],
	['DELETE', 'users/:id/completions/:subResourceId', deleteUserCompletion],
	['GET', 'completions', listCompletions],
	['GET', 'completions/:id', getCompletion],
	['GET', 'content', listContent],
	['GET', 'content/:id', getContent],
].map(([method, pattern, handler]) => ({ method, parts: ['', 'unified', 'lms', ...pattern.split('/')], handler }));

class PathError extends Error {}

// Routing works on the raw path as received: it is split on '/' first and only then is each
// parameter segment percent-decoded, once. So an encoded id ('..%2Fx') is one segment, while an
// unencoded '../x' adds segments and matches no route.
function matchRoute(method, rawPath) {
	const segments = rawPath.split('/');
	const route = ROUTES.find(
		(r) =>
			r.method === method &&
			r.parts.length === segments.length &&
			r.parts.every((part, i) => part.startsWith(':') || part === segments[i]),
	);
	if (!route) return null;
	const params = {};
	route.parts.forEach((part, i) => {
		if (!part.startsWith(':')) return;
		try {
			params[part.slice(1)] = decodeURIComponent(segments[i]);
		} catch {
			throw new PathError(`The path segment '${segments[i].slice(0, 60)}' is not valid percent-encoding.`);
		}
	});
	return { route, params };
}

// Answers an authenticated API request: { status, body?, headers? }.
function handleApi(ctx, req) {
	let match;
	try {
		match = matchRoute(req.method, req.rawPath);
	} catch (e) {
		if (e instanceof PathError) return error(400, e.message);
		throw e;
	}
	if (!match) return error(404, `Cannot ${req.method} ${req.rawPath.slice(0, 200)}`);
	try {
		return match.route.handler(ctx, match.params, req);
	} catch (e) {
		if (e instanceof QueryError) return error(400, e.message);
		throw e;
	}
}

module.exports = { handleApi, matchRoute };
