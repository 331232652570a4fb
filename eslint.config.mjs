import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/e2e/code-server/**', '.sample/**', 'test-results/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='execSync']", message: 'Run git with an argument array (execFile/spawn), never through a shell.' },
      ],
    },
  },
  {
    // The core runs in tests, the CLI and the extension alike: it must never depend on VS Code.
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core, src/protocol and src/cli must not import vscode.' }],
          patterns: [{ group: ['**/extension/**'], message: 'The core must not depend on the extension.' }],
        },
      ],
    },
  },
  {
    // The scan worker runs on its own thread, where there is no `vscode` module: it, the channel it shares with the
    // host and the host's client of it (which needs nothing of VS Code either) stay free of it, and so does the view
    // model, which the worker bundles to send the panel's view ahead of the analysis.
    files: ['src/extension/scan/**/*.ts', 'src/extension/viewModel.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/extension/scan and the view model must not import vscode: the scan worker has none.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
