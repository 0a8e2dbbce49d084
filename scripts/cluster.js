'use strict';
// `npm run cluster`: n8n in queue mode on this machine, to try the node the way teams scale n8n:
// the StackOne sandbox, Redis and a throwaway PostgreSQL (Debian's redis-server and postgresql),
// one `n8n start` with EXECUTIONS_MODE=queue and two `n8n worker` processes, all on 127.0.0.1
// with the packed package installed as n8n's community installer does. It imports the example
// credential (pointed at the sandbox) and workflow, prints the editor's address and login, and
// stops every process by pid on Ctrl-C.
//   node scripts/cluster.js [--workers N] [--concurrency N] [--latency MS]

const harness = require('../e2e/harness');
const { QueueCluster } = require('../e2e/harness/cluster');
const { queueServicesMissing } = require('../e2e/harness/services');
const { startSandbox } = require('../sandbox');

const CREDENTIAL_FILE = 'examples/stackone.credentials.json';
const WORKFLOW_FILE = 'examples/record-completions.workflow.json';

function option(name, fallback) {
	const k = process.argv.indexOf(`--${name}`);
	if (k < 0) return fallback;
	const value = Number(process.argv[k + 1]);
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
	return value;
}

const log = (message) => console.log(`[cluster] ${message}`);

async function main() {
	if (process.argv.includes('--help')) {
		console.log('node scripts/cluster.js [--workers N (2)] [--concurrency N (5)] [--latency MS (0)]');
		return;
	}
	const missing = queueServicesMissing();
	if (missing.length > 0) throw new Error(`queue mode needs ${missing.join(' and ')}`);
	const workers = option('workers', 2);
	const concurrency = option('concurrency', 5);

	const cleanups = [];
	let stopping = false;
	const stop = async (why, code = 0) => {
		if (stopping) return;
		stopping = true;
		log(`${why}: stopping the workers, the main, Postgres, Redis and the sandbox...`);
		while (cleanups.length > 0) await cleanups.pop()().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));

	try {
		const sandbox = await startSandbox({ quiet: true, latencyMs: option('latency', 0) });
		cleanups.push(() => sandbox.close());
		const n8n = await harness.N8nInstance.create({ build: true, log });
		cleanups.push(async () => n8n.dispose());
		const [credential] = harness.loadWorkflow(CREDENTIAL_FILE);
		const workflow = harness.loadWorkflow(WORKFLOW_FILE);
		const cluster = await QueueCluster.start(n8n, {
			workers,
			concurrency,
			log,
			prepare: async (instance) => {
				await instance.importCredentials([
					harness.stackOneCredential({ ...credential, apiKey: sandbox.apiKey, accountId: sandbox.accountId, baseUrl: sandbox.url }),
				]);
				await instance.importWorkflows([workflow]);
			},
		});
		cleanups.push(() => cluster.stop());
		for (const process_ of [cluster.main, ...cluster.workers]) {
			process_.child.on('exit', () => {
				if (!stopping) stop(`${process_.name || 'the main'} stopped by itself`, 1);
			});
		}
		console.log(`
  n8n editor   ${cluster.main.url}/workflow/${workflow.id}   (queue mode, ${workers} workers x ${concurrency})
  sign in as   ${harness.OWNER.email}   password ${harness.OWNER.password}
  StackOne     the sandbox at ${sandbox.url} (API key ${sandbox.apiKey})
  Redis        127.0.0.1:${cluster.redis.port}   Postgres 127.0.0.1:${cluster.postgres.port} database ${cluster.postgres.database}

  "Execute workflow" runs on a worker (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true); each worker
  logs "Worker started execution <id>" below. Ctrl-C stops everything.
`);
		for (const worker of cluster.workers) {
			worker.child.stdout.on('data', (chunk) => {
				for (const line of String(chunk).split('\n')) if (/Worker (started|finished) execution/.test(line)) log(`${worker.name}: ${line.trim()}`);
			});
		}
	} catch (error) {
		console.error(`\ncluster: ${error.message}`);
		await stop('failed', 1);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
