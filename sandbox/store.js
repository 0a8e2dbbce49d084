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
		this.clear();
	}

	clear() {
		this.seq = 0;
		this.byAccount = new Map(this.accountIds.map((id) => [id, []]));
	}

	create(accountId, userId, body) {
		this.seq += 1;
		const n = String(this.seq).padStart(4, '0');
		const now = new Date().toISOString();
		const record = { id: `cmp_${n}`, remote_id: `rmt_${n}`, user_id: userId };
		for (const field of RECORD_FIELDS) {
			record[field] = body[field] === undefined ? null : clone(body[field]);
		}
		Object.assign(record, { created_at: now, updated_at: now, account_id: accountId });
		this.list(accountId).push(record);
		return record;
	}

	list(accountId) {
		if (!this.byAccount.has(accountId)) this.byAccount.set(accountId, []);
		return this.byAccount.get(accountId);
	}

	find(accountId, id, userId) {
		return this.list(accountId).find((r) => r.id === id && (userId === undefined || r.user_id === userId));
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
