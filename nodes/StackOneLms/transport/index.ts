import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { StackOneAnswer, StackOneRequest } from '../helpers/interfaces';
import { CREDENTIAL_TYPE } from '../helpers/interfaces';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

const USER_AGENT = 'n8n-nodes-stackone-lms';

/** What to do about each failing status, said to the person reading the error. */
const STATUS_HINTS: Record<number, string> = {
	400: 'StackOne or the LMS behind it refused the request. Check the values of this item.',
	401: 'Check the API key in the StackOne API credential.',
	403: 'Check the Account ID in the credential (or in Options > Account ID) and that the key may use it.',
	404: 'Check the user ID: StackOne found no such LMS user in this account.',
	408: 'The LMS took too long to answer. Try again later.',
	409: 'The LMS reports a conflict with a record it already holds.',
	412: 'The linked account belongs to a disabled integration. Enable it in StackOne.',
	422: 'StackOne could not accept a value of this item. The message names the field.',
	429: "StackOne's rate limit was reached. Lower Batch Size or raise Batch Interval.",
	500: 'StackOne or the LMS behind it failed. The completion may or may not have been created.',
	502: 'The LMS behind StackOne failed. The completion may or may not have been created.',
};

export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = String(credentials.baseUrl || 'https://api.stackone.com');
	return baseUrl.replace(/\/+$/, '');
}

/**
 * Encodes a user-given id as one path segment, so it can never change the route.
 * URL parsers resolve `.` and `..` even when percent-encoded, so callers reject those ids.
 */
export function pathSegment(id: string): string {
	return encodeURIComponent(id);
}

/**
 * Sends one request to StackOne with the node's credential and returns the answer's body.
 * A body may begin with heartbeat newlines, and its own `statusCode` is the truth when it
 * disagrees with the HTTP status (heartbeat bytes fix the status before the outcome is known).
 */
export async function stackOneApiRequest(
	this: Context,
	credentials: ICredentialDataDecryptedObject,
	request: StackOneRequest,
): Promise<StackOneAnswer> {
	const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: 'application/json' };
	if (request.body) headers['Content-Type'] = 'application/json';
	if (request.heartbeat) headers.Prefer = 'heartbeat';

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrlOf(credentials)}${request.path}`,
		headers,
		qs: request.qs,
		body: request.body ? JSON.stringify(request.body) : undefined,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};

	const accountOverride = request.accountId
		? { ...credentials, accountId: request.accountId }
		: undefined;
	let response: { body: unknown; statusCode: number };
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
			accountOverride
				? {
						credentialsDecrypted: {
							id: '',
							name: '',
							type: CREDENTIAL_TYPE,
							data: accountOverride,
						},
					}
				: undefined,
		)) as { body: unknown; statusCode: number };
	} catch (error) {
		throw connectionError.call(this, error as JsonObject, request);
	}

	const answer = parseAnswer.call(this, response.body, response.statusCode, request);
	const status = typeof answer.statusCode === 'number' ? answer.statusCode : response.statusCode;
	if (status < 200 || status > 299) throw answerError.call(this, answer, status, request);
	return answer;
}

function parseAnswer(
	this: Context,
	body: unknown,
	httpStatus: number,
	request: StackOneRequest,
): StackOneAnswer {
	if (body === undefined || body === null) return {};
	if (typeof body === 'object') return body as StackOneAnswer;
	const text = String(body).trim();
	if (text === '') return {};
	try {
		const parsed = JSON.parse(text) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
			return parsed as StackOneAnswer;
	} catch {}
	throw new NodeApiError(
		this.getNode(),
		{ httpCode: String(httpStatus) },
		{
			message: `${itemLabel(request)}StackOne sent an answer that is not valid JSON (HTTP ${httpStatus})`,
			description:
				request.method === 'POST'
					? "The completion may or may not have been created. Check the user's completions in the LMS before running this item again."
					: 'Try again later.',
			httpCode: String(httpStatus),
			itemIndex: request.itemIndex,
		},
	);
}

function answerError(
	this: Context,
	answer: StackOneAnswer,
	status: number,
	request: StackOneRequest,
): NodeApiError {
	const stackOneMessage =
		typeof answer.message === 'string' && answer.message.trim() !== ''
			? answer.message
			: `StackOne answered HTTP ${status} without a message`;
	const hint = STATUS_HINTS[status] ?? (status >= 500 ? STATUS_HINTS[500] : '');
	const providerErrors = Array.isArray(answer.provider_errors)
		? (answer.provider_errors as JsonObject[])
				.map((providerError) => providerError.raw ?? providerError.status)
				.filter((raw) => raw !== undefined)
				.map((raw) => (typeof raw === 'string' ? raw : JSON.stringify(raw)))
		: [];
	const description = [
		`StackOne answered HTTP ${status}.`,
		hint,
		providerErrors.length ? `The LMS said: ${providerErrors.join('; ')}` : '',
	]
		.filter(Boolean)
		.join(' ');
	return new NodeApiError(this.getNode(), answer as JsonObject, {
		message: `${itemLabel(request)}${stackOneMessage}`,
		description,
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
}

/**
 * The system error code of a request that got no HTTP answer (ECONNREFUSED, ETIMEDOUT...).
 * n8n's own NodeApiError keeps it in httpCode; a raw error keeps it in code or cause.code.
 */
function systemErrorCode(error: JsonObject): string {
	const cause = (error.cause ?? {}) as JsonObject;
	const messages = Array.isArray(error.messages) ? error.messages.join(' ') : '';
	const candidates = [error.httpCode, cause.code, error.code, /\bE[A-Z_]{3,}\b/.exec(messages)?.[0]];
	const code = candidates.find((value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value));
	return (code as string | undefined) ?? 'no answer';
}

const SYSTEM_ERROR_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the request timed out',
};

/**
 * A request that got no HTTP answer. Built afresh so no request options (and no key) ride along.
 * The code stays out of the message: NodeApiError swaps any message naming one for generic text.
 */
function connectionError(this: Context, error: JsonObject, request: StackOneRequest): NodeApiError {
	const code = systemErrorCode(error);
	return new NodeApiError(
		this.getNode(),
		{ systemError: code },
		{
			message: `${itemLabel(request)}Could not reach StackOne: ${SYSTEM_ERROR_WORDS[code] ?? 'no answer came back'}`,
			description: `${code}. Check the Base URL in the StackOne API credential and that StackOne can be reached from n8n.`,
			itemIndex: request.itemIndex,
		},
	);
}

function itemLabel(request: StackOneRequest): string {
	return request.itemIndex === undefined ? '' : `[item ${request.itemIndex}] `;
}
