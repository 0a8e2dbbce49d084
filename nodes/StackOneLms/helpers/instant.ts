/** A date-time as milliseconds, so the same instant in any time zone compares equal. */
export function instant(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}
