'use strict';
// The n8n editor in Debian's Chromium, driven by playwright-core (which never downloads a
// browser here): sign in, open a workflow, open a node's panel, execute from the UI.

const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling out on a closed network.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function chromiumAvailable() {
	return fs.existsSync(CHROMIUM);
}

/** A headless Chromium with a fresh profile; `close()` also removes the profile. */
async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
	// Required lazily: the demo and the CLI tests do not need playwright-core.
	const { chromium } = require('playwright-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport,
	});
	const page = context.pages()[0] || (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close();
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Signs in through n8n's sign-in form. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(email);
	await page.locator('input[type="password"]').first().fill(password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30000 });
}

/** Opens a saved workflow in the editor and waits for its canvas. */
async function openWorkflow(page, baseUrl, workflowId) {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
}

/** Double-clicks a node on the canvas and waits for its parameter panel (NDV). */
async function openNodePanel(page, nodeName) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: 30000 });
	return panel;
}

module.exports = { CHROMIUM, chromiumAvailable, launchBrowser, openNodePanel, openWorkflow, signIn };
