// The page in a real Chromium: the whole cluster drawn, time moving and stopping,
// a server crashed from its menu, a rack switched off from its label. Only the first
// test opens the default 5,000 servers; the others a 400-server cluster (helpers' SMALL).
import { expect, test } from '@playwright/test';
import {
  canvasStats,
  clickRack,
  clickServer,
  engineStamp,
  expectSimTime,
  hoverServer,
  openPage,
  openSmall,
  pauseConfirmed,
  playUntil,
  simTime,
  waitFrames,
} from './helpers';

test('loads with all 5,000 servers drawn and counted', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openPage(page);
  const s = await canvasStats(page);
  expect(s.green).toBeGreaterThan(0.2); // a canvas full of healthy servers, not a blank one
  expect(s.colours).toBeGreaterThan(2);
  await expect(page.getByTestId('count-up')).toContainText('5,000');
  await expect(page.getByTestId('rack-canvas')).toHaveAttribute('aria-label', /125 racks of 40 servers/);
  expect(errors).toEqual([]);
});

test('play advances the clock, pause stops it; space and → work too', async ({ page }) => {
  await openSmall(page);
  expect(await simTime(page)).toBe(0);
  await page.getByTestId('speed-600').click();
  await page.getByTestId('play').click();
  await playUntil(page, 5_000);
  // paused (the worker says so, and the clock shows the engine's time) …
  const t2 = await pauseConfirmed(page);
  expect(t2).toBeGreaterThan(5_000);
  // … and four frames later (paused and unchanged, the worker sends one every 250 ms) neither the engine nor the clock has moved
  await waitFrames(page, 4);
  expect((await engineStamp(page)).t).toBe(t2);
  expect(await simTime(page)).toBe(t2);

  // Keyboard: → steps exactly one step (+1 min at 600×), space plays and pauses.
  await page.getByTestId('rack-canvas').focus();
  await page.keyboard.press('ArrowRight');
  await expectSimTime(page, t2 + 60_000);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('pause')).toBeVisible();
  await playUntil(page, t2 + 65_000);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toBeVisible();
});

test('clicking a server and choosing crash crashes it', async ({ page }) => {
  await openSmall(page);
  await clickServer(page, 234);
  const menu = page.getByTestId('action-menu');
  await expect(menu).toContainText('#234');
  await menu.getByRole('menuitem', { name: 'Crash' }).click();
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('count-crashed')).toContainText('1');
  await expect(page.getByTestId('count-up')).toContainText('399');
  await expect(page.getByTestId('log')).toContainText('Server #234 (rack R5) crashed');
  await hoverServer(page, 234);
  await expect(page.getByTestId('tip-truth')).toHaveText('crashed');

  // The master notices after its dead timeout: two 1-minute steps and the mark shows in the counts.
  await page.getByTestId('speed-600').click();
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  await expect(page.getByTestId('count-believedDead')).toContainText('1');
  await expect(page.getByTestId('log')).toContainText('Master declared server #234 (rack R5) dead');
});

test('a rack label opens the rack menu: power off and on', async ({ page }) => {
  await openSmall(page);
  await clickRack(page, 7);
  const menu = page.getByTestId('action-menu');
  await expect(menu).toContainText('R7');
  await menu.getByRole('menuitem', { name: 'Power off rack' }).click();
  await expect(page.getByTestId('count-powerOff')).toContainText('40');
  await clickRack(page, 7);
  await menu.getByRole('menuitem', { name: 'Power on rack' }).click();
  await expect(page.getByTestId('count-powerOff')).toContainText('0');
  await expect(page.getByTestId('count-booting')).not.toContainText(/\b0$/);
  await expect(page.getByTestId('log')).toContainText('Rack R7 power restored');
});

test('language toggle rephrases the log in Chinese', async ({ page }) => {
  await openSmall(page);
  await page.getByTestId('net-maint').click();
  await expect(page.getByTestId('log')).toContainText('backup network');
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('log')).toContainText('备用网络');
  await expect(page.getByTestId('net-restore')).toContainText('恢复主网络');
});

test('a dying worker shows its message; Restart brings the run back without a reload', async ({ page }) => {
  await openSmall(page);
  await clickServer(page, 99);
  await page.getByTestId('action-menu').getByRole('menuitem', { name: 'Crash' }).click();
  await page.getByTestId('step').click();
  await expectSimTime(page, 10_000);
  await page.evaluate(() => {
    // What the browser does when the worker throws: an 'error' event on the Worker object.
    const c = (globalThis as unknown as { feitian: { client: { worker: Worker } } }).feitian.client;
    c.worker.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught Error: boom (test)' }));
  });
  const banner = page.getByTestId('worker-error');
  await expect(banner).toContainText('boom (test)');
  await expect(page.getByTestId('play')).toBeDisabled();
  await page.evaluate(() => ((globalThis as unknown as { reloadMarker: number }).reloadMarker = 1));
  await page.getByTestId('restart').click();
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready');
  await expect(banner).toHaveCount(0);
  expect(await simTime(page)).toBe(10_000);
  await expect(page.getByTestId('count-crashed')).toContainText('1');
  expect(await page.evaluate(() => (globalThis as unknown as { reloadMarker?: number }).reloadMarker)).toBe(1);
});
