import { defineConfig } from 'vitest/config';

// Files that drive Chromium; they form their own project so that its global setup (finding the
// browser) runs only when one of them is in the run.
const E2E = 'test/e2e/**/*.e2e.test.ts';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    // Hang protection, not a timing goal: browser suites on a loaded 2-core machine take a while.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration and e2e suites start real servers and browsers; two cores, so keep it calm.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'node', include: ['**/*.test.{ts,tsx}'], exclude: [E2E] } },
      { extends: true, test: { name: 'e2e', include: [E2E], globalSetup: ['test/e2e/global-setup.ts'] } },
    ],
  },
});
