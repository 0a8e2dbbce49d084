import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { completionIdField, readOptionsCollection, userLocator } from '../common.descriptions';
import type { RunContext } from '../../helpers/runContext';
import { executeOnEachCompletion } from './completionTarget';

const properties: INodeProperties[] = [
	userLocator,
	{ ...completionIdField, description: 'The StackOne ID of the completion to delete' },
	readOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['completion'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await executeOnEachCompletion.call(this, items, run, 'DELETE', (_answer, target) => ({
		deleted: true,
		id: target.completionId,
	}));
}
