import type { IExecuteFunctions } from 'n8n-workflow';

import { toIdentifier } from './fieldValues';

/** The external reference of an item's learning object, from the parameter its node version has. */
export function readLearningObjectReference(this: IExecuteFunctions, itemIndex: number): string {
	if (this.getNode().typeVersion < 2) {
		return toIdentifier(
			this.getNodeParameter('learningObjectExternalReference', itemIndex, ''),
			'Learning Object External Reference',
			'learning-content-123',
		);
	}
	return toIdentifier(
		this.getNodeParameter('learningObject', itemIndex, '', { extractValue: true }),
		'Learning Object',
		'learning-content-123',
	);
}
