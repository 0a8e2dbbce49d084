import { sleep } from 'n8n-workflow';

/** One request's turn: when the limiter let it start. */
export interface Ticket {
	startedAt: number;
}

/**
 * Starts are spaced a little wider than the limit: StackOne counts a request when it arrives, and
 * arrivals bunch by as much as travel times differ. The margin absorbs margin x window of that:
 * 2.4 s over StackOne's minute.
 */
const PACING_MARGIN = 0.04;

/** A 429 cuts the rate to this share of what got through (TCP CUBIC's beta). */
const CUT_FACTOR = 0.7;

/**
 * CUBIC's growth, as a share of the limit: past the rate that drew the last 429 the rate climbs
 * GROWTH x limit x seconds^3 above it (an eighth of the limit 5 s after, the whole limit 10 s after).
 */
const GROWTH = 0.001;

/** Below this share of requests getting through, StackOne refuses nearly all: hold everything. */
const HOLD_ALL_BELOW = 0.5;

/** The rate never falls below this share of the limit. */
const FLOOR_SHARE = 0.05;

/** A turn granted this late still counts from when it was due, so timer lag loses no rate. */
const LATE_FORGIVEN_MS = 5;

/**
 * Paces the requests of the executions that hold it (those of one process on one API key, see
 * sharedLimiters) under Max Requests Per Minute, one start every 1 / rate, in the order they
 * asked, and shares the key with processes it cannot see.
 *
 * At full rate starts are 60 s / max x 1.04 apart (1,000 a minute: 62.4 ms, about 962 a minute),
 * so no 60 s holds more than max of them: StackOne counts per minute, with no per-second limit.
 * When StackOne answers 429 (`rateLimited`), the rate is cut once per cut, to 70% of the rate,
 * or of what got through when most requests of the last window (1 s, or the spacing when that is
 * longer) were refused; then it climbs back along CUBIC's curve: fast at first, slowly near the
 * rate that drew the 429, faster again above it, up to the limit, never below 5% of it.
 * Executions sharing a key so settle near the key's limit together instead of taking turns at
 * drawing 429s.
 */
export class RequestLimiter {
	/** Requests per millisecond at full pace. */
	private readonly maxRate: number;

	private readonly windowMs: number;

	/** The answers of the last windows: when each request started, and whether it drew a 429. */
	private readonly outcomes: Array<{ startedAt: number; refused: boolean }> = [];

	/** The last cut: when, the rate it came back to, and how long after the rate is back there. */
	private cut: { at: number; recoverFrom: number; before: number; backInMs: number } | undefined;

	private lastStartAt = -Infinity;

	private pausedUntil = 0;

	private readonly waiting: Array<(ticket: Ticket) => void> = [];

	private granting = false;

	constructor(maxRequestsPerMinute: number) {
		const perMinute = Math.max(1, Math.floor(maxRequestsPerMinute));
		this.maxRate = perMinute / (60000 * (1 + PACING_MARGIN));
		this.windowMs = Math.max(1000, 60000 / perMinute);
	}

	/** The requests a second its holders may start now. */
	ratePerSecond(now = Date.now()): number {
		return this.rateAt(now) * 1000;
	}

	/** Waits for this request's turn. */
	async acquire(): Promise<Ticket> {
		return await new Promise((resolve) => {
			this.waiting.push(resolve);
			void this.grantTurns();
		});
	}

	/** StackOne answered the request of `ticket` with anything but 429. */
	answered(ticket: Ticket): void {
		this.remember(ticket, false);
	}

	/**
	 * StackOne answered 429 to the request of `ticket` and asked to wait `waitMs`: that request
	 * waits it out (the caller sleeps), and so does every request through this limiter when most of
	 * its recent requests were refused (an exhausted window, or a start far above the key's
	 * share). The rate is cut once per cut: a 429 of a request started before the last cut says
	 * nothing new.
	 */
	rateLimited(ticket: Ticket, waitMs: number): void {
		const now = Date.now();
		this.remember(ticket, true);
		const share = this.admittedShare(ticket.startedAt);
		if (share < HOLD_ALL_BELOW) this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		if (this.cut && ticket.startedAt < this.cut.at) return;
		// A share near 1 is a lone 429 among successes: cut from the rate; far below, from what got through.
		const before = this.rateAt(now) * (share < CUT_FACTOR ? share : 1);
		const after = Math.max(this.maxRate * FLOOR_SHARE, before * CUT_FACTOR);
		const backInMs = 1000 * Math.cbrt((before - after) / (GROWTH * this.maxRate));
		this.cut = { at: now, recoverFrom: Math.max(now, this.pausedUntil), before, backInMs };
	}

	private remember(ticket: Ticket, refused: boolean): void {
		this.outcomes.push({ startedAt: ticket.startedAt, refused });
		const forgetBefore = ticket.startedAt - 2 * this.windowMs;
		while (this.outcomes.length && this.outcomes[0].startedAt < forgetBefore) this.outcomes.shift();
	}

	/** The part of the answered requests started in the window up to `time` that got through. */
	private admittedShare(time: number): number {
		const inWindow = this.outcomes.filter(
			({ startedAt }) => startedAt >= time - this.windowMs && startedAt <= time,
		);
		const admitted = inWindow.filter(({ refused }) => !refused).length;
		return inWindow.length ? admitted / inWindow.length : 1;
	}

	private rateAt(now: number): number {
		if (!this.cut) return this.maxRate;
		const { recoverFrom, before, backInMs } = this.cut;
		const seconds = (Math.max(0, now - recoverFrom) - backInMs) / 1000;
		return Math.min(this.maxRate, before + GROWTH * this.maxRate * seconds ** 3);
	}

	private async grantTurns(): Promise<void> {
		if (this.granting) return;
		this.granting = true;
		try {
			while (this.waiting.length) {
				const now = Date.now();
				const due = Math.max(this.pausedUntil, this.lastStartAt + 1 / this.rateAt(now));
				if (due > now) {
					await sleep(due - now);
					continue;
				}
				this.lastStartAt = Math.max(due, now - LATE_FORGIVEN_MS);
				this.waiting.shift()?.({ startedAt: now });
			}
		} finally {
			this.granting = false;
		}
	}
}
