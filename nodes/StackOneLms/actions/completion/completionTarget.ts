import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toPathIdentifier } from '../../helpers/fieldValues';
import type { StackOneAnswer } from '../../transport/interfaces';
import type { UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { pathSegment, stackOneApiRequest } from '../../transport';

/** One completion of one user: what Get and Delete act on. */
export interface CompletionTarget {
	user: UserReference;
	completionId: string;
	accountId?: string;
}

export function readCompletionTarget(this: IExecuteFunctions, itemIndex: number): CompletionTarget {
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
}

/** Sends `method` to /unified/lms/users/{id}/completions/{completionId}. */
export async function requestCompletion(
	this: IExecuteFunctions,
	run: RunContext,
	method: 'GET' | 'DELETE',
	{ user, completionId, accountId }: CompletionTarget,
	itemIndex: number,
): Promise<StackOneAnswer> {
	const userId = await run.users.userIdFor(user, itemIndex, accountId);
	return await stackOneApiRequest.call(
		this,
		run.credentials,
		{
			method,
			path: `/unified/lms/users/${pathSegment(userId)}/completions/${pathSegment(completionId)}`,
			accountId,
			itemIndex,
			notFoundHint:
				'Check the User and the Completion ID: StackOne found no such completion of this user in this account.',
		},
		run.delivery,
	);
}

/** Runs `method` on each item's completion and outputs what `toOutput` makes of the answer. */
export async function executeOnEachCompletion(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	method: 'GET' | 'DELETE',
	toOutput: (answer: StackOneAnswer, target: CompletionTarget) => IDataObject,
): Promise<INodeExecutionData[]> {
	return await sendEachItem<CompletionTarget>(this, items, run.send, {
		prepare: (itemIndex) => readCompletionTarget.call(this, itemIndex),
		send: async (target, itemIndex) =>
			toOutput(await requestCompletion.call(this, run, method, target, itemIndex), target),
	});
}
