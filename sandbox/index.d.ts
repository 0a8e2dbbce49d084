/** A local stand-in for StackOne's unified LMS API (see sandbox/README.md). */

export type RetryAfterForm = 'seconds' | 'date' | 'none' | 'garbage';

export interface RateLimitSwitch {
	limit: number;
	/** Default 60000. */
	windowMs?: number;
}

export interface Switches {
	/** Delay before answering each API request (not control routes). Default 0. */
	latencyMs: number;
	/** Extra random delay, 0..latencyJitterMs. Default 0. */
	latencyJitterMs: number;
	/** Sliding-window limit per API key; null (default) turns it off. */
	rateLimit: { limit: number; windowMs: number } | null;
	/** Retry-After form on the limiter's 429s. Default 'seconds'. */
	retryAfterForm: RetryAfterForm;
	/** Honour `Prefer: heartbeat`. Default true. */
	heartbeat: boolean;
	/** HTTP status sent with the heartbeat headers. Default 200. */
	heartbeatStatus: number;
	/** Newline bytes written before the body. Default 2. */
	heartbeatNewlines: number;
	/** Spacing of the newline bytes. Default 10. */
	heartbeatIntervalMs: number;
	/** Make GET /users ignore filter[email], as some providers do. Default false. */
	ignoreEmailFilter: boolean;
	/** DELETE answer: 200 with a DeleteResult body (default) or 204 without a body. */
	deleteStatus: 200 | 204;
	/**
	 * The list and get endpoints leave a record written through the API out until this many ms
	 * after the store wrote it (an LMS that shows new records late): a completion, a created
	 * assignment, a content write (until then a rewritten record shows its previous version, a
	 * seed its seeded one). It is stored at once: the accessors and /_sandbox/state count it,
	 * DELETE finds it. Checked at read time. Default 0.
	 */
	visibilityDelayMs: number;
	/** POST /content/batch answers 413 when `items` has more than this many; null (default): no limit. */
	maxBatchItems: number | null;
	/**
	 * Records written through the API (completions, assignments, content) get an updated_at this
	 * many ms before the write: an LMS whose records show up after the time they carry. Default 0.
	 */
	updatedAtLagMs: number;
}

export type SwitchOptions = Partial<Omit<Switches, 'rateLimit'>> & { rateLimit?: RateLimitSwitch | null | false };

export interface SandboxOptions extends SwitchOptions {
	/** Default 0 (a free port). The sandbox always binds 127.0.0.1. */
	port?: number;
	/** Default 'sandbox-api-key-0001'. */
	apiKey?: string;
	/** Default 'sandbox-account-1'; a second account 'sandbox-account-2' is always valid too. */
	accountId?: string;
	/** Number of ordinary seeded users, default 60 (four special users are always added). */
	users?: number;
	/** Programmatic use is quiet unless quiet is false. */
	quiet?: boolean;
}

export interface LmsUser {
	id: string;
	remote_id: string;
	external_reference: string;
	name: string;
	email: string;
	active: boolean;
	created_at: string;
	updated_at: string;
}

export interface LmsContent {
	id: string;
	remote_id: string;
	external_reference: string;
	title: string;
	description: string;
	active: boolean;
	content_type: { value: string; source_value: string };
	content_url: string;
	created_at: string;
	updated_at: string;
}

/** StackOne's form of an enum it maps: the unified value and the provider's own. */
export interface MappedValue<T extends string = string> {
	value: T | null;
	source_value: unknown;
}

/** A category or skill as a course embeds it. */
export interface LmsRef {
	id: string;
	name: string;
}

export interface LmsCourse {
	id: string;
	remote_id: string;
	external_reference: string;
	content_ids: string[];
	remote_content_ids: string[];
	title: string;
	description: string;
	/** e.g. { value: 'en_GB', source_value: 'en-GB' } */
	languages: MappedValue[];
	cover_url: string;
	url: string;
	active: boolean;
	/** ISO 8601 duration, e.g. 'PT2H15M'. */
	duration: string;
	categories: LmsRef[];
	skills: LmsRef[];
	provider: string;
	authors: Array<{ id: string; name: string }>;
	created_at: string;
	updated_at: string;
}

export type AssignmentStatus = 'pending' | 'in_progress' | 'completed' | 'unmapped_value';

export interface LmsAssignment {
	id: string;
	remote_id: string;
	external_reference: string;
	user_id: string;
	remote_user_id: string;
	learning_object_type: MappedValue<'course' | 'content'>;
	/** A course id (crs_...) or a content id (cnt_...). */
	learning_object_id: string;
	remote_learning_object_id: string;
	learning_object_external_reference: string;
	/** Set when the learning object is a course, else null. */
	course_id: string | null;
	remote_course_id: string | null;
	status: MappedValue<AssignmentStatus>;
	/** 0 pending, 10-89 in progress, 100 completed, null unmapped. */
	progress: number | null;
	assigned_at: string;
	due_date: string;
	/** Only completed assignments have completed_at and result; only passed ones a certificate. */
	completed_at: string | null;
	result: MappedValue<'Pass' | 'Fail'> | null;
	certificate_url: string | null;
	created_at: string;
	updated_at: string;
}

/**
 * StackOne's Category model has no updated_at or created_at; filter[updated_after] goes by the
 * provider's change time, which `raw=true` answers show as `updatedAt`.
 */
export interface LmsCategory {
	id: string;
	remote_id: string;
	name: string;
	active: boolean;
	hierarchy: MappedValue<'primary' | 'secondary' | 'tertiary'>;
	level: MappedValue<'primary' | 'secondary' | 'tertiary'>;
	language: MappedValue;
}

/** Same shape as a category (StackOne's Skills model), with the same note on updated_at. */
export type LmsSkill = LmsCategory;

/**
 * An entry of the `raw` array that a GET with `raw=true` adds to its answer: the provider call
 * behind it. `response` is a list page `{ items, total, offset, limit }` or one record, in the
 * provider's own form (its id, camelCase keys, its enum values, `updatedAt`).
 */
export interface RawResponse {
	method: 'GET';
	/** e.g. 'https://lms-provider.example/api/v1/courses?offset=0&limit=25' */
	url: string;
	body: null;
	response: Record<string, unknown>;
}

export interface CompletionRecord {
	id: string;
	remote_id: string;
	user_id: string;
	learning_object_external_reference: string;
	learning_object_id: string | null;
	result: { value?: 'Pass' | 'Fail' | 'unmapped_value' | null; source_value?: unknown } | null;
	score: { percentage?: number | null; raw_value?: string | null } | null;
	time_spent: string | null;
	completed_at: string | null;
	content_external_reference: string | null;
	content_id: string | null;
	passthrough: Record<string, unknown> | null;
	created_at: string;
	updated_at: string;
	account_id: string;
}

/** An assignment created by POST /users/{id}/assignments, as the store keeps it. */
export interface AssignmentRecord {
	/** asg_0251, asg_0252, ... (after the seeds). */
	id: string;
	/** remote-assignment-0251, ... */
	remote_id: string;
	user_id: string;
	remote_user_id: string;
	/**
	 * The course (by external_reference), else the content the account sees, that
	 * learning_object_external_reference names; these are null when there is none.
	 */
	learning_object_type: MappedValue<'course' | 'content'> | null;
	/** The body's, else the learning object's id. */
	learning_object_id: string | null;
	remote_learning_object_id: string | null;
	course_id: string | null;
	remote_course_id: string | null;
	learning_object_external_reference: string;
	external_reference: string | null;
	status: { value?: AssignmentStatus | null; source_value?: unknown } | null;
	progress: number | null;
	assigned_at: string | null;
	due_date: string | null;
	completed_at: null;
	result: null;
	certificate_url: null;
	/** Kept, not shown by the API. */
	passthrough: Record<string, unknown> | null;
	created_at: string;
	updated_at: string;
	/** Kept, not shown by the API. */
	account_id: string;
}

/**
 * Content written by PUT /content or POST /content/batch, as the API shows it (the spec's Content
 * model): every field of the upsert that the model has, null where the write sent none.
 */
export interface UpsertedContent {
	/** A seed's id when it replaced a seed, else cnt_0041, cnt_0042, ... */
	id: string;
	remote_id: string;
	external_reference: string;
	title: string | null;
	description: string | null;
	short_description: string | null;
	content_url: string | null;
	mobile_launch_content_url: string | null;
	cover_url: string | null;
	active: boolean | 'true' | 'false' | null;
	duration: string | null;
	order: number | null;
	languages: Array<{ value?: string | null; source_value?: unknown }> | null;
	skills: Array<Record<string, unknown>> | null;
	categories: Array<Record<string, unknown>> | null;
	authors: Array<{ id?: string | null; name?: string | null }> | null;
	localizations: Array<Record<string, unknown>> | null;
	tags: string[] | null;
	unified_custom_fields: Record<string, unknown> | null;
	/** A type the Content model lacks (book, event, course, ...) reads as unmapped_value. */
	content_type: { value?: string | null; source_value?: unknown } | null;
	/** The first write's (or the seed's). */
	created_at: string;
	/** The last write's. */
	updated_at: string;
}

export interface RequestLogEntry {
	method: string;
	/** The raw path as received, still percent-encoded, without the query. */
	path: string;
	/** Decoded query; keys as sent, e.g. 'filter[email]'; a repeated key gives an array. */
	query: Record<string, string | string[]>;
	/** Lower-case header names. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, else the raw text; undefined when empty. */
	body: unknown;
	/** Date.now() on arrival. */
	receivedAt: number;
	/** Date.now() when the sandbox was done with it (answered, reset or abandoned). */
	finishedAt?: number;
	/** HTTP status sent; null when no answer was sent (reset, aborted, in progress). */
	status: number | null;
	/**
	 * The logical outcome: the body's statusCode (differs from status under heartbeat). Under a
	 * statusAfterStore fault, the status the handler answered before the fault replaced it.
	 */
	outcome?: number;
	/** Type of the fault that fired on this request. */
	fault?: FaultType;
	/** The sandbox destroyed the socket (resetBeforeRead / resetAfterStore). */
	reset?: boolean;
	/** The client went away before the body was read. */
	aborted?: boolean;
	/** The client went away before the answer could be written (the work was still done). */
	clientGone?: boolean;
}

export type FaultType =
	| 'status'
	| 'rateLimit'
	| 'timeout408'
	| 'resetAfterStore'
	| 'resetBeforeRead'
	| 'delay'
	| 'malformedJson'
	| 'heartbeatError'
	| 'statusAfterStore';

/**
 * `html: true` answers with a proxy's (nginx) HTML error page, `Content-Type: text/html;
 * charset=utf-8`, in place of StackOne's JSON body (headers such as Retry-After stay), and never
 * after a heartbeat.
 */
export interface HtmlOption {
	html?: boolean;
}

export type Fault =
	/** Answer this status with a StackOne error body (a 400 adds data and provider_errors); nothing stored. */
	| ({
			type: 'status';
			status?: number;
			message?: string;
			headers?: Record<string, string>;
			/** Extra JSON body fields; ignored with html. */
			body?: Record<string, unknown>;
	  } & HtmlOption)
	/** 429 with the given Retry-After form (default 'seconds', 1 s). */
	| ({
			type: 'rateLimit';
			retryAfter?: RetryAfterForm;
			seconds?: number;
			message?: string;
	  } & HtmlOption)
	/** 408 with Retry-After (default 'seconds', 1 s). */
	| { type: 'timeout408'; retryAfter?: RetryAfterForm; seconds?: number; message?: string }
	/** Process and store, then destroy the socket without answering. */
	| { type: 'resetAfterStore' }
	/** Destroy the socket on arrival; nothing read, nothing stored. */
	| { type: 'resetBeforeRead' }
	/** Wait ms (on top of latency), then process (store) and answer, even if the client left. */
	| { type: 'delay'; ms: number }
	/** Process (store), then answer with a truncated JSON body; status defaults to the real one. */
	| { type: 'malformedJson'; status?: number }
	/** HTTP 201 + heartbeat newlines + body { statusCode: status (default 500) }; nothing stored. */
	| { type: 'heartbeatError'; status?: number; message?: string }
	/**
	 * Process as usual (a create is stored, a delete done), then answer `status` (400-599,
	 * default 502) with an error body instead of the real answer; 408 and 429 carry Retry-After
	 * (default 'seconds', 1 s). Under a heartbeat the body's statusCode is `status`.
	 */
	| ({
			type: 'statusAfterStore';
			status?: number;
			message?: string;
			retryAfter?: RetryAfterForm;
			seconds?: number;
	  } & HtmlOption);

export interface FaultMatch {
	method?: string;
	/** RegExp tested against the raw path, or a prefix of it. */
	path?: RegExp | string;
	/** A RegExp source (for the HTTP control API, where JSON has no RegExp). */
	pathRegex?: string;
	/** 1-based: fire from the nth matching request counted from injection. Default 1. */
	nth?: number;
}

export interface InjectSpec {
	match?: FaultMatch;
	/** How many matching requests get the fault. Default 1. */
	times?: number;
	fault: Fault;
}

export interface PendingFault {
	method: string | null;
	path: string | null;
	nth: number;
	seen: number;
	remaining: number;
	type: FaultType;
}

export interface SandboxState {
	url: string;
	accounts: string[];
	switches: Switches;
	counts: {
		users: number;
		content: number;
		courses: number;
		assignments: number;
		categories: number;
		skills: number;
		completions: Record<string, number>;
		createdAssignments: Record<string, number>;
		upsertedContent: Record<string, number>;
		contentWrites: Record<string, number>;
		requests: number;
		/** 429s sent by the rate limiter (injected rateLimit faults count under faultsFired). */
		rateLimited: number;
		/** HTTP statuses sent. */
		byStatus: Record<string, number>;
		faultsFired: Partial<Record<FaultType, number>>;
		faultsFiredTotal: number;
	};
	pendingFaults: PendingFault[];
	completions: Record<string, CompletionRecord[]>;
	createdAssignments: Record<string, AssignmentRecord[]>;
	upsertedContent: Record<string, UpsertedContent[]>;
	requests: Array<Pick<RequestLogEntry, 'method' | 'path' | 'status' | 'outcome' | 'fault' | 'receivedAt'>>;
}

export interface Sandbox {
	/** 'http://127.0.0.1:PORT' */
	readonly url: string;
	readonly port: number;
	readonly apiKey: string;
	readonly accountId: string;
	/**
	 * Valid account ids: [accountId, 'sandbox-account-2']; each has its own completions, created
	 * assignments and written content (the seeds are shared).
	 */
	readonly accounts: string[];
	/** 'Basic base64(apiKey + ":")' */
	readonly authHeader: string;
	readonly users: LmsUser[];
	/** 40: cnt_0001..cnt_0040. */
	readonly content: LmsContent[];
	/** 30: crs_0001..crs_0030. */
	readonly courses: LmsCourse[];
	/** 250: asg_0001..asg_0250, spread over `users` in turn, every status. */
	readonly assignments: LmsAssignment[];
	/** 12: cat_0001..cat_0012. */
	readonly categories: LmsCategory[];
	/** 15: skl_0001..skl_0015. */
	readonly skills: LmsSkill[];
	/** Live log of API requests (control routes excluded), in arrival order. */
	readonly requests: RequestLogEntry[];
	readonly switches: Switches;
	/** Stored completions of an account (default: accountId), in creation order. */
	completions(accountId?: string): CompletionRecord[];
	/** Assignments created through the API in an account (default: accountId), in creation order; no seeds. */
	createdAssignments(accountId?: string): AssignmentRecord[];
	/**
	 * Content written by PUT /content or POST /content/batch in an account (default: accountId):
	 * one record per external_reference, its current version, in order of first write.
	 */
	upsertedContent(accountId?: string): UpsertedContent[];
	/**
	 * Item writes PUT /content and POST /content/batch have made in an account (default:
	 * accountId): each stored item counts, a rewrite too (a batch of 50 sent twice counts 100).
	 */
	contentWrites(accountId?: string): number;
	state(): SandboxState;
	/** Merges switches; throws on an unknown switch or a bad value. Returns the new switches. */
	configure(opts: SwitchOptions): Switches;
	/** Queues a scripted fault; throws on a malformed spec. */
	inject(spec: InjectSpec): void;
	/**
	 * Clears completions, created assignments, written content and contentWrites, the request log,
	 * faults and the limiter; switches back to the start-up ones.
	 */
	reset(): void;
	/** Stops listening and destroys open connections. */
	close(): Promise<void>;
}

export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;

export const DEFAULT_API_KEY: string;
export const DEFAULT_ACCOUNT_ID: string;
