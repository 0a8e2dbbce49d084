import { readFileSync } from 'fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { startSandbox, Sandbox } from '../sandbox';
import { SPEC_FILE, specPresent } from './helpers/openapiRequests';
import { sandboxRequest } from './helpers/sandboxApi';

const schemaPresent = specPresent('Sandbox schema test');

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
		const { status, json } = await sandboxRequest(sb, 'GET', `/unified/lms/${p}`);
		return { status, json: json as any };
	}

	beforeAll(async () => {
		document = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
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

		const created = await sandboxRequest(sb, 'POST', '/unified/lms/users/usr_0001/completions', {
			learning_object_external_reference: 'course-0001',
			result: { value: 'Pass', source_value: 'passed' },
			score: { percentage: 90, raw_value: '9 / 10' },
			completed_at: '2024-05-01T10:00:00.000Z',
		});
		const { id } = (created.json as any).data;
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

	describe('writes', () => {
		const FULL_ASSIGNMENT = {
			learning_object_external_reference: 'course-0004',
			external_reference: 'hr-7',
			learning_object_id: null,
			progress: 40,
			assigned_at: '2024-05-01T09:00:00.000Z',
			due_date: '2024-06-01T09:00:00.000Z',
			status: { value: 'pending', source_value: 'NEW' },
			passthrough: { any: 'thing' },
		};
		const language = { value: 'de_DE', source_value: 'de-DE' };
		const level = { value: 'primary', source_value: 'L1' };
		const FULL_CONTENT = {
			external_reference: 'schema-content-1',
			title: 'Every field',
			description: 'A description',
			short_description: 'Short',
			content_url: 'https://example.com/c',
			mobile_launch_content_url: 'https://m.example.com/c',
			cover_url: 'https://example.com/c.png',
			active: 'true',
			duration: 'PT1H',
			order: 2,
			content_type: { value: 'book', source_value: 'EBOOK' },
			languages: [language],
			skills: [{ id: 's1', name: 'SQL', hierarchy: level, level, language }],
			categories: [{ id: 'c1', name: 'Data', unified_custom_fields: { x: 1 }, hierarchy: level }],
			authors: [{ id: 'a1', name: 'Ada' }],
			localizations: [{ title: 'Alle Felder', language, tags: ['de'] }],
			additional_data: [{ id: 'd1', remote_id: 'r1', value: ['a', 'b'] }],
			tags: ['x', 'y'],
			unified_custom_fields: { cost_centre: 'CC-1' },
			created_at: '2024-01-01T00:00:00Z',
			updated_at: null,
		};

		async function write(method: string, p: string, body: unknown) {
			const { status, json } = await sandboxRequest(sb, method, `/unified/lms/${p}`, body);
			return { status, json: json as any };
		}

		/** The record's keys that the model does not declare. */
		function undeclared(model: string, record: Record<string, unknown>) {
			const declared = new Set(Object.keys(document.components.schemas[model].properties));
			return Object.keys(record).filter((key) => !declared.has(key));
		}

		it('a created assignment: the answer, the get and the lists validate', async () => {
			expect(
				failures(schema('LmsCreateAssignmentRequestDto'), [
					{ label: 'body', value: FULL_ASSIGNMENT },
				]),
			).toEqual([]);
			const created = await write('POST', 'users/usr_0003/assignments', FULL_ASSIGNMENT);
			const bare = await write('POST', 'users/usr_0003/assignments', {
				learning_object_external_reference: 'not-in-the-lms',
			});
			expect([created.status, bare.status]).toEqual([201, 201]);
			expect(failures(schema('CreateResult'), [{ label: '201', value: created.json }])).toEqual([]);
			const answers = [];
			for (const { id } of [created.json.data, bare.json.data]) {
				answers.push({ label: id, value: (await get(`assignments/${id}?raw=true`)).json });
				answers.push({
					label: `${id} per user`,
					value: (await get(`users/usr_0003/assignments/${id}`)).json,
				});
			}
			expect(failures(schema('AssignmentResult'), answers)).toEqual([]);
			expect(answers.flatMap(({ value }) => undeclared('Assignment', value.data))).toEqual([]);
			const list = await get('users/usr_0003/assignments?raw=true&page_size=100');
			expect(list.json.data.slice(-2).map((a: any) => a.id)).toEqual([
				created.json.data.id,
				bare.json.data.id,
			]);
			expect(
				failures(schema('AssignmentsPaginated'), [{ label: 'list', value: list.json }]),
			).toEqual([]);
		});

		it('upserted content: the answers, the get and the list validate', async () => {
			expect(
				failures(schema('LmsUpsertContentRequestDto'), [{ label: 'body', value: FULL_CONTENT }]),
			).toEqual([]);
			const full = await write('PUT', 'content', FULL_CONTENT);
			const seed = await write('PUT', 'content', { external_reference: 'course-0005' });
			const batched = await write('POST', 'content/batch', {
				items: [
					{ external_reference: 'schema-content-2', active: false },
					{ title: 'no reference' },
				],
			});
			expect([full.status, seed.status, batched.status]).toEqual([201, 201, 202]);
			expect(
				failures(schema('UpsertResult'), [
					{ label: 'new', value: full.json },
					{ label: 'seed', value: seed.json },
				]),
			).toEqual([]);
			expect(
				failures(schema('BatchResultApiModel'), [{ label: '202', value: batched.json }]),
			).toEqual([]);
			const gets = [];
			for (const id of [full.json.data.id, seed.json.data.id, 'cnt_0042']) {
				gets.push({ label: id, value: (await get(`content/${id}?raw=true`)).json });
			}
			expect(failures(schema('ContentResult'), gets)).toEqual([]);
			expect(gets.flatMap(({ value }) => undeclared('Content', value.data))).toEqual([]);
			const list = await get('content?raw=true&page_size=100');
			expect(list.json.data).toHaveLength(42);
			expect(failures(schema('ContentPaginated'), [{ label: 'list', value: list.json }])).toEqual(
				[],
			);

			const invalid = await write('PUT', 'content', { title: 'no reference' });
			expect(invalid.status).toBe(422);
			expect(
				failures(schema('UnprocessableEntityResponse'), [{ label: '422', value: invalid.json }]),
			).toEqual([]);
		});

		// The hand-written checks say 422 exactly where the request schema says no (except for an
		// empty reference, which the sandbox also refuses).
		it.each<[string, string, string, unknown]>([
			['LmsCreateAssignmentRequestDto', 'POST', 'users/usr_0004/assignments', FULL_ASSIGNMENT],
			[
				'LmsCreateAssignmentRequestDto',
				'POST',
				'users/usr_0004/assignments',
				{ ...FULL_ASSIGNMENT, status: { source_value: [1] } },
			],
			[
				'LmsCreateAssignmentRequestDto',
				'POST',
				'users/usr_0004/assignments',
				{ ...FULL_ASSIGNMENT, progress: '40' },
			],
			[
				'LmsCreateAssignmentRequestDto',
				'POST',
				'users/usr_0004/assignments',
				{ ...FULL_ASSIGNMENT, status: { value: 'done' } },
			],
			[
				'LmsCreateAssignmentRequestDto',
				'POST',
				'users/usr_0004/assignments',
				{ ...FULL_ASSIGNMENT, due_date: '2024-06-01' },
			],
			['LmsCreateAssignmentRequestDto', 'POST', 'users/usr_0004/assignments', { progress: 1 }],
			['LmsUpsertContentRequestDto', 'PUT', 'content', FULL_CONTENT],
			[
				'LmsUpsertContentRequestDto',
				'PUT',
				'content',
				{ ...FULL_CONTENT, languages: [{ value: 'bs-ME' }] },
			],
			['LmsUpsertContentRequestDto', 'PUT', 'content', { ...FULL_CONTENT, active: 'yes' }],
			['LmsUpsertContentRequestDto', 'PUT', 'content', { ...FULL_CONTENT, languages: [null] }],
			[
				'LmsUpsertContentRequestDto',
				'PUT',
				'content',
				{ ...FULL_CONTENT, content_type: { value: 'podcast' } },
			],
			['LmsUpsertContentRequestDto', 'PUT', 'content', { ...FULL_CONTENT, order: '2' }],
			[
				'LmsUpsertContentRequestDto',
				'PUT',
				'content',
				{ ...FULL_CONTENT, skills: [{ level: { value: 'expert' } }] },
			],
			[
				'LmsUpsertContentRequestDto',
				'PUT',
				'content',
				{ ...FULL_CONTENT, additional_data: [{ value: [1] }] },
			],
			[
				'LmsUpsertContentRequestDto',
				'PUT',
				'content',
				{ ...FULL_CONTENT, localizations: [{ tags: 'x' }] },
			],
			[
				'LmsUpsertContentRequestDto',
				'PUT',
				'content',
				{ ...FULL_CONTENT, updated_at: 'yesterday' },
			],
			['LmsBatchUpsertContentRequestDto', 'POST', 'content/batch', { items: 'none' }],
			['LmsBatchUpsertContentRequestDto', 'POST', 'content/batch', {}],
		])('%s: %s %s agrees with the schema (#%#)', async (dto, method, p, body) => {
			const valid = schema(dto)(body);
			const r = await write(method, p, body);
			expect({ valid, status: r.status }).toEqual({
				valid,
				status: valid ? (p.endsWith('batch') ? 202 : 201) : 422,
			});
		});
	});
});
