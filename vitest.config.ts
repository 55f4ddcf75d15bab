import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@': fileURLToPath(new URL('.', import.meta.url)) };

/**
 * unit: pure logic next to the code (lib/**, server/**, components/**, scripts/**).
 * db: repository and CLI tests, each run on PGlite and on the PostgreSQL server.
 * xmpp: the worker against a private Prosody with real XMPP clients.
 * The product's log lines show only for failed tests (test/support/quiet-logs.ts).
 */
export default defineConfig({
  resolve: { alias },
  test: {
    // The xmpp suites each run a Prosody and a worker: one file at a time keeps them from starving each other.
    fileParallelism: false,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'server/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          setupFiles: ['test/support/quiet-logs.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts'],
          setupFiles: ['test/support/quiet-logs.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'xmpp',
          include: ['test/xmpp/**/*.test.ts'],
          setupFiles: ['test/support/quiet-logs.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
