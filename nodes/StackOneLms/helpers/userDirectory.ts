import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Delivery } from '../transport';
import { stackOneGetPages } from '../transport/paging';
import type { UserReference } from './itemParameters';

/** What to check when StackOne answers 404 to a request under a user's path. */
export const USER_NOT_FOUND_HINT =
	'Check the User: StackOne found no such LMS user in this account.';

/** Where the LMS ignores StackOne's email filter, how many pages of users are searched. */
export const MAX_EMAIL_SEARCH_PAGES = 10;

interface EmailSearch {
	matches: IDataObject[];
	/** Whether every user was looked at (false: the search stopped at the page bound). */
	complete: boolean;
}

/**
 * Turns a user reference into a StackOne user id. Each distinct email (per account) is looked up
 * once per execution; items that share it wait for the same lookup.
 */
export class UserDirectory {
	private readonly searches = new Map<string, Promise<EmailSearch>>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly delivery: Delivery,
	) {}

	async userIdFor(user: UserReference, itemIndex: number, accountId?: string): Promise<string> {
		if (user.by === 'id') return user.id;
		const { email } = user;
		const key = `${accountId ?? ''}\u0000${email.toLowerCase()}`;
		let search = this.searches.get(key);
		if (!search) {
			search = this.searchByEmail(email, accountId);
			this.searches.set(key, search);
		}
		let result: EmailSearch;
		try {
			result = await search;
		} catch (error) {
			throw new NodeOperationError(
				this.context.getNode(),
				`[item ${itemIndex}] Could not look up the user with email '${email}': ${(error as Error).message}`,
				{ itemIndex, description: (error as { description?: string }).description ?? undefined },
			);
		}
		return this.onlyMatch(result, email, itemIndex);
	}

	private onlyMatch({ matches, complete }: EmailSearch, email: string, itemIndex: number): string {
		if (matches.length === 1) return String(matches[0].id);
		const node = this.context.getNode();
		if (matches.length > 1) {
			throw new NodeOperationError(
				node,
				`[item ${itemIndex}] ${matches.length} LMS users have the email '${email}': ${matches.map((match) => String(match.id)).join(', ')}`,
				{ itemIndex, description: 'Pick the user By ID instead of By Email.' },
			);
		}
		throw new NodeOperationError(node, `[item ${itemIndex}] No LMS user has the email '${email}'`, {
			itemIndex,
			description: complete
				? 'Check the email, or pick the user From List or By ID.'
				: `This LMS ignores StackOne's email filter, so the node searched the first ${MAX_EMAIL_SEARCH_PAGES * 100} users only. Pick the user By ID.`,
		});
	}

	/**
	 * Asks StackOne to filter by email and keeps only exact matches. Where the LMS ignores the
	 * filter (the answer holds other emails), the pages are searched here, up to a bound.
	 */
	private async searchByEmail(email: string, accountId?: string): Promise<EmailSearch> {
		const wanted = email.toLowerCase();
		const isMatch = (user: IDataObject) => String(user.email ?? '').toLowerCase() === wanted;
		const { records, complete } = await stackOneGetPages.call(
			this.context,
			this.credentials,
			{ path: '/unified/lms/users', qs: { 'filter[email]': email }, accountId },
			this.delivery,
			{
				maxPages: MAX_EMAIL_SEARCH_PAGES,
				// A page holding only matches means the filter worked: no need to read further.
				until: (users) => users.every(isMatch),
			},
		);
		const matches = records.filter(isMatch);
		return { matches, complete: complete || records.every(isMatch) };
	}
}
