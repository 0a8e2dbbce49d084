import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['completion'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Record that a user completed a learning object',
				action: 'Create completion',
			},
		],
		default: 'create',
	},
	...create.description,
];
