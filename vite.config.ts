/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { offline } from './vite.offline.js';

export default defineConfig({
  // Relative base: the built site works from any static host and any sub-path.
  base: './',
  // offline(): writes sw.js, a service worker precaching the built site (vite.offline.ts).
  plugins: [svelte(), offline()],
  worker: { format: 'es' },
  // Source maps ship on purpose (README, How it is built): the site is open and meant to be
  // read; browsers fetch them only with DevTools open and sw.js does not precache them.
  build: { target: 'es2022', sourcemap: true },
  test: {
    // `npm test` leaves out the long statistical walks (tests/**/*.full.test.ts);
    // `npm run test:full` (FEITIAN_FULL=1, CI) runs them too.
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', ...(process.env.FEITIAN_FULL ? [] : ['tests/**/*.full.test.ts'])],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest 4 defaults to one worker fewer than the cores (1 on the 2-core machine): two files at a
    // time use both (VITEST_MAX_WORKERS overrides, e.g. 1 on a machine busy with other work)
    maxWorkers: 2,
  },
});
