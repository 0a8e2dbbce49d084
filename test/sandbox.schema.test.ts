import { existsSync, readFileSync } from 'fs';
import path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { startSandbox, Sandbox } from '../sandbox';

const SCHEMA_FILE = path.resolve(__dirname, '../../shared/stackone/lms-openapi.validating.json');
const schemaPresent = existsSync(SCHEMA_FILE);
if (!schemaPresent) {
	console.log(
		`Sandbox schema test skipped: ${SCHEMA_FILE} is absent (a fresh clone has no ../shared).`,
	);
}

type Validate = ReturnType<Ajv2020['compile']>;

/** Each seeded kind: its records, the get answer's schema, the list answer's and the record's. */
const KINDS: Array<{
	path: string;
	records: (sb: Sandbox) => Array<{ id: string }>;
	result: string;
	paginated: string;
	model: string;
}> = [
	{
		path: 'users',
		records: (sb) => sb.users,
		result: 'UserResult',
		paginated: 'UsersPaginated',
		model: 'LmsUser',
	},
	{
		path: 'courses',
		records: (sb) => sb.courses,
		result: 'CourseResult',
		paginated: 'CoursePaginated',
		model: 'Course',
	},
	{
		path: 'content',
		records: (sb) => sb.content,
		result: 'ContentResult',
		paginated: 'ContentPaginated',
		model: 'Content',
	},
	{
		path: 'assignments',
		records: (sb) => sb.assignments,
		result: 'AssignmentResult',
		paginated: 'AssignmentsPaginated',
		model: 'Assignment',
	},
	{
		path: 'categories',
		records: (sb) => sb.categories,
		result: 'CategoryResult',
		paginated: 'CategoriesPaginated',
		model: 'Category',
	},
	{
		path: 'skills',
		records: (sb) => sb.skills,
		result: 'SkillResult',
		paginated: 'SkillsPaginated',
		model: 'Skills',
	},
];

(schemaPresent ? describe : describe.skip)("Sandbox reads fit StackOne's response schemas", () => {
	let sb: Sandbox;
	let document: any;
	let ajv: Ajv2020;

	const schema = (name: string): Validate =>
		ajv.getSchema(`lms-openapi#/components/schemas/${name}`)!;

	/** The validator's errors for each value that fails, labelled; [] when all pass. */
	function failures(validate: Validate, values: Array<{ label: string; value: unknown }>) {
		return values
			.filter(({ value }) => !validate(value))
			.map(({ label }) => ({ label, errors: validate.errors }));
	}

	async function get(p: string) {
		const res = await fetch(`${sb.url}/unified/lms/${p}`, {
			headers: { authorization: sb.authHeader, 'x-account-id': sb.accountId },
		});
		return { status: res.status, json: (await res.json()) as any };
	}

	beforeAll(async () => {
		document = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
		ajv = new Ajv2020({ strict: false, allErrors: true });
		addFormats(ajv);
		// The vendor writes `format: string` on durations and `format: number` on Content.order;
		// they constrain nothing.
		ajv.addFormat('string', true);
		ajv.addFormat('number', true);
		ajv.addSchema(document, 'lms-openapi');
		sb = await startSandbox();
	});

	afterAll(async () => {
		await sb?.close();
	});

	it('rejects what the schemas reject, so a pass means something', () => {
		const course = sb.courses[0];
		expect(schema('CourseResult')({ data: course })).toBe(true);
		expect(schema('CourseResult')({})).toBe(false);
		expect(schema('CourseResult')({ data: { ...course, active: 'yes' } })).toBe(false);
		expect(schema('CourseResult')({ data: { ...course, updated_at: '2024-01-01' } })).toBe(false);
		const assignment = sb.assignments[0];
		expect(schema('AssignmentResult')({ data: { ...assignment, status: { value: 'done' } } })).toBe(
			false,
		);
		expect(schema('CategoryResult')({ data: sb.categories[0], raw: [{ method: 'GET' }] })).toBe(
			false,
		);
	});

	describe.each(KINDS)('$path', ({ path: p, records, result, paginated, model }) => {
		it(`every seeded record validates as the get answer ${result}`, () => {
			const values = records(sb).map((record) => ({ label: record.id, value: { data: record } }));
			expect(values.length).toBeGreaterThan(0);
			expect(failures(schema(result), values)).toEqual([]);
		});

		it(`every seeded record uses only keys that ${model} declares`, () => {
			const declared = new Set(Object.keys(document.components.schemas[model].properties));
			const undeclared = records(sb).flatMap((record) =>
				Object.keys(record)
					.filter((key) => !declared.has(key))
					.map((key) => `${record.id}.${key}`),
			);
			expect(undeclared).toEqual([]);
		});

		it(`list and get answers with raw=true validate as ${paginated} and ${result}`, async () => {
			const list = await get(`${p}?raw=true&page_size=100`);
			const id = encodeURIComponent(records(sb)[0].id);
			const one = await get(`${p}/${id}?raw=true`);
			const trimmed = await get(`${p}/${id}?fields=id,remote_id`);
			expect([list.status, one.status, trimmed.status]).toEqual([200, 200, 200]);
			expect(failures(schema(paginated), [{ label: `GET /${p}`, value: list.json }])).toEqual([]);
			expect(
				failures(schema(result), [
					{ label: `GET /${p}/{id}`, value: one.json },
					{ label: `GET /${p}/{id}?fields`, value: trimmed.json },
				]),
			).toEqual([]);
		});
	});

	it('a per-user assignment list, a completion get and the error answers validate', async () => {
		const userList = await get('users/usr_0002/assignments?raw=true');
		expect(
			failures(schema('AssignmentsPaginated'), [{ label: 'list', value: userList.json }]),
		).toEqual([]);

		const created = await fetch(`${sb.url}/unified/lms/users/usr_0001/completions`, {
			method: 'POST',
			headers: {
				authorization: sb.authHeader,
				'x-account-id': sb.accountId,
				'content-type': 'application/json',
			},
			body: JSON.stringify({
				learning_object_external_reference: 'course-0001',
				result: { value: 'Pass', source_value: 'passed' },
				score: { percentage: 90, raw_value: '9 / 10' },
				completed_at: '2024-05-01T10:00:00.000Z',
			}),
		});
		const { id } = ((await created.json()) as any).data;
		const completion = await get(`users/usr_0001/completions/${id}?raw=true`);
		const completions = await get('completions?raw=true');
		expect(
			failures(schema('CompletionResult'), [{ label: 'get', value: completion.json }]),
		).toEqual([]);
		expect(
			failures(schema('CompletionsPaginated'), [{ label: 'list', value: completions.json }]),
		).toEqual([]);

		const missing = await get('courses/nope');
		expect(missing.status).toBe(404);
		expect(failures(schema('NotFoundResponse'), [{ label: '404', value: missing.json }])).toEqual(
			[],
		);
		const bad = await get('assignments?filter[status]=done');
		expect(bad.status).toBe(400);
		expect(failures(schema('BadRequestResponse'), [{ label: '400', value: bad.json }])).toEqual([]);
	});
});
