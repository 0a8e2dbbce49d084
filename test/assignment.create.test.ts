import type { INodeParameters } from 'n8n-workflow';

import { runWith, useSandbox } from './helpers/sandbox';
import type { Fault } from '../sandbox';
import type { Sandbox } from './helpers/sandbox';
import type { RunNodeOptions } from './helpers/runNode';
import { pairedIndex } from './helpers/tally';

const sandbox = useSandbox();

const ASSIGNMENTS = /^\/unified\/lms\/users\/[^/]+\/assignments$/;

/** Assignment > Create in node version 2, learning object by external reference from the item. */
function assignParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'assignment',
		operation: 'create',
		user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
		learningObject: { __rl: true, mode: 'externalReference', value: '={{ $json.course }}' },
		additionalFields: {},
		options: {},
		...overrides,
	};
}

async function runAssign(
	sb: Sandbox,
	items: RunNodeOptions['items'],
	overrides: INodeParameters = {},
	options: Partial<RunNodeOptions> = {},
) {
	return await runWith(sb, assignParameters(overrides), items, { typeVersion: 2, ...options });
}

function assignmentPosts(sb: Sandbox) {
	return sb.requests.filter(
		(request) => request.method === 'POST' && ASSIGNMENTS.test(request.path),
	);
}

describe('Assignment > Create', () => {
	it('sends every field as StackOne takes it and outputs the new id per item, in order', async () => {
		const sb = sandbox();
		const items = [0, 1, 2].map((n) => ({ userId: sb.users[n].id, course: `course-000${n + 1}` }));

		const run = await runAssign(sb, items, {
			additionalFields: {
				assignedAt: '2024-05-01T09:00:00',
				dueDate: '2024-06-01T17:00:00+02:00',
				externalReference: 'hr-assignment-7',
				learningObjectId: 'lo-7',
				passthrough: '{"priority": "high"}',
				progress: 40,
				status: 'in_progress',
			},
		});

		expect(run.error).toBeUndefined();
		expect(assignmentPosts(sb)[0].body).toEqual({
			learning_object_external_reference: 'course-0001',
			external_reference: 'hr-assignment-7',
			learning_object_id: 'lo-7',
			progress: 40,
			assigned_at: '2024-05-01T09:00:00.000Z',
			due_date: '2024-06-01T15:00:00.000Z',
			status: { value: 'in_progress' },
			passthrough: { priority: 'high' },
		});
		const created = sb.createdAssignments();
		expect(run.output.map((item) => item.json)).toEqual(
			items.map((item, n) => ({
				id: created[n].id,
				remote_id: created[n].remote_id,
				user_id: item.userId,
				learning_object_external_reference: item.course,
			})),
		);
		expect(run.output.map(pairedIndex)).toEqual([0, 1, 2]);
		expect(
			created.map((record) => [record.user_id, record.learning_object_external_reference]),
		).toEqual(items.map((item) => [item.userId, item.course]));
	});

	it('takes the user by email and the status as a person writes it', async () => {
		const sb = sandbox();
		const user = sb.users[7];

		const run = await runAssign(
			sb,
			[{ email: user.email, course: 'course-0003', status: 'In Progress' }],
			{
				user: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
				additionalFields: { status: '={{ $json.status }}' },
			},
		);

		expect(run.error).toBeUndefined();
		expect(run.output[0].json.user_id).toBe(user.id);
		expect(assignmentPosts(sb)[0].body).toEqual({
			learning_object_external_reference: 'course-0003',
			status: { value: 'in_progress' },
		});
	});

	it('fails bad input naming the item and the field, and sends the other items', async () => {
		const sb = sandbox();
		const good = { userId: sb.users[0].id, course: 'course-0001' };
		const items = [
			good,
			{ ...good, status: 'maybe' },
			{ ...good, progress: 150 },
			{ ...good, due: 'next Tuesday' },
			{ ...good, course: '' },
		];

		const run = await runAssign(
			sb,
			items,
			{
				additionalFields: {
					status: '={{ $json.status ?? "pending" }}',
					progress: '={{ $json.progress ?? 0 }}',
					dueDate: '={{ $json.due ?? "" }}',
				},
			},
			{ onError: 'continueErrorOutput' },
		);

		expect(run.output.map(pairedIndex)).toEqual([0]);
		expect(run.errorOutput.map((item) => item.json.error)).toEqual([
			"[item 1] Status must be pending, in_progress, completed or unmapped_value, got 'maybe'",
			'[item 2] Progress must be a number from 0 to 100, got 150',
			"[item 3] Due Date is not a date StackOne can read: 'next Tuesday'",
			'[item 4] Learning Object is empty',
		]);
		expect(assignmentPosts(sb)).toHaveLength(1);
	});

	it('reports an unknown user as a 404 that points at the User', async () => {
		const sb = sandbox();

		const run = await runAssign(
			sb,
			[{ userId: 'no-such-user', course: 'course-0001' }],
			{},
			{
				onError: 'continueErrorOutput',
			},
		);

		expect(run.errorOutput).toHaveLength(1);
		expect(run.errorOutput[0].json.error).toContain("User 'no-such-user' not found");
		expect(sb.createdAssignments()).toHaveLength(0);
	});
});

describe('Assignment > Create: Skip Existing', () => {
	it('skips a learning object the user already has, creates the rest, and a second run creates nothing', async () => {
		const sb = sandbox();
		const seeded = sb.assignments.find((record) => record.learning_object_external_reference);
		if (!seeded) throw new Error('the sandbox seeds no assignment with a learning object');
		const items = [
			{ userId: seeded.user_id, course: seeded.learning_object_external_reference },
			{ userId: seeded.user_id, course: 'brand-new-course' },
			{ userId: seeded.user_id, course: 'brand-new-course' },
		];
		const skipExisting = { options: { skipExisting: true } };

		const first = await runAssign(sb, items, skipExisting);
		const second = await runAssign(sb, items, skipExisting);

		expect(first.error).toBeUndefined();
		const [created] = sb.createdAssignments();
		expect(first.output.map((item) => item.json)).toEqual([
			{
				skipped: true,
				id: seeded.id,
				remote_id: seeded.remote_id,
				user_id: seeded.user_id,
				learning_object_external_reference: seeded.learning_object_external_reference,
			},
			{
				id: created.id,
				remote_id: created.remote_id,
				user_id: seeded.user_id,
				learning_object_external_reference: 'brand-new-course',
			},
			{
				skipped: true,
				id: created.id,
				remote_id: created.remote_id,
				user_id: seeded.user_id,
				learning_object_external_reference: 'brand-new-course',
			},
		]);
		expect(second.output.every((item) => item.json.skipped === true)).toBe(true);
		expect(sb.createdAssignments()).toHaveLength(1);
		const listings = sb.requests.filter(
			(request) => request.method === 'GET' && ASSIGNMENTS.test(request.path),
		);
		expect(listings.length).toBeGreaterThanOrEqual(2); // one per run (every page of it)
		expect(new Set(listings.map((request) => request.path))).toEqual(
			new Set([`/unified/lms/users/${encodeURIComponent(seeded.user_id)}/assignments`]),
		);
	});
});

describe('Assignment > Create: unknown outcomes', () => {
	const items = (sb: Sandbox) =>
		Array.from({ length: 10 }, (_, n) => ({ userId: sb.users[n].id, course: `hire-course-${n}` }));

	function counts(sb: Sandbox) {
		const references = sb
			.createdAssignments()
			.map((record) => `${record.user_id}/${record.learning_object_external_reference}`);
		return { stored: references.length, duplicates: references.length - new Set(references).size };
	}

	it.each<[string, Fault, string]>([
		[
			'the connection is reset after the LMS stored it',
			{ type: 'resetAfterStore' },
			'the connection was reset',
		],
		[
			'StackOne answers 502 after the LMS stored it',
			{ type: 'statusAfterStore', status: 502 },
			'HTTP 502',
		],
	])('%s: read back, found, never sent again', async (_label, fault, after) => {
		const sb = sandbox();
		sb.inject({ match: { method: 'POST', pathRegex: ASSIGNMENTS.source, nth: 5 }, fault });

		const run = await runAssign(sb, items(sb), { options: { batchSize: 1 } });

		expect(run.error).toBeUndefined();
		expect(run.output).toHaveLength(10);
		expect(counts(sb)).toEqual({ stored: 10, duplicates: 0 });
		expect(assignmentPosts(sb)).toHaveLength(10);
		expect(run.output[4].json).toMatchObject({ recovered: true });
		expect(String(run.output[4].json.recovered_after)).toContain(after);
		const created = sb.createdAssignments();
		expect(run.output.map((item) => item.json.id)).toEqual(created.map((record) => record.id));
	});

	it('with Verify Uncertain Creates off, fails the item saying the assignment may exist, and never resends it', async () => {
		const sb = sandbox();
		sb.inject({
			match: { method: 'POST', pathRegex: ASSIGNMENTS.source, nth: 2 },
			fault: { type: 'resetAfterStore' },
		});

		const run = await runAssign(
			sb,
			items(sb).slice(0, 3),
			{ options: { batchSize: 1, verifyUncertainCreates: false } },
			{ onError: 'continueErrorOutput' },
		);

		expect(run.output.map(pairedIndex)).toEqual([0, 2]);
		expect(run.errorOutput[0].json.error).toContain('[item 1]');
		expect(
			String(run.errorOutput[0].error?.description ?? run.errorOutput[0].json.error),
		).toContain('The assignment may or may not have been created');
		expect(assignmentPosts(sb)).toHaveLength(3);
		expect(counts(sb)).toEqual({ stored: 3, duplicates: 0 });
	});
});
