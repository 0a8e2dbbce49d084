import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowSettings,
} from 'n8n-workflow';
import { createDeferredPromise, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { StackOneApi } from '../../credentials/StackOneApi.credentials';
import { StackOneLms } from '../../nodes/StackOneLms/StackOneLms.node';
import { TestCredentialsHelper } from './credentialsHelper';

export const NODE_TYPE = 'n8n-nodes-stackone-lms.stackOneLms';
const INPUT_TYPE = 'test.input';
export const NODE_NAME = 'StackOne LMS';

/** A start node that hands on the items the test gives it. */
const inputNodeType: INodeType = {
	description: {
		displayName: 'Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: '',
		defaults: { name: 'Input' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

const nodeTypes: INodeTypes = {
	getByName: (type) => (type === INPUT_TYPE ? inputNodeType : new StackOneLms()),
	getByNameAndVersion: (type) => (type === INPUT_TYPE ? inputNodeType : new StackOneLms()),
	getKnownTypes: () => ({}),
} as INodeTypes;

export interface StackOneCredentialData extends IDataObject {
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
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
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
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { stackOneApi: { id: '1', name: 'StackOne account' } },
		onError: options.onError,
	};
	const settings: WorkflowSettings = { timezone: options.timezone ?? 'UTC' };
	const workflow = new Workflow({
		id: 'test',
		nodes: [inputNode, stackOneNode],
		connections: {
			Input: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes,
		settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'test',
		active: false,
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: workflow.connectionsBySourceNode,
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(
			{ stackOneApi: new StackOneApi() },
			{ stackOneApi: options.credentials },
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

	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{
					node: inputNode,
					data: { main: [options.items.map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	} as IRunExecutionData;

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
