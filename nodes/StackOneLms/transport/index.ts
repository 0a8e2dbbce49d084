import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { StackOneAnswer, StackOneRequest } from './interfaces';
import { CREDENTIAL_TYPE } from './interfaces';
import { mayExistNote, rateLimitedNote } from './errors';
import type { Context, Verdict } from './attempt';
import { attemptOnce } from './attempt';
import { AnswerTimes } from './answerTimes';
import { RequestLimiter } from './requestLimiter';
import { leaseLimiter } from './sharedLimiters';
import type { DeliveryOptions } from './retryPolicy';
import {
	backoffMs,
	DEFAULT_DELIVERY,
	READ_BACK_SETTLE_MS,
	SERVER_ERROR_STATUSES,
} from './retryPolicy';

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

/**
 * Sends one request to StackOne with the node's credential and returns the answer's body,
 * retrying what is safe to retry (see docs/delivery.md):
 * - 429 (JSON or a proxy's page): after Retry-After (or backoff), and the limiter slows down,
 *   holding every request through it too when most were refused (see RequestLimiter);
 * - connection errors that prove nothing was sent;
 * - outcomes that leave open whether StackOne carried the request out (408, 5xx, a lost or
 *   unreadable answer): a read, delete or upsert is sent again; a create is sent again only when its
 *   `readBack` found nothing it stored (or blindly, for 5xx with Retry Server Errors on), and
 *   without a `readBack` it fails saying the record may or may not exist.
 * Any other answer, and an error that is not the network's, fails at once.
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
	const firstSentAt = Date.now();
	let unknownBefore = false;

	for (let retry = 0; ; retry++) {
		const ticket = await limiter.acquire();
		answerTimes.sent(ticket);
		const verdict = await attemptOnce.call(this, httpOptions, credentialsDecrypted, request);
		answerTimes.answered(ticket);
		if (verdict.kind !== 'rateLimited') limiter.answered(ticket);
		const retriesLeft = retry < options.maxRetries;
		const waitMs = retryWaitMs(verdict, retry, options);

		switch (verdict.kind) {
			case 'success':
				return verdict.answer;
			case 'final':
				// A delete sent again after an unknown outcome finds the record gone: the first one did it.
				if (request.method === 'DELETE' && verdict.status === 404 && unknownBefore) {
					return verdict.answer;
				}
				throw verdict.error();
			case 'rateLimited':
				if (!retriesLeft) {
					throw verdict.error(
						rateLimitedNote(`still HTTP ${verdict.status} after ${options.maxRetries} retries`),
					);
				}
				if (waitMs === undefined)
					throw verdict.error(rateLimitedNote(tooLongWait(verdict, options)));
				limiter.rateLimited(ticket, waitMs);
				break;
			case 'notSent':
				if (!retriesLeft || waitMs === undefined)
					throw verdict.error(notSentAgainNote(waitMs, verdict, options));
				break;
			case 'unknown': {
				unknownBefore = true;
				const blindRetry =
					request.method !== 'POST' ||
					request.idempotent ||
					(options.retryServerErrors && SERVER_ERROR_STATUSES.includes(verdict.status ?? 0));
				if (blindRetry) {
					if (!retriesLeft || waitMs === undefined)
						throw verdict.error(notSentAgainNote(waitMs, verdict, options));
					break;
				}
				if (!request.readBack) throw verdict.error(mayExistNote(request));
				const found = await readBackTwice(request, verdict, firstSentAt);
				if (found) return recoveredAnswer(found, verdict);
				if (!retriesLeft || waitMs === undefined) {
					throw verdict.error(
						`${notCreatedNote(retry + 1)} ${notSentAgainNote(waitMs, verdict, options)}`.trim(),
					);
				}
				break;
			}
		}
		await sleep(waitMs as number);
	}
}

/** The wait before sending again: what the answer asked for, else backoff; undefined when it asked for more than Max Retry Wait. */
function retryWaitMs(
	verdict: Verdict,
	retry: number,
	options: DeliveryOptions,
): number | undefined {
	if (verdict.retryAfterMs === undefined) return Math.min(backoffMs(retry), options.maxRetryWaitMs);
	return verdict.retryAfterMs > options.maxRetryWaitMs ? undefined : verdict.retryAfterMs;
}

function tooLongWait(verdict: Verdict, options: DeliveryOptions): string {
	return `StackOne asked to wait ${Math.ceil((verdict.retryAfterMs ?? 0) / 1000)} s, longer than Max Retry Wait (${options.maxRetryWaitMs / 1000} s)`;
}

/** Why a request with retries left was not sent again, if that is why it stopped. */
function notSentAgainNote(
	waitMs: number | undefined,
	verdict: Verdict,
	options: DeliveryOptions,
): string {
	return waitMs === undefined ? `Not sent again: ${tooLongWait(verdict, options)}.` : '';
}

/**
 * Looks for what a create with an unknown outcome stored; when nothing is there, reads once more
 * after a settle time. A read that fails leaves the outcome unknown: the item fails, not sent again.
 */
async function readBackTwice(
	request: StackOneRequest,
	verdict: Verdict,
	sentAt: number,
): Promise<IDataObject | undefined> {
	const readBack = request.readBack as NonNullable<StackOneRequest['readBack']>;
	try {
		const found = await readBack(sentAt);
		if (found) return found;
		await sleep(READ_BACK_SETTLE_MS);
		return await readBack(sentAt);
	} catch (error) {
		throw verdict.error(
			`${mayExistNote(request)} Reading the records back to find out failed too: ${(error as Error).message}`,
		);
	}
}

function recoveredAnswer(record: IDataObject, verdict: Verdict): StackOneAnswer {
	return {
		statusCode: verdict.status,
		message: `Found by reading back after ${verdict.what}`,
		data: { id: record.id ?? null, remote_id: record.remote_id ?? null },
		recovered_after: verdict.what,
	};
}

function notCreatedNote(sent: number): string {
	const times = sent === 1 ? 'once' : `${sent} times`;
	return `It was sent ${times}, and each time reading the records back (twice, ${READ_BACK_SETTLE_MS / 1000} s apart) found nothing it stored, so it was not created: run the item again.`;
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
