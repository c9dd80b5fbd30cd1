import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// lib/sim must run unchanged in the browser, in tests, in the CLI and on the server, so
// it may not reach for React, Next.js, the DOM or Node's own modules.
const simForbiddenImports = {
  patterns: [
    {
      group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'next', 'next/*'],
      message: 'lib/sim is framework-free: UI code belongs in components/.',
    },
    {
      group: ['node:*'],
      message: 'lib/sim is pure: file and process access belongs in lib/cli or the app.',
    },
  ],
  paths: [
    'fs',
    'fs/promises',
    'path',
    'os',
    'child_process',
    'url',
    'crypto',
    'process',
    'worker_threads',
  ].map((name) => ({
    name,
    message: 'lib/sim is pure: file and process access belongs in lib/cli or the app.',
  })),
}
const domGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'fetch',
  'process',
  'Buffer',
  'require',
]

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'out/', 'coverage/', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['lib/sim/**/*.ts'],
    ignores: ['lib/sim/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', simForbiddenImports],
      'no-restricted-globals': [
        'error',
        ...domGlobals.map((name) => ({
          name,
          message: 'lib/sim must not touch the DOM or the Node process.',
        })),
      ],
    },
  },
)
