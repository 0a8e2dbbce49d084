// Delivery in a real n8n: the sandbox throttles far below what the node asks for, and the node
// waits the 429s out; creates whose outcome is unknown are read back. Every item must land, once.
import { loadWorkflow, nodeOutput, runError, sandboxCredential } from '../../e2e/harness';
import { EXECUTE_TIMEOUT_MS, useN8n } from './support';

const CREDENTIAL = { id: 'e2eSandboxCred02', name: 'StackOne sandbox' };

const e2e = useN8n({
	prepare: async ({ sandbox, n8n }) => {
		await n8n.importCredentials([sandboxCredential(sandbox, CREDENTIAL)]);
		await n8n.importWorkflows([loadWorkflow('e2e/workflows/throttled.json')]);
	},
});

describe('StackOne LMS in a real n8n, against a throttling StackOne', () => {
	it(
		'gets all 80 items through a 10-a-second limit, with no duplicate',
		async () => {
			const { sandbox, n8n } = e2e();
			// The node allows 1,000 a minute (16 a second): the sandbox's 10 a second must push back.
			sandbox.configure({ rateLimit: { limit: 10, windowMs: 1000 }, retryAfterForm: 'seconds' });

			const result = await n8n.execute('e2eThrottled01');

			expect(runError(result.run)).toBeUndefined();
			const output = nodeOutput(result.run, 'Record Completion', 0);
			expect(output).toHaveLength(80);
			expect(nodeOutput(result.run, 'Record Completion', 1)).toEqual([]);
			output.forEach((item: { json: Record<string, unknown>; pairedItem: unknown }, i: number) => {
				expect(item.pairedItem).toEqual({ item: i });
				expect(item.json.learning_object_external_reference).toBe(`throttled-${i}`);
			});
			const references = sandbox
				.completions()
				.map((record) => record.learning_object_external_reference);
			expect(references).toHaveLength(80);
			expect(new Set(references).size).toBe(80);
			expect(sandbox.requests.filter((request) => request.status === 429).length).toBeGreaterThan(
				0,
			);
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'gets all 80 items through creates answered 408, 502 and reset after they were stored, and 502 before: none twice',
		async () => {
			const { sandbox, n8n } = e2e();
			const faults = [
				{ nth: 10, fault: { type: 'statusAfterStore', status: 408, seconds: 1 } },
				{ nth: 30, fault: { type: 'statusAfterStore', status: 502 } },
				{ nth: 50, fault: { type: 'resetAfterStore' } },
				{ nth: 70, fault: { type: 'status', status: 502 } },
			] as const;
			for (const { nth, fault } of faults)
				sandbox.inject({ match: { method: 'POST', nth }, fault });

			const result = await n8n.execute('e2eThrottled01');

			expect(runError(result.run)).toBeUndefined();
			const output = nodeOutput(result.run, 'Record Completion', 0);
			expect(output).toHaveLength(80);
			const stored = sandbox.completions();
			expect(stored).toHaveLength(80);
			const idByReference = new Map(
				stored.map((record) => [record.learning_object_external_reference, record.id]),
			);
			output.forEach((item: { json: Record<string, unknown> }, i: number) => {
				expect(item.json.id).toBe(idByReference.get(`throttled-${i}`));
			});
			// The three stored before their answer went wrong are found by reading back, not sent again.
			const recovered = output.filter(
				(item: { json: Record<string, unknown> }) => item.json.recovered,
			);
			expect(
				recovered
					.map((item: { json: Record<string, unknown> }) => item.json.recovered_after)
					.sort(),
			).toEqual(['HTTP 408', 'HTTP 502', 'the connection was reset']);
			expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(81);
		},
		EXECUTE_TIMEOUT_MS,
	);
});
