// The node panel in a real browser: Debian's Chromium, driven by playwright-core, against the
// pinned n8n with the packed package and the example workflow. Screenshots go to test-artifacts/.
// Mandatory where E2E_BROWSER_REQUIRED=1 (CI installs Chromium); elsewhere skipped, with a
// message, when /usr/bin/chromium is missing.
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

import {
	NODE_TYPE,
	OWNER,
	ROOT,
	loadWorkflow,
	onDefaultVersion,
	stackOneCredential,
} from '../../e2e/harness';
import {
	CHROMIUM,
	chromiumAvailable,
	launchBrowser,
	openNodePanel,
	openWorkflow,
	signIn,
} from '../../e2e/harness/browser';
import { sandboxRequest } from '../helpers/sandboxApi';
import { useN8n } from './support';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
/**
 * The screenshots the README shows, taken here so they stay true to the real n8n: only on the
 * default n8n, so a `test:compat` run on another version leaves the README's images alone.
 */
const DOCS_IMAGES = path.join(ROOT, 'docs', 'images');
const updateDocsImages = onDefaultVersion();
const WORKFLOW_ID = 'stackoneExample01';
const NODE = 'Record Completion';
const required = process.env.E2E_BROWSER_REQUIRED === '1';
const available = chromiumAvailable();

if (!available && !required) {
	console.warn(
		`SKIPPED: the node-panel browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium). ` +
			'Set E2E_BROWSER_REQUIRED=1 to make its absence a failure, as CI does.',
	);
}

describe('browser prerequisites', () => {
	(required ? it : it.skip)(`finds Chromium at ${CHROMIUM} (E2E_BROWSER_REQUIRED=1)`, () => {
		expect(available).toBe(true);
	});
});

(available ? describe : describe.skip)('the StackOne LMS node panel in the n8n editor', () => {
	const e2e = useN8n({
		start: true,
		prepare: async ({ sandbox, n8n }) => {
			const [credential] = loadWorkflow('examples/stackone.credentials.json');
			await n8n.importCredentials([
				stackOneCredential({
					...credential,
					apiKey: sandbox.apiKey,
					accountId: sandbox.accountId,
					baseUrl: sandbox.url,
				}),
			]);
			await n8n.importWorkflows([loadWorkflow('examples/record-completions.workflow.json')]);
		},
	});

	let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
	let page: Page;
	let panel: Locator;

	/**
	 * A screenshot in test-artifacts/; with `docsName`, on the default n8n, also the README's
	 * docs/images/<docsName>.png.
	 */
	const shot = async (name: string, docsName?: string) => {
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		await page.waitForTimeout(400); // let dropdowns finish their animation
		const file = path.join(ARTIFACTS, `${name}.png`);
		await page.screenshot({ path: file });
		if (docsName && updateDocsImages) {
			fs.copyFileSync(file, path.join(DOCS_IMAGES, `${docsName}.png`));
		}
	};
	/** The labels of the parameters shown in the panel's Parameters tab, in order. */
	const visibleLabels = async () =>
		(await panel.locator('[data-test-id="input-label"]:visible').allInnerTexts()).map((text) =>
			text.split('\n')[0].trim(),
		);

	/**
	 * The "Add ..." dropdowns of the collections, in order. n8n 2 gives them a test id; 1.x has
	 * none there, only the `add-option` wrapper inside the collection.
	 */
	const collectionAdders = () =>
		panel.locator(
			'[data-test-id="collection-parameter-add"], .collection-parameter .add-option > .n8n-select',
		);

	/** Opens the "Add ..." dropdown of the nth collection and returns the names it offers. */
	const collectionOptions = async (nth: number) => {
		await collectionAdders().nth(nth).click();
		const options = page.locator('[data-test-id="collection-parameter-option"]:visible');
		await options.first().waitFor();
		return await options.allInnerTexts();
	};

	/** Closes that dropdown again without choosing anything. */
	const closeCollectionOptions = async (nth: number) => {
		await collectionAdders().nth(nth).click();
		await page
			.locator('[data-test-id="collection-parameter-option"]:visible')
			.first()
			.waitFor({ state: 'hidden' });
	};

	beforeAll(async () => {
		browser = await launchBrowser({ viewport: { width: 1440, height: 1200 } });
		page = browser.page;
		await signIn(page, e2e().server!.url, OWNER);
		await openWorkflow(page, e2e().server!.url, WORKFLOW_ID);
	}, 120 * 1000);

	afterAll(async () => {
		if (page) await shot('last-state').catch(() => undefined);
		await browser?.close();
	}, 60 * 1000);

	it(
		'shows the credential, User, Learning Object External Reference and the three collections',
		async () => {
			panel = await openNodePanel(page, NODE);
			await shot('node-panel');

			// The credential field's label: "Credential to connect with" up to 2.8, "Credential" in 2.41
			// (a regex meets the text untrimmed: n8n ends it with a space).
			const credentialLabel = panel
				.locator('[data-test-id="credentials-label"]')
				.getByText(/^\s*Credential( to connect with)?\s*$/);
			await expect(credentialLabel.first().isVisible()).resolves.toBe(true);
			await expect(
				panel.locator('[data-test-id="node-credentials-select"] input').inputValue(),
			).resolves.toBe('StackOne (demo)');
			await expect(
				panel.locator('[data-test-id="resource-locator-user"]').isVisible(),
			).resolves.toBe(true);
			// Every parameter of Completion > Create, in this order (others may sit in between).
			const expected = [
				'Resource',
				'Operation',
				'User',
				'Learning Object External Reference',
				'Additional Fields',
				'Completed At',
				'Result',
				'Score Percentage',
				'Time Spent',
				'Deprecated Fields',
				'Options',
			];
			const labels = await visibleLabels();
			expect(labels.filter((text) => expected.includes(text))).toEqual(expected);
			// Each collection is closed behind its "Add ..." dropdown (the text is its placeholder).
			const adders = await collectionAdders().evaluateAll((elements) =>
				elements.map((element) => element.querySelector('input')?.placeholder ?? ''),
			);
			expect(adders).toEqual(['Add Field', 'Add Deprecated Field', 'Add option']);
			// The deprecated fields explain themselves in their collection's tooltip: no notice stands
			// on every node.
			await expect(panel.getByText(/deprecated by StackOne/).isVisible()).resolves.toBe(false);
		},
		60 * 1000,
	);

	it(
		'offers the User modes "From list" and "By ID" (the value is by ID)',
		async () => {
			await expect(
				panel.locator('[data-test-id="rlc-mode-selector"] input').inputValue(),
			).resolves.toBe('By ID');
			await panel.locator('[data-test-id="rlc-mode-selector"]').click();
			const modes = page.locator('[data-test-id^="mode-"][role="option"]');
			await modes.first().waitFor();
			await expect(modes.allInnerTexts()).resolves.toEqual(
				expect.arrayContaining(['From list', 'By ID']),
			);
			await shot('node-panel-user-modes');
			await page.keyboard.press('Escape');
		},
		60 * 1000,
	);

	it(
		'keeps Deprecated Fields collapsed until it is opened',
		async () => {
			const labels = await visibleLabels();
			expect(labels).toContain('Deprecated Fields');
			expect(labels).not.toContain('Content External Reference');
			expect(labels).not.toContain('Content ID');
			await expect(
				panel.locator('[data-test-id="parameter-input-contentId"]').count(),
			).resolves.toBe(0);
			expect(await collectionOptions(1)).toEqual(['Content External Reference', 'Content ID']);
			await shot('node-panel-deprecated-fields');
			await closeCollectionOptions(1);
		},
		60 * 1000,
	);

	it(
		'lists the Options in alphabetical order',
		async () => {
			const names = await collectionOptions(2);
			expect(names).toEqual(
				expect.arrayContaining(['Account ID', 'Batch Size', 'Include Response Details']),
			);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			await shot('node-panel-options');
			// Batch Size says what its 0 means where it is seen.
			await page
				.locator('[data-test-id="collection-parameter-option"]:visible')
				.filter({ hasText: /^Batch Size$/ })
				.click();
			await panel.getByText('0 = automatic').waitFor();
			await shot('node-panel-batch-size');
		},
		60 * 1000,
	);

	it(
		'executes the workflow from the editor, and the sandbox stores its completions',
		async () => {
			const { sandbox } = e2e();
			// The panel's close button ("Back to canvas" in 1.x).
			await panel
				.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]')
				.click();
			await panel.waitFor({ state: 'hidden' });
			// A canvas selection layer can intercept a real click after the panel closes.
			await page
				.locator('[data-test-id="execute-workflow-button"]')
				.evaluate((button) => (button as HTMLElement).click());
			await page.getByText('Workflow executed successfully').waitFor({ timeout: 60 * 1000 });
			await shot('workflow-executed', 'canvas');

			// The node sends its items concurrently: the sandbox may store them in any order.
			const stored = [...sandbox.completions()].sort((a, b) => a.user_id.localeCompare(b.user_id));
			expect(
				stored.map((record) => [record.user_id, record.learning_object_external_reference]),
			).toEqual([
				['usr_0001', 'course-0001'],
				['usr_0002', 'course-0001'],
				['usr_0003', 'course-0002'],
				['usr_0004', 'course-0003'],
				['usr_0005', 'course-0002'],
			]);
			expect(stored[0]).toMatchObject({
				completed_at: '2024-05-02T09:30:00.000Z',
				result: { value: 'Pass' },
				score: { percentage: 92 },
				time_spent: 'PT1H30M',
			});
		},
		90 * 1000,
	);

	it(
		'lists the LMS users in "From list" mode, through n8n, from StackOne',
		async () => {
			const { sandbox } = e2e();
			panel = await openNodePanel(page, NODE);
			const user = panel
				.locator('[data-test-id="parameter-item"]')
				.filter({ has: page.locator('[data-test-id="resource-locator-user"]') });
			await user.hover();
			await user.locator('[data-test-id="radio-button-fixed"]').click();
			await panel.locator('[data-test-id="rlc-mode-selector"]').click();
			await page.locator('[data-test-id="mode-list"]').click();
			await panel.locator('[data-test-id="rlc-input"]').click();
			const items = page.locator('[data-test-id="rlc-item"]');
			await items.first().waitFor({ timeout: 30 * 1000 });
			await expect(items.first().innerText()).resolves.toBe(
				'Ada Lovelace (ada.lovelace1@example.com)',
			);
			await shot('node-panel-user-list');
			expect(
				sandbox.requests.some((r) => r.method === 'GET' && r.path === '/unified/lms/users'),
			).toBe(true);

			await items.filter({ hasText: 'Grace Hopper' }).first().click();
			await expect(panel.locator('[data-test-id="rlc-input"]').inputValue()).resolves.toBe(
				'Grace Hopper (grace.hopper2@example.com)',
			);
		},
		60 * 1000,
	);

	it(
		'offers all seven resources, and the Course and Content pickers of Get list the sandbox records by title',
		async () => {
			const { sandbox } = e2e();
			if (!(await panel.isVisible())) panel = await openNodePanel(page, NODE);
			const options = page.locator('[data-test-id="parameter-input-item"]:visible');
			/** The names a parameter's dropdown offers (each option's first line: its name). */
			const openOptions = async (parameter: string) => {
				await panel.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
				await options.first().waitFor();
				return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
			};
			const choose = async (parameter: string, name: string) => {
				await openOptions(parameter);
				await options.filter({ hasText: name }).first().click();
				await options.first().waitFor({ state: 'hidden' });
			};
			const items = page.locator('[data-test-id="rlc-item"]');
			/** Opens a record picker (From List) and returns every record it lists once all are in. */
			const pickerItems = async (locator: Locator, count: number) => {
				await expect(
					locator.locator('[data-test-id="rlc-mode-selector"] input').inputValue(),
				).resolves.toBe('From list');
				await locator.locator('[data-test-id="rlc-input"]').click();
				await items.nth(count - 1).waitFor({ state: 'attached', timeout: 30 * 1000 });
				return await items.allInnerTexts();
			};
			const named = (record: { title: string; external_reference: string }) =>
				`${record.title} (${record.external_reference})`;

			// n8n itself may add "Custom API Call" after the node's own resources.
			const resources = await openOptions('resource');
			await shot('node-panel-resources');
			expect(resources.filter((name) => name !== 'Custom API Call')).toEqual([
				'Assignment',
				'Category',
				'Completion',
				'Content',
				'Course',
				'Skill',
				'User',
			]);
			await options.filter({ hasText: 'Course' }).first().click();
			await options.first().waitFor({ state: 'hidden' });

			// Course > Get: the operation falls back to Get, whose Course picker lists every course.
			await expect(
				panel.locator('[data-test-id="parameter-input-operation"] input').inputValue(),
			).resolves.toBe('Get');
			const course = panel.locator('[data-test-id="resource-locator-course"]');
			expect(
				(await pickerItems(course, sandbox.courses.length)).map((text) => text.trim()),
			).toEqual(sandbox.courses.map(named));
			await shot('node-panel-course-list');
			await items.filter({ hasText: 'Workplace Safety' }).first().click();
			await expect(course.locator('[data-test-id="rlc-input"]').inputValue()).resolves.toBe(
				'Workplace Safety (lms-course-0003)',
			);

			// Content > Get: the Content picker lists every learning object.
			await choose('resource', 'Content');
			await expect(
				panel.locator('[data-test-id="parameter-input-operation"] input').inputValue(),
			).resolves.toBe('Get');
			const content = panel.locator('[data-test-id="resource-locator-content"]');
			expect(
				(await pickerItems(content, sandbox.content.length)).map((text) => text.trim()),
			).toEqual(sandbox.content.map(named));
			await shot('node-panel-content-list');
			await items.filter({ hasText: 'GDPR Essentials' }).first().click();
			await expect(content.locator('[data-test-id="rlc-input"]').inputValue()).resolves.toBe(
				'GDPR Essentials (course-0002)',
			);

			// Each list came through n8n from StackOne, one page of 50 (the User picker may still be
			// loading its own next page meanwhile).
			const lists = sandbox.requests.filter(
				(r) => r.method === 'GET' && !r.path.endsWith('/users'),
			);
			expect(lists.map((r) => [r.path, r.query.page_size, r.status])).toEqual([
				['/unified/lms/courses', '50', 200],
				['/unified/lms/content', '50', 200],
			]);
		},
		90 * 1000,
	);

	/** Waits until `check` holds (30 s at most; the assertion after it says what was wrong). */
	const until = async (check: () => Promise<boolean>) => {
		const deadline = Date.now() + 30 * 1000;
		while (Date.now() < deadline && !(await check())) await page.waitForTimeout(250);
	};

	it(
		'gives a new StackOne LMS node version 2, whose Learning Object picker (Completion > Create) lists the sandbox content by title',
		async () => {
			const { sandbox, server } = e2e();
			const named = (record: { title: string; external_reference: string }) =>
				`${record.title} (${record.external_reference})`;
			const nodeVersion = async () => {
				await panel.locator('[data-test-id="tab-settings"]').click();
				const text = (await panel.locator('[data-test-id="node-version"]').innerText()).trim();
				await panel.locator('[data-test-id="tab-params"]').click();
				return text;
			};
			const closePanel = async () => {
				await panel
					.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]')
					.click();
				await panel.waitFor({ state: 'hidden' });
			};

			// The saved workflow's node keeps the version it was saved with.
			if (!(await panel.isVisible())) panel = await openNodePanel(page, NODE);
			expect(await nodeVersion()).toBe('StackOne LMS node version 1 (Latest version: 2)');
			await closePanel();

			// A new node, as users add one: the node creator, StackOne LMS, "Create completion".
			await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
			await page.locator('[data-test-id="node-creator-search-bar"]').fill('StackOne LMS');
			await page
				.locator('[data-test-id="node-creator-item-name"]')
				.filter({ hasText: /^StackOne LMS$/ })
				.first()
				.click();
			await page
				.locator('[data-test-id="item-iterator-item"]')
				.filter({ hasText: /^Create completion$/ })
				.first()
				.click();
			panel = page.locator('[data-test-id="ndv"]');
			await panel
				.locator('[data-test-id="node-parameters"]')
				.first()
				.waitFor({ timeout: 30 * 1000 });
			await shot('new-node-panel', 'create-panel');
			expect(await nodeVersion()).toBe('StackOne LMS node version 2 (Latest)');
			await expect(
				panel.locator('[data-test-id="node-credentials-select"] input').inputValue(),
			).resolves.toBe('StackOne (demo)');
			const labels = await visibleLabels();
			expect(labels).toContain('Learning Object');
			expect(labels).not.toContain('Learning Object External Reference');
			await expect(
				panel.locator('[data-test-id="parameter-input-learningObjectExternalReference"]').count(),
			).resolves.toBe(0);

			// The Learning Object picker: "From list" by default, or "By External Reference".
			const learningObject = panel.locator('[data-test-id="resource-locator-learningObject"]');
			const mode = learningObject.locator('[data-test-id="rlc-mode-selector"]');
			await expect(mode.locator('input').inputValue()).resolves.toBe('From list');
			await mode.click();
			const modes = page.locator('[data-test-id^="mode-"][role="option"]:visible');
			await modes.first().waitFor();
			await expect(modes.allInnerTexts()).resolves.toEqual(['From list', 'By External Reference']);
			await page.keyboard.press('Escape');
			await modes.first().waitFor({ state: 'hidden' });

			// It lists every learning object by title (with its external reference), through n8n from StackOne.
			const items = page.locator('[data-test-id="rlc-item"]');
			await learningObject.locator('[data-test-id="rlc-input"]').click();
			await items
				.nth(sandbox.content.length - 1)
				.waitFor({ state: 'attached', timeout: 30 * 1000 });
			expect((await items.allInnerTexts()).map((text) => text.trim())).toEqual(
				sandbox.content.map(named),
			);
			await shot('node-panel-learning-object-list');
			const lists = sandbox.requests.filter(
				(r) => r.method === 'GET' && r.path === '/unified/lms/content',
			);
			expect(lists.map((r) => [r.query.page_size, r.status])).toEqual([['50', 200]]);

			// Searching by title; the value picked is the external reference.
			await page.keyboard.type('fire');
			const shown = async () => (await items.allInnerTexts()).map((text) => text.trim());
			await until(async () => (await shown()).length === 1);
			expect(await shown()).toEqual(['Fire Safety (course-0003)']);
			await items.first().click();
			await expect(learningObject.locator('[data-test-id="rlc-input"]').inputValue()).resolves.toBe(
				'Fire Safety (course-0003)',
			);
			await shot('node-panel-learning-object-picked');

			// Saved, the new node is version 2 with the external reference as the picker's value.
			await closePanel();
			await page.keyboard.press('Control+s');
			const savedNew = async () => {
				const { body } = await server!.rest('GET', `/workflows/${WORKFLOW_ID}`);
				return (
					body.data.nodes as Array<{
						type: string;
						typeVersion: number;
						parameters: Record<string, unknown>;
					}>
				)
					.filter((node) => node.type === NODE_TYPE)
					.map((node) => [node.typeVersion, node.parameters.learningObject]);
			};
			// (n8n may have saved the new node already, before the pick: wait for the pick.)
			await until(async () => JSON.stringify(await savedNew()).includes('course-0003'));
			expect(await savedNew()).toEqual([
				[1, undefined],
				[
					2,
					{
						__rl: true,
						mode: 'list',
						value: 'course-0003',
						cachedResultName: 'Fire Safety (course-0003)',
					},
				],
			]);
		},
		120 * 1000,
	);

	it(
		'lists the StackOne LMS Trigger in the node creator (search "StackOne"); the trigger added from there shows its Event parameter with the five events, and Fetch Test Event shows the newest completion',
		async () => {
			const { sandbox } = e2e();
			if (await page.locator('[data-test-id="ndv"]').isVisible()) {
				await page
					.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]')
					.click();
			}
			await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
			await page.locator('[data-test-id="node-creator-search-bar"]').fill('StackOne');
			const names = page.locator('[data-test-id="node-creator-item-name"]');
			const shown = async () => (await names.allInnerTexts()).map((text) => text.trim());
			// (The panel's categories show first: wait for the search's results.)
			await until(async () => (await shown()).includes('StackOne LMS'));
			// n8n lists a node and its trigger ("<name> Trigger") as one entry, named after the node:
			// the node's operations under Actions, the trigger's events under Triggers.
			expect(await shown()).toEqual(['StackOne LMS']);
			await shot('node-creator-search-stackone');
			await names.first().click();
			const sections = page.locator('[data-test-id="node-creator-category-item"]');
			await sections.first().waitFor();
			const sectionNames = (await sections.allInnerTexts()).map((text) => text.trim());
			await shot('node-creator-stackone', 'actions');
			expect(sectionNames).toHaveLength(2);
			expect(sectionNames[0]).toMatch(/^Actions \(\d+\)$/);
			expect(sectionNames[1]).toBe('Triggers (5)');
			await sections.filter({ hasText: 'Triggers' }).click();
			const items = page.locator('[data-test-id="item-iterator-item"]');
			const triggers = items.filter({ hasText: /^On .* created or updated$/ });
			await triggers.first().waitFor();
			expect((await triggers.allInnerTexts()).map((text) => text.trim())).toEqual([
				'On assignment created or updated',
				'On completion created or updated',
				'On content created or updated',
				'On course created or updated',
				'On user created or updated',
			]);
			await shot('node-creator-stackone-triggers');

			// Adding one adds the trigger node, its event preset, with the credential already picked.
			await triggers.filter({ hasText: 'On completion created or updated' }).click();
			panel = page.locator('[data-test-id="ndv"]');
			await panel
				.locator('[data-test-id="node-parameters"]')
				.first()
				.waitFor({ timeout: 30 * 1000 });
			await expect(
				page
					.locator('[data-test-id="canvas-node"][data-node-name="StackOne LMS Trigger"]')
					.count(),
			).resolves.toBe(1);
			await expect(
				panel.locator('[data-test-id="node-credentials-select"] input').inputValue(),
			).resolves.toBe('StackOne (demo)');
			const labels = await visibleLabels();
			expect(labels.filter((label) => ['Poll Times', 'Event', 'Options'].includes(label))).toEqual([
				'Poll Times',
				'Event',
				'Options',
			]);
			const event = panel.locator('[data-test-id="parameter-input-event"]');
			await expect(event.locator('input').inputValue()).resolves.toBe(
				'Completion Created or Updated',
			);
			await event.click();
			const options = page.locator('[data-test-id="parameter-input-item"]:visible');
			await options.first().waitFor();
			expect((await options.allInnerTexts()).map((text) => text.split('\n')[0].trim())).toEqual([
				'Assignment Created or Updated',
				'Completion Created or Updated',
				'Content Created or Updated',
				'Course Created or Updated',
				'User Created or Updated',
			]);
			await shot('trigger-panel-events');
			await page.keyboard.press('Escape');
			await options.first().waitFor({ state: 'hidden' });

			// Fetch Test Event: the newest completion changed in the last 30 days, through n8n from StackOne.
			const created = await sandboxRequest(
				sandbox,
				'POST',
				`/unified/lms/users/${sandbox.users[2].id}/completions`,
				{ learning_object_external_reference: 'FETCH-TEST-1' },
			);
			expect(created.status).toBe(201);
			const { data } = created.json as { data: { id: string } };
			await panel.locator('[data-test-id="node-execute-button"]').first().click();
			const output = panel.locator('[data-test-id="output-panel"]');
			await output.getByText(data.id, { exact: true }).first().waitFor({ timeout: 30 * 1000 });
			await shot('trigger-fetch-test-event');
			await expect(output.getByText('FETCH-TEST-1').count()).resolves.toBe(1);
			await expect(output.getByText(/^1 item$/).count()).resolves.toBe(1);
			const reads = sandbox.requests.filter(
				(r) => r.method === 'GET' && r.path === '/unified/lms/completions',
			);
			expect(reads.map((r) => r.status)).toEqual([200]);
			expect(reads[0].query['filter[updated_after]']).toEqual(expect.any(String));
		},
		90 * 1000,
	);
	it(
		'draws the node icon, light and dark, without a status-like mark: no green in it',
		async () => {
			const src = await page.locator('img[src*="stackone"]').first().getAttribute('src');
			expect(src).toMatch(/stackone(\.dark)?\.svg/);
			const light = new URL(src!.replace('stackone.dark.svg', 'stackone.svg'), page.url()).href;
			const dark = light.replace('stackone.svg', 'stackone.dark.svg');
			const drawn = await page.evaluate(async (sources) => {
				const counts = [];
				for (const source of sources) {
					const image = new Image();
					image.src = source;
					await image.decode();
					const canvas = document.createElement('canvas');
					canvas.width = 64;
					canvas.height = 64;
					const context = canvas.getContext('2d')!;
					context.drawImage(image, 0, 0, 64, 64);
					const { data } = context.getImageData(0, 0, 64, 64);
					let painted = 0;
					let green = 0;
					for (let i = 0; i < data.length; i += 4) {
						if (data[i + 3] < 128) continue;
						painted++;
						// n8n's success marks are green: green well above red and blue.
						if (data[i + 1] > data[i] + 40 && data[i + 1] > data[i + 2] + 40) green++;
					}
					counts.push({ source, painted, green });
				}
				return counts;
			}, [light, dark]);
			expect(drawn.map(({ painted }) => painted > 500)).toEqual([true, true]);
			expect(drawn.map(({ green }) => green)).toEqual([0, 0]);
		},
		60 * 1000,
	);
});
