import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { StackOneAnswer } from '../transport/interfaces';
import { stackOneApiRequest } from '../transport';
import type { ItemRequestParameters, UserReference } from './itemParameters';
import { readItemParameters } from './itemParameters';
import { responseDetails } from './responseDetails';
import type { RunContext } from './runContext';
import { sendEachItem } from './sendEachItem';
import { USER_NOT_FOUND_HINT } from './userDirectory';
import type { UserRecordKind } from './userRecordKinds';

type LearningRecordBody = IDataObject & { learning_object_external_reference: string };

type PreparedCreate<Body> = ItemRequestParameters & { user: UserReference; body: Body };

/**
 * Creates one record of `kind` per item for the item's user (Create Completion, Create
 * Assignment), with Skip Existing and a read-back before any create whose outcome is unknown is
 * sent again.
 */
export async function createUserRecords<Body extends LearningRecordBody>(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
	kind: UserRecordKind<Body>,
	toBody: (itemIndex: number) => Body,
): Promise<INodeExecutionData[]> {
	const create = async (prepared: PreparedCreate<Body>, userId: string, itemIndex: number) => {
		const { body, accountId } = prepared;
		const answer = await stackOneApiRequest.call(
			this,
			run.credentials,
			{
				method: 'POST',
				path: kind.path(userId),
				body,
				accountId,
				heartbeat: prepared.heartbeat,
				itemIndex,
				notFoundHint: USER_NOT_FOUND_HINT,
				creates: kind.noun,
				readBack: prepared.verifyUncertainCreates
					? run.readBack.readBackFor(kind, userId, body, accountId, itemIndex)
					: undefined,
			},
			run.delivery,
		);
		run.readBack.claim(kind, answer.data?.id);
		return answer;
	};

	return await sendEachItem<PreparedCreate<Body>>(this, items, run.send, {
		prepare: (itemIndex) => {
			const parameters = readItemParameters.call(this, itemIndex);
			return { ...parameters, user: parameters.user as UserReference, body: toBody(itemIndex) };
		},
		send: async (prepared, itemIndex) => {
			const userId = await run.users.userIdFor(prepared.user, itemIndex, prepared.accountId);
			const summary = {
				user_id: userId,
				learning_object_external_reference: prepared.body.learning_object_external_reference,
			};
			if (!prepared.skipExisting) {
				return toOutput(await create(prepared, userId, itemIndex), summary, prepared.fullResponse);
			}
			const { existing, created } = await run.existing.findOrCreate(
				kind,
				userId,
				prepared.body,
				prepared.accountId,
				itemIndex,
				async () => await create(prepared, userId, itemIndex),
			);
			if (!existing) return toOutput(created as StackOneAnswer, summary, prepared.fullResponse);
			run.readBack.claim(kind, existing.id);
			return {
				skipped: true,
				id: existing.id ?? null,
				remote_id: existing.remote_id ?? null,
				...summary,
			};
		},
	});
}

function toOutput(
	answer: StackOneAnswer,
	summary: IDataObject,
	fullResponse: boolean,
): IDataObject {
	const data = answer.data ?? {};
	const json: IDataObject = { id: data.id ?? null, remote_id: data.remote_id ?? null, ...summary };
	if (answer.recovered_after !== undefined) {
		json.recovered = true;
		json.recovered_after = answer.recovered_after;
	}
	if (fullResponse) Object.assign(json, responseDetails(answer));
	return json;
}
