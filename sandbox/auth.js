'use strict';

const crypto = require('crypto');

const UNAUTHORIZED = 'Unauthorized: the API key is missing or invalid.';

function safeEqual(a, b) {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// HTTP Basic with the API key as user name and an empty (or absent) password.
// Returns { apiKey } or an error { status, message }; the message never echoes the key.
function authenticate(headers, validApiKey) {
	const header = headers.authorization;
	const match = typeof header === 'string' ? /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
	if (!match) return { status: 401, message: UNAUTHORIZED };
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const user = colon < 0 ? decoded : decoded.slice(0, colon);
	const password = colon < 0 ? '' : decoded.slice(colon + 1);
	if (password !== '' || !safeEqual(user, validApiKey)) return { status: 401, message: UNAUTHORIZED };
	return { apiKey: user };
}

function resolveAccount(headers, accounts) {
	const raw = headers['x-account-id'];
	const accountId = typeof raw === 'string' ? raw.trim() : '';
	if (!accountId) return { status: 422, message: 'The x-account-id header is required.' };
	if (!accounts.includes(accountId)) {
		const shown = accountId.length > 100 ? `${accountId.slice(0, 100)}...` : accountId;
		return { status: 403, message: `Forbidden: account '${shown}' was not found for this API key.` };
	}
	return { accountId };
}

function basicAuthHeader(apiKey) {
	return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

module.exports = { authenticate, resolveAccount, basicAuthHeader, UNAUTHORIZED };
