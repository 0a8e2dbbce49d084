import { createHash } from 'crypto';

import { RequestLimiter } from './requestLimiter';

/** A limiter held by one execution until it calls `release`, once. */
export interface LimiterLease {
	limiter: RequestLimiter;
	release: () => void;
}

/**
 * The limiters executions of this n8n process hold now, one per API key, base URL and Max
 * Requests Per Minute, with how many executions hold each. n8n runs every execution of a process
 * (of a worker, in queue mode) with the same loaded node, so executions that run at the same time
 * on one key share one pace instead of each drawing 429s the others caused. A limiter is dropped
 * when its last holder releases it.
 */
const held = new Map<string, { limiter: RequestLimiter; holders: number }>();

/** The key of a limiter: a digest, so no API key is kept in a readable form beyond the credential. */
function limiterKey(apiKey: string, baseUrl: string, maxRequestsPerMinute: number): string {
	const digest = createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex');
	return `${digest}:${maxRequestsPerMinute}`;
}

export function leaseLimiter(
	apiKey: string,
	baseUrl: string,
	maxRequestsPerMinute: number,
): LimiterLease {
	const key = limiterKey(apiKey, baseUrl, maxRequestsPerMinute);
	const entry = held.get(key) ?? { limiter: new RequestLimiter(maxRequestsPerMinute), holders: 0 };
	entry.holders += 1;
	held.set(key, entry);
	return {
		limiter: entry.limiter,
		release: () => {
			entry.holders -= 1;
			if (entry.holders === 0) held.delete(key);
		},
	};
}

/** How many limiters executions of this process hold now (for tests). */
export function heldLimiterCount(): number {
	return held.size;
}
