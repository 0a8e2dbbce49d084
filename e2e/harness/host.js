'use strict';
// The pinned n8n that the end-to-end tests and the demo run: e2e/n8n-host holds its package.json
// and lockfile; its node_modules is installed there on first use (`npm ci`, a few minutes) and
// reused afterwards. Never a global install.

const fs = require('fs');
const path = require('path');

const { childEnv, run, withLock } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST_DIR = path.join(ROOT, 'e2e', 'n8n-host');

function pinnedVersion() {
	const manifest = JSON.parse(fs.readFileSync(path.join(HOST_DIR, 'package.json'), 'utf8'));
	return manifest.dependencies.n8n;
}

function n8nBin() {
	return path.join(HOST_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Whether a complete install of the pinned version is there (npm writes its hidden lockfile last). */
function hostReady() {
	try {
		const installed = JSON.parse(fs.readFileSync(path.join(HOST_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8'));
		return (
			installed.version === pinnedVersion() &&
			fs.existsSync(n8nBin()) &&
			fs.existsSync(path.join(HOST_DIR, 'node_modules', '.package-lock.json'))
		);
	} catch {
		return false;
	}
}

/**
 * Installs the pinned n8n into e2e/n8n-host when it is missing (or another version), and returns
 * the path of its `n8n` executable. Safe to call from several processes at once.
 */
async function ensureN8nHost({ log = () => {} } = {}) {
	if (hostReady()) return n8nBin();
	await withLock('host-install', async () => {
		if (hostReady()) return;
		const started = Date.now();
		log(`installing n8n ${pinnedVersion()} into ${path.relative(ROOT, HOST_DIR)} (npm ci; a few minutes on a fresh machine)...`);
		await run('npm', ['ci', '--no-audit', '--no-fund'], {
			cwd: HOST_DIR,
			env: childEnv(),
			timeoutMs: 20 * 60 * 1000,
		});
		if (!hostReady()) throw new Error(`npm ci in ${HOST_DIR} finished, but no n8n ${pinnedVersion()} is there`);
		log(`n8n ${pinnedVersion()} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	}, log);
	return n8nBin();
}

module.exports = { ROOT, HOST_DIR, ensureN8nHost, hostReady, n8nBin, pinnedVersion };
