import { RequestLimiter } from '../nodes/StackOneLms/transport/requestLimiter';
import type { Ticket } from '../nodes/StackOneLms/transport/requestLimiter';

// Virtual time: `sleep` from n8n-workflow waits on setTimeout, which the fake clock drives, so
// every figure below follows from the limiter's constants, not from how busy the machine is.
beforeEach(() => {
	jest.useFakeTimers({ now: 1e6, doNotFake: ['nextTick', 'queueMicrotask'] });
});
afterEach(() => {
	jest.useRealTimers();
});

const MINUTE = 60000;
/** The constants the figures follow from: spacing margin, cut, CUBIC growth, floor. */
const MARGIN = 0.04;
const CUT = 0.7;
const GROWTH = 0.001;
const FLOOR = 0.05;

/** The rate at full pace, a second: Max Requests Per Minute / 60, 4% slower. */
const fullRate = (max: number) => max / 60 / (1 + MARGIN);

/** Seconds CUBIC takes to climb from CUT x `from` back to `from`: K = cbrt((1 - CUT) x from / GROWTH). */
const climbSeconds = (from: number) => Math.cbrt(((1 - CUT) * from) / GROWTH);

/** The most starts within any `spanMs` (half-open, as StackOne's sliding window counts). */
function mostWithin(starts: number[], spanMs: number): number {
	let most = 0;
	let first = 0;
	for (let last = 0; last < starts.length; last++) {
		while (starts[last] - starts[first] >= spanMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

/** Waits, in virtual time, for one request's turn. */
async function turn(limiter: RequestLimiter): Promise<Ticket> {
	let ticket: Ticket | undefined;
	void limiter.acquire().then((granted) => (ticket = granted));
	await jest.advanceTimersByTimeAsync(0);
	while (!ticket) await jest.advanceTimersToNextTimerAsync();
	return ticket;
}

/** The time StackOne takes to answer, in these tests. */
async function answerTime() {
	await jest.advanceTimersByTimeAsync(50);
}

/** `count` turns, one after another (the caller answers them). */
async function turns(limiter: RequestLimiter, count: number): Promise<Ticket[]> {
	const tickets: Ticket[] = [];
	for (let n = 0; n < count; n++) tickets.push(await turn(limiter));
	return tickets;
}

describe('RequestLimiter pacing: Max Requests Per Minute, counted per minute', () => {
	const MINUTES = 5;

	it.each([10, 100, 333, 1000])(
		'%i a minute with requests always waiting: at least 0.9 x it in every minute, never more than it in any 60 s',
		async (max) => {
			const limiter = new RequestLimiter(max);
			const starts: number[] = [];
			for (let n = 0; n < max * MINUTES + 10; n++) {
				void limiter.acquire().then((ticket) => {
					starts.push(ticket.startedAt);
					limiter.answered(ticket);
				});
			}
			await jest.advanceTimersByTimeAsync(MINUTES * MINUTE);

			const first = starts[0];
			const perMinute = Array.from(
				{ length: MINUTES },
				(_, k) =>
					starts.filter((at) => at >= first + k * MINUTE && at < first + (k + 1) * MINUTE).length,
			);
			const spacingMs = 1000 / fullRate(max);
			const most = mostWithin(starts, MINUTE);
			console.log(
				`${max} a minute: ${perMinute.join(', ')} started in minutes 1 to ${MINUTES}; ` +
					`at most ${most} in any 60 s, ${mostWithin(starts, MINUTE + 2000)} in any 62 s`,
			);

			expect(starts.length).toBeLessThan(max * MINUTES);
			for (const count of perMinute) {
				expect(count).toBeGreaterThanOrEqual(0.9 * max);
				// Evenly spaced starts: a minute holds floor or ceil of 60 s / spacing.
				expect(count).toBeGreaterThanOrEqual(Math.floor(MINUTE / spacingMs));
				expect(count).toBeLessThanOrEqual(Math.ceil(MINUTE / spacingMs));
			}
			expect(most).toBeLessThanOrEqual(max);
			// The margin: arrivals spread 2 s more than the starts still fit in StackOne's minute.
			expect(mostWithin(starts, MINUTE + 2000)).toBeLessThanOrEqual(max);
		},
	);

	it('starts the first request at once and spaces the rest evenly: 62.4 ms apart at 1,000 a minute', async () => {
		const limiter = new RequestLimiter(1000);
		const from = Date.now();

		const starts = (await turns(limiter, 11)).map((ticket) => ticket.startedAt - from);

		expect(starts[0]).toBe(0);
		// The first start counts from 5 ms back (a turn is forgiven 5 ms of timer lag); each start
		// comes within 2 ms after its due time (the fake clock fires on whole milliseconds).
		starts.slice(1).forEach((at, n) => {
			const due = (n + 1) * 62.4 - 5;
			expect(at).toBeGreaterThanOrEqual(due);
			expect(at).toBeLessThanOrEqual(due + 2);
		});
		expect(limiter.ratePerSecond()).toBeCloseTo(1000 / 62.4, 9);
	});
});

describe('RequestLimiter after a 429: the rules one by one', () => {
	it('a 429 cuts the rate to 70%, once per cut: a 429 of a request started before the cut changes nothing', async () => {
		const limiter = new RequestLimiter(600);
		const full = fullRate(600);
		expect(limiter.ratePerSecond()).toBeCloseTo(full, 9);

		const tickets = await turns(limiter, 10);
		await answerTime();
		tickets.slice(0, 8).forEach((ticket) => limiter.answered(ticket));
		limiter.rateLimited(tickets[8], 0);
		expect(limiter.ratePerSecond()).toBeCloseTo(CUT * full, 9);

		limiter.rateLimited(tickets[9], 0);
		expect(limiter.ratePerSecond()).toBeCloseTo(CUT * full, 9);

		// A request started after the cut, refused among successes, cuts again: from where the rate
		// has climbed to by then.
		const after = await turns(limiter, 10);
		await answerTime();
		after.slice(0, 9).forEach((ticket) => limiter.answered(ticket));
		const climbed = limiter.ratePerSecond();
		expect(climbed).toBeGreaterThan(CUT * full);
		limiter.rateLimited(after[9], 0);
		expect(limiter.ratePerSecond()).toBeCloseTo(CUT * climbed, 9);
	});

	it('a lone 429 among successes holds nothing back: the next request starts at the cut rate, not after Retry-After', async () => {
		const limiter = new RequestLimiter(600);
		const tickets = await turns(limiter, 10);
		await answerTime();
		tickets.slice(0, 9).forEach((ticket) => limiter.answered(ticket));
		const refusedAt = Date.now();

		limiter.rateLimited(tickets[9], 5000);
		const next = await turn(limiter);

		expect(next.startedAt - tickets[9].startedAt).toBeLessThanOrEqual(
			Math.ceil(1000 / (CUT * fullRate(600))),
		);
		expect(next.startedAt).toBeLessThan(refusedAt + 5000);
	});

	it('most recent requests refused: every request waits out the Retry-After, and the rate is cut to 70% of what got through', async () => {
		const limiter = new RequestLimiter(600);
		const full = fullRate(600);
		// 10 starts in 1 s: 4 get through, 6 are refused (Retry-After 0); the first refusal cuts to 70%.
		const tickets = await turns(limiter, 10);
		await answerTime();
		tickets.slice(0, 4).forEach((ticket) => limiter.answered(ticket));
		tickets.slice(4).forEach((ticket) => limiter.rateLimited(ticket, 0));
		expect(limiter.ratePerSecond()).toBeCloseTo(CUT * full, 9);

		// The next request, started after that cut, is refused too: of the 10 answered in its
		// window (1 s) 3 got through.
		const next = await turn(limiter);
		await answerTime();
		const rate = limiter.ratePerSecond();
		const refusedAt = Date.now();
		limiter.rateLimited(next, 4000);
		expect(limiter.ratePerSecond()).toBeCloseTo(CUT * 0.3 * rate, 9);

		// Every request waits the 4 s out, then they come at the cut rate as it climbs.
		const held = await turns(limiter, 2);
		expect(held[0].startedAt).toBe(refusedAt + 4000);
		const gap = held[1].startedAt - held[0].startedAt;
		expect(gap).toBeLessThanOrEqual(Math.ceil(1000 / limiter.ratePerSecond(held[0].startedAt)));
		expect(gap).toBeGreaterThanOrEqual(1000 / limiter.ratePerSecond(held[1].startedAt));
	});

	it('never falls below 5% of the limit, however many 429s', async () => {
		const limiter = new RequestLimiter(1000);
		const floor = FLOOR * fullRate(1000);
		const rates: number[] = [];

		// 30 rounds of 4 successes and a 429, then 20 429s in a row.
		for (let round = 0; round < 30; round++) {
			const tickets = await turns(limiter, 5);
			tickets.slice(0, 4).forEach((ticket) => limiter.answered(ticket));
			limiter.rateLimited(tickets[4], 0);
			rates.push(limiter.ratePerSecond());
		}
		for (let n = 0; n < 20; n++) {
			limiter.rateLimited(await turn(limiter), 0);
			rates.push(limiter.ratePerSecond());
		}

		expect(Math.min(...rates)).toBeCloseTo(floor, 9);
		rates.forEach((rate) => expect(rate).toBeGreaterThanOrEqual(floor * (1 - 1e-9)));
		// At the floor, requests still start: one every 60 s / (1,000 x 5%) x 1.04.
		const [a, b] = await turns(limiter, 2);
		expect(b.startedAt - a.startedAt).toBeLessThanOrEqual(Math.ceil(1000 / floor));
	});

	it('climbs back to the full rate along the CUBIC curve: fast at first, slowly near it, back after K = cbrt(0.3 / 0.001) s and not before', async () => {
		const limiter = new RequestLimiter(600);
		const full = fullRate(600);
		const tickets = await turns(limiter, 10);
		await answerTime();
		tickets.slice(0, 9).forEach((ticket) => limiter.answered(ticket));
		const cutAt = Date.now();
		limiter.rateLimited(tickets[9], 0);

		const backMs = 1000 * climbSeconds(1);
		expect(backMs).toBeCloseTo(6694.3, 1);
		const at = (ms: number) => limiter.ratePerSecond(cutAt + ms) / full;
		expect(at(0)).toBeCloseTo(CUT, 9);
		// rate / full = 1 + GROWTH x (t - K)^3: 0.815 after 1 s, 0.9625 at K / 2, 1 from K on.
		expect(at(1000)).toBeCloseTo(1 + GROWTH * (1 - backMs / 1000) ** 3, 9);
		expect(at(1000)).toBeCloseTo(0.8154, 3);
		expect(at(backMs / 2)).toBeCloseTo(0.9625, 3);
		expect(at(Math.floor(backMs))).toBeLessThan(1);
		expect(at(Math.ceil(backMs))).toBeCloseTo(1, 12);

		// The starts follow: fewer than the full rate would make until K, evenly spaced at it after.
		const starts: number[] = [];
		while (Date.now() < cutAt + backMs + 3000)
			starts.push((await turn(limiter)).startedAt - cutAt);
		const duringClimb = starts.filter((ms) => ms < backMs).length;
		expect(duringClimb).toBeLessThan(full * climbSeconds(1));
		expect(duringClimb).toBeGreaterThan(CUT * full * climbSeconds(1));
		const gaps = starts
			.filter((ms) => ms > backMs + 200)
			.map((ms, n, after) => (n ? ms - after[n - 1] : 0))
			.slice(1);
		gaps.forEach((gap) => expect(Math.abs(gap - 1000 / full)).toBeLessThanOrEqual(1));
	});

	it('after a hold, the climb starts when the hold ends', async () => {
		const limiter = new RequestLimiter(600);
		const full = fullRate(600);
		// One start, refused alone: nothing got through, so every request is held 5 s and the rate
		// goes to the floor.
		const refusedAt = Date.now();
		limiter.rateLimited(await turn(limiter), 5000);
		const floor = FLOOR * full;
		expect(limiter.ratePerSecond()).toBeCloseTo(floor, 9);

		// Held: the rate stays at the floor until the hold ends, then climbs from there: from
		// nothing (the rate that drew the 429, 0 got through) along GROWTH x full x t^3 past it.
		const holdEnd = refusedAt + 5000;
		expect(limiter.ratePerSecond(holdEnd - 1)).toBeCloseTo(floor, 9);
		const fullAfterMs = 1000 * Math.cbrt(1 / GROWTH);
		const fromFloorMs = 1000 * Math.cbrt(FLOOR / GROWTH);
		expect(limiter.ratePerSecond(holdEnd + fullAfterMs - fromFloorMs - 1)).toBeLessThan(full);
		expect(limiter.ratePerSecond(holdEnd + fullAfterMs - fromFloorMs + 1)).toBeCloseTo(full, 9);
		expect((await turn(limiter)).startedAt).toBe(holdEnd);
	});
});
