// n8n's queue mode, the engine teams scale on: Redis (Bull) and PostgreSQL from Debian, one
// `n8n start` with EXECUTIONS_MODE=queue and two `n8n worker` processes, the packed package
// installed as n8n's community installer does, against the StackOne sandbox. One cluster serves
// the whole file; every process is stopped by pid at the end, whether the tests pass or fail.
// Mandatory where E2E_QUEUE_REQUIRED=1 (CI installs redis-server and postgresql); elsewhere
// skipped, with a message, when either is missing. Only on n8n 2.8.4 (see the README).
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { N8nInstance, N8nServer, NODE_TYPE, pinnedVersion, sandboxCredential } from '../../e2e/harness';
import { QueueCluster } from '../../e2e/harness/cluster';
import { queueServicesMissing } from '../../e2e/harness/services';
import { SETUP_TIMEOUT_MS } from './support';
import {
	activate,
	completeCourses,
	countEach,
	deactivate,
	executionsEmitting,
	expectNoMoreExecutions,
	nextPoll,
	polls,
	startReceiver,
	triggerExample,
	triggerExecutions,
} from './trigger-support';

const required = process.env.E2E_QUEUE_REQUIRED === '1';
const missing = queueServicesMissing();
const onDefaultN8n = pinnedVersion() === '2.8.4';
const runnable = missing.length === 0 && onDefaultN8n;

if (!runnable && !required) {
	console.warn(
		missing.length > 0
			? `SKIPPED: the queue-mode tests need ${missing.join(' and ')}. Set E2E_QUEUE_REQUIRED=1 to make their absence a failure, as CI does.`
			: `SKIPPED: the queue-mode tests run on n8n 2.8.4 only (this is ${pinnedVersion()}).`,
	);
}

describe('queue-mode prerequisites', () => {
	(required && onDefaultN8n ? it : it.skip)('finds redis-server and PostgreSQL (E2E_QUEUE_REQUIRED=1)', () => {
		expect(missing).toEqual([]);
	});
});

const log = (message: string) => process.stderr.write(`[queue] ${message}\n`);
const GOOD = { id: 'queueSandboxCred1', name: 'StackOne sandbox' };
const WRONG = { id: 'queueWrongKeyCred1', name: 'StackOne sandbox (wrong API key)' };
const WRONG_KEY = 'queue-wrong-key-4711';
const TEST_TIMEOUT_MS = 5 * 60 * 1000;
const NODE = 'Record Completion';

type Json = Record<string, unknown>;

/** Webhook (body: { count, prefix }) -> Code (count items) -> StackOne LMS, answering with every item. */
function webhookWorkflow(n: number, id: string, path: string, credential: { id: string; name: string }, options: Json, extra: Json = {}) {
	const node = (k: number, name: string, type: string, typeVersion: number, parameters: Json, more: Json = {}) => ({
		id: `9e1d0c2a-0000-4000-8000-${String(n).padStart(6, '0')}${String(k).padStart(6, '0')}`,
		name,
		type,
		typeVersion,
		position: [k * 220, 0],
		parameters,
		...more,
	});
	return {
		id,
		name: `Queue mode: ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			node(1, 'Webhook', 'n8n-nodes-base.webhook', 2, {
				httpMethod: 'POST',
				path,
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			}, { webhookId: `6b7f0000-1d2c-4e3f-8a9b-${String(n).padStart(12, '0')}` }),
			node(2, 'Make Items', 'n8n-nodes-base.code', 2, {
				jsCode:
					"const { count, prefix } = $input.first().json.body;\n" +
					"return Array.from({ length: count }, (_, i) => ({\n" +
					"  json: { userId: `usr_${String((i % 20) + 1).padStart(4, '0')}`, course: `${prefix}-${i}` },\n" +
					'}));\n',
			}),
			node(3, NODE, NODE_TYPE, 1, {
				resource: 'completion',
				operation: 'create',
				user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
				learningObjectExternalReference: '={{ $json.course }}',
				additionalFields: {},
				options,
			}, { credentials: { stackOneApi: credential }, ...extra }),
		],
		connections: {
			Webhook: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
	};
}

const WORKFLOWS = [
	// Test 1: no rate limit in the way, 200 items as fast as Batch Size 10 goes.
	webhookWorkflow(1, 'queueFast01', 'queue-fast', GOOD, { batchSize: 10, maxRequestsPerMinute: 600000 }),
	// Tests 2 and 3: the node's defaults (1,000 a minute per worker, starts 62.4 ms apart).
	webhookWorkflow(2, 'queueShared01', 'queue-shared', GOOD, { batchSize: 10 }),
	webhookWorkflow(3, 'queueSkip01', 'queue-skip', GOOD, { batchSize: 10, skipExisting: true }),
	// Test 4: the item fails and goes on as { error } so the answer carries the node's message.
	webhookWorkflow(4, 'queueWrongKey01', 'queue-wrong-key', WRONG, {}, { onError: 'continueRegularOutput' }),
];

(runnable ? describe : describe.skip)('StackOne LMS in n8n queue mode (Redis, Postgres, a main, two workers)', () => {
	let sandbox: Sandbox;
	let n8n: InstanceType<typeof N8nInstance> | undefined;
	let cluster: QueueCluster | undefined;
	let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
	const times: Record<string, number> = {};
	let testStarted = 0;

	beforeAll(async () => {
		sandbox = await startSandbox();
		receiver = await startReceiver();
		n8n = await N8nInstance.create({ log });
		cluster = await QueueCluster.start(n8n, {
			workers: 2,
			concurrency: 2,
			log,
			env: {
				// A killed worker's job stalls once its lock (10 s here, 60 s by default) runs out; n8n 2.8 fails stalled jobs
				// (maxStalledCount 0) and its queue recovery, every 6 s here (default 180 min), marks
				// the execution crashed.
				QUEUE_WORKER_LOCK_DURATION: '10000',
				// Renewed well within it (n8n's default renews every 10 s, for its 60 s lock).
				QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
				QUEUE_WORKER_STALLED_INTERVAL: '5000',
				N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.1',
			},
			prepare: async (instance) => {
				await instance.importCredentials([
					sandboxCredential(sandbox, GOOD),
					sandboxCredential(sandbox, { ...WRONG, data: { apiKey: WRONG_KEY } }),
				]);
				// The trigger example is activated only by its own test (it would poll through the others).
				await instance.importWorkflows([...WORKFLOWS, triggerExample(receiver!.url, GOOD)]);
				for (const workflow of WORKFLOWS) await instance.activateWorkflow(workflow.id);
			},
		});
		times.cluster = cluster.startMs;
		for (const workflow of WORKFLOWS) await cluster.main.waitForWebhook(workflow.nodes[0].parameters.path, 'POST');
	}, SETUP_TIMEOUT_MS);

	beforeEach(() => {
		sandbox.reset();
		testStarted = Date.now();
	});

	afterEach(() => {
		const name = expect.getState().currentTestName ?? '?';
		times[name] = Date.now() - testStarted;
	});

	afterAll(async () => {
		await cluster?.stop();
		n8n?.dispose();
		await receiver?.close();
		await sandbox?.close();
		// One line a test, its whole name: a cut name reads like a failure.
		for (const [name, ms] of Object.entries(times)) log(`time: ${(ms / 1000).toFixed(1)} s  ${name}`);
	}, 120 * 1000);

	const c = () => {
		if (!cluster) throw new Error('the queue-mode cluster did not start');
		return cluster;
	};

	const call = (path: string, body: Json, signal?: AbortSignal) =>
		fetch(`${c().main.url}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal,
		});

	/** The execution rows created since `known` (ids of rows seen before). */
	async function newExecutions(known: Set<string>) {
		return (await c().executions()).filter((row) => !known.has(row.id));
	}

	async function executionIds() {
		return new Set((await c().executions()).map((row) => row.id));
	}

	function references(prefix: string) {
		return sandbox
			.completions()
			.map((record) => record.learning_object_external_reference)
			.filter((reference) => reference.startsWith(`${prefix}-`));
	}

	function expectOncePerItem(prefix: string, count: number) {
		const stored = references(prefix);
		expect(new Set(stored).size).toBe(count);
		expect(stored).toHaveLength(count);
	}

	it(
		'runs a 200-item webhook execution on a worker: 200 stored once, output in order with ids',
		async () => {
			const before = await executionIds();
			const response = await call('queue-fast', { count: 200, prefix: 'fast' });
			expect(response.status).toBe(200);
			const output = (await response.json()) as Json[];

			expect(output).toHaveLength(200);
			output.forEach((json, i) => {
				expect(json.learning_object_external_reference).toBe(`fast-${i}`);
				expect(json.user_id).toBe(`usr_${String((i % 20) + 1).padStart(4, '0')}`);
				expect(typeof json.id).toBe('string');
			});
			expectOncePerItem('fast', 200);
			const byId = new Map(sandbox.completions().map((record) => [record.id, record]));
			output.forEach((json, i) => expect(byId.get(json.id as string)?.learning_object_external_reference).toBe(`fast-${i}`));

			const [execution] = await newExecutions(before);
			expect(execution).toMatchObject({ status: 'success', finished: true, mode: 'webhook' });
			const worker = c().workerOf(execution.id);
			expect(worker).toBeDefined();
			// The main only enqueued it.
			expect(c().main.allLogs()).not.toMatch(new RegExp(`started execution ${execution.id}\\b`));
			expect(c().main.allLogs()).toMatch(new RegExp(`Enqueued execution ${execution.id}\\b`));
			log(`test 1: execution ${execution.id} ran on ${worker?.name}`);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		"shares one key between three executions on both workers against StackOne's 1,000 a minute (50 per 3 s): each item once, 429s <= 10%",
		async () => {
			// StackOne's per-minute limit as a 3 s sliding window of the same rate, to keep the test short.
			sandbox.configure({ rateLimit: { limit: 50, windowMs: 3000 }, retryAfterForm: 'seconds' });
			const before = await executionIds();
			const runs = ['shared-a', 'shared-b', 'shared-c'];
			const answers = await Promise.all(runs.map((prefix) => call('queue-shared', { count: 200, prefix })));
			const outputs = await Promise.all(answers.map(async (answer) => (await answer.json()) as Json[]));

			const posts = sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/completions'));
			const limited = posts.filter((r) => r.status === 429).length;
			const stored = sandbox.completions().length;
			log(`test 2: ${posts.length} requests, ${limited} answered 429 (${((100 * limited) / posts.length).toFixed(1)}%), ${stored} stored`);

			const executions = await newExecutions(before);
			const workers = new Set(executions.map((row) => c().workerOf(row.id)?.name));
			log(`test 2: executions ${executions.map((row) => `${row.id} on ${c().workerOf(row.id)?.name} (${row.status})`).join(', ')}`);

			answers.forEach((answer) => expect(answer.status).toBe(200));
			outputs.forEach((output, k) => {
				expect(output).toHaveLength(200);
				output.forEach((json, i) => expect(json.learning_object_external_reference).toBe(`${runs[k]}-${i}`));
			});
			for (const prefix of runs) expectOncePerItem(prefix, 200);
			expect(executions).toHaveLength(3);
			expect(workers).toEqual(new Set(['worker-1', 'worker-2']));
			expect(limited / posts.length).toBeLessThanOrEqual(0.1);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'survives a worker SIGKILLed mid-run: n8n fails the stalled execution, a Skip Existing re-run stores the rest, none twice',
		async () => {
			// 300 items at 1,000 a minute and 100 ms a request: about 19 s, room to kill in the middle.
			sandbox.configure({ latencyMs: 100 });
			const before = await executionIds();
			const aborter = new AbortController();
			const first = call('queue-shared', { count: 300, prefix: 'crash' }, aborter.signal).catch((error: Error) => error);

			// Wait until the execution runs on a worker and about a third is stored.
			let execution: { id: string } | undefined;
			const deadline = Date.now() + 120000;
			while (Date.now() < deadline) {
				[execution] = await newExecutions(before);
				if (execution && c().workerOf(execution.id) && references('crash').length >= 100) break;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			expect(execution).toBeDefined();
			const victim = c().workerOf(execution!.id)!;
			expect(victim).toBeDefined();
			await victim.kill();
			expect(victim.exited?.signal ?? 'SIGKILL').toBe('SIGKILL');
			// Answers already on their way land; then nothing more arrives.
			await new Promise((resolve) => setTimeout(resolve, 1000));
			const storedBeforeKill = references('crash').length;
			aborter.abort();
			await first;
			expect(storedBeforeKill).toBeGreaterThan(0);
			expect(storedBeforeKill).toBeLessThan(300);

			// n8n notices: the job's lock runs out, the job fails as stalled, queue recovery marks it.
			let status = '';
			const crashDeadline = Date.now() + 90000;
			while (Date.now() < crashDeadline) {
				const row = (await c().executions()).find((r) => r.id === execution!.id);
				status = row?.status ?? '';
				const requeued = c().workers.some((w) => w !== victim && w.startedExecutions().includes(execution!.id));
				if (status === 'crashed' || status === 'error' || requeued) break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			log(`test 3: execution ${execution!.id} on ${victim.name}, killed; n8n marked it '${status}'`);
			expect(['crashed', 'error']).toContain(status);
			expect(references('crash')).toHaveLength(storedBeforeKill);

			// The user runs the sync again with Skip Existing on.
			const rerun = await call('queue-skip', { count: 300, prefix: 'crash' }, AbortSignal.timeout(120000)).catch((error) => {
				for (const [name, text] of Object.entries(c().logs())) log(`--- ${name}\n${text.split('\n').slice(-30).join('\n')}`);
				throw error;
			});
			expect(rerun.status).toBe(200);
			const output = (await rerun.json()) as Json[];
			expect(output).toHaveLength(300);
			const skipped = output.filter((json) => json.skipped === true).length;
			output.forEach((json, i) => expect(json.learning_object_external_reference).toBe(`crash-${i}`));
			log(`test 3: stored before the kill ${storedBeforeKill}, skipped on the re-run ${skipped}, stored in all ${references('crash').length}`);

			expect(skipped).toBe(storedBeforeKill);
			expectOncePerItem('crash', 300);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'loads the credential and the node on the workers: a wrong API key fails the item there as in regular mode, and no log shows the key',
		async () => {
			const before = await executionIds();
			const response = await call('queue-wrong-key', { count: 1, prefix: 'wrong' });
			expect(response.status).toBe(200);
			const output = (await response.json()) as Json[];
			expect(output).toEqual([{ error: '[item 0] Unauthorized: the API key is missing or invalid.' }]);
			expect(sandbox.completions()).toHaveLength(0);
			expect(sandbox.requests.map((r) => r.status)).toEqual([401]);

			const [execution] = await newExecutions(before);
			expect(c().workerOf(execution.id)).toBeDefined();

			const basic = Buffer.from(`${WRONG_KEY}:`).toString('base64');
			const goodBasic = Buffer.from(`${sandbox.apiKey}:`).toString('base64');
			for (const [name, text] of Object.entries(c().logs())) {
				expect({ name, hasKey: text.includes(WRONG_KEY) || text.includes(basic) }).toEqual({ name, hasKey: false });
				expect({ name, hasKey: text.includes(sandbox.apiKey) || text.includes(goodBasic) }).toEqual({ name, hasKey: false });
			}
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'polls on the main and runs each emit on a worker (examples/learner-completed-to-webhook): completions added between polls and while the main was down arrive each in exactly one execution and one POST',
		async () => {
			const main = () => c().main as InstanceType<typeof N8nServer>;
			const posted = () => receiver!.posts.map((post) => String(post.body.completion_id));
			/** Each of `executions` ran on a worker as a trigger execution; `mainLogs` only enqueued it. */
			const expectOnWorkers = (executions: Array<{ id: string; mode: string; status: string }>, mainLogs: string) => {
				for (const execution of executions) {
					expect(execution).toMatchObject({ mode: 'trigger', status: 'success' });
					expect({ id: execution.id, worker: c().workerOf(execution.id)?.name }).toEqual({ id: execution.id, worker: expect.any(String) });
					expect(mainLogs).toMatch(new RegExp(`Enqueued execution ${execution.id}\\b`));
					expect(mainLogs).not.toMatch(new RegExp(`started execution ${execution.id}\\b`));
				}
			};
			const before = await completeCourses(sandbox, ['Q-BEFORE-1', 'Q-BEFORE-2']);
			try {
				// Activated on the main, which polls at once (nothing: what exists counts as seen).
				await activate(main());
				await nextPoll(sandbox, 0, 30 * 1000);
				const [activationPoll] = polls(sandbox);
				expect(await triggerExecutions(main())).toEqual([]);

				// Added right after that poll: the next one (within a minute) emits them; a worker posts them.
				const between = await completeCourses(sandbox, ['Q-SQL-101', 'Q-PY-201', 'Q-GDPR-1']);
				await nextPoll(sandbox, activationPoll.receivedAt);
				const first = await executionsEmitting(main(), 0, between);
				expect(first.flatMap((execution) => execution.emitted)).toEqual(between);
				expectOnWorkers(first, main().allLogs());

				// The main restarts (the workers and the database stay): its activation poll emits what
				// was added meanwhile, from the state it saved in Postgres, and nothing twice.
				await main().stop();
				const stoppedAt = Date.now();
				const whileDown = await completeCourses(sandbox, ['Q-DOWN-1', 'Q-DOWN-2']);
				c().main = await N8nServer.start(n8n!);
				await nextPoll(sandbox, stoppedAt);
				const second = await executionsEmitting(main(), first.length, whileDown);
				const executions = await expectNoMoreExecutions(main(), first.length + second.length);
				expect(second.flatMap((execution) => execution.emitted)).toEqual(whileDown);
				expectOnWorkers(second, main().allLogs());

				const once = Object.fromEntries([...between, ...whileDown].map((id) => [id, 1]));
				expect(countEach(executions.flatMap((execution) => execution.emitted))).toEqual(once);
				expect(countEach(posted())).toEqual(once);
				for (const id of before) expect(posted()).not.toContain(id);
				log(`trigger: executions ${executions.map((e) => `${e.id} on ${c().workerOf(e.id)?.name}: ${e.emitted.join(',')}`).join(' | ')}`);
			} finally {
				await deactivate(main()).catch((error: Error) => log(`deactivating the trigger workflow: ${error.message}`));
			}
		},
		TEST_TIMEOUT_MS,
	);
});
