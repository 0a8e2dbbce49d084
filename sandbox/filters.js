'use strict';

const { QueryError } = require('./paging');

const ASSIGNMENT_STATUSES = ['pending', 'in_progress', 'completed', 'unmapped_value'];

function invalid(param, expected, value) {
	return new QueryError(`'${param}' must be ${expected}, got '${String(value).slice(0, 40)}'.`);
}

// A list filter reads one query parameter and answers a predicate on records (null: keep all).
// It throws a QueryError for a value StackOne would reject.
function exact(param, key) {
	return { param, predicate: (value) => (record) => record[key] === value };
}

const emailFilter = {
	param: 'filter[email]',
	predicate(value, ctx) {
		if (ctx.switches.ignoreEmailFilter) return null;
		const wanted = value.toLowerCase();
		return (user) => typeof user.email === 'string' && user.email.toLowerCase() === wanted;
	},
};

// The spec only defines `true`; `false` selects the inactive records.
const activeFilter = {
	param: 'filter[active]',
	predicate(value) {
		if (value !== 'true' && value !== 'false') throw invalid('filter[active]', 'true or false', value);
		// Records may say active as a boolean or as the string 'true' / 'false'.
		return (record) => String(record.active) === value;
	},
};

const statusFilter = {
	param: 'filter[status]',
	predicate(value) {
		if (!ASSIGNMENT_STATUSES.includes(value)) {
			throw invalid('filter[status]', `one of ${ASSIGNMENT_STATUSES.join(', ')}`, value);
		}
		return (record) => Boolean(record.status) && record.status.value === value;
	},
};

// An absent or empty parameter filters nothing.
function applyFilters(records, filters, query, ctx) {
	let kept = records;
	for (const filter of filters) {
		const value = query[filter.param];
		if (value === undefined || value === '') continue;
		const keep = filter.predicate(value, ctx);
		if (keep) kept = kept.filter(keep);
	}
	return kept;
}

module.exports = { applyFilters, exact, emailFilter, activeFilter, statusFilter, ASSIGNMENT_STATUSES };
