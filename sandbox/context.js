'use strict';

const { seedAll } = require('./seed');
const { IdSequence, RecordStore } = require('./store');
const { ContentStore } = require('./content-store');
const { FaultQueue } = require('./faults');
const { RateLimiter } = require('./rate-limit');
const { DEFAULT_SWITCHES, SWITCH_NAMES, mergeSwitches } = require('./switches');

const DEFAULT_API_KEY = 'sandbox-api-key-0001';
const DEFAULT_ACCOUNT_ID = 'sandbox-account-1';
const SECOND_ACCOUNT_ID = 'sandbox-account-2';
const DEFAULT_USER_COUNT = 60;

function pickSwitches(options) {
	const picked = {};
	for (const name of SWITCH_NAMES) if (options[name] !== undefined) picked[name] = options[name];
	return picked;
}

// Everything the server reads and the public / control APIs change.
function createContext(options = {}) {
	const apiKey = options.apiKey || DEFAULT_API_KEY;
	const accountId = options.accountId || DEFAULT_ACCOUNT_ID;
	const accounts = [accountId, accountId === SECOND_ACCOUNT_ID ? `${SECOND_ACCOUNT_ID}-b` : SECOND_ACCOUNT_ID];
	const userCount = options.users === undefined ? DEFAULT_USER_COUNT : options.users;
	if (!(Number.isInteger(userCount) && userCount >= 0)) throw new Error('startSandbox: `users` must be an integer >= 0');
	// Switches given at start-up (e.g. by the CLI) are what reset() returns to.
	const initialSwitches = mergeSwitches(DEFAULT_SWITCHES, pickSwitches(options));

	// users, content, courses, assignments, categories, skills
	const seeds = seedAll(userCount);
	const stores = {
		completionStore: new RecordStore(new IdSequence('cmp_', 'rmt_')),
		assignmentStore: new RecordStore(new IdSequence('asg_', 'remote-assignment-', seeds.assignments.length)),
		contentStore: new ContentStore(seeds.content),
	};
	// { accountId: what(accountId) } for every account.
	const perAccount = (what) => Object.fromEntries(accounts.map((id) => [id, what(id)]));

	const ctx = {
		apiKey,
		accountId,
		accounts,
		...seeds,
		...stores,
		faults: new FaultQueue(),
		limiter: new RateLimiter(),
		switches: initialSwitches,
		requests: [],
		counts: { rateLimited: 0, byStatus: {} },
		url: null,

		configure(opts) {
			ctx.switches = mergeSwitches(ctx.switches, opts);
			if (opts.rateLimit !== undefined) ctx.limiter.clear();
			return { ...ctx.switches };
		},

		inject(spec) {
			ctx.faults.inject(spec);
		},

		reset() {
			for (const store of Object.values(stores)) store.clear();
			ctx.requests.length = 0; // in place: callers may hold the array
			ctx.faults.clear();
			ctx.limiter.clear();
			ctx.counts.rateLimited = 0;
			ctx.counts.byStatus = {};
			ctx.switches = initialSwitches;
		},

		// The per-account accessors (sb.completions() etc. and state()); the default account when
		// none is given.
		completions: (id) => ctx.completionStore.list(id || accountId).slice(),
		createdAssignments: (id) => ctx.assignmentStore.list(id || accountId).slice(),
		upsertedContent: (id) => ctx.contentStore.current(id || accountId),
		contentWrites: (id) => ctx.contentStore.writeCount(id || accountId),

		countStatus(status) {
			ctx.counts.byStatus[status] = (ctx.counts.byStatus[status] || 0) + 1;
		},

		state() {
			const faults = ctx.faults.summary();
			const completions = perAccount(ctx.completions);
			const createdAssignments = perAccount(ctx.createdAssignments);
			const upsertedContent = perAccount(ctx.upsertedContent);
			return {
				url: ctx.url,
				accounts: accounts.slice(),
				switches: { ...ctx.switches },
				counts: {
					users: ctx.users.length,
					content: ctx.content.length,
					courses: ctx.courses.length,
					assignments: ctx.assignments.length,
					categories: ctx.categories.length,
					skills: ctx.skills.length,
					completions: perAccount((id) => completions[id].length),
					createdAssignments: perAccount((id) => createdAssignments[id].length),
					upsertedContent: perAccount((id) => upsertedContent[id].length),
					contentWrites: perAccount(ctx.contentWrites),
					requests: ctx.requests.length,
					rateLimited: ctx.counts.rateLimited,
					byStatus: { ...ctx.counts.byStatus },
					faultsFired: faults.fired,
					faultsFiredTotal: faults.firedTotal,
				},
				pendingFaults: faults.pending,
				completions,
				createdAssignments,
				upsertedContent,
				requests: ctx.requests.map((r) => ({
					method: r.method,
					path: r.path,
					status: r.status,
					outcome: r.outcome,
					fault: r.fault,
					receivedAt: r.receivedAt,
				})),
			};
		},
	};
	return ctx;
}

module.exports = { createContext, DEFAULT_API_KEY, DEFAULT_ACCOUNT_ID, SECOND_ACCOUNT_ID };
