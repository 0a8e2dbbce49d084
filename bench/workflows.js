'use strict';
// The workflows and credentials the benchmark imports into n8n: Manual Trigger (or a Webhook, for
// runs inside `n8n start`) -> Code node that makes N items -> the node under test, which is either
// our StackOne LMS node (Completion > Create, or Content > Create or Update) or n8n's HTTP Request
// node configured the way a user would build the same call by hand.

const crypto = require('crypto');

const { NODE_TYPE, sandboxCredential } = require('../e2e/harness');

const OUR_CREDENTIAL = { id: 'benchStackOneCred', name: 'StackOne (bench sandbox)' };
const BASIC_CREDENTIAL = { id: 'benchBasicAuthCred', name: 'StackOne as Basic auth (bench)' };
const TRIGGER = 'Start';
const MAKER = 'Make Items';
const UNDER_TEST = 'Under Test';

/** The two credentials: ours, and a generic Basic-auth one with the same API key (empty password). */
function benchCredentials(sandbox) {
	return [
		sandboxCredential(sandbox, OUR_CREDENTIAL),
		{ ...BASIC_CREDENTIAL, type: 'httpBasicAuth', data: { user: sandbox.apiKey, password: '' } },
	];
}

/**
 * One item: userId cycling over `users`, a learning object reference unique to the item and the
 * run (so duplicates can be counted), and the fields the additional fields map. The Code node runs
 * this same function (serialized), and the plain client uses it directly.
 */
function makeItem(i, users, run) {
	return {
		userId: users[i % users.length],
		course: 'bench-' + run + '-' + i,
		completedAt: new Date(Date.UTC(2024, 0, 1) + i * 60000).toISOString(),
		result: i % 7 === 0 ? 'Fail' : 'Pass',
		score: 40 + (i % 61),
		timeSpent: 'PT' + (10 + (i % 50)) + 'M',
	};
}

/**
 * One learning object for Content > Create or Update: an external reference unique to the item and
 * the run, and the fields the node maps; bench/measure.js checks what the sandbox stored against it.
 */
function makeContentItem(i, _users, run) {
	return {
		externalReference: 'bench-' + run + '-' + i,
		title: 'Bench course ' + i,
		contentUrl: 'https://courses.example.com/bench/' + i,
		description: 'Benchmark learning object ' + i + ' of run ' + run,
	};
}

/** The Code node's source: `count` items from `maker` (makeItem), tagged with the execution id. */
function itemMakerCode(count, userIds, maker = makeItem) {
	return [
		`const makeItem = ${maker.toString()};`,
		`const users = ${JSON.stringify(userIds)};`,
		`const run = String($execution.id);`,
		`const items = new Array(${count});`,
		`for (let i = 0; i < ${count}; i++) items[i] = { json: makeItem(i, users, run) };`,
		`return items;`,
	].join('\n');
}

/** Our node with these parameters; an option left undefined or null is not set (its default applies). */
function stackOneNode(typeVersion, parameters, options) {
	const set = Object.entries(options).filter(([, value]) => value !== undefined && value !== null);
	return {
		name: UNDER_TEST,
		type: NODE_TYPE,
		typeVersion,
		parameters: { ...parameters, options: Object.fromEntries(set) },
		credentials: { stackOneApi: OUR_CREDENTIAL },
	};
}

/** Our node, Completion > Create, every field by expression as a user maps them. */
function ourNode({ batchSize, maxRequestsPerMinute }) {
	return stackOneNode(
		1,
		{
			resource: 'completion',
			operation: 'create',
			user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
			learningObjectExternalReference: '={{ $json.course }}',
			additionalFields: {
				completedAt: '={{ $json.completedAt }}',
				result: '={{ $json.result }}',
				scorePercentage: '={{ $json.score }}',
				timeSpent: '={{ $json.timeSpent }}',
			},
		},
		{ batchSize, maxRequestsPerMinute },
	);
}

/** Our node (version 2), Content > Create or Update, the fields of makeContentItem by expression. */
function contentUpsertNode({ itemsPerRequest, maxRequestsPerMinute }) {
	return stackOneNode(
		2,
		{
			resource: 'content',
			operation: 'upsert',
			externalReference: '={{ $json.externalReference }}',
			title: '={{ $json.title }}',
			additionalFields: {
				contentUrl: '={{ $json.contentUrl }}',
				description: '={{ $json.description }}',
			},
		},
		{ itemsPerRequest, maxRequestsPerMinute },
	);
}

/** The same JSON body, written the way people type it into the HTTP Request node's JSON field. */
const HTTP_JSON_BODY = [
	'={',
	'  "learning_object_external_reference": "{{ $json.course }}",',
	'  "completed_at": "{{ $json.completedAt }}",',
	'  "result": { "value": "{{ $json.result }}" },',
	'  "score": { "percentage": {{ $json.score }} },',
	'  "time_spent": "{{ $json.timeSpent }}"',
	'}',
].join('\n');

/** The content upsert's body (PUT /unified/lms/content), typed the same way. */
const HTTP_CONTENT_BODY = [
	'={',
	'  "external_reference": "{{ $json.externalReference }}",',
	'  "title": "{{ $json.title }}",',
	'  "content_url": "{{ $json.contentUrl }}",',
	'  "description": "{{ $json.description }}"',
	'}',
].join('\n');

/** The HTTP Request node's call: a completion POST, or (`operation: 'upsert'`) a content PUT. */
const HTTP_CALLS = {
	create: {
		method: 'POST',
		path: '/unified/lms/users/{{ $json.userId }}/completions',
		jsonBody: HTTP_JSON_BODY,
	},
	upsert: { method: 'PUT', path: '/unified/lms/content', jsonBody: HTTP_CONTENT_BODY },
};

/** n8n's HTTP Request node (4.2): Basic auth, the account header and its Batching option. */
function httpRequestNode({ sandbox, batchSize, batchInterval, operation = 'create' }) {
	const { method, path, jsonBody } = HTTP_CALLS[operation];
	return {
		name: UNDER_TEST,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method,
			url: `=${sandbox.url}${path}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'x-account-id', value: sandbox.accountId }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: { batching: { batch: { batchSize, batchInterval } } },
		},
		credentials: { httpBasicAuth: BASIC_CREDENTIAL },
	};
}

/** A no-op node in place of the node under test: n8n's own cost of carrying the items. */
function noOpNode() {
	return { name: UNDER_TEST, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

function connect(from, to) {
	return { [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } };
}

/** The production webhook path of a bench workflow with a webhook trigger. */
function webhookPath(id) {
	return `bench-${id}`;
}

/**
 * The workflow's trigger: Manual Trigger for `n8n execute`, or a POST webhook that answers once
 * the last node has finished (with its first item), so the caller knows when the execution ended.
 */
function triggerNode(id, trigger) {
	if (trigger !== 'webhook')
		return { name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
	return {
		name: TRIGGER,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath(id),
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			options: {},
		},
	};
}

/**
 * One bench workflow. `id` must be unique and at most 21 characters; `underTest` is one of the
 * node builders above (already called); `trigger` is 'webhook' or left out (Manual Trigger);
 * `maker` makes each item (makeItem, or makeContentItem).
 */
function benchWorkflow({ id, name, items, userIds, underTest, trigger, maker }) {
	const nodes = [
		triggerNode(id, trigger),
		{
			name: MAKER,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { jsCode: itemMakerCode(items, userIds, maker) },
		},
		underTest,
	].map((node, k) => ({ id: `${id}-node-${k}`, position: [k * 220, 0], ...node }));
	if (id.length > 21) throw new Error(`workflow id '${id}' is longer than 21 characters`);
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes,
		connections: { ...connect(TRIGGER, MAKER), ...connect(MAKER, UNDER_TEST) },
	};
}

/** The sandbox's ordinary users (usr_0001...), which need no escaping in a URL. */
function ordinaryUserIds(sandbox) {
	return sandbox.users.map((user) => user.id).filter((id) => /^usr_\d+$/.test(id));
}

module.exports = {
	UNDER_TEST,
	benchCredentials,
	benchWorkflow,
	contentUpsertNode,
	makeContentItem,
	makeItem,
	httpRequestNode,
	noOpNode,
	ordinaryUserIds,
	ourNode,
	webhookPath,
};
