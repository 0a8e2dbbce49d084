#!/usr/bin/env node
'use strict';
// The main job in one command: build and pack the package, install it into the pinned n8n the way
// n8n installs community nodes, import the example credential and workflow, execute the workflow
// and print the completions it created.
//
//   npm run demo                 against the local StackOne sandbox
//   npm start                    the same, then leaves the n8n editor and the sandbox running
//   npm run demo -- --editor [--port N]
//
// With STACKONE_API_KEY and STACKONE_ACCOUNT_ID set (STACKONE_BASE_URL optional) it talks to the
// real StackOne API instead, and creates real completions in that account's LMS.

const harness = require('../e2e/harness');
const { startSandbox } = require('../sandbox');

const WORKFLOW_FILE = 'examples/record-completions.workflow.json';
const CREDENTIAL_FILE = 'examples/stackone.credentials.json';
const NODE = 'Record Completion';
const SAMPLE_NODE = 'Completions to Record';

const USAGE = `Usage: npm run demo [-- --editor] [-- --port N]   (npm start = --editor)

  --editor   after the run, leave the n8n editor and the sandbox running on 127.0.0.1
  --port N   the editor's port (default: a free one)

Environment: STACKONE_API_KEY and STACKONE_ACCOUNT_ID (and STACKONE_BASE_URL) use the real
StackOne API instead of the local sandbox.`;

function parseArgs(argv) {
	const options = { editor: false, port: 0 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (flag === '--editor') options.editor = true;
		else if (flag === '--port') options.port = Number(inline !== undefined ? inline : argv[++i]);
		else if (flag === '-h' || flag === '--help') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
	}
	if (!Number.isInteger(options.port) || options.port < 0) throw new Error('--port needs a port number');
	return options;
}

const started = Date.now();
function log(message) {
	const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
	console.log(`[demo ${seconds}s] ${message}`);
}

/** Where the completions go: the local sandbox, or StackOne itself when its key is in the environment. */
async function openTarget(options) {
	const apiKey = process.env.STACKONE_API_KEY;
	const accountId = process.env.STACKONE_ACCOUNT_ID;
	if (apiKey || accountId) {
		if (!apiKey || !accountId) throw new Error('set both STACKONE_API_KEY and STACKONE_ACCOUNT_ID, or neither');
		const baseUrl = (process.env.STACKONE_BASE_URL || 'https://api.stackone.com').replace(/\/+$/, '');
		log(`using the REAL StackOne API at ${baseUrl}, account ${accountId}: this creates real completions`);
		return { kind: 'stackone', label: `StackOne at ${baseUrl}`, data: { apiKey, accountId, baseUrl }, close: async () => {} };
	}
	const sandbox = await startSandbox({ quiet: true });
	log(`StackOne sandbox on ${sandbox.url} (API key ${sandbox.apiKey}, account ${sandbox.accountId})`);
	return {
		kind: 'sandbox',
		label: `the StackOne sandbox at ${sandbox.url}`,
		sandbox,
		data: { apiKey: sandbox.apiKey, accountId: sandbox.accountId, baseUrl: sandbox.url },
		close: () => sandbox.close(),
	};
}

/** GET a StackOne list with the demo's credential (real API only). */
async function stackOneList(data, route, pageSize) {
	const response = await fetch(`${data.baseUrl}/unified/lms/${route}?page_size=${pageSize}`, {
		headers: {
			authorization: `Basic ${Buffer.from(`${data.apiKey}:`).toString('base64')}`,
			'x-account-id': data.accountId,
			accept: 'application/json',
		},
	});
	const body = await response.json().catch(() => ({}));
	if (!response.ok) throw new Error(`StackOne answered ${response.status} to GET /unified/lms/${route}: ${body.message || ''}`);
	return body.data || [];
}

/**
 * The example workflow, ready for the target: on the real API its sample items name real users and
 * a real learning object of the account (the sandbox's seeded ids mean nothing there).
 */
async function exampleWorkflow(target) {
	const workflow = harness.loadWorkflow(WORKFLOW_FILE);
	if (target.kind !== 'stackone') return workflow;
	const users = await stackOneList(target.data, 'users', 2);
	const [content] = await stackOneList(target.data, 'content', 1);
	if (users.length === 0) throw new Error('the StackOne account lists no LMS users to record completions for');
	const course = process.env.STACKONE_LEARNING_OBJECT || (content && content.external_reference) || 'n8n-demo';
	const completions = users.map((user) => ({
		userId: user.id,
		course,
		completedAt: new Date().toISOString(),
		result: 'Pass',
		score: 100,
		timeSpent: 600,
	}));
	const sample = workflow.nodes.find((node) => node.name === SAMPLE_NODE);
	sample.parameters.jsCode = sample.parameters.jsCode.replace(
		/^const completions = .*;$/m,
		`const completions = ${JSON.stringify(completions)};`,
	);
	return workflow;
}

function printTable(rows) {
	const header = ['item', 'user', 'learning object', 'completion id'];
	const widths = header.map((title, k) => Math.max(title.length, ...rows.map((row) => String(row[k]).length)));
	const line = (cells) =>
		cells
			.map((cell, k) => String(cell).padEnd(widths[k]))
			.join('  ')
			.trimEnd();
	console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
	for (const row of rows) console.log(line(row));
	console.log('');
}

/** Executes the example with the CLI and prints what the node created; false when the run failed. */
async function runExample(n8n, workflowId) {
	log(`executing the example workflow (n8n execute --id=${workflowId})...`);
	const result = await n8n.execute(workflowId);
	const failure = harness.runError(result.run);
	if (result.code !== 0 || !result.run) {
		console.error(`\nThe run failed: ${failure || result.stderr.trim().split('\n').slice(-5).join('\n')}`);
		return false;
	}
	const created = harness.nodeOutput(result.run, NODE, 0);
	printTable(
		created.map((item) => [
			item.pairedItem ? item.pairedItem.item : '',
			item.json.user_id,
			item.json.learning_object_external_reference,
			item.json.id || '(none)',
		]),
	);
	log(`${created.length} completions created`);
	return true;
}

/** Prints the sandbox's API requests as they finish, so a person sees what the editor sends. */
function followSandbox(sandbox) {
	let seen = sandbox.requests.length;
	const timer = setInterval(() => {
		while (seen < sandbox.requests.length && sandbox.requests[seen].finishedAt !== undefined) {
			const request = sandbox.requests[seen++];
			console.log(`  sandbox: ${request.method} ${request.path} -> ${request.status}`);
		}
	}, 250);
	timer.unref();
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const cleanups = [];
	const cleanUp = async () => {
		while (cleanups.length > 0) await cleanups.pop()().catch(() => undefined);
	};
	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the sandbox...`);
		await cleanUp();
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));

	try {
		const target = await openTarget(options);
		cleanups.push(() => target.close());

		const n8n = await harness.N8nInstance.create({ build: true, log });
		if (options.port) {
			n8n.port = options.port;
			n8n.url = `http://127.0.0.1:${options.port}`;
		}
		cleanups.push(async () => n8n.dispose());
		log(`n8n ${harness.pinnedVersion()} with the packed package in ${n8n.userFolder}`);

		const [credential] = harness.loadWorkflow(CREDENTIAL_FILE);
		const workflow = await exampleWorkflow(target);
		await n8n.importCredentials([harness.stackOneCredential({ ...credential, ...target.data })]);
		await n8n.importWorkflows([workflow]);
		log(`imported the credential '${credential.name}' and the workflow '${workflow.name}' (${WORKFLOW_FILE})`);

		const ok = await runExample(n8n, workflow.id);
		if (target.sandbox) log(`the sandbox now stores ${target.sandbox.completions().length} completions`);
		if (!options.editor) {
			await cleanUp();
			process.exit(ok ? 0 : 1);
		}

		log('starting the n8n editor...');
		const server = await harness.N8nServer.start(n8n);
		cleanups.push(() => server.stop());
		server.child.on('exit', () => {
			if (!stopping) {
				console.error('n8n stopped by itself; stopping the demo');
				stop('n8n exit');
			}
		});
		console.log(`
  n8n editor   ${server.url}/workflow/${workflow.id}
  sign in as   ${harness.OWNER.email}   password ${harness.OWNER.password}
  StackOne     ${target.label}

  Open the "${NODE}" node to see its parameters, then click "Execute workflow"
  to send the sample completions again. Ctrl-C stops n8n and the sandbox.
`);
		if (target.sandbox) followSandbox(target.sandbox);
	} catch (error) {
		console.error(`\ndemo: ${error.message}`);
		await cleanUp();
		process.exit(1);
	}
}

if (require.main === module) main();

module.exports = { parseArgs, printTable, runExample, openTarget };
