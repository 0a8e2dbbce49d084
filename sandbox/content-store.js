'use strict';

const { IdSequence, shownAfterDelay, stampedAt } = require('./store');
const { contentRecord } = require('./records');

const last = (list) => list[list.length - 1];

// Content written by PUT /content and POST /content/batch, per linked account, keyed by
// external_reference. A write replaces the record whole, keeping its id, remote_id and created_at
// (a seed's too). Every version is kept with its write time, so that a read shows the version an
// LMS that is `delayMs` late would show: until then the previous one, the seed, or nothing.
class ContentStore {
	constructor(seeds) {
		// external_reference -> seed, in seed order.
		this.seeds = new Map(seeds.map((s) => [s.external_reference, s]));
		this.ids = new IdSequence('cnt_', 'remote-content-', seeds.length);
		this.clear();
	}

	clear() {
		this.ids.reset();
		// accountId -> Map(external_reference -> [{ record, writtenMs }]), in order of first write.
		this.byAccount = new Map();
	}

	versions(accountId) {
		if (!this.byAccount.has(accountId)) this.byAccount.set(accountId, new Map());
		return this.byAccount.get(accountId);
	}

	// The account's record with this external_reference as a read with no delay shows it: its
	// current version, else its seed; undefined when there is neither.
	find(accountId, ref) {
		const history = this.versions(accountId).get(ref);
		return history ? last(history).record : this.seeds.get(ref);
	}

	// lagMs: how much earlier than the write the record's updated_at is stamped.
	upsert(accountId, body, lagMs = 0, nowMs = Date.now()) {
		const ref = body.external_reference;
		const previous = this.find(accountId, ref);
		const now = stampedAt(nowMs, lagMs);
		const record = contentRecord({ identity: previous || { ...this.ids.next(), created_at: now }, body, now });
		const history = this.versions(accountId).get(ref) || [];
		history.push({ record, writtenMs: nowMs });
		this.versions(accountId).set(ref, history);
		return record;
	}

	// The current version of each record written through the API.
	current(accountId) {
		return [...this.versions(accountId).values()].map((history) => last(history).record);
	}

	// Item writes so far, a rewrite of the same record included: each write added one version.
	writeCount(accountId) {
		return [...this.versions(accountId).values()].reduce((sum, history) => sum + history.length, 0);
	}

	// The account's content as reads show it: the seeds (a rewritten one in its shown version),
	// then the records first written through the API.
	visible(accountId, delayMs, nowMs = Date.now()) {
		const versions = this.versions(accountId);
		const shown = (ref) => {
			const history = shownAfterDelay(versions.get(ref) || [], (v) => v.writtenMs, delayMs, nowMs);
			return history.length > 0 ? last(history).record : undefined;
		};
		const seeded = [...this.seeds].map(([ref, seed]) => shown(ref) || seed);
		const added = [...versions.keys()].filter((ref) => !this.seeds.has(ref)).map(shown);
		return seeded.concat(added.filter(Boolean));
	}
}

module.exports = { ContentStore };
