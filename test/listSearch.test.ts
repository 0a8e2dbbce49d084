import type { INodeListSearchResult } from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';

import { searchUsers } from '../nodes/StackOneLms/methods/listSearch';
import { buildAdditionalData, buildWorkflow } from './helpers/runNode';
import { createParameters, credentialsFor, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';

const sandbox = useSandbox();

/** Calls the User picker's search the way n8n's editor does, through a LoadOptionsContext. */
async function search(
	sb: Sandbox,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { workflow, stackOneNode } = buildWorkflow({ parameters: createParameters() });
	const context = new LoadOptionsContext(
		workflow,
		stackOneNode,
		buildAdditionalData(credentialsFor(sb)),
		'user',
	);
	return await searchUsers.call(context, filter, paginationToken);
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
