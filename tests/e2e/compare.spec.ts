// The compare view in a real Chromium: run a bit, fork the run into sides A and B
// (both start from the main run's exact state), cut a rack's power on B only, step the
// pair and see B short of more copies than A at the same clock; play the pair and stay
// in lockstep; share B and reopen the link to B's exact state; adopt A as the main run;
// screenshots at 1280×720 and 1920×1080, in both languages. On a 400-server cluster
// (helpers' SMALL: 10 racks, a rack holds as many chunks as at the default scale), so
// the three workers (main, A, B) each build and run a small engine.
import { expect, test, type Page } from '@playwright/test';
import { ENGINE_WAIT, expectSimTime, openPage, openSmall, SMALL_SERVERS } from './helpers';

type Stamp = { hash: string; t: number; events: number } | null;
type Hook = {
  client: { hash(): Promise<Stamp> };
  compare: { hash(side: 'A' | 'B'): Promise<Stamp>; t(side: 'A' | 'B'): number | null; forkT(): number };
};
const hook = (page: Page) => ({
  side: (s: 'A' | 'B') => page.evaluate((id) => (globalThis as unknown as { feitian: Hook }).feitian.compare.hash(id), s),
  main: () => page.evaluate(() => (globalThis as unknown as { feitian: Hook }).feitian.client.hash()),
});
const attrT = async (page: Page, s: 'A' | 'B') => Number(await page.getByTestId('compare-side-' + s).getAttribute('data-t'));

test('fork, act on one side, step in lockstep, share a side, adopt the other', async ({ page, browser }) => {
  test.setTimeout(180_000); // three workers and two page loads
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSmall(page);

  // run a bit: ten simulated minutes
  await page.getByTestId('speed-3600').click();
  await page.getByTestId('step').click();
  await expectSimTime(page, 600_000);

  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-active', 'false');
  await page.getByTestId('compare-fork').click();
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true', { timeout: ENGINE_WAIT });
  await expect(page.getByTestId('compare-clock')).toHaveAttribute('data-t', '600000');
  // both sides start from the main run's exact state
  const main0 = await hook(page).main();
  expect((await hook(page).side('A'))?.hash).toBe(main0?.hash);
  expect((await hook(page).side('B'))?.hash).toBe(main0?.hash);
  await expect(page.getByTestId('compare-figures').locator('tr[data-figure=underReplicated]')).toHaveAttribute('data-a', /\d/);

  // a click on A's map picks a rack for A's power buttons; arrow keys move the pick
  // (10 racks: one row of 10 tiles, 2 px apart)
  const pickedB = await page.getByTestId('compare-B-rack').inputValue();
  const map = page.getByTestId('compare-map-A');
  const box = (await map.boundingBox())!;
  const w = (box.width - 9 * 2) / 10;
  await map.click({ position: { x: 5 * (w + 2) + w / 2, y: box.height / 2 } });
  await expect(page.getByTestId('compare-A-rack')).toHaveValue('5');
  await expect(page.getByTestId('compare-A-rack-off')).toHaveText(/R5/);
  await map.press('ArrowRight');
  await expect(page.getByTestId('compare-A-rack')).toHaveValue('6');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-t', '600000'); // the arrow did not step the main run
  await expect(page.getByTestId('compare-B-rack')).toHaveValue(pickedB);

  // rack 7 loses power on side B only
  await page.getByTestId('compare-B-rack').fill('7');
  await page.getByTestId('compare-B-rack-off').click();
  await expect(page.getByTestId('compare-timeline-B')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('compare-timeline-A')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('compare-B-rack-on')).toBeVisible();

  // step the pair fifteen minutes (speed 600×: one step = 5 min) — past the master's
  // wait before re-copying a declared-dead server's chunks (recovery.outDelayMs, 10 min)
  await page.getByTestId('compare-speed-600').click();
  const stepped = 600_000 + 3 * 300_000;
  for (let k = 1; k <= 3; k++) {
    await page.getByTestId('compare-step').click();
    await expect(page.getByTestId('compare-clock')).toHaveAttribute('data-t', String(600_000 + k * 300_000), { timeout: ENGINE_WAIT });
  }
  await expect(page.getByTestId('compare-side-A')).toHaveAttribute('data-t', String(stepped));
  await expect(page.getByTestId('compare-side-B')).toHaveAttribute('data-t', String(stepped));
  const underA = Number(await page.getByTestId('compare-side-A').getAttribute('data-under'));
  const underB = Number(await page.getByTestId('compare-side-B').getAttribute('data-under'));
  expect(underB).toBeGreaterThan(underA + 1000);
  const row = page.getByTestId('compare-figures').locator('tr[data-figure=underReplicated]');
  await expect(row).toHaveAttribute('data-b', String(underB));
  await expect(row.locator('td.worse')).toHaveCount(1);
  // the map of B shows the dark rack: believed-dead servers on B, none on A
  expect(Number(await page.getByTestId('compare-map-B').getAttribute('data-believed'))).toBeGreaterThanOrEqual(40);
  expect(Number(await page.getByTestId('compare-map-A').getAttribute('data-believed'))).toBeLessThan(10);

  // play the pair for a moment: the clocks move together and stay equal
  await page.getByTestId('compare-speed-60').click();
  await page.getByTestId('compare-play').click();
  await expect.poll(() => attrT(page, 'A'), { timeout: ENGINE_WAIT }).toBeGreaterThan(stepped + 5_000);
  await page.getByTestId('compare-pause').click();
  await expect.poll(async () => (await attrT(page, 'A')) === (await attrT(page, 'B'))).toBe(true);
  const [sa, sb] = [await hook(page).side('A'), await hook(page).side('B')];
  expect(sa?.t).toBe(sb?.t);
  expect(sa?.hash).not.toBe(sb?.hash);
  // Space drives the pair here (not the paused main run)
  await page.keyboard.press('Space');
  await expect(page.getByTestId('compare-pause')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('compare-play')).toBeVisible();
  await expect.poll(async () => (await attrT(page, 'A')) === (await attrT(page, 'B'))).toBe(true);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-t', '600000');

  await page.screenshot({ path: 'test-results/screenshots/compare-1280.png' });
  await page.locator('[data-view=compare]').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.screenshot({ path: 'test-results/screenshots/compare-1280-bottom.png' });
  await page.locator('[data-view=compare]').evaluate((el) => el.scrollTo(0, 0));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/screenshots/compare-1920.png' });
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('tab-compare')).toHaveText('对比');
  await page.screenshot({ path: 'test-results/screenshots/compare-1920-zh.png' });
  await page.getByTestId('lang').click();
  await page.setViewportSize({ width: 1280, height: 720 });

  // share side B: the link replays that fork exactly
  await page.getByTestId('compare-share-B').click();
  const link = await page.getByTestId('compare-link-B').inputValue();
  expect(link).toContain('#');
  const stampB = await hook(page).side('B');

  // adopt A: the main run becomes side A, at A's time
  const stampA = await hook(page).side('A');
  await page.getByTestId('compare-adopt-A').click();
  await expect(page.getByTestId('rack-canvas')).toBeVisible();
  await expectSimTime(page, stampA!.t);
  expect((await hook(page).main())?.hash).toBe(stampA!.hash);
  expect(errors).toEqual([]);
  await page.close();

  const page2 = await browser.newPage();
  await openPage(page2, link, SMALL_SERVERS);
  await expect(page2.getByTestId('clock')).toHaveAttribute('data-t', String(stampB!.t));
  const reopened = await page2.evaluate(() => (globalThis as unknown as { feitian: Hook }).feitian.client.hash());
  expect(reopened?.hash).toBe(stampB!.hash);
  await page2.close();
});
