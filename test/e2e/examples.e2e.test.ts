// The ready-made workflows of examples/, run by a real n8n against the sandbox with the example
// credential (id stackoneDemoCred01) pointed at it.
import { NODE_TYPE, loadWorkflow, nodeOutput, sandboxCredential } from '../../e2e/harness';
import { completionPosts, sandboxRequest } from '../helpers/sandboxApi';
import { EXECUTE_TIMEOUT_MS, executeSuccessfully, useN8n } from './support';

const CREDENTIAL = { id: 'stackoneDemoCred01', name: 'StackOne (demo)' };
const NODE = 'Record Completion';

const e2e = useN8n({
	prepare: async ({ sandbox, n8n }) => {
		await n8n.importCredentials([sandboxCredential(sandbox, CREDENTIAL)]);
		await n8n.importWorkflows(
			[
				'csv-results-to-completions',
				'scheduled-sync-skip-existing',
				'record-completions',
				'publish-assign-complete',
			].map((name) => loadWorkflow(`examples/${name}.workflow.json`)),
		);
	},
});

type Json = Record<string, unknown>;
type Item = { json: Json; pairedItem?: unknown };

const jsonOf = (run: unknown, node: string): Json[] =>
	nodeOutput(run, node, 0).map((item: Item) => item.json);
const pad = (n: number, width = 4) => String(n).padStart(width, '0');

describe('examples/ in a real n8n', () => {
	it(
		'course results (CSV) to completions: users found by email, the unknown learner on the error output',
		async () => {
			const { sandbox } = e2e();
			const run = await executeSuccessfully(e2e().n8n, 'stackoneCsvExample');

			const recorded = nodeOutput(run, NODE, 0).map(
				(item: { json: Record<string, unknown> }) => item.json,
			);
			expect(
				recorded.map((json: Record<string, unknown>) => [
					json.user_id,
					json.learning_object_external_reference,
				]),
			).toEqual([
				['usr_0001', 'SQL-101'],
				['usr_0003', 'SQL-101'],
				['usr_0002', 'PY-201'],
			]);
			const notRecorded = nodeOutput(run, NODE, 1);
			expect(notRecorded).toHaveLength(1);
			expect(notRecorded[0].json.error).toBe(
				"[item 3] No LMS user has the email 'not.a.learner@example.com'",
			);
			expect(notRecorded[0].pairedItem).toEqual({ item: 3 });
			const stored = Object.fromEntries(
				sandbox
					.completions()
					.map((record) => [
						record.user_id,
						[record.result?.value, record.score?.percentage, record.time_spent],
					]),
			);
			expect(stored).toEqual({
				usr_0001: ['Pass', 92, 'PT1H35M'],
				usr_0003: ['Fail', 48, 'PT2H'],
				usr_0002: ['Pass', 77, 'PT1H'],
			});
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'scheduled sync with Skip Existing: the second run creates nothing',
		async () => {
			const { sandbox } = e2e();
			const first = await executeSuccessfully(e2e().n8n, 'stackoneSyncExample');
			const afterFirst = sandbox.completions().length;
			const second = await executeSuccessfully(e2e().n8n, 'stackoneSyncExample');

			expect(afterFirst).toBe(12);
			expect(sandbox.completions()).toHaveLength(12);
			expect(
				nodeOutput(first, NODE, 0).filter(
					(item: { json: Record<string, unknown> }) => item.json.skipped,
				),
			).toHaveLength(0);
			const again = nodeOutput(second, NODE, 0);
			expect(again).toHaveLength(12);
			expect(
				again.every((item: { json: Record<string, unknown> }) => item.json.skipped === true),
			).toBe(true);
		},
		2 * EXECUTE_TIMEOUT_MS,
	);

	it(
		'record completions, a version 1 workflow saved before version 2 existed: runs unchanged and sends the same bodies',
		async () => {
			const { sandbox } = e2e();
			// The file as saved: node version 1, with the text parameter version 2 replaced. n8n runs a
			// node at its saved version; run at version 2 it would fail with "Learning Object is empty".
			const saved = loadWorkflow('examples/record-completions.workflow.json');
			const [node] = saved.nodes.filter((n: { type: string }) => n.type === NODE_TYPE);
			expect(node.typeVersion).toBe(1);
			expect(node.parameters.learningObjectExternalReference).toBe('={{ $json.course }}');
			expect(node.parameters).not.toHaveProperty('learningObject');

			const run = await executeSuccessfully(e2e().n8n, 'stackoneExample01');

			// Exactly these requests, with exactly these bodies (the node sends items concurrently,
			// so they are compared by path, not by arrival order).
			const posts = sandbox.requests.filter((r) => r.method === 'POST');
			expect(sandbox.requests.filter((r) => r.method !== 'POST')).toEqual([]);
			expect(posts.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
			expect(Object.fromEntries(posts.map((r) => [r.path, r.body]))).toEqual({
				'/unified/lms/users/usr_0001/completions': {
					learning_object_external_reference: 'course-0001',
					completed_at: '2024-05-02T09:30:00.000Z',
					time_spent: 'PT1H30M',
					result: { value: 'Pass' },
					score: { percentage: 92 },
				},
				'/unified/lms/users/usr_0002/completions': {
					learning_object_external_reference: 'course-0001',
					completed_at: '2024-05-02T11:05:00.000Z',
					time_spent: 'PT1H23M',
					result: { value: 'Pass' },
					score: { percentage: 81 },
				},
				'/unified/lms/users/usr_0003/completions': {
					learning_object_external_reference: 'course-0002',
					completed_at: '2024-05-03T14:20:00.000Z',
					time_spent: 'PT1H',
					result: { value: 'Fail' },
					score: { percentage: 48 },
				},
				'/unified/lms/users/usr_0004/completions': {
					learning_object_external_reference: 'course-0003',
					completed_at: '2024-05-04T08:45:00.000Z',
					time_spent: 'PT45M',
					result: { value: 'Pass' },
					score: { percentage: 100 },
				},
				'/unified/lms/users/usr_0005/completions': {
					learning_object_external_reference: 'course-0002',
					completed_at: '2024-05-06T16:10:00.000Z',
					time_spent: 'PT1H10M',
					result: { value: 'Pass' },
					score: { percentage: 77 },
				},
			});

			// Version 1's output: one item per input item, in order, with the stored record's id.
			const output = nodeOutput(run, NODE, 0);
			expect(output.map((item: Item) => item.pairedItem)).toEqual(
				[0, 1, 2, 3, 4].map((item) => ({ item })),
			);
			const stored = new Map(sandbox.completions().map((record) => [record.id, record]));
			expect(stored.size).toBe(5);
			expect(
				output.map((item: Item) => {
					const record = stored.get(item.json.id as string);
					return [item.json.user_id, record?.user_id, item.json.remote_id === record?.remote_id];
				}),
			).toEqual([1, 2, 3, 4, 5].map((n) => [`usr_${pad(n)}`, `usr_${pad(n)}`, true]));
			expect(output.map((item: Item) => Object.keys(item.json).sort())).toEqual(
				Array(5).fill(['id', 'learning_object_external_reference', 'remote_id', 'user_id']),
			);
		},
		EXECUTE_TIMEOUT_MS,
	);

	it(
		'publish, assign, complete: 50 learning objects in one batch, the first assigned to 20 new hires by email, then their completions',
		async () => {
			const { sandbox } = e2e();
			const run = await executeSuccessfully(e2e().n8n, 'stackoneAssignExample');
			const lms = '/unified/lms';
			const LEARNING_OBJECT = 'ACADEMY-001';

			// The catalogue the Code node makes, written out independently here.
			const topics = [
				'New Hire Onboarding',
				'Information Security',
				'Data Protection',
				'Code of Conduct',
				'Workplace Safety',
				'Inclusive Leadership',
				'Customer Communication',
				'Project Management',
				'Cloud Fundamentals',
				'Presentation Skills',
			];
			const published = Array.from({ length: 50 }, (_, i) => {
				const topic = topics[Math.floor(i / 5)];
				const module = (i % 5) + 1;
				const code = `ACADEMY-${pad(i + 1, 3)}`;
				return {
					external_reference: code,
					title: `${topic}: Module ${module}`,
					description: `Module ${module} of ${topic} on the company academy.`,
					content_url: `https://academy.example.com/courses/academy-${pad(i + 1, 3)}`,
					active: true,
					duration: `PT${10 + module * 5}M`,
					content_type: { value: module === 5 ? 'quiz' : 'video' },
					languages: [{ value: 'en_GB' }],
					tags: ['Academy', topic],
				};
			});
			expect(published[0]).toMatchObject({
				external_reference: 'ACADEMY-001',
				title: 'New Hire Onboarding: Module 1',
				content_url: 'https://academy.example.com/courses/academy-001',
			});
			expect(published[49]).toMatchObject({
				external_reference: 'ACADEMY-050',
				title: 'Presentation Skills: Module 5',
				content_url: 'https://academy.example.com/courses/academy-050',
				content_type: { value: 'quiz' },
			});
			expect(
				jsonOf(run, 'Course Catalogue').map((json) => [json.code, json.title, json.url]),
			).toEqual(
				published.map((content) => [
					content.external_reference,
					content.title,
					content.content_url,
				]),
			);

			// 1. Publish: 50 items, Batch Size 100 (default) -> one POST /content/batch, no PUT.
			const batches = sandbox.requests.filter((r) => r.path === `${lms}/content/batch`);
			expect(batches.map((r) => [r.method, r.status])).toEqual([['POST', 202]]);
			expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);
			expect(batches[0].body).toEqual({ items: published });
			expect(sandbox.contentWrites()).toBe(50);
			const upserted = sandbox.upsertedContent();
			expect(upserted).toHaveLength(50);
			expect(
				upserted.map(
					({ id: _id, remote_id: _remote, created_at: _c, updated_at: _u, ...content }) => content,
				),
			).toEqual(
				published.map((content) => ({
					short_description: null,
					mobile_launch_content_url: null,
					cover_url: null,
					order: null,
					skills: null,
					categories: null,
					authors: null,
					localizations: null,
					unified_custom_fields: null,
					...content,
				})),
			);
			const publishOutput = nodeOutput(run, 'Publish Learning Objects', 0);
			expect(nodeOutput(run, 'Publish Learning Objects', 1)).toEqual([]);
			expect(publishOutput.map((item: Item) => item.json)).toEqual(
				published.map((content) => ({
					external_reference: content.external_reference,
					accepted: true,
				})),
			);
			expect(publishOutput.map((item: Item) => item.pairedItem)).toEqual(
				published.map((_, item) => ({ item })),
			);
			const picked = upserted[0];
			expect([picked.external_reference, picked.title]).toEqual([
				LEARNING_OBJECT,
				'New Hire Onboarding: Module 1',
			]);
			// The published objects are StackOne content now, where the Learning Object picker lists them.
			const listed: Json[] = [];
			for (let next: string | null = ''; next !== null;) {
				const page = (
					await sandboxRequest(sandbox, 'GET', `${lms}/content?page_size=100${next ? `&next=${next}` : ''}`)
				).json as { data: Json[]; next: string | null };
				listed.push(...page.data);
				next = page.next;
			}
			expect(
				listed.find((content) => content.external_reference === LEARNING_OBJECT),
			).toMatchObject({
				id: picked.id,
				title: 'New Hire Onboarding: Module 1',
			});

			// 2. New Hires runs once: 20 hires, seeded sandbox users 41 to 60.
			const hires = jsonOf(run, 'New Hires');
			expect(hires).toHaveLength(20);
			const hireUsers = sandbox.users.slice(40, 60);
			expect(hires.map((hire) => hire.email)).toEqual(hireUsers.map((user) => user.email));
			const userIds = hireUsers.map((user) => user.id);
			expect(userIds).toEqual(Array.from({ length: 20 }, (_, i) => `usr_${pad(41 + i)}`));
			const startsAt = (i: number) => `2024-09-0${2 + (i % 5)}T09:00:00.000Z`;
			const dueAt = (i: number) => `2024-09-${pad(16 + (i % 5), 2)}T09:00:00.000Z`;
			const completedAt = (i: number) => `2024-09-0${2 + (i % 5)}T15:00:00.000Z`;
			expect(hires.map((hire) => [hire.startsAt, hire.dueAt])).toEqual(
				userIds.map((_, i) => [startsAt(i), dueAt(i)]),
			);

			// 3. Assign: each email looked up once, one POST per hire with that learning object.
			const lookups = sandbox.requests.filter(
				(r) => r.method === 'GET' && r.path === `${lms}/users`,
			);
			expect(lookups.map((r) => r.query['filter[email]']).sort()).toEqual(
				hireUsers.map((u) => u.email).sort(),
			);
			const assignPosts = sandbox.requests.filter(
				(r) => r.method === 'POST' && r.path.endsWith('/assignments'),
			);
			expect(assignPosts.map((r) => r.status)).toEqual(Array(20).fill(201));
			expect(Object.fromEntries(assignPosts.map((r) => [r.path, r.body]))).toEqual(
				Object.fromEntries(
					userIds.map((userId, i) => [
						`${lms}/users/${userId}/assignments`,
						{
							learning_object_external_reference: LEARNING_OBJECT,
							assigned_at: startsAt(i),
							due_date: dueAt(i),
							status: { value: 'pending' },
						},
					]),
				),
			);
			const assignments = sandbox.createdAssignments();
			expect(assignments).toHaveLength(20);
			const assignmentOf = new Map(assignments.map((record) => [record.user_id, record]));
			userIds.forEach((userId, i) =>
				expect(assignmentOf.get(userId)).toMatchObject({
					user_id: userId,
					learning_object_external_reference: LEARNING_OBJECT,
					learning_object_id: picked.id,
					learning_object_type: { value: 'content' },
					assigned_at: startsAt(i),
					due_date: dueAt(i),
					status: { value: 'pending' },
				}),
			);
			const assigned = nodeOutput(run, 'Assign Onboarding Course', 0);
			expect(nodeOutput(run, 'Assign Onboarding Course', 1)).toEqual([]);
			expect(assigned.map((item: Item) => item.pairedItem)).toEqual(
				userIds.map((_, item) => ({ item })),
			);
			expect(assigned.map((item: Item) => item.json)).toEqual(
				userIds.map((userId) => ({
					id: assignmentOf.get(userId)?.id,
					remote_id: assignmentOf.get(userId)?.remote_id,
					user_id: userId,
					learning_object_external_reference: LEARNING_OBJECT,
				})),
			);

			// 4. Complete: one completion per assignment, the same user and learning object; the
			// completion time comes from the hire paired through the assignment.
			const completePosts = completionPosts(sandbox);
			expect(completePosts.map((r) => r.status)).toEqual(Array(20).fill(201));
			expect(Object.fromEntries(completePosts.map((r) => [r.path, r.body]))).toEqual(
				Object.fromEntries(
					userIds.map((userId, i) => [
						`${lms}/users/${userId}/completions`,
						{
							learning_object_external_reference: LEARNING_OBJECT,
							completed_at: completedAt(i),
							result: { value: 'Pass' },
						},
					]),
				),
			);
			const completions = sandbox.completions();
			expect(completions).toHaveLength(20);
			const completionOf = new Map(completions.map((record) => [record.user_id, record]));
			userIds.forEach((userId, i) =>
				expect(completionOf.get(userId)).toMatchObject({
					user_id: userId,
					learning_object_external_reference: LEARNING_OBJECT,
					completed_at: completedAt(i),
					result: { value: 'Pass' },
				}),
			);
			const completed = nodeOutput(run, 'Record Completion', 0);
			expect(nodeOutput(run, 'Record Completion', 1)).toEqual([]);
			expect(completed.map((item: Item) => item.pairedItem)).toEqual(
				userIds.map((_, item) => ({ item })),
			);
			expect(completed.map((item: Item) => item.json)).toEqual(
				userIds.map((userId) => ({
					id: completionOf.get(userId)?.id,
					remote_id: completionOf.get(userId)?.remote_id,
					user_id: userId,
					learning_object_external_reference: LEARNING_OBJECT,
				})),
			);

			// Linear: every write of a step came after the previous step was done.
			const writes = sandbox.requests.filter((r) => r.method !== 'GET');
			const done = (requests: typeof writes) =>
				Math.max(...requests.map((r) => r.finishedAt ?? Infinity));
			const begun = (requests: typeof writes) => Math.min(...requests.map((r) => r.receivedAt));
			expect(writes).toHaveLength(1 + 20 + 20);
			expect(done(batches)).toBeLessThanOrEqual(begun([...lookups, ...assignPosts]));
			expect(done(assignPosts)).toBeLessThanOrEqual(begun(completePosts));
		},
		EXECUTE_TIMEOUT_MS,
	);
});
