'use strict';
// One n8n "instance": a fresh user folder with the packed package installed the way n8n installs
// community packages, the environment every n8n command of it runs with, and its CLI
// (import:credentials, import:workflow, execute). The server is in server.js.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ensureN8nHost, n8nBin, nodeBin, pinnedVersion } = require('./host');
const { ensureNodesFolder, installPackedPackage, packPackage } = require('./pack');
const { childEnv, freePort, run } = require('./proc');

/** Fixed, so the credentials imported into a user folder stay readable by every command on it. */
const ENCRYPTION_KEY = 'n8n-nodes-stackone-lms-e2e-key';
/** How long an n8n command may take before it is stopped, unless the call says otherwise. */
const CLI_TIMEOUT_MS = 5 * 60 * 1000;

class N8nInstance {
	/**
	 * Installs the pinned n8n if needed, packs the package (unless `tarball` is given; `build` forces
	 * a build first) and installs it into a fresh user folder under the system temp folder. With
	 * `install: false` the user folder gets only an empty community-nodes folder, as n8n makes it.
	 * @param {{ tarball?: string, build?: boolean, install?: boolean, log?: (message: string) => void }} [options]
	 */
	static async create({ tarball, build = false, install = true, log = () => {} } = {}) {
		await ensureN8nHost({ log });
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-stackone-'));
		if (install) {
			const packed = tarball || (await packPackage({ build, log }));
			await installPackedPackage(packed, userFolder);
			if (!tarball) fs.rmSync(path.dirname(packed), { recursive: true, force: true });
		} else {
			ensureNodesFolder(userFolder);
		}
		return new N8nInstance(userFolder, await freePort(), log);
	}

	/** `<user folder>/.n8n/nodes`, where n8n looks for community packages. */
	get nodesFolder() {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	constructor(userFolder, port, log) {
		this.userFolder = userFolder;
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
		this.log = log;
		/** Set for every command on this folder (e.g. queue mode's database and Redis; see cluster.js). */
		this.extraEnv = {};
	}

	/** The environment of every n8n command on this user folder; `brokerPort` must be free. */
	env(brokerPort, extra = {}) {
		return childEnv({
			// Under jest NODE_ENV is 'test', and n8n then runs nothing and prints nothing (exit 0).
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			...this.extraEnv,
			...extra,
		});
	}

	/**
	 * Runs `n8n <args>` on this user folder (each call with its own free broker port), stopped after
	 * `timeoutMs` (5 minutes unless given).
	 */
	async cli(args, { allowFailure = false, timeoutMs = CLI_TIMEOUT_MS } = {}) {
		return await run(nodeBin(), [n8nBin(), ...args], {
			cwd: this.userFolder,
			env: this.env(await freePort()),
			allowFailure,
			timeoutMs,
		});
	}

	/** `import:credentials` of `[{ id, name, type, data }]` with plain data (n8n encrypts it). */
	async importCredentials(credentials) {
		const file = this.writeJson(`credentials-${Date.now()}.json`, credentials);
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** `import:workflow --separate` of several workflow objects at once (each with an `id`). */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'workflows-'));
		workflows.forEach((workflow, k) => {
			fs.writeFileSync(path.join(dir, `${k}.json`), JSON.stringify(workflow, null, 2));
		});
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * Activates a saved workflow so its triggers (webhooks) run once `n8n start` is up: n8n 2
	 * publishes it; the 1.x CLI has no publish:workflow and sets the active flag instead.
	 */
	async activateWorkflow(id) {
		const major = Number(pinnedVersion().split('.')[0]);
		await this.cli(
			major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'],
		);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. Resolves { code, run, stdout, stderr }: `run` is the
	 * run's JSON (null when none was printed); `code` is 0 for a successful run, 1 for a failed one.
	 * `timeoutMs` (the bench's long runs) replaces the 5 minutes after which the command is stopped.
	 */
	async execute(workflowId, { timeoutMs = CLI_TIMEOUT_MS } = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
			timeoutMs,
		});
		return { ...result, run: parseRunOutput(result.stdout) };
	}

	writeJson(name, value) {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/** Removes the user folder (stop the server first). */
	dispose() {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * The run's JSON, which `n8n execute --rawOutput` prints after its log lines: from the first line
 * that is exactly `{` to the next line that is exactly `}`.
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return null;
	const end = lines.indexOf('}', start);
	if (end < 0) return null;
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

/** The items (json + pairedItem) one node sent to one of its outputs in its first run. */
function nodeOutput(runJson, nodeName, outputIndex = 0) {
	const runs = runJson && runJson.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node '${nodeName}' did not run`);
	const main = (runs[0].data && runs[0].data.main) || [];
	return main[outputIndex] || [];
}

/** The message of a failed run, or undefined. */
function runError(runJson) {
	const error = runJson && runJson.data.resultData.error;
	return error ? error.message : undefined;
}

module.exports = { CLI_TIMEOUT_MS, ENCRYPTION_KEY, N8nInstance, nodeOutput, parseRunOutput, runError };
