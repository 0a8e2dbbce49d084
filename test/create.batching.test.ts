import { runCreate, useSandbox } from './helpers/sandbox';
import { maxInFlight } from './helpers/tally';

const sandbox = useSandbox();

describe('Completion > Create: batches', () => {
	it('sends 1,000 items and outputs one item per input, in input order, with pairedItem', async () => {
		const sb = sandbox();
		const items = Array.from({ length: 1000 }, (_, n) => ({
			userId: sb.users[n % 60].id,
			course: `course-${n}`,
		}));

		// The limiter is not under test here: lift it so only batching shapes the run.
		const run = await runCreate(sb, items, {
			options: { batchSize: 25, maxRequestsPerMinute: 1e6 },
		});

		expect(run.error).toBeUndefined();
		expect(run.output).toHaveLength(1000);
		run.output.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			expect(item.json.learning_object_external_reference).toBe(`course-${n}`);
			expect(item.json.user_id).toBe(items[n].userId);
		});
		const stored = sb.completions();
		expect(stored).toHaveLength(1000);
		const storedById = new Map(stored.map((record) => [record.id, record]));
		expect(storedById.size).toBe(1000);
		run.output.forEach((item) => {
			expect(storedById.get(item.json.id as string)?.learning_object_external_reference).toBe(
				item.json.learning_object_external_reference,
			);
		});
	});

	it.each([1, 5, 10])('keeps at most Batch Size = %i requests in flight', async (batchSize) => {
		const sb = sandbox();
		sb.configure({ latencyMs: 40 });
		const items = Array.from({ length: 30 }, (_, n) => ({
			userId: sb.users[n].id,
			course: `c-${n}`,
		}));

		const run = await runCreate(sb, items, { options: { batchSize, maxRequestsPerMinute: 1e6 } });

		expect(run.error).toBeUndefined();
		expect(sb.completions()).toHaveLength(30);
		// Never more than Batch Size at once; and with room for more than one, they did overlap.
		const inFlight = maxInFlight(sb.requests);
		expect(inFlight).toBeLessThanOrEqual(batchSize);
		expect(inFlight).toBeGreaterThanOrEqual(Math.min(batchSize, 2));
	});

	it('pauses Batch Interval between batches', async () => {
		const sb = sandbox();
		const items = Array.from({ length: 12 }, (_, n) => ({
			userId: sb.users[n].id,
			course: `c-${n}`,
		}));

		await runCreate(sb, items, { options: { batchSize: 4, batchInterval: 120 } });

		const batches = [0, 4, 8].map((start) => sb.requests.slice(start, start + 4));
		for (const [previous, next] of [
			[batches[0], batches[1]],
			[batches[1], batches[2]],
		]) {
			const previousEnd = Math.max(...previous.map((request) => request.finishedAt ?? 0));
			const nextStart = Math.min(...next.map((request) => request.receivedAt));
			// A pause can only be longer than asked, never shorter (1 ms for clock rounding).
			expect(nextStart - previousEnd).toBeGreaterThanOrEqual(119);
		}
	});
});
