// What needs a started n8n: the webhook example, published and called like a course platform
// would, and the node's tool variant in the list n8n gives its AI agents.
import { loadWorkflow, sandboxCredential } from '../../e2e/harness';
import { EXECUTE_TIMEOUT_MS, useN8n } from './support';

const e2e = useN8n({
	start: true,
	prepare: async ({ sandbox, n8n }) => {
		await n8n.importCredentials([
			sandboxCredential(sandbox, { id: 'stackoneDemoCred01', name: 'StackOne (demo)' }),
		]);
		await n8n.importWorkflows([loadWorkflow('examples/webhook-course-platform.workflow.json')]);
		await n8n.activateWorkflow('stackoneHookExample');
	},
});

describe('examples/ that need a running n8n', () => {
	it(
		'course platform webhook to completion: one POST, one completion, the id in the answer, and a resend is skipped',
		async () => {
			const { sandbox, server } = e2e();
			const learner = sandbox.users[5];
			await server!.waitForWebhook('course-completed', 'POST');
			const send = async () =>
				await fetch(`${server!.url}/webhook/course-completed`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						learner: { email: learner.email },
						course: { code: 'ONBOARDING-1' },
						completed_at: '2024-07-01T12:00:00Z',
						score: 88,
						passed: true,
					}),
				});

			const first = await send();
			expect(first.status).toBe(200);
			const answer = (await first.json()) as Record<string, unknown>;
			const stored = sandbox.completions();
			expect(stored).toHaveLength(1);
			expect(stored[0]).toMatchObject({
				user_id: learner.id,
				learning_object_external_reference: 'ONBOARDING-1',
				completed_at: '2024-07-01T12:00:00.000Z',
				score: { percentage: 88 },
				result: { value: 'Pass' },
			});
			expect(answer).toMatchObject({ id: stored[0].id, user_id: learner.id });

			const resent = (await (await send()).json()) as Record<string, unknown>;
			expect(resent).toMatchObject({ skipped: true, id: stored[0].id });
			expect(sandbox.completions()).toHaveLength(1);
		},
		EXECUTE_TIMEOUT_MS,
	);

	it('is offered to AI agents: n8n lists the tool variant of the node', async () => {
		const types = (await e2e().server!.types('nodes')) as Array<{
			name: string;
			displayName: string;
		}>;
		const names = types.map((type) => type.name);
		expect(names).toContain('n8n-nodes-stackone-lms.stackOneLms');
		expect(names).toContain('n8n-nodes-stackone-lms.stackOneLmsTool');
	});
});
