'use strict';

const { createContext, DEFAULT_API_KEY, DEFAULT_ACCOUNT_ID } = require('./context');
const { createServer } = require('./server');
const { basicAuthHeader } = require('./auth');

function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(server.address().port);
		});
	});
}

async function startSandbox(options = {}) {
	const ctx = createContext(options);
	const server = createServer(ctx);
	const port = await listen(server, options.port === undefined ? 0 : options.port);
	ctx.url = `http://127.0.0.1:${port}`;
	if (options.quiet === false) console.log(`StackOne LMS sandbox listening on ${ctx.url}`);

	let closing = null;
	return {
		url: ctx.url,
		port,
		apiKey: ctx.apiKey,
		accountId: ctx.accountId,
		accounts: ctx.accounts.slice(),
		authHeader: basicAuthHeader(ctx.apiKey),
		users: ctx.users,
		content: ctx.content,
		courses: ctx.courses,
		assignments: ctx.assignments,
		categories: ctx.categories,
		skills: ctx.skills,
		get requests() {
			return ctx.requests;
		},
		get switches() {
			return { ...ctx.switches };
		},
		completions: ctx.completions,
		createdAssignments: ctx.createdAssignments,
		upsertedContent: ctx.upsertedContent,
		contentWrites: ctx.contentWrites,
		state: () => ctx.state(),
		configure: (opts) => ctx.configure(opts),
		inject: (spec) => ctx.inject(spec),
		reset: () => ctx.reset(),
		close() {
			if (!closing) {
				closing = new Promise((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				});
			}
			return closing;
		},
	};
}

module.exports = { startSandbox, DEFAULT_API_KEY, DEFAULT_ACCOUNT_ID };
