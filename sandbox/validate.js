'use strict';

// Hand-written checks of request bodies against the spec's DTOs (vendor LMS OpenAPI, validating
// copy). A type says what a value must be; problems() lists what is wrong with a value, each
// message naming the field, e.g. 'score.percentage' or 'skills[0].name'. Unknown keys are
// allowed everywhere, as in the spec.

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

// expect: what the messages say the value must be; test: the check; inner: the problems of a
// value that passed test (its properties or items).
function type(expect, test, inner = () => []) {
	return { expect, test, inner, nullable: false, required: false };
}

// The problems of `value` at `path`; [] when it fits. An absent value fits unless required.
function problems(t, value, path) {
	if (value === undefined) return t.required ? [`Validation failed: '${path}' is required.`] : [];
	if (value === null && t.nullable) return [];
	if (!t.test(value)) return [fail(path, t.expect, value)];
	return t.inner(value, path);
}

const string = type('a string', (v) => typeof v === 'string');
const number = type('a number', (v) => typeof v === 'number');
const anyObject = type('an object', isPlainObject);
const anyArray = type('an array', Array.isArray);

function oneOf(values, expect = `one of ${values.map((v) => `'${v}'`).join(', ')}`) {
	return type(expect, (v) => values.includes(v));
}

// null is allowed too.
function nullable(t, expect = `${t.expect} or null`) {
	return { ...t, expect, nullable: true };
}

function required(t) {
	return { ...t, required: true };
}

// A string or an array that must have something in it.
function nonEmpty(t) {
	const inner = (v, path) => (v.length === 0 ? [`Validation failed: '${path}' must not be empty.`] : t.inner(v, path));
	return { ...t, inner };
}

function arrayOf(item) {
	return type('an array', Array.isArray, (list, path) => list.flatMap((v, i) => problems(item, v, `${path}[${i}]`)));
}

function objectOf(fields) {
	return type('an object', isPlainObject, (object, path) =>
		Object.entries(fields).flatMap(([key, t]) => problems(t, object[key], path ? `${path}.${key}` : key)),
	);
}

// StackOne's { value, source_value } form of an enum: value one of `values` or null,
// source_value any JSON value.
function mappedEnum(values, expect) {
	return objectOf({ value: nullable(oneOf(values, expect)) });
}

const nullableString = nullable(string);
const nullableObject = nullable(anyObject);
// Messages about date-times do not add 'or null'.
const nullableDateTime = nullable(
	type('a date-time string (RFC 3339)', (v) => typeof v === 'string' && isDateTime(v)),
	'a date-time string (RFC 3339)',
);
const requiredReference = required(nonEmpty(string));

// The problems of a request body that must be an object with `fields`; [] when it is valid.
function bodyProblems(fields, body) {
	if (isPlainObject(body)) return objectOf(fields).inner(body, '');
	const needed = Object.keys(fields).filter((key) => fields[key].required);
	const naming = needed.map((key) => ` with '${key}'`).join('');
	return [`Validation failed: the request body must be a JSON object${naming}, got ${describe(body)}.`];
}

module.exports = {
	isDateTime,
	type,
	problems,
	bodyProblems,
	string,
	number,
	anyArray,
	nullable,
	required,
	nonEmpty,
	arrayOf,
	objectOf,
	mappedEnum,
	nullableString,
	nullableObject,
	nullableDateTime,
	requiredReference,
};
