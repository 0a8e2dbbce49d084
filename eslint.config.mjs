// ESLint on the node and credential sources (nodes/, credentials/): n8n's community-node rules in
// the pinned @n8n/eslint-plugin-community-nodes, which is newer than the copy n8n's scanner
// bundles (0.32.0 has no-unsafe-connection-type-cast, the scanner's 0.29.0 does not), with
// type-aware parsing, and eslint-plugin-n8n-nodes-base's nodes and credentials sets (the scanner
// switches two more of their rules off than this config does). Inline eslint-disable comments are not honoured, as the scanner ignores them too.
// The verdict is the scanner's own: scripts/scan-package.js runs @n8n/scan-community-package on
// the packed tarball and on the source (package.json included; this config does not lint it).
import community from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const nodesBase = (set) => ({ plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: n8nNodesBase.configs[set].rules });

export default [
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json' } },
	},
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], ...community.configs.recommended },
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
