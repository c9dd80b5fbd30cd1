import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const PURE = [
  'lib/sim/**/*.ts',
  'lib/session/**/*.ts',
  'lib/shell/**/*.ts',
  'lib/storage/**/*.ts',
  'lib/grading/**/*.ts',
]
const pureMessage =
  'pure modules run unchanged in the browser, tests, the CLI and the server: no file or process access.'

// Imports point one way: app → components → lib.
const upward = (layers) =>
  layers.map((layer) => ({
    group: [`@/${layer}`, `@/${layer}/*`, `**/${layer}/*`],
    message: `imports point one way (app → components → lib); ${layer}/ is above this layer.`,
  }))

// lib/server holds the SQL, secrets and Node code: only app/api/** and server components
// (app/) import it, never a component that may end up in the browser, nor a pure module.
const serverOnly = {
  group: [
    '@/lib/server',
    '@/lib/server/*',
    '**/lib/server',
    '**/lib/server/*',
    '../server',
    '../server/*',
    '../../server/*',
  ],
  message: 'lib/server is server-only: import it from app/api/** or a server component in app/.',
}

// The pure modules may not reach for React, Next.js, the DOM or Node's own modules.
const pureImports = {
  patterns: [
    {
      group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'next', 'next/*', 'zustand', 'zustand/*'],
      message: 'pure modules are framework-free: UI code belongs in components/.',
    },
    { group: ['node:*'], message: pureMessage },
    ...upward(['app', 'components']),
    serverOnly,
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
  ].map((name) => ({ name, message: pureMessage })),
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
  {
    ignores: [
      'node_modules/',
      '.next/',
      '.next-*/',
      'out/',
      'coverage/',
      'next-env.d.ts',
      'test-results/',
      'playwright-report/',
    ],
  },
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
    // Scripts that hand functions to a browser page (page.evaluate) use browser globals.
    files: ['scripts/bench-web.mjs', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'mdx-components.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...upward(['app']), serverOnly] }] },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: PURE,
    rules: { 'no-restricted-imports': ['error', { patterns: upward(['app', 'components']) }] },
  },
  {
    files: PURE,
    ignores: ['**/*.test.ts', '**/*.testkit.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', pureImports],
      'no-restricted-globals': [
        'error',
        ...domGlobals.map((name) => ({
          name,
          message: 'pure modules must not touch the DOM or the Node process.',
        })),
      ],
    },
  },
)
