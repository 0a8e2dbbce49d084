import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { assignmentStatusOptions } from '../StackOneLms/actions/common.descriptions';
import { eventOptions } from './events';
import { DEFAULT_LOOK_BACK_MINUTES, poll } from './poll';

export class StackOneLmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'StackOne LMS Trigger',
		name: 'stackOneLmsTrigger',
		icon: { light: 'file:../../icons/stackone.svg', dark: 'file:../../icons/stackone.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["event"] + " change"}}',
		description:
			'Starts the workflow when a completion, assignment, user, content or course is created or changed in any LMS behind StackOne',
		defaults: { name: 'StackOne LMS Trigger' },
		documentationUrl: 'https://github.com/stackone-lms/n8n-nodes-stackone-lms#operations',
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stackOneApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: eventOptions,
				default: 'completion',
				required: true,
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { event: ['assignment'] } },
				options: [
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						default: 'completed',
						description: 'Only assignments in this status',
						options: assignmentStatusOptions,
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Account ID',
						name: 'accountId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 45355976281015164504',
						description: 'The linked LMS account to watch instead of the one in the credential',
					},
					{
						displayName: 'Look-Back Window (Minutes)',
						name: 'lookBackMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_LOOK_BACK_MINUTES,
						description:
							'How far before the newest change already seen each poll reads again, for records the LMS shows late: a record whose updated_at is older than the last poll is still emitted, once, if it appears within this window',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description:
							'Emit every record changed since this moment on the first poll (a backfill). Empty: start from the activation, without history.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
