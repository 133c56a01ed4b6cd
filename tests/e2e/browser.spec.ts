// The browser the tests run in: no work of its own beside the page. Chromium's full headless mode
// loads the omnibox pop-up's WebUI into a renderer for every context unless its features are off
// (tests/e2e/chromium.ts): 1.6 CPU-s per test, measured 2026-12-07.
import { expect, test } from '@playwright/test';

test('the test browser runs no browser UI of its own beside the page', async ({ page, browser }) => {
  await page.goto('./');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  expect(targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url)).toEqual([]);
  expect(targetInfos.filter((t) => t.type === 'page').map((t) => new URL(t.url).origin)).toEqual([new URL(page.url()).origin]);
  await cdp.detach();
});
