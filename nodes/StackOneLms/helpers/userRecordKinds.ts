import type { IDataObject } from 'n8n-workflow';

import { pathSegment } from '../transport';
import { instant } from './instant';
import type { AssignmentBody, CompletionBody } from './interfaces';

/** A kind of record the node creates below a user: where it lives, and what makes two the same. */
export interface UserRecordKind<Body extends IDataObject> {
	/** As messages name it: 'completion'. */
	noun: string;
	/** The user's records of this kind: where a create posts, and Skip Existing and read-backs list. */
	path: (userId: string) => string;
	/** Whether a stored record records what `body` does. */
	matches: (record: IDataObject, body: Body) => boolean;
	/** What two bodies for one user share when they record the same thing. */
	identity: (body: Body) => string;
}

/**
 * Completions: the same learning object, and the same `completed_at` (as an instant) when the
 * body has one.
 */
export const COMPLETIONS: UserRecordKind<CompletionBody> = {
	noun: 'completion',
	path: (userId) => `/unified/lms/users/${pathSegment(userId)}/completions`,
	matches: (record, body) => {
		if (record.learning_object_external_reference !== body.learning_object_external_reference)
			return false;
		const wanted = instant(body.completed_at);
		return wanted === undefined || instant(record.completed_at) === wanted;
	},
	identity: (body) =>
		`${body.learning_object_external_reference}\u0000${instant(body.completed_at) ?? ''}`,
};

/** Assignments: a learning object is assigned to a user once. */
export const ASSIGNMENTS: UserRecordKind<AssignmentBody> = {
	noun: 'assignment',
	path: (userId) => `/unified/lms/users/${pathSegment(userId)}/assignments`,
	matches: (record, body) =>
		record.learning_object_external_reference === body.learning_object_external_reference,
	identity: (body) => body.learning_object_external_reference,
};
