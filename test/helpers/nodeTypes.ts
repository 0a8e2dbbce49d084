import type { INodeType, INodeTypeDescription, INodeTypes } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** The description of a one-input, one-output helper node that only tests use. */
export function helperNodeDescription(
	name: string,
	rest: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...rest,
	};
}

/** n8n's node-type registry over a fixed set of types. */
export function nodeTypesOf(types: Record<string, INodeType>): INodeTypes {
	const byName = (type: string) => {
		if (!types[type]) throw new Error(`Unknown node type ${type}`);
		return types[type];
	};
	return {
		getByName: byName,
		getByNameAndVersion: byName,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
}
