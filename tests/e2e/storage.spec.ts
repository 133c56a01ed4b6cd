// The storage view in a real Chromium: a chunk's three copies in three racks
// (rack-aware), the placement switch, the rack × rack spread matrix, the what-if
// beside a real failure, and screenshots at projector sizes.
import { expect, test, type Page } from '@playwright/test';
import { ENGINE_WAIT, expectSimTime, openPage, settled } from './helpers';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';
import type { Scenario } from '../../worker/api';

async function openStorage(page: Page): Promise<void> {
  await openPage(page);
  await page.getByTestId('tab-storage').click();
  await expect(page.getByTestId('storage-view')).toBeVisible();
}

test('chunk 12345 has 3 replicas in 3 distinct racks under rack-aware placement', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openStorage(page);
  await page.getByTestId('chunk-input').fill('12345');
  await page.getByTestId('chunk-show').click();
  const rows = page.getByTestId('replica');
  await expect(rows).toHaveCount(3);
  const racks = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-rack')));
  expect(new Set(racks).size).toBe(3);
  await expect(page.getByTestId('chunk-summary')).toHaveAttribute('data-racks', '3');
  const strip = page.getByTestId('storage-strip');
  await expect(strip).toHaveAttribute('data-drawn-servers', '5000');
  await expect(strip).toHaveAttribute('data-marks', '3');
  await expect(strip).toHaveAttribute('data-mark-racks', '3');

  // A replica's server: its data's other copies spread over many servers and racks.
  await rows.first().getByRole('button').click();
  await expect(page.getByTestId('scatter')).toContainText(/servers in \d+ racks/);
  expect(errors).toEqual([]);
});

test('the spread matrix draws, and rebuilding with random placement puts pairs inside racks', async ({ page }) => {
  await openStorage(page);
  await page.getByTestId('pane-placement').click();
  const m = page.getByTestId('spread-matrix');
  await expect(m).toHaveAttribute('data-drawn', String(125 * 125));
  await expect(page.getByTestId('spread-readout')).toContainText('same-rack pairs: 0');
  await expect(page.getByTestId('whatif-p')).toHaveText(/%/);
  await page.getByTestId('placement-random').check();
  await page.getByTestId('placement-rebuild').click();
  await expect(page.getByTestId('placement-now')).toHaveText('random');
  await expect(page.getByTestId('spread-readout')).toContainText(/same-rack pairs: [1-9]/, { timeout: 20_000 });

  // Theory beside the run: fail 1 % of servers and see the run's lost chunks.
  await page.getByTestId('whatif-run').click();
  await expect(page.getByTestId('run-lost')).toHaveText(/^\d[\d,]*$/);
});

test('screenshots at 1280×720 and 1920×1080', async ({ page }) => {
  await openStorage(page);
  await page.getByTestId('chunk-show').click();
  await expect(page.getByTestId('replica')).toHaveCount(3);
  await page.getByTestId('replica').first().getByRole('button').click();
  await expect(page.getByTestId('scatter')).toBeVisible();
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('pane-replicas').click();
    await expect(page.getByTestId('scatter')).toBeVisible();
    await settled(page);
    await page.screenshot({ path: `test-results/screenshots/storage-replicas-${w}.png` });
    await page.getByTestId('pane-placement').click();
    await expect(page.getByTestId('spread-matrix')).toHaveAttribute('data-drawn', String(125 * 125));
    await expect(page.getByTestId('whatif-p')).toHaveText(/%/);
    await settled(page);
    await page.screenshot({ path: `test-results/screenshots/storage-placement-${w}.png` });
    await page.getByTestId('pane-recovery').click();
    if (w === 1280) {
      // A rack loss and a few simulated minutes, so the recovery pane has something to show.
      await page.getByTestId('rack-off').click();
      await page.getByTestId('speed-600').click();
      for (let i = 0; i < 4; i++) await page.getByTestId('step').click();
      await expectSimTime(page, 240_000);
    }
    await expect(page.getByTestId('redundancy')).toBeVisible();
    await settled(page);
    await page.screenshot({ path: `test-results/screenshots/storage-recovery-${w}.png` });
  }
});

test('recovery: the episode under way and the one before it are named with their moments', async ({ page }) => {
  const MIN = 60_000;
  // 400 servers, chunks in proportion: a disk fails at 1 min (a short episode), rack 5 goes dark at 20 min
  // (declared dead, the 10-min wait, then a long episode). At 40 min the pane shows both.
  const s: Scenario = {
    ...defaultScenario(),
    params: { 'cluster.nodes': 400, 'storage.chunks': 80_000 },
    timeline: [
      { t: 1 * MIN, action: 'disk-fail', args: { disk: 100 } },
      { t: 20 * MIN, action: 'rack-power-off', args: { rack: 5 } },
    ],
  };
  await page.goto('./#' + encodeHash(s, { view: 'storage', t: String(40 * MIN) }));
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expectSimTime(page, 40 * MIN);
  await page.getByTestId('pane-recovery').click();
  const now = page.getByTestId('episode-now');
  await expect(now).toContainText('short of a copy since 0d 00:');
  const since = Number(await now.getAttribute('data-since'));
  expect(since).toBeGreaterThan(20 * MIN); // began after the rack went dark, not at the disk
  expect(since).toBeLessThan(40 * MIN);
  const clock = /0d \d\d:\d\d:\d\d/.exec((await now.textContent())!)![0];
  // the episode before is over by the moment this one began, and says so with the same clock
  const prev = page.getByTestId('episode-previous');
  await expect(prev).toContainText(`the episode before (over by ${clock}) took`);
  await expect(prev).toContainText(/took\s+\d+(\.\d)? (s|min)/);
  // the rack button names a rack this 10-rack cluster has (R17 at the default scale)
  await expect(page.getByTestId('rack-off')).toHaveText('Power off rack R9');
  await settled(page);
  await page.screenshot({ path: 'test-results/screenshots/storage-recovery-episodes-1280.png' });
});
