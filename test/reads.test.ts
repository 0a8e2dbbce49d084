import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { READ_RESOURCES } from '../nodes/StackOneLms/actions/read/readResources';
import type { ReadResource } from '../nodes/StackOneLms/actions/read/readResources';
import { runNode } from './helpers/runNode';
import { credentialsFor, itemsFor, runCreate, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';
import { pairedIndex } from './helpers/tally';

const sandbox = useSandbox();

jest.setTimeout(60000);

const UNLIMITED = { maxRequestsPerMinute: 1e6 };

/** Runs one read of `resource` against the sandbox. */
async function read(
	sb: Sandbox,
	resource: string,
	operation: 'get' | 'getMany',
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
) {
	return await runNode({
		parameters: {
			resource,
			operation,
			...parameters,
			options: { ...UNLIMITED, ...(parameters.options as object) },
		},
		items,
		credentials: credentialsFor(sb),
		onError,
	});
}

/** Every record of a resource the sandbox holds (completions: those the test created). */
function seedsOf(sb: Sandbox, resource: string): IDataObject[] {
	const seeds: Record<string, () => unknown[]> = {
		assignment: () => sb.assignments,
		category: () => sb.categories,
		completion: () =>
			sb.completions().map(({ account_id: _account, passthrough: _p, ...shown }) => shown),
		content: () => sb.content,
		course: () => sb.courses,
		skill: () => sb.skills,
		user: () => sb.users,
	};
	return seeds[resource]() as IDataObject[];
}

/** The parameters that name one record of `resource` By ID. */
function naming(resource: ReadResource, id: string): INodeParameters {
	if (resource.id === 'user') return { user: { __rl: true, mode: 'id', value: id } };
	const { parameter } = resource.id;
	return {
		[parameter.name]:
			parameter.type === 'resourceLocator' ? { __rl: true, mode: 'id', value: id } : id,
	};
}

function getRequests(sb: Sandbox) {
	return sb.requests.filter((request) => request.method === 'GET');
}

/** Resource values in the order of the table. */
const resources = READ_RESOURCES.map((resource) => [resource.value, resource] as const);

describe('Reads: every resource through the generic Get and Get Many', () => {
	async function withCompletions(sb: Sandbox) {
		const run = await runCreate(sb, itemsFor(sb, 130), { options: UNLIMITED });
		expect(run.error).toBeUndefined();
	}

	it.each(resources)(
		'%s > Get Many, Return All: every record, in order, every page',
		async (value) => {
			const sb = sandbox();
			if (value === 'completion') await withCompletions(sb);
			const before = getRequests(sb).length;

			const run = await read(sb, value, 'getMany', { returnAll: true });

			expect(run.error).toBeUndefined();
			const seeds = seedsOf(sb, value);
			expect(run.output.map((item) => item.json)).toEqual(seeds);
			expect(run.output.every((item) => pairedIndex(item) === 0)).toBe(true);
			const pages = getRequests(sb).slice(before);
			expect(pages).toHaveLength(Math.max(1, Math.ceil(seeds.length / 100)));
			expect(pages.every((request) => request.query.page_size === '100')).toBe(true);
		},
	);

	it.each(resources)('%s > Get Many, Limit 7: the first 7, one request of 7', async (value) => {
		const sb = sandbox();
		if (value === 'completion') await withCompletions(sb);
		const before = getRequests(sb).length;

		const run = await read(sb, value, 'getMany', { returnAll: false, limit: 7 });

		expect(run.output.map((item) => item.json)).toEqual(seedsOf(sb, value).slice(0, 7));
		expect(
			getRequests(sb)
				.slice(before)
				.map((request) => request.query.page_size),
		).toEqual(['7']);
	});

	it.each(resources)(
		'%s > Get: the record by its ID, one per item, paired',
		async (value, resource) => {
			const sb = sandbox();
			if (value === 'completion') await withCompletions(sb);
			const seeds = seedsOf(sb, value);
			const picked = [seeds[0], seeds[seeds.length - 1], seeds[1]];

			const run = await read(
				sb,
				value,
				'get',
				naming(resource, '={{ $json.id }}'),
				picked.map((record) => ({ id: record.id })),
			);

			expect(run.error).toBeUndefined();
			expect(run.output.map((item) => item.json)).toEqual(picked);
			expect(run.output.map(pairedIndex)).toEqual([0, 1, 2]);
		},
	);

	it.each(resources.filter(([value]) => value !== 'user'))(
		'%s > Get of an unknown ID: the item fails naming the record and what to check; the others go through',
		async (value, resource) => {
			const sb = sandbox();
			if (value === 'completion') await withCompletions(sb);
			const known = String(seedsOf(sb, value)[0].id);

			const run = await read(
				sb,
				value,
				'get',
				naming(resource, '={{ $json.id }}'),
				[{ id: known }, { id: 'no_such_id' }, { id: known }],
				'continueErrorOutput',
			);

			expect(run.output.map(pairedIndex)).toEqual([0, 2]);
			const [failed] = run.errorOutput;
			expect(pairedIndex(failed)).toBe(1);
			expect(failed.json.error).toMatch(/^\[item 1\] .*'no_such_id' not found\.$/);
			const named = resource.id === 'user' ? 'User' : resource.id.parameter.displayName;
			expect((failed.error as { description?: string }).description).toContain(
				`Check the ${named}: StackOne found no such ${resource.noun} in this account.`,
			);
		},
	);
});

describe('Reads: filters', () => {
	const cases: Array<{
		resource: string;
		filters: INodeParameters;
		keep: (record: IDataObject) => boolean;
		query: Record<string, string>;
	}> = [
		{
			resource: 'course',
			filters: { active: true },
			keep: (record) => record.active === true,
			query: { 'filter[active]': 'true' },
		},
		{
			resource: 'content',
			filters: { active: true },
			keep: (record) => record.active === true,
			query: { 'filter[active]': 'true' },
		},
		{
			resource: 'content',
			filters: { active: false },
			keep: () => true,
			query: {},
		},
		{
			resource: 'assignment',
			filters: { status: 'in_progress' },
			keep: (record) => (record.status as IDataObject).value === 'in_progress',
			query: { 'filter[status]': 'in_progress' },
		},
	];

	it.each(cases)('$resource filtered by $query', async ({ resource, filters, keep, query }) => {
		const sb = sandbox();

		const run = await read(sb, resource, 'getMany', { returnAll: true, filters });

		const expected = seedsOf(sb, resource).filter(keep);
		expect(expected.length).toBeGreaterThan(0);
		expect(run.output.map((item) => item.json)).toEqual(expected);
		expect(getRequests(sb)[0].query).toMatchObject(query);
	});

	it.each(['course', 'user'])('%s filtered by External Reference', async (resource) => {
		const sb = sandbox();
		const wanted = seedsOf(sb, resource)[3];

		const run = await read(sb, resource, 'getMany', {
			returnAll: true,
			filters: { externalReference: String(wanted.external_reference) },
		});

		expect(run.output.map((item) => item.json)).toEqual([wanted]);
		expect(getRequests(sb)[0].query['filter[external_reference]']).toBe(wanted.external_reference);
	});

	it('users filtered by Email', async () => {
		const sb = sandbox();
		const wanted = sb.users[5];

		const run = await read(sb, 'user', 'getMany', {
			returnAll: true,
			filters: { email: wanted.email },
		});

		expect(run.output.map((item) => item.json)).toEqual([wanted]);
	});

	it.each(READ_RESOURCES.filter((resource) => resource.value !== 'completion').map((r) => r.value))(
		'%s filtered by Updated After: the time goes out in UTC, read in the workflow time zone',
		async (resource) => {
			const sb = sandbox();

			const run = await runNode({
				parameters: {
					resource,
					operation: 'getMany',
					returnAll: true,
					filters: { updatedAfter: '2024-01-10T10:00:00' },
					options: UNLIMITED,
				},
				items: [{}],
				credentials: credentialsFor(sb),
				timezone: 'Europe/Berlin',
			});

			expect(run.error).toBeUndefined();
			expect(getRequests(sb)[0].query['filter[updated_after]']).toBe('2024-01-10T09:00:00.000Z');
			const seeds = seedsOf(sb, resource);
			if (seeds[0].updated_at === undefined) {
				// StackOne's categories and skills carry no updated_at: the LMS filters by its own time.
				expect(run.output.length).toBeGreaterThan(0);
				expect(run.output.length).toBeLessThan(seeds.length);
			} else {
				const after = Date.parse('2024-01-10T09:00:00.000Z');
				const expected = seeds.filter((record) => Date.parse(String(record.updated_at)) > after);
				expect(expected.length).toBeGreaterThan(0);
				expect(expected.length).toBeLessThan(seeds.length);
				expect(run.output.map((item) => item.json)).toEqual(expected);
			}
		},
	);
});

describe('Reads: by user, and the options every read has', () => {
	it('assignment > Get Many of one user: only theirs, from /users/{id}/assignments', async () => {
		const sb = sandbox();
		const user = sb.users[2];

		const run = await read(sb, 'assignment', 'getMany', {
			user: { __rl: true, mode: 'id', value: user.id },
			returnAll: true,
		});

		const expected = sb.assignments.filter((assignment) => assignment.user_id === user.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(run.output.map((item) => item.json)).toEqual(expected);
		expect(getRequests(sb)[0].path).toBe(`/unified/lms/users/${user.id}/assignments`);
	});

	it('assignment > Get with a user: that user’s assignment; another user’s fails with a hint naming both', async () => {
		const sb = sandbox();
		const assignment = sb.assignments[0];
		const other = sb.users.find((user) => user.id !== assignment.user_id)!;

		const run = await read(
			sb,
			'assignment',
			'get',
			{ user: { __rl: true, mode: 'id', value: '={{ $json.user }}' }, assignmentId: assignment.id },
			[{ user: assignment.user_id }, { user: other.id }],
			'continueErrorOutput',
		);

		expect(run.output.map((item) => item.json)).toEqual([assignment]);
		expect(getRequests(sb)[0].path).toBe(
			`/unified/lms/users/${assignment.user_id}/assignments/${assignment.id}`,
		);
		expect((run.errorOutput[0].error as { description?: string }).description).toContain(
			'Check the User and the Assignment ID',
		);
	});

	it('completion > Get with the user left empty reads /completions/{id}', async () => {
		const sb = sandbox();
		const created = await runCreate(sb, itemsFor(sb, 2), { options: UNLIMITED });
		const id = String(created.output[1].json.id);

		const run = await read(sb, 'completion', 'get', { completionId: id });

		expect(run.output.map((item) => item.json.id)).toEqual([id]);
		expect(getRequests(sb).at(-1)?.path).toBe(`/unified/lms/completions/${id}`);
	});

	it('user > Get By Email: looked up once, then read by its ID', async () => {
		const sb = sandbox();
		const user = sb.users[7];

		const run = await read(sb, 'user', 'get', {
			user: { __rl: true, mode: 'email', value: user.email },
		});

		expect(run.output.map((item) => item.json)).toEqual([user]);
		expect(getRequests(sb).map((request) => request.path)).toEqual([
			'/unified/lms/users',
			`/unified/lms/users/${user.id}`,
		]);
	});

	it('Fields: only those fields, sent as StackOne’s fields parameter', async () => {
		const sb = sandbox();
		const course = sb.courses[0];

		const run = await read(sb, 'course', 'get', {
			course: { __rl: true, mode: 'id', value: course.id },
			options: { fields: 'id, title' },
		});

		expect(run.output.map((item) => item.json)).toEqual([{ id: course.id, title: course.title }]);
		expect(getRequests(sb)[0].query.fields).toBe('id,title');
	});

	it('Include Raw Data: Get adds raw to the record; Get Many to the first record of each page', async () => {
		const sb = sandbox();

		const one = await read(sb, 'skill', 'get', {
			skillId: sb.skills[0].id,
			options: { raw: true },
		});
		const many = await read(sb, 'assignment', 'getMany', {
			returnAll: true,
			options: { raw: true },
		});

		expect(one.output[0].json).toEqual({ ...sb.skills[0], raw: expect.any(Array) });
		expect(getRequests(sb)[0].query.raw).toBe('true');
		const withRaw = many.output.flatMap((item, n) => (item.json.raw === undefined ? [] : [n]));
		expect(withRaw).toEqual([0, 100, 200]);
	});

	it('a 429 on a read is waited out; a 502 and a lost answer are sent again', async () => {
		const sb = sandbox();
		sb.inject({ match: { method: 'GET', nth: 1 }, fault: { type: 'rateLimit', seconds: 1 } });
		sb.inject({ match: { method: 'GET', nth: 3 }, fault: { type: 'status', status: 502 } });
		sb.inject({ match: { method: 'GET', nth: 5 }, fault: { type: 'resetBeforeRead' } });

		const run = await read(
			sb,
			'category',
			'get',
			{ categoryId: '={{ $json.id }}', options: { batchSize: 1 } },
			[{ id: sb.categories[0].id }, { id: sb.categories[1].id }, { id: sb.categories[2].id }],
		);

		expect(run.error).toBeUndefined();
		expect(run.output.map((item) => item.json)).toEqual(sb.categories.slice(0, 3));
		expect(getRequests(sb).map((request) => request.status)).toEqual([
			429,
			200,
			502,
			200,
			null,
			200,
		]);
	});
});
