'use strict';
// `n8n start` on an instance's user folder, bound to 127.0.0.1, with its owner account set up
// through the REST API; stopping it stops its whole process group (task runners included).

const { n8nBin, nodeBin } = require('./host');
const { delay, freePort, spawnGroup, stopGroup } = require('./proc');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'StackOne-demo-1',
};

class N8nServer {
	/** Starts `n8n start` and resolves once its REST API answers and the owner is set up. */
	static async start(instance, { timeoutMs = 180000, owner = OWNER, echo = false } = {}) {
		const child = spawnGroup(nodeBin(), [n8nBin(), 'start'], {
			cwd: instance.userFolder,
			env: instance.env(await freePort()),
		});
		const server = new N8nServer(instance, child, owner);
		const record = (chunk) => {
			server.logs.push(String(chunk));
			server.fullLog.push(String(chunk));
			if (server.logs.length > 500) server.logs.shift();
			if (echo) process.stdout.write(chunk);
		};
		child.stdout.on('data', record);
		child.stderr.on('data', record);
		child.on('exit', (code, signal) => {
			server.exited = { code, signal };
		});
		try {
			await server.waitForRest(timeoutMs);
			await server.setUpOwner();
		} catch (error) {
			await server.stop();
			error.message += `\n--- n8n output (last lines) ---\n${server.logs.join('').split('\n').slice(-40).join('\n')}`;
			throw error;
		}
		return server;
	}

	constructor(instance, child, owner) {
		this.instance = instance;
		this.child = child;
		this.owner = owner;
		this.url = instance.url;
		this.logs = [];
		/** Everything it printed (`logs` keeps the last 500 chunks). */
		this.fullLog = [];
		this.cookie = '';
		this.exited = undefined;
	}

	/** `/healthz` answers before the REST routes exist: wait for /rest/settings to give data. */
	async waitForRest(timeoutMs) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exited) throw new Error(`n8n exited while starting (${JSON.stringify(this.exited)})`);
			try {
				const response = await fetch(`${this.url}/rest/settings`);
				if (response.ok && (await response.json()).data) return;
			} catch {
				// not listening yet
			}
			await delay(500);
		}
		throw new Error(`n8n did not answer on ${this.url} within ${timeoutMs} ms`);
	}

	/** Sets up the owner on a fresh user folder; on one that has it already (a restart), signs in. */
	async setUpOwner() {
		const response = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(this.owner),
		});
		if (response.status === 400) {
			const text = await response.text();
			if (/already/i.test(text)) return await this.signIn();
			throw new Error(`owner setup answered 400: ${text}`);
		}
		if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
		this.cookie = authCookie(response);
	}

	async signIn() {
		const response = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
		this.cookie = authCookie(response);
	}

	/** A REST call as the owner; resolves { status, body }. */
	async rest(method, path, body) {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		/** @type {any} JSON when the body is JSON, else its text */
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: response.status, body: parsed };
	}

	/**
	 * Resolves once n8n serves the production webhook `path` for `method`. Newer n8n (2.4x)
	 * activates published workflows in the background after the REST API is up, so a first call
	 * can meet a 404. The probe is a CORS preflight: n8n lists the path's registered methods in
	 * Access-Control-Allow-Methods without running the workflow.
	 */
	async waitForWebhook(path, method = 'POST', timeoutMs = 60000) {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			const response = await fetch(`${this.url}/webhook/${path}`, {
				method: 'OPTIONS',
				headers: { origin: this.url, 'access-control-request-method': method },
			});
			await response.arrayBuffer();
			const allowed = response.headers.get('access-control-allow-methods') ?? '';
			if (response.status < 400 && allowed.split(/,\s*/).includes(method)) return;
			last = `${response.status} ${allowed}`;
			await delay(250);
		}
		throw new Error(`n8n did not register webhook ${method} /webhook/${path} within ${timeoutMs} ms (last answer: ${last})`);
	}

	/** Saves a credential as the owner (`POST /rest/credentials`); resolves its id. */
	async createCredential({ name, type, data }) {
		const { status, body } = await this.rest('POST', '/credentials', { name, type, data });
		if (status !== 200) throw new Error(`saving credential '${name}' answered ${status}: ${JSON.stringify(body)}`);
		return body.data.id;
	}

	/**
	 * `POST /rest/credentials/test`, as n8n's "Test" button sends it: a saved credential's id with
	 * the data shown in the form (n8n 2.8 refuses to test a credential it has not saved).
	 */
	async testCredential(id, { name, type, data }) {
		return await this.rest('POST', '/credentials/test', { credentials: { id, name, type, data } });
	}

	/**
	 * The node or credential types the server loaded (`/types/nodes.json`, `/types/credentials.json`).
	 * n8n writes those files after it starts answering; until then the path serves the editor's HTML.
	 */
	async types(kind) {
		const deadline = Date.now() + 30 * 1000;
		for (;;) {
			const response = await fetch(`${this.url}/types/${kind}.json`, { headers: { cookie: this.cookie } });
			const text = await response.text();
			if (!text.trimStart().startsWith('<')) return JSON.parse(text);
			if (Date.now() > deadline) throw new Error(`n8n did not serve /types/${kind}.json within 30 s`);
			await delay(500);
		}
	}

	/** All the server printed, as one string. */
	allLogs() {
		return this.fullLog.join('');
	}

	async stop() {
		await stopGroup(this.child.pid);
	}
}

function authCookie(response) {
	const cookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	if (!auth) throw new Error('owner setup or sign-in set no n8n-auth cookie');
	return auth.split(';')[0];
}

module.exports = { N8nServer, OWNER };
