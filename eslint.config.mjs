// One linter, zero warnings. The core must stay editor-free so the CLI and the server share it.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.vscode-test/**', '**/.cache/**', 'test/oracles/cdk/**', 'test/oracles/cdk-python/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Suites loaded by the VS Code extension host are CommonJS scripts: require() is how they load.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'src/core must not import the editor: the CLI and the language server share it.' },
            { group: ['**/server/**', '**/extension/**', '**/cli/**'], message: 'Dependencies point inward: core imports nothing from the outer layers.' },
          ],
        },
      ],
    },
  },
);
