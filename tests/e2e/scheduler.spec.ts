// The scheduler (Fuxi) view in a real Chromium: running jobs listed, one job's
// instances drawn as a timeline, and after slowing 5 % of the servers the
// blacklist fills with servers that are truly slow; the rack view's scheduler
// mode and blacklist marks. Screenshots at 1280×720 and 1920×1080 go to
// test-results/screenshots/ (to look at, not compared).
import { expect, test, type Page } from '@playwright/test';
import { ENGINE_WAIT, expectSimTime, openPage, settled } from './helpers';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';
import { Engine } from '../../worker/engine/engine';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

async function openScheduler(page: Page) {
  await openPage(page);
  await page.getByTestId('tab-scheduler').click();
  await expect(page.getByTestId('scheduler-view')).toBeVisible();
}

test('lists running jobs; opening one draws its instance timeline', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openScheduler(page);
  const rows = page.getByTestId('job-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(10);
  await expect(page.getByTestId('kpi-jobs')).toHaveText(/^\d{1,3}(,\d{3})*$/);

  // sorting by progress puts the most advanced job first
  await page.getByTestId('sort-progress').click();
  await expect(page.getByTestId('sort-progress')).toHaveAttribute('aria-pressed', 'true');

  const first = rows.first();
  const id = await first.getAttribute('data-job');
  await first.getByRole('button').click();
  const tl = page.getByTestId('job-timeline');
  await expect(tl).toHaveAttribute('data-job', id!);
  // one bar and one server button per instance
  const bars = tl.locator('rect.bar');
  await expect.poll(() => bars.count()).toBeGreaterThan(1);
  expect(await tl.getByTestId('tl-server').count()).toBe(await bars.count());
  // the straggler line shows once the job has a mean (a job with finished instances)
  await expect(tl.getByTestId('threshold-line')).toHaveCount(1);
  await expect(page.getByTestId('hist-on')).toBeVisible();
  await shot(page, 'scheduler-1280x720');

  // picking a server in the timeline selects it for "slow the selected server"
  await tl.getByTestId('tl-server').first().click();
  await expect(page.getByTestId('server-info')).toBeVisible();
  await expect(page.getByTestId('slow-selected')).toBeEnabled();

  // the threshold slider sets scheduler.slowFactor
  await page.getByTestId('threshold').fill('5');
  await expect(page.getByTestId('threshold-value')).toHaveText(/^5×/);
  await expect(page.getByTestId('log')).toContainText('scheduler.slowFactor');

  // in Chinese
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('tab-scheduler')).toHaveText('调度');
  await expect(page.getByTestId('jobs')).toContainText('运行中的作业');
  await shot(page, 'scheduler-zh-1280x720');
  expect(errors).toEqual([]);
});

test('after slowing 5 % of servers, the blacklist shows servers that are truly slow', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openScheduler(page);
  await expect(page.getByTestId('bl-empty')).toBeVisible();
  await page.getByTestId('slow-5').click();
  await expect(page.getByTestId('log')).toContainText('servers became slow');
  // 10,000× real time: each step is 10 simulated minutes; the servers' health checks list them within minutes
  await page.getByTestId('speed-10000').click();
  for (let i = 1; i <= 5; i++) {
    await page.getByTestId('step').click();
    await expectSimTime(page, i * 600_000);
  }
  // the view polls the blacklist: wait for a poll from after the steps (more than three listed),
  // not for rows of an earlier one (servers merely watched show as rows too)
  await expect
    .poll(async () => Number((await page.getByTestId('bl-size').textContent({ timeout: ENGINE_WAIT })) ?? 0), { timeout: ENGINE_WAIT })
    .toBeGreaterThan(3);
  const truly = page.locator('[data-testid="bl-row"][data-truly="yes"]');
  await expect.poll(() => truly.count(), { timeout: ENGINE_WAIT }).toBeGreaterThan(3);
  await expect(truly.first().getByTestId('bl-truth')).toContainText('✓');
  await expect(page.getByTestId('log')).toContainText('put on the blacklist');
  // listed by their own health checks, which the row says with the probe it measured
  await expect(truly.first()).toHaveAttribute('data-reason', 'health');
  await expect(truly.first().getByTestId('bl-health')).toContainText(/health check ×\d/);

  // a job with stragglers, in the timeline
  await page.getByTestId('sort-stragglers').click();
  await page.getByTestId('job-row').first().getByRole('button').click();
  await expect(page.getByTestId('job-timeline')).toBeVisible();
  await shot(page, 'scheduler-1920x1080');

  // handling off: the switch flips and the change is logged
  await page.getByTestId('handling-off').click();
  await expect(page.getByTestId('handling-off')).toHaveAttribute('aria-pressed', 'true');

  // the rack view: colour by cores in use; the legend counts the blacklist
  await page.getByTestId('tab-racks').click();
  await page.getByTestId('mode-scheduler').click();
  await expect(page.getByTestId('count-blacklisted')).not.toContainText(/\s0$/);
  await shot(page, 'racks-scheduler-1920x1080');
  await page.setViewportSize({ width: 1280, height: 720 });
  await settled(page);
  await shot(page, 'racks-scheduler-1280x720');
  await page.getByTestId('tab-scheduler').click();
  const row = page.getByTestId('job-row').first();
  const job = await row.getAttribute('data-job');
  await row.getByRole('button').click();
  await expect(page.getByTestId('job-timeline')).toHaveAttribute('data-job', job!);
  await settled(page);
  await shot(page, 'scheduler-blacklist-1280x720');
});

test('a 1.5× threshold blacklists healthy servers, and the page flags them as false', async ({ page }) => {
  await openScheduler(page);
  await page.getByTestId('threshold').fill('1.5');
  await expect(page.getByTestId('threshold-value')).toHaveText(/^1\.5×/);
  await page.getByTestId('speed-10000').click();
  for (let i = 1; i <= 4; i++) {
    await page.getByTestId('step').click();
    await expectSimTime(page, i * 600_000);
  }
  const wrong = page.locator('[data-testid="bl-row"][data-truly="no"]');
  await expect.poll(() => wrong.count(), { timeout: ENGINE_WAIT }).toBeGreaterThan(0);
  await expect(wrong.first()).toContainText('FALSE');
  await expect(wrong.first()).toContainText('✗ no, healthy');
  await expect(page.getByTestId('log')).toContainText('FALSE BLACKLIST');
  await shot(page, 'scheduler-false-1280x720');
  await page.getByTestId('tab-racks').click();
  await expect(page.getByTestId('count-falselyBlacklisted')).not.toContainText(/\s0$/);
  await shot(page, 'racks-false-1280x720');
});

test('a busy healthy server that its health check listed by bad luck is flagged FALSE, with the health check as the reason', async ({ page }) => {
  // a noisier probe than the default, so that false reports run three in a row now and then
  const scenario = { ...defaultScenario(), params: { 'cluster.nodes': 400, 'storage.chunks': 80_000, 'scheduler.healthProbeSigma': 0.6 } };
  // the first whole minute at which the engine holds such a listing: the page's run is the same run
  const e = new Engine(scenario);
  let t = 60_000;
  for (; t <= 3 * 3_600_000; t += 60_000) {
    e.runUntil(t);
    if (e.fuxi.counts().falselyByHealth > 0) break;
  }
  expect(e.fuxi.counts().falselyByHealth).toBeGreaterThan(0);
  await page.goto('./#' + encodeHash(scenario, { view: 'scheduler', t: String(t) }));
  await expectSimTime(page, t);
  const wrong = page.locator('[data-testid="bl-row"][data-truly="no"][data-reason="health"]');
  await expect.poll(() => wrong.count(), { timeout: ENGINE_WAIT }).toBeGreaterThan(0);
  await expect(wrong.first()).toContainText('FALSE');
  await expect(wrong.first().getByTestId('bl-health')).toContainText(/health check ×\d/);
  await expect(page.getByTestId('kpi-blacklisted')).not.toHaveText('0');
  await settled(page);
  await shot(page, 'scheduler-health-false-1280x720');
});

/** The default scenario at 400 servers (chunks in proportion), with or without the warm start, on the scheduler view at t. */
const warmLink = (warm: boolean, t: number) =>
  './#' +
  encodeHash(
    { ...defaultScenario(), params: { 'cluster.nodes': 400, 'storage.chunks': 80_000, 'scheduler.warmStart': warm } },
    { view: 'scheduler', t: String(t) },
  );

test('at 0:06, jobs already running when the run began are marked and explained (the warm start)', async ({ page }) => {
  await page.goto(warmLink(true, 6_000));
  await expectSimTime(page, 6_000);
  const rows = page.getByTestId('job-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(0);
  // sorted oldest first: the first job is older than the run, and marked
  await expect(rows.first().getByTestId('job-warm')).toBeVisible();
  await expect(page.getByTestId('warm-note')).toContainText('already running when the run began');
  await expect(page.getByTestId('warm-note')).toContainText('warm start');
  // its timeline draws the moment the run began
  await expect(page.getByTestId('job-timeline')).toBeVisible();
  await expect(page.getByTestId('tl-run-began')).toHaveText('run began');
});

test('without the warm start, the jobs at 2:00 all arrived in the run: no mark, no note', async ({ page }) => {
  await page.goto(warmLink(false, 120_000));
  await expectSimTime(page, 120_000);
  await expect.poll(() => page.getByTestId('job-row').count()).toBeGreaterThan(0);
  await expect(page.getByTestId('job-warm')).toHaveCount(0);
  await expect(page.getByTestId('warm-note')).toHaveCount(0);
  await expect(page.getByTestId('tl-run-began')).toHaveCount(0);
});
