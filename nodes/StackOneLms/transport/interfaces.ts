import type { IDataObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'stackOneApi';

/** StackOne's envelope around every answer, success or not. */
export interface StackOneAnswer extends IDataObject {
	statusCode?: number;
	message?: string;
	timestamp?: string;
	data?: IDataObject;
	next?: string | null;
	/** Set when a create's outcome was unknown and its record was found by reading back. */
	recovered_after?: string;
}

/**
 * For a create whose outcome is unknown: the record it may have stored, looked for among the
 * records changed since `sentAt` (a Date.now() time); undefined when there is none.
 */
export type ReadBack = (sentAt: number) => Promise<IDataObject | undefined>;

/** What a request needs besides its method and path. */
export interface StackOneRequest {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Replaces the credential's account for this request. */
	accountId?: string;
	heartbeat?: boolean;
	itemIndex?: number;
	/** What to check when StackOne answers 404, e.g. 'Check the User: ...'. */
	notFoundHint?: string;
	/** For a create: how to find what it stored when its outcome is unknown (see stackOneApiRequest). */
	readBack?: ReadBack;
	/** For a create: what it makes, as messages name it ('completion', 'assignment'). */
	creates?: string;
	/** A POST that may be sent again whatever happened (an upsert keyed by its body). */
	idempotent?: boolean;
}
