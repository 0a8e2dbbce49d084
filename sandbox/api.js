'use strict';

const { paginate, filterUpdatedAfter, QueryError } = require('./paging');
const { applyFilters, exact, emailFilter, activeFilter, statusFilter } = require('./filters');
const { parseView, pickFields, providerRecord, rawExchange } = require('./views');
const { updatedAtOf } = require('./seed');
const { ok, error, findUser, userNotFound } = require('./answers');
const { WRITE_ROUTES } = require('./writes');

// Records created through the API as the list/get endpoints show them (the store keeps more).
function publicRecord(record) {
	if (!('account_id' in record)) return record;
	const shown = { ...record };
	delete shown.account_id;
	delete shown.passthrough;
	return shown;
}

// What the read endpoints see of a store's records for the request's account (visibilityDelayMs
// hides new ones).
function visible(ctx, store, req) {
	return store.visible(req.accountId, ctx.switches.visibilityDelayMs);
}

const externalReference = exact('filter[external_reference]', 'external_reference');

/**
 * What the GET endpoints serve. path: below /unified/lms; noun: in 404 messages; records(ctx,
 * req): the records in list order; filters: beside filter[updated_after], which every list takes;
 * show: a record as the API shows it; provider: the provider's path in `raw`; perUser: also
 * served below /users/{id}/.
 */
const RESOURCES = [
	{
		path: 'users',
		noun: 'User',
		records: (ctx) => ctx.users,
		filters: [emailFilter, externalReference],
		provider: 'people',
	},
	{
		path: 'courses',
		noun: 'Course',
		records: (ctx) => ctx.courses,
		filters: [externalReference, activeFilter],
		provider: 'courses',
	},
	{
		path: 'content',
		noun: 'Content',
		records: (ctx, req) => visible(ctx, ctx.contentStore, req),
		filters: [activeFilter],
		provider: 'learning-objects',
	},
	{
		path: 'assignments',
		noun: 'Assignment',
		records: (ctx, req) => ctx.assignments.concat(visible(ctx, ctx.assignmentStore, req)),
		filters: [statusFilter, exact('user_id', 'user_id'), exact('remote_user_id', 'remote_user_id')],
		show: publicRecord,
		provider: 'enrollments',
		perUser: true,
	},
	{
		path: 'completions',
		noun: 'Completion',
		records: (ctx, req) => visible(ctx, ctx.completionStore, req),
		show: publicRecord,
		provider: 'completions',
		perUser: true,
	},
	{ path: 'categories', noun: 'Category', records: (ctx) => ctx.categories, provider: 'categories' },
	{ path: 'skills', noun: 'Skill', records: (ctx) => ctx.skills, provider: 'skills' },
].map((resource) => ({ filters: [], show: (record) => record, perUser: false, ...resource }));

// The provider's path of a resource, below the user's when the read is per user.
function providerPath(resource, user) {
	return user ? `users/${encodeURIComponent(user.remote_id)}/${resource.provider}` : resource.provider;
}

// The records of a list or get: all of them, or one user's (null when that user is unknown).
function scope(ctx, resource, req, userId) {
	const records = resource.records(ctx, req);
	if (userId === undefined) return { records };
	const user = findUser(ctx, userId);
	return user ? { user, records: records.filter((r) => r.user_id === userId) } : null;
}

// The list's own filters, then filter[updated_after].
function filterRecords(ctx, resource, records, query) {
	const filtered = applyFilters(records, resource.filters, query, ctx);
	return filterUpdatedAfter(filtered, query, updatedAtOf);
}

// The provider call behind one page of a list.
function rawPage(resource, user, page, total) {
	const items = page.data.map((record) => providerRecord(resource.show(record), updatedAtOf(record)));
	const { offset, limit } = page;
	const path = `${providerPath(resource, user)}?offset=${offset}&limit=${limit}`;
	return rawExchange(path, { items, total, offset, limit });
}

// The provider call behind a get.
function rawRecord(resource, user, record) {
	const shown = resource.show(record);
	const path = `${providerPath(resource, user)}/${encodeURIComponent(shown.remote_id)}`;
	return rawExchange(path, providerRecord(shown, updatedAtOf(record)));
}

function listRecords(ctx, resource, req, userId) {
	const { query } = req;
	const scoped = scope(ctx, resource, req, userId);
	if (!scoped) return userNotFound(userId);
	const view = parseView(query);
	const filtered = filterRecords(ctx, resource, scoped.records, query);
	const page = paginate(filtered, query);
	const data = page.data.map((record) => pickFields(resource.show(record), view.fields));
	const body = { next: page.next, data };
	if (view.raw) body.raw = [rawPage(resource, scoped.user, page, filtered.length)];
	return ok(body);
}

function getRecord(ctx, resource, req, id, userId) {
	const scoped = scope(ctx, resource, req, userId);
	if (!scoped) return userNotFound(userId);
	const view = parseView(req.query);
	const record = scoped.records.find((r) => r.id === id);
	if (!record) return error(404, `${resource.noun} '${id}' not found.`);
	const body = { data: pickFields(resource.show(record), view.fields) };
	if (view.raw) body.raw = [rawRecord(resource, scoped.user, record)];
	return ok(body);
}

// GET <path> and <path>/:id, and below /users/:id/ for per-user resources.
function readRoutes(resource) {
	const routes = [
		['GET', resource.path, (ctx, _params, req) => listRecords(ctx, resource, req)],
		['GET', `${resource.path}/:id`, (ctx, { id }, req) => getRecord(ctx, resource, req, id)],
	];
	if (!resource.perUser) return routes;
	return routes.concat([
		['GET', `users/:id/${resource.path}`, (ctx, { id }, req) => listRecords(ctx, resource, req, id)],
		[
			'GET',
			`users/:id/${resource.path}/:subResourceId`,
			(ctx, { id, subResourceId }, req) => getRecord(ctx, resource, req, subResourceId, id),
		],
	]);
}

// Paths below /unified/lms. `:name` segments are path parameters.
const ROUTES = [
	...RESOURCES.flatMap(readRoutes),
	...WRITE_ROUTES,
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
