'use strict';
// The package as users get it: `npm pack`, then what n8n's community-package installer does with
// the tarball (n8n 2.8 CommunityPackagesService.downloadPackage): extract it into
// <user folder>/.n8n/nodes/node_modules/<name>, strip dev, peer and optional dependencies,
// `npm install` without scripts, and record it in the nodes folder's package.json.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT } = require('./host');
const { childEnv, run, withLock } = require('./proc');

const MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = MANIFEST.name;
// The flags n8n 2.8 passes to its `npm install` of a community package.
const N8N_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** `npm run build` (tsc and icons into dist/). */
async function buildPackage({ log = () => {} } = {}) {
	log('building the package (npm run build)...');
	await run('npm', ['run', 'build'], { cwd: ROOT, env: childEnv() });
}

/** The newest modification time (ms) of the files under `dir` (0 when it does not exist). */
function newestMtime(dir) {
	if (!fs.existsSync(dir)) return 0;
	const stat = fs.statSync(dir);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...fs.readdirSync(dir).map((entry) => newestMtime(path.join(dir, entry))));
}

/** Whether dist/ is missing or older than a source it is built from. */
function distStale() {
	const built = newestMtime(path.join(ROOT, 'dist'));
	const sources = ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json'];
	return built === 0 || sources.some((source) => newestMtime(path.join(ROOT, source)) > built);
}

/**
 * Packs the package into a fresh temp folder and returns the tarball's path. Builds first when
 * `build` is set or dist/ is missing or older than the sources, so a stale build is never tested.
 */
async function packPackage({ build = false, log = () => {} } = {}) {
	return await withLock(
		'build-and-pack',
		async () => {
			if (build || distStale()) await buildPackage({ log });
			const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'stackone-pack-'));
			const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
				cwd: ROOT,
				env: childEnv(),
			});
			const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('[')));
			return path.join(destination, path.basename(filename));
		},
		log,
	);
}

/**
 * Copies the project (the files git tracks or would track: no node_modules, dist or n8n hosts)
 * into a fresh temp folder, with node_modules linked to this checkout's, so that `npm publish`
 * with its prepublishOnly and a version bump can run there without touching the checkout.
 */
async function copyProject() {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'stackone-project-'));
	const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
	for (const file of stdout.split('\0').filter(Boolean)) {
		const source = path.join(ROOT, file);
		if (!fs.existsSync(source)) continue; // deleted in the worktree, not yet committed
		fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
		fs.copyFileSync(source, path.join(copy, file));
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
	return copy;
}

/**
 * The community-nodes folder of an n8n user folder, `<user folder>/.n8n/nodes`, with the
 * package.json n8n 2.8 writes there before its first install (CommunityPackagesService
 * ensurePackageJson); resolves the folder.
 */
function ensureNodesFolder(userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const manifestPath = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifestPath)) {
		fs.mkdirSync(nodesDir, { recursive: true });
		fs.writeFileSync(manifestPath, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	return nodesDir;
}

/**
 * Installs a packed tarball into an n8n user folder as n8n's installer would. A package with
 * runtime dependencies is refused: community nodes must have none, and n8n would fetch them.
 */
async function installPackedPackage(tarball, userFolder) {
	const nodesDir = ensureNodesFolder(userFolder);
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = path.join(packageDir, 'package.json');
	// eslint-disable-next-line no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	const runtime = Object.keys(manifest.dependencies || {});
	if (runtime.length > 0) {
		throw new Error(
			`${PACKAGE_NAME} declares runtime dependencies (${runtime.join(', ')}): a community node must have none`,
		);
	}
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	await run('npm', ['install', ...N8N_INSTALL_ARGS], { cwd: packageDir, env: childEnv() });

	const nodesManifestPath = path.join(nodesDir, 'package.json');
	const nodesManifest = JSON.parse(fs.readFileSync(nodesManifestPath, 'utf8'));
	nodesManifest.dependencies[PACKAGE_NAME] = manifest.version;
	fs.writeFileSync(nodesManifestPath, JSON.stringify(nodesManifest, null, 2));
	return packageDir;
}

module.exports = { PACKAGE_NAME, buildPackage, copyProject, ensureNodesFolder, packPackage, installPackedPackage };
