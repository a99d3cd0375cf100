import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**'],
    // Hang protection, not a timing goal: browser suites on a loaded 2-core machine take a while.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration and e2e suites start real servers and browsers; two cores, so keep it calm.
    maxWorkers: 2,
  },
});
