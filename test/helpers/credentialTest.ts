import type { INode, INodeType } from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { ExecuteContext, RoutingNode } from 'n8n-core';

import { StackOneApi } from '../../credentials/StackOneApi.credentials';
import type { StackOneCredentialData } from './runNode';
import { buildAdditionalData } from './runNode';
import { helperNodeDescription, nodeTypesOf } from './nodeTypes';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Runs the credential's `test` request the way n8n's credentials tester does: as the routing
 * request of a temporary declarative node, executed by n8n-core's RoutingNode, then matched
 * against the credential's rules. Like n8n 2.8's tester, it looks for a failed request's status in
 * `error.cause.response`, which n8n-workflow 2.8's errors no longer keep.
 */
export async function testCredential(data: StackOneCredentialData): Promise<CredentialTestResult> {
	const credential = new StackOneApi();
	const nodeType: INodeType = {
		description: helperNodeDescription('temp', {
			credentials: [{ name: credential.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: credential.test.request },
				},
			],
		}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credential.name]: { id: 'test', name: 'test' } },
	};
	const nodeTypes = nodeTypesOf({ temp: nodeType });
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		buildAdditionalData(data),
		'internal',
		createRunExecutionData({ executionData: null }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'test',
		name: 'test',
		type: credential.name,
		data,
	});
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number } } }).cause?.response
			?.status;
		if (status !== undefined)
			return { status: 'Error', message: `Received HTTP status code: ${status}` };
		const code = (error as { cause?: { code?: string } }).cause?.code;
		return { status: 'Error', message: code ?? (error as Error).message };
	}
	const body = response?.[0]?.[0]?.json ?? {};
	for (const rule of credential.test.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			valueAt(body, rule.properties.key) === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function valueAt(object: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
			object,
		);
}
