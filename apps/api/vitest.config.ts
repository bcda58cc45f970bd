import { defineConfig } from 'vitest/config';
import { databaseProjects, sharedResolve } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: sharedResolve,
  test: {
    include: ['test/**/*.test.ts'],
    // Every file starts its own API on a fresh database (an embedded one takes a few seconds to start).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: databaseProjects(),
  },
});
