import * as http from 'http';
import { startSandbox, Sandbox } from '../sandbox';

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	/** Parsed body (leading heartbeat newlines are whitespace to JSON.parse). */
	json: any;
	/** Body bytes as they arrived, one entry per chunk. */
	chunks: string[];
	elapsedMs: number;
}

interface Call {
	method?: string;
	/** Sent exactly as given: no normalisation, no encoding. */
	path: string;
	headers?: Record<string, string | undefined>;
	body?: unknown;
	/** Send this text as the body instead of JSON.stringify(body). */
	rawBody?: string;
	/** Destroy the request after this many ms. */
	abortAfterMs?: number;
}

let sb: Sandbox;

function authHeaders(
	extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
	return { authorization: sb.authHeader, 'x-account-id': sb.accountId, ...extra };
}

function call(target: Sandbox, c: Call): Promise<Answer> {
	const url = new URL(target.url);
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(c.headers ?? {})) if (v !== undefined) headers[k] = v;
	let payload: string | undefined = c.rawBody;
	if (payload === undefined && c.body !== undefined) {
		payload = JSON.stringify(c.body);
		headers['content-type'] ??= 'application/json';
	}
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				method: c.method ?? 'GET',
				path: c.path,
				headers,
				agent: false,
			},
			(res) => {
				const chunks: string[] = [];
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const text = chunks.join('');
					let json: any;
					try {
						json = text.trim() === '' ? undefined : JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						text,
						json,
						chunks,
						elapsedMs: Date.now() - started,
					});
				});
			},
		);
		req.on('error', reject);
		if (c.abortAfterMs !== undefined)
			setTimeout(() => req.destroy(new Error('aborted by test')), c.abortAfterMs);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

const api = (c: Call) => call(sb, c);

function createFor(userId: string, body: unknown, extra: Partial<Call> = {}) {
	return api({
		method: 'POST',
		path: `/unified/lms/users/${encodeURIComponent(userId)}/completions`,
		headers: authHeaders(),
		body,
		...extra,
	});
}

async function control(method: string, path: string, body?: unknown): Promise<Answer> {
	return api({ method, path: `/_sandbox/${path}`, body });
}

function expectErrorBody(answer: Answer, status: number) {
	expect(answer.headers['content-type']).toMatch(/^application\/json/);
	expect(answer.json).toEqual(
		expect.objectContaining({ statusCode: status, message: expect.any(String) }),
	);
	expect(new Date(answer.json.timestamp).toISOString()).toBe(answer.json.timestamp);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VALID = { learning_object_external_reference: 'course-0001' };

beforeAll(async () => {
	sb = await startSandbox();
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => sb.reset());

describe('start-up', () => {
	it('binds 127.0.0.1 on a free port with demo credentials and seed data', () => {
		expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sb.apiKey).toBe('sandbox-api-key-0001');
		expect(sb.accountId).toBe('sandbox-account-1');
		expect(sb.accounts).toEqual(['sandbox-account-1', 'sandbox-account-2']);
		expect(sb.users.filter((u) => /^usr_\d{4}$/.test(u.id))).toHaveLength(60);
		expect(sb.users[0]).toMatchObject({ id: 'usr_0001', email: 'ada.lovelace1@example.com' });
		expect(sb.users.map((u) => u.id)).toEqual(expect.arrayContaining(['../x', 'a/b c']));
		expect(sb.content.length).toBeGreaterThan(0);
		expect(sb.content[0]).toEqual(
			expect.objectContaining({
				id: expect.any(String),
				external_reference: expect.any(String),
				title: expect.any(String),
			}),
		);
	});

	it('takes options: key, account, user count', async () => {
		const other = await startSandbox({ apiKey: 'k2', accountId: 'acc-x', users: 3 });
		try {
			expect(other.users.filter((u) => u.id.startsWith('usr_0'))).toHaveLength(3);
			const r = await call(other, {
				path: '/unified/lms/users',
				headers: {
					authorization: `Basic ${Buffer.from('k2:').toString('base64')}`,
					'x-account-id': 'acc-x',
				},
			});
			expect(r.status).toBe(200);
		} finally {
			await other.close();
		}
	});
});

describe('auth', () => {
	it('401 without Authorization', async () => {
		const r = await api({ path: '/unified/lms/users', headers: { 'x-account-id': sb.accountId } });
		expect(r.status).toBe(401);
		expectErrorBody(r, 401);
		expect(r.json.message).toBe('Unauthorized: the API key is missing or invalid.');
	});

	it.each([
		['a wrong key', `Basic ${Buffer.from('nope:').toString('base64')}`],
		[
			'a non-empty password',
			`Basic ${Buffer.from('sandbox-api-key-0001:secret').toString('base64')}`,
		],
		['a Bearer token', 'Bearer sandbox-api-key-0001'],
		['garbage', 'Basic !!!'],
	])('401 with %s, never echoing the key', async (_name, authorization) => {
		const r = await api({
			path: '/unified/lms/users',
			headers: { authorization, 'x-account-id': sb.accountId },
		});
		expect(r.status).toBe(401);
		expectErrorBody(r, 401);
		expect(r.text).not.toContain('sandbox-api-key-0001');
		expect(r.text).not.toContain('nope');
	});

	it('accepts the key without a colon (absent password)', async () => {
		const authorization = `Basic ${Buffer.from('sandbox-api-key-0001').toString('base64')}`;
		const r = await api({
			path: '/unified/lms/users',
			headers: { authorization, 'x-account-id': sb.accountId },
		});
		expect(r.status).toBe(200);
	});

	it('422 without x-account-id, 403 for an unknown account', async () => {
		const missing = await api({
			path: '/unified/lms/users',
			headers: { authorization: sb.authHeader },
		});
		expect(missing.status).toBe(422);
		expectErrorBody(missing, 422);
		expect(missing.json.message).toBe('The x-account-id header is required.');

		const unknown = await api({
			path: '/unified/lms/users',
			headers: authHeaders({ 'x-account-id': 'acc-nope' }),
		});
		expect(unknown.status).toBe(403);
		expectErrorBody(unknown, 403);
		expect(unknown.json.message).toBe(
			"Forbidden: account 'acc-nope' was not found for this API key.",
		);
	});

	it('accepts a request without User-Agent and logs its headers', async () => {
		const r = await api({ path: '/unified/lms/users', headers: authHeaders() });
		expect(r.status).toBe(200);
		expect(sb.requests).toHaveLength(1);
		expect(sb.requests[0].headers['user-agent']).toBeUndefined();
		expect(sb.requests[0].headers['x-account-id']).toBe(sb.accountId);
	});
});

describe('users', () => {
	it('pages through every user with the next cursor', async () => {
		const seen: string[] = [];
		let next: string | null = null;
		let pages = 0;
		do {
			const query: string = next ? `&next=${encodeURIComponent(next)}` : '';
			const r = await api({
				path: `/unified/lms/users?page_size=7${query}`,
				headers: authHeaders(),
			});
			expect(r.status).toBe(200);
			expect(r.headers['content-type']).toMatch(/^application\/json/);
			expect(r.json.data.length).toBeLessThanOrEqual(7);
			seen.push(...r.json.data.map((u: { id: string }) => u.id));
			next = r.json.next;
			pages++;
		} while (next);
		expect(seen).toEqual(sb.users.map((u) => u.id));
		expect(pages).toBe(Math.ceil(sb.users.length / 7));
	});

	it('defaults to 25 a page, caps page_size at 100 and rejects bad paging input', async () => {
		const first = await api({ path: '/unified/lms/users', headers: authHeaders() });
		expect(first.json.data).toHaveLength(25);
		expect(typeof first.json.next).toBe('string');
		expect(Object.keys(first.json.data[0]).sort()).toEqual(
			[
				'active',
				'created_at',
				'email',
				'external_reference',
				'id',
				'name',
				'remote_id',
				'updated_at',
			].sort(),
		);

		const capped = await api({ path: '/unified/lms/users?page_size=1000', headers: authHeaders() });
		expect(capped.json.data).toHaveLength(Math.min(100, sb.users.length));

		const badSize = await api({ path: '/unified/lms/users?page_size=abc', headers: authHeaders() });
		expect(badSize.status).toBe(400);
		expectErrorBody(badSize, 400);
		const badCursor = await api({ path: '/unified/lms/users?next=bogus', headers: authHeaders() });
		expect(badCursor.status).toBe(400);
	});

	it.each([
		['bracketed', 'filter[email]=GRACE.HOPPER2@example.com'],
		['percent-encoded', 'filter%5Bemail%5D=grace.hopper2%40example.com'],
	])('filters by email (%s key, case-insensitive)', async (_name, query) => {
		const r = await api({ path: `/unified/lms/users?${query}`, headers: authHeaders() });
		expect(r.status).toBe(200);
		expect(r.json.data.map((u: { id: string }) => u.id)).toEqual(['usr_0002']);
		expect(r.json.next).toBeNull();
		expect(sb.requests[0].query).toEqual({
			'filter[email]': expect.stringMatching(/grace\.hopper2@example\.com/i),
		});
	});

	it('returns every holder of a shared email and nothing for an unknown one', async () => {
		const shared = await api({
			path: '/unified/lms/users?filter[email]=shared.inbox%40example.com',
			headers: authHeaders(),
		});
		expect(shared.json.data).toHaveLength(2);
		const none = await api({
			path: '/unified/lms/users?filter[email]=nobody%40example.com',
			headers: authHeaders(),
		});
		expect(none.json).toEqual({ next: null, data: [] });
	});

	it('ignores the email filter when configured to', async () => {
		sb.configure({ ignoreEmailFilter: true });
		const r = await api({
			path: '/unified/lms/users?filter[email]=grace.hopper2%40example.com',
			headers: authHeaders(),
		});
		expect(r.json.data.length).toBe(25);
	});

	it('filters by updated_after', async () => {
		const cutoff = sb.users[49].updated_at;
		const r = await api({
			path: `/unified/lms/users?page_size=100&filter[updated_after]=${encodeURIComponent(cutoff)}`,
			headers: authHeaders(),
		});
		const expected = sb.users
			.filter((u) => Date.parse(u.updated_at) > Date.parse(cutoff))
			.map((u) => u.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(r.json.data.map((u: { id: string }) => u.id)).toEqual(expected);
		const bad = await api({
			path: '/unified/lms/users?filter[updated_after]=yesterday',
			headers: authHeaders(),
		});
		expect(bad.status).toBe(400);
	});

	it('gets one user or 404', async () => {
		const r = await api({ path: '/unified/lms/users/usr_0003', headers: authHeaders() });
		expect(r.json.data).toEqual(sb.users[2]);
		const hostile = await api({
			path: `/unified/lms/users/${encodeURIComponent('a/b c')}`,
			headers: authHeaders(),
		});
		expect(hostile.json.data.id).toBe('a/b c');
		const missing = await api({ path: '/unified/lms/users/usr_9999', headers: authHeaders() });
		expect(missing.status).toBe(404);
		expectErrorBody(missing, 404);
		expect(missing.json.message).toBe("User 'usr_9999' not found.");
	});
});

describe('content', () => {
	it('lists, pages, filters and gets learning objects', async () => {
		const page = await api({ path: '/unified/lms/content?page_size=5', headers: authHeaders() });
		expect(page.json.data).toHaveLength(5);
		expect(page.json.data[0]).toEqual(sb.content[0]);
		const rest = await api({
			path: `/unified/lms/content?page_size=100&next=${encodeURIComponent(page.json.next)}`,
			headers: authHeaders(),
		});
		expect(rest.json.data).toHaveLength(sb.content.length - 5);
		expect(rest.json.next).toBeNull();

		const active = await api({
			path: '/unified/lms/content?page_size=100&filter[active]=true',
			headers: authHeaders(),
		});
		expect(active.json.data.every((c: { active: boolean }) => c.active)).toBe(true);

		const one = await api({
			path: `/unified/lms/content/${sb.content[1].id}`,
			headers: authHeaders(),
		});
		expect(one.json.data).toEqual(sb.content[1]);
		const missing = await api({ path: '/unified/lms/content/cnt_nope', headers: authHeaders() });
		expect(missing.status).toBe(404);
	});
});

describe('create completion', () => {
	it('stores a full record and answers 201 with CreateResult', async () => {
		const body = {
			learning_object_external_reference: 'course-0001',
			learning_object_id: 'lo-1',
			completed_at: '2024-05-01T10:20:30.000Z',
			time_spent: 'PT1H30M45S',
			result: { value: 'Pass', source_value: { raw: 'passed' } },
			score: { percentage: 87.5, raw_value: '87 / 100' },
			passthrough: { note: 'hi' },
			content_external_reference: null,
			content_id: null,
			some_future_field: 'ignored',
		};
		const r = await createFor('usr_0001', body);
		expect(r.status).toBe(201);
		expect(r.headers['content-type']).toMatch(/^application\/json/);
		expect(r.json).toEqual({
			statusCode: 201,
			message: 'Record created successfully.',
			timestamp: expect.any(String),
			data: { id: expect.stringMatching(/^cmp_/), remote_id: expect.stringMatching(/^rmt_/) },
		});
		const [record] = sb.completions();
		expect(record).toEqual({
			id: r.json.data.id,
			remote_id: r.json.data.remote_id,
			user_id: 'usr_0001',
			learning_object_external_reference: 'course-0001',
			learning_object_id: 'lo-1',
			result: { value: 'Pass', source_value: { raw: 'passed' } },
			score: { percentage: 87.5, raw_value: '87 / 100' },
			time_spent: 'PT1H30M45S',
			completed_at: '2024-05-01T10:20:30.000Z',
			content_external_reference: null,
			content_id: null,
			passthrough: { note: 'hi' },
			created_at: expect.any(String),
			updated_at: expect.any(String),
			account_id: 'sandbox-account-1',
		});
		expect(sb.requests[0].body).toEqual(body);
		expect(sb.requests[0].status).toBe(201);
	});

	it('accepts the minimal body and explicit nulls', async () => {
		expect((await createFor('usr_0002', VALID)).status).toBe(201);
		const nulls = {
			...VALID,
			learning_object_id: null,
			completed_at: null,
			time_spent: null,
			result: null,
			score: null,
			passthrough: null,
		};
		expect((await createFor('usr_0002', nulls)).status).toBe(201);
		const inner = {
			...VALID,
			result: { value: null, source_value: [1, 2] },
			score: { percentage: null, raw_value: null },
		};
		expect((await createFor('usr_0002', inner)).status).toBe(201);
		const offset = { ...VALID, completed_at: '2024-05-01T10:20:30+02:00' };
		expect((await createFor('usr_0002', offset)).status).toBe(201);
		expect(sb.completions()).toHaveLength(4);
	});

	it.each<[string, unknown, string]>([
		[
			'missing reference',
			{ completed_at: '2024-01-01T00:00:00Z' },
			"'learning_object_external_reference' is required",
		],
		[
			'numeric reference',
			{ learning_object_external_reference: 42 },
			"'learning_object_external_reference' must be a string",
		],
		[
			'empty reference',
			{ learning_object_external_reference: '' },
			"'learning_object_external_reference' must not be empty",
		],
		[
			'bare date',
			{ ...VALID, completed_at: '2024-01-01' },
			"'completed_at' must be a date-time string (RFC 3339), got '2024-01-01'.",
		],
		[
			'no time zone',
			{ ...VALID, completed_at: '2024-01-01T10:00:00' },
			"'completed_at' must be a date-time string",
		],
		[
			'impossible date',
			{ ...VALID, completed_at: '2023-02-29T10:00:00Z' },
			"'completed_at' must be a date-time string",
		],
		[
			'numeric completed_at',
			{ ...VALID, completed_at: 1714557630000 },
			"'completed_at' must be a date-time string",
		],
		[
			'numeric learning_object_id',
			{ ...VALID, learning_object_id: 7 },
			"'learning_object_id' must be a string or null",
		],
		['numeric time_spent', { ...VALID, time_spent: 90 }, "'time_spent' must be a string or null"],
		[
			'array content_id',
			{ ...VALID, content_id: ['x'] },
			"'content_id' must be a string or null, got an array",
		],
		[
			'result as string',
			{ ...VALID, result: 'Pass' },
			"'result' must be an object or null, got 'Pass'",
		],
		[
			'lower-case result value',
			{ ...VALID, result: { value: 'pass' } },
			"'result.value' must be one of 'Pass', 'Fail', 'unmapped_value' or null, got 'pass'",
		],
		[
			'score as number',
			{ ...VALID, score: 87 },
			"'score' must be an object or null, got number 87",
		],
		[
			'string percentage',
			{ ...VALID, score: { percentage: '87' } },
			"'score.percentage' must be a number or null, got '87'",
		],
		[
			'numeric raw_value',
			{ ...VALID, score: { raw_value: 87 } },
			"'score.raw_value' must be a string or null",
		],
		[
			'array passthrough',
			{ ...VALID, passthrough: [] },
			"'passthrough' must be an object or null, got an array",
		],
		['array body', [VALID], 'the request body must be a JSON object'],
	])('422 for %s', async (_name, body, fragment) => {
		const r = await createFor('usr_0001', body);
		expect(r.status).toBe(422);
		expectErrorBody(r, 422);
		expect(r.json.message).toMatch(/^Validation failed: /);
		expect(r.json.message).toContain(fragment);
		expect(sb.completions()).toHaveLength(0);
	});

	it('400 with data and provider_errors for invalid JSON or a non-JSON content type', async () => {
		const broken = await createFor('usr_0001', undefined, {
			rawBody: '{"learning_object_external_reference":',
			headers: authHeaders({ 'content-type': 'application/json' }),
		});
		expect(broken.status).toBe(400);
		expectErrorBody(broken, 400);
		expect(broken.json.data).toEqual({});
		expect(broken.json.provider_errors).toEqual([]);
		expect(sb.requests[0].body).toBe('{"learning_object_external_reference":');

		const text = await createFor('usr_0001', undefined, {
			rawBody: JSON.stringify(VALID),
			headers: authHeaders({ 'content-type': 'text/plain' }),
		});
		expect(text.status).toBe(400);
		expect(sb.completions()).toHaveLength(0);
	});

	it('404 for an unknown user, naming it', async () => {
		const r = await createFor('usr_9999', VALID);
		expect(r.status).toBe(404);
		expectErrorBody(r, 404);
		expect(r.json.message).toBe("User 'usr_9999' not found.");
	});

	it('stores completions for hostile ids under the right user', async () => {
		expect((await createFor('../x', VALID)).status).toBe(201);
		expect((await createFor('a/b c', VALID)).status).toBe(201);
		expect(sb.completions().map((c) => c.user_id)).toEqual(['../x', 'a/b c']);
		expect(sb.requests.map((r) => r.path)).toEqual([
			'/unified/lms/users/..%2Fx/completions',
			'/unified/lms/users/a%2Fb%20c/completions',
		]);
	});

	it('does not route an unencoded ../x (or an encoded ..) to a user', async () => {
		const raw = await api({
			method: 'POST',
			path: '/unified/lms/users/../x/completions',
			headers: authHeaders(),
			body: VALID,
		});
		expect(raw.status).toBe(404);
		expectErrorBody(raw, 404);
		expect(sb.requests[0].path).toBe('/unified/lms/users/../x/completions');

		const dots = await api({
			method: 'POST',
			path: '/unified/lms/users/%2E%2E/completions',
			headers: authHeaders(),
			body: VALID,
		});
		expect(dots.status).toBe(404);
		expect(dots.json.message).toBe("User '..' not found.");

		const badEscape = await api({
			method: 'POST',
			path: '/unified/lms/users/%E0%A4%A/completions',
			headers: authHeaders(),
			body: VALID,
		});
		expect(badEscape.status).toBe(400);
		expect(sb.completions()).toHaveLength(0);
	});
});

describe('reading and deleting completions', () => {
	it('lists per user and across users, gets and deletes one, and keeps accounts apart', async () => {
		const a = (await createFor('usr_0001', VALID)).json.data.id;
		const b = (await createFor('usr_0002', VALID)).json.data.id;
		await createFor('usr_0001', { ...VALID, learning_object_external_reference: 'course-0002' });
		const otherAccount = await createFor('usr_0001', VALID, {
			headers: authHeaders({ 'x-account-id': 'sandbox-account-2' }),
		});
		expect(otherAccount.status).toBe(201);

		const mine = await api({
			path: '/unified/lms/users/usr_0001/completions',
			headers: authHeaders(),
		});
		expect(mine.json.data.map((c: { user_id: string }) => c.user_id)).toEqual([
			'usr_0001',
			'usr_0001',
		]);
		expect(mine.json.data[0].account_id).toBeUndefined();
		const paged = await api({
			path: '/unified/lms/users/usr_0001/completions?page_size=1',
			headers: authHeaders(),
		});
		expect(paged.json.data).toHaveLength(1);
		expect(typeof paged.json.next).toBe('string');

		const all = await api({ path: '/unified/lms/completions', headers: authHeaders() });
		expect(all.json.data).toHaveLength(3);
		const one = await api({ path: `/unified/lms/completions/${b}`, headers: authHeaders() });
		expect(one.json.data).toMatchObject({ id: b, user_id: 'usr_0002' });

		expect(sb.completions('sandbox-account-2')).toHaveLength(1);
		const acct2 = await api({
			path: '/unified/lms/completions',
			headers: authHeaders({ 'x-account-id': 'sandbox-account-2' }),
		});
		expect(acct2.json.data).toHaveLength(1);

		const got = await api({
			path: `/unified/lms/users/usr_0001/completions/${a}`,
			headers: authHeaders(),
		});
		expect(got.json.data.id).toBe(a);
		const wrongUser = await api({
			path: `/unified/lms/users/usr_0002/completions/${a}`,
			headers: authHeaders(),
		});
		expect(wrongUser.status).toBe(404);

		const del = await api({
			method: 'DELETE',
			path: `/unified/lms/users/usr_0001/completions/${a}`,
			headers: authHeaders(),
		});
		expect(del.status).toBe(200);
		expect(del.json).toEqual({
			statusCode: 200,
			message: 'Record deleted successfully.',
			timestamp: expect.any(String),
		});
		expect(sb.completions().map((c) => c.id)).not.toContain(a);
		const again = await api({
			method: 'DELETE',
			path: `/unified/lms/users/usr_0001/completions/${a}`,
			headers: authHeaders(),
		});
		expect(again.status).toBe(404);

		sb.configure({ deleteStatus: 204 });
		const del204 = await api({
			method: 'DELETE',
			path: `/unified/lms/users/usr_0002/completions/${b}`,
			headers: authHeaders(),
		});
		expect(del204.status).toBe(204);
		expect(del204.text).toBe('');
	});

	it('404 with an error body for unknown routes and methods', async () => {
		for (const [method, path] of [
			['GET', '/unified/lms/nothing'],
			['PUT', '/unified/lms/users'],
			['GET', '/'],
		]) {
			const r = await api({ method, path, headers: authHeaders() });
			expect(r.status).toBe(404);
			expectErrorBody(r, 404);
		}
	});
});

describe('rate limit', () => {
	it.each([
		['seconds', (v: string | undefined) => expect(v).toMatch(/^[1-9]\d*$/)],
		[
			'date',
			(v: string | undefined) => expect(Date.parse(v ?? '')).toBeGreaterThan(Date.now() - 1000),
		],
		['none', (v: string | undefined) => expect(v).toBeUndefined()],
		['garbage', (v: string | undefined) => expect(v).toBe('soon')],
	] as const)('answers 429 with Retry-After as %s', async (form, check) => {
		sb.configure({ rateLimit: { limit: 2, windowMs: 60000 }, retryAfterForm: form });
		expect((await api({ path: '/unified/lms/users', headers: authHeaders() })).status).toBe(200);
		expect((await createFor('usr_0001', VALID)).status).toBe(201);
		const over = await createFor('usr_0001', VALID);
		expect(over.status).toBe(429);
		expectErrorBody(over, 429);
		expect(over.json.message).toBe(
			'Too many requests: the rate limit of 2 requests per minute was exceeded.',
		);
		check(over.headers['retry-after']);
		if (form === 'date') expect(over.headers['retry-after']).toMatch(/GMT$/);
		expect(sb.completions()).toHaveLength(1);
		expect(sb.state().counts.rateLimited).toBe(1);
	});

	it('frees up when the window slides and counts only authenticated requests', async () => {
		sb.configure({ rateLimit: { limit: 1, windowMs: 300 } });
		await api({ path: '/unified/lms/users', headers: { 'x-account-id': sb.accountId } }); // 401, not counted
		expect((await api({ path: '/unified/lms/users', headers: authHeaders() })).status).toBe(200);
		const over = await api({ path: '/unified/lms/users', headers: authHeaders() });
		expect(over.status).toBe(429);
		expect(over.headers['retry-after']).toBe('1');
		await sleep(350);
		expect((await api({ path: '/unified/lms/users', headers: authHeaders() })).status).toBe(200);
	});
});

describe('faults', () => {
	it('status: answers the status with an error body and stores nothing', async () => {
		sb.inject({
			match: { method: 'POST' },
			fault: { type: 'status', status: 502, headers: { 'x-trace': 't1' } },
		});
		const r = await createFor('usr_0001', VALID);
		expect(r.status).toBe(502);
		expectErrorBody(r, 502);
		expect(r.headers['x-trace']).toBe('t1');
		expect(sb.completions()).toHaveLength(0);
		expect((await createFor('usr_0001', VALID)).status).toBe(201); // times defaults to 1
		expect(sb.state().counts.faultsFired).toEqual({ status: 1 });
		expect(sb.requests[0].fault).toBe('status');
	});

	it('status 400 carries data and provider_errors; message and body can be set', async () => {
		sb.inject({
			fault: {
				type: 'status',
				status: 400,
				message: 'Provider said no',
				body: { errorCode: 'E1' },
			},
		});
		const r = await createFor('usr_0001', VALID);
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({
			statusCode: 400,
			message: 'Provider said no',
			errorCode: 'E1',
			data: {},
		});
		expect(r.json.provider_errors).toEqual([
			expect.objectContaining({
				status: expect.any(Number),
				url: expect.any(String),
				raw: expect.any(Object),
				headers: expect.any(Object),
			}),
		]);
	});

	it('rateLimit and timeout408 answer with each Retry-After form', async () => {
		sb.inject({ times: 4, fault: { type: 'rateLimit', seconds: 3 } });
		const secs = await createFor('usr_0001', VALID);
		expect(secs.status).toBe(429);
		expectErrorBody(secs, 429);
		expect(secs.headers['retry-after']).toBe('3');
		sb.reset();
		for (const [retryAfter, expected] of [
			['date', /GMT$/],
			['garbage', /^soon$/],
		] as const) {
			sb.inject({ fault: { type: 'rateLimit', retryAfter, seconds: 2 } });
			expect((await createFor('usr_0001', VALID)).headers['retry-after']).toMatch(expected);
		}
		sb.inject({ fault: { type: 'rateLimit', retryAfter: 'none' } });
		const none = await createFor('usr_0001', VALID);
		expect(none.status).toBe(429);
		expect(none.headers['retry-after']).toBeUndefined();

		sb.inject({ fault: { type: 'timeout408', seconds: 5 } });
		const timeout = await createFor('usr_0001', VALID);
		expect(timeout.status).toBe(408);
		expectErrorBody(timeout, 408);
		expect(timeout.headers['retry-after']).toBe('5');
		expect(sb.completions()).toHaveLength(0);
	});

	it('resetBeforeRead: the connection drops and nothing is stored', async () => {
		sb.inject({ fault: { type: 'resetBeforeRead' } });
		await expect(createFor('usr_0001', VALID)).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
		expect(sb.completions()).toHaveLength(0);
		expect(sb.requests[0]).toMatchObject({ fault: 'resetBeforeRead', reset: true, status: null });
	});

	it('resetAfterStore: the record is stored but no answer comes', async () => {
		sb.inject({ fault: { type: 'resetAfterStore' } });
		await expect(createFor('usr_0001', VALID)).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(sb.completions()).toHaveLength(1);
		expect(sb.requests[0]).toMatchObject({
			fault: 'resetAfterStore',
			reset: true,
			status: null,
			outcome: 201,
		});
	});

	it('delay: answers late, and stores even when the client gave up', async () => {
		sb.inject({ fault: { type: 'delay', ms: 150 } });
		const slow = await createFor('usr_0001', VALID);
		expect(slow.status).toBe(201);
		expect(slow.elapsedMs).toBeGreaterThanOrEqual(140);

		sb.inject({ fault: { type: 'delay', ms: 150 } });
		await expect(createFor('usr_0002', VALID, { abortAfterMs: 30 })).rejects.toThrow(
			'aborted by test',
		);
		expect(sb.completions()).toHaveLength(1); // not yet
		await sleep(250);
		expect(sb.completions().map((c) => c.user_id)).toEqual(['usr_0001', 'usr_0002']);
		expect(sb.requests[1]).toMatchObject({ clientGone: true, outcome: 201 });
	});

	it('malformedJson: stores the record and answers a truncated body', async () => {
		sb.inject({ fault: { type: 'malformedJson' } });
		const r = await createFor('usr_0001', VALID);
		expect(r.status).toBe(201);
		expect(r.headers['content-type']).toMatch(/^application\/json/);
		expect(() => JSON.parse(r.text)).toThrow();
		expect(r.text).toMatch(/^\{"statusCode":201,.*"data":\{"id":$/);
		expect(sb.completions()).toHaveLength(1);
	});

	it('heartbeatError: HTTP 201 and newlines, then a 500 body; nothing stored', async () => {
		sb.inject({ fault: { type: 'heartbeatError', message: 'Provider exploded' } });
		const r = await createFor('usr_0001', VALID);
		expect(r.status).toBe(201);
		expect(r.headers['preference-applied']).toBe('heartbeat');
		expect(r.text.startsWith('\n\n')).toBe(true);
		expect(r.json).toMatchObject({ statusCode: 500, message: 'Provider exploded' });
		expect(sb.completions()).toHaveLength(0);
	});

	it('statusAfterStore: stores the record, then answers 502 with an error body', async () => {
		sb.inject({ match: { method: 'POST' }, fault: { type: 'statusAfterStore' } });
		const r = await createFor('usr_0001', VALID);
		expect(r.status).toBe(502);
		expectErrorBody(r, 502);
		expect(r.json).toEqual({
			statusCode: 502,
			message: 'Bad gateway',
			timestamp: expect.any(String),
		});
		expect(r.headers['retry-after']).toBeUndefined();
		expect(sb.completions()).toHaveLength(1);
		expect(sb.requests[0]).toMatchObject({ fault: 'statusAfterStore', status: 502, outcome: 201 });
		expect(sb.state().counts).toMatchObject({
			byStatus: { '502': 1 },
			faultsFired: { statusAfterStore: 1 },
		});
		const listed = await api({ path: '/unified/lms/completions', headers: authHeaders() });
		expect(listed.json.data.map((c: { id: string }) => c.id)).toEqual([sb.completions()[0].id]);
	});

	it('statusAfterStore: a delete is done; 408 and 429 carry Retry-After', async () => {
		const id = (await createFor('usr_0001', VALID)).json.data.id;
		sb.inject({
			match: { method: 'DELETE' },
			fault: { type: 'statusAfterStore', status: 504, message: 'upstream timed out' },
		});
		const del = await api({
			method: 'DELETE',
			path: `/unified/lms/users/usr_0001/completions/${id}`,
			headers: authHeaders(),
		});
		expect(del.status).toBe(504);
		expectErrorBody(del, 504);
		expect(del.json.message).toBe('upstream timed out');
		expect(sb.completions()).toHaveLength(0);
		expect(sb.requests[1]).toMatchObject({ status: 504, outcome: 200 });

		sb.inject({ fault: { type: 'statusAfterStore', status: 408, seconds: 3 } });
		const timeout = await createFor('usr_0001', VALID);
		expect(timeout.status).toBe(408);
		expectErrorBody(timeout, 408);
		expect(timeout.headers['retry-after']).toBe('3');
		sb.inject({ fault: { type: 'statusAfterStore', status: 429, retryAfter: 'date' } });
		const limited = await createFor('usr_0001', VALID);
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toMatch(/GMT$/);
		sb.inject({ fault: { type: 'statusAfterStore', status: 408, retryAfter: 'none' } });
		expect((await createFor('usr_0001', VALID)).headers['retry-after']).toBeUndefined();
		expect(sb.completions()).toHaveLength(3);
	});

	it('statusAfterStore under Prefer: heartbeat: the body carries the fault status', async () => {
		sb.inject({ fault: { type: 'statusAfterStore', status: 504 } });
		const r = await createFor('usr_0001', VALID, { headers: authHeaders({ prefer: 'heartbeat' }) });
		expect(r.status).toBe(200);
		expect(r.headers['preference-applied']).toBe('heartbeat');
		expect(r.text.startsWith('\n\n{')).toBe(true);
		expect(r.json).toEqual({
			statusCode: 504,
			message: 'Gateway timeout',
			timestamp: expect.any(String),
		});
		expect(sb.completions()).toHaveLength(1);
		expect(sb.requests[0]).toMatchObject({ status: 200, outcome: 201 });
	});

	it('html: status, rateLimit and statusAfterStore answer a proxy page, keeping Retry-After', async () => {
		sb.inject({ fault: { type: 'status', status: 503, html: true, headers: { 'x-trace': 't1' } } });
		const page = await createFor('usr_0001', VALID);
		expect(page.status).toBe(503);
		expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(page.text).toBe(
			'<html><head><title>503 Service Unavailable</title></head><body><center><h1>503 Service Unavailable</h1></center><hr><center>nginx</center></body></html>',
		);
		expect(page.headers['content-length']).toBe(String(Buffer.byteLength(page.text)));
		expect(page.headers['x-trace']).toBe('t1');
		expect(sb.completions()).toHaveLength(0);

		sb.inject({ fault: { type: 'rateLimit', html: true, seconds: 4 } });
		const limited = await createFor('usr_0001', VALID);
		expect(limited.status).toBe(429);
		expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(limited.text).toContain('<title>429 Too Many Requests</title>');
		expect(limited.headers['retry-after']).toBe('4');
		expect(sb.completions()).toHaveLength(0);

		sb.inject({ fault: { type: 'statusAfterStore', status: 408, html: true } });
		const timeout = await createFor('usr_0001', VALID);
		expect(timeout.status).toBe(408);
		expect(timeout.text).toContain('<h1>408 Request Timeout</h1>');
		expect(timeout.headers['retry-after']).toBe('1');
		expect(sb.completions()).toHaveLength(1);
	});

	it('html: a proxy page is never preceded by a heartbeat', async () => {
		sb.inject({ fault: { type: 'statusAfterStore', status: 504, html: true } });
		const r = await createFor('usr_0001', VALID, { headers: authHeaders({ prefer: 'heartbeat' }) });
		expect(r.status).toBe(504);
		expect(r.headers['preference-applied']).toBeUndefined();
		expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(r.text).toMatch(/^<html><head><title>504 Gateway Timeout<\/title>/);
		expect(sb.completions()).toHaveLength(1);
		expect(sb.requests[0]).toMatchObject({ status: 504, outcome: 201 });
	});

	it('matches by method, path (prefix or RegExp), nth and times', async () => {
		sb.inject({ match: { method: 'GET' }, fault: { type: 'status', status: 503 } });
		sb.inject({
			match: { path: /\/completions$/, nth: 2 },
			times: 2,
			fault: { type: 'status', status: 500 },
		});
		expect((await createFor('usr_0001', VALID)).status).toBe(201); // 1st POST: nth not reached
		expect((await createFor('usr_0001', VALID)).status).toBe(500);
		expect((await createFor('usr_0001', VALID)).status).toBe(500);
		expect((await createFor('usr_0001', VALID)).status).toBe(201); // times used up
		expect((await api({ path: '/unified/lms/users', headers: authHeaders() })).status).toBe(503);

		sb.inject({ match: { path: '/unified/lms/content' }, fault: { type: 'status', status: 500 } });
		expect((await api({ path: '/unified/lms/users', headers: authHeaders() })).status).toBe(200);
		expect((await api({ path: '/unified/lms/content', headers: authHeaders() })).status).toBe(500);
		expect(sb.state().counts.faultsFired).toEqual({ status: 4 });
		expect(sb.state().pendingFaults).toEqual([]);
	});

	it('rejects malformed fault specs', () => {
		expect(() => sb.inject({ fault: { type: 'nope' } } as any)).toThrow(/unknown fault type/);
		expect(() => sb.inject({ fault: { type: 'delay' } } as any)).toThrow(/ms/);
		expect(() => sb.inject({ match: { nth: 0 }, fault: { type: 'resetBeforeRead' } })).toThrow(
			/nth/,
		);
	});

	it('rejects html on other fault types, a non-boolean html and a non-error statusAfterStore', () => {
		expect(() => sb.inject({ fault: { type: 'timeout408', html: true } } as any)).toThrow(
			/html.*status, rateLimit, statusAfterStore/,
		);
		expect(() => sb.inject({ fault: { type: 'status', html: 'yes' } } as any)).toThrow(/html/);
		expect(() => sb.inject({ fault: { type: 'statusAfterStore', status: 201 } })).toThrow(
			/400-599/,
		);
		expect(sb.state().pendingFaults).toEqual([]);
	});
});

describe('heartbeat', () => {
	it('honours Prefer: heartbeat with early headers, newlines, then the real outcome', async () => {
		sb.configure({ latencyMs: 60, heartbeatIntervalMs: 20, heartbeatNewlines: 3 });
		const r = await createFor('usr_0001', VALID, { headers: authHeaders({ prefer: 'heartbeat' }) });
		expect(r.status).toBe(200);
		expect(r.headers['preference-applied']).toBe('heartbeat');
		expect(r.headers['content-type']).toMatch(/^application\/json/);
		expect(r.text.startsWith('\n\n\n{')).toBe(true);
		expect(r.chunks[0]).toBe('\n'); // the first byte came before the body
		expect(r.json).toMatchObject({ statusCode: 201, data: { id: expect.any(String) } });
		expect(sb.completions()).toHaveLength(1);
		expect(sb.requests[0]).toMatchObject({ status: 200, outcome: 201 });
	});

	it('keeps the HTTP status fixed when the outcome is a failure', async () => {
		const r = await createFor(
			'usr_0001',
			{ ...VALID, completed_at: '2024-01-01' },
			{
				headers: authHeaders({ prefer: 'respond-async, Heartbeat' }),
			},
		);
		expect(r.status).toBe(200);
		expect(r.json.statusCode).toBe(422);
		expect(r.json.message).toContain('completed_at');

		sb.configure({ heartbeatStatus: 202 });
		const missing = await createFor('usr_9999', VALID, {
			headers: authHeaders({ prefer: 'heartbeat' }),
		});
		expect(missing.status).toBe(202);
		expect(missing.json.statusCode).toBe(404);
	});

	it('answers normally without the preference, when switched off, or when auth fails', async () => {
		const plain = await createFor('usr_0001', VALID);
		expect(plain.status).toBe(201);
		expect(plain.headers['preference-applied']).toBeUndefined();

		sb.configure({ heartbeat: false });
		const off = await createFor('usr_0001', VALID, {
			headers: authHeaders({ prefer: 'heartbeat' }),
		});
		expect(off.status).toBe(201);
		expect(off.headers['preference-applied']).toBeUndefined();
		expect(off.text.startsWith('{')).toBe(true);

		sb.configure({ heartbeat: true });
		const unauth = await createFor('usr_0001', VALID, {
			headers: { prefer: 'heartbeat', 'x-account-id': sb.accountId },
		});
		expect(unauth.status).toBe(401);
	});
});

describe('visibility delay', () => {
	const DELAY = 400;

	async function readAll(userId: string, id: string) {
		const get = (path: string) => api({ path: `/unified/lms/${path}`, headers: authHeaders() });
		const ids = (r: Answer) => r.json.data.map((c: { id: string }) => c.id);
		return {
			userList: ids(await get(`users/${userId}/completions`)),
			allList: ids(await get('completions')),
			userGet: (await get(`users/${userId}/completions/${id}`)).status,
			get: (await get(`completions/${id}`)).status,
		};
	}

	it('hides a new completion from every list and get endpoint until visibilityDelayMs has passed', async () => {
		sb.configure({ visibilityDelayMs: DELAY });
		const old = (await createFor('usr_0001', VALID)).json.data.id;
		await sleep(DELAY + 50);
		const fresh = (await createFor('usr_0001', VALID)).json.data.id;
		const createdMs = Date.parse(sb.completions()[1].created_at);

		const early = await readAll('usr_0001', fresh);
		expect(Date.now()).toBeLessThan(createdMs + DELAY); // the reads above ran inside the delay
		expect(early).toEqual({ userList: [old], allList: [old], userGet: 404, get: 404 });
		expect(sb.completions().map((c) => c.id)).toEqual([old, fresh]);
		expect(sb.state().counts.completions['sandbox-account-1']).toBe(2);
		expect((await control('GET', 'state')).json.completions['sandbox-account-1']).toHaveLength(2);

		await sleep(createdMs + DELAY - Date.now() + 30);
		expect(await readAll('usr_0001', fresh)).toEqual({
			userList: [old, fresh],
			allList: [old, fresh],
			userGet: 200,
			get: 200,
		});
	});

	it('applies at read time, and DELETE still finds a hidden completion', async () => {
		sb.configure({ visibilityDelayMs: 60000 });
		const a = (await createFor('usr_0001', VALID)).json.data.id;
		const b = (await createFor('usr_0001', VALID)).json.data.id;
		expect((await readAll('usr_0001', a)).allList).toEqual([]);
		const del = await api({
			method: 'DELETE',
			path: `/unified/lms/users/usr_0001/completions/${a}`,
			headers: authHeaders(),
		});
		expect(del.status).toBe(200);
		expect(sb.completions().map((c) => c.id)).toEqual([b]);
		sb.configure({ visibilityDelayMs: 0 });
		expect(await readAll('usr_0001', b)).toEqual({
			userList: [b],
			allList: [b],
			userGet: 200,
			get: 200,
		});
	});

	it('configure validates visibilityDelayMs; reset returns it to the start-up value', async () => {
		expect(sb.switches.visibilityDelayMs).toBe(0);
		expect(() => sb.configure({ visibilityDelayMs: -1 })).toThrow(/visibilityDelayMs/);
		expect(() => sb.configure({ visibilityDelayMs: '5' } as any)).toThrow(/visibilityDelayMs/);
		expect(
			(await control('POST', 'configure', { visibilityDelayMs: 250 })).json.switches,
		).toMatchObject({ visibilityDelayMs: 250 });
		sb.reset();
		expect(sb.switches.visibilityDelayMs).toBe(0);

		const late = await startSandbox({ visibilityDelayMs: 50 });
		try {
			late.configure({ visibilityDelayMs: 0 });
			late.reset();
			expect(late.switches.visibilityDelayMs).toBe(50);
		} finally {
			await late.close();
		}
	});
});

describe('latency', () => {
	it('delays API answers but not control routes', async () => {
		sb.configure({ latencyMs: 120 });
		const r = await api({ path: '/unified/lms/users', headers: authHeaders() });
		expect(r.elapsedMs).toBeGreaterThanOrEqual(110);
		const c = await control('GET', 'state');
		expect(c.elapsedMs).toBeLessThan(100);
	});
});

describe('reset and configure', () => {
	it('reset clears completions, log, faults and switches but keeps seed data', async () => {
		const requests = sb.requests;
		sb.configure({ latencyMs: 5, rateLimit: { limit: 100 } });
		sb.inject({ fault: { type: 'status', status: 500 }, match: { nth: 5 } });
		await createFor('usr_0001', VALID);
		sb.reset();
		expect(sb.completions()).toEqual([]);
		expect(requests).toHaveLength(0);
		expect(sb.requests).toBe(requests);
		expect(sb.switches).toMatchObject({ latencyMs: 0, rateLimit: null });
		expect(sb.state().pendingFaults).toEqual([]);
		expect(sb.users.length).toBe(64);
		const r = await createFor('usr_0001', VALID);
		expect(r.json.data.id).toBe('cmp_0001');
	});

	it('configure rejects unknown switches and bad values without applying any', () => {
		expect(() => sb.configure({ latencyMs: 10, nope: 1 } as any)).toThrow(/unknown switch 'nope'/);
		expect(() => sb.configure({ retryAfterForm: 'weeks' } as any)).toThrow(/retryAfterForm/);
		expect(sb.switches.latencyMs).toBe(0);
	});

	it('returns to start-up switches on reset', async () => {
		const slow = await startSandbox({ latencyMs: 7 });
		try {
			slow.configure({ latencyMs: 0 });
			slow.reset();
			expect(slow.switches.latencyMs).toBe(7);
		} finally {
			await slow.close();
		}
	});
});

describe('control API', () => {
	it('configures, injects, reports state and requests, and resets over HTTP without logging itself', async () => {
		const conf = await control('POST', 'configure', {
			rateLimit: { limit: 50, windowMs: 1000 },
			retryAfterForm: 'date',
		});
		expect(conf.status).toBe(200);
		expect(conf.json.switches).toMatchObject({
			rateLimit: { limit: 50, windowMs: 1000 },
			retryAfterForm: 'date',
		});
		expect(sb.switches.retryAfterForm).toBe('date');

		const inj = await control('POST', 'inject', {
			match: { method: 'POST', pathRegex: 'completions$' },
			fault: { type: 'status', status: 500 },
		});
		expect(inj.status).toBe(200);
		expect(inj.json.pendingFaults).toHaveLength(1);
		await control('POST', 'inject', {
			match: { path: '/unified/lms/content' },
			fault: { type: 'timeout408' },
		});

		expect((await createFor('usr_0001', VALID)).status).toBe(500);
		expect((await createFor('usr_0001', VALID)).status).toBe(201);
		expect((await api({ path: '/unified/lms/content', headers: authHeaders() })).status).toBe(408);

		const state = await control('GET', 'state');
		expect(state.status).toBe(200);
		expect(state.headers['content-type']).toMatch(/^application\/json/);
		expect(state.json.counts).toMatchObject({
			users: 64,
			completions: { 'sandbox-account-1': 1, 'sandbox-account-2': 0 },
			requests: 3,
			faultsFired: { status: 1, timeout408: 1 },
			byStatus: { '201': 1, '408': 1, '500': 1 },
		});
		expect(state.json.completions['sandbox-account-1']).toHaveLength(1);
		expect(state.json.requests.map((r: { status: number }) => r.status)).toEqual([500, 201, 408]);

		const log = await control('GET', 'requests');
		expect(log.json).toHaveLength(3);
		expect(log.json[1]).toMatchObject({ method: 'POST', body: VALID, status: 201 });
		expect(sb.requests).toHaveLength(3);

		const bad = await control('POST', 'configure', { latencyMs: -1 });
		expect(bad.status).toBe(400);
		expect(bad.json.error).toMatch(/latencyMs/);
		const badJson = await api({
			method: 'POST',
			path: '/_sandbox/inject',
			rawBody: '{',
			headers: { 'content-type': 'application/json' },
		});
		expect(badJson.status).toBe(400);
		expect((await control('GET', 'nope')).status).toBe(404);

		expect((await control('POST', 'reset')).json).toEqual({ ok: true });
		expect(sb.completions()).toHaveLength(0);
		expect(sb.requests).toHaveLength(0);
		expect(sb.switches.rateLimit).toBeNull();
	});
});

describe('close', () => {
	it('destroys open connections and resolves promptly', async () => {
		const other = await startSandbox({ latencyMs: 5000 });
		const pending = call(other, {
			method: 'POST',
			path: '/unified/lms/users/usr_0001/completions',
			headers: {
				authorization: other.authHeader,
				'x-account-id': other.accountId,
				prefer: 'heartbeat',
			},
			body: VALID,
		});
		await sleep(50);
		const started = Date.now();
		await other.close();
		expect(Date.now() - started).toBeLessThan(1000);
		await expect(pending).rejects.toThrow(/aborted|ECONNRESET|socket hang up/);
		await other.close(); // idempotent
	});
});
