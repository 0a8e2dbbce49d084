import { createBodies, runCreate, useSandbox } from './helpers/sandbox';

const sandbox = useSandbox();

function basicAuthOf(apiKey: string) {
	return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

describe('Completion > Create: what goes on the wire', () => {
	it('applies the credential: Basic auth with the key and an empty password, x-account-id, JSON', async () => {
		const sb = sandbox();
		const run = await runCreate(sb, [{ userId: sb.users[0].id, course: 'course-1' }]);

		expect(run.error).toBeUndefined();
		const [request] = sb.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/unified/lms/users/${sb.users[0].id}/completions`);
		expect(request.headers.authorization).toBe(basicAuthOf(sb.apiKey));
		expect(request.headers['x-account-id']).toBe(sb.accountId);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['user-agent']).toBe('n8n-nodes-stackone-lms');
		expect(request.headers.prefer).toBeUndefined();
		expect(request.body).toEqual({ learning_object_external_reference: 'course-1' });
	});

	it('sends every field in StackOne snake_case', async () => {
		const sb = sandbox();
		const run = await runCreate(sb, [{ userId: sb.users[1].id, course: 'sql-101' }], {
			additionalFields: {
				completedAt: '2024-05-01T14:30:00Z',
				learningObjectId: 'lo-42',
				passthrough: '{ "provider_field": "x", "nested": { "n": 1 } }',
				result: 'Pass',
				resultSourceValue: 'COMPLETED_WITH_DISTINCTION',
				scorePercentage: 87.5,
				scoreRawValue: '87.5 / 100',
				timeSpent: 'PT1H30M45S',
			},
			deprecatedFields: { contentExternalReference: 'content-ref-1', contentId: 'content-1' },
		});

		expect(run.error).toBeUndefined();
		expect(createBodies(sb)).toEqual([
			{
				learning_object_external_reference: 'sql-101',
				learning_object_id: 'lo-42',
				completed_at: '2024-05-01T14:30:00.000Z',
				time_spent: 'PT1H30M45S',
				result: { value: 'Pass', source_value: 'COMPLETED_WITH_DISTINCTION' },
				score: { percentage: 87.5, raw_value: '87.5 / 100' },
				passthrough: { provider_field: 'x', nested: { n: 1 } },
				content_external_reference: 'content-ref-1',
				content_id: 'content-1',
			},
		]);
		const [stored] = sb.completions();
		expect(stored).toMatchObject({
			user_id: sb.users[1].id,
			learning_object_external_reference: 'sql-101',
			score: { percentage: 87.5, raw_value: '87.5 / 100' },
		});
	});

	it('omits empty optional fields, including empty collections', async () => {
		const sb = sandbox();
		await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }], {
			additionalFields: {
				learningObjectId: '',
				passthrough: '{}',
				resultSourceValue: '  ',
				scoreRawValue: '',
				timeSpent: '',
				completedAt: '',
			},
			deprecatedFields: { contentId: '' },
		});
		expect(createBodies(sb)).toEqual([{ learning_object_external_reference: 'c' }]);
	});

	it.each([
		[
			'a date-picker value, read in the workflow time zone',
			'2024-05-01T10:00:00',
			'Europe/Berlin',
			'2024-05-01T08:00:00.000Z',
		],
		[
			'an ISO string with an offset',
			'2024-05-01T10:00:00+05:30',
			'UTC',
			'2024-05-01T04:30:00.000Z',
		],
		[
			'an ISO string with milliseconds and Z',
			'2024-12-31T23:59:59.123Z',
			'America/New_York',
			'2024-12-31T23:59:59.123Z',
		],
		[
			'a bare date, as midnight in the workflow time zone',
			'2024-05-01',
			'America/New_York',
			'2024-05-01T04:00:00.000Z',
		],
		['an SQL-style date and time', '2024-05-01 10:00:00', 'UTC', '2024-05-01T10:00:00.000Z'],
		[
			'a luxon DateTime from an expression',
			"={{ DateTime.fromISO('2024-05-01T12:00:00', { zone: 'America/New_York' }) }}",
			'UTC',
			'2024-05-01T16:00:00.000Z',
		],
		['an RFC 2822 date', 'Wed, 01 May 2024 10:00:00 +0200', 'UTC', '2024-05-01T08:00:00.000Z'],
	])('normalises Completed At from %s', async (_label, completedAt, timezone, expected) => {
		const sb = sandbox();
		const run = await runCreate(
			sb,
			[{ userId: sb.users[0].id, course: 'c' }],
			{ additionalFields: { completedAt } },
			{ timezone },
		);
		expect(run.error).toBeUndefined();
		expect(createBodies(sb)).toEqual([
			{ learning_object_external_reference: 'c', completed_at: expected },
		]);
	});

	it.each([
		[5445, 'PT1H30M45S'],
		['5445', 'PT1H30M45S'],
		[60, 'PT1M'],
		[0, 'PT0S'],
		[90.5, 'PT1M30.5S'],
		['pt2h', 'PT2H'],
		['P1DT2H', 'P1DT2H'],
	])('sends Time Spent %p as %p', async (timeSpent, expected) => {
		const sb = sandbox();
		await runCreate(sb, [{ userId: sb.users[0].id, course: 'c', timeSpent }], {
			additionalFields: { timeSpent: '={{ $json.timeSpent }}' },
		});
		expect(createBodies(sb)).toEqual([
			{ learning_object_external_reference: 'c', time_spent: expected },
		]);
	});

	it('takes Passthrough as an object from an expression and Score Percentage as numeric text', async () => {
		const sb = sandbox();
		await runCreate(
			sb,
			[{ userId: sb.users[0].id, course: 'c', extra: { team: 'blue' }, pct: '92' }],
			{
				additionalFields: {
					passthrough: '={{ $json.extra }}',
					scorePercentage: '={{ $json.pct }}',
					result: '={{ "fail" }}',
				},
			},
		);
		expect(createBodies(sb)).toEqual([
			{
				learning_object_external_reference: 'c',
				passthrough: { team: 'blue' },
				score: { percentage: 92 },
				result: { value: 'Fail' },
			},
		]);
	});

	it('sends Unmapped Value as unmapped_value', async () => {
		const sb = sandbox();
		await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }], {
			additionalFields: { result: 'unmapped_value', resultSourceValue: 'INCOMPLETE' },
		});
		expect(createBodies(sb)).toEqual([
			{
				learning_object_external_reference: 'c',
				result: { value: 'unmapped_value', source_value: 'INCOMPLETE' },
			},
		]);
	});

	it('trims identifiers taken from spreadsheets', async () => {
		const sb = sandbox();
		await runCreate(sb, [{ userId: ` ${sb.users[0].id} `, course: ' course-1 ' }]);
		expect(sb.requests[0].path).toBe(`/unified/lms/users/${sb.users[0].id}/completions`);
		expect(createBodies(sb)).toEqual([{ learning_object_external_reference: 'course-1' }]);
	});

	it.each([['../x'], ['a/b c']])(
		'encodes the hostile user id %p into one path segment and reaches that user',
		async (userId) => {
			const sb = sandbox();
			const run = await runCreate(sb, [{ userId, course: 'c' }]);
			expect(run.error).toBeUndefined();
			expect(sb.requests[0].path).toBe(
				`/unified/lms/users/${encodeURIComponent(userId)}/completions`,
			);
			expect(sb.completions().map((record) => record.user_id)).toEqual([userId]);
			expect(run.output[0].json.user_id).toBe(userId);
		},
	);

	it('sends Options > Account ID instead of the credential account, with the same key', async () => {
		const sb = sandbox();
		const other = sb.accounts.find((account) => account !== sb.accountId)!;
		const run = await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }], {
			options: { accountId: other },
		});
		expect(run.error).toBeUndefined();
		expect(sb.requests[0].headers['x-account-id']).toBe(other);
		expect(sb.requests[0].headers.authorization).toBe(basicAuthOf(sb.apiKey));
		expect(sb.completions(other)).toHaveLength(1);
		expect(sb.completions(sb.accountId)).toHaveLength(0);
	});

	it('asks for heartbeats with Send Heartbeat and reads the newline-led body', async () => {
		const sb = sandbox();
		const run = await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }], {
			options: { heartbeat: true, fullResponse: true },
		});
		expect(run.error).toBeUndefined();
		expect(sb.requests[0].headers.prefer).toBe('heartbeat');
		// The sandbox fixes the HTTP status at 200 once heartbeats flow; the body says 201.
		expect(sb.requests[0].status).toBe(200);
		expect(run.output[0].json).toMatchObject({ statusCode: 201, id: sb.completions()[0].id });
	});
});

describe('Completion > Create: output', () => {
	it('outputs the created ids, the user and the learning object', async () => {
		const sb = sandbox();
		const run = await runCreate(sb, [{ userId: sb.users[2].id, course: 'course-9' }]);
		const [stored] = sb.completions();
		expect(run.output).toEqual([
			{
				json: {
					id: stored.id,
					remote_id: stored.remote_id,
					user_id: sb.users[2].id,
					learning_object_external_reference: 'course-9',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('adds statusCode, message and timestamp with Include Response Details', async () => {
		const sb = sandbox();
		const run = await runCreate(sb, [{ userId: sb.users[2].id, course: 'course-9' }], {
			options: { fullResponse: true },
		});
		expect(run.output[0].json).toMatchObject({
			statusCode: 201,
			message: 'Record created successfully.',
			timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
	});
});
