'use strict';
// The services n8n's queue mode needs, from Debian's packages, each a throwaway job of its own:
// redis-server (no persistence) and a PostgreSQL cluster made with initdb in a temp folder, run as
// the `postgres` user (Postgres refuses root). Both bind 127.0.0.1 on free ports and are stopped by
// pid. No system service is used.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { delay, freePort, run, spawnGroup, stopGroup } = require('./proc');

const REDIS = process.env.REDIS_SERVER_PATH || '/usr/bin/redis-server';

/** Debian's PostgreSQL binaries (/usr/lib/postgresql/<newest>/bin), or undefined. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** What is missing for queue mode ([] when both are there). */
function queueServicesMissing() {
	const missing = [];
	if (!fs.existsSync(REDIS)) missing.push(`redis-server (${REDIS}; apt-get install -y redis-server)`);
	if (!postgresBinDir()) missing.push('PostgreSQL (/usr/lib/postgresql/<ver>/bin; apt-get install -y postgresql)');
	return missing;
}

/** Collects a child's output (last 500 chunks) and resolves when a line matches `ready`. */
function watch(child, ready, name, timeoutMs) {
	const logs = [];
	let exited;
	const record = (chunk) => {
		logs.push(String(chunk));
		if (logs.length > 500) logs.shift();
	};
	child.stdout.on('data', record);
	child.stderr.on('data', record);
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const waitReady = async () => {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (ready.test(logs.join(''))) return;
			if (exited) throw new Error(`${name} exited while starting (${JSON.stringify(exited)}):\n${logs.join('')}`);
			await delay(100);
		}
		throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${logs.join('')}`);
	};
	return { logs, waitReady };
}

/** `redis-server` on a free port of 127.0.0.1, no persistence, in a temp folder. */
async function startRedis({ log = () => {}, timeoutMs = 30000 } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-e2e-'));
	const port = await freePort();
	const child = spawnGroup(
		REDIS,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
		{ cwd: dir },
	);
	const { logs, waitReady } = watch(child, /Ready to accept connections/, 'redis-server', timeoutMs);
	const stop = async () => {
		await stopGroup(child.pid, 5000);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitReady();
	} catch (error) {
		await stop();
		throw error;
	}
	log(`redis-server on 127.0.0.1:${port} (pid ${child.pid})`);
	return { host: '127.0.0.1', port, pid: child.pid, logs, stop };
}

/**
 * A throwaway PostgreSQL cluster: initdb (trust auth, user postgres) in a temp folder owned by the
 * `postgres` user, `postgres` itself on a free port of 127.0.0.1 (its socket in that folder), and
 * one database. Run as `postgres` when this process is root.
 */
async function startPostgres({ database = 'n8n', log = () => {}, timeoutMs = 60000 } = {}) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('no PostgreSQL under /usr/lib/postgresql (apt-get install -y postgresql)');
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'postgres-e2e-'));
	const dataDir = path.join(base, 'data');
	fs.mkdirSync(dataDir);
	fs.chmodSync(base, 0o755);
	if (asRoot) await run('chown', ['-R', 'postgres:postgres', base]);
	const as = (command, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);

	const [initCommand, initArgs] = as(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	await run(initCommand, initArgs, { cwd: base, timeoutMs });
	const port = await freePort();
	const [command, args] = as(path.join(bin, 'postgres'), [
		'-D', dataDir, '-p', String(port), '-k', base, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
	]);
	const child = spawnGroup(command, args, { cwd: base });
	const { logs, waitReady } = watch(child, /database system is ready to accept connections/, 'postgres', timeoutMs);
	const stop = async () => {
		// SIGTERM is Postgres's "smart" shutdown; SIGINT its "fast" one, which does not wait for clients.
		if (child.pid) {
			try {
				process.kill(-child.pid, 'SIGINT');
			} catch {
				// gone
			}
		}
		await stopGroup(child.pid, 10000);
		fs.rmSync(base, { recursive: true, force: true });
	};
	const psql = async (sql, db = database) => {
		const { stdout } = await run(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-At', '-F', '\t', '-c', sql]);
		return stdout
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split('\t'));
	};
	try {
		await waitReady();
		await psql(`CREATE DATABASE ${database}`, 'postgres');
	} catch (error) {
		await stop();
		throw error;
	}
	log(`postgres on 127.0.0.1:${port}, database ${database} (pid ${child.pid})`);
	return { host: '127.0.0.1', port, database, user: 'postgres', pid: child.pid, logs, psql, stop };
}

module.exports = { postgresBinDir, queueServicesMissing, startPostgres, startRedis };
