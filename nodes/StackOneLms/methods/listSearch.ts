import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../transport/interfaces';
import { stackOneApiRequest } from '../transport';
import { isBlank } from '../helpers/fieldValues';

const PAGE_SIZE = '50';

/** A whole email address, which StackOne's filter[email] matches exactly. */
const WHOLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One page of LMS users for the User picker. StackOne filters by whole email addresses only, so
 * a whole address goes to the API; any other text (a name, part of an email) filters each page
 * by name and email here.
 */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const search = filter?.trim() ?? '';
	const qs: IDataObject = { page_size: PAGE_SIZE };
	if (paginationToken) qs.next = paginationToken;
	const wholeEmail = WHOLE_EMAIL.test(search);
	if (wholeEmail) qs['filter[email]'] = search;

	const answer = await stackOneApiRequest.call(this, credentials, {
		method: 'GET',
		path: '/unified/lms/users',
		qs,
	});
	const users = (Array.isArray(answer.data) ? answer.data : []) as IDataObject[];
	const needle = search.toLowerCase();
	const results = users
		.filter(
			(user) =>
				wholeEmail ||
				needle === '' ||
				`${String(user.name ?? '')} ${String(user.email ?? '')}`.toLowerCase().includes(needle),
		)
		.map((user) => ({
			name: user.email
				? `${String(user.name ?? user.id)} (${String(user.email)})`
				: String(user.name ?? user.id),
			value: String(user.id),
		}));
	return { results, paginationToken: answer.next || undefined };
}

/**
 * One page of `path`'s records for a picker, named by title. StackOne has no title filter, so a
 * search filters each page here.
 */
async function searchTitles(
	this: ILoadOptionsFunctions,
	path: string,
	filter?: string,
	paginationToken?: string,
	valueKey: 'id' | 'external_reference' = 'id',
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const qs: IDataObject = { page_size: PAGE_SIZE };
	if (paginationToken) qs.next = paginationToken;
	const answer = await stackOneApiRequest.call(this, credentials, { method: 'GET', path, qs });
	const records = (Array.isArray(answer.data) ? answer.data : []) as IDataObject[];
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = records
		.filter(
			(record) =>
				!isBlank(record[valueKey]) &&
				String(record.title ?? '')
					.toLowerCase()
					.includes(needle),
		)
		.map((record) => ({
			name: record.external_reference
				? `${String(record.title ?? record.id)} (${String(record.external_reference)})`
				: String(record.title ?? record.id),
			value: String(record[valueKey]),
		}));
	return { results, paginationToken: answer.next || undefined };
}

/** The Course picker: courses by title. */
export async function searchCourses(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchTitles.call(this, '/unified/lms/courses', filter, paginationToken);
}

/** The Content picker: learning objects by title. */
export async function searchContent(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchTitles.call(this, '/unified/lms/content', filter, paginationToken);
}

/**
 * The Learning Object picker of Create Completion and Create Assignment: content by title, with
 * the external reference as the value, since that is what those calls name a learning object by.
 */
export async function searchLearningObjects(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchTitles.call(
		this,
		'/unified/lms/content',
		filter,
		paginationToken,
		'external_reference',
	);
}
