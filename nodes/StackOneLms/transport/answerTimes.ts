import type { Ticket } from './requestLimiter';

/** How much each new answer moves the running mean of answer times. */
const SMOOTHING = 0.2;

/**
 * How long StackOne takes to answer this execution's requests: a running mean of the answers,
 * or, when a request now in flight has waited longer, that wait (so a slowdown counts at once).
 */
export class AnswerTimes {
	private meanMs: number | undefined;

	/** Requests sent and not yet answered, oldest first. */
	private readonly inFlight = new Set<Ticket>();

	sent(ticket: Ticket): void {
		this.inFlight.add(ticket);
	}

	answered(ticket: Ticket, now = Date.now()): void {
		this.inFlight.delete(ticket);
		const tookMs = now - ticket.startedAt;
		this.meanMs =
			this.meanMs === undefined ? tookMs : this.meanMs + SMOOTHING * (tookMs - this.meanMs);
	}

	estimateMs(now = Date.now()): number {
		const oldest = this.inFlight.values().next().value as Ticket | undefined;
		return Math.max(this.meanMs ?? 0, oldest ? now - oldest.startedAt : 0);
	}
}
