import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { completionIdField, readOptionsCollection, userLocator } from '../common.descriptions';
import { toPathIdentifier } from '../../helpers/fieldValues';
import type { UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import { createRunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { pathSegment, stackOneApiRequest } from '../../transport';

const properties: INodeProperties[] = [userLocator, completionIdField, readOptionsCollection];

export const description = updateDisplayOptions(
	{ show: { resource: ['completion'], operation: ['get'] } },
	properties,
);

interface PreparedGet {
	user: UserReference;
	completionId: string;
	accountId?: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	credentials: ICredentialDataDecryptedObject,
): Promise<INodeExecutionData[]> {
	const run = createRunContext.call(this, credentials);
	return await sendEachItem<PreparedGet>(this, items, run.options, {
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
			const answer = await stackOneApiRequest.call(
				this,
				credentials,
				{
					method: 'GET',
					path: `/unified/lms/users/${pathSegment(userId)}/completions/${pathSegment(completionId)}`,
					accountId,
					itemIndex,
				},
				run.delivery,
			);
			return answer.data ?? {};
		},
	});
}
