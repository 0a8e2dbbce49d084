import type { INodeProperties } from 'n8n-workflow';

import {
	assignmentStatusOptions,
	completionIdField,
	optionalUserLocator,
	recordIdField,
	recordLocator,
	userLocator,
} from '../common.descriptions';

/** A Get Many filter: its option in the Filters collection, and StackOne's query parameter it fills. */
export interface ReadFilter {
	option: INodeProperties & { type: 'string' | 'boolean' | 'dateTime' | 'options' };
	/** e.g. `filter[updated_after]` */
	query: string;
}

/**
 * One resource the node reads: where its records are, which parameter names one, and how its
 * lists are filtered. The generic Get and Get Many operations do the rest.
 */
export interface ReadResource {
	/** The resource's value in saved workflows, e.g. 'course'. */
	value: string;
	noun: string;
	plural: string;
	/** The list, and one record below it by id: `/unified/lms/courses`. */
	path: string;
	/**
	 * Whether the records also live under a user, as `/unified/lms/users/{id}/<plural path>`: the
	 * user is optional then, and with one, Get and Get Many read that user's records.
	 */
	perUser: boolean;
	/** The parameter that names one record; 'user' for the user picker itself. */
	id: { parameter: INodeProperties; example: string } | 'user';
	filters: ReadFilter[];
}

const updatedAfter = (plural: string): ReadFilter => ({
	option: {
		displayName: 'Updated After',
		name: 'updatedAfter',
		type: 'dateTime',
		default: '',
		description: `Only ${plural} changed after this moment`,
	},
	query: 'filter[updated_after]',
});

const externalReference = (plural: string): ReadFilter => ({
	option: {
		displayName: 'External Reference',
		name: 'externalReference',
		type: 'string',
		default: '',
		description: `Only ${plural} with this external reference`,
	},
	query: 'filter[external_reference]',
});

const active = (plural: string): ReadFilter => ({
	option: {
		displayName: 'Active Only',
		name: 'active',
		type: 'boolean',
		default: true,
		description: `Whether to return only active ${plural}. StackOne filters on active ones only: off returns every one.`,
	},
	query: 'filter[active]',
});

export const READ_RESOURCES: ReadResource[] = [
	{
		value: 'assignment',
		noun: 'assignment',
		plural: 'assignments',
		path: '/unified/lms/assignments',
		perUser: true,
		id: { parameter: recordIdField('assignment', 'asg_0001'), example: 'asg_0001' },
		filters: [
			{
				option: {
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 'pending',
					description: 'Only assignments in this status',
					options: assignmentStatusOptions,
				},
				query: 'filter[status]',
			},
			updatedAfter('assignments'),
		],
	},
	{
		value: 'category',
		noun: 'category',
		plural: 'categories',
		path: '/unified/lms/categories',
		perUser: false,
		id: { parameter: recordIdField('category', 'cat_0001'), example: 'cat_0001' },
		filters: [updatedAfter('categories')],
	},
	{
		value: 'completion',
		noun: 'completion',
		plural: 'completions',
		path: '/unified/lms/completions',
		perUser: true,
		id: { parameter: completionIdField, example: 'cmp_0001' },
		filters: [updatedAfter('completions')],
	},
	{
		value: 'content',
		noun: 'content',
		plural: 'content',
		path: '/unified/lms/content',
		perUser: false,
		id: {
			parameter: recordLocator('content', 'content', 'searchContent', 'cnt_0001', 'a content item'),
			example: 'cnt_0001',
		},
		filters: [active('content'), updatedAfter('content')],
	},
	{
		value: 'course',
		noun: 'course',
		plural: 'courses',
		path: '/unified/lms/courses',
		perUser: false,
		id: {
			parameter: recordLocator('course', 'course', 'searchCourses', 'crs_0001'),
			example: 'crs_0001',
		},
		filters: [active('courses'), externalReference('courses'), updatedAfter('courses')],
	},
	{
		value: 'skill',
		noun: 'skill',
		plural: 'skills',
		path: '/unified/lms/skills',
		perUser: false,
		id: { parameter: recordIdField('skill', 'skl_0001'), example: 'skl_0001' },
		filters: [updatedAfter('skills')],
	},
	{
		value: 'user',
		noun: 'user',
		plural: 'users',
		path: '/unified/lms/users',
		perUser: false,
		id: 'user',
		filters: [
			{
				option: {
					displayName: 'Email',
					name: 'email',
					type: 'string',
					default: '',
					placeholder: 'name@email.com',
					description: 'Only the user with this email (where the LMS supports it)',
				},
				query: 'filter[email]',
			},
			externalReference('users'),
			updatedAfter('users'),
		],
	},
];

/** The optional User of a resource whose records also live under a user; none for the others. */
export function userParameterOf(resource: ReadResource, description: string): INodeProperties[] {
	return resource.perUser ? [optionalUserLocator(description)] : [];
}

/** The parameter that names one record of `resource`, as the Get operation shows it. */
export function idParameterOf(resource: ReadResource): INodeProperties {
	return resource.id === 'user'
		? { ...userLocator, description: 'The LMS user to get' }
		: resource.id.parameter;
}
