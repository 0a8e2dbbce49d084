import { createBodies, credentialsFor, runCreate, useSandbox } from './helpers/sandbox';

const sandbox = useSandbox();

describe('Completion > Create: API failures', () => {
	it.each([
		[400, 'The LMS rejected the record: course is archived.'],
		[404, "User 'ghost' not found."],
		[412, 'The linked account belongs to a disabled integration.'],
		[422, "Validation failed: 'score.percentage' must be a number."],
		[429, 'Too many requests.'],
		[500, 'Internal server error at the provider.'],
	])(
		"maps HTTP %i to a NodeApiError with StackOne's own message and the item",
		async (status, message) => {
			const sb = sandbox();
			sb.inject({ match: { method: 'POST', nth: 2 }, fault: { type: 'status', status, message } });
			const items = [0, 1, 2].map((n) => ({ userId: sb.users[n].id, course: `course-${n}` }));

			// No retries: a 429 would be retried otherwise (see delivery.test.ts).
			const run = await runCreate(sb, items, { options: { batchSize: 1, maxRetries: 0 } });

			expect(run.error).toMatchObject({
				name: 'NodeApiError',
				message: `[item 1] ${message}`,
				httpCode: String(status),
				context: { itemIndex: 1 },
				description: expect.stringContaining(`StackOne answered HTTP ${status}.`),
			});
			// The run stops at the failing item: the one before it landed, the one after was not sent.
			expect(sb.completions().map((record) => record.learning_object_external_reference)).toEqual([
				'course-0',
			]);
			expect(createBodies(sb)).toHaveLength(2);
		},
	);

	it('says what the LMS said on a 400 with provider errors', async () => {
		const sb = sandbox();
		sb.inject({
			fault: {
				type: 'status',
				status: 400,
				message: 'Bad request',
				body: {
					provider_errors: [
						{ status: 400, url: 'https://lms.example/api', raw: { error: 'course_closed' } },
					],
				},
			},
		});
		const run = await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }]);
		expect(run.error?.description).toContain('The LMS said: {"error":"course_closed"}');
	});

	it('reports a wrong API key as a 401 that says to check the key, and never shows the key', async () => {
		const sb = sandbox();
		const wrongKey = 'wrong-key-very-secret';
		const run = await runCreate(
			sb,
			[{ userId: sb.users[0].id, course: 'c' }],
			{},
			{
				credentials: credentialsFor(sb, { apiKey: wrongKey }),
			},
		);
		expect(run.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			message: expect.stringMatching(/^\[item 0\] Unauthorized/),
			description: expect.stringContaining('Check the API key'),
		});
		const serialised = JSON.stringify(run.run);
		expect(serialised).not.toContain(wrongKey);
		expect(serialised).not.toContain(Buffer.from(`${wrongKey}:`).toString('base64'));
	});

	it('reports an unknown account as a 403 that points to the Account ID', async () => {
		const sb = sandbox();
		const run = await runCreate(
			sb,
			[{ userId: sb.users[0].id, course: 'c' }],
			{},
			{
				credentials: credentialsFor(sb, { accountId: 'no-such-account' }),
			},
		);
		expect(run.error).toMatchObject({
			httpCode: '403',
			message: expect.stringContaining('no-such-account'),
			description: expect.stringContaining('Check the Account ID'),
		});
	});

	it('reports an unknown user as a 404 from the sandbox itself', async () => {
		const sb = sandbox();
		const run = await runCreate(sb, [{ userId: 'usr_does_not_exist', course: 'c' }]);
		expect(run.error).toMatchObject({
			httpCode: '404',
			message: "[item 0] User 'usr_does_not_exist' not found.",
		});
	});

	it('reports an unreachable StackOne without leaking the key', async () => {
		const sb = sandbox();
		const run = await runCreate(
			sb,
			[{ userId: sb.users[0].id, course: 'c' }],
			{ options: { maxRetries: 0 } },
			{
				credentials: credentialsFor(sb, { baseUrl: 'http://127.0.0.1:9' }),
			},
		);
		expect(run.error).toMatchObject({
			name: 'NodeApiError',
			message: '[item 0] Could not reach StackOne: the connection was refused',
			description: expect.stringMatching(/^ECONNREFUSED\. Check the Base URL/),
			context: { itemIndex: 0 },
		});
		expect(JSON.stringify(run.run)).not.toContain(sb.apiKey);
	});

	it('treats a heartbeat body whose statusCode is an error as that error, though HTTP said 201', async () => {
		const sb = sandbox();
		sb.inject({ fault: { type: 'heartbeatError', status: 502, message: 'Provider went away.' } });
		const run = await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }], {
			options: { heartbeat: true, verifyUncertainCreates: false },
		});
		expect(sb.requests[0].status).toBe(201);
		expect(run.error).toMatchObject({
			httpCode: '502',
			message: '[item 0] Provider went away.',
			description: expect.stringContaining('may or may not have been created'),
		});
	});

	it('with Verify Uncertain Creates off, reports a body that is not JSON with its first bytes, saying the completion may exist', async () => {
		const sb = sandbox();
		sb.inject({ fault: { type: 'malformedJson' } });
		const run = await runCreate(sb, [{ userId: sb.users[0].id, course: 'c' }], {
			options: { verifyUncertainCreates: false },
		});
		expect(sb.requests).toHaveLength(1);
		expect(run.error).toMatchObject({
			message: expect.stringMatching(
				/^\[item 0\] StackOne answered HTTP 201 with a body that is not JSON: '\{"statusCode":201,"message":"Record created successfully\.",.*'$/,
			),
			description: expect.stringContaining('may or may not have been created'),
		});
	});
});

describe('Completion > Create: On Error: Continue with API failures', () => {
	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s: every item comes out once, failures as error items with their pairedItem',
		async (onError) => {
			const sb = sandbox();
			const items = Array.from({ length: 12 }, (_, n) => ({
				userId: n === 7 ? 'usr_missing' : sb.users[n].id,
				course: `course-${n}`,
			}));
			sb.inject({
				match: { method: 'POST', nth: 3 },
				fault: { type: 'status', status: 409, message: 'Boom.' },
			});
			sb.inject({
				match: { method: 'POST', nth: 10 },
				fault: { type: 'status', status: 422, message: 'Nope.' },
			});

			const run = await runCreate(sb, items, { options: { batchSize: 1 } }, { onError });

			expect(run.error).toBeUndefined();
			const all = [...run.output, ...run.errorOutput].sort(
				(a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item,
			);
			expect(all.map((item) => (item.pairedItem as { item: number }).item)).toEqual(
				items.map((_, n) => n),
			);
			const failures = all.filter((item) => item.json.error);
			expect(
				failures.map((item) => [
					(item.pairedItem as { item: number }).item,
					item.json.error,
					(item.error as { httpCode?: string }).httpCode,
				]),
			).toEqual([
				[2, '[item 2] Boom.', '409'],
				[7, "[item 7] User 'usr_missing' not found.", '404'],
				[9, '[item 9] Nope.', '422'],
			]);
			const stored = sb.completions().map((record) => record.learning_object_external_reference);
			expect(stored).toEqual(
				items.map((item) => item.course).filter((_, n) => ![2, 7, 9].includes(n)),
			);
			const successIds = all.filter((item) => !item.json.error).map((item) => item.json.id);
			expect(successIds).toEqual(sb.completions().map((record) => record.id));
			if (onError === 'continueErrorOutput') {
				expect(run.errorOutput).toHaveLength(3);
				expect(run.output).toHaveLength(9);
			} else {
				expect(run.output).toHaveLength(12);
			}
		},
	);
});
