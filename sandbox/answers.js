'use strict';

// Building blocks of the route handlers, which answer { status, body?, headers? }.

const { errorBody } = require('./errors');
const { isJsonContentType } = require('./util');

function ok(body, status = 200) {
	return { status, body };
}

function error(status, message, extra) {
	return { status, body: errorBody(status, message, extra) };
}

function findUser(ctx, id) {
	return ctx.users.find((u) => u.id === id);
}

function userNotFound(id) {
	return error(404, `User '${id}' not found.`);
}

// { value } or { failure }: a 400 for a body that is too large, not declared JSON or not JSON.
function parseJsonBody(req) {
	if (req.body.tooLarge) return { failure: error(400, 'The request body is too large.') };
	if (!isJsonContentType(req.headers)) return { failure: error(400, 'The request body must be JSON (Content-Type: application/json).') };
	try {
		return { value: JSON.parse(req.body.text) };
	} catch (e) {
		return { failure: error(400, `The request body is not valid JSON: ${e.message}`) };
	}
}

module.exports = { ok, error, findUser, userNotFound, parseJsonBody };
