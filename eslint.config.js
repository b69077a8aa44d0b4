// Flat config. The layering rule keeps the engine free of host frameworks
// (ARCHITECTURE.md: packages/core never imports electron, fastify, react or apps/*).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const hostPackages = [
  'electron',
  'electron/*',
  'fastify',
  'fastify/*',
  '@fastify/*',
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      '.bench/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: hostPackages,
              message: 'packages/core must not import host frameworks (layering rule).',
            },
            {
              group: ['**/apps/**', '@encore/ui', '@encore/desktop', '@encore/sync-server'],
              message: 'packages/core must not import apps or ui.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/ui/**/*.ts', 'packages/ui/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'fastify', 'fastify/*', '**/apps/**'],
              message: 'packages/ui must not import hosts.',
            },
          ],
          paths: [
            {
              name: '@encore/core',
              message: 'ui may only import types from @encore/core/contract or /protocol.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
