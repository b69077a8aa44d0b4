import { defineConfig } from 'vitest/config';

// Three tiers (`npm test` runs all; `npm run test:unit` etc. run one):
// - unit: `*.unit.test.ts` beside the code — pure logic, no disk, database, network or child process;
// - integration: every other `*.test.ts` under packages/ and apps/ — real SQLite files, sharp,
//   libheif, PGlite and PostgreSQL, real servers on loopback;
// - e2e: e2e/ — Chromium against the headless app and real sync servers, whole CLI runs.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.unit.test.ts', 'apps/*/src/**/*.unit.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['**/*.unit.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'] } },
    ],
  },
});
