import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Server tests bind real loopback ports; keep each file in its own worker.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
