import { defineConfig } from 'vitest/config';

// Test set for mutation runs (`npm run mutation`, see stryker.config.json).
// Only the fast unit/integration suites that exercise the mutated modules:
// no e2e / Chromium suites, no process-spawning server start-up suites.
export default defineConfig({
  test: {
    include: [
      'packages/core/src/protocol/**/*.test.ts',
      'packages/core/src/matching/**/*.test.ts',
      'packages/core/src/library/**/*.test.ts',
      'packages/core/src/sources/**/*.test.ts',
      'packages/core/src/sync/**/*.test.ts',
      'apps/sync-server/src/blobs.contract.test.ts',
      'apps/sync-server/src/server.contract.test.ts',
      'apps/sync-server/src/blobs/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', '**/testing/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
