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
