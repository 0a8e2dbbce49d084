'use strict';

// Hand-written check of LmsCreateCompletionRequestDto (vendor LMS OpenAPI, validating copy).
// Returns null when the body is valid, else a message naming the first offending field.
// Unknown keys are allowed, at the top level and inside `result` / `score`, as in the schema.

const RESULT_VALUES = ['Pass', 'Fail', 'unmapped_value'];
const NULLABLE_STRINGS = ['learning_object_id', 'time_spent', 'content_external_reference', 'content_id'];

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') {
		const shown = value.length > 60 ? `${value.slice(0, 60)}...` : value;
		return `'${shown}'`;
	}
	return `${typeof value} ${String(value)}`;
}

function fail(path, expectation, value) {
	return `Validation failed: '${path}' must be ${expectation}, got ${describe(value)}.`;
}

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)$/i;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year) {
	return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

// Same rules as ajv-formats' full "date-time" (RFC 3339 section 5.6): a time zone is required,
// the separator may be T, t or a space, a leap second only at 23:59:60 UTC.
function isDateTime(str) {
	const parts = str.split(/t|\s/i);
	if (parts.length !== 2) return false;
	const d = DATE.exec(parts[0]);
	if (!d) return false;
	const year = +d[1];
	const month = +d[2];
	const day = +d[3];
	if (month < 1 || month > 12 || day < 1) return false;
	if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS[month])) return false;
	const t = TIME.exec(parts[1]);
	if (!t) return false;
	const hr = +t[1];
	const min = +t[2];
	const sec = +t[3];
	const tzSign = t[5] === '-' ? -1 : 1;
	const tzH = +(t[6] || 0);
	const tzM = +(t[7] || 0);
	if (tzH > 23 || tzM > 59) return false;
	if (hr <= 23 && min <= 59 && sec < 60) return true;
	const utcMin = min - tzM * tzSign;
	const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
	return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

function checkResult(result) {
	if (result === null || result === undefined) return null;
	if (!isPlainObject(result)) return fail('result', 'an object or null', result);
	const { value } = result;
	if (value !== undefined && value !== null && !RESULT_VALUES.includes(value)) {
		return fail('result.value', "one of 'Pass', 'Fail', 'unmapped_value' or null", value);
	}
	// source_value may be any JSON value (string, number, boolean, object, array or null).
	return null;
}

function checkScore(score) {
	if (score === null || score === undefined) return null;
	if (!isPlainObject(score)) return fail('score', 'an object or null', score);
	const { percentage, raw_value: rawValue } = score;
	if (percentage !== undefined && percentage !== null && typeof percentage !== 'number') {
		return fail('score.percentage', 'a number or null', percentage);
	}
	if (rawValue !== undefined && rawValue !== null && typeof rawValue !== 'string') {
		return fail('score.raw_value', 'a string or null', rawValue);
	}
	return null;
}

function validateCompletion(body) {
	if (!isPlainObject(body)) return `Validation failed: the request body must be a JSON object, got ${describe(body)}.`;

	const ref = body.learning_object_external_reference;
	if (ref === undefined) return "Validation failed: 'learning_object_external_reference' is required.";
	if (typeof ref !== 'string') return fail('learning_object_external_reference', 'a string', ref);
	if (ref === '') return "Validation failed: 'learning_object_external_reference' must not be empty.";

	for (const field of NULLABLE_STRINGS) {
		const value = body[field];
		if (value !== undefined && value !== null && typeof value !== 'string') {
			return fail(field, 'a string or null', value);
		}
	}

	const completedAt = body.completed_at;
	if (completedAt !== undefined && completedAt !== null) {
		if (typeof completedAt !== 'string' || !isDateTime(completedAt)) {
			return fail('completed_at', 'a date-time string (RFC 3339)', completedAt);
		}
	}

	const resultError = checkResult(body.result);
	if (resultError) return resultError;
	const scoreError = checkScore(body.score);
	if (scoreError) return scoreError;

	const { passthrough } = body;
	if (passthrough !== undefined && passthrough !== null && !isPlainObject(passthrough)) {
		return fail('passthrough', 'an object or null', passthrough);
	}
	return null;
}

module.exports = { validateCompletion, isDateTime };
