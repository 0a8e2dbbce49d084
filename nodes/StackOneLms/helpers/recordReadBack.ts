import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Delivery } from '../transport';
import type { ReadBack } from '../transport/interfaces';
import { stackOneGetPages } from '../transport/paging';
import { recordsCompletion } from './completionMatch';
import { userCompletionsPath } from './completionPaths';
import type { CompletionBody } from './interfaces';

/**
 * How far before a request the read-back looks: the clocks of n8n, StackOne and the LMS (which
 * sets `updated_at`) may disagree by this much.
 */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60 * 1000;

/**
 * Finds, for a create whose outcome is unknown, the completion it may have stored: among the
 * user's completions changed since just before the request (every page), one that records the
 * same thing and that no other item of this execution has as its own.
 */
export class CompletionReadBack {
	/** Completion ids items of this execution were output with. */
	private readonly claimed = new Set<string>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly delivery: Delivery,
	) {}

	/** Marks a completion as an item's own, so no read-back takes it for another. */
	claim(id: unknown): void {
		if (typeof id === 'string' && id !== '') this.claimed.add(id);
	}

	readBackFor(
		userId: string,
		body: CompletionBody,
		accountId: string | undefined,
		itemIndex: number,
	): ReadBack {
		return async (sentAt) => {
			const { records } = await stackOneGetPages.call(
				this.context,
				this.credentials,
				{
					path: userCompletionsPath(userId),
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
					!this.claimed.has(String(record.id)) && recordsCompletion(record, body),
			);
			if (found) this.claimed.add(String(found.id));
			return found;
		};
	}
}
