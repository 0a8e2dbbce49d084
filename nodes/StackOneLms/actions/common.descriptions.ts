import type { INodeProperties } from 'n8n-workflow';

/** The LMS user a completion belongs to. */
export const userLocator: INodeProperties = {
	displayName: 'User',
	name: 'user',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The LMS user who completed the learning object',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a user, or search by name or (part of an) email...',
			typeOptions: {
				searchListMethod: 'searchUsers',
				searchable: true,
			},
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. c28xIQaWQ6MzM5MzczMDA2NzMzMzkwNzIwNA',
			hint: 'The StackOne ID of the LMS user (the id field of List Users)',
		},
		{
			displayName: 'By Email',
			name: 'email',
			type: 'string',
			placeholder: 'e.g. ada@example.com',
			hint: 'The node looks the user up by this email, once per email per run',
		},
	],
};

/** StackOne's assignment statuses (AssignmentStatusEnum), as options. */
export const assignmentStatusOptions = [
	{ name: 'Completed', value: 'completed' },
	{ name: 'In Progress', value: 'in_progress' },
	{ name: 'Pending', value: 'pending' },
	{ name: 'Unmapped Value', value: 'unmapped_value' },
];

/** Additional Fields > Learning Object ID of a completion or assignment. */
export const learningObjectIdField: INodeProperties = {
	displayName: 'Learning Object ID',
	name: 'learningObjectId',
	type: 'string',
	default: '',
	placeholder: 'e.g. e3gd34-23tr21-er234-345er56',
	description: 'The StackOne ID of the learning object, only where the integration needs it',
};

/** Additional Fields > Passthrough of a create. */
export const passthroughField: INodeProperties = {
	displayName: 'Passthrough',
	name: 'passthrough',
	type: 'json',
	default: '{}',
	description: 'A JSON object of extra values StackOne hands to the LMS as they are',
};

/** The same user picker where no user means every user's records. */
export function optionalUserLocator(description: string): INodeProperties {
	return { ...userLocator, required: false, description };
}

/** A resource locator picking one record From List (searching titles) or By ID. */
export function recordLocator(
	name: string,
	noun: string,
	searchListMethod: string,
	example: string,
	/** The noun with its article: 'a course'; 'content' has none. */
	aNoun = `a ${noun}`,
): INodeProperties {
	return {
		displayName: capitalised(noun),
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${aNoun.replace(/^an? /, '')} to get`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${aNoun}...`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${example}`,
				hint: `The StackOne ID of the ${noun}`,
			},
		],
	};
}

function capitalised(noun: string): string {
	return noun.replace(/^./, (first) => first.toUpperCase());
}

/** The ID field of a record that has no picker: `assignmentId`, 'Assignment ID'. */
export function recordIdField(noun: string, example: string): INodeProperties {
	return {
		displayName: `${capitalised(noun)} ID`,
		name: `${noun}Id`,
		type: 'string',
		default: '',
		required: true,
		placeholder: `e.g. ${example}`,
		description: `The StackOne ID of the ${noun}`,
	};
}

export const completionIdField: INodeProperties = {
	displayName: 'Completion ID',
	name: 'completionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. cmp_0001',
	description: 'The StackOne ID of the completion (the ID a Create returned)',
};

/** Behaviour switches every operation offers: account, batching, rate limit, retries, timeout. */
const deliveryOptions: INodeProperties[] = [
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 45355976281015164504',
		description:
			'The linked LMS account to use instead of the one in the credential, for this node only',
	},
	{
		displayName: 'Batch Interval (Ms)',
		name: 'batchInterval',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'How long to pause between two batches of Batch Size requests (10 when Batch Size is 0), in milliseconds. With 0, a new request starts as soon as one ends.',
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 0,
		hint: '0 = automatic',
		description:
			"How many requests to have in flight at once. With 0, as many as Max Requests Per Minute and StackOne's answer time call for, up to 100.",
	},
	{
		displayName: 'Max Requests Per Minute',
		name: 'maxRequestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description:
			"Leave 1,000 (StackOne's limit per API key) unless other workflows, n8n instances or tools use the same key at the same time: then give each its share",
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 20 },
		default: 5,
		description:
			'How many times to send a request again: after a 429, a connection that never reached StackOne, or a 408, 5xx or lost answer (a create only once reading back found it was not stored)',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description:
			'The longest wait before a retry that the node accepts. When StackOne asks for a longer one, the item fails instead.',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: 65000,
		description:
			'How long to wait for each answer, in milliseconds. StackOne itself gives up after 60 seconds (HTTP 408).',
	},
];

const fullResponseOption: INodeProperties = {
	displayName: 'Include Response Details',
	name: 'fullResponse',
	type: 'boolean',
	default: false,
	description: "Whether to add StackOne's statusCode, message and timestamp to each output item",
};

const sendHeartbeatOption: INodeProperties = {
	displayName: 'Send Heartbeat',
	name: 'heartbeat',
	type: 'boolean',
	default: false,
	description:
		'Whether to ask StackOne to keep slow requests alive with heartbeat bytes (Prefer: heartbeat). Useful when a proxy between n8n and StackOne closes idle connections.',
};

/** Switches only a create has; `noun` is what it creates, `skipExisting` what Skip Existing compares. */
function createOptions(noun: string, skipExisting: string): INodeProperties[] {
	return [
		fullResponseOption,
		sendHeartbeatOption,
		{
			displayName: 'Retry Server Errors',
			name: 'retryServerErrors',
			type: 'boolean',
			default: false,
			description: `Whether to send a create again, without reading back first, when StackOne answers 500, 502, 503 or 504. Off by default: the ${noun} may have been created before the failure and would then be created twice. Verify Uncertain Creates is the safe way to get these items through.`,
		},
		{
			displayName: 'Verify Uncertain Creates',
			name: 'verifyUncertainCreates',
			type: 'boolean',
			default: true,
			description: `Whether to read the user's ${noun}s back when StackOne's answer leaves open whether the ${noun} was created (408, 500, 502, 503, 504, a lost or unreadable answer). Found: the item succeeds with its ID and recovered: true. Not found: it is sent again, counting against Max Retries. Off: such an item fails, saying the ${noun} may or may not have been created.`,
		},
		{
			displayName: 'Skip Existing',
			name: 'skipExisting',
			type: 'boolean',
			default: false,
			description: `Whether to skip an item whose ${skipExisting}, so a scheduled sync can run again safely. Costs one listing of each user's ${noun}s per run.`,
		},
	];
}

/** StackOne's own query parameters of every read. */
const readQueryOptions: INodeProperties[] = [
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '',
		placeholder: 'e.g. title,external_reference,updated_at',
		description:
			"Only these fields of each record, comma-separated (StackOne's fields parameter). Empty: every field.",
	},
	{
		displayName: 'Include Raw Data',
		name: 'raw',
		type: 'boolean',
		default: false,
		description:
			"Whether to ask StackOne for the LMS's own raw answers too (raw=true). Get adds them to the record as raw; Get Many adds each page's to the first record of that page.",
	},
];

function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const createCompletionOptions = optionsCollection([
	...deliveryOptions,
	...createOptions(
		'completion',
		'learning object (and Completed At, when given) the user already has a completion for',
	),
]);

export const createAssignmentOptions = optionsCollection([
	...deliveryOptions,
	...createOptions('assignment', 'learning object is already assigned to the user'),
]);

export const readOptionsCollection = optionsCollection([...deliveryOptions, ...readQueryOptions]);

export const deleteOptionsCollection = optionsCollection(deliveryOptions);

/** The most items Upsert Content puts in one batch request by default (see docs/operations.md, "Why 100"). */
export const DEFAULT_ITEMS_PER_REQUEST = 100;

/** Upsert's Options: Batch Size counts items per request there, not requests in flight. */
export const upsertOptionsCollection = optionsCollection([
	...deliveryOptions.filter(({ name }) => name !== 'batchSize' && name !== 'batchInterval'),
	{
		displayName: 'Batch Size',
		name: 'itemsPerRequest',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: DEFAULT_ITEMS_PER_REQUEST,
		description:
			"How many items go in one request to StackOne's batch endpoint (POST /content/batch). With 1, each item is sent on its own with PUT /content.",
	},
	fullResponseOption,
	sendHeartbeatOption,
]);
