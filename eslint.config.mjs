// The one lint config (ESM because ESLint 9 loads flat configs that way; the default export is what it expects).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'bench/node_modules/**',
      'bench/results/**',
      'migrations/**',
      'src/playground/playground-init.js',
      'jest.config.js',
      'eslint.config.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its errors: a write that failed would look acknowledged.
      '@typescript-eslint/no-floating-promises': 'error',
      // Named exports only, so every import says what it takes.
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The MikroORM CLI and Jest's global setup need default exports.
    files: ['src/mikro-orm.config.ts', 'tests/helpers/global-setup.ts', 'tests/helpers/global-teardown.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
