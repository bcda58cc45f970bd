import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Tests start a real PostgreSQL (or an embedded one) and apply the migrations first.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
