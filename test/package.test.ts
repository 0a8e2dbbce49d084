import { execFileSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..');
const pkg = require('../package.json') as Record<string, any>;

/** Every source file of the package, as the compiled files it must ship. */
function expectedFiles(): string[] {
	const sources: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(path.join(root, dir))) {
			const relative = path.posix.join(dir, name);
			if (statSync(path.join(root, relative)).isDirectory()) walk(relative);
			else sources.push(relative);
		}
	};
	walk('nodes');
	walk('credentials');
	const compiled = sources.flatMap((source) =>
		source.endsWith('.ts')
			? [`dist/${source.replace(/\.ts$/, '.js')}`]
			: [`dist/${source}`],
	);
	const icons = readdirSync(path.join(root, 'icons')).map((icon) => `dist/icons/${icon}`);
	return [...compiled, ...icons, 'LICENSE', 'README.md', 'index.js', 'package.json'].sort();
}

describe('The packed package', () => {
	let files: string[];

	beforeAll(() => {
		expect(existsSync(path.join(root, 'dist'))).toBe(true); // npm test builds before jest
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: root,
				encoding: 'utf8',
			}),
		) as Array<{ files: Array<{ path: string }> }>;
		files = packed[0].files.map((file) => file.path).sort();
	});

	it('holds exactly the compiled node, credential, icons, README, LICENSE: no tests, maps, sandbox or .ts', () => {
		expect(files).toEqual(expectedFiles());
		// No .d.ts either: n8n's scanner lints every .ts in the tarball, and its credentials rules
		// refuse a credentials/*.d.ts by its name (cred-filename-against-convention).
		expect(files.filter((file) => /\.map$|test|sandbox|e2e|\.ts$/.test(file))).toEqual([]);
	});

	it('points n8n at files that are in it, with each class named after its file', () => {
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials] as string[]) {
			expect(files).toContain(entry);
			const className = path.basename(entry).split('.')[0];
			const loaded = require(path.join(root, entry)) as Record<string, unknown>;
			expect(typeof loaded[className]).toBe('function');
		}
	});

	it('has the fields n8n and its verification ask for', () => {
		expect(pkg.name).toBe('n8n-nodes-stackone-lms');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.overrides).toBeUndefined();
		for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
			expect(pkg.scripts[script]).toBeUndefined();
		}
		expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\//);
		expect(pkg.homepage).toMatch(/^https:\/\//);
		expect(pkg.author?.name ?? pkg.author).toBeTruthy();
	});
});
