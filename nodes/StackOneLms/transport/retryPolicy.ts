/** How hard one request tries before its item fails. */
export interface DeliveryOptions {
	maxRequestsPerMinute: number;
	maxRetries: number;
	/** The longest single wait accepted before a retry, in milliseconds. */
	maxRetryWaitMs: number;
	/** Whether to retry 500/502/503/504 on a create, accepting that it may duplicate. */
	retryServerErrors: boolean;
	timeoutMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
	maxRequestsPerMinute: 1000,
	maxRetries: 5,
	maxRetryWaitMs: 120000,
	retryServerErrors: false,
	timeoutMs: 65000,
};

export const SERVER_ERROR_STATUSES = [500, 502, 503, 504];

/** Connection errors that prove the request never reached the server. */
export const NOT_SENT_CODES = [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
];

/** Network errors: these and the ones above. Any other error is not StackOne's nor the network's. */
export const NETWORK_ERROR_CODES = [
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
];

/**
 * How long a read-back that found nothing waits before it reads once more: an LMS may show a
 * record it stored a little later than it answers.
 */
export const READ_BACK_SETTLE_MS = 3000;

/** The wait StackOne asks for: integer seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with jitter, as StackOne's SDK does it: 500 ms x 1.5^retry, plus up to 25%. */
export function backoffMs(retry: number): number {
	const base = 500 * 1.5 ** retry;
	return Math.round(base + Math.random() * base * 0.25);
}
