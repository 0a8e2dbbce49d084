import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { StackOneAnswer, StackOneRequest } from './interfaces';
import { CREDENTIAL_TYPE } from './interfaces';
import {
	answerError,
	mayExistNote,
	noAnswerError,
	rateLimitedError,
	systemErrorCode,
	unreadableAnswerError,
} from './errors';
import { AnswerTimes } from './answerTimes';
import { RequestLimiter } from './requestLimiter';
import { leaseLimiter } from './sharedLimiters';
import type { DeliveryOptions } from './retryPolicy';
import {
	backoffMs,
	DEFAULT_DELIVERY,
	NOT_SENT_CODES,
	RATE_LIMIT_STATUSES,
	retryAfterMs,
	SERVER_ERROR_STATUSES,
} from './retryPolicy';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

const USER_AGENT = 'n8n-nodes-stackone-lms';

/** The retry bounds of one execution, the limiter its requests go through and their answer times. */
export interface Delivery {
	options: DeliveryOptions;
	limiter: RequestLimiter;
	answerTimes: AnswerTimes;
	/** Lets go of a shared limiter; the Delivery is not used after. */
	release: () => void;
}

/** A Delivery with a limiter of its own, for a request or two outside an execution's items. */
export function createDelivery(options: DeliveryOptions = DEFAULT_DELIVERY): Delivery {
	return {
		options,
		limiter: new RequestLimiter(options.maxRequestsPerMinute),
		answerTimes: new AnswerTimes(),
		release: () => {},
	};
}

/**
 * A Delivery whose limiter every execution of this process on the same API key (and Max Requests
 * Per Minute) shares while it runs; `release` it when the execution's requests are done.
 */
export function openDelivery(
	credentials: ICredentialDataDecryptedObject,
	options: DeliveryOptions,
): Delivery {
	const { limiter, release } = leaseLimiter(
		String(credentials.apiKey ?? ''),
		baseUrlOf(credentials),
		options.maxRequestsPerMinute,
	);
	return { options, limiter, answerTimes: new AnswerTimes(), release };
}

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

/** What one attempt came back with. */
type Attempt =
	| { kind: 'answer'; status: number; answer: StackOneAnswer; headers: Record<string, unknown> }
	| { kind: 'unreadable'; status: number }
	| { kind: 'noAnswer'; code: string };

/**
 * Sends one request to StackOne with the node's credential and returns the answer's body,
 * retrying what is safe to retry (see README, "Delivery guarantees"):
 * - 429: after Retry-After (or backoff), and the limiter slows down, holding every request
 *   through it too when most were refused (see RequestLimiter); 408: after Retry-After (or backoff);
 * - connection errors that prove nothing was sent;
 * - 5xx and lost answers only for reads, or for creates with Retry Server Errors on.
 */
export async function stackOneApiRequest(
	this: Context,
	credentials: ICredentialDataDecryptedObject,
	request: StackOneRequest,
	delivery: Delivery = createDelivery(),
): Promise<StackOneAnswer> {
	const { options, limiter, answerTimes } = delivery;
	const httpOptions = toHttpOptions(credentials, request, options.timeoutMs);
	// The credential read once per execution goes with every request: without it n8n reads and
	// decrypts it from its database per request, a quarter of the cost of sending one (bench/).
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: '',
		name: '',
		type: CREDENTIAL_TYPE,
		data: request.accountId ? { ...credentials, accountId: request.accountId } : credentials,
	};
	const node = this.getNode();
	const idempotent = request.method !== 'POST';

	for (let retry = 0; ; retry++) {
		const ticket = await limiter.acquire();
		answerTimes.sent(ticket);
		const attempt = await attemptOnce.call(this, httpOptions, credentialsDecrypted);
		answerTimes.answered(ticket);
		if (attempt.kind !== 'answer' || attempt.status !== 429) limiter.answered(ticket);
		const retriesLeft = retry < options.maxRetries;

		if (attempt.kind === 'noAnswer') {
			const sentNothing = NOT_SENT_CODES.includes(attempt.code);
			if ((sentNothing || idempotent) && retriesLeft) {
				await sleep(Math.min(backoffMs(retry), options.maxRetryWaitMs));
				continue;
			}
			const note = sentNothing ? '' : mayExistNote(request);
			throw noAnswerError(node, attempt.code, request, options.timeoutMs, note);
		}
		if (attempt.kind === 'unreadable') throw unreadableAnswerError(node, attempt.status, request);

		const { answer, status, headers } = attempt;
		if (status >= 200 && status <= 299) return answer;

		if (RATE_LIMIT_STATUSES.includes(status)) {
			const asked = retryAfterMs(headers['retry-after']);
			const waitMs = asked ?? backoffMs(retry);
			if (!retriesLeft) {
				throw rateLimitedError(
					node,
					answer,
					status,
					request,
					`still HTTP ${status} after ${options.maxRetries} retries`,
				);
			}
			if (waitMs > options.maxRetryWaitMs) {
				throw rateLimitedError(
					node,
					answer,
					status,
					request,
					`StackOne asked to wait ${Math.ceil(waitMs / 1000)} s, longer than Max Retry Wait (${options.maxRetryWaitMs / 1000} s)`,
				);
			}
			if (status === 429) limiter.rateLimited(ticket, waitMs);
			await sleep(waitMs);
			continue;
		}

		if (SERVER_ERROR_STATUSES.includes(status)) {
			if ((idempotent || options.retryServerErrors) && retriesLeft) {
				await sleep(Math.min(backoffMs(retry), options.maxRetryWaitMs));
				continue;
			}
			throw answerError(
				node,
				answer,
				status,
				request,
				options.retryServerErrors ? '' : mayExistNote(request),
			);
		}
		throw answerError(node, answer, status, request);
	}
}

function toHttpOptions(
	credentials: ICredentialDataDecryptedObject,
	request: StackOneRequest,
	timeoutMs: number,
): IHttpRequestOptions {
	const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: 'application/json' };
	if (request.body) headers['Content-Type'] = 'application/json';
	if (request.heartbeat) headers.Prefer = 'heartbeat';
	return {
		method: request.method,
		url: `${baseUrlOf(credentials)}${request.path}`,
		headers,
		qs: request.qs,
		body: request.body ? JSON.stringify(request.body) : undefined,
		timeout: timeoutMs,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
}

async function attemptOnce(
	this: Context,
	httpOptions: IHttpRequestOptions,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<Attempt> {
	let response: { body: unknown; statusCode: number; headers: Record<string, unknown> };
	try {
		// A fresh copy each time: n8n's authentication writes into the options it is given.
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...httpOptions, headers: { ...httpOptions.headers } },
			{ credentialsDecrypted },
		)) as typeof response;
	} catch (error) {
		return { kind: 'noAnswer', code: systemErrorCode(error as JsonObject) };
	}
	const answer = parseAnswer(response.body);
	if (answer === undefined) return { kind: 'unreadable', status: response.statusCode };
	// Heartbeat bytes fix the HTTP status before the outcome is known: the body's statusCode wins.
	const status = typeof answer.statusCode === 'number' ? answer.statusCode : response.statusCode;
	return { kind: 'answer', status, answer, headers: response.headers ?? {} };
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
