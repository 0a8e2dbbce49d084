// The StackOne API credential's "Test" in a real n8n: `n8n start`, the owner set up through the
// REST API, then POST /rest/credentials/test as the editor sends it.
import { CREDENTIAL_TYPE, NODE_TYPE, sandboxCredential } from '../../e2e/harness';
import { useN8n } from './support';

const e2e = useN8n({ start: true });

describe('StackOne API credential test in a real n8n', () => {
	let credentialId = '';
	const credential = () => sandboxCredential(e2e().sandbox, { id: '', name: 'StackOne sandbox' });

	beforeAll(async () => {
		credentialId = await e2e().server!.createCredential(credential());
	});

	async function test(data: Record<string, string>) {
		const base = credential();
		const { status, body } = await e2e().server!.testCredential(credentialId, {
			...base,
			data: { ...base.data, ...data },
		});
		expect(status).toBe(200);
		return body.data;
	}

	it('loads the packed node and credential from the community-package folder', async () => {
		const nodes: Array<{ name: string }> = await e2e().server!.types('nodes');
		expect(nodes.map((type) => type.name)).toEqual(
			expect.arrayContaining([NODE_TYPE, `${NODE_TYPE}Tool`]),
		);
		const credentials: Array<{ name: string }> = await e2e().server!.types('credentials');
		expect(credentials.map((type) => type.name)).toContain(CREDENTIAL_TYPE);
	});

	it('answers OK for the right key and account', async () => {
		expect(await test({})).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = e2e().sandbox.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/unified/lms/users', status: 200 });
	});

	it('says the API key is wrong for a wrong key', async () => {
		const answer = await test({ apiKey: 'not-the-sandbox-key' });
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(/^The API key is wrong/);
		expect(answer.message).not.toContain('not-the-sandbox-key');
	});

	it('says the Account ID is wrong for an account the key does not have', async () => {
		const answer = await test({ accountId: 'no-such-account' });
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(/the Account ID is wrong/);
	});

	it('says the Base URL is wrong where no StackOne API answers', async () => {
		const answer = await test({ baseUrl: `${e2e().sandbox.url}/not-stackone` });
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(/^The Base URL is wrong/);
	});
});
