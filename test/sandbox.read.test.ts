import { startSandbox, Sandbox } from '../sandbox';

interface Answer {
	status: number;
	json: any;
}

interface Row {
	id: string;
	remote_id: string;
	[key: string]: unknown;
}

let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox();
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => sb.reset());

/** GET below /unified/lms; `path` is sent as given (encode ids yourself). */
async function get(path: string): Promise<Answer> {
	const res = await fetch(`${sb.url}/unified/lms/${path}`, {
		headers: { authorization: sb.authHeader, 'x-account-id': sb.accountId },
	});
	return { status: res.status, json: await res.json() };
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
const withQuery = (path: string, query: string) =>
	`${path}${path.includes('?') ? '&' : '?'}${query}`;

/** Every page of a list: the records in order, the raw entries, and how many pages it took. */
async function readAll(path: string, pageSize: number) {
	const rows: Row[] = [];
	const raw: any[] = [];
	let next: string | null = null;
	let pages = 0;
	do {
		const cursor: string = next ? `&next=${encodeURIComponent(next)}` : '';
		const r = await get(withQuery(path, `page_size=${pageSize}${cursor}`));
		expect(r.status).toBe(200);
		expect(r.json.data.length).toBeLessThanOrEqual(pageSize);
		rows.push(...r.json.data);
		if (r.json.raw) raw.push(...r.json.raw);
		next = r.json.next;
		pages++;
	} while (next);
	return { rows, raw, pages };
}

/** When each record last changed, as the provider's raw records say (categories and skills show no updated_at). */
async function changeTimes(path: string): Promise<Map<string, string>> {
	const { rows, raw } = await readAll(withQuery(path, 'raw=true'), 100);
	const items = raw.flatMap((entry) => entry.response.items);
	expect(items).toHaveLength(rows.length);
	return new Map(rows.map((row, i) => [row.id, items[i].updatedAt]));
}

function expectError(answer: Answer, status: number, message: string | RegExp) {
	expect(answer.status).toBe(status);
	expect(answer.json).toEqual(
		expect.objectContaining({
			statusCode: status,
			message: typeof message === 'string' ? message : expect.stringMatching(message),
			timestamp: expect.any(String),
		}),
	);
}

const KINDS = [
	{ path: 'users', noun: 'User', records: () => sb.users, idForm: /^usr_\d{4}$/, count: 60 },
	{ path: 'courses', noun: 'Course', records: () => sb.courses, idForm: /^crs_\d{4}$/, count: 30 },
	{ path: 'content', noun: 'Content', records: () => sb.content, idForm: /^cnt_\d{4}$/, count: 40 },
	{
		path: 'assignments',
		noun: 'Assignment',
		records: () => sb.assignments,
		idForm: /^asg_\d{4}$/,
		count: 250,
	},
	{
		path: 'categories',
		noun: 'Category',
		records: () => sb.categories,
		idForm: /^cat_\d{4}$/,
		count: 12,
	},
	{ path: 'skills', noun: 'Skill', records: () => sb.skills, idForm: /^skl_\d{4}$/, count: 15 },
];

describe('seeds', () => {
	it.each(KINDS)('$path: $count records with deterministic ids', ({ records, idForm, count }) => {
		const seeded = records() as unknown as Row[];
		expect(seeded.filter((r) => idForm.test(r.id))).toHaveLength(count);
		expect(new Set(ids(seeded)).size).toBe(seeded.length);
		const numbered = seeded.filter((r) => idForm.test(r.id));
		expect(numbered[0].id).toMatch(/_0001$/);
	});

	it('keeps the first twelve content records as they were', () => {
		expect(sb.content[0]).toEqual({
			id: 'cnt_0001',
			remote_id: 'remote-content-0001',
			external_reference: 'course-0001',
			title: 'Security Awareness Basics',
			description: 'Security Awareness Basics (sandbox learning object).',
			active: true,
			content_type: { value: 'video', source_value: 'Video' },
			content_url: 'https://lms.example.com/content/0001',
			created_at: '2024-01-01T09:00:00.000Z',
			updated_at: '2024-01-02T09:00:00.000Z',
		});
		expect(sb.content[11].title).toBe('First Aid Refresher');
	});

	it('spreads assignments over every user, with every status, some inactive courses and content', () => {
		const users = new Set(sb.assignments.map((a) => a.user_id));
		expect(sb.users.every((u) => users.has(u.id))).toBe(true);
		const statuses = new Set(sb.assignments.map((a) => a.status.value));
		expect([...statuses].sort()).toEqual(['completed', 'in_progress', 'pending', 'unmapped_value']);
		for (const a of sb.assignments) {
			const user = sb.users.find((u) => u.id === a.user_id)!;
			expect(a.remote_user_id).toBe(user.remote_id);
			const object = [...sb.courses, ...sb.content].find((o) => o.id === a.learning_object_id)!;
			expect(a.learning_object_external_reference).toBe(object.external_reference);
			expect(a.completed_at !== null).toBe(a.status.value === 'completed');
		}
		expect(sb.courses.some((c) => !c.active)).toBe(true);
		expect(sb.content.some((c) => !c.active)).toBe(true);
		expect(sb.categories.some((c) => !c.active)).toBe(true);
	});

	it('reports the counts in state()', () => {
		expect(sb.state().counts).toMatchObject({
			users: 64,
			content: 40,
			courses: 30,
			assignments: 250,
			categories: 12,
			skills: 15,
		});
	});
});

describe.each(KINDS)('GET /$path', ({ path, noun, records }) => {
	const seeded = () => records() as unknown as Row[];

	it('pages through every record with the next cursor', async () => {
		const { rows, pages } = await readAll(path, 7);
		expect(rows).toEqual(seeded());
		expect(pages).toBe(Math.ceil(seeded().length / 7));
	});

	it('defaults to 25 a page and caps page_size at 100', async () => {
		const first = await get(path);
		expect(first.json.data).toEqual(seeded().slice(0, 25));
		expect(first.json.next === null).toBe(seeded().length <= 25);
		const capped = await get(`${path}?page_size=1000`);
		expect(capped.json.data).toHaveLength(Math.min(100, seeded().length));
		expect(capped.json.next === null).toBe(seeded().length <= 100);
		expect(Object.keys(first.json).sort()).toEqual(['data', 'next']);
	});

	it('gets each record by id; an unknown id is a 404 with StackOne error body', async () => {
		for (const record of [seeded()[0], seeded()[seeded().length - 1]]) {
			const r = await get(`${path}/${encodeURIComponent(record.id)}`);
			expect(r.status).toBe(200);
			expect(r.json).toEqual({ data: record });
		}
		expectError(await get(`${path}/nope_0000`), 404, `${noun} 'nope_0000' not found.`);
	});

	it('filter[updated_after] keeps the records changed after the moment, in list order', async () => {
		const times = await changeTimes(path);
		const sorted = [...times.values()].sort();
		const cutoff = sorted[Math.floor(sorted.length / 2)];
		const expected = seeded()
			.filter((r) => Date.parse(times.get(r.id)!) > Date.parse(cutoff))
			.map((r) => r.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(seeded().length);
		const { rows } = await readAll(
			`${path}?filter[updated_after]=${encodeURIComponent(cutoff)}`,
			100,
		);
		expect(ids(rows)).toEqual(expected);
		const deprecated = await readAll(`${path}?updated_after=${encodeURIComponent(cutoff)}`, 100);
		expect(ids(deprecated.rows)).toEqual(expected);

		expectError(
			await get(`${path}?filter[updated_after]=last-tuesday`),
			400,
			"'filter[updated_after]' must be a date-time string, got 'last-tuesday'.",
		);
	});

	it('fields keeps only the named keys, on lists and gets; empty keeps all', async () => {
		const list = await get(`${path}?fields=id,%20remote_id,no_such_field&page_size=3`);
		expect(list.json.data).toEqual(
			seeded()
				.slice(0, 3)
				.map((r) => ({ id: r.id, remote_id: r.remote_id })),
		);
		const one = await get(`${path}/${encodeURIComponent(seeded()[1].id)}?fields=remote_id`);
		expect(one.json).toEqual({ data: { remote_id: seeded()[1].remote_id } });
		const empty = await get(`${path}/${encodeURIComponent(seeded()[1].id)}?fields=`);
		expect(empty.json.data).toEqual(seeded()[1]);
	});

	it('raw=true adds the provider call behind a list page and a get', async () => {
		const list = await get(`${path}?raw=true&page_size=4&fields=id`);
		expect(list.status).toBe(200);
		expect(list.json.data).toEqual(
			seeded()
				.slice(0, 4)
				.map((r) => ({ id: r.id })),
		);
		expect(list.json.raw).toHaveLength(1);
		const [call] = list.json.raw;
		expect(Object.keys(call)).toEqual(['method', 'url', 'body', 'response']);
		expect(call).toMatchObject({
			method: 'GET',
			url: expect.stringMatching(
				/^https:\/\/lms-provider\.example\/api\/v1\/[\w-]+\?offset=0&limit=4$/,
			),
			body: null,
			response: { total: seeded().length, offset: 0, limit: 4 },
		});
		// The provider's own ids, which StackOne calls remote_id.
		expect(call.response.items.map((item: Row) => item.id)).toEqual(
			seeded()
				.slice(0, 4)
				.map((r) => r.remote_id),
		);

		const record = seeded()[2];
		const one = await get(`${path}/${encodeURIComponent(record.id)}?raw=true`);
		expect(one.json.data).toEqual(record);
		expect(one.json.raw).toEqual([
			{
				method: 'GET',
				url: `${call.url.split('?')[0]}/${encodeURIComponent(record.remote_id)}`,
				body: null,
				response: expect.objectContaining({ id: record.remote_id, updatedAt: expect.any(String) }),
			},
		]);
	});

	it('has no raw key without raw=true, and rejects a raw that is not a boolean', async () => {
		expect((await get(`${path}?raw=false`)).json).not.toHaveProperty('raw');
		expect((await get(`${path}/${encodeURIComponent(seeded()[0].id)}`)).json).not.toHaveProperty(
			'raw',
		);
		expectError(await get(`${path}?raw=yes`), 400, "'raw' must be true or false, got 'yes'.");
	});
});

describe('courses', () => {
	it('filters by external_reference', async () => {
		const r = await get('courses?filter[external_reference]=lms-course-0007');
		expect(r.json).toEqual({ next: null, data: [sb.courses[6]] });
		expect((await get('courses?filter[external_reference]=nope')).json).toEqual({
			next: null,
			data: [],
		});
	});

	it('filters by active, true or false, and rejects anything else', async () => {
		const active = await readAll('courses?filter[active]=true', 100);
		expect(ids(active.rows)).toEqual(ids(sb.courses.filter((c) => c.active)));
		const inactive = await get('courses?filter[active]=false');
		expect(ids(inactive.json.data)).toEqual(['crs_0007', 'crs_0014', 'crs_0021', 'crs_0028']);
		expectError(
			await get('courses?filter[active]=yes'),
			400,
			"'filter[active]' must be true or false, got 'yes'.",
		);
	});

	it('combines filters', async () => {
		const cutoff = sb.courses[6].updated_at;
		const r = await get(
			`courses?filter[active]=false&filter[updated_after]=${encodeURIComponent(cutoff)}&page_size=100`,
		);
		const expected = sb.courses.filter(
			(c) => !c.active && Date.parse(c.updated_at) > Date.parse(cutoff),
		);
		expect(r.json.data).toEqual(expected);
	});
});

describe('content', () => {
	it('filters by active, true or false, and rejects anything else', async () => {
		const active = await readAll('content?filter[active]=true', 100);
		expect(active.rows).toEqual(sb.content.filter((c) => c.active));
		const inactive = await readAll('content?filter[active]=false', 100);
		expect(ids(inactive.rows)).toEqual([
			'cnt_0006',
			'cnt_0012',
			'cnt_0018',
			'cnt_0024',
			'cnt_0030',
			'cnt_0036',
		]);
		expectError(
			await get('content?filter[active]=1'),
			400,
			/'filter\[active\]' must be true or false/,
		);
	});
});

describe('users', () => {
	it('filters by external_reference, alone and with updated_after', async () => {
		const r = await get('users?filter[external_reference]=emp-0005');
		expect(r.json).toEqual({ next: null, data: [sb.users[4]] });
		const later = await get(
			`users?filter[external_reference]=emp-0005&filter[updated_after]=${encodeURIComponent(sb.users[4].updated_at)}`,
		);
		expect(later.json).toEqual({ next: null, data: [] });
	});
});

describe('assignments', () => {
	it.each(['pending', 'in_progress', 'completed', 'unmapped_value'])(
		'filter[status]=%s',
		async (status) => {
			const { rows } = await readAll(`assignments?filter[status]=${status}`, 100);
			const expected = sb.assignments.filter((a) => a.status.value === status);
			expect(expected.length).toBeGreaterThan(0);
			expect(rows).toEqual(expected);
		},
	);

	it('rejects a status outside the enum', async () => {
		expectError(
			await get('assignments?filter[status]=done'),
			400,
			"'filter[status]' must be one of pending, in_progress, completed, unmapped_value, got 'done'.",
		);
	});

	it('selects one user by user_id or remote_user_id', async () => {
		const expected = sb.assignments.filter((a) => a.user_id === 'usr_0002');
		expect(expected.length).toBeGreaterThan(1);
		expect((await readAll('assignments?user_id=usr_0002', 100)).rows).toEqual(expected);
		expect((await readAll('assignments?remote_user_id=remote-user-0002', 100)).rows).toEqual(
			expected,
		);
		const pending = await get('assignments?user_id=usr_0002&filter[status]=pending');
		expect(pending.json.data).toEqual(expected.filter((a) => a.status.value === 'pending'));
		expect((await get('assignments?user_id=usr_9999')).json).toEqual({ next: null, data: [] });
	});
});

describe('GET /users/{id}/assignments', () => {
	const mine = (userId: string) => sb.assignments.filter((a) => a.user_id === userId);

	it("lists only that user's assignments, page by page", async () => {
		const { rows, pages } = await readAll('users/usr_0002/assignments', 1);
		expect(rows).toEqual(mine('usr_0002'));
		expect(pages).toBe(mine('usr_0002').length);
	});

	it('takes an encoded id that is not path-safe', async () => {
		const r = await get(`users/${encodeURIComponent('../x')}/assignments?page_size=100`);
		expect(r.json.data).toEqual(mine('../x'));
		expect(r.json.data.length).toBeGreaterThan(0);
	});

	it('filters by status, updated_after and user_id', async () => {
		const all = mine('usr_0003');
		const status = all[0].status.value as string;
		const byStatus = await get(`users/usr_0003/assignments?filter[status]=${status}`);
		expect(byStatus.json.data).toEqual(all.filter((a) => a.status.value === status));

		const cutoff = [...all.map((a) => a.updated_at)].sort()[0];
		const later = await get(
			`users/usr_0003/assignments?filter[updated_after]=${encodeURIComponent(cutoff)}`,
		);
		expect(later.json.data).toEqual(all.filter((a) => a.updated_at > cutoff));
		expect(later.json.data.length).toBe(all.length - 1);

		expect((await get('users/usr_0003/assignments?user_id=usr_0004')).json.data).toEqual([]);
		expectError(
			await get('users/usr_0003/assignments?filter[status]=late'),
			400,
			/filter\[status\]/,
		);
	});

	it('404s an unknown user, on the list and the get', async () => {
		expectError(await get('users/usr_9999/assignments'), 404, "User 'usr_9999' not found.");
		expectError(
			await get(`users/usr_9999/assignments/${sb.assignments[0].id}`),
			404,
			"User 'usr_9999' not found.",
		);
	});

	it("gets one of the user's assignments, and 404s another user's or an unknown one", async () => {
		const [own] = mine('usr_0002');
		const r = await get(`users/usr_0002/assignments/${own.id}`);
		expect(r.json).toEqual({ data: own });
		const [other] = mine('usr_0001');
		expectError(
			await get(`users/usr_0002/assignments/${other.id}`),
			404,
			`Assignment '${other.id}' not found.`,
		);
		expectError(
			await get('users/usr_0002/assignments/asg_9999'),
			404,
			"Assignment 'asg_9999' not found.",
		);
	});

	it("takes fields and raw, the raw call below the user's provider id", async () => {
		const [own] = mine('usr_0002');
		const list = await get('users/usr_0002/assignments?fields=id,status&raw=true');
		expect(list.json.data[0]).toEqual({ id: own.id, status: own.status });
		expect(list.json.raw[0].url).toBe(
			'https://lms-provider.example/api/v1/users/remote-user-0002/enrollments?offset=0&limit=25',
		);
		expect(list.json.raw[0].response.items[0]).toMatchObject({
			id: own.remote_id,
			userId: 'remote-user-0002',
			status: own.status.source_value,
		});
		const one = await get(`users/usr_0002/assignments/${own.id}?fields=progress&raw=true`);
		expect(one.json.data).toEqual({ progress: own.progress });
		expect(one.json.raw[0].url).toBe(
			`https://lms-provider.example/api/v1/users/remote-user-0002/enrollments/${own.remote_id}`,
		);
	});
});

describe('raw responses', () => {
	it('show the provider form: its ids, camelCase keys, its enum values, its change time', async () => {
		const category = sb.categories[1];
		const r = await get(`categories/${category.id}?raw=true`);
		expect(r.json.raw[0]).toEqual({
			method: 'GET',
			url: `https://lms-provider.example/api/v1/categories/${category.remote_id}`,
			body: null,
			response: {
				id: category.remote_id,
				name: category.name,
				active: category.active,
				hierarchy: category.hierarchy.source_value,
				level: category.level.source_value,
				language: category.language.source_value,
				updatedAt: expect.any(String),
			},
		});
		expect(r.json.data).not.toHaveProperty('updated_at');

		const course = sb.courses[0];
		const c = await get(`courses/${course.id}?raw=true`);
		expect(c.json.raw[0].response).toMatchObject({
			id: course.remote_id,
			externalReference: course.external_reference,
			contentIds: course.remote_content_ids,
			languages: ['en-GB'],
			updatedAt: course.updated_at,
		});
		expect(c.json.raw[0].response).not.toHaveProperty('remoteContentIds');
	});

	it('take the list filters into account in total', async () => {
		const r = await get('assignments?filter[status]=completed&page_size=10&raw=true');
		const completed = sb.assignments.filter((a) => a.status.value === 'completed');
		expect(r.json.raw[0].response).toMatchObject({ total: completed.length, offset: 0, limit: 10 });
		const second = await get(
			`assignments?filter[status]=completed&page_size=10&raw=true&next=${encodeURIComponent(r.json.next)}`,
		);
		expect(second.json.raw[0].url).toMatch(/\?offset=10&limit=10$/);
		expect(ids(second.json.data)).toEqual(ids(completed.slice(10, 20)));
	});
});

describe('completions', () => {
	it('take fields and raw on every read route', async () => {
		const created = await fetch(`${sb.url}/unified/lms/users/usr_0001/completions`, {
			method: 'POST',
			headers: {
				authorization: sb.authHeader,
				'x-account-id': sb.accountId,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ learning_object_external_reference: 'course-0001' }),
		});
		expect(created.status).toBe(201);
		const { id, remote_id } = sb.completions()[0];
		const expected = { id, user_id: 'usr_0001' };
		for (const path of [
			'completions',
			'users/usr_0001/completions',
			`completions/${id}`,
			`users/usr_0001/completions/${id}`,
		]) {
			const r = await get(`${path}?fields=id,user_id&raw=true`);
			expect(r.status).toBe(200);
			const data = Array.isArray(r.json.data) ? r.json.data[0] : r.json.data;
			expect(data).toEqual(expected);
			const raw = r.json.raw[0];
			const response = raw.response.items ? raw.response.items[0] : raw.response;
			expect(response).toMatchObject({
				id: remote_id,
				learningObjectExternalReference: 'course-0001',
			});
			expect(response).not.toHaveProperty('accountId');
		}
		expectError(await get('completions/cmp_9999'), 404, "Completion 'cmp_9999' not found.");
	});
});
