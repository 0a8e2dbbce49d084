import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import type { RunNodeOptions, StackOneCredentialData } from './runNode';
import { runNode, stopN8nCoreTimers } from './runNode';
import { completionPosts, untilSettled } from './sandboxApi';

export { completionPosts, sandboxRequest, untilSettled } from './sandboxApi';

export type { Sandbox };

/** Starts one sandbox for a test file and resets it before each test. */
export function useSandbox(): () => Sandbox {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	beforeEach(async () => {
		if (!sandbox) return;
		// A slow request of the previous test may still be about to store its record.
		await untilSettled(sandbox);
		sandbox.reset();
	});
	afterAll(async () => {
		stopN8nCoreTimers();
		await sandbox?.close();
	});
	return () => {
		if (!sandbox) throw new Error('The sandbox has not started');
		return sandbox;
	};
}

export function credentialsFor(sandbox: Sandbox, overrides: Partial<StackOneCredentialData> = {}) {
	return {
		apiKey: sandbox.apiKey,
		accountId: sandbox.accountId,
		baseUrl: `${sandbox.url}/`,
		...overrides,
	};
}

/** Completion > Create parameters, user by ID, with the given fields on top. */
export function createParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'completion',
		operation: 'create',
		user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
		learningObjectExternalReference: '={{ $json.course }}',
		additionalFields: {},
		options: {},
		...overrides,
	};
}

/** Runs Completion > Create against the sandbox. */
export async function runCreate(
	sandbox: Sandbox,
	items: RunNodeOptions['items'],
	overrides: INodeParameters = {},
	options: Partial<RunNodeOptions> = {},
) {
	return await runNode({
		parameters: createParameters(overrides),
		items,
		credentials: credentialsFor(sandbox),
		...options,
	});
}

/** Runs any Completion operation against the sandbox. */
export async function runOperation(
	sb: Sandbox,
	operation: string,
	parameters: INodeParameters,
	items: IDataObject[],
	onError?: 'continueErrorOutput',
) {
	return await runNode({
		parameters: { resource: 'completion', operation, options: {}, ...parameters },
		items,
		credentials: credentialsFor(sb),
		onError,
	});
}

/** Items of `count` completions for the seeded users: course `<prefix>-<n>` for item n. */
export function itemsFor(sandbox: Sandbox, count: number, prefix = 'course') {
	return Array.from({ length: count }, (_, n) => ({
		userId: sandbox.users[n % 60].id,
		course: `${prefix}-${n}`,
	}));
}

/** Bodies of the create-completion requests the sandbox received, in arrival order. */
export function createBodies(sandbox: Sandbox): unknown[] {
	return completionPosts(sandbox).map((request) => request.body);
}

/** Runs the node with any parameters against the sandbox. */
export async function runWith(
	sandbox: Sandbox,
	parameters: INodeParameters,
	items: RunNodeOptions['items'],
	options: Partial<RunNodeOptions> = {},
) {
	return await runNode({ parameters, items, credentials: credentialsFor(sandbox), ...options });
}
