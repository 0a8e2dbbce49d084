import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { ReadResource } from '../nodes/StackOneLms/actions/read/readResources';
import { READ_RESOURCES } from '../nodes/StackOneLms/actions/read/readResources';
import type { CheckedRequest } from './helpers/openapiRequests';
import {
	OpenApiRequestChecker,
	describeRequest,
	misfitsOf,
	operationKey,
	specChecker,
	specPresent,
} from './helpers/openapiRequests';
import type { Sandbox } from './helpers/sandbox';
import { runCreate, runOperation, untilSettled, useSandbox } from './helpers/sandbox';

const specIsPresent = specPresent('Read contract test');

const sandbox = useSandbox();

/** 'GET /unified/lms/courses/{id}' -> requests seen, over every test of this file. */
const exercised = new Map<string, number>();

const UPDATED_AFTER = '2024-01-01T00:00:00';
const ACCOUNT = { 'x-account-id': 'sandbox-account-1' };

/** A request as the sandbox logs it, for the checker's self-test. */
function request(
	method: string,
	rawPath: string,
	query: Record<string, string> = {},
	extra: Partial<CheckedRequest> = {},
): CheckedRequest {
	return { method, path: rawPath, query, body: undefined, headers: ACCOUNT, ...extra };
}

/** Requests StackOne would refuse, each with a piece of the problem the checker must report. */
const badRequests: Array<{ label: string; request: CheckedRequest; problem: string }> = [
	{
		label: 'a path the document does not have',
		request: request('GET', '/unified/lms/lessons'),
		problem: 'no path template of the document matches',
	},
	{
		label: 'an empty id segment',
		request: request('GET', '/unified/lms/courses/'),
		problem: '{id} is empty',
	},
	{
		label: 'an id that adds a segment (unencoded slash)',
		request: request('GET', '/unified/lms/users/a/b/completions'),
		problem: 'no path template of the document matches',
	},
	{
		label: 'a method the path does not have',
		request: request('DELETE', '/unified/lms/courses/crs_0001'),
		problem: '(the path exists for GET)',
	},
	{
		label: 'an undeclared query key',
		request: request('GET', '/unified/lms/courses', { sort: 'title' }),
		problem: "query parameter 'sort' is not declared",
	},
	{
		label: 'a bad enum value (filter[status]=done)',
		request: request('GET', '/unified/lms/assignments', { 'filter[status]': 'done' }),
		problem: "'filter[status]'='done' must be equal to one of the allowed values",
	},
	{
		label: 'a date that is not a date-time',
		request: request('GET', '/unified/lms/users', { 'filter[updated_after]': '2024-05-01' }),
		problem: 'must match format "date-time"',
	},
	{
		label: 'an unknown filter key',
		request: request('GET', '/unified/lms/content', { 'filter[external_reference]': 'x' }),
		problem:
			"'external_reference' is not a property of the filter parameter (updated_after, active)",
	},
	{
		label: 'filter[active]=false (the spec allows only true)',
		request: request('GET', '/unified/lms/courses', { 'filter[active]': 'false' }),
		problem: "'filter[active]'='false' must be boolean; must be equal to constant (true)",
	},
	{
		label: 'raw that is not a boolean',
		request: request('GET', '/unified/lms/skills', { raw: 'yes' }),
		problem: "'raw'='yes' must be boolean,null",
	},
	{
		label: 'an object parameter sent bare',
		request: request('GET', '/unified/lms/categories', { filter: 'x' }),
		problem: "query parameter 'filter' is an object",
	},
	{
		label: 'a repeated key',
		request: request('GET', '/unified/lms/courses', { page_size: ['10', '20'] } as never),
		problem: "'page_size' was sent 2 times",
	},
	{
		label: 'no x-account-id header',
		request: request('GET', '/unified/lms/courses', {}, { headers: {} }),
		problem: "required header 'x-account-id' is missing",
	},
	{
		label: 'a completion body without its required field',
		request: request(
			'POST',
			'/unified/lms/users/usr_0001/completions',
			{},
			{ body: { completed_at: '2024-05-01T10:00:00.000Z' } },
		),
		problem: "must have required property 'learning_object_external_reference'",
	},
	{
		label: 'a body where the operation takes none',
		request: request('GET', '/unified/lms/courses', {}, { body: { a: 1 } }),
		problem: 'the operation takes no request body',
	},
];

/** Requests that fit, so the checker is not simply refusing everything. */
const goodRequests: Array<{ label: string; request: CheckedRequest }> = [
	{
		label: 'a list with every kind of query value',
		request: request('GET', '/unified/lms/assignments', {
			'filter[status]': 'in_progress',
			'filter[updated_after]': '2024-05-01T10:00:00.000Z',
			page_size: '100',
			next: 'abc',
			raw: 'true',
			fields: 'id,status',
			user_id: 'usr_0001',
		}),
	},
	{
		label: "a user's record by percent-encoded ids",
		request: request('GET', '/unified/lms/users/a%2Fb%20c/completions/cmp%3F1', { raw: 'false' }),
	},
	{
		label: 'filter[active]=true and proxy pass-through keys',
		request: request('GET', '/unified/lms/courses', { 'filter[active]': 'true', 'proxy[x]': 'y' }),
	},
	{
		label: 'a completion body',
		request: request(
			'POST',
			'/unified/lms/users/usr_0001/completions',
			{},
			{
				body: { learning_object_external_reference: 'x', result: { value: 'Pass' } },
				headers: { ...ACCOUNT, 'content-type': 'application/json; charset=utf-8' },
			},
		),
	},
];

const locator = (mode: 'id' | 'email' | 'list', value: string) => ({ __rl: true, mode, value });

/** The record a resource's reads aim at, chosen so every filter below keeps it. */
function sampleOf(resource: ReadResource, sb: Sandbox): IDataObject {
	const active = <T extends { active: unknown }>(records: T[]) =>
		records.find((record) => record.active === true)!;
	switch (resource.value) {
		case 'assignment':
			return sb.assignments.find((a) => a.status.value === 'completed')! as unknown as IDataObject;
		case 'category':
			return sb.categories[0] as unknown as IDataObject;
		case 'completion':
			return sb.completions()[0] as unknown as IDataObject;
		case 'content':
			return active(sb.content) as unknown as IDataObject;
		case 'course':
			return active(sb.courses) as unknown as IDataObject;
		case 'skill':
			return sb.skills[0] as unknown as IDataObject;
		case 'user':
			return sb.users[0] as unknown as IDataObject;
		default:
			throw new Error(`Add the read resource '${resource.value}' to this test`);
	}
}

/** Every filter of the resource, set to a value that keeps `sample`. */
function everyFilter(resource: ReadResource, sample: IDataObject): INodeParameters {
	const values: INodeParameters = {};
	for (const { option } of resource.filters) {
		switch (option.name) {
			case 'updatedAfter':
				values[option.name] = UPDATED_AFTER;
				break;
			case 'status':
				values[option.name] = String((sample.status as IDataObject).value);
				break;
			case 'active':
				values[option.name] = true;
				break;
			case 'externalReference':
				values[option.name] = String(sample.external_reference);
				break;
			case 'email':
				values[option.name] = String(sample.email);
				break;
			default:
				throw new Error(`Add the filter '${option.name}' of ${resource.plural} to this test`);
		}
	}
	expect(Object.keys(values)).toHaveLength(resource.filters.length);
	return values;
}

/** The id parameter of Get, naming `id`. */
function idParameters(resource: ReadResource, id: string): INodeParameters {
	if (resource.id === 'user') return { user: locator('id', id) };
	const { parameter } = resource.id;
	return { [parameter.name]: parameter.type === 'resourceLocator' ? locator('id', id) : id };
}

interface Read {
	label: string;
	operation: 'get' | 'getMany';
	parameters: INodeParameters;
	items?: IDataObject[];
	/** What the output must show. */
	expectOutput: (output: IDataObject[]) => void;
}

const FIELDS_OPTION = { fields: 'id , updated_at', raw: true };

function onlyFields(output: IDataObject[]) {
	expect(output.length).toBeGreaterThan(0);
	for (const record of output) {
		const others = Object.keys(record).filter((key) => !['id', 'updated_at', 'raw'].includes(key));
		expect(others).toEqual([]);
	}
	expect(output.some((record) => record.raw !== undefined)).toBe(true);
}

/** Every read of a resource: Get, Get Many, with and without a user, filters, limits, options. */
function readsOf(resource: ReadResource, sb: Sandbox): Read[] {
	const sample = sampleOf(resource, sb);
	const id = String(sample.id);
	const filters = everyFilter(resource, sample);
	const all = allRecords(resource, sb);
	const isSample = (output: IDataObject[]) => expect(output.map((r) => r.id)).toContain(id);
	const reads: Read[] = [];

	if (resource.id === 'user') {
		reads.push(
			{
				label: 'Get, user By ID (one id needs percent-encoding)',
				operation: 'get',
				parameters: { user: locator('id', '={{ $json.id }}') },
				items: [{ id }, { id: 'a/b c' }],
				expectOutput: (output) => expect(output.map((r) => r.id)).toEqual([id, 'a/b c']),
			},
			{
				label: 'Get, user By Email',
				operation: 'get',
				parameters: { user: locator('email', String(sample.email)) },
				expectOutput: (output) => expect(output.map((r) => r.id)).toEqual([id]),
			},
			{
				label: 'Get, user From List, Fields and Include Raw Data',
				operation: 'get',
				parameters: { user: locator('list', id), options: FIELDS_OPTION },
				expectOutput: onlyFields,
			},
		);
	} else {
		reads.push(
			{
				label: 'Get',
				operation: 'get',
				parameters: idParameters(resource, id),
				expectOutput: (output) => expect(output.map((r) => r.id)).toEqual([id]),
			},
			{
				label: 'Get, Fields and Include Raw Data',
				operation: 'get',
				parameters: { ...idParameters(resource, id), options: FIELDS_OPTION },
				expectOutput: onlyFields,
			},
		);
	}
	if (resource.perUser) {
		const user = sb.users.find((u) => u.id === sample.user_id)!;
		reads.push(
			{
				label: 'Get of a user By ID',
				operation: 'get',
				parameters: { ...idParameters(resource, id), user: locator('id', user.id) },
				expectOutput: (output) => expect(output.map((r) => r.id)).toEqual([id]),
			},
			{
				label: 'Get of a user By Email, Fields and Include Raw Data',
				operation: 'get',
				parameters: {
					...idParameters(resource, id),
					user: locator('email', user.email),
					options: FIELDS_OPTION,
				},
				expectOutput: onlyFields,
			},
			{
				label: 'Get Many of a user By ID, Return All, every filter',
				operation: 'getMany',
				parameters: { user: locator('id', user.id), returnAll: true, filters },
				expectOutput: (output) => {
					isSample(output);
					expect(output.every((r) => r.user_id === user.id)).toBe(true);
				},
			},
			{
				label: 'Get Many of a user By Email, Limit, Fields and Include Raw Data',
				operation: 'getMany',
				parameters: {
					user: locator('email', user.email),
					returnAll: false,
					limit: 2,
					options: FIELDS_OPTION,
				},
				expectOutput: (output) => {
					expect(output.length).toBeLessThanOrEqual(2);
					onlyFields(output);
				},
			},
		);
	}
	reads.push(
		{
			label: 'Get Many, Return All',
			operation: 'getMany',
			parameters: { returnAll: true },
			expectOutput: (output) => expect(output).toHaveLength(all),
		},
		{
			label: 'Get Many, Limit',
			operation: 'getMany',
			parameters: { returnAll: false, limit: 3 },
			expectOutput: (output) => expect(output).toHaveLength(Math.min(3, all)),
		},
		{
			label: 'Get Many, every filter, Return All, Fields and Include Raw Data',
			operation: 'getMany',
			parameters: { returnAll: true, filters, options: FIELDS_OPTION },
			expectOutput: (output) => {
				isSample(output);
				onlyFields(output);
			},
		},
		// A boolean filter switched off (StackOne's filter[active] takes only true).
		...resource.filters
			.filter(({ option }) => option.type === 'boolean')
			.map(({ option }): Read => ({
				label: `Get Many, every filter with ${option.displayName} off, Return All`,
				operation: 'getMany',
				parameters: { returnAll: true, filters: { ...filters, [option.name]: false } },
				expectOutput: (output) => expect(output.length).toBeGreaterThan(0),
			})),
		{
			label: 'Get Many, every filter, Limit',
			operation: 'getMany',
			parameters: { returnAll: false, limit: 2, filters },
			expectOutput: (output) => {
				expect(output.length).toBeGreaterThan(0);
				expect(output.length).toBeLessThanOrEqual(2);
			},
		},
	);
	return reads;
}

function allRecords(resource: ReadResource, sb: Sandbox): number {
	const lists: Record<string, unknown[]> = {
		assignment: sb.assignments,
		category: sb.categories,
		completion: sb.completions(),
		content: sb.content,
		course: sb.courses,
		skill: sb.skills,
		user: sb.users,
	};
	if (!lists[resource.value]) {
		throw new Error(`Add the read resource '${resource.value}' to this test`);
	}
	return lists[resource.value].length;
}

(specIsPresent ? describe : describe.skip)(
	"Contract: every read the node sends fits StackOne's OpenAPI document",
	() => {
		let checker: OpenApiRequestChecker;

		beforeAll(() => {
			checker = specChecker();
		});

		/** Checks every request the sandbox logged in this test and records the operations seen. */
		async function expectEveryRequestFits(sb: Sandbox) {
			await untilSettled(sb);
			expect(sb.requests.length).toBeGreaterThan(0);
			const misfits = misfitsOf(checker, sb.requests);
			const refused: Array<{ request: string; status: number | null }> = [];
			for (const logged of sb.requests) {
				if (logged.status === null || logged.status >= 300) {
					refused.push({ request: describeRequest(logged), status: logged.status });
				}
				const operation = checker.match(logged.method, logged.path);
				if (operation) {
					const key = operationKey(operation);
					exercised.set(key, (exercised.get(key) ?? 0) + 1);
				}
			}
			expect(misfits).toEqual([]);
			expect(refused).toEqual([]);
		}

		describe('the request checker', () => {
			it.each(badRequests)('rejects $label', ({ request: bad, problem }) => {
				const problems = checker.check(bad);
				expect(problems).toHaveLength(1);
				expect(problems[0]).toContain(problem);
			});

			it.each(goodRequests)('accepts $label', ({ request: good }) => {
				expect(checker.check(good)).toEqual([]);
			});
		});

		describe('every read operation of the node, through n8n and real HTTP', () => {
			it.each(READ_RESOURCES.map((resource) => ({ ...resource, resource })))(
				'$value: Get and Get Many',
				async ({ resource }) => {
					const sb = sandbox();
					if (resource.value === 'completion') {
						const created = await runCreate(sb, [
							{ userId: sb.users[0].id, course: 'course-a' },
							{ userId: sb.users[0].id, course: 'course-b' },
							{ userId: sb.users[1].id, course: 'course-c' },
						]);
						expect(created.error).toBeUndefined();
						expect(sb.completions()).toHaveLength(3);
					}
					for (const read of readsOf(resource, sb)) {
						const run = await runOperation(
							sb,
							read.operation,
							{ resource: resource.value, ...read.parameters },
							read.items ?? [{}],
						);
						const output = run.output.map((item) => item.json);
						expect({ read: read.label, error: run.error?.message }).toEqual({
							read: read.label,
							error: undefined,
						});
						try {
							read.expectOutput(output);
						} catch (error) {
							(error as Error).message = `${read.label}: ${(error as Error).message}`;
							throw error;
						}
					}
					await expectEveryRequestFits(sb);
				},
			);

			it('exercised every GET operation of the document', () => {
				const gets = checker.operationsFor('GET').map(operationKey);
				expect(gets.length).toBeGreaterThan(0);
				const missing = gets.filter((key) => !exercised.has(key));
				expect({ of: gets.length, missing }).toEqual({ of: gets.length, missing: [] });
			});
		});
	},
);
