import { readFileSync } from 'fs';
import type { INodeParameters } from 'n8n-workflow';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { SPEC_FILE, specPresent } from './helpers/openapiRequests';
import { createBodies, runCreate, useSandbox } from './helpers/sandbox';

const schemaPresent = specPresent('Contract test');

const sandbox = useSandbox();

/** Item sets that between them use every field and every input form the node accepts. */
const scenarios: Array<{
	label: string;
	items: Array<Record<string, unknown>>;
	fields: INodeParameters;
}> = [
	{ label: 'only the required field', items: [{}], fields: {} },
	{
		label: 'every field',
		items: [{}],
		fields: {
			additionalFields: {
				completedAt: '2024-05-01T14:30:00',
				learningObjectId: 'lo-1',
				passthrough: '{"a": {"b": [1, 2]}}',
				result: 'Pass',
				resultSourceValue: 'PASSED',
				scorePercentage: 87,
				scoreRawValue: '87 / 100',
				timeSpent: 5445,
			},
			deprecatedFields: { contentExternalReference: 'cer', contentId: 'cid' },
		},
	},
	{
		label: 'values mapped by expressions from varied input',
		items: [
			{ when: '2024-01-02', pct: '0', spent: '60', result: 'fail', raw: 12 },
			{
				when: '2024-01-02T03:04:05+09:00',
				pct: 100,
				spent: 'PT5M',
				result: 'unmapped_value',
				raw: '5/5',
			},
			{ when: 'Wed, 01 May 2024 10:00:00 +0200', pct: 55.5, spent: 0, result: 'Pass', raw: true },
		],
		fields: {
			additionalFields: {
				completedAt: '={{ $json.when }}',
				scorePercentage: '={{ $json.pct }}',
				timeSpent: '={{ $json.spent }}',
				result: '={{ $json.result }}',
				scoreRawValue: '={{ $json.raw }}',
				resultSourceValue: '={{ $json.result }}',
				passthrough: '={{ { source: "sheet", row: $itemIndex } }}',
			},
		},
	},
	{
		label: 'a result source value without a result',
		items: [{}],
		fields: { additionalFields: { resultSourceValue: 'INCOMPLETE', scoreRawValue: 'B+' } },
	},
];

(schemaPresent ? describe : describe.skip)(
	"Contract: every body the node sends fits StackOne's schema",
	() => {
		let validate: ReturnType<Ajv2020['compile']>;

		beforeAll(() => {
			const document = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
			const ajv = new Ajv2020({ strict: false, allErrors: true });
			addFormats(ajv);
			// The vendor writes `format: string` on time_spent; it constrains nothing.
			ajv.addFormat('string', true);
			ajv.addSchema(document, 'lms-openapi');
			validate = ajv.getSchema('lms-openapi#/components/schemas/LmsCreateCompletionRequestDto')!;
		});

		it('rejects what StackOne would reject, so a pass means something', () => {
			expect(validate({ learning_object_external_reference: 'x' })).toBe(true);
			expect(validate({})).toBe(false);
			expect(
				validate({ learning_object_external_reference: 'x', completed_at: '2024-05-01' }),
			).toBe(false);
			expect(
				validate({ learning_object_external_reference: 'x', result: { value: 'Passed' } }),
			).toBe(false);
			expect(
				validate({ learning_object_external_reference: 'x', score: { percentage: '87' } }),
			).toBe(false);
		});

		it.each(scenarios)('$label', async ({ items, fields }) => {
			const sb = sandbox();
			const run = await runCreate(
				sb,
				items.map((item, n) => ({ userId: sb.users[n].id, course: `course-${n}`, ...item })),
				fields,
				{ timezone: 'Europe/Berlin' },
			);
			expect(run.error).toBeUndefined();
			const bodies = createBodies(sb);
			expect(bodies).toHaveLength(items.length);
			for (const body of bodies) {
				const valid = validate(body);
				expect({ body, errors: validate.errors ?? null }).toEqual({ body, errors: null });
				expect(valid).toBe(true);
			}
		});
	},
);
