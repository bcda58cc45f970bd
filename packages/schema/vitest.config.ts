import { defineConfig } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared.ts';

export default defineConfig({
  resolve: sharedResolve,
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
