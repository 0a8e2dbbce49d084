import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toOptionalText, toPathIdentifier, toUtcTimestamp } from '../../helpers/fieldValues';
import { USER_NOT_FOUND_HINT } from '../../helpers/userDirectory';
import { pathSegment } from '../../transport';
import type { ReadResource } from './readResources';

/** The id of the record an item names (not for the user resource, whose id is its user). */
export function readRecordId(
	this: IExecuteFunctions,
	resource: ReadResource,
	itemIndex: number,
): string {
	if (resource.id === 'user') throw new Error('The user resource is named by its User parameter');
	const { parameter, example } = resource.id;
	const value = this.getNodeParameter(parameter.name, itemIndex, '', { extractValue: true });
	return toPathIdentifier(value, parameter.displayName, example);
}

/** StackOne's own query parameters an item asks for: Options > Fields and Include Raw Data. */
export function readQueryOptions(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const fields = toOptionalText(options.fields, 'Fields');
	if (fields) qs.fields = fields.replace(/\s*,\s*/g, ',');
	if (options.raw === true) qs.raw = 'true';
	return qs;
}

/** The Get Many filters an item sets, as StackOne's query parameters. */
export function readFilters(
	this: IExecuteFunctions,
	resource: ReadResource,
	itemIndex: number,
	timezone: string,
): IDataObject {
	const values = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const { option, query } of resource.filters) {
		const value = values[option.name];
		if (value === undefined || value === '') continue;
		if (option.type === 'dateTime') qs[query] = toUtcTimestamp(value, option.displayName, timezone);
		// StackOne's boolean filters take only true (filter[active]=true): off means no filter.
		else if (option.type === 'boolean') {
			if (value === true || value === 'true') qs[query] = 'true';
		} else qs[query] = toOptionalText(value, option.displayName);
	}
	return qs;
}

/** Where the resource's records are listed: under the user when one is given. */
export function listPathOf(resource: ReadResource, userId?: string): string {
	if (!userId || !resource.perUser) return resource.path;
	return `/unified/lms/users/${pathSegment(userId)}/${resource.path.split('/').pop()}`;
}

/** Where one record is: `<list>/<id>`; the user resource's record is the user's own path. */
export function recordPathOf(resource: ReadResource, userId?: string, recordId?: string): string {
	if (resource.id === 'user') return `${resource.path}/${pathSegment(userId ?? '')}`;
	return `${listPathOf(resource, userId)}/${pathSegment(recordId ?? '')}`;
}

/** What to check when StackOne finds no such record. */
export function notFoundHintOf(resource: ReadResource, byUser: boolean): string {
	if (resource.id === 'user') return USER_NOT_FOUND_HINT;
	const named = resource.id.parameter.displayName;
	return byUser
		? `Check the User and the ${named}: StackOne found no such ${resource.noun} of this user in this account.`
		: `Check the ${named}: StackOne found no such ${resource.noun} in this account.`;
}
