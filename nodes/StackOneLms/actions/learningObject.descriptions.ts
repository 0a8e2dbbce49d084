import type { INodeProperties } from 'n8n-workflow';

const EXAMPLE = 'learning-content-123';

/**
 * The learning object a completion or assignment is about: typed in node version 1, picked from
 * StackOne's content (or typed) from version 2. `purpose`: 'the user completed'; `record`: 'a completion'.
 */
export function learningObjectFields(purpose: string, record: string): INodeProperties[] {
	return [
		{
			displayName: 'Learning Object External Reference',
			name: 'learningObjectExternalReference',
			type: 'string',
			default: '',
			required: true,
			placeholder: `e.g. ${EXAMPLE}`,
			description: `The LMS's external reference of the course or content ${purpose}: StackOne's main identifier for ${record}`,
			displayOptions: { show: { '@version': [1] } },
		},
		{
			displayName: 'Learning Object',
			name: 'learningObject',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description: `The course or content ${purpose}, by its external reference: StackOne's main identifier for ${record}`,
			displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a learning object...',
					typeOptions: { searchListMethod: 'searchLearningObjects', searchable: true },
				},
				{
					displayName: 'By External Reference',
					name: 'externalReference',
					type: 'string',
					placeholder: `e.g. ${EXAMPLE}`,
					hint: "The learning object's external reference, as the content's external_reference",
				},
			],
		},
	];
}
