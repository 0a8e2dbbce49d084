// Workflows run by a real n8n (the pinned 2.8.4) with the packed package installed as n8n's
// community installer installs it, against the StackOne sandbox: `n8n execute --id --rawOutput`.
import { loadWorkflow, nodeOutput, sandboxCredential } from '../../e2e/harness';
import { completionPosts } from '../helpers/sandboxApi';
import { EXECUTE_TIMEOUT_MS, executeSuccessfully, useN8n } from './support';

const NODE = 'Record Completion';
const SANDBOX_CREDENTIAL = { id: 'e2eSandboxCred01', name: 'StackOne sandbox' };
const WRONG_KEY_CREDENTIAL = { id: 'e2eWrongKeyCred01', name: 'StackOne sandbox (wrong API key)' };

const e2e = useN8n({
	prepare: async ({ sandbox, n8n }) => {
		await n8n.importCredentials([
			sandboxCredential(sandbox, SANDBOX_CREDENTIAL),
			sandboxCredential(sandbox, {
				...WRONG_KEY_CREDENTIAL,
				data: { apiKey: 'not-the-sandbox-key' },
			}),
		]);
		await n8n.importWorkflows(
			['fifty-items', 'mixed-items-error-output', 'wrong-api-key', 'every-read'].map((name) =>
				loadWorkflow(`e2e/workflows/${name}.json`),
			),
		);
	},
});

const pad = (n: number) => String(n).padStart(4, '0');

describe('StackOne LMS in a real n8n', () => {
	it(
		'creates 50 completions with every field mapped by expressions from a Code node',
		async () => {
			const { sandbox } = e2e();
			const run = await executeSuccessfully(e2e().n8n, 'e2eFiftyItems01');

			const output = nodeOutput(run, NODE, 0);
			expect(nodeOutput(run, NODE, 1)).toEqual([]);
			expect(output).toHaveLength(50);

			const stored = sandbox.completions();
			expect(stored).toHaveLength(50);
			const byId = new Map(stored.map((record) => [record.id, record]));
			output.forEach((item: { json: Record<string, unknown>; pairedItem: unknown }, i: number) => {
				const userId = `usr_${pad((i % 20) + 1)}`;
				const course = `course-${pad((i % 12) + 1)}`;
				expect(item.pairedItem).toEqual({ item: i });
				expect(Object.keys(item.json).sort()).toEqual(
					['id', 'learning_object_external_reference', 'remote_id', 'user_id'].sort(),
				);
				expect(item.json).toMatchObject({
					user_id: userId,
					learning_object_external_reference: course,
				});

				const record = byId.get(item.json.id as string);
				expect(record).toBeDefined();
				expect(item.json.remote_id).toBe(record?.remote_id);
				const score = 50 + (i % 50);
				expect(record).toMatchObject({
					user_id: userId,
					learning_object_external_reference: course,
					learning_object_id: `cnt_${pad((i % 12) + 1)}`,
					completed_at: `2024-03-${String((i % 28) + 1).padStart(2, '0')}T08:15:00.000Z`,
					result: { value: ['Pass', 'Fail', 'unmapped_value'][i % 3], source_value: `grade-${i}` },
					score: { percentage: score, raw_value: `${score} / 100` },
					time_spent: `PT${i + 1}M`,
					content_external_reference: `legacy-${i}`,
					content_id: `legacy-id-${i}`,
					passthrough: { source: 'e2e', row: i },
					account_id: sandbox.accountId,
				});
			});
			expect(completionPosts(e2e().sandbox)).toHaveLength(50);
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'sends bad items to the error output and good ones on, with "On Error: Continue (using error output)"',
		async () => {
			const { sandbox } = e2e();
			const run = await executeSuccessfully(e2e().n8n, 'e2eMixedItems01');

			const good = nodeOutput(run, NODE, 0);
			const bad = nodeOutput(run, NODE, 1);
			expect(good.map((item: { pairedItem: unknown }) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 2 },
				{ item: 5 },
			]);
			expect(good.map((item: { json: Record<string, unknown> }) => item.json.user_id)).toEqual([
				'usr_0001',
				'usr_0002',
				'usr_0005',
			]);
			expect(bad.map((item: { pairedItem: unknown }) => item.pairedItem)).toEqual([
				{ item: 1 },
				{ item: 3 },
				{ item: 4 },
			]);
			const errors = bad.map((item: { json: Record<string, unknown> }) => item.json);
			errors.forEach((json: Record<string, unknown>) =>
				expect(Object.keys(json)).toEqual(['error']),
			);
			expect(errors[0].error).toBe("[item 1] User 'usr_missing' not found.");
			expect(errors[1].error).toMatch(/^\[item 3\] Time Spent .*'1h30'/);
			expect(errors[2].error).toMatch(/^\[item 4\] Result .*'Maybe'/);

			// Each output reached the node connected to it.
			expect(nodeOutput(run, 'Recorded', 0)).toHaveLength(3);
			expect(nodeOutput(run, 'Not Recorded', 0)).toHaveLength(3);

			// The sandbox stored exactly the good ones; the bad input was never sent.
			expect(
				sandbox
					.completions()
					.map((record) => [record.user_id, record.learning_object_external_reference])
					.sort(([a], [b]) => a.localeCompare(b)),
			).toEqual([
				['usr_0001', 'course-0001'],
				['usr_0002', 'course-0003'],
				['usr_0005', 'course-0006'],
			]);
			expect(
				completionPosts(e2e().sandbox)
					.map((request) => request.status)
					.sort(),
			).toEqual([201, 201, 201, 404]);
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'fails the run with a message about the API key when the key is wrong',
		async () => {
			const { n8n, sandbox } = e2e();
			const result = await n8n.execute('e2eWrongApiKey01');
			expect(result.code).toBe(1);
			const error = result.run?.data.resultData.error;
			expect(error?.message).toMatch(/^\[item 0\] .*API key/);
			expect(error?.description ?? '').toMatch(/API key/);
			expect(error?.node?.name).toBe(NODE);
			// The key was refused, nothing stored, and the key appears nowhere in what n8n printed.
			expect(sandbox.completions()).toHaveLength(0);
			expect(completionPosts(e2e().sandbox).map((request) => request.status)).toEqual([401]);
			expect(result.stdout + result.stderr).not.toContain('not-the-sandbox-key');
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'runs every read operation once, each answering the sandbox seeds, after a Create whose id the completion reads take',
		async () => {
			const { sandbox } = e2e();
			const run = await executeSuccessfully(e2e().n8n, 'e2eEveryRead01');
			const json = (name: string): Array<Record<string, unknown>> =>
				nodeOutput(run, name, 0).map((item: { json: Record<string, unknown> }) => item.json);
			const ids = (name: string) => json(name).map((record) => record.id);
			const ofUser = (userId: string) => sandbox.assignments.filter((a) => a.user_id === userId);

			// Every StackOne LMS node ran exactly once, on the Create's one item, without an error.
			const runData = run.data.resultData.runData as Record<
				string,
				Array<{ error?: unknown; data?: { main: unknown[][] } }>
			>;
			const readNodes = Object.keys(runData).filter((name) => name.startsWith('Get '));
			expect(readNodes).toHaveLength(19);
			for (const name of [...readNodes, 'Create Completion']) {
				expect([name, runData[name].length, runData[name][0].error]).toEqual([name, 1, undefined]);
				expect(runData[name][0].data?.main).toHaveLength(1);
			}

			// The completion the reads look for: the one the Create stored.
			const stored = sandbox.completions();
			expect(stored).toHaveLength(1);
			const { account_id: _account, passthrough: _passthrough, ...completion } = stored[0];
			expect(json('Create Completion')).toEqual([
				{
					id: completion.id,
					remote_id: completion.remote_id,
					user_id: 'usr_0001',
					learning_object_external_reference: 'course-0001',
				},
			]);
			expect(completion).toMatchObject({
				completed_at: '2024-05-02T09:30:00.000Z',
				result: { value: 'Pass' },
				score: { percentage: 92 },
			});

			// Get: the one record, exactly as the sandbox seeds it.
			expect(json('Get Assignment')).toEqual([sandbox.assignments[0]]); // asg_0001
			expect(json('Get Assignment of User')).toEqual([sandbox.assignments[65]]); // asg_0066
			expect(sandbox.assignments[65].user_id).toBe('usr_0002');
			expect(json('Get Category')).toEqual([sandbox.categories[2]]); // cat_0003
			expect(json('Get Completion')).toEqual([completion]);
			expect(json('Get Completion of User')).toEqual([completion]);
			expect(json('Get Content')).toEqual([sandbox.content[1]]); // cnt_0002, From List
			expect(json('Get Course')).toEqual([sandbox.courses[2]]); // crs_0003
			expect(json('Get Skill')).toEqual([sandbox.skills[0]]); // skl_0001
			expect(json('Get User')).toEqual([sandbox.users[2]]); // usr_0003
			expect(json('Get User by Email')).toEqual([sandbox.users[3]]); // usr_0004
			expect(json('Get Content')[0].title).toBe('GDPR Essentials');
			expect(json('Get Course')[0].title).toBe('Workplace Safety');
			expect(json('Get User by Email')[0].email).toBe('katherine.johnson4@example.com');

			// Get Many: the right records, in the sandbox's order, up to the limit.
			const completed = sandbox.assignments.filter((a) => a.status.value === 'completed');
			expect(ids('Get Many Assignments')).toEqual(completed.slice(0, 10).map((a) => a.id));
			expect(json('Get Many Assignments')).toEqual(completed.slice(0, 10));
			expect(ids('Get Many Assignments of User')).toEqual([
				'asg_0002',
				'asg_0066',
				'asg_0130',
				'asg_0194',
			]);
			expect(json('Get Many Assignments of User')).toEqual(ofUser('usr_0002'));
			// Categories change every 5 days from 2024-01-01T09:00Z: after February 1st, cat_0007 on.
			expect(ids('Get Many Categories')).toEqual([7, 8, 9, 10, 11, 12].map((i) => `cat_${pad(i)}`));
			expect(json('Get Many Categories')).toEqual(sandbox.categories.slice(6));
			expect(json('Get Many Completions')).toEqual([completion]);
			expect(json('Get Many Completions of User')).toEqual([completion]);
			const active = sandbox.content.filter((c) => c.active);
			expect(active).toHaveLength(34);
			expect(json('Get Many Content')).toEqual(active);
			expect(json('Get Many Courses')).toEqual([sandbox.courses[4]]); // lms-course-0005
			expect(ids('Get Many Skills')).toEqual(['skl_0001', 'skl_0002', 'skl_0003', 'skl_0004', 'skl_0005']);
			expect(json('Get Many Skills')).toEqual(sandbox.skills.slice(0, 5));
			expect(json('Get Many Users')).toEqual([sandbox.users[1]]); // grace.hopper2@example.com

			// Each read asked StackOne where it should: per user only with a user, filters as given.
			const gets = sandbox.requests.filter((r) => r.method === 'GET');
			expect(gets.every((r) => r.status === 200)).toBe(true);
			const requested = (path: string) => gets.filter((r) => r.path === path).map((r) => r.query);
			const lms = '/unified/lms';
			expect(requested(`${lms}/assignments/asg_0001`)).toEqual([{}]);
			expect(requested(`${lms}/users/usr_0002/assignments/asg_0066`)).toEqual([{}]);
			expect(requested(`${lms}/assignments`)).toEqual([
				{ 'filter[status]': 'completed', page_size: '10' },
			]);
			expect(requested(`${lms}/users/usr_0002/assignments`)).toEqual([{ page_size: '100' }]);
			expect(requested(`${lms}/completions/${completion.id}`)).toEqual([{}]);
			expect(requested(`${lms}/users/usr_0001/completions/${completion.id}`)).toEqual([{}]);
			expect(requested(`${lms}/completions`)).toEqual([
				{ 'filter[updated_after]': '2024-01-01T00:00:00.000Z', page_size: '100' },
			]);
			expect(requested(`${lms}/users/usr_0001/completions`)).toEqual([{ page_size: '5' }]);
			expect(requested(`${lms}/categories`)).toEqual([
				{ 'filter[updated_after]': '2024-02-01T00:00:00.000Z', page_size: '100' },
			]);
			expect(requested(`${lms}/content`)).toEqual([{ 'filter[active]': 'true', page_size: '100' }]);
			expect(requested(`${lms}/courses`)).toEqual([
				{ 'filter[external_reference]': 'lms-course-0005', page_size: '50' },
			]);
			expect(requested(`${lms}/users`)).toEqual(
				expect.arrayContaining([
					{ 'filter[email]': 'grace.hopper2@example.com', page_size: '100' },
					expect.objectContaining({ 'filter[email]': 'katherine.johnson4@example.com' }),
				]),
			);
			expect(requested(`${lms}/users/usr_0003`)).toEqual([{}]);
			expect(requested(`${lms}/users/usr_0004`)).toEqual([{}]);
		},
		EXECUTE_TIMEOUT_MS,
	);
});
