// The StackOne LMS Trigger in a real n8n: examples/learner-completed-to-webhook (completions, polled
// every minute, each posted to a webhook, here a receiver on 127.0.0.1), activated through n8n's REST
// API, polling the sandbox. Records added between polls arrive once, in the executions and at the
// webhook; across a restart of n8n (same user folder, same SQLite database) the activation poll
// emits what was added while it was down, and nothing twice. The polls are n8n's own, one a minute
// at a random second: each test waits for the next one in the sandbox's request log.
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { N8nInstance, N8nServer, sandboxCredential } from '../../e2e/harness';
import { SETUP_TIMEOUT_MS } from './support';
import {
	COMPLETIONS,
	activate,
	completeCourses,
	countEach,
	executionsEmitting,
	expectNoMoreExecutions,
	nextPoll,
	polls,
	savedPollState,
	startReceiver,
	triggerExample,
	triggerExecutions,
	waitFor,
} from './trigger-support';
import type { TriggerExecution } from './trigger-support';

const log = (message: string) => process.stderr.write(`[trigger] ${message}\n`);
const CREDENTIAL = { id: 'stackoneDemoCred01', name: 'StackOne (demo)' };
/** Two polls a minute apart, a restart and the waits around them. */
const TEST_TIMEOUT_MS = 4 * 60 * 1000;

describe('StackOne LMS Trigger in a real n8n (examples/learner-completed-to-webhook)', () => {
	let sandbox: Sandbox;
	let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
	let n8n: InstanceType<typeof N8nInstance> | undefined;
	let server: InstanceType<typeof N8nServer> | undefined;
	const times: Record<string, number> = {};
	const fileStarted = Date.now();
	let testStarted = 0;

	/** Every id each phase added, to check the executions against at the end. */
	const before: string[] = [];
	const between: string[] = [];
	const whileDown: string[] = [];
	const afterRestart: string[] = [];

	beforeAll(async () => {
		const started = Date.now();
		sandbox = await startSandbox();
		receiver = await startReceiver();
		n8n = await N8nInstance.create({ log });
		await n8n.importCredentials([sandboxCredential(sandbox, CREDENTIAL)]);
		await n8n.importWorkflows([triggerExample(receiver.url)]);
		server = await N8nServer.start(n8n);
		times.setup = Date.now() - started;
	}, SETUP_TIMEOUT_MS);

	beforeEach(() => {
		testStarted = Date.now();
	});

	afterEach(() => {
		times[expect.getState().currentTestName?.slice(-50) ?? '?'] = Date.now() - testStarted;
	});

	afterAll(async () => {
		await server?.stop();
		n8n?.dispose();
		await receiver?.close();
		await sandbox?.close();
		times.file = Date.now() - fileStarted;
		log(`times: ${Object.entries(times).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join('; ')}`);
	}, 60 * 1000);

	const s = () => {
		if (!server) throw new Error('n8n did not start');
		return server;
	};
	/** The ids of the records each of `executions` emitted, all in a row. */
	const emittedBy = (executions: TriggerExecution[]) => executions.flatMap((execution) => execution.emitted);
	const postedIds = () => receiver!.posts.map((post) => String(post.body.completion_id));
	const postedBodies = () =>
		receiver!.posts
			.map((post) => post.body)
			.sort((a, b) => String(a.completion_id).localeCompare(String(b.completion_id)));
	/**
	 * The completions of `ids` as the webhook should get them, by id: the HTTP Request node sends an
	 * execution's items at once, so they may arrive in any order.
	 */
	const bodiesOf = (ids: string[]) =>
		[...ids].sort().map((id) => {
			const record = sandbox.completions().find((completion) => completion.id === id)!;
			return {
				completion_id: record.id,
				user_id: record.user_id,
				learning_object_external_reference: record.learning_object_external_reference,
				completed_at: record.completed_at,
			};
		});

	it(
		'emits nothing of what existed at activation; completions added between polls arrive once each, oldest first, and are posted once each',
		async () => {
			// n8n 1.x keeps no static data, so no poll state across restarts, for a workflow id over 16 characters.
			expect(triggerExample(receiver!.url).id.length).toBeLessThanOrEqual(16);
			before.push(...(await completeCourses(sandbox, ['BEFORE-1', 'BEFORE-2', 'BEFORE-3'])));

			// The editor's toggle: n8n polls once on activation (2.8 before it answers, 2.4x in the
			// background), then saves the state.
			await activate(s());
			await nextPoll(sandbox, 0, 30 * 1000);
			const [activationPoll] = polls(sandbox);
			expect(activationPoll.query['filter[updated_after]']).toEqual(expect.any(String));
			const activated = await waitFor('the state of the activation poll in the static data', () => savedPollState(s()));
			expect(activated.emitted.map(([id]) => id)).toEqual(before);
			expect(await triggerExecutions(s())).toEqual([]);

			// Right after that poll three learners complete courses; the next poll (within a minute) has them.
			between.push(...(await completeCourses(sandbox, ['SQL-101', 'PY-201', 'GDPR-1'])));
			const pollAt = await nextPoll(sandbox, activationPoll.receivedAt);
			log(`first regular poll ${((pollAt - activationPoll.receivedAt) / 1000).toFixed(1)} s after the activation poll`);
			const executions = await executionsEmitting(s(), 0, between);
			await expectNoMoreExecutions(s(), executions.length);

			for (const execution of executions) {
				expect(execution).toMatchObject({ mode: 'trigger', status: 'success', posted: execution.emitted.length });
			}
			expect(emittedBy(executions)).toEqual(between);
			expect(postedBodies()).toEqual(bodiesOf(between));
			expect(receiver!.posts.every((post) => post.path === '/lms/course-completed')).toBe(true);
			// n8n saved the state on the emit: a restart starts from it.
			const saved = await savedPollState(s());
			expect(saved?.emitted.map(([id]) => id)).toEqual([...before, ...between]);
			expect(saved!.cursor).toBeGreaterThan(activated.cursor);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'after a restart the activation poll emits what was added while n8n was down (a late record too), the next poll only what is new: each completion in exactly one execution and one POST',
		async () => {
			const known = (await triggerExecutions(s())).length;
			await s().stop();
			const stoppedAt = Date.now();

			// While n8n is down: two completions, one of them late (its updated_at four minutes back,
			// before the last poll, inside the 15-minute look-back window).
			whileDown.push(...(await completeCourses(sandbox, ['DOWN-1'])));
			sandbox.configure({ updatedAtLagMs: 4 * 60 * 1000 });
			whileDown.push(...(await completeCourses(sandbox, ['DOWN-LATE'])));
			sandbox.configure({ updatedAtLagMs: 0 });
			const late = sandbox.completions().find((record) => record.id === whileDown[1])!;
			expect(Date.parse(late.updated_at)).toBeLessThan(stoppedAt - 3 * 60 * 1000);

			// Same user folder, same database: n8n activates the workflow again and polls at once.
			server = await N8nServer.start(n8n!);
			const restartPoll = await nextPoll(sandbox, stoppedAt);
			const onStart = await executionsEmitting(s(), known, whileDown);
			await expectNoMoreExecutions(s(), known + onStart.length);
			expect(onStart).toHaveLength(1);
			expect(onStart[0]).toMatchObject({ mode: 'trigger', status: 'success', posted: 2 });
			// Oldest first: the late one carries the older updated_at.
			expect(onStart[0].emitted).toEqual([whileDown[1], whileDown[0]]);

			// Right after that poll another learner completes a course; the next regular poll emits
			// only that one (nothing of before, between or while down again).
			afterRestart.push(...(await completeCourses(sandbox, ['AFTER-1'])));
			const pollAt = await nextPoll(sandbox, restartPoll);
			log(`first regular poll ${((pollAt - restartPoll) / 1000).toFixed(1)} s after the restart's activation poll`);
			const last = await executionsEmitting(s(), known + onStart.length, afterRestart);
			await expectNoMoreExecutions(s(), known + onStart.length + last.length);
			expect(emittedBy(last)).toEqual(afterRestart);

			// Over the whole run: each completion added after the activation in exactly one execution
			// and one POST; none of those that existed before it.
			const executions = await triggerExecutions(s());
			const added = [...between, ...whileDown, ...afterRestart];
			const once = Object.fromEntries(added.map((id) => [id, 1]));
			expect(countEach(emittedBy(executions))).toEqual(once);
			expect(countEach(postedIds())).toEqual(once);
			expect(postedBodies()).toEqual(bodiesOf(added));
			expect(executions.every((execution) => execution.status === 'success' && execution.mode === 'trigger')).toBe(true);
			expect(executions.reduce((sum, execution) => sum + execution.posted, 0)).toBe(added.length);
			// The polls read only the completions list, with the window's filter, and nothing failed.
			const reads = sandbox.requests.filter((request) => request.method === 'GET');
			expect(reads.every((request) => request.path === COMPLETIONS && request.status === 200)).toBe(true);
			expect(reads.every((request) => typeof request.query['filter[updated_after]'] === 'string')).toBe(true);
			log(
				`${polls(sandbox).length} polls; executions ${executions.map((e) => `${e.id}: ${e.emitted.join(',')}`).join(' | ')}; ` +
					`${receiver!.posts.length} posts`,
			);
		},
		TEST_TIMEOUT_MS,
	);
});
