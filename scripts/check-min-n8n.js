// Checks the lowest n8n version the README states: loads the built node and credential against
// the n8n-workflow of that n8n (installed into a temp folder) and checks that every name the
// package imports from n8n-workflow exists there. Run after `npm run build`; part of test:compat.
const { execFileSync } = require('child_process');
const { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('fs');
const Module = require('module');
const { tmpdir } = require('os');
const path = require('path');

/**
 * The lowest n8n the README states. NodeConnectionTypes arrived in n8n-workflow 1.83.0; n8n 1.85.3
 * ships it (1.82.3 ships 1.80.1, and 1.83 and 1.84 cannot be installed from the registry here).
 */
const MIN_N8N = '1.85.3';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

function jsFiles(dir) {
	return readdirSync(dir).flatMap((name) => {
		const file = path.join(dir, name);
		if (statSync(file).isDirectory()) return jsFiles(file);
		return file.endsWith('.js') ? [file] : [];
	});
}

/** Names used as `<alias>.<name>` where `<alias> = require("n8n-workflow")` in the compiled code. */
function importedNames() {
	const names = new Set();
	for (const file of jsFiles(dist)) {
		const code = readFileSync(file, 'utf8');
		for (const [, alias] of code.matchAll(/const (\w+) = require\("n8n-workflow"\)/g)) {
			for (const [, name] of code.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))) names.add(name);
		}
	}
	return [...names].sort();
}

const MIN_N8N_WORKFLOW = execFileSync('npm', ['view', `n8n@${MIN_N8N}`, 'dependencies.n8n-workflow'], {
	encoding: 'utf8',
}).trim();

const work = mkdtempSync(path.join(tmpdir(), 'min-n8n-'));
try {
	writeFileSync(path.join(work, 'package.json'), '{"name":"min-n8n-check","private":true}');
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n-workflow@${MIN_N8N_WORKFLOW}`], {
		cwd: work,
		stdio: 'ignore',
	});
	const oldWorkflowDir = path.join(work, 'node_modules', 'n8n-workflow');
	const oldWorkflow = require(oldWorkflowDir);

	const missing = importedNames().filter((name) => oldWorkflow[name] === undefined);

	// Load the package with every require('n8n-workflow') served by the old version.
	const resolve = Module._resolveFilename;
	Module._resolveFilename = function (request, ...rest) {
		if (request === 'n8n-workflow') return require.resolve(oldWorkflowDir);
		return resolve.call(this, request, ...rest);
	};
	const pkg = require(path.join(root, 'package.json'));
	const loaded = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((entry) => {
		const className = path.basename(entry).split('.')[0];
		const instance = new (require(path.join(root, entry))[className])();
		return `${className} (${(instance.description ?? instance).name})`;
	});
	Module._resolveFilename = resolve;

	console.log(`Imports from n8n-workflow: ${importedNames().join(', ')}`);
	console.log(`Loaded against n8n-workflow ${MIN_N8N_WORKFLOW} (n8n ${MIN_N8N}): ${loaded.join(', ')}`);
	if (missing.length) {
		console.error(`Missing in n8n-workflow ${MIN_N8N_WORKFLOW}: ${missing.join(', ')}`);
		process.exitCode = 1;
	} else {
		console.log(`check-min-n8n: every import exists in n8n-workflow ${MIN_N8N_WORKFLOW}: n8n ${MIN_N8N} or newer holds.`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
