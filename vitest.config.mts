import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // Real git repositories are built per test; give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Period boundaries are whole local days; pin the zone so golden packets are the same everywhere.
    // and keep the CLI's commit cache out of the user's home.
    env: { TZ: 'UTC', XDG_CACHE_HOME: path.join(os.tmpdir(), 'growth-ledger-test-cache') },
  },
});
