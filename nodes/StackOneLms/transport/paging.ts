import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { Context } from './attempt';

import type { StackOneRequest } from './interfaces';
import type { Delivery } from './index';
import { stackOneApiRequest } from './index';

export interface PageLimits {
	/** Stop once this many records are in (undefined: all of them). */
	limit?: number;
	/** Stop after this many pages, even if StackOne has more. */
	maxPages?: number;
	/** Stop as soon as this returns true for the records so far. */
	until?: (records: IDataObject[]) => boolean;
}

export interface Pages {
	records: IDataObject[];
	/** Whether StackOne has no more records than these. */
	complete: boolean;
}

const PAGE_SIZE = 100;

/** Follows StackOne's `next` cursor through a list endpoint, within the given limits. */
export async function stackOneGetPages(
	this: Context,
	credentials: ICredentialDataDecryptedObject,
	request: Omit<StackOneRequest, 'method'>,
	delivery: Delivery,
	{ limit, maxPages = Infinity, until }: PageLimits = {},
): Promise<Pages> {
	const records: IDataObject[] = [];
	let next: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const pageSize = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - records.length);
		const answer = await stackOneApiRequest.call(
			this,
			credentials,
			{
				...request,
				method: 'GET',
				qs: { ...request.qs, page_size: String(pageSize), ...(next ? { next } : {}) },
			},
			delivery,
		);
		const page = (Array.isArray(answer.data) ? answer.data : []) as IDataObject[];
		// With raw=true StackOne adds the LMS's raw answers per page: they ride on its first record.
		if (answer.raw !== undefined && page.length) page[0] = { ...page[0], raw: answer.raw };
		records.push(...page);
		next = typeof answer.next === 'string' && answer.next !== '' ? answer.next : undefined;
		if (limit !== undefined && records.length >= limit) {
			return { records: records.slice(0, limit), complete: !next && records.length <= limit };
		}
		if (!next || until?.(records)) return { records, complete: !next };
	}
	return { records, complete: false };
}
