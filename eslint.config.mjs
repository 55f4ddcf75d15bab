import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlatCompat } from '@eslint/eslintrc';

const compat = new FlatCompat({ baseDirectory: dirname(fileURLToPath(import.meta.url)) });

/**
 * The layers (README, Architecture): app/ → components/ → lib/; app/ and the worker → server/ → db/.
 * Nothing points back up. Domain code is server/ less its entry points (the worker, the HTTP helpers
 * of the console's routes, the CLI, the process entry point), which use it and are not used by it.
 */
const domainCode = ['./server/!(worker|http|cli)/**/*', './server/!(main).ts'];
const layers = [
  {
    target: './lib',
    from: ['./server', './db', './app', './components'],
    message: 'lib/ is pure code shared by the browser and the server: it imports only lib/ and pure packages.',
  },
  {
    target: './db',
    from: ['./server', './app', './components', './lib'],
    message: 'db/ is the bottom layer: schema, migrations, the connection.',
  },
  {
    target: './server',
    from: ['./app', './components'],
    message: 'server/ is called by the console and the worker, never the other way round.',
  },
  {
    target: domainCode,
    from: ['./server/worker', './server/http', './server/cli', './server/main.ts'],
    message: 'Domain code imports neither the worker, the HTTP layer nor the CLI: they import it.',
  },
  { target: './components', from: ['./app'], message: 'components/ are used by app/, not the other way round.' },
];

const config = [
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      '.data/**',
      'db/migrations/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...compat.extends('next/core-web-vitals', 'next/typescript'),
  {
    files: ['app/**', 'components/**', 'lib/**', 'server/**', 'db/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: layers,
        },
      ],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['components/**'],
    rules: {
      // The browser's code reaches the server only through the API: it may name the server's types.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/server/*', '@/db/*', '**/server/**', '**/db/*'],
              allowTypeImports: true,
              message: "components/ import lib/ and the server's types only (import type).",
            },
          ],
        },
      ],
    },
  },
];

export default config;
