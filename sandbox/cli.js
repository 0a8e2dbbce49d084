#!/usr/bin/env node
'use strict';

const { startSandbox } = require('./index');

const USAGE = `Usage: npm run sandbox -- [--port N] [--latency MS] [--rate-limit N] [--quiet]

  --port N         port on 127.0.0.1 (default: a free port)
  --latency MS     delay before each API answer
  --rate-limit N   allow N requests per minute per API key, then 429
  --quiet          do not log requests`;

function parseArgs(argv) {
	const opts = { quiet: false };
	const number = (flag, value) => {
		const n = Number(value);
		if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				opts.port = number(flag, value());
				break;
			case '--latency':
				opts.latencyMs = number(flag, value());
				break;
			case '--rate-limit':
				opts.rateLimit = { limit: number(flag, value()), windowMs: 60000 };
				break;
			case '--quiet':
				opts.quiet = true;
				break;
			case '-h':
			case '--help':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${argv[i]}`);
		}
	}
	return opts;
}

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(`sandbox: ${e.message}\n\n${USAGE}`);
		process.exit(2);
	}
	const sb = await startSandbox({ ...opts, quiet: true });
	const firstUser = sb.users[0] ? sb.users[0].id : 'usr_0001';
	console.log(`StackOne LMS sandbox listening on ${sb.url}`);
	console.log(`  API key:    ${sb.apiKey}   (Basic auth user name, empty password)`);
	console.log(`  account id: ${sb.accounts.join(', ')}   (x-account-id header)`);
	console.log(`  control:    ${sb.url}/_sandbox/state`);
	console.log(
		`  try: curl -s -u '${sb.apiKey}:' -H 'x-account-id: ${sb.accountId}' -H 'Content-Type: application/json' ` +
			`-d '{"learning_object_external_reference":"course-0001"}' ${sb.url}/unified/lms/users/${firstUser}/completions`,
	);

	if (!opts.quiet) {
		const logged = new WeakSet();
		const timer = setInterval(() => {
			for (const r of sb.requests) {
				if (logged.has(r) || r.finishedAt === undefined) continue;
				logged.add(r);
				const outcome = r.reset ? 'connection reset' : r.aborted ? 'client aborted' : r.status;
				const note = r.fault ? ` (fault: ${r.fault})` : r.outcome !== r.status && r.outcome ? ` (body ${r.outcome})` : '';
				console.log(`${new Date(r.receivedAt).toISOString()} ${r.method} ${r.path} -> ${outcome}${note}`);
			}
		}, 200);
		timer.unref();
	}

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\nsandbox: ${signal}, closing`);
		await sb.close();
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
	console.error(`sandbox: ${e.message}`);
	process.exit(1);
});
