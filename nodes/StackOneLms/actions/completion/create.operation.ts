import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createOptionsCollection, userLocator } from '../common.descriptions';
import { toCompletionBody } from '../../helpers/completionBody';
import type { ItemRequestParameters, UserReference } from '../../helpers/itemParameters';
import { readItemParameters } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendEachItem } from '../../helpers/sendEachItem';
import { userCompletionsPath } from '../../helpers/completionPaths';
import { USER_NOT_FOUND_HINT } from '../../helpers/userDirectory';
import type { CompletionBody } from '../../helpers/interfaces';
import type { StackOneAnswer } from '../../transport/interfaces';
import { stackOneApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	userLocator,
	{
		displayName: 'Learning Object External Reference',
		name: 'learningObjectExternalReference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. learning-content-123',
		description:
			"The LMS's external reference of the course or content the user completed: StackOne's main identifier for a completion",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Completed At',
				name: 'completedAt',
				type: 'dateTime',
				default: '',
				description:
					"When the user completed the learning object. Sent in UTC; a date without a time zone is read in the workflow's time zone.",
			},
			{
				displayName: 'Learning Object ID',
				name: 'learningObjectId',
				type: 'string',
				default: '',
				placeholder: 'e.g. e3gd34-23tr21-er234-345er56',
				description: 'The StackOne ID of the learning object, only where the integration needs it',
			},
			{
				displayName: 'Passthrough',
				name: 'passthrough',
				type: 'json',
				default: '{}',
				description: 'A JSON object of extra values StackOne hands to the LMS as they are',
			},
			{
				displayName: 'Result',
				name: 'result',
				type: 'options',
				default: 'Pass',
				options: [
					{ name: 'Fail', value: 'Fail' },
					{ name: 'Pass', value: 'Pass' },
					{ name: 'Unmapped Value', value: 'unmapped_value' },
				],
				description: 'Whether the user passed',
			},
			{
				displayName: 'Result Source Value',
				name: 'resultSourceValue',
				type: 'string',
				default: '',
				placeholder: 'e.g. COMPLETED_WITH_DISTINCTION',
				description: "The LMS's own value for the result",
			},
			{
				displayName: 'Score Percentage',
				name: 'scorePercentage',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
				default: 0,
				description: 'The score as a percentage from 0 to 100',
			},
			{
				displayName: 'Score Raw Value',
				name: 'scoreRawValue',
				type: 'string',
				default: '',
				placeholder: 'e.g. 87 / 100',
				description: 'The score as the LMS writes it',
			},
			{
				displayName: 'Time Spent',
				name: 'timeSpent',
				type: 'string',
				default: '',
				placeholder: 'e.g. PT1H30M45S',
				description:
					'How long the user spent, as an ISO 8601 duration (PT1H30M45S) or a number of seconds (5445)',
			},
		],
	},
	{
		displayName:
			'Content External Reference and Content ID are deprecated by StackOne: use Learning Object External Reference instead. They are kept below for older integrations.',
		name: 'deprecatedFieldsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Deprecated Fields',
		name: 'deprecatedFields',
		type: 'collection',
		placeholder: 'Add Deprecated Field',
		default: {},
		description:
			'Fields StackOne still accepts but has replaced with Learning Object External Reference',
		options: [
			{
				displayName: 'Content External Reference',
				name: 'contentExternalReference',
				type: 'string',
				default: '',
				placeholder: 'e.g. SOFTWARE-ENG-LV1-TRAINING-VIDEO-1-CONTENT',
				description: 'Deprecated: use Learning Object External Reference instead',
			},
			{
				displayName: 'Content ID',
				name: 'contentId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 16873-ENG-VIDEO-1',
				description: 'Deprecated: use Learning Object External Reference instead',
			},
		],
	},
	createOptionsCollection,
];

const displayOptions = { show: { resource: ['completion'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

type PreparedCompletion = ItemRequestParameters & { user: UserReference; body: CompletionBody };

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const timezone = this.getTimezone();

	const create = async (completion: PreparedCompletion, userId: string, itemIndex: number) => {
		const { body, accountId } = completion;
		const answer = await stackOneApiRequest.call(
			this,
			run.credentials,
			{
				method: 'POST',
				path: userCompletionsPath(userId),
				body,
				accountId,
				heartbeat: completion.heartbeat,
				itemIndex,
				notFoundHint: USER_NOT_FOUND_HINT,
				readBack: completion.verifyUncertainCreates
					? run.readBack.readBackFor(userId, body, accountId, itemIndex)
					: undefined,
			},
			run.delivery,
		);
		run.readBack.claim(answer.data?.id);
		return answer;
	};

	return await sendEachItem<PreparedCompletion>(this, items, run.send, {
		prepare: (itemIndex) => {
			const parameters = readItemParameters.call(this, itemIndex);
			return {
				...parameters,
				user: parameters.user as UserReference,
				body: toCompletionBody.call(this, itemIndex, timezone),
			};
		},
		send: async (completion, itemIndex) => {
			const userId = await run.users.userIdFor(completion.user, itemIndex, completion.accountId);
			const summary = {
				user_id: userId,
				learning_object_external_reference: completion.body.learning_object_external_reference,
			};
			if (completion.skipExisting) {
				const { existing, created } = await run.existing.findOrCreate(
					userId,
					completion.body,
					completion.accountId,
					itemIndex,
					async () => await create(completion, userId, itemIndex),
				);
				if (existing) {
					run.readBack.claim(existing.id);
					return {
						skipped: true,
						id: existing.id ?? null,
						remote_id: existing.remote_id ?? null,
						...summary,
					};
				}
				return toOutput(created as StackOneAnswer, summary, completion.fullResponse);
			}
			return toOutput(
				await create(completion, userId, itemIndex),
				summary,
				completion.fullResponse,
			);
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
	if (fullResponse) {
		Object.assign(json, {
			statusCode: answer.statusCode,
			message: answer.message,
			timestamp: answer.timestamp,
		});
	}
	return json;
}
