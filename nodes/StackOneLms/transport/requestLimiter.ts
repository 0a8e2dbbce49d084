import { sleep } from 'n8n-workflow';

/** Call when the request's answer (or its failure) is in. */
export type ReleaseSlot = () => void;

/**
 * Keeps one execution's requests under StackOne's per-minute limit, and holds every request
 * back while StackOne has asked us to wait (a 429 with Retry-After).
 *
 * It allows `capacity` requests in any `windowMs`, with the window chosen so that no 60-second
 * span can hold more than `maxRequestsPerMinute`: 1 s windows of floor(max / 60) when
 * max >= 60, else one request per 60 / max seconds.
 *
 * StackOne counts a request when it arrives, which is some time after we start it. Counting it
 * from its start would let the next window's first request arrive before an earlier request
 * that travelled slower, and draw a 429. So each request counts from the moment it has surely
 * arrived: when its answer is in, or `arrivalGuardMs` after its start when the answer takes
 * longer (the request is sent by then; the rest is StackOne's and the LMS's work).
 */
export class RequestLimiter {
	private readonly capacity: number;

	private readonly windowMs: number;

	private readonly arrivalGuardMs: number;

	/** When each counted request has surely reached StackOne (may lie in the future). */
	private readonly arrivals: Array<{ at: number }> = [];

	private pausedUntil = 0;

	constructor(maxRequestsPerMinute: number) {
		const perMinute = Math.max(1, Math.floor(maxRequestsPerMinute));
		if (perMinute >= 60) {
			this.capacity = Math.floor(perMinute / 60);
			this.windowMs = 1000;
		} else {
			this.capacity = 1;
			this.windowMs = Math.ceil(60000 / perMinute);
		}
		this.arrivalGuardMs = Math.ceil(this.windowMs / 2);
	}

	/** Waits until one more request may start, and counts it; call the result once it is answered. */
	async acquire(): Promise<ReleaseSlot> {
		for (;;) {
			const now = Date.now();
			if (this.pausedUntil > now) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			this.forgetBefore(now - this.windowMs);
			if (this.arrivals.length < this.capacity) {
				const arrival = { at: now + this.arrivalGuardMs };
				this.arrivals.push(arrival);
				return () => {
					arrival.at = Math.min(arrival.at, Date.now());
				};
			}
			const earliest = Math.min(...this.arrivals.map(({ at }) => at));
			await sleep(Math.max(1, earliest + this.windowMs - now));
		}
	}

	/** Holds back every request of this execution for `ms`. */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}

	private forgetBefore(time: number): void {
		for (let i = this.arrivals.length - 1; i >= 0; i--) {
			if (this.arrivals[i].at <= time) this.arrivals.splice(i, 1);
		}
	}
}
