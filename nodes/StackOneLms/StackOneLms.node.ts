import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as completion from './actions/completion/Completion.resource';
import { router } from './actions/router';
import { listSearch } from './methods';

export class StackOneLms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'StackOne LMS',
		name: 'stackOneLms',
		icon: { light: 'file:../../icons/stackone.svg', dark: 'file:../../icons/stackone.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Record learning completions in any LMS through StackOne's unified LMS API",
		defaults: { name: 'StackOne LMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stackOneApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Completion', value: 'completion' }],
				default: 'completion',
			},
			...completion.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
