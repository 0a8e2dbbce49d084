'use strict';
// n8n in queue mode on one machine: Redis and PostgreSQL (services.js), one `n8n start` with
// EXECUTIONS_MODE=queue that puts executions on the Bull queue, and `n8n worker` processes that run
// them, all on one user folder (the packed package installed once, as n8n's community installer
// does, serves every process), one database and one encryption key. Everything binds 127.0.0.1 on
// free ports and is stopped by pid, in reverse order, whatever happened.

const { n8nBin, nodeBin } = require('./host');
const { delay, freePort, killGroup, spawnGroup, stopGroup } = require('./proc');
const { N8nServer } = require('./server');
const { startPostgres, startRedis } = require('./services');

/** The environment that puts every n8n process of an instance into queue mode. */
function queueEnv(redis, postgres, extra = {}) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// Runs started from the editor or REST go to the workers too, not only webhooks and triggers.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...extra,
	};
}

/** One `n8n worker` process; `logs` holds all it printed. */
class N8nWorker {
	static async start(instance, { name, concurrency = 1, timeoutMs = 180000, echo = false } = {}) {
		const healthPort = await freePort();
		const child = spawnGroup(nodeBin(), [n8nBin(), 'worker', `--concurrency=${concurrency}`], {
			cwd: instance.userFolder,
			env: instance.env(await freePort(), {
				N8N_PORT: String(await freePort()),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}),
		});
		const worker = new N8nWorker(name, child, healthPort);
		const record = (chunk) => {
			worker.logs.push(String(chunk));
			if (echo) process.stdout.write(`[${name}] ${chunk}`);
		};
		child.stdout.on('data', record);
		child.stderr.on('data', record);
		child.on('exit', (code, signal) => {
			worker.exited = { code, signal };
		});
		try {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (/Concurrency: \d+/.test(worker.text())) break;
				if (worker.exited) throw new Error(`${name} exited while starting (${JSON.stringify(worker.exited)})`);
				if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs} ms`);
				await delay(250);
			}
		} catch (error) {
			await worker.stop();
			error.message += `\n--- ${name} output (last lines) ---\n${worker.text().split('\n').slice(-40).join('\n')}`;
			throw error;
		}
		return worker;
	}

	constructor(name, child, healthPort) {
		this.name = name;
		this.child = child;
		this.pid = child.pid;
		this.healthPort = healthPort;
		this.logs = [];
		this.exited = undefined;
	}

	text() {
		return this.logs.join('');
	}

	/** The execution ids this worker logged "Worker started execution <id>" for, in order. */
	startedExecutions() {
		return [...this.text().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	}

	/** SIGKILL to the worker's whole process group (the worker and its task runner). */
	async kill() {
		killGroup(this.pid, 'SIGKILL');
		await stopGroup(this.pid, 1000);
	}

	async stop() {
		await stopGroup(this.pid, 15000);
	}
}

class QueueCluster {
	/**
	 * Starts Redis and Postgres, puts `instance` into queue mode, runs `prepare` (imports, publish:
	 * they create the database tables), then starts the main and `workers` workers at once.
	 * @param {any} instance an N8nInstance
	 * @param {{ workers?: number, concurrency?: number, env?: Record<string, string>, prepare?: (instance: any) => Promise<void>, log?: (m: string) => void, echo?: boolean }} [options]
	 */
	static async start(instance, { workers = 2, concurrency = 1, env = {}, prepare, log = () => {}, echo = false } = {}) {
		const started = Date.now();
		const cluster = new QueueCluster(instance);
		try {
			cluster.redis = await startRedis({ log });
			cluster.postgres = await startPostgres({ log });
			instance.extraEnv = { ...instance.extraEnv, ...queueEnv(cluster.redis, cluster.postgres, env) };
			if (prepare) await prepare(instance);
			const main = N8nServer.start(instance, { echo }).then((server) => {
				cluster.main = server;
				return server;
			});
			const ready = [main];
			for (let k = 1; k <= workers; k++) {
				ready.push(
					N8nWorker.start(instance, { name: `worker-${k}`, concurrency, echo }).then((worker) => {
						cluster.workers.push(worker);
						return worker;
					}),
				);
			}
			const settled = await Promise.allSettled(ready);
			const failed = settled.find((result) => result.status === 'rejected');
			if (failed && failed.status === 'rejected') throw failed.reason;
			cluster.workers.sort((a, b) => a.name.localeCompare(b.name));
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		cluster.startMs = Date.now() - started;
		log(`queue-mode cluster up in ${(cluster.startMs / 1000).toFixed(1)} s: main ${instance.url}, ${workers} workers`);
		return cluster;
	}

	constructor(instance) {
		this.instance = instance;
		/** @type {any} */
		this.redis = undefined;
		/** @type {any} */
		this.postgres = undefined;
		/** @type {any} */
		this.main = undefined;
		/** @type {N8nWorker[]} */
		this.workers = [];
		this.startMs = 0;
	}

	/** Every process's output so far, by name (the main's, the workers', Redis's, Postgres's). */
	logs() {
		const all = { main: this.main ? this.main.allLogs() : '' };
		for (const worker of this.workers) all[worker.name] = worker.text();
		if (this.redis) all.redis = this.redis.logs.join('');
		if (this.postgres) all.postgres = this.postgres.logs.join('');
		return all;
	}

	/** The worker that logged it started execution `id`, or undefined. */
	workerOf(id) {
		return this.workers.find((worker) => worker.startedExecutions().includes(String(id)));
	}

	/**
	 * Rows of execution_entity (id, status, finished, mode), oldest first.
	 * @returns {Promise<Array<{ id: string, status: string, finished: boolean, mode: string }>>}
	 */
	async executions() {
		/** @type {string[][]} */
		const rows = await this.postgres.psql('SELECT id, status, finished, mode FROM execution_entity ORDER BY id');
		return rows.map(([id, status, finished, mode]) => ({ id, status, finished: finished === 't', mode }));
	}

	/** Stops the workers, the main, Postgres and Redis, each by pid; never throws. */
	async stop() {
		const steps = [
			...this.workers.map((worker) => () => worker.stop()),
			() => this.main && this.main.stop(),
			() => this.postgres && this.postgres.stop(),
			() => this.redis && this.redis.stop(),
		];
		for (const step of steps) {
			try {
				await step();
			} catch {
				// keep stopping the rest
			}
		}
	}
}

module.exports = { N8nWorker, QueueCluster, queueEnv };
