import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IDataObject,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readOptionsCollection } from '../common.descriptions';
import type { UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { stackOneGetPages } from '../../transport/paging';
import { USER_NOT_FOUND_HINT } from '../../helpers/userDirectory';
import type { ReadResource } from './readResources';
import { userParameterOf } from './readResources';
import { listPathOf, readFilters, readQueryOptions } from './readParameters';

/** Get Many: the records of `resource` (of one user, where it has users), every page or up to a limit. */
export function description(resource: ReadResource): INodeProperties[] {
	const properties: INodeProperties[] = [
		...userParameterOf(
			resource,
			`The LMS user whose ${resource.plural} to return. Leave it empty for every user's ${resource.plural}.`,
		),
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: resource.filters.map(({ option }) => option),
		},
		readOptionsCollection,
	];
	return updateDisplayOptions(
		{ show: { resource: [resource.value], operation: ['getMany'] } },
		properties,
	);
}

interface PreparedGetMany {
	user?: UserReference;
	accountId?: string;
	limit?: number;
	qs: IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	resource: ReadResource,
): Promise<INodeExecutionData[]> {
	const timezone = this.getTimezone();
	return await sendEachItem<PreparedGetMany>(this, items, run.send, {
		prepare: (itemIndex) => {
			const { user, accountId } = readItemParameters.call(this, itemIndex, { userOptional: true });
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			return {
				user: resource.perUser ? user : undefined,
				accountId,
				limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
				qs: {
					...readFilters.call(this, resource, itemIndex, timezone),
					...readQueryOptions.call(this, itemIndex),
				},
			};
		},
		send: async ({ user, accountId, limit, qs }, itemIndex) => {
			const userId = user ? await run.users.userIdFor(user, itemIndex, accountId) : undefined;
			const { records } = await stackOneGetPages.call(
				this,
				run.credentials,
				{
					path: listPathOf(resource, userId),
					qs,
					accountId,
					itemIndex,
					notFoundHint: userId === undefined ? undefined : USER_NOT_FOUND_HINT,
				},
				run.delivery,
				{ limit },
			);
			return records;
		},
	});
}
