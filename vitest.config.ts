import { defineConfig } from 'vitest/config';

// Tiers by folder: unit tests are pure; integration and e2e drive real git and Bandit.
export default defineConfig({
  test: {
    // No resident Bandit outliving a test (see test/helpers/git-repo.ts).
    env: { NO_COLOR: '1', SECGATE_WORKER: '0' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
