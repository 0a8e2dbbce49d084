'use strict';

// LmsUpsertContentRequestDto, the body of PUT /content and each item of POST /content/batch.

const { bodyProblems, problems, type, mappedEnum, nullable, number } = require('./validate');
const { string, arrayOf, objectOf, requiredReference } = require('./validate');
const { nullableString, nullableObject, nullableDateTime } = require('./validate');
const { LANGUAGES } = require('./languages');

const WRITE_CONTENT_TYPES = [
	'video', 'quiz', 'document', 'audio', 'article', 'book', 'event', 'course', 'collection', 'interactive',
	'unmapped_value',
];
const LEVELS = ['primary', 'secondary', 'tertiary', 'unmapped_value'];

const languageEnum = mappedEnum(LANGUAGES, "a LanguageEnum value such as 'en_GB'");
const language = nullable(languageEnum);
const level = nullable(mappedEnum(LEVELS));
const strings = nullable(arrayOf(string));
const listOf = (fields) => nullable(arrayOf(objectOf(fields)));
// CreateSkillsApiModel; CreateCategoriesApiModel adds unified_custom_fields.
const skill = { id: nullableString, name: nullableString, hierarchy: level, level, language };

const isStringOrStrings = (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
const active = type("a boolean or 'true' / 'false'", (v) => typeof v === 'boolean' || v === 'true' || v === 'false');

const FIELDS = {
	external_reference: requiredReference,
	title: nullableString,
	description: nullableString,
	short_description: nullableString,
	content_url: nullableString,
	mobile_launch_content_url: nullableString,
	cover_url: nullableString,
	active: nullable(active),
	duration: nullableString,
	order: nullable(number),
	content_type: nullable(mappedEnum(WRITE_CONTENT_TYPES)),
	languages: nullable(arrayOf(languageEnum)),
	skills: listOf(skill),
	categories: listOf({ ...skill, unified_custom_fields: nullableObject }),
	authors: listOf({ id: nullableString, name: nullableString }),
	localizations: listOf({ title: nullableString, language, tags: strings }),
	additional_data: listOf({
		id: nullableString,
		remote_id: nullableString,
		value: nullable(type('a string or an array of strings', isStringOrStrings)),
	}),
	tags: strings,
	unified_custom_fields: nullableObject,
	created_at: nullableDateTime,
	updated_at: nullableDateTime,
};

// The problems of a PUT body; [] when it is valid.
const validateContent = (body) => bodyProblems(FIELDS, body);

// The problems of item `index` of a batch, each naming it, e.g. 'items[2].title'.
const CONTENT = objectOf(FIELDS);
const itemProblems = (item, index) => problems(CONTENT, item, `items[${index}]`);

module.exports = { validateContent, itemProblems };
