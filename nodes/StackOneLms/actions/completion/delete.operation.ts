import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { completionIdField, readOptionsCollection, userLocator } from '../common.descriptions';
import { createRunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import type { CompletionTarget } from './completionTarget';
import { readCompletionTarget, requestCompletion } from './completionTarget';

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
	credentials: ICredentialDataDecryptedObject,
): Promise<INodeExecutionData[]> {
	const run = createRunContext.call(this, credentials);
	return await sendEachItem<CompletionTarget>(this, items, run.options, {
		prepare: (itemIndex) => readCompletionTarget.call(this, itemIndex),
		send: async (target, itemIndex) => {
			await requestCompletion.call(this, run, 'DELETE', target, itemIndex);
			return { deleted: true, id: target.completionId };
		},
	});
}
