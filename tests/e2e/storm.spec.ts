// The storm view in a real Chromium: the four-box loop with live numbers that move
// after network maintenance, the recovery policy switch, the naive-vs-guarded fork,
// and screenshots at projector sizes.
import { expect, test, type Page } from '@playwright/test';
import { ENGINE_WAIT, expectSimTime, openPage, settled } from './helpers';
import { encodeHash } from '../../worker/scenario/codec';
import { presetByName } from '../../worker/scenario/presets';

/** A preset at 400 servers (chunks in proportion) opened on the storm view: scale is not the point of these checks. */
async function openSmallStorm(page: Page, preset: string, keys: Record<string, string> = {}): Promise<void> {
  const s = presetByName(preset)!.scenario;
  await page.goto('./#' + encodeHash({ ...s, params: { ...s.params, 'cluster.nodes': 400, 'storage.chunks': 80_000 } }, { view: 'storm', ...keys }));
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expect(page.getByTestId('storm-view')).toBeVisible();
}

async function openStorm(page: Page): Promise<void> {
  await openPage(page);
  await page.getByTestId('tab-storm').click();
  await expect(page.getByTestId('storm-view')).toBeVisible();
}

test('the loop shows its four stages and its numbers change after network maintenance', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openStorm(page);
  const loop = page.getByTestId('storm-loop');
  for (const id of ['overload', 'heartbeats', 'falseDead', 'rereplication']) await expect(page.getByTestId('stage-' + id)).toBeVisible();
  await expect(page.getByTestId('storm-arrow')).toHaveCount(4);
  await expect(loop).toHaveAttribute('data-closed', 'false');
  await page.getByTestId('speed-60').click();
  await page.getByTestId('step').click(); // 10 s: the network carries its everyday load
  await expectSimTime(page, 10_000);
  const before = await page.getByTestId('stage-value-overload').textContent();
  await page.getByTestId('storm-maint').click();
  await expect(page.getByTestId('storm-restore')).toBeVisible();
  await page.getByTestId('speed-600').click();
  await page.getByTestId('step').click(); // +1 min on the backup network
  await expectSimTime(page, 70_000);
  await expect(page.getByTestId('stage-value-overload')).not.toHaveText(before ?? '');
  await expect(page.getByTestId('stage-overload')).toHaveAttribute('data-active', 'true');
  await page.getByTestId('step').click();
  await expectSimTime(page, 130_000);
  await page.getByTestId('step').click();
  await expectSimTime(page, 190_000);
  await expect(page.getByTestId('stage-value-falseDead')).not.toHaveText('0');
  await page.screenshot({ path: 'test-results/screenshots/storm-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await settled(page);
  await page.screenshot({ path: 'test-results/screenshots/storm-1920.png' });
  expect(errors).toEqual([]);
});

test('policy switch and naive vs guarded from the same moment', async ({ page }) => {
  test.setTimeout(90_000);
  // at 400 servers: the switch and the two side runs are the point here, not the storm's size (the lesson walks it at 5,000)
  await openSmallStorm(page, 'default');
  const guarded = page.getByTestId('storm-policy-guarded');
  test.skip(await guarded.isDisabled(), 'recovery.policy is not in this build');
  await page.getByTestId('storm-policy-naive').click();
  await expect(page.getByTestId('storm-policy-naive')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('storm-maint').click();
  await page.getByTestId('speed-600').click();
  await page.getByTestId('step').click();
  await expectSimTime(page, 60_000);
  // the shortest horizon (10 simulated minutes): two more runs, each to its end
  await page.getByTestId('storm-view').getByRole('combobox').selectOption('10');
  await page.getByTestId('storm-compare-start').click();
  await expect(page.getByTestId('storm-compare')).toBeVisible();
  for (const p of ['naive', 'guarded']) await expect(page.getByTestId('compare-' + p)).toHaveAttribute('data-done', 'true', { timeout: ENGINE_WAIT });
  await page.screenshot({ path: 'test-results/screenshots/storm-compare-1280.png' });
  await page.getByTestId('compare-close').click();
  await expect(page.getByTestId('storm-loop')).toBeVisible();
});

test('figures that agree: the hint knows the timeline, the dead chart is on a log scale, each key matches the loop beside it', async ({ page }) => {
  // A preset that schedules the maintenance itself: the hint says when, not "press"
  await openSmallStorm(page, 'mirror-storm');
  const hint = page.getByTestId('storm-hint');
  await expect(hint).toHaveAttribute('data-kind', 'scheduled');
  await expect(hint).toContainText('0d 00:10:00');
  await expect(hint).not.toContainText('Press');
  await expect(page.getByTestId('storm-chart-dead')).toContainText('log scale');
  // the sidebar does not repeat these charts small (at 1280×720 the second was cut off above the event log)
  await expect(page.getByTestId('sidebar-charts')).toBeHidden();

  // 10 min 35 s: on the backup network, between two 10-s samples. The keys show the
  // frame's moment, the same as the loop's boxes (they showed the 10:30 sample before).
  await openSmallStorm(page, 'mirror-storm', { t: '635000' });
  await expectSimTime(page, 635_000);
  await expect(hint).toHaveAttribute('data-kind', 'restore');
  await expect(hint).toContainText('0d 01:10:00');
  await expect(page.getByTestId('storm-restore')).toBeVisible();
  const box = async (id: string) => (await page.getByTestId('stage-value-' + id).textContent())!.trim();
  await expect(page.getByTestId('storm-chart-util-v0')).toHaveText(await box('overload'));
  await expect(page.getByTestId('storm-chart-dead-v2')).toHaveText(await box('falseDead'));
  // the log axis labels powers of ten, so a few dead servers beside hundreds still show
  await expect(page.getByTestId('storm-chart-dead').locator('svg text', { hasText: /^10$/ })).toHaveCount(1);
  await settled(page);
  await page.screenshot({ path: 'test-results/screenshots/storm-backup-1280.png' });

  // Where nothing schedules it, the hint asks for the button, in Chinese too
  await openSmallStorm(page, 'default', { lang: 'zh' });
  await expect(hint).toHaveAttribute('data-kind', 'press');
  await expect(hint).toContainText('网络维护');
  await expect(page.getByTestId('storm-chart-dead')).toContainText('对数刻度');
});
