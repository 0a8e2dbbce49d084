'use strict';

// LmsCreateCompletionRequestDto. validateCompletion(body): the problems of a body, each naming
// its field, in this order; [] when it is valid.

const { bodyProblems, objectOf, mappedEnum, nullable, number } = require('./validate');
const { requiredReference, nullableString, nullableObject, nullableDateTime } = require('./validate');

const FIELDS = {
	learning_object_external_reference: requiredReference,
	learning_object_id: nullableString,
	time_spent: nullableString,
	content_external_reference: nullableString,
	content_id: nullableString,
	completed_at: nullableDateTime,
	result: nullable(mappedEnum(['Pass', 'Fail', 'unmapped_value'])),
	score: nullable(objectOf({ percentage: nullable(number), raw_value: nullableString })),
	passthrough: nullableObject,
};

const validateCompletion = (body) => bodyProblems(FIELDS, body);

module.exports = { validateCompletion };
