import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import * as assignmentCreate from './assignment/create.operation';
import * as completion from './completion/Completion.resource';
import * as contentUpsert from './content/upsert.operation';
import * as get from './read/get.operation';
import * as getMany from './read/getMany.operation';
import type { ReadResource } from './read/readResources';
import { READ_RESOURCES } from './read/readResources';
import type { RunContext } from '../helpers/runContext';

export type Operation = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
) => Promise<INodeExecutionData[]>;

function titleOf({ noun }: ReadResource): string {
	return noun.replace(/^./, (first) => first.toUpperCase());
}

/** What the node writes besides completions: each resource's operation and what runs it. */
const WRITES: Record<string, { option: INodePropertyOptions; execute: Operation }> = {
	assignment: {
		option: {
			name: 'Create',
			value: 'create',
			description: 'Assign a learning object to a user',
			action: 'Create assignment',
		},
		execute: assignmentCreate.execute,
	},
	content: {
		option: {
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Create or update content',
		},
		execute: contentUpsert.execute,
	},
};

/** The operations of a resource other than completion: its reads and its write, if any. */
function operationSelector(resource: ReadResource): INodeProperties {
	const reads: INodePropertyOptions[] = [
		{
			name: 'Get',
			value: 'get',
			description: `Get one ${resource.noun}`,
			action: `Get ${resource.noun}`,
		},
		{
			name: 'Get Many',
			value: 'getMany',
			description: `Get many ${resource.plural}`,
			action: `Get many ${resource.plural}`,
		},
	];
	const write = WRITES[resource.value]?.option;
	const options = write ? [...reads, write].sort((a, b) => a.name.localeCompare(b.name)) : reads;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options,
		default: 'get',
	};
}

const resourceOptions: INodePropertyOptions[] = READ_RESOURCES.map((resource) => ({
	name: titleOf(resource),
	value: resource.value,
})).sort((a, b) => a.name.localeCompare(b.name));

/** Every parameter of the node, by resource and operation. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resourceOptions,
		default: 'completion',
	},
	...completion.description,
	...READ_RESOURCES.filter(({ value }) => value !== 'completion').map(operationSelector),
	...assignmentCreate.description,
	...contentUpsert.description,
	...READ_RESOURCES.flatMap((resource) => [
		...get.description(resource),
		...getMany.description(resource),
	]),
];

/** What runs for each resource and operation. */
export const operations: Record<string, Record<string, Operation>> = Object.fromEntries(
	READ_RESOURCES.map((resource) => [
		resource.value,
		{
			get: async function (this: IExecuteFunctions, items, run) {
				return await get.execute.call(this, items, run, resource);
			},
			getMany: async function (this: IExecuteFunctions, items, run) {
				return await getMany.execute.call(this, items, run, resource);
			},
			...(resource.value === 'completion'
				? { create: completion.create.execute, delete: completion.delete.execute }
				: {}),
			...(WRITES[resource.value]
				? { [String(WRITES[resource.value].option.value)]: WRITES[resource.value].execute }
				: {}),
		} as Record<string, Operation>,
	]),
);
