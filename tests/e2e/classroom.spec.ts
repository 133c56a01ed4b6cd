// The classroom's sharing tools (issue 8): export (PNG, CSV, scenario JSON), embed
// mode, offline reload, and keyboard access to the export menu. All on a 400-server
// cluster (helpers' SMALL): scale is not the point here.
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { clickServer, computeHash, ENGINE_WAIT, openPage, openSmall, pauseConfirmed, playUntil, SMALL_SERVERS, simTime, smallLink } from './helpers';
import { clockForFile } from '../../src/lib/export';

async function download(page: Page, item: string): Promise<{ dl: Download; bytes: Buffer }> {
  await page.getByTestId('export').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()]);
  const path = await dl.path();
  return { dl, bytes: await readFile(path) };
}

test('export writes a PNG of the view, the charted series as CSV and the scenario that reopens to the same state', async ({ page, browser }) => {
  await openSmall(page);
  await page.getByTestId('speed-600').click();
  await page.getByTestId('play').click();
  await playUntil(page, 30_000);
  await clickServer(page, 42);
  await page.getByTestId('action-menu').getByRole('menuitem', { name: 'Crash' }).click();
  await playUntil(page, 90_000);
  // paused, as the worker confirms: the clock shows the engine's own time
  const t = await pauseConfirmed(page);
  const stamp = clockForFile(t);

  // PNG: a real PNG file, as wide as the view at least, named after scenario, view and time.
  const png = await download(page, 'export-png');
  expect(png.dl.suggestedFilename()).toMatch(new RegExp(`^feitian-[\\p{L}\\p{N}-]+-racks-${stamp}\\.png$`, 'u'));
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(1000); // IHDR width
  expect(png.bytes.length).toBeGreaterThan(20_000); // not a blank canvas

  // CSV: the sidebar charts' series, one row per 10 s sample.
  const csv = await download(page, 'export-csv');
  expect(csv.dl.suggestedFilename()).toMatch(new RegExp(`-racks-${stamp}\\.csv$`));
  const rows = csv.bytes.toString('utf8').trimEnd().split('\n');
  expect(rows[0]).toMatch(/^t_ms,sim_time,Core network utilization \/ core,/);
  expect(rows[0].split(',').length).toBe(5);
  const samples = await page.evaluate(
    () => (globalThis as unknown as { feitian: { client: { frame: { series: { t: Float64Array } } } } }).feitian.client.frame.series.t.length,
  );
  expect(samples).toBeGreaterThan(5);
  expect(rows.length - 1).toBe(samples);
  expect(rows[rows.length - 1].split(',')[0]).toMatch(/^\d+$/);

  // Scenario JSON: the docs/scenario.md format with the crash recorded; as a link it reproduces the state hash.
  const json = await download(page, 'export-json');
  expect(json.dl.suggestedFilename()).toMatch(new RegExp(`-racks-${stamp}\\.json$`));
  const scenario = JSON.parse(json.bytes.toString('utf8'));
  expect(Object.keys(scenario)).toEqual(['v', 'name', 'seed', 'params', 'timeline']);
  expect(scenario.timeline.some((e: { action: string; args: { node?: number } }) => e.action === 'node-crash' && e.args.node === 42)).toBe(true);
  const a = await computeHash(page);
  expect(a.t).toBe(t);

  const link = `./#s=${Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url')}&t=${t}`;
  await page.close(); // one run at a time: each open page has its own worker
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const p2 = await fresh.newPage();
  await openPage(p2, link, SMALL_SERVERS);
  await expect(p2.getByTestId('load-error')).toHaveCount(0);
  expect(await simTime(p2)).toBe(t);
  expect(await computeHash(p2)).toEqual(a);
  await fresh.close();
});

test('the export menu works from the keyboard, with visible focus', async ({ page }) => {
  await openSmall(page);
  const btn = page.getByTestId('export');
  await btn.focus();
  await expect(btn).toHaveAttribute('aria-haspopup', 'menu');
  const outline = await btn.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByTestId('export-png')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('export-csv')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(btn).toBeFocused();
  // The rack view's state in words, for screen readers.
  await expect(page.getByTestId('rack-summary')).toContainText('400 up');
});

test('embed mode shows one view with minimal chrome', async ({ page }) => {
  await openSmall(page, {}, { embed: '1' });
  await expect(page.locator('.app')).toHaveAttribute('data-embed', '1');
  await expect(page.getByTestId('tab-racks')).toHaveCount(0);
  await expect(page.getByTestId('share')).toHaveCount(0);
  await expect(page.getByTestId('export')).toHaveCount(0);
  await expect(page.getByTestId('fail-random')).toHaveCount(0);
  await expect(page.getByTestId('legend')).toBeVisible();
  await expect(page.getByTestId('play')).toBeVisible();
  await expect(page.getByTestId('clock')).toBeVisible();

  await page.goto(smallLink({}, { view: 'storage', embed: '1' }));
  await page.reload();
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await expect(page.locator('section.view[data-view="storage"]')).toBeVisible();
  await expect(page.getByTestId('legend')).toBeHidden();
  await expect(page.getByTestId('tab-storage')).toHaveCount(0); // the page's tabs (the view keeps its own)
  const viewWidth = await page.locator('section.view').evaluate((el) => el.getBoundingClientRect().width);
  expect(viewWidth).toBeGreaterThan(1200); // the view has the whole frame
});

test.describe('offline', () => {
  // the service worker is blocked elsewhere (playwright.config.ts)
  test.use({ serviceWorkers: 'allow' });
  test('after one visit the page reloads and runs with the network off', async ({ page, context }) => {
    await openSmall(page);
    await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready', { timeout: 30_000 });
    await context.setOffline(true);
    try {
      await page.reload();
      await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
      await expect(page.getByTestId('rack-canvas')).toHaveAttribute('data-drawn-servers', String(SMALL_SERVERS));
      expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
      // The simulation worker (from the cache) runs.
      await page.getByTestId('step').click();
      await expect.poll(() => simTime(page), { timeout: ENGINE_WAIT }).toBeGreaterThan(0);
    } finally {
      await context.setOffline(false);
    }
  });
});

test('every visible control in every view has a name and can take keyboard focus', async ({ page }) => {
  await openSmall(page);
  const views = await page
    .locator('[role="tab"][data-testid^="tab-"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testid!.slice(4)));
  expect(views.length).toBeGreaterThan(3);
  for (const v of views) {
    await page.getByTestId('tab-' + v).click();
    await expect(page.getByTestId('tab-' + v)).toHaveAttribute('aria-selected', 'true');
    const bad = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(
        document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role=button], [role=tab], [role=menuitem], [role=slider]'),
      )) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || (el as HTMLButtonElement).disabled) continue;
        const by = el.getAttribute('aria-labelledby');
        const labels = (el as HTMLInputElement).labels;
        const name =
          el.getAttribute('aria-label') ||
          (by && document.getElementById(by)?.textContent) ||
          (labels &&
            Array.from(labels)
              .map((l) => l.textContent)
              .join(' ')) ||
          el.title ||
          (el.tagName !== 'INPUT' && el.tagName !== 'SELECT' ? el.textContent : '') ||
          el.getAttribute('placeholder');
        const focusable = el.tabIndex >= 0 || !!el.closest('[role="menu"], [role="radiogroup"], [role="tablist"]');
        if (!name?.trim() || !focusable) out.push(el.outerHTML.slice(0, 120));
      }
      return out;
    });
    expect(bad, `view ${v}`).toEqual([]);
  }
});
