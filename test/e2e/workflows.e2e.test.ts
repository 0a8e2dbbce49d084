// Workflows run by a real n8n (the pinned 2.8.4) with the packed package installed as n8n's
// community installer installs it, against the StackOne sandbox: `n8n execute --id --rawOutput`.
import { loadWorkflow, nodeOutput, sandboxCredential } from '../../e2e/harness';
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
			['fifty-items', 'mixed-items-error-output', 'wrong-api-key'].map((name) =>
				loadWorkflow(`e2e/workflows/${name}.json`),
			),
		);
	},
});

const pad = (n: number) => String(n).padStart(4, '0');

function completionPosts() {
	return e2e().sandbox.requests.filter(
		(r) => r.method === 'POST' && r.path.endsWith('/completions'),
	);
}

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
			expect(completionPosts()).toHaveLength(50);
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
				completionPosts()
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
			expect(completionPosts().map((request) => request.status)).toEqual([401]);
			expect(result.stdout + result.stderr).not.toContain('not-the-sandbox-key');
		},
		EXECUTE_TIMEOUT_MS,
	);
});
