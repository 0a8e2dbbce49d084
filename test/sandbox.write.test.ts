import { startSandbox, Sandbox } from '../sandbox';
import { untilSettled } from './helpers/sandboxApi';

/** The sandbox's write routes: assignment create, content upsert and batch upsert. */

interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: any;
	elapsedMs: number;
}

interface Send {
	method?: string;
	body?: unknown;
	/** Sent as the body instead of JSON.stringify(body). */
	rawBody?: string;
	account?: string;
	headers?: Record<string, string>;
}

let sb: Sandbox;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	sb = await startSandbox();
});

afterAll(async () => {
	await sb.close();
});

beforeEach(async () => {
	await untilSettled(sb);
	sb.reset();
});

/** A request below /unified/lms; `path` is sent as given. */
async function send(path: string, options: Send = {}): Promise<Answer> {
	const started = Date.now();
	const res = await fetch(`${sb.url}/unified/lms/${path}`, {
		method: options.method ?? (options.body === undefined && !options.rawBody ? 'GET' : 'POST'),
		headers: {
			authorization: sb.authHeader,
			'x-account-id': options.account ?? sb.accountId,
			'content-type': 'application/json',
			...options.headers,
		},
		body:
			options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
	});
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json, elapsedMs: Date.now() - started };
}

const get = (path: string, account?: string) => send(path, { account });
const assign = (userId: string, body: unknown, options: Send = {}) =>
	send(`users/${encodeURIComponent(userId)}/assignments`, { body, ...options });
const upsert = (body: unknown, options: Send = {}) =>
	send('content', { method: 'PUT', body, ...options });
const batch = (body: unknown, options: Send = {}) => send('content/batch', { body, ...options });

/** Every record of a list, all pages. */
async function listAll(path: string, account?: string): Promise<any[]> {
	const rows: any[] = [];
	let next: string | null = null;
	do {
		const cursor: string = next ? `&next=${encodeURIComponent(next)}` : '';
		const sep = path.includes('?') ? '&' : '?';
		const r = await get(`${path}${sep}page_size=100${cursor}`, account);
		expect(r.status).toBe(200);
		rows.push(...r.json.data);
		next = r.json.next;
	} while (next);
	return rows;
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** StackOne's error answer: the status in the line and the body, the message (exact or matching). */
function expectError(answer: Answer, status: number, message: string | RegExp) {
	const { statusCode, timestamp, message: said } = answer.json ?? {};
	expect([answer.status, statusCode]).toEqual([status, status]);
	expect(timestamp).toMatch(ISO);
	if (typeof message === 'string') expect(said).toBe(message);
	else expect(said).toMatch(message);
}

const ASSIGNMENT = {
	learning_object_external_reference: 'lms-course-0003',
	external_reference: 'hr-assignment-1',
	progress: 25,
	assigned_at: '2024-05-01T09:00:00.000Z',
	due_date: '2024-06-01T09:00:00+02:00',
	status: { value: 'in_progress', source_value: 'STARTED' },
	passthrough: { priority: 'high' },
	unknown_key: 'ignored',
};

const CONTENT = {
	external_reference: 'ext-video-1',
	title: 'Intro video',
	description: 'An external video.',
	content_url: 'https://videos.example.com/1',
	active: true,
	duration: 'PT5M',
	order: 1,
	content_type: { value: 'video', source_value: 'VIDEO' },
	languages: [{ value: 'en_GB', source_value: 'en-GB' }],
	tags: ['intro'],
	authors: [{ id: 'a1', name: 'Ada Lovelace' }],
};

describe('POST /users/{id}/assignments', () => {
	it('creates an assignment: 201 CreateResult, a new id, the body and the learning object', async () => {
		const r = await assign('usr_0002', ASSIGNMENT);
		expect(r.status).toBe(201);
		expect(r.json).toEqual({
			statusCode: 201,
			message: 'Record created successfully.',
			timestamp: expect.stringMatching(ISO),
			data: { id: 'asg_0251', remote_id: 'remote-assignment-0251' },
		});
		expect(sb.assignments.some((a) => a.id === r.json.data.id)).toBe(false);
		const [stored] = sb.createdAssignments();
		expect(stored).toEqual({
			id: 'asg_0251',
			remote_id: 'remote-assignment-0251',
			user_id: 'usr_0002',
			remote_user_id: 'remote-user-0002',
			learning_object_type: { value: 'course', source_value: 'COURSE' },
			learning_object_id: 'crs_0003',
			remote_learning_object_id: 'remote-course-0003',
			learning_object_external_reference: 'lms-course-0003',
			course_id: 'crs_0003',
			remote_course_id: 'remote-course-0003',
			external_reference: 'hr-assignment-1',
			status: { value: 'in_progress', source_value: 'STARTED' },
			progress: 25,
			assigned_at: '2024-05-01T09:00:00.000Z',
			due_date: '2024-06-01T09:00:00+02:00',
			completed_at: null,
			result: null,
			certificate_url: null,
			passthrough: { priority: 'high' },
			created_at: expect.stringMatching(ISO),
			updated_at: stored.created_at,
			account_id: sb.accountId,
		});
	});

	it('links content by external reference; an unknown one leaves the learning object null', async () => {
		await assign('usr_0001', { learning_object_external_reference: 'course-0002' });
		await assign('usr_0001', {
			learning_object_external_reference: 'nowhere',
			learning_object_id: 'lo-7',
		});
		const [content, unknown] = sb.createdAssignments();
		expect(content).toMatchObject({
			learning_object_type: { value: 'content' },
			learning_object_id: 'cnt_0002',
			course_id: null,
			status: null,
			progress: null,
			external_reference: null,
			passthrough: null,
		});
		expect(unknown).toMatchObject({
			learning_object_type: null,
			learning_object_id: 'lo-7',
			remote_learning_object_id: null,
		});
	});

	it('is not idempotent: the same body twice makes two assignments', async () => {
		const first = await assign('usr_0001', ASSIGNMENT);
		const second = await assign('usr_0001', ASSIGNMENT);
		expect([first.status, second.status]).toEqual([201, 201]);
		expect(second.json.data.id).not.toBe(first.json.data.id);
		expect(ids(sb.createdAssignments())).toEqual(['asg_0251', 'asg_0252']);
	});

	it('shows created assignments after the seeds in the lists and gets, without passthrough', async () => {
		const { id } = (await assign('usr_0002', ASSIGNMENT)).json.data;
		const all = await listAll('assignments');
		expect(all).toHaveLength(251);
		expect(ids(all.slice(0, 250))).toEqual(ids(sb.assignments));
		const { passthrough, account_id, ...shown } = sb.createdAssignments()[0];
		expect([passthrough, account_id]).toEqual([{ priority: 'high' }, sb.accountId]);
		expect(all[250]).toEqual(shown);

		const mine = await listAll('users/usr_0002/assignments');
		expect(mine[mine.length - 1]).toEqual(shown);
		expect((await get(`users/usr_0002/assignments/${id}`)).json).toEqual({ data: shown });
		expect((await get(`assignments/${id}`)).json).toEqual({ data: shown });
		expectError(
			await get(`users/usr_0003/assignments/${id}`),
			404,
			`Assignment '${id}' not found.`,
		);

		const filtered = await listAll('assignments?filter[status]=in_progress&user_id=usr_0002');
		expect(ids(filtered)).toContain(id);
		const after = await listAll('assignments?filter[updated_after]=2025-01-01T00:00:00Z');
		expect(ids(after)).toEqual([id]);
		const trimmed = await get(`assignments/${id}?fields=id,progress&raw=true`);
		expect(trimmed.json.data).toEqual({ id, progress: 25 });
		expect(trimmed.json.raw[0]).toMatchObject({
			url: 'https://lms-provider.example/api/v1/enrollments/remote-assignment-0251',
			response: { id: 'remote-assignment-0251', userId: 'remote-user-0002', status: 'STARTED' },
		});
	});

	it.each<[string, unknown, string]>([
		['a missing reference', { progress: 1 }, "'learning_object_external_reference' is required."],
		[
			'a numeric reference',
			{ learning_object_external_reference: 5 },
			"'learning_object_external_reference' must be a string, got number 5.",
		],
		[
			'an empty reference',
			{ learning_object_external_reference: '' },
			"'learning_object_external_reference' must not be empty.",
		],
		[
			'a numeric external_reference',
			{ ...ASSIGNMENT, external_reference: 1 },
			"'external_reference' must be a string or null",
		],
		[
			'an array learning_object_id',
			{ ...ASSIGNMENT, learning_object_id: ['x'] },
			"'learning_object_id' must be a string or null, got an array.",
		],
		[
			'a string progress',
			{ ...ASSIGNMENT, progress: '40' },
			"'progress' must be a number or null, got '40'.",
		],
		[
			'a bare assigned_at date',
			{ ...ASSIGNMENT, assigned_at: '2024-05-01' },
			"'assigned_at' must be a date-time string (RFC 3339), got '2024-05-01'.",
		],
		[
			'a due_date without time zone',
			{ ...ASSIGNMENT, due_date: '2024-06-01T09:00:00' },
			"'due_date' must be a date-time string (RFC 3339)",
		],
		[
			'a string status',
			{ ...ASSIGNMENT, status: 'pending' },
			"'status' must be an object or null, got 'pending'.",
		],
		[
			'an unknown status value',
			{ ...ASSIGNMENT, status: { value: 'done' } },
			"'status.value' must be one of 'pending', 'in_progress', 'completed', 'unmapped_value' or null, got 'done'.",
		],
		[
			'an array passthrough',
			{ ...ASSIGNMENT, passthrough: [] },
			"'passthrough' must be an object or null, got an array.",
		],
		[
			'an array body',
			[ASSIGNMENT],
			"the request body must be a JSON object with 'learning_object_external_reference', got an array.",
		],
	])('422 for %s, naming the field; nothing stored', async (_name, body, message) => {
		const r = await assign('usr_0001', body);
		expectError(r, 422, /^Validation failed: /);
		expect(r.json.message).toContain(message);
		expect(sb.createdAssignments()).toEqual([]);
	});

	it('400 for a body that is not JSON, 404 for an unknown user, 422 before 404', async () => {
		const broken = await assign('usr_0001', undefined, { rawBody: '{"learning_object_' });
		expectError(broken, 400, /^The request body is not valid JSON/);
		expectError(await assign('usr_9999', ASSIGNMENT), 404, "User 'usr_9999' not found.");
		expectError(
			await assign('usr_9999', { progress: 1 }),
			422,
			/learning_object_external_reference/,
		);
		expect((await assign('../x', ASSIGNMENT)).status).toBe(201);
		expect(sb.createdAssignments().map((a) => a.user_id)).toEqual(['../x']);
	});

	it('keeps each account to itself', async () => {
		const other = sb.accounts[1];
		const { id } = (await assign('usr_0001', ASSIGNMENT, { account: other })).json.data;
		expect(sb.createdAssignments()).toEqual([]);
		expect(ids(sb.createdAssignments(other))).toEqual([id]);
		expect(ids(await listAll('assignments'))).not.toContain(id);
		expectError(await get(`assignments/${id}`), 404, `Assignment '${id}' not found.`);
		expect((await get(`assignments/${id}`, other)).status).toBe(200);
		expect(ids(await listAll('users/usr_0001/assignments', other))).toContain(id);
	});
});

describe('PUT /content', () => {
	it('creates content for a new reference: 201 UpsertResult, then readable', async () => {
		const r = await upsert(CONTENT);
		expect(r.status).toBe(201);
		expect(r.json).toEqual({
			statusCode: 201,
			message: 'Record created successfully.',
			timestamp: expect.stringMatching(ISO),
			data: { id: 'cnt_0041', remote_id: 'remote-content-0041', external_reference: 'ext-video-1' },
		});
		const [stored] = sb.upsertedContent();
		expect(stored).toEqual({
			...CONTENT,
			id: 'cnt_0041',
			remote_id: 'remote-content-0041',
			short_description: null,
			mobile_launch_content_url: null,
			cover_url: null,
			skills: null,
			categories: null,
			localizations: null,
			unified_custom_fields: null,
			created_at: expect.stringMatching(ISO),
			updated_at: stored.created_at,
		});
		expect(sb.contentWrites()).toBe(1);
		expect((await get('content/cnt_0041')).json).toEqual({ data: stored });
		const all = await listAll('content');
		expect(ids(all)).toEqual([...ids(sb.content), 'cnt_0041']);
		expect(ids(await listAll('content?filter[active]=true'))).toContain('cnt_0041');
		expect(ids(await listAll('content?filter[updated_after]=2025-01-01T00:00:00Z'))).toEqual([
			'cnt_0041',
		]);
	});

	it('reads a content type the Content model lacks as unmapped_value; drops additional_data', async () => {
		await upsert({
			external_reference: 'ext-book',
			content_type: { value: 'book', source_value: 'EBOOK' },
			additional_data: [{ id: 'x', value: ['a', 'b'] }],
		});
		const [stored] = sb.upsertedContent();
		expect(stored.content_type).toEqual({ value: 'unmapped_value', source_value: 'EBOOK' });
		expect(stored).not.toHaveProperty('additional_data');
	});

	it('replaces a seed whole, keeping its id, remote_id and created_at', async () => {
		const seed = sb.content[2];
		const r = await upsert({ external_reference: seed.external_reference, title: 'Renamed' });
		expect(r.json.data).toEqual({
			id: seed.id,
			remote_id: seed.remote_id,
			external_reference: seed.external_reference,
		});
		const { data } = (await get(`content/${seed.id}`)).json;
		expect(data).toMatchObject({
			id: seed.id,
			title: 'Renamed',
			description: null,
			active: null,
			content_type: null,
			created_at: seed.created_at,
		});
		expect(Date.parse(data.updated_at)).toBeGreaterThan(Date.parse(seed.updated_at));
		expect(ids(await listAll('content'))).toEqual(ids(sb.content));
		expect((await get(`content/${seed.id}`, sb.accounts[1])).json.data).toEqual(seed);
		expect(sb.content[2].title).not.toBe('Renamed');
	});

	it('replaces upserted content whole: fields not sent are gone', async () => {
		await upsert(CONTENT);
		const first = sb.upsertedContent()[0];
		await sleep(5);
		const r = await upsert({ external_reference: CONTENT.external_reference, title: 'Only title' });
		expect(r.json.data.id).toBe(first.id);
		const [current] = sb.upsertedContent();
		expect(current).toMatchObject({
			id: first.id,
			remote_id: first.remote_id,
			created_at: first.created_at,
			title: 'Only title',
			description: null,
			languages: null,
			tags: null,
			order: null,
		});
		expect(current.updated_at > first.updated_at).toBe(true);
		expect(sb.upsertedContent()).toHaveLength(1);
		expect(sb.contentWrites()).toBe(2);
		expect((await get(`content/${first.id}`)).json.data).toEqual(current);
	});

	it.each<[string, unknown, string]>([
		['a missing reference', { title: 'x' }, "'external_reference' is required."],
		['an empty reference', { external_reference: '' }, "'external_reference' must not be empty."],
		[
			'a numeric title',
			{ ...CONTENT, title: 1 },
			"'title' must be a string or null, got number 1.",
		],
		[
			'a numeric content_url',
			{ ...CONTENT, content_url: 2 },
			"'content_url' must be a string or null",
		],
		[
			"an active of 'yes'",
			{ ...CONTENT, active: 'yes' },
			"'active' must be a boolean or 'true' / 'false' or null, got 'yes'.",
		],
		['a numeric duration', { ...CONTENT, duration: 300 }, "'duration' must be a string or null"],
		['a string order', { ...CONTENT, order: '1' }, "'order' must be a number or null, got '1'."],
		['languages as a string', { ...CONTENT, languages: 'en_GB' }, "'languages' must be an array"],
		[
			'an unknown language',
			{ ...CONTENT, languages: [{ value: 'en-GB' }] },
			"'languages[0].value' must be a LanguageEnum value such as 'en_GB' or null, got 'en-GB'.",
		],
		[
			'a null language item',
			{ ...CONTENT, languages: [null] },
			"'languages[0]' must be an object, got null.",
		],
		[
			'an unknown content type',
			{ ...CONTENT, content_type: { value: 'podcast' } },
			"'content_type.value' must be one of 'video', 'quiz', 'document', 'audio', 'article', 'book', 'event', 'course', 'collection', 'interactive', 'unmapped_value' or null, got 'podcast'.",
		],
		[
			'a string skill',
			{ ...CONTENT, skills: ['SQL'] },
			"'skills[0]' must be an object, got 'SQL'.",
		],
		[
			'a skill level out of the enum',
			{ ...CONTENT, skills: [{ name: 'SQL', level: { value: 'expert' } }] },
			"'skills[0].level.value' must be one of 'primary', 'secondary', 'tertiary', 'unmapped_value' or null",
		],
		[
			'a numeric category name',
			{ ...CONTENT, categories: [{ name: 3 }] },
			"'categories[0].name' must be a string or null, got number 3.",
		],
		[
			'an array category unified_custom_fields',
			{ ...CONTENT, categories: [{ unified_custom_fields: [] }] },
			"'categories[0].unified_custom_fields' must be an object or null",
		],
		['authors as an object', { ...CONTENT, authors: {} }, "'authors' must be an array or null"],
		[
			'a numeric localization tag',
			{ ...CONTENT, localizations: [{ title: 'x', tags: [1] }] },
			"'localizations[0].tags[0]' must be a string, got number 1.",
		],
		[
			'a localization language out of the enum',
			{ ...CONTENT, localizations: [{ language: { value: 'english' } }] },
			"'localizations[0].language.value' must be a LanguageEnum value",
		],
		[
			'a numeric additional_data value',
			{ ...CONTENT, additional_data: [{ value: 1 }] },
			"'additional_data[0].value' must be a string or an array of strings or null, got number 1.",
		],
		['a numeric tag', { ...CONTENT, tags: ['a', 2] }, "'tags[1]' must be a string, got number 2."],
		[
			'an array unified_custom_fields',
			{ ...CONTENT, unified_custom_fields: ['x'] },
			"'unified_custom_fields' must be an object or null",
		],
		[
			'a bare created_at date',
			{ ...CONTENT, created_at: '2024-01-01' },
			"'created_at' must be a date-time string (RFC 3339)",
		],
		['a string body', 'ext-1', "the request body must be a JSON object with 'external_reference'"],
	])('422 for %s, naming the field; nothing stored', async (_name, body, message) => {
		const r = await upsert(body);
		expect(r.status).toBe(422);
		expect(r.json.message).toMatch(/^Validation failed: /);
		expect(r.json.message).toContain(message);
		expect(sb.contentWrites()).toBe(0);
	});

	it('accepts nulls, string booleans, every write content type and unknown keys', async () => {
		const bodies = [
			{ external_reference: 'n', title: null, languages: null, content_type: null, active: null },
			{ external_reference: 's', active: 'false', content_type: { value: 'interactive' } },
			{
				external_reference: 'u',
				extra: { anything: 1 },
				languages: [{ value: null, source_value: 7 }],
			},
		];
		for (const body of bodies) expect((await upsert(body)).status).toBe(201);
		expect(ids(await listAll('content?filter[active]=false'))).toContain('cnt_0042');
		expect(sb.upsertedContent()[2]).not.toHaveProperty('extra');
	});

	it('400 for a body that is not JSON', async () => {
		expectError(await upsert(undefined, { rawBody: 'nope' }), 400, /not valid JSON/);
		const text = await upsert(undefined, {
			rawBody: JSON.stringify(CONTENT),
			headers: { 'content-type': 'text/plain' },
		});
		expect(text.status).toBe(400);
		expect(sb.contentWrites()).toBe(0);
	});

	it('keeps each account to itself', async () => {
		const other = sb.accounts[1];
		const { id } = (await upsert(CONTENT, { account: other })).json.data;
		expect(sb.upsertedContent()).toEqual([]);
		expect(sb.contentWrites()).toBe(0);
		expect(sb.contentWrites(other)).toBe(1);
		expect(ids(await listAll('content'))).not.toContain(id);
		expectError(await get(`content/${id}`), 404, `Content '${id}' not found.`);
		expect((await get(`content/${id}`, other)).json.data).toEqual(sb.upsertedContent(other)[0]);
	});
});

describe('POST /content/batch', () => {
	const items = (n: number, prefix = 'ext') =>
		Array.from({ length: n }, (_, i) => ({ ...CONTENT, external_reference: `${prefix}-${i}` }));

	it('upserts every item: 202 BatchResultApiModel with one empty errors entry each', async () => {
		const r = await batch({ items: items(3) });
		expect(r.status).toBe(202);
		expect(r.json).toEqual({
			statusCode: 202,
			message: 'Batch operation accepted',
			timestamp: expect.stringMatching(ISO),
			errors: [[], [], []],
		});
		expect(sb.upsertedContent().map((c) => c.external_reference)).toEqual([
			'ext-0',
			'ext-1',
			'ext-2',
		]);
		expect(ids(await listAll('content')).slice(40)).toEqual(['cnt_0041', 'cnt_0042', 'cnt_0043']);
	});

	it('reports two bad items at their index and stores the rest', async () => {
		const list: unknown[] = items(5);
		list[1] = { ...CONTENT, external_reference: 'ext-1', title: 7, order: 'first' };
		list[3] = { title: 'no reference' };
		const r = await batch({ items: list });
		expect(r.status).toBe(202);
		expect(r.json.errors).toEqual([
			[],
			[
				"Validation failed: 'items[1].title' must be a string or null, got number 7.",
				"Validation failed: 'items[1].order' must be a number or null, got 'first'.",
			],
			[],
			["Validation failed: 'items[3].external_reference' is required."],
			[],
		]);
		expect(sb.upsertedContent().map((c) => c.external_reference)).toEqual([
			'ext-0',
			'ext-2',
			'ext-4',
		]);
		expect(sb.contentWrites()).toBe(3);
	});

	it('rewrites items already stored; a retried batch counts every write', async () => {
		const body = { items: items(50) };
		expect((await batch(body)).status).toBe(202);
		expect((await batch(body)).status).toBe(202);
		expect(sb.upsertedContent()).toHaveLength(50);
		expect(sb.contentWrites()).toBe(100);
		expect(sb.state().counts).toMatchObject({
			upsertedContent: { [sb.accountId]: 50, [sb.accounts[1]]: 0 },
			contentWrites: { [sb.accountId]: 100, [sb.accounts[1]]: 0 },
		});
	});

	it.each<[string, unknown, string]>([
		[
			'an array body',
			[CONTENT],
			"the request body must be a JSON object with 'items', got an array.",
		],
		['a missing items', { item: [CONTENT] }, "'items' is required."],
		['items as an object', { items: CONTENT }, "'items' must be an array, got an object."],
		['no items', { items: [] }, "'items' must not be empty."],
	])('422 for %s, naming items', async (_name, body, message) => {
		expectError(await batch(body), 422, `Validation failed: ${message}`);
		expect(sb.contentWrites()).toBe(0);
	});

	it('400 for a body that is not JSON', async () => {
		expectError(await batch(undefined, { rawBody: '{"items":[' }), 400, /not valid JSON/);
	});

	it('413 over maxBatchItems, naming the limit; nothing stored', async () => {
		expect(sb.switches.maxBatchItems).toBeNull();
		sb.configure({ maxBatchItems: 2 });
		expectError(
			await batch({ items: items(3) }),
			413,
			'The batch has 3 items; at most 2 items are allowed per request.',
		);
		expect(sb.contentWrites()).toBe(0);
		expect((await batch({ items: items(2) })).status).toBe(202);
		expect(() => sb.configure({ maxBatchItems: 0 })).toThrow(/maxBatchItems/);
		expect(sb.configure({ maxBatchItems: null }).maxBatchItems).toBeNull();
		sb.configure({ maxBatchItems: 1 });
		sb.reset();
		expect(sb.switches.maxBatchItems).toBeNull();
	});
});

describe('visibilityDelayMs on the new records', () => {
	it('hides created assignments and new content from reads until the delay has passed', async () => {
		sb.configure({ visibilityDelayMs: 300 });
		const { id: assignmentId } = (await assign('usr_0001', ASSIGNMENT)).json.data;
		const { id: contentId } = (await upsert(CONTENT)).json.data;
		expect(sb.createdAssignments()).toHaveLength(1);
		expect(sb.upsertedContent()).toHaveLength(1);
		expect(ids(await listAll('assignments'))).not.toContain(assignmentId);
		expect(ids(await listAll('users/usr_0001/assignments'))).not.toContain(assignmentId);
		expect((await get(`assignments/${assignmentId}`)).status).toBe(404);
		expect((await get(`users/usr_0001/assignments/${assignmentId}`)).status).toBe(404);
		expect(ids(await listAll('content'))).not.toContain(contentId);
		expect((await get(`content/${contentId}`)).status).toBe(404);

		await sleep(350);
		expect(ids(await listAll('assignments'))).toContain(assignmentId);
		expect((await get(`users/usr_0001/assignments/${assignmentId}`)).status).toBe(200);
		expect((await get(`content/${contentId}`)).status).toBe(200);
	});

	it('shows the previous version of rewritten content until the delay has passed', async () => {
		const seed = sb.content[0];
		sb.configure({ visibilityDelayMs: 300 });
		await upsert({ external_reference: seed.external_reference, title: 'Later' });
		expect((await get(`content/${seed.id}`)).json.data).toEqual(seed);
		sb.configure({ visibilityDelayMs: 0 });
		expect((await get(`content/${seed.id}`)).json.data.title).toBe('Later');
	});
});

describe('faults and switches on the write routes', () => {
	const ROUTES = [
		{
			name: 'POST /users/{id}/assignments',
			method: 'POST',
			path: 'users/usr_0001/assignments',
			body: ASSIGNMENT,
			ok: 201,
			stored: () => sb.createdAssignments().length,
		},
		{
			name: 'PUT /content',
			method: 'PUT',
			path: 'content',
			body: CONTENT,
			ok: 201,
			stored: () => sb.contentWrites(),
		},
		{
			name: 'POST /content/batch',
			method: 'POST',
			path: 'content/batch',
			body: { items: [CONTENT] },
			ok: 202,
			stored: () => sb.contentWrites(),
		},
	];
	const fullPath = (path: string) => `/unified/lms/${path}`;

	describe.each(ROUTES)('$name', ({ method, path, body, ok, stored }) => {
		const write = (options: Send = {}) => send(path, { method, body, ...options });

		it('statusAfterStore: stores, then answers 502', async () => {
			sb.inject({ match: { method, path: fullPath(path) }, fault: { type: 'statusAfterStore' } });
			expectError(await write(), 502, 'Bad gateway');
			expect(stored()).toBe(1);
			expect(sb.requests[0]).toMatchObject({ fault: 'statusAfterStore', outcome: ok, status: 502 });
		});

		it('resetAfterStore: stores, then resets the connection', async () => {
			sb.inject({ match: { method, path: fullPath(path) }, fault: { type: 'resetAfterStore' } });
			await expect(write()).rejects.toThrow();
			await untilSettled(sb);
			expect(stored()).toBe(1);
			expect(sb.requests[0]).toMatchObject({ reset: true, status: null, outcome: ok });
		});

		it.each([
			['status', { type: 'status', status: 503 }, 503],
			['rateLimit', { type: 'rateLimit' }, 429],
			['timeout408', { type: 'timeout408', seconds: 2 }, 408],
		] as const)(
			'%s: answers in place of the API, storing nothing',
			async (_type, fault, status) => {
				sb.inject({ match: { path: fullPath(path) }, fault });
				const r = await write();
				expect(r.status).toBe(status);
				expect(r.json.statusCode).toBe(status);
				if (status !== 503) expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
				expect(stored()).toBe(0);
			},
		);

		it('delay: answers late and stores', async () => {
			sb.inject({ match: { path: fullPath(path) }, fault: { type: 'delay', ms: 120 } });
			const r = await write();
			expect(r.status).toBe(ok);
			expect(r.elapsedMs).toBeGreaterThanOrEqual(110);
			expect(stored()).toBe(1);
		});

		it('malformedJson: stores and answers a truncated body', async () => {
			sb.inject({ match: { path: fullPath(path) }, fault: { type: 'malformedJson' } });
			const r = await write();
			expect(r.status).toBe(ok);
			expect(r.json).toBeUndefined();
			expect(r.text.startsWith(`{"statusCode":${ok}`)).toBe(true);
			expect(stored()).toBe(1);
		});

		it('latency, the rate limit switch and heartbeat apply', async () => {
			sb.configure({ latencyMs: 80 });
			expect((await write()).elapsedMs).toBeGreaterThanOrEqual(70);
			sb.configure({ latencyMs: 0, rateLimit: { limit: 1, windowMs: 60000 } });
			expect((await write()).status).toBe(ok);
			const limited = await write();
			expect(limited.status).toBe(429);
			expect(stored()).toBe(2);
			sb.configure({ rateLimit: null });
			const beat = await write({ headers: { prefer: 'heartbeat' } });
			expect(beat.status).toBe(200);
			expect(beat.headers.get('preference-applied')).toBe('heartbeat');
			expect(beat.text.startsWith('\n')).toBe(true);
			expect(beat.json.statusCode).toBe(ok);
			expect(stored()).toBe(3);
		});
	});
});

describe('accessors and state', () => {
	it('reset() clears created assignments, upserted content and the write count', async () => {
		await assign('usr_0001', ASSIGNMENT);
		await upsert(CONTENT);
		expect(sb.state().counts).toMatchObject({
			createdAssignments: { [sb.accountId]: 1 },
			upsertedContent: { [sb.accountId]: 1 },
			contentWrites: { [sb.accountId]: 1 },
		});
		expect(sb.state().createdAssignments[sb.accountId]).toEqual(sb.createdAssignments());
		expect(sb.state().upsertedContent[sb.accountId]).toEqual(sb.upsertedContent());
		sb.reset();
		expect([sb.createdAssignments(), sb.upsertedContent(), sb.contentWrites()]).toEqual([
			[],
			[],
			0,
		]);
		expect(ids(await listAll('content'))).toEqual(ids(sb.content));
		expect((await assign('usr_0001', ASSIGNMENT)).json.data.id).toBe('asg_0251');
		expect((await upsert(CONTENT)).json.data.id).toBe('cnt_0041');
	});
});
