'use strict';

const { QueryError } = require('./paging');

// The LMS behind StackOne, as the `raw` answers name it.
const PROVIDER_API = 'https://lms-provider.example/api/v1';

// `fields=a,b`: each record keeps only those top-level keys; unknown names are ignored, and an
// absent or empty list keeps every key.
function parseFields(query) {
	if (query.fields === undefined) return null;
	const names = query.fields
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	return names.length > 0 ? new Set(names) : null;
}

function pickFields(record, fields) {
	if (!fields) return record;
	return Object.fromEntries(Object.entries(record).filter(([key]) => fields.has(key)));
}

function parseRaw(query) {
	const value = query.raw;
	if (value === undefined || value === '' || value === 'false') return false;
	if (value === 'true') return true;
	throw new QueryError(`'raw' must be true or false, got '${String(value).slice(0, 40)}'.`);
}

// What a read asked for beyond the records themselves: { fields: Set | null, raw: boolean }.
function parseView(query) {
	return { fields: parseFields(query), raw: parseRaw(query) };
}

const camelCase = (key) => key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

const isEnumValue = (value) =>
	value !== null && typeof value === 'object' && !Array.isArray(value) && 'source_value' in value;

// Where StackOne maps an enum, the provider has only its own value.
function providerValue(value) {
	if (isEnumValue(value)) return value.source_value;
	return Array.isArray(value) ? value.map(providerValue) : value;
}

// The record as the provider itself keeps it: camelCase keys, its own values of mapped enums, its
// own ids only (where the record has `x` and `remote_x`, the provider's `x` is `remote_x`), and
// its change time.
function providerRecord(record, updatedAt) {
	const own = {};
	for (const [key, value] of Object.entries(record)) {
		if (key.startsWith('remote_')) continue;
		const remoteKey = `remote_${key}`;
		own[camelCase(key)] = providerValue(remoteKey in record ? record[remoteKey] : value);
	}
	own.updatedAt = updatedAt;
	return own;
}

// One entry of the `raw` array (the spec's RawResponse): the provider call StackOne made.
function rawExchange(path, response) {
	return { method: 'GET', url: `${PROVIDER_API}/${path}`, body: null, response };
}

module.exports = { parseView, pickFields, providerRecord, rawExchange };
