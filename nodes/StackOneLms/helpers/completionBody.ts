import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	compact,
	toIsoDuration,
	toJsonObject,
	toOneOf,
	toOptionalText,
	toPercentage,
	toUtcTimestamp,
} from './fieldValues';
import type { CompletionBody } from './interfaces';
import { readLearningObjectReference } from './learningObject';

const RESULT_VALUES = ['Pass', 'Fail', 'unmapped_value'];

function toResultValue(value: unknown): string | undefined {
	return toOneOf(
		value,
		RESULT_VALUES,
		'Result',
		'Pick Pass or Fail, or Unmapped Value when the LMS result fits neither.',
	);
}

/** One item's parameters as StackOne's create-completion body, in snake_case. */
export function toCompletionBody(
	this: IExecuteFunctions,
	itemIndex: number,
	timezone: string,
): CompletionBody {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const deprecated = this.getNodeParameter('deprecatedFields', itemIndex, {}) as IDataObject;

	const body: CompletionBody = {
		learning_object_external_reference: readLearningObjectReference.call(this, itemIndex),
		learning_object_id: toOptionalText(additional.learningObjectId, 'Learning Object ID'),
		completed_at: toUtcTimestamp(additional.completedAt, 'Completed At', timezone),
		time_spent: toIsoDuration(additional.timeSpent, 'Time Spent'),
		result: compact({
			value: toResultValue(additional.result),
			source_value: toOptionalText(additional.resultSourceValue, 'Result Source Value'),
		}),
		score: compact({
			percentage: toPercentage(additional.scorePercentage, 'Score Percentage'),
			raw_value: toOptionalText(additional.scoreRawValue, 'Score Raw Value'),
		}),
		passthrough: toJsonObject(additional.passthrough, 'Passthrough'),
		content_external_reference: toOptionalText(
			deprecated.contentExternalReference,
			'Content External Reference',
		),
		content_id: toOptionalText(deprecated.contentId, 'Content ID'),
	};
	return compact(body) as CompletionBody;
}
