import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	compact,
	InvalidFieldValue,
	toBoolean,
	toIdentifier,
	toIsoDuration,
	toJsonList,
	toJsonObject,
	toNumber,
	toOneOf,
	toOptionalText,
	toTextList,
} from './fieldValues';
import type { ContentBody } from './interfaces';

export const CONTENT_TYPES = [
	'video',
	'quiz',
	'document',
	'audio',
	'article',
	'book',
	'event',
	'course',
	'collection',
	'interactive',
	'unmapped_value',
];

/** StackOne's language codes: en_GB; en-GB is taken too. */
const LANGUAGE = /^([a-z]{2,3})[_-]([A-Z]{2})$/;

function toLanguages(value: unknown): Array<{ value: string }> | undefined {
	return toTextList(value, 'Languages')?.map((code) => {
		const match = LANGUAGE.exec(code);
		if (!match) {
			throw new InvalidFieldValue(
				'Languages',
				`holds '${code}', which is not a language code`,
				'Use language codes with a region, separated by commas, e.g. en_GB, fr_FR.',
			);
		}
		return { value: `${match[1]}_${match[2]}` };
	});
}

function toContentType(value: unknown): { value: string } | undefined {
	const type = toOneOf(
		value,
		CONTENT_TYPES,
		'Content Type',
		'Pick a content type, or Unmapped Value when none fits.',
	);
	return type === undefined ? undefined : { value: type };
}

/** One item's parameters as one learning object of StackOne's content upsert, in snake_case. */
export function toContentBody(this: IExecuteFunctions, itemIndex: number): ContentBody {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const text = (name: string, field: string) => toOptionalText(fields[name], field);
	const list = (name: string, field: string, example: string) =>
		toJsonList(fields[name], field, example);
	const body: ContentBody = {
		external_reference: toIdentifier(
			this.getNodeParameter('externalReference', itemIndex, ''),
			'External Reference',
			'SOFTWARE-ENG-LV1-TRAINING-VIDEO-1',
		),
		title: toOptionalText(this.getNodeParameter('title', itemIndex, ''), 'Title'),
		description: text('description', 'Description'),
		short_description: text('shortDescription', 'Short Description'),
		content_url: text('contentUrl', 'Content URL'),
		mobile_launch_content_url: text('mobileLaunchContentUrl', 'Mobile Launch Content URL'),
		cover_url: text('coverUrl', 'Cover URL'),
		active: toBoolean(fields.active, 'Active'),
		duration: toIsoDuration(fields.duration, 'Duration'),
		content_type: toContentType(fields.contentType),
		order: toNumber(fields.order, 'Order'),
		languages: toLanguages(fields.languages),
		tags: toTextList(fields.tags, 'Tags'),
		categories: list('categories', 'Categories', '[{ "id": "16873-IT345", "name": "Technology" }]'),
		skills: list('skills', 'Skills', '[{ "id": "12345", "name": "Sales Techniques" }]'),
		authors: list('authors', 'Authors', '[{ "id": "123", "name": "John Doe" }]'),
		localizations: list(
			'localizations',
			'Localizations',
			'[{ "title": "Software Engineer Lv 1", "language": { "value": "en_GB" } }]',
		),
		additional_data: list(
			'additionalData',
			'Additional Data',
			'[{ "id": "learning_outcomes", "value": "..." }]',
		),
		unified_custom_fields: toJsonObject(fields.unifiedCustomFields, 'Unified Custom Fields'),
	};
	return compact(body) as ContentBody;
}
