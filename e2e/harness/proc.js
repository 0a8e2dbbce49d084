'use strict';
// Child processes for the harness and the demo: run a command to its end, start a long-lived one
// in its own process group, stop that group, and find free ports on 127.0.0.1.

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const LOCK_ROOT = path.resolve(__dirname, '..', '..', '.n8n-harness');

// Every process group started here is killed when this process exits, however it exits (a failed
// test, a jest timeout, an uncaught error), so no n8n outlives the tests or the demo.
const groups = new Set();
process.on('exit', () => {
	for (const pid of groups) killGroup(pid, 'SIGKILL');
});

/** Starts a command detached, in a process group of its own that `stopGroup` can end. */
function spawnGroup(command, args, options) {
	const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	if (child.pid) groups.add(child.pid);
	return child;
}

/**
 * The environment for an npm or n8n child: npm may fetch unasked, and nothing an outer `npm run`
 * exported (its project prefix, its package fields) leaks into a command meant for another folder.
 */
function childEnv(extra = {}) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (/^npm_(package_|lifecycle_|config_(local_prefix|prefix|global)$)/i.test(key)) delete env[key];
	}
	return { ...env, npm_config_yes: 'true', ...extra };
}

/**
 * Runs a command to its end and resolves { code, stdout, stderr }. Rejects on a non-zero exit
 * unless `allowFailure`. `onLine` sees output lines as they come (for progress).
 */
function run(command, args, { cwd, env, allowFailure = false, timeoutMs = 0, onLine } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawnGroup(command, args, { cwd, env: env || childEnv() });
		let stdout = '';
		let stderr = '';
		const relay = (chunk) => {
			if (!onLine) return;
			for (const line of String(chunk).split('\n')) if (line.trim()) onLine(line);
		};
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			relay(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			relay(chunk);
		});
		const timer =
			timeoutMs > 0
				? setTimeout(() => {
						killGroup(child.pid);
						reject(new Error(`${command} ${args.join(' ')} took longer than ${timeoutMs} ms`));
					}, timeoutMs)
				: undefined;
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// Whatever the command left behind in its group (an n8n task runner) goes with it.
			killGroup(child.pid);
			groups.delete(child.pid);
			const result = { code: code === null ? -1 : code, signal, stdout, stderr };
			if (result.code !== 0 && !allowFailure) {
				const tail = (stderr || stdout).trim().split('\n').slice(-25).join('\n');
				const error = new Error(`${command} ${args.join(' ')} exited with ${signal || code}:\n${tail}`);
				Object.assign(error, result);
				reject(error);
				return;
			}
			resolve(result);
		});
	});
}

/** Sends a signal to a whole process group (the child was started detached); ignores a gone one. */
function killGroup(pid, signal = 'SIGTERM') {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** SIGTERM to the group, then SIGKILL if it is still there after `graceMs`. */
async function stopGroup(pid, graceMs = 10000) {
	if (!pid || !groupAlive(pid)) return;
	killGroup(pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && groupAlive(pid)) await delay(100);
	if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
	while (groupAlive(pid)) await delay(50);
	groups.delete(pid);
}

/** A port on 127.0.0.1 that was free a moment ago. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * Runs `fn` holding a named lock shared by every process of this checkout (jest workers, a demo
 * beside a test run): a directory under .n8n-harness/, taken over when its owner has died.
 */
async function withLock(name, fn, log = () => {}) {
	const lockDir = path.join(LOCK_ROOT, `${name}.lock`);
	const pidFile = path.join(lockDir, 'pid');
	fs.mkdirSync(LOCK_ROOT, { recursive: true });
	let told = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(pidFile, String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(pidFile, 'utf8'));
			} catch {
				// the owner has not written its pid yet
			}
			if (owner && !pidAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!told) log(`waiting for another process (pid ${owner || '?'}) that holds the ${name} lock...`);
			told = true;
			await delay(500);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

module.exports = { childEnv, run, spawnGroup, killGroup, stopGroup, freePort, delay, withLock };
