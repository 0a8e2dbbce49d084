'use strict';

// LmsCreateAssignmentRequestDto. validateAssignment(body): the problems of a body, each naming
// its field, in this order; [] when it is valid.

const { bodyProblems, mappedEnum, nullable, number } = require('./validate');
const { requiredReference, nullableString, nullableObject, nullableDateTime } = require('./validate');
const { ASSIGNMENT_STATUSES } = require('./filters');

const FIELDS = {
	learning_object_external_reference: requiredReference,
	external_reference: nullableString,
	learning_object_id: nullableString,
	progress: nullable(number),
	assigned_at: nullableDateTime,
	due_date: nullableDateTime,
	status: nullable(mappedEnum(ASSIGNMENT_STATUSES)),
	passthrough: nullableObject,
};

const validateAssignment = (body) => bodyProblems(FIELDS, body);

module.exports = { validateAssignment };
