import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // Real git repositories are built per test; give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Period boundaries are whole local days; pin the zone so golden packets are the same everywhere.
    env: { TZ: 'UTC' },
  },
});
