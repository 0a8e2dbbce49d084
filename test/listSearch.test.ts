import type { INodeListSearchResult } from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';

import {
	searchContent,
	searchCourses,
	searchLearningObjects,
	searchUsers,
} from '../nodes/StackOneLms/methods/listSearch';
import { buildAdditionalData, buildWorkflow } from './helpers/runNode';
import { createParameters, credentialsFor, sandboxRequest, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';

const sandbox = useSandbox();

type Search = typeof searchUsers;

/** Calls a picker's search the way n8n's editor does, through a LoadOptionsContext. */
async function search(
	sb: Sandbox,
	filter?: string,
	paginationToken?: string,
	method: Search = searchUsers,
): Promise<INodeListSearchResult> {
	const { workflow, stackOneNode } = buildWorkflow({ parameters: createParameters() });
	const context = new LoadOptionsContext(
		workflow,
		stackOneNode,
		buildAdditionalData(credentialsFor(sb)),
		'user',
	);
	return await method.call(context, filter, paginationToken);
}

describe('User > From List', () => {
	it('pages through every LMS user, shown by name and email, valued by id', async () => {
		const sb = sandbox();
		const seen: INodeListSearchResult['results'] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await search(sb, undefined, token);
			seen.push(...page.results);
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token);

		expect(pages).toBeGreaterThan(1);
		expect(seen.map((result) => result.value)).toEqual(sb.users.map((user) => user.id));
		expect(seen[0].name).toBe(`${sb.users[0].name} (${sb.users[0].email})`);
		expect(sb.requests.every((request) => request.query.page_size === '50')).toBe(true);
	});

	it('asks StackOne to filter by email when the search is an email', async () => {
		const sb = sandbox();
		const target = sb.users[7];
		const page = await search(sb, target.email.toUpperCase());
		expect(page.results).toEqual([{ name: `${target.name} (${target.email})`, value: target.id }]);
		expect(sb.requests[0].query['filter[email]']).toBe(target.email.toUpperCase());
	});

	it('matches part of an email on the pages it reads, without asking StackOne to filter', async () => {
		const sb = sandbox();
		const target = sb.users[7];
		const partial = target.email.slice(0, target.email.indexOf('@') + 1);

		const page = await search(sb, partial);

		expect(page.results).toEqual([{ name: `${target.name} (${target.email})`, value: target.id }]);
		expect(sb.requests[0].query['filter[email]']).toBeUndefined();
	});

	it('filters a page by name for any other search', async () => {
		const sb = sandbox();
		const target = sb.users[3];
		const page = await search(sb, target.name.split(' ')[0].toLowerCase());
		expect(page.results.map((result) => result.value)).toContain(target.id);
		for (const result of page.results) {
			expect(result.name.toLowerCase()).toContain(target.name.split(' ')[0].toLowerCase());
		}
		expect(sb.requests[0].query['filter[email]']).toBeUndefined();
	});
});

describe.each([
	['Course', searchCourses, (sb: Sandbox) => sb.courses, '/unified/lms/courses'],
	['Content', searchContent, (sb: Sandbox) => sb.content, '/unified/lms/content'],
] as const)('%s > From List', (_label, method, seeds, path) => {
	it('lists every record by title and external reference, valued by id, page by page', async () => {
		const sb = sandbox();
		const seen: INodeListSearchResult['results'] = [];
		let token: string | undefined;
		do {
			const page = await search(sb, undefined, token, method);
			seen.push(...page.results);
			token = page.paginationToken as string | undefined;
		} while (token);

		const records = seeds(sb);
		expect(seen).toEqual(
			records.map((record) => ({
				name: `${record.title} (${record.external_reference})`,
				value: record.id,
			})),
		);
		expect(sb.requests.every((request) => request.path === path)).toBe(true);
	});

	it('filters a page by title, whatever the case', async () => {
		const sb = sandbox();
		const target = seeds(sb)[4];
		const word = target.title.split(' ')[0];

		const page = await search(sb, word.toUpperCase(), undefined, method);

		expect(page.results.map((result) => result.value)).toContain(target.id);
		for (const result of page.results)
			expect(result.name.toLowerCase()).toContain(word.toLowerCase());
	});
});

describe('Learning Object > From List', () => {
	it('lists content by title, valued by external reference, upserted learning objects too', async () => {
		const sb = sandbox();
		const upsert = await sandboxRequest(sb, 'PUT', '/unified/lms/content', {
			external_reference: 'published-1',
			title: 'Published Course',
		});
		expect(upsert.status).toBe(201);

		const seen: INodeListSearchResult['results'] = [];
		let token: string | undefined;
		do {
			const page = await search(sb, undefined, token, searchLearningObjects);
			seen.push(...page.results);
			token = page.paginationToken as string | undefined;
		} while (token);

		expect(seen).toEqual([
			...sb.content.map((record) => ({
				name: `${record.title} (${record.external_reference})`,
				value: record.external_reference,
			})),
			{ name: 'Published Course (published-1)', value: 'published-1' },
		]);

		const found = await search(sb, 'published', undefined, searchLearningObjects);
		expect(found.results).toEqual([
			{ name: 'Published Course (published-1)', value: 'published-1' },
		]);
	});
});
