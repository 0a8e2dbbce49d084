// Lints what users get: packs the package, unpacks the tarball, and runs n8n's community-node
// rules on its JavaScript and package.json, with inline eslint-disable comments not honoured
// (n8n's scanner reads the published tarball the same way). Run after `npm run build`.
const { execFileSync } = require('child_process');
const { mkdtempSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

async function main() {
	const { ESLint } = await import('eslint');
	const community = (await import('@n8n/eslint-plugin-community-nodes')).default;
	const jsonParser = await import('jsonc-eslint-parser');

	const work = mkdtempSync(path.join(tmpdir(), 'lint-tarball-'));
	try {
		const root = path.resolve(__dirname, '..');
		const [{ filename }] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
		);
		execFileSync('tar', ['-xzf', path.join(work, filename), '-C', work]);
		const unpacked = path.join(work, 'package');

		const eslint = new ESLint({
			cwd: unpacked,
			overrideConfigFile: true,
			overrideConfig: [
				{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
				{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 } },
				{ files: ['package.json'], languageOptions: { parser: jsonParser } },
				{ files: ['**/*.js', 'package.json'], ...community.configs.recommended },
			],
		});
		const results = await eslint.lintFiles(['dist/**/*.js', 'package.json']);
		const formatter = await eslint.loadFormatter('stylish');
		const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
		const report = formatter.format(results);
		if (report) process.stdout.write(report);
		console.log(`lint-tarball: ${results.length} files of ${filename} checked, ${errors} errors`);
		process.exitCode = errors ? 1 : 0;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
