import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class StackOneApi implements ICredentialType {
	name = 'stackOneApi';

	displayName = 'StackOne API';

	icon: Icon = { light: 'file:../icons/stackone.svg', dark: 'file:../icons/stackone.dark.svg' };

	documentationUrl = 'https://github.com/stackone-lms/n8n-nodes-stackone-lms#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The StackOne API key, from the API Keys page of the StackOne dashboard',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 45355976281015164504',
			description:
				'The ID of the linked LMS account, sent as the x-account-id header. A node can override it in its options.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stackone.com',
			description: 'Where StackOne answers. Change it only for a regional host or a test server.',
		},
	];

	// StackOne takes the key as the Basic user name with an empty password.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.apiKey}}',
				password: '',
			},
			headers: {
				'x-account-id': '={{$credentials.accountId}}',
			},
		},
	};

	// n8n 2.x drops the HTTP status of a failed test request before its responseCode rules run,
	// so the request takes every status and the rules read StackOne's own statusCode instead.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/unified/lms/users',
			qs: { page_size: '1' },
			headers: { 'User-Agent': 'n8n-nodes-stackone-lms' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 401,
					message: 'The API key is wrong: StackOne did not accept it. Copy it again from StackOne.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 403,
					message:
						'The API key works, but the Account ID is wrong: StackOne knows no such linked account for this key.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 404,
					message: "The Base URL is wrong: StackOne's LMS API was not found there.",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message:
						"The Base URL is wrong: what answered there is not StackOne's LMS API. The default is https://api.stackone.com.",
				},
			},
		],
	};
}
