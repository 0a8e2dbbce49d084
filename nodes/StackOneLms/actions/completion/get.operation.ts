import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { completionIdField, readOptionsCollection, userLocator } from '../common.descriptions';
import type { RunContext } from '../../helpers/runContext';
import { executeOnEachCompletion } from './completionTarget';

const properties: INodeProperties[] = [userLocator, completionIdField, readOptionsCollection];

export const description = updateDisplayOptions(
	{ show: { resource: ['completion'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await executeOnEachCompletion.call(this, items, run, 'GET', (answer) => answer.data ?? {});
}
