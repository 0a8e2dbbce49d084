'use strict';
// `npm run test:compat`: the end-to-end tests in every n8n our users run: 1.123.81 (the last 1.x),
// 2.8.4 (the default of the e2e tests) and 2.41.1, each installed into its own host folder on first
// use (see e2e/harness/host.js), plus the check of the lowest supported n8n (scripts/check-min-n8n.js).
// COMPAT_VERSIONS=2.41.1,... runs some of them; COMPAT_TESTS=<jest path pattern> other test files.
// Prints a table version -> install time, passed, failed, time; exits 1 when anything failed.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const VERSIONS = (process.env.COMPAT_VERSIONS || '1.123.81,2.8.4,2.41.1').split(',').map((v) => v.trim());
/** Every e2e test file: the CLI ones, the server ones (editor REST, webhook) and the browser one. */
const TESTS = process.env.COMPAT_TESTS || 'test/e2e/';

const log = (message) => process.stderr.write(`[compat] ${message}\n`);
const seconds = (ms) => `${Math.round(ms / 1000)} s`;

function step(command, args, env = process.env) {
	const result = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit' });
	return result.status === 0;
}

async function main() {
	const started = Date.now();
	if (!step('npm', ['run', 'build'])) throw new Error('npm run build failed');
	const minOk = step(process.execPath, [path.join(__dirname, 'check-min-n8n.js')]);

	const rows = [];
	for (const version of VERSIONS) {
		const env = { ...process.env, N8N_E2E_VERSION: version };
		const row = { version, install: '-', passed: 0, failed: 0, time: '-', note: '' };
		rows.push(row);
		// Install first (timed on its own), in a child so the harness reads this version's env.
		const t0 = Date.now();
		const installed = step(process.execPath, ['-e', "require('./e2e/harness').ensureN8nHost({ log: (m) => process.stderr.write(`[e2e] ${m}\\n`) }).catch((e) => { console.error(e); process.exit(1); })"], env);
		row.install = seconds(Date.now() - t0);
		if (!installed) {
			row.failed = 1;
			row.note = 'install failed';
			continue;
		}
		log(`n8n ${version}: ${TESTS}`);
		const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compat-')), 'jest.json');
		const t1 = Date.now();
		const ok = step(
			process.execPath,
			[require.resolve('jest/bin/jest'), TESTS, '--runInBand', '--json', `--outputFile=${report}`],
			env,
		);
		row.time = seconds(Date.now() - t1);
		try {
			const results = JSON.parse(fs.readFileSync(report, 'utf8'));
			row.passed = results.numPassedTests;
			row.failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
			const failedFiles = results.testResults
				// A file with a skipped test reports 'focused', not 'passed'.
				.filter((file) => file.status === 'failed')
				.map((file) => `failed: ${path.basename(file.name)}`);
			row.note = [row.note, ...failedFiles].filter(Boolean).join('; ');
		} catch {
			row.failed = Math.max(row.failed, ok ? 0 : 1);
			row.note = [row.note, 'no jest report'].filter(Boolean).join('; ');
		}
		if (!ok && row.failed === 0) row.failed = 1;
		fs.rmSync(path.dirname(report), { recursive: true, force: true });
	}

	const lines = [
		'',
		'| n8n | install | passed | failed | time | notes |',
		'|---|---|---|---|---|---|',
		...rows.map((r) => `| ${r.version} | ${r.install} | ${r.passed} | ${r.failed} | ${r.time} | ${r.note} |`),
		`| lowest supported (check-min-n8n) | | ${minOk ? 1 : 0} | ${minOk ? 0 : 1} | | scripts/check-min-n8n.js |`,
		'',
		`test:compat took ${seconds(Date.now() - started)}`,
	];
	console.log(lines.join('\n'));
	const passed = rows.reduce((n, r) => n + r.passed, 0) + (minOk ? 1 : 0);
	const failed = rows.reduce((n, r) => n + r.failed, 0) + (minOk ? 0 : 1);
	console.log(`compat: ${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
