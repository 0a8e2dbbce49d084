import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { StackOneAnswer, StackOneRequest } from './interfaces';

/** What to do about each failing status, said to the person reading the error. */
const STATUS_HINTS: Record<number, string> = {
	400: 'StackOne or the LMS behind it refused the request. Check the values of this item.',
	401: 'Check the API key in the StackOne API credential.',
	403: 'Check the Account ID in the credential (or in Options > Account ID) and that the key may use it.',
	404: 'Check the user ID: StackOne found no such LMS user in this account.',
	408: 'The LMS took too long to answer.',
	409: 'The LMS reports a conflict with a record it already holds.',
	412: 'The linked account belongs to a disabled integration. Enable it in StackOne.',
	422: 'StackOne could not accept a value of this item. The message names the field.',
	429: "StackOne's rate limit was reached.",
};

const SYSTEM_ERROR_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the request timed out',
	EPIPE: 'the connection was closed while sending',
};

function itemLabel(request: StackOneRequest): string {
	return request.itemIndex === undefined ? '' : `[item ${request.itemIndex}] `;
}

/** For a create that may have reached StackOne: why we did not simply send it again. */
export function mayExistNote(request: StackOneRequest): string {
	return request.method === 'POST'
		? "The completion may or may not have been created: check the user's completions before running this item again. It was not retried, since StackOne has no idempotency key and a retry could create it twice."
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
		STATUS_HINTS[status] ?? (status >= 500 ? 'StackOne or the LMS behind it failed.' : ''),
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

/** StackOne kept answering 429 or 408 until the retry bounds ran out. */
export function rateLimitedError(
	node: INode,
	answer: StackOneAnswer,
	status: number,
	request: StackOneRequest,
	reason: string,
): NodeApiError {
	return answerError(
		node,
		answer,
		status,
		request,
		`Rate limited: ${reason}. Lower Max Requests Per Minute or Batch Size, or raise Max Retries or Max Retry Wait (Seconds).`,
	);
}

/** An answer that is not the JSON StackOne always sends. */
export function unreadableAnswerError(
	node: INode,
	status: number,
	request: StackOneRequest,
): NodeApiError {
	return new NodeApiError(
		node,
		{ httpStatus: String(status) },
		{
			message: `${itemLabel(request)}StackOne sent an answer that is not valid JSON (HTTP ${status})`,
			description: mayExistNote(request) || 'Try again later.',
			httpCode: String(status),
			itemIndex: request.itemIndex,
		},
	);
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
			: `Could not reach StackOne: ${SYSTEM_ERROR_WORDS[code] ?? 'no answer came back'}`;
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
 * The system error code of a request that got no HTTP answer (ECONNREFUSED, ETIMEDOUT...).
 * n8n's own NodeApiError keeps it in httpCode; a raw error keeps it in code or cause.code.
 */
export function systemErrorCode(error: JsonObject): string {
	const cause = (error.cause ?? {}) as JsonObject;
	const messages = Array.isArray(error.messages) ? error.messages.join(' ') : '';
	const candidates = [
		error.httpCode,
		cause.code,
		error.code,
		/\bE[A-Z_]{3,}\b/.exec(messages)?.[0],
		/socket hang up/i.test(`${messages} ${String(error.message ?? '')}`) ? 'ECONNRESET' : undefined,
	];
	const code = candidates.find((value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value));
	return (code as string | undefined) ?? 'ENOANSWER';
}
