import type { Delivery } from './index';

/** The most requests an automatic Batch Size keeps in flight (the Batch Size option's maximum). */
export const MAX_AUTOMATIC_IN_FLIGHT = 100;

/** Room above rate x answer time, so a request is always ready when the limiter grants a turn. */
const HEADROOM = 1.25;
const SPARE = 2;

/** As many requests in flight as the rate allowed now and the answer time call for: rate x latency. */
export function inFlightTarget({ limiter, answerTimes }: Delivery): number {
	const needed = (limiter.ratePerSecond() * answerTimes.estimateMs()) / 1000;
	return Math.min(MAX_AUTOMATIC_IN_FLIGHT, Math.ceil(needed * HEADROOM) + SPARE);
}
