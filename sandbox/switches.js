'use strict';

const { RETRY_AFTER_FORMS } = require('./faults');

const DEFAULT_SWITCHES = Object.freeze({
	latencyMs: 0,
	latencyJitterMs: 0,
	rateLimit: null, // { limit, windowMs }
	retryAfterForm: 'seconds',
	heartbeat: true, // honour `Prefer: heartbeat`
	heartbeatStatus: 200,
	heartbeatNewlines: 2,
	heartbeatIntervalMs: 10,
	ignoreEmailFilter: false,
	deleteStatus: 200, // the spec allows 200 with a DeleteResult body or 204 without one
	visibilityDelayMs: 0, // reads leave out a record written through the API until this long after
	maxBatchItems: null, // POST /content/batch answers 413 above this many items; null: no limit
	updatedAtLagMs: 0, // records written through the API get an updated_at this much before the write
});

const SWITCH_NAMES = Object.keys(DEFAULT_SWITCHES);

function nonNegative(name, value) {
	if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
		throw new Error(`configure: '${name}' must be a number >= 0`);
	}
	return value;
}

function normaliseRateLimit(value) {
	if (value === null || value === false || value === undefined) return null;
	if (typeof value !== 'object') throw new Error("configure: 'rateLimit' must be { limit, windowMs? } or null");
	const limit = value.limit;
	const windowMs = value.windowMs === undefined ? 60000 : value.windowMs;
	if (!(Number.isInteger(limit) && limit >= 1)) throw new Error("configure: 'rateLimit.limit' must be an integer >= 1");
	if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new Error("configure: 'rateLimit.windowMs' must be > 0");
	return { limit, windowMs };
}

// Returns a new switch set: `current` with the valid entries of `opts` merged in.
function mergeSwitches(current, opts) {
	if (!opts || typeof opts !== 'object' || Array.isArray(opts)) throw new Error('configure: expected an object');
	const next = { ...current };
	for (const [name, value] of Object.entries(opts)) {
		switch (name) {
			case 'latencyMs':
			case 'latencyJitterMs':
			case 'heartbeatNewlines':
			case 'heartbeatIntervalMs':
			case 'visibilityDelayMs':
			case 'updatedAtLagMs':
				next[name] = nonNegative(name, value);
				break;
			case 'rateLimit':
				next.rateLimit = normaliseRateLimit(value);
				break;
			case 'retryAfterForm':
				if (!RETRY_AFTER_FORMS.includes(value)) {
					throw new Error(`configure: 'retryAfterForm' must be one of ${RETRY_AFTER_FORMS.join(', ')}`);
				}
				next.retryAfterForm = value;
				break;
			case 'heartbeat':
			case 'ignoreEmailFilter':
				if (typeof value !== 'boolean') throw new Error(`configure: '${name}' must be a boolean`);
				next[name] = value;
				break;
			case 'heartbeatStatus':
				if (!(Number.isInteger(value) && value >= 200 && value <= 599)) {
					throw new Error("configure: 'heartbeatStatus' must be an HTTP status code >= 200");
				}
				next.heartbeatStatus = value;
				break;
			case 'maxBatchItems':
				if (value !== null && !(Number.isInteger(value) && value >= 1)) {
					throw new Error("configure: 'maxBatchItems' must be an integer >= 1 or null");
				}
				next.maxBatchItems = value;
				break;
			case 'deleteStatus':
				if (value !== 200 && value !== 204) throw new Error("configure: 'deleteStatus' must be 200 or 204");
				next.deleteStatus = value;
				break;
			default:
				throw new Error(`configure: unknown switch '${name}' (known: ${SWITCH_NAMES.join(', ')})`);
		}
	}
	return next;
}

module.exports = { DEFAULT_SWITCHES, SWITCH_NAMES, mergeSwitches };
