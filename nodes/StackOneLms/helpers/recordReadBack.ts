import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Delivery } from '../transport';
import type { ReadBack } from '../transport/interfaces';
import { stackOneGetPages } from '../transport/paging';
import type { UserRecordKind } from './userRecordKinds';

/**
 * How far before a request the read-back looks: the clocks of n8n, StackOne and the LMS (which
 * sets `updated_at`) may disagree by this much.
 */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60 * 1000;

/**
 * Finds, for a create whose outcome is unknown, the record it may have stored: among the user's
 * records of its kind changed since just before the request (every page), one that records the
 * same thing and that no other item of this execution has as its own.
 */
export class RecordReadBack {
	/** Records items of this execution were output with, by kind and id. */
	private readonly claimed = new Set<string>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly delivery: Delivery,
	) {}

	/** Marks a record as an item's own, so no read-back takes it for another. */
	claim<Body extends IDataObject>(kind: UserRecordKind<Body>, id: unknown): void {
		if (typeof id === 'string' && id !== '') this.claimed.add(claimKey(kind, id));
	}

	readBackFor<Body extends IDataObject>(
		kind: UserRecordKind<Body>,
		userId: string,
		body: Body,
		accountId: string | undefined,
		itemIndex: number,
	): ReadBack {
		return async (sentAt) => {
			const { records } = await stackOneGetPages.call(
				this.context,
				this.credentials,
				{
					path: kind.path(userId),
					qs: {
						'filter[updated_after]': new Date(sentAt - CLOCK_SKEW_MARGIN_MS).toISOString(),
					},
					accountId,
					itemIndex,
				},
				this.delivery,
			);
			const found = records.find(
				(record: IDataObject) =>
					!this.claimed.has(claimKey(kind, String(record.id))) && kind.matches(record, body),
			);
			if (found) this.claim(kind, String(found.id));
			return found;
		};
	}
}

function claimKey<Body extends IDataObject>(kind: UserRecordKind<Body>, id: string): string {
	return `${kind.noun}\u0000${id}`;
}
