import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	createCompletionOptions,
	learningObjectIdField,
	passthroughField,
	userLocator,
} from '../common.descriptions';
import { learningObjectFields } from '../learningObject.descriptions';
import { toCompletionBody } from '../../helpers/completionBody';
import { createUserRecords } from '../../helpers/createUserRecords';
import type { RunContext } from '../../helpers/runContext';
import { COMPLETIONS } from '../../helpers/userRecordKinds';

const properties: INodeProperties[] = [
	userLocator,
	...learningObjectFields('the user completed', 'a completion'),
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
			learningObjectIdField,
			passthroughField,
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
		displayName: 'Deprecated Fields',
		name: 'deprecatedFields',
		type: 'collection',
		placeholder: 'Add Deprecated Field',
		default: {},
		description:
			'Content External Reference and Content ID: deprecated by StackOne, kept for older integrations. Use Learning Object instead.',
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
	createCompletionOptions,
];

const displayOptions = { show: { resource: ['completion'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const timezone = this.getTimezone();
	return await createUserRecords.call(this, items, run, COMPLETIONS, (itemIndex) =>
		toCompletionBody.call(this, itemIndex, timezone),
	);
}
