import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_ITEMS_PER_REQUEST, upsertOptionsCollection } from '../common.descriptions';
import { CONTENT_TYPES, toContentBody } from '../../helpers/contentBody';
import type { PreparedContent } from '../../helpers/contentUpserts';
import { batchesOf, upsertAlone, upsertBatch } from '../../helpers/contentUpserts';
import { readRequestOptions } from '../../helpers/itemParameters';
import type { RunContext } from '../../helpers/runContext';
import { sendGroups } from '../../helpers/sendEachItem';

const jsonListField = (displayName: string, name: string, example: string): INodeProperties => ({
	displayName,
	name,
	type: 'json',
	default: '[]',
	description: `A JSON list, e.g. ${example}`,
});

const properties: INodeProperties[] = [
	{
		displayName:
			'StackOne replaces the whole learning object on each upsert (no partial updates): send every field again, not only the changed ones.',
		name: 'wholeRecordNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'External Reference',
		name: 'externalReference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SOFTWARE-ENG-LV1-TRAINING-VIDEO-1',
		description:
			"Your platform's ID of the learning object. StackOne creates the content when no content has it and replaces the content that has it; completions and assignments name the learning object by it.",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Software Engineer Lv 1',
		description: 'The title learners see',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether learners can find and take the content',
			},
			jsonListField(
				'Additional Data',
				'additionalData',
				'[{ "id": "learning_outcomes", "value": "Plan a sprint" }]',
			),
			jsonListField('Authors', 'authors', '[{ "id": "123", "name": "John Doe" }]'),
			jsonListField('Categories', 'categories', '[{ "id": "16873-IT345", "name": "Technology" }]'),
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'options',
				default: 'course',
				options: CONTENT_TYPES.map((value) => ({
					name:
						value === 'unmapped_value'
							? 'Unmapped Value'
							: value.replace(/^./, (c) => c.toUpperCase()),
					value,
				})),
				description: 'What kind of learning object it is',
			},
			{
				displayName: 'Content URL',
				name: 'contentUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://courses.example.com/software-eng-lv1',
				description: 'Where the LMS sends the learner to take the content',
			},
			{
				displayName: 'Cover URL',
				name: 'coverUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://courses.example.com/covers/lv1.png',
				description: 'The thumbnail image of the content',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'Duration',
				name: 'duration',
				type: 'string',
				default: '',
				placeholder: 'e.g. PT1H30M',
				description:
					'How long the content takes, as an ISO 8601 duration (PT1H30M) or a number of seconds (5400)',
			},
			{
				displayName: 'Languages',
				name: 'languages',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_GB, fr_FR',
				description: 'Language codes with a region, separated by commas',
			},
			jsonListField(
				'Localizations',
				'localizations',
				'[{ "title": "Ingénieur logiciel 1", "language": { "value": "fr_FR" } }]',
			),
			{
				displayName: 'Mobile Launch Content URL',
				name: 'mobileLaunchContentUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://m.courses.example.com/software-eng-lv1',
				description: 'Where the LMS sends a learner on a phone',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'number',
				default: 0,
				description: 'The position of the content within a content grouping',
			},
			{
				displayName: 'Short Description',
				name: 'shortDescription',
				type: 'string',
				default: '',
				description: 'A summary of the content. Deprecated by StackOne: use Description.',
			},
			jsonListField('Skills', 'skills', '[{ "id": "12345", "name": "Sales Techniques" }]'),
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. Sales, Onboarding',
				description: 'Tags separated by commas',
			},
			{
				displayName: 'Unified Custom Fields',
				name: 'unifiedCustomFields',
				type: 'json',
				default: '{}',
				description:
					'A JSON object of the custom unified fields configured in your StackOne project',
			},
		],
	},
	upsertOptionsCollection,
];

const displayOptions = { show: { resource: ['content'], operation: ['upsert'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Upserts each item's learning object: in batches of Batch Size items through StackOne's batch
 * endpoint (an item alone through PUT /content). See helpers/contentUpserts.ts.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const perRequest = Math.max(
		1,
		Math.floor(Number(options.itemsPerRequest ?? DEFAULT_ITEMS_PER_REQUEST) || 1),
	);

	return await sendGroups<PreparedContent>(this, items, run.send, {
		prepare: (itemIndex) => ({
			...readRequestOptions.call(this, itemIndex),
			body: toContentBody.call(this, itemIndex),
		}),
		group: (prepared) => batchesOf(prepared, perRequest),
		send: async (group) =>
			group.length === 1
				? [await upsertAlone.call(this, run, group[0])]
				: await upsertBatch.call(this, run, group),
	});
}
