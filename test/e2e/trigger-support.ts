// What the StackOne LMS Trigger's end-to-end tests share (trigger.e2e.test.ts, queue-mode.e2e.test.ts):
// the example workflow pointed at a local webhook receiver, completions made through the sandbox's
// API as an LMS would record them, the trigger's polls in the sandbox's request log, and the
// records each execution emitted, read back through n8n's REST API.
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

import type { Sandbox } from '../../sandbox';
import { HOST_DIR, delay, loadWorkflow } from '../../e2e/harness';
import type { N8nServer } from '../../e2e/harness';
import { sandboxRequest } from '../helpers/sandboxApi';

const TRIGGER_EXAMPLE = 'examples/learner-completed-to-webhook.workflow.json';
// At most 16 characters: n8n 1.x saves no static data (the trigger's state) for a longer workflow id.
const TRIGGER_WORKFLOW_ID = 'stackoneDoneHook';
const TRIGGER_NODE = 'Learner Completed';
const POST_NODE = 'Post to Webhook';
export const COMPLETIONS = '/unified/lms/completions';
/** A poll comes once a minute at a random second: the next one is at most 60 s away. */
const NEXT_POLL_TIMEOUT_MS = 75 * 1000;

type Json = Record<string, unknown>;
type Server = InstanceType<typeof N8nServer>;

/** Waits until `check` returns something truthy; throws with `what` (and the last value) after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
	timeoutMs = 30 * 1000,
	everyMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined | null | false;
	for (;;) {
		last = await check();
		if (last) return last;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
		await delay(everyMs);
	}
}

/** What the webhook receiver got: one entry per POST, in arrival order. */
export interface Received {
	path: string;
	body: Json;
	receivedAt: number;
}

/** A small webhook receiver on 127.0.0.1 (a free port) that answers 200 to every POST and keeps it. */
export async function startReceiver(): Promise<{ url: string; posts: Received[]; close: () => Promise<void> }> {
	const posts: Received[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: Json = {};
			try {
				body = JSON.parse(text) as Json;
			} catch {
				body = { text };
			}
			if (request.method === 'POST') posts.push({ path: request.url ?? '', body, receivedAt: Date.now() });
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"received":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/lms/course-completed`,
		posts,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** The example workflow with its webhook URL (and, if given, its credential) replaced for a test. */
export function triggerExample(receiverUrl: string, credential?: { id: string; name: string }) {
	const workflow = loadWorkflow(TRIGGER_EXAMPLE);
	for (const node of workflow.nodes) {
		if (node.name === POST_NODE) node.parameters.url = receiverUrl;
		if (node.name === TRIGGER_NODE && credential) node.credentials = { stackOneApi: credential };
	}
	return workflow;
}

/**
 * Records completions through StackOne's API, as an LMS does when learners finish courses: one per
 * reference, learner `usr_0001`, `usr_0002`, ... in turn. Resolves the new ids, in order.
 */
export async function completeCourses(sandbox: Sandbox, references: string[]): Promise<string[]> {
	const ids: string[] = [];
	for (const [k, reference] of references.entries()) {
		const user = sandbox.users[k % 20];
		const response = await sandboxRequest(sandbox, 'POST', `/unified/lms/users/${user.id}/completions`, {
			learning_object_external_reference: reference,
			completed_at: new Date().toISOString(),
		});
		const answer = response.json as { data?: { id?: string } };
		if (response.status !== 201 || !answer.data?.id) {
			throw new Error(`creating a completion answered ${response.status}: ${JSON.stringify(answer)}`);
		}
		ids.push(answer.data.id);
	}
	return ids;
}

/** The trigger's polls so far: its reads of the completions list (first pages; a poll reads all). */
export function polls(sandbox: Sandbox) {
	return sandbox.requests.filter(
		(request) => request.method === 'GET' && request.path === COMPLETIONS && !request.query.next,
	);
}

/** Waits for a poll that arrives after `after` (ms) to be answered; resolves when it arrived. */
export async function nextPoll(sandbox: Sandbox, after: number, timeoutMs = NEXT_POLL_TIMEOUT_MS): Promise<number> {
	const poll = await waitFor(
		`a poll of ${COMPLETIONS} after ${new Date(after).toISOString()}`,
		() => polls(sandbox).find((request) => request.receivedAt > after && request.finishedAt !== undefined),
		timeoutMs,
		100,
	);
	return poll.receivedAt;
}

/** One execution of the trigger workflow and what it carried. */
export interface TriggerExecution {
	id: string;
	mode: string;
	status: string;
	/** The ids of the records the trigger emitted, in output order. */
	emitted: string[];
	/** Items the HTTP Request node sent on (one per POST it made). */
	posted: number;
}

// n8n keeps run data in the `flatted` form; the n8n host has the package n8n itself uses. Loaded on
// first use: on a fresh clone the host is only installed when the first n8n starts.
function parseFlatted(text: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(path.join(HOST_DIR, 'node_modules', 'flatted')) as { parse: (text: string) => unknown };
	return flatted.parse(text);
}

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Json }> | null> } }>>;

function outputIds(runData: RunData, node: string): Json[] {
	const main = runData[node]?.[0]?.data?.main ?? [];
	return (main[0] ?? []).map((item) => item.json);
}

/**
 * Every execution of a workflow, oldest first, with the records its trigger emitted (through
 * n8n's REST API: the list, then each execution's run data).
 */
export async function triggerExecutions(server: Server, workflowId = TRIGGER_WORKFLOW_ID): Promise<TriggerExecution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await server.rest('GET', `/executions?filter=${filter}&limit=100`);
	if (list.status !== 200) throw new Error(`GET /rest/executions answered ${list.status}: ${JSON.stringify(list.body)}`);
	const rows = list.body.data.results as Array<{ id: string; mode: string; status: string }>;
	const executions: TriggerExecution[] = [];
	for (const row of [...rows].sort((a, b) => Number(a.id) - Number(b.id))) {
		const one = await server.rest('GET', `/executions/${row.id}`);
		if (one.status !== 200) throw new Error(`GET /rest/executions/${row.id} answered ${one.status}`);
		const data = one.body.data.data;
		const run = (typeof data === 'string' ? parseFlatted(data) : data) as { resultData?: { runData?: RunData } } | undefined;
		const runData = run?.resultData?.runData ?? {};
		executions.push({
			id: String(row.id),
			mode: row.mode,
			status: one.body.data.status ?? row.status,
			emitted: outputIds(runData, TRIGGER_NODE).map((json) => String(json.id)),
			posted: outputIds(runData, POST_NODE).length,
		});
	}
	return executions;
}

/**
 * Waits until the executions after the first `known` are all finished and have emitted every id of
 * `ids` (in one execution or, when a poll fell in the middle of the writes, in several); resolves
 * those executions, oldest first.
 */
export async function executionsEmitting(server: Server, known: number, ids: string[], timeoutMs = 60 * 1000) {
	return await waitFor(
		`executions of ${TRIGGER_WORKFLOW_ID} after the first ${known} that emit ${ids.join(', ')}`,
		async () => {
			const fresh = (await triggerExecutions(server)).slice(known);
			const finished = fresh.every((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			const emitted = new Set(fresh.flatMap((execution) => execution.emitted));
			return finished && ids.every((id) => emitted.has(id)) ? fresh : undefined;
		},
		timeoutMs,
		500,
	);
}

/** The trigger's poll state as n8n saved it in the workflow's static data (null when there is none). */
export async function savedPollState(server: Server, workflowId = TRIGGER_WORKFLOW_ID) {
	const saved = await server.rest('GET', `/workflows/${workflowId}`);
	if (saved.status !== 200) throw new Error(`GET /rest/workflows/${workflowId} answered ${saved.status}`);
	const node = (saved.body.data.staticData ?? {})[`node:${TRIGGER_NODE}`] as { state?: Json } | undefined;
	const state = node?.state as { cursor: number; floor: number; emitted: Array<[string, number]> } | undefined;
	return state ?? null;
}

/** Activates a saved workflow through n8n's REST API, as the editor's toggle (Publish) does. */
export async function activate(server: Server, workflowId = TRIGGER_WORKFLOW_ID) {
	const saved = await server.rest('GET', `/workflows/${workflowId}`);
	if (saved.status !== 200) throw new Error(`GET /rest/workflows/${workflowId} answered ${saved.status}`);
	const answer = await server.rest('POST', `/workflows/${workflowId}/activate`, { versionId: saved.body.data.versionId });
	if (answer.status !== 200) throw new Error(`activating ${workflowId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body.data;
}

export async function deactivate(server: Server, workflowId = TRIGGER_WORKFLOW_ID) {
	const answer = await server.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	if (answer.status !== 200) throw new Error(`deactivating ${workflowId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** A second for anything else a poll might have started; then the executions must still be `count`. Resolves them. */
export async function expectNoMoreExecutions(server: Server, count: number): Promise<TriggerExecution[]> {
	await delay(1000);
	const executions = await triggerExecutions(server);
	expect(executions).toHaveLength(count);
	return executions;
}

/** How often each value occurs, for "each exactly once" checks with a readable failure. */
export function countEach(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}
