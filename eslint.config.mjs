// Lint rules for the package's source: n8n's community-node rules (what n8n's scanner applies
// before verification) and eslint-plugin-n8n-nodes-base's nodes, credentials and community sets.
// Inline eslint-disable comments are not honoured, as n8n's scanner ignores them too.
// scripts/lint-tarball.js applies the community rules to the packed package as well.
import community from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import * as jsonParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

const nodesBase = (set) => ({ plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: n8nNodesBase.configs[set].rules });

export default [
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json' } },
	},
	{ files: ['package.json'], languageOptions: { parser: jsonParser } },
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'], ...community.configs.recommended },
	{ files: ['package.json'], ...nodesBase('community') },
	{
		files: ['credentials/**/*.ts'],
		...nodesBase('credentials'),
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// By its own description it applies only to nodes in n8n's main repository, whose
			// documentation URLs are slugs; a community credential links to its own README.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		...nodesBase('nodes'),
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These count only string literals ('main') and so cannot read NodeConnectionTypes.Main,
			// which n8n's community rules (node-connection-type-literal) require.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
