'use strict';

const { isDateTime } = require('./validate');

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

function encodeCursor(offset) {
	return Buffer.from(`sandbox:${offset}`).toString('base64url');
}

function decodeCursor(cursor) {
	const match = /^sandbox:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : null;
}

class QueryError extends Error {}

function pageSize(query) {
	const raw = query.page_size;
	if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		throw new QueryError(`'page_size' must be a positive integer, got '${String(raw).slice(0, 40)}'.`);
	}
	return Math.min(Number(raw), MAX_PAGE_SIZE);
}

// filter[updated_after] (or the deprecated top-level updated_after).
function filterUpdatedAfter(items, query, updatedAt = (item) => item.updated_at) {
	const raw = query['filter[updated_after]'] ?? query.updated_after;
	if (raw === undefined || raw === '') return items;
	if (!isDateTime(raw)) {
		throw new QueryError(`'filter[updated_after]' must be a date-time string, got '${String(raw).slice(0, 40)}'.`);
	}
	const after = Date.parse(raw);
	return items.filter((item) => {
		const at = updatedAt(item);
		return Boolean(at) && Date.parse(at) > after;
	});
}

// Cursor paging: `next` is opaque; it is null on the last page. `offset` and `limit` are for
// the raw response, not the answer.
function paginate(items, query) {
	const size = pageSize(query);
	let offset = 0;
	if (query.next !== undefined && query.next !== '') {
		offset = decodeCursor(query.next);
		if (offset === null) throw new QueryError("The 'next' cursor is invalid.");
	}
	const data = items.slice(offset, offset + size);
	const end = offset + data.length;
	return { next: end < items.length ? encodeCursor(end) : null, data, offset, limit: size };
}

module.exports = { paginate, filterUpdatedAfter, QueryError, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
