// Lifecycle helpers for the end-to-end tests: one sandbox and one n8n user folder (with the packed
// package installed) per test file, cleaned up whatever happens.
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { N8nInstance, N8nServer, runError } from '../../e2e/harness';

/** The first run on a fresh machine installs n8n (npm ci, about 4 minutes): allow for it. */
export const SETUP_TIMEOUT_MS = 20 * 60 * 1000;
/** One `n8n execute` takes 4 to 7 s; a slow machine gets room. */
export const EXECUTE_TIMEOUT_MS = 120 * 1000;

const log = (message: string) => process.stderr.write(`[e2e] ${message}\n`);

export interface E2eContext {
	sandbox: Sandbox;
	n8n: InstanceType<typeof N8nInstance>;
	server?: InstanceType<typeof N8nServer>;
}

/**
 * Starts a sandbox, prepares an n8n user folder with the packed package and (with `start`) runs
 * `n8n start` on it with an owner account; `prepare` runs before the server starts (imports).
 */
export function useN8n({
	start = false,
	prepare,
}: { start?: boolean; prepare?: (context: E2eContext) => Promise<void> } = {}): () => E2eContext {
	let context: E2eContext | undefined;
	let sandbox: Sandbox | undefined;
	let n8n: InstanceType<typeof N8nInstance> | undefined;
	let server: InstanceType<typeof N8nServer> | undefined;

	beforeAll(async () => {
		sandbox = await startSandbox();
		n8n = await N8nInstance.create({ log });
		context = { sandbox, n8n };
		if (prepare) await prepare(context);
		if (start) context.server = server = await N8nServer.start(n8n);
	}, SETUP_TIMEOUT_MS);

	beforeEach(() => sandbox?.reset());

	afterAll(async () => {
		await server?.stop();
		n8n?.dispose();
		await sandbox?.close();
	}, 60 * 1000);

	return () => {
		if (!context) throw new Error('the e2e setup did not finish');
		return context;
	};
}

/** Executes a workflow that must succeed (`n8n execute`); resolves its run JSON. */
export async function executeSuccessfully(
	n8n: InstanceType<typeof N8nInstance>,
	workflowId: string,
) {
	const result = await n8n.execute(workflowId);
	expect(runError(result.run)).toBeUndefined();
	expect(result.code).toBe(0);
	return result.run;
}
