import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { completionIdField, deleteOptionsCollection, userLocator } from '../common.descriptions';
import { toPathIdentifier } from '../../helpers/fieldValues';
import type { UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { COMPLETIONS } from '../../helpers/userRecordKinds';
import { pathSegment, stackOneApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	userLocator,
	{ ...completionIdField, description: 'The StackOne ID of the completion to delete' },
	deleteOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['completion'], operation: ['delete'] } },
	properties,
);

interface CompletionTarget {
	user: UserReference;
	completionId: string;
	accountId?: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	return await sendEachItem<CompletionTarget>(this, items, run.send, {
		prepare: (itemIndex) => {
			const { user, accountId } = readItemParameters.call(this, itemIndex);
			return {
				user: user as UserReference,
				accountId,
				completionId: toPathIdentifier(
					this.getNodeParameter('completionId', itemIndex),
					'Completion ID',
					'cmp_0001',
				),
			};
		},
		send: async ({ user, completionId, accountId }, itemIndex) => {
			const userId = await run.users.userIdFor(user, itemIndex, accountId);
			await stackOneApiRequest.call(
				this,
				run.credentials,
				{
					method: 'DELETE',
					path: `${COMPLETIONS.path(userId)}/${pathSegment(completionId)}`,
					accountId,
					itemIndex,
					notFoundHint:
						'Check the User and the Completion ID: StackOne found no such completion of this user in this account.',
				},
				run.delivery,
			);
			return { deleted: true, id: completionId };
		},
	});
}
