'use strict';
// Credentials and workflows for an n8n instance: the StackOne API credential that points at a
// sandbox (or at StackOne), and workflow JSON files kept in e2e/workflows/ and examples/.

const fs = require('fs');
const path = require('path');

const { ROOT } = require('./host');

const CREDENTIAL_TYPE = 'stackOneApi';
const NODE_TYPE = 'n8n-nodes-stackone-lms.stackOneLms';

/** A credential for import:credentials (plain data: n8n encrypts it on import). */
function stackOneCredential({ id, name, apiKey, accountId, baseUrl }) {
	return { id, name, type: CREDENTIAL_TYPE, data: { apiKey, accountId, baseUrl } };
}

/** The same credential pointed at a running sandbox; `data` overrides its fields. */
function sandboxCredential(sandbox, { id, name, data = {} }) {
	return stackOneCredential({
		id,
		name,
		apiKey: sandbox.apiKey,
		accountId: sandbox.accountId,
		baseUrl: `${sandbox.url}/`,
		...data,
	});
}

/** Reads a workflow JSON file (a path relative to the repository, e.g. 'e2e/workflows/x.json'). */
function loadWorkflow(relativePath) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, relativePath), 'utf8'));
}

/** The StackOne LMS nodes of a workflow (by the package-form node type). */
function stackOneNodes(workflow) {
	return workflow.nodes.filter((node) => node.type === NODE_TYPE);
}

module.exports = { CREDENTIAL_TYPE, NODE_TYPE, loadWorkflow, sandboxCredential, stackOneCredential, stackOneNodes };
