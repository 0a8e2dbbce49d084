import type { IDataObject } from 'n8n-workflow';

/** What the trigger keeps between polls, in the node's static data. */
export interface PollState {
	/** What the state was made for (event, filters, account, start); another one starts afresh. */
	scope: string;
	/** The newest `updated_at` read so far, as ms. */
	cursor: number;
	/** Nothing older than this is emitted (the backfill start), as ms. */
	floor: number;
	/** The records emitted whose `updated_at` is inside the look-back window: [id, updated_at ms]. */
	emitted: Array<[string, number]>;
}

/** A state whose polls emit what changes from `start` on. */
export function startingState(scope: string, start: number): PollState {
	return { scope, cursor: start, floor: start, emitted: [] };
}

/**
 * Where the next poll reads from: the look-back window before the cursor, since a record can
 * become visible after a poll that its `updated_at` precedes.
 */
export function readFrom(state: PollState, windowMs: number): number {
	return Math.max(state.floor, state.cursor - windowMs);
}

function changedAt(record: IDataObject): number | undefined {
	const time = typeof record.updated_at === 'string' ? Date.parse(record.updated_at) : NaN;
	return Number.isNaN(time) ? undefined : time;
}

/**
 * What one complete read from `readFrom` yields: the records not emitted before (a record updated
 * again is new again), oldest first, and the state after them.
 */
export function advance(
	state: PollState,
	records: IDataObject[],
	windowMs: number,
): { emit: IDataObject[]; state: PollState } {
	const from = readFrom(state, windowMs);
	const seen = new Set(state.emitted.map(([id, time]) => `${id}\u0000${time}`));
	const fresh: Array<{ record: IDataObject; id: string; time: number }> = [];
	let cursor = state.cursor;
	for (const record of records) {
		// A record without an updated_at is taken as changed at the cursor: emitted once.
		const time = changedAt(record) ?? state.cursor;
		// Older than the window (an LMS that ignores the filter): emitted before, or too late to tell.
		if (time < from) continue;
		const id = String(record.id ?? '');
		const key = `${id}\u0000${time}`;
		cursor = Math.max(cursor, time);
		if (seen.has(key)) continue;
		seen.add(key);
		fresh.push({ record, id, time });
	}
	fresh.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
	const emitted = [
		...state.emitted,
		...fresh.map(({ id, time }): [string, number] => [id, time]),
	].filter(([, time]) => time >= cursor - windowMs);
	return {
		emit: fresh.map(({ record }) => record),
		state: { ...state, cursor, emitted },
	};
}
