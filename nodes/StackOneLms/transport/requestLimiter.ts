import { sleep } from 'n8n-workflow';

/**
 * Keeps one execution's requests under StackOne's per-minute limit, and holds every request
 * back while StackOne has asked us to wait (a 429 with Retry-After).
 *
 * It allows `capacity` request starts in any `windowMs`, with the window chosen so that no
 * 60-second span can hold more than `maxRequestsPerMinute` starts: 1 s windows of
 * floor(max / 60) when max >= 60, else one request per 60 / max seconds.
 */
export class RequestLimiter {
	private readonly capacity: number;

	private readonly windowMs: number;

	private readonly starts: number[] = [];

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
	}

	/** Waits until one more request may start, and counts it. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (this.pausedUntil > now) {
				await sleep(this.pausedUntil - now);
				continue;
			}
			while (this.starts.length && this.starts[0] <= now - this.windowMs) this.starts.shift();
			if (this.starts.length < this.capacity) {
				this.starts.push(now);
				return;
			}
			await sleep(this.starts[0] + this.windowMs - now);
		}
	}

	/** Holds back every request of this execution for `ms`. */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}
}
