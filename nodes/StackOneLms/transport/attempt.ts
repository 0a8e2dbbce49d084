import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';

import type { StackOneAnswer, StackOneRequest } from './interfaces';
import { CREDENTIAL_TYPE } from './interfaces';
import {
	answerError,
	excerptOf,
	noAnswerError,
	noAnswerWords,
	requestNotMadeError,
	unreadableAnswerError,
} from './errors';
import {
	NETWORK_ERROR_CODES,
	NOT_SENT_CODES,
	retryAfterMs,
	SERVER_ERROR_STATUSES,
} from './retryPolicy';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * What one attempt proves:
 * - success: a 2xx with a JSON body;
 * - rateLimited: a 429 (JSON or not): nothing was carried out;
 * - notSent: no connection was made (refused, host not found);
 * - unknown: it may have been carried out: 408, 500, 502, 503, 504, a 2xx that is not JSON, or
 *   no answer after the request may have left (reset, timeout);
 * - final: any other answer, or a request n8n could not make at all: sending it again changes nothing.
 */
export interface Verdict {
	kind: 'success' | 'rateLimited' | 'notSent' | 'unknown' | 'final';
	/** The JSON body; {} when there was none or it was not JSON. */
	answer: StackOneAnswer;
	/** The outcome's status (a heartbeat body's own); undefined without an answer. */
	status?: number;
	/** The wait the answer asked for. */
	retryAfterMs?: number;
	/** What came back, in a few words: 'HTTP 502', 'no answer within 65000 ms'. */
	what: string;
	/** The error that fails the item, `note` added to its description. */
	error: (note?: string) => Error;
}

interface HttpAnswer {
	body: unknown;
	statusCode: number;
	headers?: Record<string, unknown>;
}

/** Sends the request once, through n8n's helper with the credential applied, and judges the outcome. */
export async function attemptOnce(
	this: Context,
	httpOptions: IHttpRequestOptions,
	credentialsDecrypted: ICredentialsDecrypted,
	request: StackOneRequest,
): Promise<Verdict> {
	let response: HttpAnswer;
	try {
		// A fresh copy each time: n8n's authentication writes into the options it is given.
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...httpOptions, headers: { ...httpOptions.headers } },
			{ credentialsDecrypted },
		)) as HttpAnswer;
	} catch (error) {
		const apiKey = String(credentialsDecrypted.data?.apiKey ?? '');
		return noAnswerVerdict.call(
			this,
			error as JsonObject,
			request,
			httpOptions.timeout ?? 0,
			apiKey,
		);
	}
	return answerVerdict.call(this, response, request);
}

function answerVerdict(this: Context, response: HttpAnswer, request: StackOneRequest): Verdict {
	const node = this.getNode();
	const retryAfter = retryAfterMs(response.headers?.['retry-after']);
	const answer = parseAnswer(response.body);
	if (answer === undefined) {
		// Judged by the HTTP status alone: a proxy's 429 or 503 page is a 429 or a 503.
		const status = response.statusCode;
		const excerpt = excerptOf(response.body);
		return {
			kind: statusKind(status, false),
			answer: {},
			status,
			retryAfterMs: retryAfter,
			what: `HTTP ${status} with a body that is not JSON`,
			error: (note) => unreadableAnswerError(node, status, excerpt, request, note),
		};
	}
	// Heartbeat bytes fix the HTTP status before the outcome is known: the body's statusCode wins.
	const status = typeof answer.statusCode === 'number' ? answer.statusCode : response.statusCode;
	return {
		kind: statusKind(status, true),
		answer,
		status,
		retryAfterMs: retryAfter,
		what: `HTTP ${status}`,
		error: (note) => answerError(node, answer, status, request, note),
	};
}

function statusKind(status: number, readable: boolean): Verdict['kind'] {
	if (status === 429) return 'rateLimited';
	if (status >= 200 && status <= 299) return readable ? 'success' : 'unknown';
	if (status === 408 || SERVER_ERROR_STATUSES.includes(status)) return 'unknown';
	return 'final';
}

function noAnswerVerdict(
	this: Context,
	error: JsonObject,
	request: StackOneRequest,
	timeoutMs: number,
	apiKey: string,
): Verdict {
	const node = this.getNode();
	const code = networkErrorCode(error);
	if (code === undefined) {
		const message = withoutSecret(originalMessage(error), apiKey);
		return {
			kind: 'final',
			answer: {},
			what: 'a request that could not be made',
			error: () => requestNotMadeError(node, message, request),
		};
	}
	return {
		kind: NOT_SENT_CODES.includes(code) ? 'notSent' : 'unknown',
		answer: {},
		what: noAnswerWords(code, timeoutMs),
		error: (note = '') => noAnswerError(node, code, request, timeoutMs, note),
	};
}

/**
 * The code of a network error (ECONNRESET, ETIMEDOUT...), or undefined for any other error. n8n's
 * NodeApiError keeps the code in httpCode; a raw error keeps it in code or cause.code.
 */
export function networkErrorCode(error: JsonObject): string | undefined {
	const cause = (error.cause ?? {}) as JsonObject;
	const messages = Array.isArray(error.messages) ? error.messages.join(' ') : '';
	const text = `${messages} ${String(error.message ?? '')} ${String(cause.message ?? '')}`;
	const candidates = [
		error.httpCode,
		cause.code,
		error.code,
		/socket hang up/i.test(text) ? 'ECONNRESET' : undefined,
	];
	return candidates.find(
		(value): value is string => typeof value === 'string' && NETWORK_ERROR_CODES.includes(value),
	);
}

/** The message of the error n8n's helper wrapped, which says what went wrong in its own words. */
function originalMessage(error: JsonObject): string {
	const cause = (error.cause ?? {}) as JsonObject;
	const message = typeof cause.message === 'string' ? cause.message : error.message;
	return typeof message === 'string' && message !== '' ? message : 'an unknown reason';
}

function withoutSecret(text: string, apiKey: string): string {
	if (apiKey === '') return text;
	const basic = Buffer.from(`${apiKey}:`).toString('base64');
	return text.split(apiKey).join('***').split(basic).join('***');
}

/** The JSON object of a body that may begin with heartbeat newlines; undefined if it is not one. */
function parseAnswer(body: unknown): StackOneAnswer | undefined {
	if (body === undefined || body === null) return {};
	if (typeof body === 'object') return body as StackOneAnswer;
	const text = String(body).trim();
	if (text === '') return {};
	try {
		const parsed = JSON.parse(text) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
			return parsed as StackOneAnswer;
	} catch {}
	return undefined;
}
