import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Poller } from './helpers/runPoll';
import { credentialsFor, runCreate, sandboxRequest, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';

const sandbox = useSandbox();

const completionEvent: INodeParameters = { event: 'completion', options: {} };

/** Creates completions through StackOne's API, as an LMS user would by finishing courses. */
async function complete(sb: Sandbox, count: number, prefix: string): Promise<string[]> {
	const ids: string[] = [];
	for (let n = 0; n < count; n++) {
		const answer = await send(sb, 'POST', `/unified/lms/users/${sb.users[n % 60].id}/completions`, {
			learning_object_external_reference: `${prefix}-${n}`,
		});
		ids.push(String((answer.data as IDataObject).id));
	}
	return ids;
}

async function send(
	sb: Sandbox,
	method: string,
	path: string,
	body: unknown,
): Promise<IDataObject> {
	const { status, json } = await sandboxRequest(sb, method, path, body);
	expect(status).toBe(201);
	return json;
}

const idsOf = (records: IDataObject[] | null) => (records ?? []).map((record) => record.id);
const listReads = (sb: Sandbox, path: string) =>
	sb.requests.filter((request) => request.method === 'GET' && request.path === path);
const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('StackOne LMS Trigger: never miss, never repeat', () => {
	it('starts from the activation: what exists is not emitted; what is added between polls is, once, oldest first', async () => {
		const sb = sandbox();
		await complete(sb, 3, 'before');
		const poller = new Poller(completionEvent, credentialsFor(sb));

		expect(await poller.poll()).toBeNull();
		const added = await complete(sb, 4, 'between');
		const second = await poller.poll();
		const third = await poller.poll();

		expect(idsOf(second)).toEqual(added);
		expect(second?.map((record) => record.learning_object_external_reference)).toEqual([
			'between-0',
			'between-1',
			'between-2',
			'between-3',
		]);
		expect(third).toBeNull();
		const reads = listReads(sb, '/unified/lms/completions');
		expect(reads).toHaveLength(3);
		expect(reads.every((request) => request.query['filter[updated_after]'])).toBe(true);
	});

	it('keeps its state across polls and a restart: the next poll emits what was added meanwhile, nothing twice', async () => {
		const sb = sandbox();
		const before = new Poller(completionEvent, credentialsFor(sb));
		await before.poll();
		const first = await complete(sb, 2, 'a');
		expect(idsOf(await before.poll())).toEqual(first);
		const meanwhile = await complete(sb, 3, 'b');

		// n8n reloads the static data it saved; a new poller is a new process.
		const after = new Poller(completionEvent, credentialsFor(sb), before.staticData);

		expect(idsOf(await after.poll())).toEqual(meanwhile);
		expect(await after.poll()).toBeNull();
	});

	it('emits once a record that shows up late, with an updated_at before the last poll, inside the look-back window', async () => {
		const sb = sandbox();
		const poller = new Poller(completionEvent, credentialsFor(sb));
		await poller.poll();
		const onTime = await complete(sb, 1, 'on-time');
		expect(idsOf(await poller.poll())).toEqual(onTime);

		sb.configure({ updatedAtLagMs: 2 * 60 * 1000 });
		const late = await complete(sb, 1, 'late');
		const [record] = sb.completions().filter((stored) => stored.id === late[0]);
		expect(Date.parse(record.updated_at)).toBeLessThan(Date.parse(sb.completions()[0].updated_at));

		expect(idsOf(await poller.poll())).toEqual(late);
		expect(await poller.poll()).toBeNull();
	});

	it('misses a record later than the window, and a wider window catches it', async () => {
		const sb = sandbox();
		const narrow = new Poller(completionEvent, credentialsFor(sb));
		const wide = new Poller(
			{ event: 'completion', options: { lookBackMinutes: 60 } },
			credentialsFor(sb),
		);
		await narrow.poll();
		await wide.poll();
		sb.configure({ updatedAtLagMs: 30 * 60 * 1000 });
		const late = await complete(sb, 1, 'very-late');

		expect(await narrow.poll()).toBeNull();
		expect(idsOf(await wide.poll())).toEqual(late);
	});

	it('emits a record again when it is updated again', async () => {
		const sb = sandbox();
		const poller = new Poller({ event: 'content', options: {} }, credentialsFor(sb));
		await poller.poll();
		const body = { external_reference: 'pub-1', title: 'First title' };
		await send(sb, 'PUT', '/unified/lms/content', body);
		const first = await poller.poll();
		await pause(5);
		await send(sb, 'PUT', '/unified/lms/content', { ...body, title: 'Second title' });
		const second = await poller.poll();

		expect(first?.map((record) => record.title)).toEqual(['First title']);
		expect(second?.map((record) => record.title)).toEqual(['Second title']);
		expect(second?.[0].id).toBe(first?.[0].id);
		expect(await poller.poll()).toBeNull();
	});

	it('reads every page of many new records and emits each once', async () => {
		const sb = sandbox();
		const poller = new Poller(completionEvent, credentialsFor(sb));
		await poller.poll();
		const created = await runCreate(
			sb,
			Array.from({ length: 250 }, (_, n) => ({ userId: sb.users[n % 60].id, course: `bulk-${n}` })),
			{ options: { maxRequestsPerMinute: 60000 } },
		);
		expect(created.error).toBeUndefined();
		sb.requests.length = 0;

		const emitted = await poller.poll();

		expect(emitted).toHaveLength(250);
		expect(new Set(idsOf(emitted)).size).toBe(250);
		const times = (emitted ?? []).map((record) => Date.parse(String(record.updated_at)));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(listReads(sb, '/unified/lms/completions').length).toBe(3);
		expect(await poller.poll()).toBeNull();
	});

	it('a poll that fails midway changes nothing: the next one emits every record, once', async () => {
		const sb = sandbox();
		const poller = new Poller(completionEvent, credentialsFor(sb));
		await poller.poll();
		await runCreate(
			sb,
			Array.from({ length: 150 }, (_, n) => ({ userId: sb.users[n % 60].id, course: `c-${n}` })),
			{ options: { maxRequestsPerMinute: 60000 } },
		);
		const stateBefore = poller.staticData;
		sb.inject({
			match: { method: 'GET', path: '/unified/lms/completions', nth: 2 },
			fault: { type: 'status', status: 400 },
		});

		await expect(poller.poll()).rejects.toThrow();
		expect(poller.staticData).toEqual(stateBefore);
		const emitted = await poller.poll();

		expect(emitted).toHaveLength(150);
		expect(new Set(idsOf(emitted)).size).toBe(150);
		expect(await poller.poll()).toBeNull();
	});

	it('Fetch Test Event returns the newest record and leaves the state alone', async () => {
		const sb = sandbox();
		const poller = new Poller(completionEvent, credentialsFor(sb));
		await poller.poll();
		const added = await complete(sb, 3, 'x');
		const state = poller.staticData;

		const sample = await poller.poll('manual');

		expect(idsOf(sample)).toEqual([added[2]]);
		expect(poller.staticData).toEqual(state);
		expect(idsOf(await poller.poll())).toEqual(added);
	});

	it('backfills from Start From on its first poll, oldest first', async () => {
		const sb = sandbox();
		const startFrom = '2024-03-01T00:00:00Z';
		const poller = new Poller({ event: 'course', options: { startFrom } }, credentialsFor(sb));

		const emitted = await poller.poll();

		const expected = sb.courses
			.filter((course) => Date.parse(course.updated_at) > Date.parse(startFrom))
			.sort(
				(a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || a.id.localeCompare(b.id),
			);
		expect(expected.length).toBeGreaterThan(0);
		expect(idsOf(emitted)).toEqual(expected.map((course) => course.id));
		expect(await poller.poll()).toBeNull();
	});

	it('filters assignments by status', async () => {
		const sb = sandbox();
		const poller = new Poller(
			{
				event: 'assignment',
				filters: { status: 'completed' },
				options: { startFrom: '2024-01-01T00:00:00Z' },
			},
			credentialsFor(sb),
		);

		const emitted = await poller.poll();

		expect(emitted?.length).toBeGreaterThan(0);
		expect(emitted?.every((record) => (record.status as IDataObject).value === 'completed')).toBe(
			true,
		);
		expect(listReads(sb, '/unified/lms/assignments')[0].query['filter[status]']).toBe('completed');
	});

	it("polls through the key's shared limiter: polling while a sync runs draws no 429", async () => {
		const sb = sandbox();
		// StackOne's 1,000 a minute, as the other rate tests model it: 50 requests in any 3 s.
		sb.configure({ rateLimit: { limit: 50, windowMs: 3000 }, latencyMs: 100 });
		const poller = new Poller(completionEvent, credentialsFor(sb));
		await poller.poll();

		let syncing = true;
		const sync = runCreate(
			sb,
			Array.from({ length: 150 }, (_, n) => ({ userId: sb.users[n % 60].id, course: `s-${n}` })),
		).finally(() => (syncing = false));
		let polls = 0;
		while (syncing) {
			await poller.poll();
			polls++;
		}
		const run = await sync;

		expect(run.error).toBeUndefined();
		expect(polls).toBeGreaterThan(3);
		expect(sb.requests.filter((request) => request.status === 429)).toEqual([]);
	});
});
