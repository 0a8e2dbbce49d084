import { existsSync, readFileSync } from 'fs';
import path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { RequestLogEntry } from '../../sandbox';

/**
 * Checks requests the sandbox logged against StackOne's OpenAPI document (the validating copy
 * in ../shared/stackone): the path, the query, the headers the operation declares and the body.
 */

type Json = Record<string, unknown>;
type Schema = Json | boolean;

/** The part of a logged request the checker looks at. */
export type CheckedRequest = Pick<RequestLogEntry, 'method' | 'path' | 'query' | 'body'> & {
	headers?: RequestLogEntry['headers'];
};

interface Parameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required?: boolean;
	style?: string;
	explode?: boolean;
	schema?: Schema;
	/** JSON pointer of `schema` in the document. */
	schemaPointer: string;
}

export interface Operation {
	/** Upper case, e.g. 'GET'. */
	method: string;
	/** The document's path template, e.g. '/unified/lms/users/{id}/completions'. */
	template: string;
	operationId?: string;
	parameters: Parameter[];
	requestBody?: {
		required?: boolean;
		/** Media type -> JSON pointer of its schema. */
		content: Record<string, string | undefined>;
	};
}

/** 'GET /unified/lms/courses/{id}' */
export function operationKey({ method, template }: { method: string; template: string }): string {
	return `${method.toUpperCase()} ${template}`;
}

const PATH_PARAMETER = /^\{[^{}]+\}$/;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_KEY = 'lms-openapi';

function escapePointer(token: string): string {
	return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(token: string): string {
	return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function resolvePointer(document: Json, pointer: string): unknown {
	if (!pointer.startsWith('#')) throw new Error(`Only local references are supported: ${pointer}`);
	return pointer
		.slice(1)
		.split('/')
		.slice(1)
		.map(unescapePointer)
		.reduce<unknown>((node, token) => (node as Json | undefined)?.[token], document);
}

/** Follows `$ref` (components/parameters, requestBodies...) to the object and its pointer. */
function deref(document: Json, node: unknown, pointer: string): { node: Json; pointer: string } {
	let current = node as Json;
	let at = pointer;
	for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
		at = current.$ref as string;
		current = resolvePointer(document, at) as Json;
	}
	return { node: current, pointer: at };
}

/** Every operation of the document, path-level parameters merged into each. */
export function operationsOf(document: Json): Operation[] {
	const operations: Operation[] = [];
	for (const [template, rawItem] of Object.entries((document.paths ?? {}) as Json)) {
		const itemPointer = `#/paths/${escapePointer(template)}`;
		const { node: item, pointer: itemAt } = deref(document, rawItem, itemPointer);
		const shared = parametersOf(document, item.parameters, `${itemAt}/parameters`);
		for (const method of HTTP_METHODS) {
			const rawOperation = item[method] as Json | undefined;
			if (!rawOperation) continue;
			const at = `${itemAt}/${method}`;
			const own = parametersOf(document, rawOperation.parameters, `${at}/parameters`);
			// An operation's parameter overrides a path-level one of the same name and location.
			const parameters = [
				...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
				...own,
			];
			operations.push({
				method: method.toUpperCase(),
				template,
				operationId: rawOperation.operationId as string | undefined,
				parameters,
				requestBody: requestBodyOf(document, rawOperation.requestBody, `${at}/requestBody`),
			});
		}
	}
	return operations;
}

function parametersOf(document: Json, list: unknown, pointer: string): Parameter[] {
	if (!Array.isArray(list)) return [];
	return list.map((raw, index) => {
		const { node, pointer: at } = deref(document, raw, `${pointer}/${index}`);
		return { ...(node as unknown as Parameter), schemaPointer: `${at}/schema` };
	});
}

function requestBodyOf(document: Json, raw: unknown, pointer: string): Operation['requestBody'] {
	if (!raw) return undefined;
	const { node, pointer: at } = deref(document, raw, pointer);
	const content: Record<string, string | undefined> = {};
	for (const [mediaType, media] of Object.entries((node.content ?? {}) as Json)) {
		content[mediaType] = (media as Json)?.schema
			? `${at}/content/${escapePointer(mediaType)}/schema`
			: undefined;
	}
	return { required: node.required === true, content };
}

/** The JSON types a schema admits, looking through $ref, oneOf, anyOf and allOf. */
function typesOf(document: Json, schema: Schema | undefined, depth = 0): Set<string> {
	const types = new Set<string>();
	if (!schema || typeof schema !== 'object' || depth > 20) return types;
	if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) {
		return typesOf(document, resolvePointer(document, schema.$ref) as Schema, depth + 1);
	}
	const type = schema.type;
	if (typeof type === 'string') types.add(type);
	if (Array.isArray(type)) type.forEach((t) => types.add(String(t)));
	if ('const' in schema) types.add(schema.const === null ? 'null' : typeof schema.const);
	for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
		const branches = schema[keyword];
		if (!Array.isArray(branches)) continue;
		for (const branch of branches) {
			typesOf(document, branch as Schema, depth + 1).forEach((t) => types.add(t));
		}
	}
	return types;
}

/**
 * A query object sent as `name[key]=value`. The document marks most `filter` and `proxy` objects
 * `style: deepObject` but leaves the style off on some (the filters of assignments, categories,
 * skills and a user's completions); StackOne reads them all the same way (API-NOTES.md: "Query
 * objects use deepObject style"), so every object-typed query parameter is taken as one.
 */
function isDeepObject(document: Json, parameter: Parameter): boolean {
	return parameter.style === 'deepObject' || typesOf(document, parameter.schema).has('object');
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
	if (!errors?.length) return 'is invalid';
	const seen = new Set<string>();
	for (const error of errors) {
		const params =
			error.keyword === 'enum'
				? ` (${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)})`
				: error.keyword === 'const'
					? ` (${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)})`
					: '';
		const where = error.instancePath ? `${error.instancePath} ` : '';
		seen.add(`${where}${error.message ?? error.keyword}${params}`);
	}
	return [...seen].join('; ');
}

/** A path segment split on '/' of the raw path, percent-decoded once. */
function decodeSegment(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

interface PathMatch {
	operation: Operation;
	/** Path parameter -> its decoded value. */
	params: Record<string, string>;
}

export class OpenApiRequestChecker {
	readonly operations: Operation[];
	private readonly document: Json;
	private readonly ajv: Ajv2020;
	private readonly validators = new Map<string, ValidateFunction>();

	constructor(document: Json) {
		this.document = document;
		this.operations = operationsOf(document);
		this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
		addFormats(this.ajv);
		// Formats the vendor writes that constrain nothing in JSON Schema terms.
		for (const format of ['string', 'number']) this.ajv.addFormat(format, true);
		this.ajv.addSchema(document, SCHEMA_KEY);
	}

	/** The operations of one method, e.g. every 'GET'. */
	operationsFor(method: string): Operation[] {
		return this.operations.filter((operation) => operation.method === method.toUpperCase());
	}

	/** The operation a method and raw path fall under, or undefined. */
	match(method: string, rawPath: string): Operation | undefined {
		return this.matchPath(method, rawPath)?.operation;
	}

	/** Problems of one logged request against the document: empty when it fits. */
	check(request: CheckedRequest): string[] {
		const method = request.method.toUpperCase();
		const found = this.matchPath(method, request.path);
		if (!found) return [this.noPathProblem(method, request.path)];
		const { operation, params } = found;
		const where = operationKey(operation);
		const problems: string[] = [];
		for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
			const value = params[parameter.name];
			if (value === undefined) {
				problems.push(`${where}: the path template has no {${parameter.name}} segment`);
				continue;
			}
			const invalid = this.validateValue(parameter.schemaPointer, value, parameter.schema);
			if (invalid) {
				problems.push(`${where}: path parameter ${parameter.name}='${value}' ${invalid}`);
			}
		}
		problems.push(...this.checkQuery(operation, request.query ?? {}));
		if (request.headers) problems.push(...this.checkHeaders(operation, request.headers));
		problems.push(...this.checkBody(operation, request));
		return problems;
	}

	private matchPath(method: string, rawPath: string): PathMatch | undefined {
		const segments = rawPath.split('/');
		let best: (PathMatch & { literals: number }) | undefined;
		for (const operation of this.operationsFor(method)) {
			const parts = operation.template.split('/');
			if (parts.length !== segments.length) continue;
			const params: Record<string, string> = {};
			let literals = 0;
			const fits = parts.every((part, i) => {
				const name = PATH_PARAMETER.test(part) ? part.slice(1, -1) : undefined;
				if (name === undefined) {
					literals++;
					return part === segments[i];
				}
				if (segments[i] === '') return false;
				const decoded = decodeSegment(segments[i]);
				if (decoded === undefined || decoded === '') return false;
				params[name] = decoded;
				return true;
			});
			if (fits && (!best || literals > best.literals)) best = { operation, params, literals };
		}
		return best && { operation: best.operation, params: best.params };
	}

	private noPathProblem(method: string, rawPath: string): string {
		// A template whose literal segments fit: then a parameter segment is what is wrong.
		const segments = rawPath.split('/');
		for (const operation of this.operationsFor(method)) {
			const parts = operation.template.split('/');
			if (parts.length !== segments.length) continue;
			if (!parts.every((part, i) => PATH_PARAMETER.test(part) || part === segments[i])) continue;
			const reasons = parts.flatMap((part, i) => {
				if (!PATH_PARAMETER.test(part)) return [];
				if (segments[i] === '') return [`${part} is empty`];
				const decoded = decodeSegment(segments[i]);
				if (decoded === undefined) {
					return [`${part} '${segments[i]}' is not valid percent-encoding`];
				}
				return decoded === '' ? [`${part} is empty`] : [];
			});
			const would = operationKey(operation);
			return `${method} ${rawPath}: ${would} would match, but ${reasons.join(', ')}`;
		}
		const otherMethods = this.operations
			.filter((operation) => operation.method !== method)
			.filter((operation) => this.matchPath(operation.method, rawPath)?.operation === operation)
			.map((operation) => operation.method);
		const hint = otherMethods.length
			? ` (the path exists for ${[...new Set(otherMethods)].join(', ')})`
			: '';
		return `${method} ${rawPath}: no path template of the document matches${hint}`;
	}

	private checkQuery(operation: Operation, query: CheckedRequest['query']): string[] {
		const where = operationKey(operation);
		const problems: string[] = [];
		const declared = operation.parameters.filter((p) => p.in === 'query');
		const sent = new Set<string>();
		for (const [key, value] of Object.entries(query)) {
			const deep = /^([^[\]]+)\[([^[\]]*)\]$/.exec(key);
			if (deep) {
				const [, name, property] = deep;
				const parameter = declared.find((p) => p.name === name);
				if (!parameter) {
					problems.push(
						`${where}: query parameter '${key}' is not declared (no parameter '${name}')`,
					);
					continue;
				}
				sent.add(name);
				problems.push(...this.checkDeepObjectKey(where, parameter, key, property, value));
				continue;
			}
			const parameter = declared.find((p) => p.name === key);
			if (!parameter) {
				problems.push(`${where}: query parameter '${key}' is not declared`);
				continue;
			}
			sent.add(key);
			if (isDeepObject(this.document, parameter)) {
				problems.push(
					`${where}: query parameter '${key}' is an object: send it as ${key}[<key>]=<value>`,
				);
				continue;
			}
			problems.push(
				...this.checkQueryValue(where, key, value, parameter.schemaPointer, parameter.schema),
			);
		}
		for (const parameter of declared) {
			if (parameter.required && !sent.has(parameter.name)) {
				problems.push(`${where}: required query parameter '${parameter.name}' is missing`);
			}
		}
		return problems;
	}

	private checkDeepObjectKey(
		where: string,
		parameter: Parameter,
		key: string,
		property: string,
		value: string | string[],
	): string[] {
		if (!isDeepObject(this.document, parameter)) {
			return [
				`${where}: query parameter '${parameter.name}' is not an object, yet '${key}' was sent`,
			];
		}
		const schema = (parameter.schema ?? {}) as Json;
		const properties = (schema.properties ?? {}) as Json;
		if (property in properties) {
			const pointer = `${parameter.schemaPointer}/properties/${escapePointer(property)}`;
			return this.checkQueryValue(where, key, value, pointer, properties[property] as Schema);
		}
		const extra = schema.additionalProperties;
		if (extra === true || (extra && typeof extra === 'object' && Object.keys(extra).length === 0)) {
			return [];
		}
		if (extra && typeof extra === 'object') {
			return this.checkQueryValue(
				where,
				key,
				value,
				`${parameter.schemaPointer}/additionalProperties`,
				extra as Schema,
			);
		}
		const known = Object.keys(properties);
		const list = known.length ? known.join(', ') : 'it has none';
		return [
			`${where}: '${key}': '${property}' is not a property of the ${parameter.name} parameter (${list})`,
		];
	}

	private checkQueryValue(
		where: string,
		key: string,
		value: string | string[],
		pointer: string,
		schema: Schema | undefined,
	): string[] {
		// A parameter described by `content` instead of `schema` is not checked here.
		if (schema === undefined) return [];
		if (Array.isArray(value)) {
			if (!typesOf(this.document, schema).has('array')) {
				return [
					`${where}: query parameter '${key}' was sent ${value.length} times; it takes one value`,
				];
			}
			const invalid = this.validate(pointer, value);
			const shown = JSON.stringify(value);
			return invalid ? [`${where}: query parameter '${key}'=${shown} ${invalid}`] : [];
		}
		const invalid = this.validateValue(pointer, value, schema);
		return invalid ? [`${where}: query parameter '${key}'='${value}' ${invalid}`] : [];
	}

	private checkHeaders(
		operation: Operation,
		headers: NonNullable<CheckedRequest['headers']>,
	): string[] {
		const where = operationKey(operation);
		const problems: string[] = [];
		const lowerCased = Object.fromEntries(
			Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
		);
		for (const parameter of operation.parameters.filter((p) => p.in === 'header')) {
			const value = lowerCased[parameter.name.toLowerCase()];
			if (value === undefined) {
				if (parameter.required) {
					problems.push(`${where}: required header '${parameter.name}' is missing`);
				}
				continue;
			}
			const { name, schemaPointer, schema } = parameter;
			problems.push(
				...this.checkQueryValue(where, name, value, schemaPointer, schema).map((problem) =>
					problem.replace('query parameter', 'header'),
				),
			);
		}
		return problems;
	}

	private checkBody(operation: Operation, request: CheckedRequest): string[] {
		const where = operationKey(operation);
		const { requestBody } = operation;
		const { body } = request;
		if (!requestBody) {
			if (body === undefined) return [];
			return [`${where}: the operation takes no request body, yet one was sent`];
		}
		if (body === undefined) {
			return requestBody.required ? [`${where}: the required request body is missing`] : [];
		}
		const header = Object.entries(request.headers ?? {}).find(
			([name]) => name.toLowerCase() === 'content-type',
		)?.[1];
		const contentType = String(header ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		const mediaTypes = Object.keys(requestBody.content);
		if (request.headers && contentType && !mediaTypes.includes(contentType)) {
			return [`${where}: Content-Type '${contentType}' is not one of ${mediaTypes.join(', ')}`];
		}
		const jsonType = mediaTypes.find(
			(type) => type === 'application/json' || type.endsWith('+json'),
		);
		if (!jsonType) return [];
		if (typeof body === 'string') return [`${where}: the request body is not JSON`];
		const pointer = requestBody.content[jsonType];
		if (!pointer) return [];
		const invalid = this.validate(pointer, body);
		return invalid ? [`${where}: request body ${invalid}`] : [];
	}

	/**
	 * Validates a value that arrived as text (query, header, path): as the string itself, or where
	 * the schema allows them, as the boolean 'true'/'false' or the number it spells. Enums and
	 * consts are compared as they are: 'done' is not a status, 'false' is not `const: true`.
	 */
	private validateValue(
		pointer: string,
		text: string,
		schema: Schema | undefined,
	): string | undefined {
		if (schema === undefined) return undefined;
		const first = this.validate(pointer, text);
		if (!first) return undefined;
		const types = typesOf(this.document, schema);
		const candidates: unknown[] = [];
		if (types.has('boolean') && (text === 'true' || text === 'false')) {
			candidates.push(text === 'true');
		}
		const numeric = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text);
		if ((types.has('number') || types.has('integer')) && numeric) candidates.push(Number(text));
		for (const candidate of candidates) {
			if (!this.validate(pointer, candidate)) return undefined;
		}
		return first;
	}

	/** undefined when `value` fits the schema at `pointer`, else what is wrong. */
	private validate(pointer: string, value: unknown): string | undefined {
		let validator = this.validators.get(pointer);
		if (!validator) {
			validator = this.ajv.compile({ $ref: `${SCHEMA_KEY}${pointer}` });
			this.validators.set(pointer, validator);
		}
		return validator(value) ? undefined : formatErrors(validator.errors);
	}
}

/** Problems of one logged request against the document (a checker built for this call alone). */
export function checkRequest(document: Json, request: CheckedRequest): string[] {
	return new OpenApiRequestChecker(document).check(request);
}

/** 'GET /unified/lms/courses?filter[updated_after]=...': a logged request, for a failure message. */
export function describeRequest({ method, path: rawPath, query }: CheckedRequest): string {
	const qs = new URLSearchParams(query as Record<string, string>).toString();
	return `${method} ${rawPath}${qs ? `?${decodeURIComponent(qs)}` : ''}`;
}

/** The logged requests that do not fit the document, in order, each with its problems; [] when all fit. */
export function misfitsOf(
	checker: OpenApiRequestChecker,
	requests: CheckedRequest[],
): Array<{ request: string; problems: string[] }> {
	return requests
		.map((request) => ({ request: describeRequest(request), problems: checker.check(request) }))
		.filter(({ problems }) => problems.length);
}

/** StackOne's OpenAPI document as validators take it; a fresh clone has no ../shared, hence no file. */
export const SPEC_FILE = path.resolve(
	__dirname,
	'../../../shared/stackone/lms-openapi.validating.json',
);

/** Whether the document is there; when it is not, says which contract test is skipped. */
export function specPresent(testName: string): boolean {
	const present = existsSync(SPEC_FILE);
	if (!present) {
		console.log(`${testName} skipped: ${SPEC_FILE} is absent (a fresh clone has no ../shared).`);
	}
	return present;
}

/** A checker over StackOne's OpenAPI document (SPEC_FILE). */
export function specChecker(): OpenApiRequestChecker {
	return new OpenApiRequestChecker(JSON.parse(readFileSync(SPEC_FILE, 'utf8')));
}
