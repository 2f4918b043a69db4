import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
      'src/config/**',
      'src/directory/**',
      'src/intents/**',
      'src/portfolio/**',
      'src/runtime/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder*', 'botframework-*', '@microsoft/teams-ai', '**/teams/**'],
              message: 'The domain must not depend on the bot framework or the Teams layer.',
            },
          ],
        },
      ],
    },
  },
);
