import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	assignmentStatusOptions,
	createAssignmentOptions,
	learningObjectIdField,
	passthroughField,
	userLocator,
} from '../common.descriptions';
import { learningObjectFields } from '../learningObject.descriptions';
import { toAssignmentBody } from '../../helpers/assignmentBody';
import { createUserRecords } from '../../helpers/createUserRecords';
import type { RunContext } from '../../helpers/runContext';
import { ASSIGNMENTS } from '../../helpers/userRecordKinds';

const properties: INodeProperties[] = [
	{ ...userLocator, description: 'The LMS user to assign the learning object to' },
	...learningObjectFields('to assign', 'an assignment'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assigned At',
				name: 'assignedAt',
				type: 'dateTime',
				default: '',
				description:
					"When the learning object was assigned. Sent in UTC; a date without a time zone is read in the workflow's time zone.",
			},
			{
				displayName: 'Due Date',
				name: 'dueDate',
				type: 'dateTime',
				default: '',
				description:
					"When the user should have completed it. Sent in UTC; a date without a time zone is read in the workflow's time zone.",
			},
			{
				displayName: 'External Reference',
				name: 'externalReference',
				type: 'string',
				default: '',
				placeholder: 'e.g. e3gd34-23tr21-er234-345er56',
				description:
					'Your own reference for the assignment. Deprecated by StackOne, kept for integrations that still read it.',
			},
			learningObjectIdField,
			passthroughField,
			{
				displayName: 'Progress',
				name: 'progress',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
				default: 0,
				description: 'How far the user has got, as a percentage from 0 to 100',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'pending',
				options: assignmentStatusOptions,
				description: 'Where the assignment stands',
			},
		],
	},
	createAssignmentOptions,
];

const displayOptions = { show: { resource: ['assignment'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const timezone = this.getTimezone();
	return await createUserRecords.call(this, items, run, ASSIGNMENTS, (itemIndex) =>
		toAssignmentBody.call(this, itemIndex, timezone),
	);
}
