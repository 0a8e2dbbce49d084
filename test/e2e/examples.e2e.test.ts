// The ready-made workflows of examples/, run by a real n8n against the sandbox with the example
// credential (id stackoneDemoCred01) pointed at it.
import { loadWorkflow, nodeOutput, sandboxCredential } from '../../e2e/harness';
import { EXECUTE_TIMEOUT_MS, executeSuccessfully, useN8n } from './support';

const CREDENTIAL = { id: 'stackoneDemoCred01', name: 'StackOne (demo)' };
const NODE = 'Record Completion';

const e2e = useN8n({
	prepare: async ({ sandbox, n8n }) => {
		await n8n.importCredentials([sandboxCredential(sandbox, CREDENTIAL)]);
		await n8n.importWorkflows(
			['csv-results-to-completions', 'scheduled-sync-skip-existing'].map((name) =>
				loadWorkflow(`examples/${name}.workflow.json`),
			),
		);
	},
});

describe('examples/ in a real n8n', () => {
	it(
		'course results (CSV) to completions: users found by email, the unknown learner on the error output',
		async () => {
			const { sandbox } = e2e();
			const run = await executeSuccessfully(e2e().n8n, 'stackoneCsvExample');

			const recorded = nodeOutput(run, NODE, 0).map(
				(item: { json: Record<string, unknown> }) => item.json,
			);
			expect(
				recorded.map((json: Record<string, unknown>) => [
					json.user_id,
					json.learning_object_external_reference,
				]),
			).toEqual([
				['usr_0001', 'SQL-101'],
				['usr_0003', 'SQL-101'],
				['usr_0002', 'PY-201'],
			]);
			const notRecorded = nodeOutput(run, NODE, 1);
			expect(notRecorded).toHaveLength(1);
			expect(notRecorded[0].json.error).toBe(
				"[item 3] No LMS user has the email 'not.a.learner@example.com'",
			);
			expect(notRecorded[0].pairedItem).toEqual({ item: 3 });
			const stored = Object.fromEntries(
				sandbox
					.completions()
					.map((record) => [
						record.user_id,
						[record.result?.value, record.score?.percentage, record.time_spent],
					]),
			);
			expect(stored).toEqual({
				usr_0001: ['Pass', 92, 'PT1H35M'],
				usr_0003: ['Fail', 48, 'PT2H'],
				usr_0002: ['Pass', 77, 'PT1H'],
			});
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'scheduled sync with Skip Existing: the second run creates nothing',
		async () => {
			const { sandbox } = e2e();
			const first = await executeSuccessfully(e2e().n8n, 'stackoneSyncExample');
			const afterFirst = sandbox.completions().length;
			const second = await executeSuccessfully(e2e().n8n, 'stackoneSyncExample');

			expect(afterFirst).toBe(12);
			expect(sandbox.completions()).toHaveLength(12);
			expect(
				nodeOutput(first, NODE, 0).filter(
					(item: { json: Record<string, unknown> }) => item.json.skipped,
				),
			).toHaveLength(0);
			const again = nodeOutput(second, NODE, 0);
			expect(again).toHaveLength(12);
			expect(
				again.every((item: { json: Record<string, unknown> }) => item.json.skipped === true),
			).toBe(true);
		},
		2 * EXECUTE_TIMEOUT_MS,
	);
});
