import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';
import { DateTime } from 'luxon';

/** A value of one field that StackOne would refuse or misread, and how to fix it. */
export class InvalidFieldValue extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`${field} ${problem}`);
	}
}

export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function describe(value: unknown): string {
	const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
	return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A required identifier: text or a number, trimmed, never empty. */
export function toIdentifier(value: unknown, field: string, example: string): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InvalidFieldValue(
			field,
			isBlank(value) ? 'is empty' : `must be text, got ${describe(value)}`,
			`Enter ${field} (e.g. ${example}) or map it from the input data.`,
		);
	}
	return value.trim();
}

/**
 * An id that goes into a URL path. URL parsers resolve `.` and `..` even when percent-encoded,
 * so such an id could never reach its own path: it is refused.
 */
export function toPathIdentifier(value: unknown, field: string, example: string): string {
	const id = toIdentifier(value, field, example);
	if (id === '.' || id === '..') {
		throw new InvalidFieldValue(
			field,
			`cannot be '${id}'`,
			`Enter the StackOne ID (e.g. ${example}).`,
		);
	}
	return id;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** An email address, trimmed; only its shape is checked. */
export function toEmail(value: unknown, field: string): string {
	const email = toIdentifier(value, field, 'ada@example.com');
	if (!EMAIL.test(email)) {
		throw new InvalidFieldValue(
			field,
			`is not an email address: '${email}'`,
			'Enter the email the LMS knows the user by, e.g. ada@example.com.',
		);
	}
	return email;
}

/** Optional text: omitted when empty, numbers and booleans written as text. */
export function toOptionalText(value: unknown, field: string): string | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InvalidFieldValue(
		field,
		`must be text, got ${describe(value)}`,
		`Map ${field} to a text value.`,
	);
}

/**
 * Any date the user can give, as StackOne's UTC `YYYY-MM-DDTHH:mm:ss.sssZ`. Dates without a zone
 * (n8n's date picker gives those) are read in the workflow's time zone.
 */
export function toUtcTimestamp(
	value: unknown,
	field: string,
	timezone: string,
): string | undefined {
	if (isBlank(value)) return undefined;
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	else if (typeof value === 'string') {
		const text = value.trim();
		for (const parse of [
			DateTime.fromISO,
			DateTime.fromSQL,
			DateTime.fromRFC2822,
			DateTime.fromHTTP,
		]) {
			const parsed = parse(text, { zone: timezone, setZone: true });
			if (parsed.isValid) {
				date = parsed;
				break;
			}
		}
	}
	if (!date || !date.isValid) {
		throw new InvalidFieldValue(
			field,
			`is not a date StackOne can read: ${describe(value)}`,
			'Use an ISO 8601 date and time such as 2024-05-01T14:30:00Z, or pick one with the date picker.',
		);
	}
	return date
		.toUTC()
		.toISO({ suppressMilliseconds: false, includeOffset: true })!
		.replace('+00:00', 'Z');
}

const ISO_DURATION =
	/^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

/** Time spent as an ISO 8601 duration; a number (or numeric text) is taken as seconds. */
export function toIsoDuration(value: unknown, field: string): string | undefined {
	if (isBlank(value)) return undefined;
	const text = typeof value === 'string' ? value.trim().toUpperCase() : value;
	if (typeof text === 'string' && ISO_DURATION.test(text)) return text;
	const seconds =
		typeof text === 'number'
			? text
			: typeof text === 'string' && /^\d+(\.\d+)?$/.test(text)
				? Number(text)
				: NaN;
	if (!Number.isFinite(seconds) || seconds < 0) {
		throw new InvalidFieldValue(
			field,
			`is neither an ISO 8601 duration nor a number of seconds: ${describe(value)}`,
			'Use a duration such as PT1H30M45S, or a number of seconds such as 5445.',
		);
	}
	return secondsToIsoDuration(seconds);
}

function secondsToIsoDuration(totalSeconds: number): string {
	const hours = Math.floor(totalSeconds / 3600);
	const minutes = Math.floor((totalSeconds % 3600) / 60);
	const seconds = Math.round((totalSeconds % 60) * 1000) / 1000;
	const parts = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
	return `PT${parts}`;
}

/** A percentage from 0 to 100; numeric text is accepted, as spreadsheets send it. */
export function toPercentage(value: unknown, field: string): number | undefined {
	if (isBlank(value)) return undefined;
	const number = typeof value === 'string' ? Number(value.trim().replace(/%$/, '')) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 100) {
		throw new InvalidFieldValue(
			field,
			`must be a number from 0 to 100, got ${describe(value)}`,
			`Give ${field} as a percentage, e.g. 87 for 87%.`,
		);
	}
	return number;
}

const NOT_JSON = Symbol('not JSON');

/** A JSON object, from the JSON editor (text) or from an expression (an object). */
export function toJsonObject(value: unknown, field: string): IDataObject | undefined {
	if (isBlank(value)) return undefined;
	const object = typeof value === 'string' ? jsonParse(value, { fallbackValue: NOT_JSON }) : value;
	if (object === NOT_JSON) {
		throw new InvalidFieldValue(
			field,
			'is not valid JSON',
			'Enter a JSON object such as { "provider_field": "value" }.',
		);
	}
	if (typeof object !== 'object' || object === null || Array.isArray(object)) {
		throw new InvalidFieldValue(
			field,
			`must be a JSON object, got ${describe(value)}`,
			'Enter a JSON object such as { "provider_field": "value" }.',
		);
	}
	return Object.keys(object).length ? (object as IDataObject) : undefined;
}

/** Drops the keys whose value is undefined, so empty optional fields never reach the wire; undefined when none is left. */
export function compact<T extends IDataObject>(object: T): T | undefined {
	const entries = Object.entries(object).filter(([, value]) => value !== undefined);
	return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/** One of `allowed`, matched without regard to case, spaces or underscores ('In Progress' is in_progress). */
export function toOneOf(
	value: unknown,
	allowed: string[],
	field: string,
	fix: string,
): string | undefined {
	if (isBlank(value)) return undefined;
	const plain = (text: string) =>
		text
			.trim()
			.toLowerCase()
			.replace(/[\s_-]+/g, '_');
	const match =
		typeof value === 'string' ? allowed.find((known) => plain(known) === plain(value)) : undefined;
	if (!match) {
		throw new InvalidFieldValue(
			field,
			`must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}, got ${describe(value)}`,
			fix,
		);
	}
	return match;
}

/** A JSON list of objects ([{ "id": "1", "name": "Sales" }]), from the JSON editor or an expression. */
export function toJsonList(
	value: unknown,
	field: string,
	example: string,
): IDataObject[] | undefined {
	if (isBlank(value)) return undefined;
	const list = typeof value === 'string' ? jsonParse(value, { fallbackValue: NOT_JSON }) : value;
	const fix = `Enter a JSON list of objects such as ${example}.`;
	if (list === NOT_JSON) throw new InvalidFieldValue(field, 'is not valid JSON', fix);
	if (!Array.isArray(list)) {
		throw new InvalidFieldValue(field, `must be a JSON list, got ${describe(value)}`, fix);
	}
	const notObject = list.findIndex(
		(entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry),
	);
	if (notObject >= 0) {
		throw new InvalidFieldValue(
			field,
			`must hold objects, but entry ${notObject} is ${describe(list[notObject])}`,
			fix,
		);
	}
	return list.length ? (list as IDataObject[]) : undefined;
}

/** A list of texts: comma-separated text, or a list from an expression. */
export function toTextList(value: unknown, field: string): string[] | undefined {
	if (isBlank(value)) return undefined;
	const entries = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(entries) || entries.some((entry) => typeof entry !== 'string')) {
		throw new InvalidFieldValue(
			field,
			`must be comma-separated text or a list of texts, got ${describe(value)}`,
			`Enter ${field} separated by commas, e.g. Sales, Onboarding.`,
		);
	}
	const texts = (entries as string[]).map((entry) => entry.trim()).filter((entry) => entry !== '');
	return texts.length ? texts : undefined;
}

/** A number, or numeric text as spreadsheets send it. */
export function toNumber(value: unknown, field: string): number | undefined {
	if (isBlank(value)) return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new InvalidFieldValue(
			field,
			`must be a number, got ${describe(value)}`,
			`Enter ${field} as a number.`,
		);
	}
	return number;
}

/** true or false, also as the text 'true' or 'false'. */
export function toBoolean(value: unknown, field: string): boolean | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	throw new InvalidFieldValue(
		field,
		`must be true or false, got ${describe(value)}`,
		`Set ${field} to true or false.`,
	);
}
