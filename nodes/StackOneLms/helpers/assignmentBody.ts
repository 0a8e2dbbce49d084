import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	compact,
	toJsonObject,
	toOneOf,
	toOptionalText,
	toPercentage,
	toUtcTimestamp,
} from './fieldValues';
import type { AssignmentBody } from './interfaces';
import { readLearningObjectReference } from './learningObject';

export const ASSIGNMENT_STATUSES = ['pending', 'in_progress', 'completed', 'unmapped_value'];

/** One item's parameters as StackOne's create-assignment body, in snake_case. */
export function toAssignmentBody(
	this: IExecuteFunctions,
	itemIndex: number,
	timezone: string,
): AssignmentBody {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const status = toOneOf(
		additional.status,
		ASSIGNMENT_STATUSES,
		'Status',
		'Pick Pending, In Progress or Completed, or Unmapped Value when the LMS status fits none.',
	);
	const body: AssignmentBody = {
		learning_object_external_reference: readLearningObjectReference.call(this, itemIndex),
		external_reference: toOptionalText(additional.externalReference, 'External Reference'),
		learning_object_id: toOptionalText(additional.learningObjectId, 'Learning Object ID'),
		progress: toPercentage(additional.progress, 'Progress'),
		assigned_at: toUtcTimestamp(additional.assignedAt, 'Assigned At', timezone),
		due_date: toUtcTimestamp(additional.dueDate, 'Due Date', timezone),
		status: status === undefined ? undefined : { value: status },
		passthrough: toJsonObject(additional.passthrough, 'Passthrough'),
	};
	return compact(body) as AssignmentBody;
}
