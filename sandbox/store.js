'use strict';

const { pad } = require('./seed');

// Ids of new records, numbered on after the seeds so that they never collide with one, e.g.
// asg_0251 / remote-assignment-0251 after 250 seeded assignments.
class IdSequence {
	constructor(prefix, remotePrefix, after = 0) {
		Object.assign(this, { prefix, remotePrefix, after });
		this.reset();
	}

	reset() {
		this.last = this.after;
	}

	next() {
		this.last += 1;
		const n = pad(this.last);
		return { id: `${this.prefix}${n}`, remote_id: `${this.remotePrefix}${n}` };
	}
}

// The time (ISO) a record written at nowMs carries: lagMs earlier (the updatedAtLagMs switch).
function stampedAt(nowMs, lagMs) {
	return new Date(nowMs - lagMs).toISOString();
}

// The records an LMS that shows new records `delayMs` late shows at `nowMs`: those written at
// least that long ago (writtenMs(record) is when).
function shownAfterDelay(records, writtenMs, delayMs, nowMs) {
	if (!(delayMs > 0)) return records;
	return records.filter((r) => writtenMs(r) + delayMs <= nowMs);
}

// Records created through the API (completions, assignments), kept separately per linked
// account, in creation order.
class RecordStore {
	constructor(ids) {
		this.ids = ids;
		// Creation time in ms, kept off the record so that it stays as the API shows it.
		this.createdMs = new WeakMap();
		this.clear();
	}

	clear() {
		this.ids.reset();
		this.byAccount = new Map();
	}

	// build(ids, now): the record, given its { id, remote_id } and the creation time (ISO), stamped
	// lagMs before the write.
	create(accountId, build, lagMs = 0, nowMs = Date.now()) {
		const record = build(this.ids.next(), stampedAt(nowMs, lagMs));
		this.list(accountId).push(record);
		this.createdMs.set(record, nowMs);
		return record;
	}

	visible(accountId, delayMs, nowMs = Date.now()) {
		return shownAfterDelay(this.list(accountId), (r) => this.createdMs.get(r), delayMs, nowMs);
	}

	list(accountId) {
		if (!this.byAccount.has(accountId)) this.byAccount.set(accountId, []);
		return this.byAccount.get(accountId);
	}

	// Removes the first record that `test` accepts; false when there is none.
	remove(accountId, test) {
		const records = this.list(accountId);
		const index = records.findIndex(test);
		if (index < 0) return false;
		records.splice(index, 1);
		return true;
	}
}

module.exports = { IdSequence, RecordStore, shownAfterDelay, stampedAt };
