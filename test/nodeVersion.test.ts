import { readFileSync } from 'fs';
import path from 'path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { StackOneLms } from '../nodes/StackOneLms/StackOneLms.node';
import { createBodies, runWith, useSandbox } from './helpers/sandbox';

const sandbox = useSandbox();

/** The StackOne node of a workflow saved with node version 1, before version 2 existed. */
const savedWorkflow = JSON.parse(
	readFileSync(path.resolve(__dirname, '../examples/record-completions.workflow.json'), 'utf8'),
) as { nodes: Array<{ type: string; typeVersion: number; parameters: INodeParameters }> };
const savedNode = savedWorkflow.nodes.find((node) => node.type.endsWith('.stackOneLms'));

const items: IDataObject[] = [
	{
		userId: 'usr_0001',
		course: 'course-0001',
		completedAt: '2024-05-02T09:30:00Z',
		result: 'Pass',
		score: 92,
		timeSpent: 5400,
	},
	{
		userId: 'usr_0003',
		course: 'course-0002',
		completedAt: '2024-05-03T14:20:00+02:00',
		result: 'Fail',
		score: 48,
		timeSpent: 'PT1H',
	},
];

describe('Node versions', () => {
	it('offers version 1 and 2, and new nodes get 2', () => {
		const { description } = new StackOneLms();
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('runs a version 1 workflow saved before version 2 unchanged, and version 2 sends the same body', async () => {
		if (!savedNode) throw new Error('the example workflow has no StackOne LMS node');
		expect(savedNode.typeVersion).toBe(1);
		expect(savedNode.parameters.learningObjectExternalReference).toBe('={{ $json.course }}');
		const sb = sandbox();

		const v1 = await runWith(sb, savedNode.parameters, items, { typeVersion: 1 });
		const v1Bodies = createBodies(sb);
		sb.reset();
		const { learningObjectExternalReference, ...rest } = savedNode.parameters;
		const v2 = await runWith(
			sb,
			{
				...rest,
				learningObject: {
					__rl: true,
					mode: 'externalReference',
					value: learningObjectExternalReference,
				},
			},
			items,
			{ typeVersion: 2 },
		);
		const v2Bodies = createBodies(sb);

		expect(v1.error).toBeUndefined();
		expect(v2.error).toBeUndefined();
		expect(v1Bodies).toEqual([
			{
				learning_object_external_reference: 'course-0001',
				completed_at: '2024-05-02T09:30:00.000Z',
				time_spent: 'PT1H30M',
				result: { value: 'Pass' },
				score: { percentage: 92 },
			},
			{
				learning_object_external_reference: 'course-0002',
				completed_at: '2024-05-03T12:20:00.000Z',
				time_spent: 'PT1H',
				result: { value: 'Fail' },
				score: { percentage: 48 },
			},
		]);
		expect(v2Bodies).toEqual(v1Bodies);
		expect(v2.output.map((item) => item.json.learning_object_external_reference)).toEqual(
			v1.output.map((item) => item.json.learning_object_external_reference),
		);
	});

	it('version 2 takes the learning object picked from the list: its external reference', async () => {
		const sb = sandbox();
		const picked = sb.content[4];

		const run = await runWith(
			sb,
			{
				resource: 'completion',
				operation: 'create',
				user: { __rl: true, mode: 'id', value: 'usr_0001' },
				learningObject: {
					__rl: true,
					mode: 'list',
					value: picked.external_reference,
					cachedResultName: picked.title,
				},
				options: {},
			},
			[{}],
			{ typeVersion: 2 },
		);

		expect(run.error).toBeUndefined();
		expect(createBodies(sb)).toEqual([
			{ learning_object_external_reference: picked.external_reference },
		]);
	});

	it('version 2 names the Learning Object when it is empty', async () => {
		const sb = sandbox();

		const run = await runWith(
			sb,
			{
				resource: 'completion',
				operation: 'create',
				user: { __rl: true, mode: 'id', value: 'usr_0001' },
				learningObject: { __rl: true, mode: 'externalReference', value: '={{ $json.ref }}' },
				options: {},
			},
			[{ ref: '  ' }],
			{ typeVersion: 2 },
		);

		expect(run.error?.message).toBe('[item 0] Learning Object is empty');
		expect(createBodies(sb)).toEqual([]);
	});
});
