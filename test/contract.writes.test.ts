import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	OpenApiRequestChecker,
	misfitsOf,
	operationKey,
	specChecker,
	specPresent,
} from './helpers/openapiRequests';
import { runWith, untilSettled, useSandbox } from './helpers/sandbox';

const specIsPresent = specPresent('Write contract test');

const sandbox = useSandbox();

/** Writes between them using every field of Create Assignment and Upsert Content, typed and mapped. */
const writes: Array<{
	label: string;
	parameters: INodeParameters;
	items: IDataObject[];
}> = [
	{
		label: 'Assignment > Create, only the required fields',
		parameters: {
			resource: 'assignment',
			operation: 'create',
			user: { __rl: true, mode: 'id', value: 'usr_0001' },
			learningObject: { __rl: true, mode: 'list', value: 'course-0001' },
		},
		items: [{}],
	},
	{
		label: 'Assignment > Create, every field',
		parameters: {
			resource: 'assignment',
			operation: 'create',
			user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
			learningObject: { __rl: true, mode: 'externalReference', value: '={{ $json.course }}' },
			additionalFields: {
				assignedAt: '={{ $json.assigned }}',
				dueDate: '2024-09-01',
				externalReference: 'hr-1',
				learningObjectId: 'lo-1',
				passthrough: '{"priority": "high"}',
				progress: '={{ $json.progress }}',
				status: '={{ $json.status }}',
			},
		},
		items: [
			{
				userId: 'usr_0002',
				course: 'course-0002',
				assigned: '2024-05-01',
				progress: '0',
				status: 'pending',
			},
			{
				userId: 'usr_0003',
				course: 'course-0003',
				assigned: '2024-05-01T10:00:00+02:00',
				progress: 55.5,
				status: 'Completed',
			},
			{
				userId: 'usr_0004',
				course: 'course-0004',
				assigned: 'Wed, 01 May 2024 10:00:00 +0200',
				progress: 100,
				status: 'unmapped value',
			},
		],
	},
	...[1, 100].map((itemsPerRequest) => ({
		label: `Content > Create or Update, every field, Batch Size ${itemsPerRequest}`,
		parameters: {
			resource: 'content',
			operation: 'upsert',
			externalReference: '={{ $json.ref }}',
			title: 'Software Engineer Lv 1',
			additionalFields: {
				active: '={{ $json.active }}',
				additionalData: '[{ "id": "learning_outcomes", "value": ["Plan", "Ship"] }]',
				authors: '[{ "id": "123", "name": "John Doe" }]',
				categories: '[{ "id": "16873-IT345", "name": "Technology" }]',
				contentType: '={{ $json.type }}',
				contentUrl: 'https://courses.example.com/se1',
				coverUrl: 'https://courses.example.com/se1.png',
				description: 'For software engineers.',
				duration: '={{ $json.duration }}',
				languages: '={{ $json.languages }}',
				localizations:
					'[{ "title": "Ingénieur logiciel 1", "description": "Pour les ingénieurs.", "language": { "value": "fr_FR" }, "tags": ["ingénierie"] }]',
				mobileLaunchContentUrl: 'https://m.courses.example.com/se1',
				order: 2,
				shortDescription: 'Software engineering, level 1',
				skills: '[{ "id": "12345", "name": "Sales Techniques" }]',
				tags: '={{ $json.tags }}',
				unifiedCustomFields: '{"my_project_custom_field_1": "REF-1236"}',
			},
			options: { itemsPerRequest },
		},
		items: [
			{
				ref: `se-1-${itemsPerRequest}`,
				active: true,
				type: 'video',
				duration: 5400,
				languages: 'en_GB, fr-FR',
				tags: 'Engineering, Onboarding',
			},
			{
				ref: `se-2-${itemsPerRequest}`,
				active: 'false',
				type: 'Course',
				duration: 'PT2H',
				languages: ['en_US'],
				tags: ['Sales'],
			},
		],
	})),
];

(specIsPresent ? describe : describe.skip)(
	"Contract: every write the node sends fits StackOne's OpenAPI document",
	() => {
		let checker: OpenApiRequestChecker;
		const exercised = new Set<string>();

		beforeAll(() => {
			checker = specChecker();
		});

		it.each(writes)('$label', async ({ parameters, items }) => {
			const sb = sandbox();
			const run = await runWith(sb, { options: {}, ...parameters }, items, { typeVersion: 2 });
			await untilSettled(sb);

			expect(run.error).toBeUndefined();
			expect(run.output).toHaveLength(items.length);
			const writesSent = sb.requests.filter((request) => request.method !== 'GET');
			expect(writesSent.length).toBeGreaterThan(0);
			expect(misfitsOf(checker, sb.requests)).toEqual([]);
			expect(writesSent.map((request) => request.status)).toEqual(
				writesSent.map((request) => (request.path.endsWith('/batch') ? 202 : 201)),
			);
			for (const request of writesSent) {
				const operation = checker.match(request.method, request.path);
				if (operation) exercised.add(operationKey(operation));
			}
		});

		it('exercised every write of the document that the node adds', () => {
			expect([...exercised].sort()).toEqual(
				[
					'POST /unified/lms/content/batch',
					'POST /unified/lms/users/{id}/assignments',
					'PUT /unified/lms/content',
				].sort(),
			);
		});
	},
);
