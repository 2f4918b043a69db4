import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** The domain knows nothing of the bot framework: only src/teams/ may import it. */
const domainBoundary = {
  group: ['botbuilder*', 'botframework-*', '@microsoft/teams-ai', '**/teams/**'],
  message: 'The domain must not depend on the bot framework or the Teams layer.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'bench-results/**',
      '.data/**',
      'appPackage/build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [
      'src/knowledge/**',
      'src/intake/**',
      'src/review/**',
      'src/announcements/**',
      'src/store/**',
      'src/directory/**',
      'src/intents/**',
      'src/portfolio/**',
      'src/runtime/**',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [domainBoundary] }] },
  },
  {
    // Configuration is the bottom layer: capabilities own their settings schemas and the composition root
    // (src/bootstrap.ts, src/org-settings.ts) assembles them, so nothing under config/ reaches up into the app.
    files: ['src/config/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            domainBoundary,
            {
              group: ['../*', '!../config'],
              message:
                'src/config/ imports no capability: move the schema to its capability and assemble it in the composition root.',
            },
          ],
        },
      ],
    },
  },
  {
    // A cycle makes start-up order matter and hides which layer owns what; type-only imports are ignored (erased at build).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
