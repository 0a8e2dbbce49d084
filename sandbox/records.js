'use strict';

// What records written through the API look like: the body's fields (null where it sent none)
// plus what the store adds. Completions and assignments keep `passthrough` and `account_id`,
// which the API does not show.

const { learningObjectFields } = require('./seed');

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function fieldsOf(body, fields) {
	return Object.fromEntries(fields.map((f) => [f, body[f] === undefined ? null : clone(body[f])]));
}

const COMPLETION_FIELDS = [
	'learning_object_external_reference',
	'learning_object_id',
	'result',
	'score',
	'time_spent',
	'completed_at',
	'content_external_reference',
	'content_id',
	'passthrough',
];

function completionRecord({ ids, user, body, now, accountId }) {
	const sent = fieldsOf(body, COMPLETION_FIELDS);
	return { ...ids, user_id: user.id, ...sent, created_at: now, updated_at: now, account_id: accountId };
}

const ASSIGNMENT_FIELDS = [
	'external_reference',
	'learning_object_external_reference',
	'learning_object_id',
	'status',
	'progress',
	'assigned_at',
	'due_date',
	'passthrough',
];

const UNLINKED = {
	learning_object_type: null,
	learning_object_id: null,
	remote_learning_object_id: null,
	course_id: null,
	remote_course_id: null,
};

// learningObject: { object, isCourse } for the course or content the body names, or null.
function assignmentRecord({ ids, user, body, learningObject, now, accountId }) {
	const sent = fieldsOf(body, ASSIGNMENT_FIELDS);
	const linked = learningObject ? learningObjectFields(learningObject.object, learningObject.isCourse) : UNLINKED;
	return {
		...ids,
		user_id: user.id,
		remote_user_id: user.remote_id,
		...linked,
		...sent,
		learning_object_id: sent.learning_object_id === null ? linked.learning_object_id : sent.learning_object_id,
		completed_at: null,
		result: null,
		certificate_url: null,
		created_at: now,
		updated_at: now,
		account_id: accountId,
	};
}

// The upsert's fields that the Content model has (additional_data and the body's own created_at
// and updated_at are not kept).
const CONTENT_FIELDS = [
	'external_reference',
	'title',
	'description',
	'short_description',
	'content_url',
	'mobile_launch_content_url',
	'cover_url',
	'active',
	'duration',
	'order',
	'languages',
	'skills',
	'categories',
	'authors',
	'localizations',
	'tags',
	'unified_custom_fields',
];

// The Content model's ContentTypeEnum; the upsert takes more types, which read as unmapped_value.
const READ_CONTENT_TYPES = ['video', 'quiz', 'document', 'audio', 'article', 'unmapped_value'];

function readContentType(type) {
	if (!type || type.value === undefined || type.value === null || READ_CONTENT_TYPES.includes(type.value)) {
		return clone(type);
	}
	const source = type.source_value === undefined ? type.value : type.source_value;
	return { value: 'unmapped_value', source_value: clone(source) };
}

// identity: { id, remote_id, created_at } of the record it replaces, or new ones.
function contentRecord({ identity, body, now }) {
	return {
		id: identity.id,
		remote_id: identity.remote_id,
		...fieldsOf(body, CONTENT_FIELDS),
		content_type: readContentType(body.content_type === undefined ? null : body.content_type),
		created_at: identity.created_at,
		updated_at: now,
	};
}

module.exports = { completionRecord, assignmentRecord, contentRecord };
