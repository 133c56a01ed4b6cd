/**
 * Browser tests in the Debian Chromium (Playwright never downloads a browser here).
 * The web server builds the static site and serves `dist/` with `vite preview`, so the
 * tests run against what gets deployed. Set E2E_NO_BUILD=1 to serve an existing dist/;
 * E2E_PORT and E2E_OUT_DIR give a private port and build directory.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './tests/e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// E2E_OUT_DIR lets engineers working side by side build and serve their own copy.
const OUT = process.env.E2E_OUT_DIR ? ` --outDir ${process.env.E2E_OUT_DIR}` : '';
const serve = `npx vite preview --port ${PORT} --strictPort${OUT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two browsers at once (one preview server serves both); E2E_WORKERS=1 for one. On the quiet 2-core
  // machine (2026-12-07): the 99 tests of `npm test` in 317–327 s at two; two whole suites side by
  // side, two browsers each, both passed (docs/performance.md, Test suite).
  workers: Number(process.env.E2E_WORKERS ?? 2),
  fullyParallel: true,
  retries: 0,
  // A test's own bound, for a broken one: every wait inside is on the engine's state (ENGINE_WAIT, 60 s,
  // tests/e2e/helpers.ts). Quiet, no test takes a quarter of it; two whole suites side by side with two
  // browsers each (four on the 2 cores) took up to 42 s (layout's comparison: three workers), so 90 s.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1280, height: 720 },
    locale: 'en-US',
    screenshot: 'only-on-failure',
    trace: 'off',
    // The built page registers a service worker that precaches the whole site (src/lib/offline.ts):
    // every test's fresh context would fetch and store it all again. Only the offline test
    // (classroom.spec.ts) allows it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: process.env.E2E_NO_BUILD ? serve : `npx vite build${OUT}${OUT ? ' --emptyOutDir' : ''} && ${serve}`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
