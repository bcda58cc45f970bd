import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: apiUrl, changeOrigin: true, ws: true },
      '/files': { target: apiUrl, changeOrigin: true },
    },
  },
  // Tell Vitest to use the `browser` entry points (e.g. Svelte's client runtime) even though it runs in Node.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.{test,spec}.{js,ts}'],
    setupFiles: ['./src/vitest-setup.ts'],
  },
});
