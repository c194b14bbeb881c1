import { defineConfig } from 'vitest/config';

// Two projects so the fast, in-process tests can run on their own in seconds
// (`npx vitest run --project unit`); `npm test` runs both.
export default defineConfig({
  test: {
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        // These bind real loopback ports and start real processes; keep each file in its own worker.
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], pool: 'forks' },
      },
    ],
  },
});
