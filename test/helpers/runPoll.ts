import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { Container } from '@n8n/di';
import { PollContext } from 'n8n-core';
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';

import { StackOneLmsTrigger } from '../../nodes/StackOneLmsTrigger/StackOneLmsTrigger.node';
import type { StackOneCredentialData } from './runNode';
import { buildAdditionalData } from './runNode';
import { nodeTypesOf } from './nodeTypes';

export const TRIGGER_TYPE = 'n8n-nodes-stackone-lms.stackOneLmsTrigger';

/**
 * An active workflow of one StackOne LMS Trigger, polled the way n8n's ActiveWorkflows polls it
 * (n8n-core's TriggersAndPollers.runPoll with a PollContext). Its static data lives in
 * `staticData`, which a test can copy to a new poller, as n8n reloads it from its database after
 * a restart.
 */
export class Poller {
	private readonly node: INode;
	private readonly workflow: Workflow;

	constructor(
		parameters: INodeParameters,
		private readonly credentials: StackOneCredentialData,
		staticData: IDataObject = {},
	) {
		this.node = {
			id: 'trigger',
			name: 'StackOne LMS Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { stackOneApi: { id: '1', name: 'StackOne account' } },
		};
		this.workflow = new Workflow({
			id: 'trigger-test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: nodeTypesOf({ [TRIGGER_TYPE]: new StackOneLmsTrigger() }),
			staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
			settings: { timezone: 'UTC' },
		});
	}

	/** One poll ('trigger': an active workflow's; 'manual': Fetch Test Event): the records emitted, or null. */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[] | null> {
		const context = new PollContext(
			this.workflow,
			this.node,
			buildAdditionalData(this.credentials),
			mode,
			'activate',
		);
		const output: INodeExecutionData[][] | null = await Container.get(TriggersAndPollers).runPoll(
			this.workflow,
			this.node,
			context,
		);
		return output === null ? null : output[0].map((item) => item.json);
	}

	/** The static data as n8n would save it. */
	get staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}
}
