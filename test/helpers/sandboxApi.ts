// What talks to the sandbox over HTTP or reads its request log, without n8n: the end-to-end and
// sandbox tests use these too, so this file imports only types (never runNode or n8n-core).
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';

/** Sends one request to the sandbox's API the way any API client would, with its key and account. */
export async function sandboxRequest(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: IDataObject }> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: {
			authorization: sandbox.authHeader,
			'x-account-id': sandbox.accountId,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as IDataObject };
}

/** Waits until the sandbox has finished with every request it received (10 s at most). */
export async function untilSettled(sandbox: Sandbox): Promise<void> {
	const deadline = Date.now() + 10000;
	while (sandbox.requests.some((request) => request.finishedAt === undefined)) {
		if (Date.now() > deadline)
			throw new Error('The sandbox is still working on a request after 10 s');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The create-completion requests the sandbox received, in arrival order. */
export function completionPosts(sandbox: Sandbox) {
	return sandbox.requests.filter(
		(request) => request.method === 'POST' && request.path.endsWith('/completions'),
	);
}
