import { defineConfig } from 'vitest/config';
import { databaseProjects, sharedResolve } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: sharedResolve,
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The demo data tests need a database: see databaseProjects.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: databaseProjects(),
  },
});
