'use strict';

// The write routes. Each checks, in order: JSON body (400), schema (422, the message names the
// field), then what the route needs (user 404, batch size 413), and only then stores.

const { ok, error, findUser, userNotFound, parseJsonBody } = require('./answers');
const { bodyProblems, required, nonEmpty, anyArray } = require('./validate');
const { validateCompletion } = require('./validate-completion');
const { validateAssignment } = require('./validate-assignment');
const { validateContent, itemProblems } = require('./validate-content');
const { completionRecord, assignmentRecord } = require('./records');

const timestamp = () => new Date().toISOString();

// CreateResult, or UpsertResult with data.external_reference.
function created(data) {
	return ok({ statusCode: 201, message: 'Record created successfully.', timestamp: timestamp(), data }, 201);
}

// { body } or { failure }: 400 when the body is not JSON, 422 naming its first problem.
function checkedBody(req, validate) {
	const parsed = parseJsonBody(req);
	if (parsed.failure) return parsed;
	const [problem] = validate(parsed.value);
	return problem ? { failure: error(422, problem) } : { body: parsed.value };
}

// POST /users/{id}/...: store(ctx) is the store; build(ctx, fields) the record (records.js).
function userCreate(validate, store, build) {
	return (ctx, { id }, req) => {
		const checked = checkedBody(req, validate);
		if (checked.failure) return checked.failure;
		const user = findUser(ctx, id);
		if (!user) return userNotFound(id);
		const { body } = checked;
		const { accountId } = req;
		const lagMs = ctx.switches.updatedAtLagMs;
		const record = store(ctx).create(accountId, (ids, now) => build(ctx, { ids, user, body, now, accountId }), lagMs);
		return created({ id: record.id, remote_id: record.remote_id });
	};
}

// The course, or else the content as the account sees it now, with this external reference.
function findLearningObject(ctx, accountId, ref) {
	const course = ctx.courses.find((c) => c.external_reference === ref);
	if (course) return { object: course, isCourse: true };
	const content = ctx.contentStore.find(accountId, ref);
	return content ? { object: content, isCourse: false } : null;
}

function buildAssignment(ctx, fields) {
	const learningObject = findLearningObject(ctx, fields.accountId, fields.body.learning_object_external_reference);
	return assignmentRecord({ ...fields, learningObject });
}

function deleteUserCompletion(ctx, { id, subResourceId }, req) {
	if (!findUser(ctx, id)) return userNotFound(id);
	if (!ctx.completionStore.remove(req.accountId, (r) => r.id === subResourceId && r.user_id === id)) {
		return error(404, `Completion '${subResourceId}' not found.`);
	}
	if (ctx.switches.deleteStatus === 204) return { status: 204 };
	return ok({ statusCode: 200, message: 'Record deleted successfully.', timestamp: timestamp() });
}

function upsertContent(ctx, _params, req) {
	const checked = checkedBody(req, validateContent);
	if (checked.failure) return checked.failure;
	const { id, remote_id, external_reference } = ctx.contentStore.upsert(req.accountId, checked.body, ctx.switches.updatedAtLagMs);
	return created({ id, remote_id, external_reference });
}

const BATCH_FIELDS = { items: required(nonEmpty(anyArray)) };

// Each item on its own: stored when valid, else its problems in errors[i] (errors[i] is [] for
// a stored item).
function batchUpsertContent(ctx, _params, req) {
	const checked = checkedBody(req, (body) => bodyProblems(BATCH_FIELDS, body));
	if (checked.failure) return checked.failure;
	const { items } = checked.body;
	const max = ctx.switches.maxBatchItems;
	if (max !== null && items.length > max) {
		return error(413, `The batch has ${items.length} items; at most ${max} items are allowed per request.`);
	}
	const errors = items.map((item, i) => {
		const problems = itemProblems(item, i);
		if (problems.length === 0) ctx.contentStore.upsert(req.accountId, item, ctx.switches.updatedAtLagMs);
		return problems;
	});
	return ok({ statusCode: 202, message: 'Batch operation accepted', timestamp: timestamp(), errors }, 202);
}

// [method, path below /unified/lms, handler]
const WRITE_ROUTES = [
	[
		'POST',
		'users/:id/completions',
		userCreate(validateCompletion, (ctx) => ctx.completionStore, (_ctx, fields) => completionRecord(fields)),
	],
	['DELETE', 'users/:id/completions/:subResourceId', deleteUserCompletion],
	['POST', 'users/:id/assignments', userCreate(validateAssignment, (ctx) => ctx.assignmentStore, buildAssignment)],
	['PUT', 'content', upsertContent],
	['POST', 'content/batch', batchUpsertContent],
];

module.exports = { WRITE_ROUTES };
