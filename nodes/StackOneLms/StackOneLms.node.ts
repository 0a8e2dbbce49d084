import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/resources';
import { router } from './actions/router';
import { listSearch } from './methods';

export class StackOneLms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'StackOne LMS',
		name: 'stackOneLms',
		icon: { light: 'file:../../icons/stackone.svg', dark: 'file:../../icons/stackone.dark.svg' },
		group: ['output'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Publish learning content, assign it, record completions and read users, courses, content, assignments, categories and skills in any LMS through StackOne's unified LMS API",
		defaults: { name: 'StackOne LMS' },
		// Used as is by n8n's editor (its codex link gets n8n's query appended, after any anchor).
		documentationUrl: 'https://github.com/stackone-lms/n8n-nodes-stackone-lms#operations',
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stackOneApi', required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
