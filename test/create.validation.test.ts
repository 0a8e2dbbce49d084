import type { INodeParameters } from 'n8n-workflow';

import { runCreate, useSandbox } from './helpers/sandbox';

const sandbox = useSandbox();

interface Case {
	label: string;
	item: Record<string, unknown>;
	fields?: INodeParameters;
	message: string;
	fix: RegExp;
}

const cases: Case[] = [
	{ label: 'an empty user', item: { userId: '' }, message: 'User is empty', fix: /Enter User/ },
	{
		label: "the user '..'",
		item: { userId: '..' },
		message: "User cannot be '..'",
		fix: /StackOne ID/,
	},
	{
		label: 'an empty learning object',
		item: { course: '   ' },
		message: 'Learning Object External Reference is empty',
		fix: /e\.g\. learning-content-123/,
	},
	{
		label: 'a learning object that is an object',
		item: { course: { id: 1 } },
		message: 'Learning Object External Reference must be text, got {"id":1}',
		fix: /map it/,
	},
	{
		label: 'an unreadable date',
		item: { when: 'last tuesday' },
		fields: { completedAt: '={{ $json.when }}' },
		message: "Completed At is not a date StackOne can read: 'last tuesday'",
		fix: /ISO 8601/,
	},
	{
		label: 'a bad duration',
		item: { spent: '1h30' },
		fields: { timeSpent: '={{ $json.spent }}' },
		message: "Time Spent is neither an ISO 8601 duration nor a number of seconds: '1h30'",
		fix: /PT1H30M45S/,
	},
	{
		label: 'a negative duration',
		item: { spent: -5 },
		fields: { timeSpent: '={{ $json.spent }}' },
		message: 'Time Spent is neither an ISO 8601 duration nor a number of seconds: -5',
		fix: /number of seconds/,
	},
	{
		label: 'a score above 100',
		item: { pct: 120 },
		fields: { scorePercentage: '={{ $json.pct }}' },
		message: 'Score Percentage must be a number from 0 to 100, got 120',
		fix: /87/,
	},
	{
		label: 'a score that is not a number',
		item: { pct: 'great' },
		fields: { scorePercentage: '={{ $json.pct }}' },
		message: "Score Percentage must be a number from 0 to 100, got 'great'",
		fix: /percentage/,
	},
	{
		label: 'an unknown result',
		item: { result: 'Passed' },
		fields: { result: '={{ $json.result }}' },
		message: "Result must be Pass, Fail or unmapped_value, got 'Passed'",
		fix: /Unmapped Value/,
	},
	{
		label: 'passthrough that is not JSON',
		item: { extra: '{ not json' },
		fields: { passthrough: '={{ $json.extra }}' },
		message: 'Passthrough is not valid JSON',
		fix: /JSON object/,
	},
	{
		label: 'passthrough that is an array',
		item: { extra: [1, 2] },
		fields: { passthrough: '={{ $json.extra }}' },
		message: 'Passthrough must be a JSON object, got [1,2]',
		fix: /JSON object/,
	},
];

describe('Completion > Create: each item is checked before anything is sent', () => {
	it.each(cases)(
		'stops on $label, naming the item and the field',
		async ({ item, fields, message, fix }) => {
			const sb = sandbox();
			const good = { userId: sb.users[0].id, course: 'course-1' };
			const items = [good, good, { ...good, ...item }, good];

			const run = await runCreate(sb, items, { additionalFields: fields ?? {} });

			// The run's error is n8n's serialised form of the NodeOperationError the node threw.
			expect(run.error).toMatchObject({
				name: 'NodeOperationError',
				message: `[item 2] ${message}`,
				description: expect.stringMatching(fix),
				context: { itemIndex: 2 },
			});
			// Nothing was sent: not even the good items before the bad one.
			expect(sb.requests).toHaveLength(0);
			expect(sb.completions()).toHaveLength(0);
		},
	);

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'with On Error %s, sends the good items and turns each bad one into an error item',
		async (onError) => {
			const sb = sandbox();
			const good = (n: number) => ({ userId: sb.users[n].id, course: `course-${n}` });
			const items = [
				good(0),
				{ userId: '', course: 'x' },
				good(2),
				{ ...good(3), pct: 101 },
				good(4),
			];

			const run = await runCreate(
				sb,
				items,
				{ additionalFields: { scorePercentage: '={{ $json.pct ?? 50 }}' } },
				{ onError },
			);

			expect(run.error).toBeUndefined();
			expect(sb.completions().map((record) => record.learning_object_external_reference)).toEqual([
				'course-0',
				'course-2',
				'course-4',
			]);
			const all =
				onError === 'continueErrorOutput' ? [...run.output, ...run.errorOutput] : run.output;
			expect(all).toHaveLength(5);
			const failed = all.filter((item) => item.json.error !== undefined);
			expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
			expect(failed.map((item) => item.json.error)).toEqual([
				'[item 1] User is empty',
				'[item 3] Score Percentage must be a number from 0 to 100, got 101',
			]);
			if (onError === 'continueErrorOutput') {
				expect(run.errorOutput).toEqual(failed);
				expect(run.output.map((item) => item.pairedItem)).toEqual([
					{ item: 0 },
					{ item: 2 },
					{ item: 4 },
				]);
			} else {
				expect(run.output.map((item) => item.pairedItem)).toEqual(
					[0, 1, 2, 3, 4].map((item) => ({ item })),
				);
			}
		},
	);
});
