import type { INodePropertyOptions } from 'n8n-workflow';

/** What the trigger can watch: a list of StackOne's LMS API whose records carry `updated_at`. */
export interface TriggerEvent {
	/** The `event` parameter's value in saved workflows. */
	value: string;
	name: string;
	/** The list polled with `filter[updated_after]`. */
	path: string;
	plural: string;
}

export const TRIGGER_EVENTS: TriggerEvent[] = [
	{
		value: 'assignment',
		name: 'Assignment',
		path: '/unified/lms/assignments',
		plural: 'assignments',
	},
	{
		value: 'completion',
		name: 'Completion',
		path: '/unified/lms/completions',
		plural: 'completions',
	},
	{ value: 'content', name: 'Content', path: '/unified/lms/content', plural: 'content' },
	{ value: 'course', name: 'Course', path: '/unified/lms/courses', plural: 'courses' },
	{ value: 'user', name: 'User', path: '/unified/lms/users', plural: 'users' },
];

export const eventOptions: INodePropertyOptions[] = TRIGGER_EVENTS.map((event) => ({
	name: `${event.name} Created or Updated`,
	value: event.value,
	description: `Any of the LMS's ${event.plural} created or changed`,
}));
