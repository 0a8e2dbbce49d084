import { createBodies, runCreate, runOperation, useSandbox } from './helpers/sandbox';
import type { Sandbox } from './helpers/sandbox';

const sandbox = useSandbox();

const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };

function userLookups(sb: Sandbox) {
	return sb.requests.filter(
		(request) => request.method === 'GET' && request.path === '/unified/lms/users',
	);
}

describe('User > By Email', () => {
	it('looks each distinct email up once per run and creates for the user it names', async () => {
		const sb = sandbox();
		const [ada, bob] = [sb.users[4], sb.users[9]];
		const items = [ada, bob, ada, ada, bob].map((user, n) => ({
			email: user.email,
			course: `c-${n}`,
		}));

		const run = await runCreate(sb, items, { user: byEmail });

		expect(run.error).toBeUndefined();
		expect(run.output.map((item) => item.json.user_id)).toEqual([
			ada.id,
			bob.id,
			ada.id,
			ada.id,
			bob.id,
		]);
		expect(
			Object.fromEntries(
				sb
					.completions()
					.map((record) => [record.learning_object_external_reference, record.user_id]),
			),
		).toEqual({ 'c-0': ada.id, 'c-1': bob.id, 'c-2': ada.id, 'c-3': ada.id, 'c-4': bob.id });
		expect(
			userLookups(sb)
				.map((request) => request.query['filter[email]'])
				.sort(),
		).toEqual([ada.email, bob.email].sort());
	});

	it('fails an item whose email matches nobody, or two users, and sends the others', async () => {
		const sb = sandbox();
		const shared = sb.users.filter((user) => user.email === 'shared.inbox@example.com');
		expect(shared).toHaveLength(2);
		const items = [
			{ email: sb.users[0].email, course: 'c-0' },
			{ email: 'nobody@example.com', course: 'c-1' },
			{ email: 'shared.inbox@example.com', course: 'c-2' },
			{ email: 'not an email', course: 'c-3' },
		];

		const run = await runCreate(sb, items, { user: byEmail }, { onError: 'continueErrorOutput' });

		expect(run.output.map((item) => item.json.learning_object_external_reference)).toEqual(['c-0']);
		expect(run.errorOutput.map((item) => item.json.error)).toEqual([
			"[item 1] No LMS user has the email 'nobody@example.com'",
			`[item 2] 2 LMS users have the email 'shared.inbox@example.com': ${shared.map((user) => user.id).join(', ')}`,
			"[item 3] User is not an email address: 'not an email'",
		]);
		expect(run.errorOutput.map((item) => item.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(sb.completions()).toHaveLength(1);
	});

	it('matches on email itself where the LMS ignores the filter, reading the pages', async () => {
		const sb = sandbox();
		sb.configure({ ignoreEmailFilter: true });
		const target = sb.users[57];

		const run = await runCreate(sb, [{ email: target.email.toUpperCase(), course: 'c' }], {
			user: byEmail,
		});

		expect(run.error).toBeUndefined();
		expect(run.output[0].json.user_id).toBe(target.id);
		expect(userLookups(sb)).toHaveLength(1); // 64 users fit one page of 100
		expect(sb.completions()[0].user_id).toBe(target.id);
	});
});

describe('Options > Skip Existing', () => {
	const skipExisting = { options: { skipExisting: true, batchSize: 5 } };

	it('creates what is new, skips what the user already has, and says which is which', async () => {
		const sb = sandbox();
		const user = sb.users[0];
		await runCreate(sb, [{ userId: user.id, course: 'done-before' }]);
		const [before] = sb.completions();

		const run = await runCreate(
			sb,
			[
				{ userId: user.id, course: 'done-before' },
				{ userId: user.id, course: 'new-one' },
			],
			skipExisting,
		);

		expect(run.output.map((item) => item.json)).toEqual([
			{
				skipped: true,
				id: before.id,
				remote_id: before.remote_id,
				user_id: user.id,
				learning_object_external_reference: 'done-before',
			},
			{
				id: expect.any(String),
				remote_id: expect.any(String),
				user_id: user.id,
				learning_object_external_reference: 'new-one',
			},
		]);
		expect(sb.completions().map((record) => record.learning_object_external_reference)).toEqual([
			'done-before',
			'new-one',
		]);
	});

	it('makes re-running a scheduled sync harmless: the second run creates nothing', async () => {
		const sb = sandbox();
		const items = Array.from({ length: 40 }, (_, n) => ({
			userId: sb.users[n % 8].id,
			course: `course-${n % 13}`,
		}));
		const first = await runCreate(sb, items, skipExisting);
		const storedAfterFirst = sb.completions().length;
		const second = await runCreate(sb, items, skipExisting);

		const distinct = new Set(items.map((item) => `${item.userId}/${item.course}`)).size;
		expect(storedAfterFirst).toBe(distinct);
		expect(sb.completions()).toHaveLength(distinct);
		expect(second.output.every((item) => item.json.skipped === true)).toBe(true);
		expect(first.output.filter((item) => item.json.skipped !== true)).toHaveLength(distinct);
		// One listing per distinct user per run.
		const listings = sb.requests.filter(
			(request) => request.method === 'GET' && request.path.endsWith('/completions'),
		);
		expect(listings).toHaveLength(16);
	});

	it('compares Completed At when given: another date is another completion', async () => {
		const sb = sandbox();
		const user = sb.users[1];
		const withDate = (when: string) => ({ userId: user.id, course: 'exam', when });
		const dated = { ...skipExisting, additionalFields: { completedAt: '={{ $json.when }}' } };
		await runCreate(sb, [withDate('2024-01-01T10:00:00Z')], dated);

		const run = await runCreate(
			sb,
			[withDate('2024-01-01T11:00:00+01:00'), withDate('2024-06-01T10:00:00Z')],
			dated,
		);

		expect(run.output.map((item) => item.json.skipped ?? false)).toEqual([true, false]);
		expect(sb.completions()).toHaveLength(2);
	});
});

describe('Completion > Get, Get Many, Delete', () => {
	it('gets one completion by user and id', async () => {
		const sb = sandbox();
		await runCreate(sb, [{ userId: sb.users[2].id, course: 'sql-101' }]);
		const [stored] = sb.completions();

		const run = await runOperation(
			sb,
			'get',
			{ user: { __rl: true, mode: 'id', value: sb.users[2].id }, completionId: stored.id },
			[{}],
		);

		expect(run.error).toBeUndefined();
		expect(run.output).toEqual([
			{
				json: expect.objectContaining({
					id: stored.id,
					learning_object_external_reference: 'sql-101',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it("gets a user's completions across pages, up to Limit, or all with Return All", async () => {
		const sb = sandbox();
		const user = sb.users[3];
		await runCreate(
			sb,
			Array.from({ length: 130 }, (_, n) => ({ userId: user.id, course: `c-${n}` })),
			{ options: { maxRequestsPerMinute: 1e6, batchSize: 20 } },
		);
		await runCreate(sb, [{ userId: sb.users[4].id, course: 'other-user' }]);
		const locator = { __rl: true, mode: 'id', value: user.id };

		const limited = await runOperation(
			sb,
			'getMany',
			{ user: locator, returnAll: false, limit: 7 },
			[{}],
		);
		const all = await runOperation(sb, 'getMany', { user: locator, returnAll: true }, [{}]);
		const everyone = await runOperation(sb, 'getMany', { returnAll: true }, [{}]);

		expect(limited.output).toHaveLength(7);
		expect(all.output).toHaveLength(130);
		expect(new Set(all.output.map((item) => item.json.id)).size).toBe(130);
		expect(all.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(everyone.output).toHaveLength(131);
		expect(sb.requests.some((request) => request.path === '/unified/lms/completions')).toBe(true);
	});

	it('filters Get Many by Updated After', async () => {
		const sb = sandbox();
		await runCreate(sb, [{ userId: sb.users[5].id, course: 'c' }]);
		const future = await runOperation(
			sb,
			'getMany',
			{ returnAll: true, filters: { updatedAfter: '2999-01-01T00:00:00Z' } },
			[{}],
		);
		const past = await runOperation(
			sb,
			'getMany',
			{ returnAll: true, filters: { updatedAfter: '2000-01-01T00:00:00Z' } },
			[{}],
		);
		expect(future.output).toHaveLength(0);
		expect(past.output).toHaveLength(1);
		expect(sb.requests.at(-1)?.query['filter[updated_after]']).toBe('2000-01-01T00:00:00.000Z');
	});

	it('deletes completions, one per item, by email too, and reports each', async () => {
		const sb = sandbox();
		await runCreate(
			sb,
			[0, 1, 2].map((n) => ({ userId: sb.users[6].id, course: `c-${n}` })),
		);
		const ids = sb.completions().map((record) => record.id);

		const run = await runOperation(
			sb,
			'delete',
			{ user: byEmail, completionId: '={{ $json.id }}' },
			[
				{ email: sb.users[6].email, id: ids[0] },
				{ email: sb.users[6].email, id: 'cmp_missing' },
				{ email: sb.users[6].email, id: ids[2] },
			],
			'continueErrorOutput',
		);

		expect(run.output.map((item) => item.json)).toEqual([
			{ deleted: true, id: ids[0] },
			{ deleted: true, id: ids[2] },
		]);
		expect(
			run.errorOutput.map((item) => [
				item.pairedItem,
				(item.error as { httpCode?: string }).httpCode,
			]),
		).toEqual([[{ item: 1 }, '404']]);
		expect(sb.completions().map((record) => record.id)).toEqual([ids[1]]);
		expect(createBodies(sb)).toHaveLength(3);
	});
});
