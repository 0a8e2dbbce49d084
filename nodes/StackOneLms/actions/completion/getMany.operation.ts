import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionalUserLocator, readOptionsCollection } from '../common.descriptions';
import { toUtcTimestamp } from '../../helpers/fieldValues';
import type { UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { pathSegment } from '../../transport';
import { stackOneGetPages } from '../../transport/paging';

const properties: INodeProperties[] = [
	optionalUserLocator,
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
		options: [
			{
				displayName: 'Updated After',
				name: 'updatedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only completions changed after this moment',
			},
		],
	},
	readOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['completion'], operation: ['getMany'] } },
	properties,
);

interface PreparedGetMany {
	user?: UserReference;
	accountId?: string;
	limit?: number;
	updatedAfter?: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const timezone = this.getTimezone();
	return await sendEachItem<PreparedGetMany>(this, items, run.send, {
		prepare: (itemIndex) => {
			const { user, accountId } = readItemParameters.call(this, itemIndex, { userOptional: true });
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			return {
				user,
				accountId,
				limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
				updatedAfter: toUtcTimestamp(filters.updatedAfter, 'Updated After', timezone),
			};
		},
		send: async ({ user, accountId, limit, updatedAfter }, itemIndex) => {
			const path = user
				? `/unified/lms/users/${pathSegment(await run.users.userIdFor(user, itemIndex, accountId))}/completions`
				: '/unified/lms/completions';
			const { records } = await stackOneGetPages.call(
				this,
				run.credentials,
				{
					path,
					qs: updatedAfter ? { 'filter[updated_after]': updatedAfter } : {},
					accountId,
					itemIndex,
				},
				run.delivery,
				{ limit },
			);
			return records;
		},
	});
}
