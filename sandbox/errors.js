'use strict';

const { STATUS_CODES } = require('http');

// StackOne's error body: { statusCode, message, timestamp }; a 400 also carries
// `data` (UnifiedError) and `provider_errors[]`.
function errorBody(statusCode, message, extra) {
	const body = { statusCode, message, timestamp: new Date().toISOString() };
	if (statusCode === 400) {
		body.data = {};
		body.provider_errors = [];
	}
	return Object.assign(body, extra || {});
}

const DEFAULT_MESSAGES = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden resource',
	404: 'Not Found',
	408: 'Request timed out',
	409: 'Conflict',
	412: 'Precondition failed: the linked account belongs to a disabled integration.',
	422: 'Unprocessable Entity',
	429: 'Too many requests',
	500: 'Internal server error',
	501: 'Not implemented',
	502: 'Bad gateway',
	503: 'Service unavailable',
	504: 'Gateway timeout',
};

function defaultMessage(status) {
	return DEFAULT_MESSAGES[status] || `HTTP ${status}`;
}

// The error page a proxy in front of StackOne (nginx) answers with, instead of StackOne's JSON.
function htmlErrorPage(status) {
	const title = [status, STATUS_CODES[status]].filter(Boolean).join(' ');
	return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
}

module.exports = { errorBody, defaultMessage, htmlErrorPage };
