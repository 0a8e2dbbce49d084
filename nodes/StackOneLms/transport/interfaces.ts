import type { IDataObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'stackOneApi';

/** StackOne's envelope around every answer, success or not. */
export interface StackOneAnswer extends IDataObject {
	statusCode?: number;
	message?: string;
	timestamp?: string;
	data?: IDataObject;
	next?: string | null;
}

/** What a request needs besides its method and path. */
export interface StackOneRequest {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Replaces the credential's account for this request. */
	accountId?: string;
	heartbeat?: boolean;
	itemIndex?: number;
}
