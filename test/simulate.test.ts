import { execFileSync } from 'child_process';
import path from 'path';

const SIMULATE = path.join(__dirname, '..', 'bench', 'simulate.js');

/** The figures bench/simulate.js prints, medians over its seeds. */
function simulate(args: string[]) {
	const printed = execFileSync(process.execPath, [SIMULATE, ...args], { encoding: 'utf8' });
	const median = (label: string) => {
		const match = new RegExp(`${label}:\\s+median ([\\d.]+)`).exec(printed);
		if (!match) throw new Error(`No ${label} in:\n${printed}`);
		return Number(match[1]);
	};
	return { ratio: median('x the limit'), rateLimitedShare: median('429 share') };
}

// The simulation runs the built limiter in virtual time (fake timers, seeded), so its figures
// depend on the code alone, not on how busy the machine is. Its sandbox allows 1,000 a minute,
// as 50 per 3 s sliding window unless --window says otherwise.
describe('bench/simulate.js: the built limiter in virtual time', () => {
	it('three executions in one process share one pace: the whole limit less the pacing margin, no 429', () => {
		const figures = simulate(['--one-process', '--seeds', '3', '--items', '100']);

		expect(figures.rateLimitedShare).toBe(0);
		expect(figures.ratio).toBeGreaterThanOrEqual(0.95);
	});

	it("the default 1,000 a minute against StackOne's own 60 s window: 3,000 requests over 3 minutes, no 429, >= 0.95 x the limit", () => {
		const figures = simulate(
			['--one-process', '--seeds', '3', '--items', '1000', '--window', '60000'],
		);

		expect(figures.rateLimitedShare).toBe(0);
		expect(figures.ratio).toBeGreaterThanOrEqual(0.95);
	});

	it('three executions of 300 in three processes settle through the 429s: at most 10% 429, at least 0.8 x the limit', () => {
		const figures = simulate(['--seeds', '5', '--items', '300']);

		expect(figures.rateLimitedShare).toBeGreaterThan(0);
		expect(figures.rateLimitedShare).toBeLessThanOrEqual(0.1);
		expect(figures.ratio).toBeGreaterThanOrEqual(0.8);
	});
});
