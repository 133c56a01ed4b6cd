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
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest 4 defaults to one worker fewer than the cores (1 on the 2-core machine): two files at a
    // time use both (VITEST_MAX_WORKERS overrides, e.g. 1 on a machine busy with other work)
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**', 'tests/**/*.full.test.ts'],
          // The files of a fork share its modules instead of importing them afresh (Vitest's
          // `isolate: false`): the engine is loaded, and compiled by the JIT, once per fork rather than
          // once per file — 92 s against 182 s for the 774 tests on the quiet 2-core machine
          // (2026-12-07). No test relies on a fresh module: none mocks a module or stubs a global; the
          // one spy (tests/api/failure.test.ts) is restored after each test; the engine's module-level
          // variables are a memo of a pure function and detmath's scratch registers.
          isolate: false,
        },
      },
      // The long statistical walks (tests/**/*.full.test.ts): `npm run test:full` (FEITIAN_FULL=1, CI)
      // only. They run in Node's own module loader with tsx, as the CLI does, instead of Vite's module
      // runner: its live-binding getters and module wrapper make hours of engine loops 2–3× slower
      // (the mtbf walk: 75 s against 30 s, measured; docs/performance.md). The other files are short,
      // and for them the runner is cheaper than starting tsx in every fork.
      ...(process.env.FEITIAN_FULL
        ? [
            {
              test: {
                name: 'walks',
                include: ['tests/**/*.full.test.ts'],
                environment: 'node',
                testTimeout: 60_000,
                pool: 'forks' as const,
                execArgv: ['--import', 'tsx'],
                experimental: { viteModuleRunner: false, nodeLoader: false },
              },
            },
          ]
        : []),
    ],
  },
});
