import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	ICredentialDataDecryptedObject,
} from 'n8n-workflow';
import {
	createDeferredPromise,
	createRunExecutionData,
	NodeConnectionTypes,
	Workflow,
} from 'n8n-workflow';
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

import { StackOneApi } from '../../credentials/StackOneApi.credentials';
import { StackOneLms } from '../../nodes/StackOneLms/StackOneLms.node';
import { TestCredentialsHelper } from './credentialsHelper';
import { helperNodeDescription, nodeTypesOf } from './nodeTypes';

export const NODE_TYPE = 'n8n-nodes-stackone-lms.stackOneLms';
const INPUT_TYPE = 'test.input';
export const NODE_NAME = 'StackOne LMS';

/** A start node that hands on the items the test gives it. */
const inputNodeType: INodeType = {
	description: helperNodeDescription('input'),
	async execute() {
		return [this.getInputData()];
	},
};

const nodeTypes = nodeTypesOf({ [INPUT_TYPE]: inputNodeType, [NODE_TYPE]: new StackOneLms() });

export interface StackOneCredentialData extends ICredentialDataDecryptedObject {
	apiKey: string;
	accountId: string;
	baseUrl: string;
}

export interface RunNodeOptions {
	parameters: INodeParameters;
	items: IDataObject[];
	credentials: StackOneCredentialData;
	onError?: INode['onError'];
	timezone?: string;
	/** The node to run; by default the one this file loaded, shared by every run of the test file. */
	nodeType?: INodeType;
	/** The node's version; 1 (what workflows saved before version 2 hold) unless given. */
	typeVersion?: number;
}

export interface NodeRun {
	/** Items on the main output. */
	output: INodeExecutionData[];
	/** Items on the error output (only with onError 'continueErrorOutput'). */
	errorOutput: INodeExecutionData[];
	/** The error that stopped the run, if it stopped. */
	error?: IRun['data']['resultData']['error'];
	run: IRun;
}

/**
 * Runs the StackOne LMS node inside n8n's own workflow engine (n8n-core's WorkflowExecute):
 * real parameter resolution, expressions, continue-on-fail routing and HTTP through
 * httpRequestWithAuthentication with the credential's authenticate applied.
 */
export function buildWorkflow(options: Omit<RunNodeOptions, 'items' | 'credentials'>) {
	const inputNode: INode = {
		id: 'input',
		name: 'Input',
		type: INPUT_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const stackOneNode: INode = {
		id: 'stackone',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { stackOneApi: { id: '1', name: 'StackOne account' } },
		onError: options.onError,
	};
	const settings: IWorkflowSettings = { timezone: options.timezone ?? 'UTC' };
	const workflow = new Workflow({
		id: 'test',
		nodes: [inputNode, stackOneNode],
		connections: {
			Input: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes: options.nodeType
			? nodeTypesOf({ [INPUT_TYPE]: inputNodeType, [NODE_TYPE]: options.nodeType })
			: nodeTypes,
		settings,
	});
	return { workflow, inputNode, stackOneNode };
}

export function buildAdditionalData(
	credentials: StackOneCredentialData,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(
			{ stackOneApi: new StackOneApi() },
			{ stackOneApi: credentials },
		),
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		currentNodeParameters: undefined,
		variables: {},
		userId: 'test-user',
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('no task runner in tests');
		},
		executeWorkflow: async () => {
			throw new Error('no sub-workflows in tests');
		},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * n8n-core starts an SSH-tunnel cleanup interval the first time a node runs; n8n stops it at
 * shutdown, and so must a test file, or jest never exits.
 */
export function stopN8nCoreTimers() {
	Container.get(SSHClientsManager).onShutdown();
}

export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const { workflow, inputNode } = buildWorkflow(options);
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'test',
		active: false,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const additionalData = buildAdditionalData(options.credentials, hooks);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: inputNode,
					data: { main: [options.items.map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished.promise;
	const nodeRun = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		output: nodeRun?.data?.main[0] ?? [],
		errorOutput: nodeRun?.data?.main[1] ?? [],
		error: run.data.resultData.error,
		run,
	};
}
