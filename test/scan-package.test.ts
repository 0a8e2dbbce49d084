// scripts/scan-package.js, the lint step that runs n8n's own scanner: it passes this package, and
// it fails (exit 1, the rule named) on a copy of the package that breaks one of the scanner's rules.
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

const root = path.resolve(__dirname, '..');
const script = path.join(root, 'scripts', 'scan-package.js');

function scan(packageRoot: string) {
	const result = spawnSync(process.execPath, [script, '--root', packageRoot], {
		encoding: 'utf8',
		timeout: 120000,
	});
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/scan-package.js (n8n\'s scanner on the tarball and the source)', () => {
	let copy = '';

	beforeAll(() => {
		expect(existsSync(path.join(root, 'dist'))).toBe(true); // npm test builds before jest
	});

	beforeEach(() => {
		// What `npm pack` and the source leg read: the manifest, the files it ships, the sources.
		copy = mkdtempSync(path.join(tmpdir(), 'scan-package-copy-'));
		for (const entry of ['package.json', 'README.md', 'LICENSE', 'index.js', 'dist', 'icons', 'nodes', 'credentials']) {
			cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
		}
	});

	afterEach(() => rmSync(copy, { recursive: true, force: true }));

	it('passes this package: no finding on the tarball or the source', () => {
		const { code, output } = scan(copy);
		expect(output).toMatch(/tarball n8n-nodes-stackone-lms-[\d.]+\.tgz: \d+ files, 0 findings; source: \d+ files, 0 findings: passed/);
		expect(code).toBe(0);
	});

	it('fails on an author without an email, in the tarball and in the source', () => {
		const manifestPath = path.join(copy, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
		manifest.author = { name: manifest.author.name };
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

		const { code, output } = scan(copy);
		expect(code).toBe(1);
		expect(output.match(/@n8n\/community-nodes\/valid-author/g)).toHaveLength(2);
		expect(output).toContain(path.join('package', 'package.json')); // the unpacked tarball's
		expect(output).toContain(manifestPath); // the source's
		expect(output).toMatch(/1 findings; source: \d+ files, 1 findings: FAILED/);
	});

	it('fails on a declaration file under dist/credentials, as the scanner lints every .ts it ships', () => {
		writeFileSync(
			path.join(copy, 'dist', 'credentials', 'StackOneApi.credentials.d.ts'),
			// What tsc's `declaration: true` wrote there before (abridged).
			[
				"import type { ICredentialType, INodeProperties } from 'n8n-workflow';",
				'export declare class StackOneApi implements ICredentialType {',
				'    name: string;',
				'    properties: INodeProperties[];',
				'}',
				'',
			].join('\n'),
		);

		const { code, output } = scan(copy);
		expect(code).toBe(1);
		expect(output).toContain('n8n-nodes-base/cred-filename-against-convention');
		expect(output).toContain('StackOneApi.credentials.d.ts');
		expect(output).toMatch(/source: \d+ files, 0 findings: FAILED/);
	});
});
