// The classroom projector (1280×720) and a 1080p screen: a header on one line whose height
// does not change when the "can't keep up" warning comes and goes, an event log with room on
// every view, a bad view=/lesson= named like a bad preset=, and no state of an earlier run
// (the state hash, "Link copied") shown after a load.
import { expect, test, type Page } from '@playwright/test';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';
import { computeHash, ENGINE_WAIT } from './helpers';

/** A 400-server run (scale is not the point here), with page keys added. */
function smallLink(extra: Record<string, string> = {}): string {
  return './#' + encodeHash({ ...defaultScenario(), params: { 'cluster.nodes': 400 } }, extra);
}

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
}

/** The header's height, and how far apart (px) the vertical centres of its parts are: 0-ish when they sit on one line. */
async function headerShape(page: Page): Promise<{ height: number; spread: number }> {
  return page.locator('header').evaluate((h) => {
    const centres = Array.from(h.children).map((c) => {
      const r = c.getBoundingClientRect();
      return r.top + r.height / 2;
    });
    return { height: h.getBoundingClientRect().height, spread: Math.max(...centres) - Math.min(...centres) };
  });
}

test('the event log is at least 160 px tall on every view at 1280×720', async ({ page }) => {
  await ready(page, smallLink());
  const tabs = await page.getByRole('tab').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-testid')!));
  expect(tabs.length).toBeGreaterThanOrEqual(10);
  const log = page.locator('aside section.log');
  for (const tab of tabs) {
    await page.getByTestId(tab).click();
    await expect(page.getByTestId(tab)).toHaveAttribute('aria-selected', 'true');
    const box = await log.boundingBox();
    expect(box, tab).not.toBeNull();
    expect(box!.height, tab).toBeGreaterThanOrEqual(160);
    expect(box!.y + box!.height, tab).toBeLessThanOrEqual(720 + 0.5); // all of it on screen
  }
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`the header stays on one line, the same height, while the lag warning comes and goes (${size.width}×${size.height})`, async ({ page }) => {
    await page.setViewportSize(size);
    // the default 5,000-server cluster at 100,000× is more than the engine can keep up with
    await ready(page, './');
    for (const lang of ['en', 'zh']) {
      if (lang === 'zh') await page.getByTestId('lang').click();
      const before = await headerShape(page);
      expect(before.spread, `${lang}: header parts on one line`).toBeLessThan(4);
      await page.getByTestId('speed-100000').click();
      await page.getByTestId('play').click();
      const lag = page.getByTestId('lagging');
      await expect(lag).toBeVisible({ timeout: ENGINE_WAIT }); // the engine's status says it fell behind
      await expect(lag).toContainText(lang === 'zh' ? '跟不上' : 'keep up');
      const during = await headerShape(page);
      expect(during.height, lang).toBe(before.height);
      expect(during.spread, lang).toBeLessThan(4);
      await page.getByTestId('pause').click();
      await expect(lag).toHaveCount(0);
      expect((await headerShape(page)).height, lang).toBe(before.height);
    }
  });
}

test('a bad view= or lesson= is named, and the page works with the default', async ({ page }) => {
  await ready(page, smallLink({ view: 'no-such-view', lesson: '<b>x</b>', lang: 'en' }));
  const msg = page.getByTestId('link-keys-error');
  await expect(msg).toContainText('Part of the link was not understood');
  await expect(msg).toContainText('no view named "no-such-view"');
  await expect(msg).toContainText('no lesson named "<b>x</b>"'); // as text, not HTML
  await expect(msg.locator('b b')).toHaveCount(0);
  await expect(page.getByTestId('load-error')).toHaveCount(0); // the scenario itself was fine
  await expect(page.getByTestId('tab-racks')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('header .sub')).toHaveText('400 servers, live'); // and it loaded
  await page.getByTestId('tab-logs').click();
  await expect(page.getByTestId('tab-logs')).toHaveAttribute('aria-selected', 'true');
  // a good link after it: the message goes
  await page.goto(smallLink({ view: 'ops' }));
  await expect(page.getByTestId('tab-ops')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expect(msg).toHaveCount(0);
});

test('a new load shows nothing of the run before: no state hash, no Link copied', async ({ page }) => {
  await ready(page, smallLink());
  await page.getByTestId('step').click();
  await expect(page.getByTestId('clock')).not.toHaveAttribute('data-t', '0', { timeout: ENGINE_WAIT });
  await computeHash(page);
  await expect(page.getByTestId('hash')).toBeVisible();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('shared')).toBeVisible();
  // another run, opened from the Scenarios menu (a load within the page)
  await page.getByTestId('scenarios').click();
  await page.getByTestId('scenario-menu').getByTestId('preset-mirror-storm-guarded').click();
  await expect(page).toHaveURL(/preset=mirror-storm-guarded/);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-t', '0');
  await expect(page.getByTestId('hash')).toHaveCount(0);
  await expect(page.getByTestId('shared')).toHaveCount(0);
  await expect(page.locator('header .sub')).toHaveText('5,000 servers, live');
});

test('a new load ends a comparison forked from the run before', async ({ page }) => {
  await ready(page, smallLink({ view: 'compare' }));
  await page.getByTestId('compare-fork').click();
  const view = page.getByTestId('compare-view');
  await expect(view).toHaveAttribute('data-ready', 'true', { timeout: ENGINE_WAIT });
  // another address in the same page (a hash change): the main run loads anew
  await page.goto(smallLink({ view: 'compare', lang: 'en' }));
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expect(view).toHaveAttribute('data-active', 'false');
  await expect(page.getByTestId('compare-fork')).toBeEnabled();
});
