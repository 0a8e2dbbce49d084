'use strict';
// A throwaway npm registry for the tests that publish and install the package as users do:
// verdaccio (pinned in devDependencies) on a free 127.0.0.1 port, its storage in a temp folder,
// no uplink (a package it does not hold is a 404: nothing is fetched from anywhere else), and one
// user created over the registry's own REST login, whose token goes into a temp .npmrc. Every
// npm command meant for it runs with `registry.env()`: that .npmrc as the user config and a cache
// of its own. `stop()` ends the process group by its pid and removes the folder.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { childEnv, delay, freePort, run, spawnGroup, stopGroup } = require('./proc');

const VERDACCIO = require.resolve('verdaccio/bin/verdaccio');
const USER = { name: 'e2e-publisher', password: 'e2e-publisher-password', email: 'e2e@example.com' };

class LocalRegistry {
	/** Starts verdaccio and resolves once it answers /-/ping and the publisher is logged in. */
	static async start({ timeoutMs = 60000 } = {}) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackone-registry-'));
		const port = await freePort();
		const config = [
			`storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
			'auth:',
			'  htpasswd:',
			`    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
			'    max_users: 1',
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'    unpublish: $authenticated',
			'web:',
			'  enable: false',
			'log: { type: stdout, format: json, level: warn }',
			'',
		].join('\n');
		const configFile = path.join(dir, 'config.yaml');
		fs.writeFileSync(configFile, config);
		const child = spawnGroup(process.execPath, [VERDACCIO, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
			cwd: dir,
			env: childEnv(),
		});
		const registry = new LocalRegistry(dir, port, child);
		child.stdout.on('data', (chunk) => registry.logs.push(String(chunk)));
		child.stderr.on('data', (chunk) => registry.logs.push(String(chunk)));
		child.on('exit', (code, signal) => {
			registry.exited = { code, signal };
		});
		try {
			await registry.waitForPing(timeoutMs);
			await registry.logIn();
		} catch (error) {
			await registry.stop();
			error.message += `\n--- verdaccio output ---\n${registry.logs.join('').slice(-4000)}`;
			throw error;
		}
		return registry;
	}

	constructor(dir, port, child) {
		this.dir = dir;
		this.port = port;
		this.child = child;
		this.url = `http://127.0.0.1:${port}/`;
		this.npmrc = path.join(dir, 'npmrc');
		this.cache = path.join(dir, 'npm-cache');
		this.logs = [];
		this.exited = undefined;
	}

	async waitForPing(timeoutMs) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exited) throw new Error(`verdaccio exited while starting (${JSON.stringify(this.exited)})`);
			try {
				const response = await fetch(`${this.url}-/ping`);
				await response.arrayBuffer();
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await delay(200);
		}
		throw new Error(`verdaccio did not answer on ${this.url} within ${timeoutMs} ms`);
	}

	/** `npm adduser` as its REST call: creates the user, and writes its token into the .npmrc. */
	async logIn() {
		const response = await fetch(`${this.url}-/user/org.couchdb.user:${USER.name}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ _id: `org.couchdb.user:${USER.name}`, type: 'user', roles: [], ...USER }),
		});
		const body = await response.json();
		if (response.status !== 201 || !body.token) {
			throw new Error(`creating the registry user answered ${response.status}: ${JSON.stringify(body)}`);
		}
		const host = this.url.replace(/^https?:/, '');
		fs.writeFileSync(this.npmrc, `registry=${this.url}\n${host}:_authToken=${body.token}\n`);
	}

	/**
	 * The environment of an npm command against this registry (and no other). Without NODE_ENV:
	 * jest sets it to 'test', and eslint-plugin-n8n-nodes-base (in prepublishOnly's lint) then
	 * takes every file for a node, a trigger and a credential at once.
	 */
	env(extra = {}) {
		const env = childEnv({
			npm_config_userconfig: this.npmrc,
			npm_config_registry: this.url,
			npm_config_cache: this.cache,
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
			...extra,
		});
		if (!('NODE_ENV' in extra)) delete env.NODE_ENV;
		return env;
	}

	/**
	 * `npm <args>` in `cwd` against this registry; resolves { code, stdout, stderr }.
	 * @param {string[]} args
	 * @param {{ cwd: string, allowFailure?: boolean }} options
	 */
	async npm(args, { cwd, allowFailure = false }) {
		return await run('npm', args, { cwd, env: this.env(), timeoutMs: 10 * 60 * 1000, allowFailure });
	}

	/** `npm publish` of the project in `dir` to this registry (its prepublishOnly runs as usual). */
	async publish(dir) {
		const result = await run('npm', ['publish'], { cwd: dir, env: this.env(), timeoutMs: 10 * 60 * 1000, allowFailure: true });
		if (result.code !== 0) {
			// prepublishOnly's findings are on stdout, npm's own verdict on stderr.
			const tail = (text) => text.trim().split('\n').slice(-40).join('\n');
			throw new Error(`npm publish in ${dir} exited with ${result.code}:\n${tail(result.stdout)}\n${tail(result.stderr)}`);
		}
		return result;
	}

	/** The versions of a package the registry holds (its packument), or [] when it has none. */
	async versions(name) {
		const response = await fetch(`${this.url}${name.replace('/', '%2f')}`);
		if (response.status === 404) return [];
		const body = await response.json();
		return Object.keys(body.versions || {});
	}

	async stop() {
		await stopGroup(this.child.pid);
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

module.exports = { LocalRegistry };
