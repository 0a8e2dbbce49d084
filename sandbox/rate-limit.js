'use strict';

// Sliding-window limiter per API key. Only admitted requests count against the window.
class RateLimiter {
	constructor() {
		this.hits = new Map();
	}

	clear() {
		this.hits.clear();
	}

	// Returns { ok: true } or { ok: false, retryAfterMs } (time until the oldest hit leaves the window).
	check(key, { limit, windowMs }, now = Date.now()) {
		const recent = (this.hits.get(key) || []).filter((t) => t > now - windowMs);
		if (recent.length >= limit) {
			this.hits.set(key, recent);
			return { ok: false, retryAfterMs: Math.max(0, recent[0] + windowMs - now) };
		}
		recent.push(now);
		this.hits.set(key, recent);
		return { ok: true };
	}
}

function describeWindow(windowMs) {
	if (windowMs === 60000) return 'minute';
	if (windowMs === 1000) return 'second';
	if (windowMs % 1000 === 0) return `${windowMs / 1000} seconds`;
	return `${windowMs} ms`;
}

// The Retry-After header value for a given form, or undefined to omit the header.
function retryAfterHeader(form, retryAfterMs, now = Date.now()) {
	switch (form || 'seconds') {
		case 'none':
			return undefined;
		case 'garbage':
			return 'soon';
		case 'date':
			// HTTP-dates have whole seconds: round up so the date is never before the window frees.
			return new Date(Math.ceil((now + retryAfterMs) / 1000) * 1000).toUTCString();
		case 'seconds':
			return String(Math.ceil(retryAfterMs / 1000));
		default:
			throw new Error(`Unknown Retry-After form '${form}'`);
	}
}

module.exports = { RateLimiter, retryAfterHeader, describeWindow };
