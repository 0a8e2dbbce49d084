import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readOptionsCollection } from '../common.descriptions';
import type { UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { stackOneApiRequest } from '../../transport';
import type { ReadResource } from './readResources';
import { idParameterOf, userParameterOf } from './readResources';
import { notFoundHintOf, readQueryOptions, readRecordId, recordPathOf } from './readParameters';

/** Get: one record of `resource`, by the parameter that names it (and its user, where it has one). */
export function description(resource: ReadResource): INodeProperties[] {
	const properties: INodeProperties[] = [
		...userParameterOf(
			resource,
			`The LMS user the ${resource.noun} belongs to. Leave it empty to get the ${resource.noun} by its ID alone.`,
		),
		idParameterOf(resource),
		readOptionsCollection,
	];
	return updateDisplayOptions(
		{ show: { resource: [resource.value], operation: ['get'] } },
		properties,
	);
}

interface PreparedGet {
	user?: UserReference;
	recordId?: string;
	accountId?: string;
	qs: IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	resource: ReadResource,
): Promise<INodeExecutionData[]> {
	return await sendEachItem<PreparedGet>(this, items, run.send, {
		prepare: (itemIndex) => {
			const { user, accountId } = readItemParameters.call(this, itemIndex, {
				userOptional: resource.id !== 'user',
			});
			return {
				user,
				accountId,
				recordId: resource.id === 'user' ? undefined : readRecordId.call(this, resource, itemIndex),
				qs: readQueryOptions.call(this, itemIndex),
			};
		},
		send: async ({ user, recordId, accountId, qs }, itemIndex) => {
			const userId = user ? await run.users.userIdFor(user, itemIndex, accountId) : undefined;
			const answer = await stackOneApiRequest.call(
				this,
				run.credentials,
				{
					method: 'GET',
					path: recordPathOf(resource, userId, recordId),
					qs,
					accountId,
					itemIndex,
					notFoundHint: notFoundHintOf(resource, user !== undefined && resource.id !== 'user'),
				},
				run.delivery,
			);
			const record = (answer.data ?? {}) as IDataObject;
			return answer.raw === undefined ? record : { ...record, raw: answer.raw };
		},
	});
}
