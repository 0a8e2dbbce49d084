// n8n's own community-package scanner (@n8n/scan-community-package, pinned in devDependencies)
// on what n8n verifies, without the registry its command line fetches from:
// - the tarball: `npm pack` of the package, unpacked, scanned with the scanner's analyzePackage
//   and its default file patterns (every .js, .ts and .json it holds);
// - the source: the package folder scanned with the scanner's SOURCE_FILE_PATTERNS, as its
//   provenance leg lints the source checkout the published version was built from.
// The rules, their configuration (buildScanConfig) and the ESLint run are all the scanner's.
// Prints its findings and a summary line; exits 1 on any finding (or when a leg finds no files).
// Run after `npm run build`: the tarball holds dist/ as it is.
//
//   node scripts/scan-package.js [--root <package folder>]   (default: this repository)
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const { createRequire } = require('module');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const SCANNER = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scannerRequire = createRequire(SCANNER);

function parseArgs(argv) {
	const args = { root: path.resolve(__dirname, '..') };
	for (let i = 0; i < argv.length; i += 1) {
		if (argv[i] === '--root') args.root = path.resolve(argv[++i]);
		else throw new Error(`unknown argument ${argv[i]} (usage: scan-package.js [--root <folder>])`);
	}
	return args;
}

/** The files a leg scans, found as analyzePackage finds them (fast-glob, same ignores). */
function filesOf(dir, patterns) {
	const glob = scannerRequire('fast-glob');
	return glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] });
}

/**
 * The number of findings in the scanner's stylish report ("✖ 3 problems (2 errors, 1 warning)"):
 * its errors, since only errors fail the scanner (its report then lists the warnings too).
 */
function countFindings(details) {
	// eslint-disable-next-line no-control-regex
	const plain = String(details || '').replace(/\u001b\[[0-9;]*m/g, '');
	const match = /\((\d+) errors?,/.exec(plain);
	return match ? Number(match[1]) : 1;
}

async function scanLeg(scanner, label, dir, patterns) {
	const files = filesOf(dir, patterns || ['**/*.js', '**/*.ts', '**/*.json']);
	if (files.length === 0) {
		console.log(`scan-package: ${label}: no files to scan in ${dir}`);
		return { label, files: 0, findings: 1 };
	}
	const result = await scanner.analyzePackage(dir, patterns);
	if (result.passed) return { label, files: files.length, findings: 0 };
	console.log(`scan-package: ${label}: ${result.message}`);
	if (result.details) process.stdout.write(`${result.details.trimEnd()}\n`);
	return { label, files: files.length, findings: result.details ? countFindings(result.details) : 1 };
}

async function main() {
	const { root } = parseArgs(process.argv.slice(2));
	// eslint-plugin-n8n-nodes-base reads NODE_ENV once, when it loads: under 'test' (jest sets it)
	// it takes every file for a node, a trigger and a credential alike and reports nonsense.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	const scanner = await import(pathToFileURL(SCANNER).href);
	// The scanner makes a temp folder when it loads (for downloads it does not do here).
	scannerRequire('tmp').setGracefulCleanup();
	const version = scannerRequire('../package.json').version;

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
	try {
		const packed = execFileSync(
			'npm',
			['pack', '--json', '--ignore-scripts', '--pack-destination', work],
			{ cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const [{ filename }] = JSON.parse(packed.slice(packed.indexOf('[')));
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', path.join(work, path.basename(filename)), '-C', unpacked, '--strip-components=1']);

		const legs = [
			await scanLeg(scanner, `tarball ${path.basename(filename)}`, unpacked, undefined),
			await scanLeg(scanner, 'source', root, scanner.SOURCE_FILE_PATTERNS),
		];
		const findings = legs.reduce((sum, leg) => sum + leg.findings, 0);
		const summary = legs.map((leg) => `${leg.label}: ${leg.files} files, ${leg.findings} findings`).join('; ');
		console.log(`scan-package: @n8n/scan-community-package ${version}: ${summary}: ${findings ? 'FAILED' : 'passed'}`);
		process.exitCode = findings ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
