import { testCredential } from './helpers/credentialTest';
import { credentialsFor, useSandbox } from './helpers/sandbox';

const sandbox = useSandbox();

describe('StackOne API credential test', () => {
	it('succeeds with a good key and account, listing one user with both', async () => {
		const sb = sandbox();
		await expect(testCredential(credentialsFor(sb))).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sb.requests).toHaveLength(1);
		const [request] = sb.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/unified/lms/users');
		expect(request.query).toEqual({ page_size: '1' });
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`${sb.apiKey}:`).toString('base64')}`,
		);
		expect(request.headers['x-account-id']).toBe(sb.accountId);
	});

	it('tolerates a trailing slash, or none, on the base URL', async () => {
		const sb = sandbox();
		for (const baseUrl of [sb.url, `${sb.url}/`, `${sb.url}//`]) {
			await expect(testCredential(credentialsFor(sb, { baseUrl }))).resolves.toMatchObject({
				status: 'OK',
			});
		}
		expect(sb.requests.map((request) => request.path)).toEqual(Array(3).fill('/unified/lms/users'));
	});

	it('says the API key is wrong when it is', async () => {
		const sb = sandbox();
		const result = await testCredential(credentialsFor(sb, { apiKey: 'not-the-key' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The API key is wrong/);
		expect(result.message).not.toContain('not-the-key');
	});

	it('says the account ID is wrong when the key is right but the account is not', async () => {
		const sb = sandbox();
		const result = await testCredential(credentialsFor(sb, { accountId: 'someone-elses-account' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The API key works, but the Account ID is wrong/);
	});

	it('says the base URL is wrong when nothing answers there as StackOne', async () => {
		const sb = sandbox();
		const result = await testCredential(credentialsFor(sb, { baseUrl: `${sb.url}/not-stackone` }));
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The Base URL is wrong/),
		});
	});
});

describe('StackOne API credential test against something that is not StackOne', () => {
	let server: import('http').Server;
	let url: string;
	beforeAll(async () => {
		const http = await import('http');
		server = http.createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<html>Welcome to nginx!</html>');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as import('net').AddressInfo).port}`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	it('says the base URL is wrong when a web page answers instead', async () => {
		const result = await testCredential({ apiKey: 'k', accountId: 'a', baseUrl: url });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The Base URL is wrong: what answered there/),
		});
	});
});
