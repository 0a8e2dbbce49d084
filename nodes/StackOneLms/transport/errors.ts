import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { StackOneAnswer, StackOneRequest } from './interfaces';

/** What to do about each failing status, said to the person reading the error. */
const STATUS_HINTS: Record<number, string> = {
	400: 'StackOne or the LMS behind it refused the request. Check the values of this item.',
	401: 'Check the API key in the StackOne API credential.',
	403: 'Check the Account ID in the credential (or in Options > Account ID) and that the key may use it.',
	408: 'The LMS took too long to answer.',
	409: 'The LMS reports a conflict with a record it already holds.',
	412: 'The linked account belongs to a disabled integration. Enable it in StackOne.',
	422: 'StackOne could not accept a value of this item. The message names the field.',
	429: "StackOne's rate limit was reached.",
};

/** The 404 hint when a request does not name what its path points at. */
const NOT_FOUND_HINT = 'Check the IDs of this item: StackOne found no such record in this account.';

const SYSTEM_ERROR_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the request timed out',
	EPIPE: 'the connection was closed while sending',
	EHOSTUNREACH: 'the host could not be reached',
	ENETUNREACH: 'the network could not be reached',
};

/** How many characters of an answer that is not JSON an error message keeps. */
const EXCERPT_LENGTH = 120;

function itemLabel(request: StackOneRequest): string {
	return request.itemIndex === undefined ? '' : `[item ${request.itemIndex}] `;
}

/** For a create that may have reached StackOne and was not read back: why it was not sent again. */
export function mayExistNote(request: StackOneRequest): string {
	const record = request.creates ?? 'record';
	return request.method === 'POST' && !request.idempotent
		? `The ${record} may or may not have been created: check the user's ${record}s before running this item again. It was not retried, since StackOne has no idempotency key and a retry could create it twice.`
		: '';
}

/** StackOne answered, and not with success: its own message, status and a hint. */
export function answerError(
	node: INode,
	answer: StackOneAnswer,
	status: number,
	request: StackOneRequest,
	note = '',
): NodeApiError {
	const stackOneMessage =
		typeof answer.message === 'string' && answer.message.trim() !== ''
			? answer.message
			: `StackOne answered HTTP ${status} without a message`;
	const providerErrors = Array.isArray(answer.provider_errors)
		? (answer.provider_errors as JsonObject[])
				.map((providerError) => providerError.raw ?? providerError.status)
				.filter((raw) => raw !== undefined)
				.map((raw) => (typeof raw === 'string' ? raw : JSON.stringify(raw)))
		: [];
	const description = [
		`StackOne answered HTTP ${status}.`,
		statusHint(status, request),
		providerErrors.length ? `The LMS said: ${providerErrors.join('; ')}` : '',
		note,
	]
		.filter(Boolean)
		.join(' ');
	return new NodeApiError(node, answer as JsonObject, {
		message: `${itemLabel(request)}${stackOneMessage}`,
		description,
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
}

function statusHint(status: number, request: StackOneRequest): string {
	if (status === 404) return request.notFoundHint ?? NOT_FOUND_HINT;
	return STATUS_HINTS[status] ?? (status >= 500 ? 'StackOne or the LMS behind it failed.' : '');
}

/** Why an item that StackOne kept refusing with 429 failed, and what to change. */
export function rateLimitedNote(reason: string): string {
	return `Rate limited: ${reason}. Lower Max Requests Per Minute or Batch Size, or raise Max Retries or Max Retry Wait (Seconds).`;
}

/** The first characters of a body, on one line. */
export function excerptOf(body: unknown): string {
	const text = String(body ?? '')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}...` : text;
}

/** An answer that is not the JSON StackOne always sends: a proxy's page, or a cut-off body. */
export function unreadableAnswerError(
	node: INode,
	status: number,
	excerpt: string,
	request: StackOneRequest,
	note = '',
): NodeApiError {
	return new NodeApiError(
		node,
		{ httpStatus: String(status) },
		{
			message: `${itemLabel(request)}StackOne answered HTTP ${status} with a body that is not JSON: ${excerpt ? `'${excerpt}'` : '(empty)'}`,
			description: [statusHint(status, request), note || 'Try again later.']
				.filter(Boolean)
				.join(' '),
			httpCode: String(status),
			itemIndex: request.itemIndex,
		},
	);
}

/** What became of a request that got no HTTP answer, in a few words. */
export function noAnswerWords(code: string, timeoutMs: number): string {
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return `no answer within ${timeoutMs} ms`;
	return SYSTEM_ERROR_WORDS[code] ?? 'no answer came back';
}

/**
 * A request that got no HTTP answer. Built afresh so no request options (and no key) ride along.
 * The code stays out of the message: NodeApiError swaps any message naming one for generic text.
 */
export function noAnswerError(
	node: INode,
	code: string,
	request: StackOneRequest,
	timeoutMs: number,
	note: string,
): NodeApiError {
	const what =
		code === 'ECONNABORTED' || code === 'ETIMEDOUT'
			? `StackOne did not answer within ${timeoutMs} ms`
			: `Could not reach StackOne: ${noAnswerWords(code, timeoutMs)}`;
	return new NodeApiError(
		node,
		{ systemError: code },
		{
			message: `${itemLabel(request)}${what}`,
			description: [
				`${code}.`,
				note ||
					'Check the Base URL in the StackOne API credential and that StackOne can be reached from n8n.',
			].join(' '),
			itemIndex: request.itemIndex,
		},
	);
}

/**
 * A request n8n could not make at all (an invalid URL or header value, a bug): nothing reached
 * StackOne. The message is the error's own, less the key in any form.
 */
export function requestNotMadeError(
	node: INode,
	message: string,
	request: StackOneRequest,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`${itemLabel(request)}The request to StackOne could not be made: ${message}`,
		{
			description:
				'Nothing was sent. Check the Base URL and Account ID in the StackOne API credential, and the values of this item.',
			itemIndex: request.itemIndex,
		},
	);
}
