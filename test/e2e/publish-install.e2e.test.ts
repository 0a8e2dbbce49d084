// The package as users get it from a registry: `npm publish` (prepublishOnly, `files`) to a local
// registry (verdaccio on 127.0.0.1, no uplink), README's install command in a fresh n8n user
// folder's community-nodes folder, n8n 2.8.4 started on it and a saved workflow run through the
// node against the sandbox; then 0.1.1 published and `npm update`, the same workflow after a
// restart; then `npm uninstall`, and n8n starts without the node and says so for that workflow;
// last, README's offline install from a release tarball (`npm pack`), and n8n runs the node again.
// Each step's time is logged ([publish-install] ...).
import fs from 'fs';
import path from 'path';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import {
	LocalRegistry,
	N8nInstance,
	N8nServer,
	NODE_TYPE,
	PACKAGE_NAME,
	copyProject,
	loadWorkflow,
	nodeOutput,
	packPackage,
	runError,
	sandboxCredential,
} from '../../e2e/harness';
import { EXECUTE_TIMEOUT_MS, SETUP_TIMEOUT_MS } from './support';

const CREDENTIAL = { id: 'stackoneDemoCred01', name: 'StackOne (demo)' };
const WORKFLOW_ID = 'stackoneExample01'; // examples/record-completions.workflow.json
const NODE = 'Record Completion';
/** README's install, update and uninstall commands, in <user folder>/.n8n/nodes. */
const INSTALL = ['install', PACKAGE_NAME, '--legacy-peer-deps'];
const UPDATE = ['update', PACKAGE_NAME, '--legacy-peer-deps'];
const UNINSTALL = ['uninstall', PACKAGE_NAME, '--legacy-peer-deps'];
const STEP_TIMEOUT_MS = 5 * 60 * 1000;

const timings: Array<[string, number]> = [];

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		const seconds = (Date.now() - started) / 1000;
		timings.push([name, seconds]);
		process.stderr.write(`[publish-install] ${name}: ${seconds.toFixed(1)} s\n`);
	}
}

describe('published to a registry and installed as users do, in a real n8n', () => {
	let sandbox: Sandbox | undefined;
	let registry: InstanceType<typeof LocalRegistry> | undefined;
	let n8n: InstanceType<typeof N8nInstance> | undefined;
	let project = '';

	const nodes = () => n8n!.nodesFolder;
	const npmInNodes = (args: string[], { allowFailure = false } = {}) =>
		registry!.npm(args, { cwd: nodes(), allowFailure });
	const installed = () => path.join(nodes(), 'node_modules', PACKAGE_NAME);
	const installedVersion = () =>
		JSON.parse(fs.readFileSync(path.join(installed(), 'package.json'), 'utf8')).version as string;

	/** Starts n8n on the user folder, resolves the node types it loaded, and stops it. */
	async function startAndListTypes() {
		const server = await step('n8n start (REST up, owner signed in)', () => N8nServer.start(n8n!));
		try {
			const types: Array<{ name: string }> = await server.types('nodes');
			const workflow = await server.rest('GET', `/workflows/${WORKFLOW_ID}`);
			return { names: types.map((type) => type.name), workflow, logs: server.logs.join('') };
		} finally {
			await step('n8n stop', () => server.stop());
		}
	}

	async function runsThroughTheNode(label: string) {
		sandbox!.reset();
		const result = await step(`n8n execute (${label})`, () => n8n!.execute(WORKFLOW_ID));
		expect(runError(result.run)).toBeUndefined();
		expect(result.code).toBe(0);
		const output = nodeOutput(result.run, NODE, 0);
		expect(output).toHaveLength(5);
		const stored = sandbox!.completions();
		expect(stored).toHaveLength(5);
		expect(output.map((item: { json: { id: string } }) => item.json.id).sort()).toEqual(
			stored.map((record) => record.id).sort(),
		);
	}

	beforeAll(async () => {
		sandbox = await step('sandbox start', () => startSandbox());
		registry = await step('registry start (verdaccio)', () => LocalRegistry.start());
		n8n = await step('n8n user folder (no package in it)', () =>
			N8nInstance.create({ install: false, log: (message: string) => process.stderr.write(`[e2e] ${message}\n`) }),
		);
		project = await step('copy of the project', () => copyProject());
		await step('import credential and workflow', async () => {
			await n8n!.importCredentials([sandboxCredential(sandbox!, CREDENTIAL)]);
			await n8n!.importWorkflows([loadWorkflow('examples/record-completions.workflow.json')]);
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await registry?.stop();
		n8n?.dispose();
		await sandbox?.close();
		if (project) fs.rmSync(project, { recursive: true, force: true });
		process.stderr.write(
			`[publish-install] steps: ${timings.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join('; ')}\n`,
		);
	}, 60 * 1000);

	it(
		'publishes 0.1.0 with npm publish: prepublishOnly builds and lints, `files` picks what ships',
		async () => {
			const { stdout, stderr } = await step('npm publish 0.1.0 (prepublishOnly: clean, build, lint)', () =>
				registry!.publish(project),
			);
			const output = `${stdout}${stderr}`;
			expect(output).toContain('> npm run clean && npm run build && npm run lint');
			expect(output).toMatch(/scan-package: .*: passed/);
			expect(await registry!.versions(PACKAGE_NAME)).toEqual(['0.1.0']);
		},
		STEP_TIMEOUT_MS,
	);

	it(
		'installs with README\'s command into the community-nodes folder; without --legacy-peer-deps npm also wants n8n-workflow',
		async () => {
			// npm 7+ installs peer dependencies: the bare command asks the registry for n8n-workflow
			// too, which this registry (no uplink) does not have.
			const bare = await step('npm install (no flag: fails here)', () =>
				npmInNodes(['install', PACKAGE_NAME], { allowFailure: true }),
			);
			expect(bare.code).not.toBe(0);
			expect(bare.stderr).toMatch(/E404[\s\S]*n8n-workflow/);
			expect(fs.existsSync(installed())).toBe(false);

			await step('npm install (README)', () => npmInNodes(INSTALL));
			expect(installedVersion()).toBe('0.1.0');
			// What `files` shipped: the build and the package's own files, no sources or tests.
			expect(fs.readdirSync(installed()).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'index.js', 'package.json']);
			const shipped = fs.readdirSync(path.join(installed(), 'dist'), { recursive: true }).map(String);
			expect(shipped.filter((file) => file.endsWith('.ts'))).toEqual([]);
			const entries = JSON.parse(fs.readFileSync(path.join(installed(), 'package.json'), 'utf8')).n8n;
			for (const entry of [...entries.nodes, ...entries.credentials]) {
				expect(fs.existsSync(path.join(installed(), entry))).toBe(true);
			}
			const manifest = JSON.parse(fs.readFileSync(path.join(nodes(), 'package.json'), 'utf8'));
			expect(manifest).toMatchObject({ name: 'installed-nodes', private: true });
			expect(Object.keys(manifest.dependencies)).toEqual([PACKAGE_NAME]);
			expect(fs.readdirSync(path.join(nodes(), 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
				PACKAGE_NAME,
			]);
		},
		STEP_TIMEOUT_MS,
	);

	it(
		'n8n 2.8.4 lists the node and runs the saved workflow through it',
		async () => {
			const { names } = await startAndListTypes();
			expect(names).toEqual(expect.arrayContaining([NODE_TYPE, `${NODE_TYPE}Tool`]));
			await runsThroughTheNode('0.1.0');
		},
		STEP_TIMEOUT_MS + EXECUTE_TIMEOUT_MS,
	);

	it(
		'publishes 0.1.1; npm update picks it up; after a restart the same workflow still runs',
		async () => {
			const manifestPath = path.join(project, 'package.json');
			const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
			fs.writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, version: '0.1.1' }, null, 2)}\n`);
			await step('npm publish 0.1.1', () => registry!.publish(project));
			expect(await registry!.versions(PACKAGE_NAME)).toEqual(['0.1.0', '0.1.1']);

			await step('npm update (README)', () => npmInNodes(UPDATE));
			expect(installedVersion()).toBe('0.1.1');

			const { names } = await startAndListTypes();
			expect(names).toContain(NODE_TYPE);
			await runsThroughTheNode('0.1.1');
		},
		2 * STEP_TIMEOUT_MS + EXECUTE_TIMEOUT_MS,
	);

	it(
		'after npm uninstall n8n starts without the node and reports it missing on that workflow',
		async () => {
			await step('npm uninstall (README)', () => npmInNodes(UNINSTALL));
			expect(fs.existsSync(installed())).toBe(false);
			const manifest = JSON.parse(fs.readFileSync(path.join(nodes(), 'package.json'), 'utf8'));
			expect(manifest.dependencies ?? {}).toEqual({}); // npm drops the emptied key

			const { names, workflow } = await startAndListTypes();
			expect(names).not.toContain(NODE_TYPE);
			expect(names).toContain('n8n-nodes-base.manualTrigger');
			// The saved workflow is still there, with the node n8n no longer knows.
			expect(workflow.status).toBe(200);
			expect(workflow.body.data.nodes.map((node: { type: string }) => node.type)).toContain(NODE_TYPE);

			sandbox!.reset();
			const result = await step('n8n execute (uninstalled)', () => n8n!.execute(WORKFLOW_ID));
			const said = (result.stdout + result.stderr)
				.split('\n')
				.filter((line: string) => /unrecognized|not installed|unknown/i.test(line))
				.slice(0, 5)
				.join('\n');
			process.stderr.write(
				`[publish-install] as expected, n8n refuses the workflow once the package is gone (exit ${result.code}):\n${said}\n`,
			);
			expect(result.code).toBe(1);
			expect(`${result.stdout}${result.stderr}`).toContain(`Unrecognized node type: ${NODE_TYPE}`);
			expect(sandbox!.completions()).toHaveLength(0);
		},
		STEP_TIMEOUT_MS + EXECUTE_TIMEOUT_MS,
	);
	it(
		"installs from a release tarball with README's offline command, and n8n runs the node and lists the trigger",
		async () => {
			const tarball = await step('npm pack', () => packPackage());
			try {
				await step('npm install <tarball> --offline (README)', () =>
					npmInNodes(['install', tarball, '--legacy-peer-deps', '--offline']),
				);
			} finally {
				// packPackage packs into a temp folder of its own: gone once npm has installed from it.
				fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
			}
			expect(fs.existsSync(installed())).toBe(true);
			expect(fs.readdirSync(path.join(nodes(), 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
				PACKAGE_NAME,
			]);

			const { names } = await startAndListTypes();
			expect(names).toEqual(expect.arrayContaining([NODE_TYPE, `${PACKAGE_NAME}.stackOneLmsTrigger`]));
			await runsThroughTheNode('tarball');
		},
		2 * STEP_TIMEOUT_MS + EXECUTE_TIMEOUT_MS,
	);
});
