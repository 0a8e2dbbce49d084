import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';

export { create, del as delete };

/** Completion's operations; Get and Get Many are the generic reads (../read). */
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
			{
				name: 'Delete',
				value: 'delete',
				description: "Delete one of a user's completions",
				action: 'Delete completion',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one completion, of a user or by its ID alone',
				action: 'Get completion',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: "Get a user's completions, or every user's",
				action: 'Get many completions',
			},
		],
		default: 'create',
	},
	...create.description,
	...del.description,
];
