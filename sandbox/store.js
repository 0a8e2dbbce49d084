'use strict';

const RECORD_FIELDS = [
	'learning_object_external_reference',
	'learning_object_id',
	'result',
	'score',
	'time_spent',
	'completed_at',
	'content_external_reference',
	'content_id',
	'passthrough',
];

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

// Completion records, kept separately per linked account, in creation order.
class CompletionStore {
	constructor(accountIds) {
		this.accountIds = accountIds.slice();
		// Creation time in ms, kept off the record so that it stays as the API shows it.
		this.createdMs = new WeakMap();
		this.clear();
	}

	clear() {
		this.seq = 0;
		this.byAccount = new Map(this.accountIds.map((id) => [id, []]));
	}

	create(accountId, userId, body, nowMs = Date.now()) {
		this.seq += 1;
		const n = String(this.seq).padStart(4, '0');
		const now = new Date(nowMs).toISOString();
		const record = { id: `cmp_${n}`, remote_id: `rmt_${n}`, user_id: userId };
		for (const field of RECORD_FIELDS) {
			record[field] = body[field] === undefined ? null : clone(body[field]);
		}
		Object.assign(record, { created_at: now, updated_at: now, account_id: accountId });
		this.list(accountId).push(record);
		this.createdMs.set(record, nowMs);
		return record;
	}

	// The records an LMS that shows new records `delayMs` late would show at `nowMs`.
	visible(accountId, delayMs, nowMs = Date.now()) {
		const records = this.list(accountId);
		if (!(delayMs > 0)) return records;
		return records.filter((r) => this.createdMs.get(r) + delayMs <= nowMs);
	}

	list(accountId) {
		if (!this.byAccount.has(accountId)) this.byAccount.set(accountId, []);
		return this.byAccount.get(accountId);
	}

	remove(accountId, id, userId) {
		const records = this.list(accountId);
		const index = records.findIndex((r) => r.id === id && r.user_id === userId);
		if (index < 0) return false;
		records.splice(index, 1);
		return true;
	}

	counts() {
		const counts = {};
		for (const [accountId, records] of this.byAccount) counts[accountId] = records.length;
		return counts;
	}
}

module.exports = { CompletionStore };
