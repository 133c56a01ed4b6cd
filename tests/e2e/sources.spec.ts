// Source markers (issue 14 §3): beside the storage view's headline figures and every
// lesson readout, one click tells where the figure comes from — measured in our model,
// and each setting behind it from the seeds, a published source or our assumption — in
// English and Chinese.
import { expect, test, type Locator } from '@playwright/test';
import { ENGINE_WAIT, openSmall } from './helpers';
import { provenanceOf } from '../../worker/scenario/provenance';
import { STORAGE_SOURCES } from '../../src/views/storage/sources';
import { LESSONS } from '../../src/lessons/lessons';
import { readoutSource } from '../../src/lib/readoutSources';
import { STORM_SOURCES } from '../../src/views/storm/sources';
import { WRITES_SOURCES } from '../../src/views/writes/sources';
import { DEPLOY_SOURCES, OPS_SOURCES } from '../../src/views/ops/sources';
import { REPAIR_SOURCES } from '../../src/views/repair/sources';
import { COMPARE_SOURCES } from '../../src/views/compare/sources';
import { RACK_SOURCES } from '../../src/views/rackSources';

/** Opens a marker's source in one click and checks each line against the provenance table. */
async function openAndCheck(mark: Locator, params: readonly string[]): Promise<Locator> {
  await mark.click();
  const pop = mark.locator('xpath=..').getByTestId('source-pop');
  await expect(pop).toBeVisible();
  const lines = pop.locator('[data-path]');
  await expect(lines).toHaveCount(params.length);
  for (const p of params) await expect(pop.locator(`[data-path="${p}"]`)).toHaveAttribute('data-kind', provenanceOf(p)!.kind);
  return pop;
}

test('the storage headline: every figure opens its source in one click, en and zh', async ({ page }) => {
  await openSmall(page, {}, { lang: 'en' });
  await page.getByTestId('tab-storage').click();
  const kpis = page.getByTestId('storage-view').locator('.kpis');
  await expect(kpis.getByTestId('source-mark')).toHaveCount(Object.keys(STORAGE_SOURCES).length);
  const lostMark = kpis.locator('span', { has: page.getByTestId('kpi-lost') }).getByTestId('source-mark');
  const pop = await openAndCheck(lostMark, STORAGE_SOURCES.lost.params);
  await expect(pop).toContainText('Measured in this run of our model');
  await expect(pop).toContainText('Copysets');
  await expect(pop).toContainText('from source article 003');
  await expect(pop).toContainText('published source [copysets]');
  await page.keyboard.press('Escape');
  await expect(pop).toHaveCount(0);
  // each marker in turn; a click elsewhere closes the open one
  const marks = kpis.getByTestId('source-mark');
  const all = Object.values(STORAGE_SOURCES);
  for (let i = 0; i < all.length; i++) {
    await openAndCheck(marks.nth(i), all[i].params);
    await page
      .getByTestId('storage-view')
      .locator('.panes')
      .click({ position: { x: 2, y: 2 } });
    await expect(page.getByTestId('source-pop')).toHaveCount(0);
  }
  await page.getByTestId('lang').click();
  const zh = await openAndCheck(lostMark, STORAGE_SOURCES.lost.params);
  await expect(zh).toContainText('这是我们的模型在本次运行中测得的数字');
  await expect(zh).toContainText('公开资料 [copysets]');
  await expect(zh).toContainText('来自原文 003');
});

test('a lesson’s readouts each carry a marker that opens their source', async ({ page }) => {
  const lesson = LESSONS.find((l) => l.id === 'placement')!;
  // the lesson opens the storage view (the rack view is not drawn)
  await page.goto(`./#lesson=${lesson.id}&step=1&lang=en`);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', lesson.id);
  const readout = page.locator('.readout');
  await expect(readout.getByTestId('source-mark')).toHaveCount(lesson.readout!.length);
  const last = lesson.readout!.length - 1;
  const pop = await openAndCheck(readout.getByTestId('source-mark').nth(last), readoutSource(lesson.readout![last], lesson.scenario.params).params);
  await expect(pop).toContainText('Copysets');
});

test('every other view’s headline figures carry markers; one per view opens its lines, en and zh', async ({ page }) => {
  await openSmall(page, {}, { lang: 'en' });
  // the rack view's counts, in the legend beside every view: the true state, and what the master believes
  const legend = page.getByTestId('legend');
  await expect(legend.getByTestId('source-mark')).toHaveCount(2);
  await openAndCheck(legend.getByTestId('source-mark').last(), RACK_SOURCES.belief.params);
  await page.keyboard.press('Escape');
  /** a view's markers in the part that holds its headline figures, the map they follow, and the one to open */
  const views = [
    { tab: 'storm', part: page.getByTestId('storm-view').locator('.box'), map: STORM_SOURCES, open: 2 },
    { tab: 'writes', part: page.getByTestId('writes-view').locator('.kpis'), map: WRITES_SOURCES, open: 1 },
    { tab: 'ops', part: page.getByTestId('ops-view').locator('.kpis'), map: OPS_SOURCES, open: 2 },
    { tab: 'repair', part: page.getByTestId('repair-totals'), map: REPAIR_SOURCES, open: 0 },
  ];
  for (const v of views) {
    await page.getByTestId('tab-' + v.tab).click();
    await expect(v.part.getByTestId('source-mark'), v.tab).toHaveCount(Object.keys(v.map).length);
    const pop = await openAndCheck(v.part.getByTestId('source-mark').nth(v.open), Object.values(v.map)[v.open].params);
    await expect(pop).toContainText('Measured in this run of our model');
    await page.keyboard.press('Escape');
    await expect(pop).toHaveCount(0);
  }
  // the deployment's figures show once a deployment runs
  await page.getByTestId('tab-deploy').click();
  await page.getByTestId('deploy-p2p').click();
  await page.getByTestId('step').click();
  const status = page.getByTestId('deploy-status');
  await expect(status.getByTestId('source-mark')).toHaveCount(Object.keys(DEPLOY_SOURCES).length);
  await openAndCheck(status.getByTestId('source-mark').last(), DEPLOY_SOURCES.rate.params);
  await page.keyboard.press('Escape');
  // the compare view's table: a marker on each figure's row, in Chinese too
  await page.getByTestId('lang').click();
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('compare-fork').click();
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true', { timeout: ENGINE_WAIT });
  const table = page.getByTestId('compare-figures');
  await expect(table.getByTestId('source-mark')).toHaveCount(Object.keys(COMPARE_SOURCES).length);
  const zh = await openAndCheck(table.locator('tr[data-figure=lost]').getByTestId('source-mark'), COMPARE_SOURCES.lost.params);
  await expect(zh).toContainText('这是我们的模型在本次运行中测得的数字');
  await expect(zh).toContainText('公开资料 [copysets]');
});
