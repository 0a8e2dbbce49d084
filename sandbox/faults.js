'use strict';

const FAULT_TYPES = [
	'status',
	'rateLimit',
	'timeout408',
	'resetAfterStore',
	'resetBeforeRead',
	'delay',
	'malformedJson',
	'heartbeatError',
	'statusAfterStore',
];
// Faults that can answer with a proxy's HTML page (`html: true`) instead of StackOne's JSON.
const HTML_FAULT_TYPES = ['status', 'rateLimit', 'statusAfterStore'];
const RETRY_AFTER_FORMS = ['seconds', 'date', 'none', 'garbage'];

function checkFault(fault) {
	if (!fault || typeof fault !== 'object') throw new Error('inject: `fault` must be an object');
	if (!FAULT_TYPES.includes(fault.type)) {
		throw new Error(`inject: unknown fault type '${fault.type}' (expected one of ${FAULT_TYPES.join(', ')})`);
	}
	if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
		throw new Error('inject: `fault.status` must be an HTTP status code');
	}
	if (fault.type === 'statusAfterStore' && fault.status !== undefined && fault.status < 400) {
		throw new Error('inject: a statusAfterStore fault needs an error `status` (400-599)');
	}
	if (fault.type === 'delay' && !(typeof fault.ms === 'number' && fault.ms >= 0)) {
		throw new Error('inject: a delay fault needs `ms` (a number >= 0)');
	}
	if (fault.html !== undefined) {
		if (typeof fault.html !== 'boolean') throw new Error('inject: `fault.html` must be a boolean');
		if (!HTML_FAULT_TYPES.includes(fault.type)) {
			throw new Error(`inject: \`html\` applies only to ${HTML_FAULT_TYPES.join(', ')} faults`);
		}
	}
	if (fault.retryAfter !== undefined && !RETRY_AFTER_FORMS.includes(fault.retryAfter)) {
		throw new Error(`inject: \`retryAfter\` must be one of ${RETRY_AFTER_FORMS.join(', ')}`);
	}
}

function compileMatch(match = {}) {
	const method = match.method ? String(match.method).toUpperCase() : undefined;
	let path;
	if (match.path instanceof RegExp) path = match.path;
	else if (typeof match.pathRegex === 'string') path = new RegExp(match.pathRegex);
	else if (typeof match.path === 'string') path = match.path;
	else if (match.path !== undefined) throw new Error('inject: `match.path` must be a RegExp or a string prefix');
	const nth = match.nth === undefined ? 1 : match.nth;
	if (!(Number.isInteger(nth) && nth >= 1)) throw new Error('inject: `match.nth` must be an integer >= 1');
	return { method, path, nth };
}

function matches(match, method, rawPath) {
	if (match.method && match.method !== method) return false;
	if (match.path instanceof RegExp) return match.path.test(rawPath);
	if (typeof match.path === 'string') return rawPath.startsWith(match.path);
	return true;
}

// Scripted faults. Each entry counts the requests it matches from the moment it was injected;
// it fires on matching requests number nth .. nth+times-1. The first entry ready to fire wins.
class FaultQueue {
	constructor() {
		this.clear();
	}

	clear() {
		this.pending = [];
		this.fired = {};
		this.firedTotal = 0;
	}

	inject(spec) {
		if (!spec || typeof spec !== 'object') throw new Error('inject: expected { match?, times?, fault }');
		checkFault(spec.fault);
		const times = spec.times === undefined ? 1 : spec.times;
		if (!(Number.isInteger(times) && times >= 1)) throw new Error('inject: `times` must be an integer >= 1');
		this.pending.push({ match: compileMatch(spec.match), remaining: times, seen: 0, fault: { ...spec.fault } });
	}

	take(method, rawPath) {
		let chosen = null;
		for (const entry of this.pending) {
			if (!matches(entry.match, method, rawPath)) continue;
			entry.seen += 1;
			if (!chosen && entry.seen >= entry.match.nth) chosen = entry;
		}
		if (!chosen) return null;
		chosen.remaining -= 1;
		if (chosen.remaining === 0) this.pending.splice(this.pending.indexOf(chosen), 1);
		const { type } = chosen.fault;
		this.fired[type] = (this.fired[type] || 0) + 1;
		this.firedTotal += 1;
		return chosen.fault;
	}

	summary() {
		return {
			pending: this.pending.map((e) => ({
				method: e.match.method || null,
				path: e.match.path === undefined ? null : String(e.match.path),
				nth: e.match.nth,
				seen: e.seen,
				remaining: e.remaining,
				type: e.fault.type,
			})),
			fired: { ...this.fired },
			firedTotal: this.firedTotal,
		};
	}
}

module.exports = { FaultQueue, FAULT_TYPES, HTML_FAULT_TYPES, RETRY_AFTER_FORMS };
