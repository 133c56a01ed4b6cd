// The repair-loop view (Huatuo, R4) in a real Chromium: a run where disks fail, slow
// down and get swapped; the loop's counts against the engine's own huatuoStatus; the
// language switch (view and log); every fault of issue 4's catalogue from the page in
// at most two clicks, each landing in the timeline, one undone; screenshots.
import { expect, test, type Page } from '@playwright/test';
import { clickRack, clickServer, expectSimTime, openPage, settled } from './helpers';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';

const MIN = 60_000;

/** Huatuo at work: 24 disks fail and 0.5 % turn slow at 1 min, a system disk fails; staff come every 15 minutes. */
function repairLink(until: number): string {
  const s = defaultScenario();
  s.name = 'repair-loop-e2e';
  s.params = { ...s.params, 'huatuo.batchIntervalHours': 0.25, 'huatuo.pollMs': 60_000, 'huatuo.repairMinutes': 10, 'huatuo.repairSuccess': 0.3 };
  s.timeline = [
    ...Array.from({ length: 24 }, (_, k) => ({ t: MIN, action: 'disk-fail', args: { disk: 1000 + k * 2417 } })),
    { t: MIN, action: 'slow-random-disks', args: { fraction: 0.005, factor: 20 } },
    { t: MIN, action: 'system-disk-fail', args: { node: 7 } },
  ];
  return `./#${encodeHash(s, { view: 'repair', t: String(until) })}`;
}

type Status = {
  counts: { repairing: number; ticketed: number; newDisks: number; systemDiskTickets: number; reinstalling: number };
  repairTickets: number;
  disksReplaced: number;
};

async function engineStatus(page: Page): Promise<Status> {
  return page.evaluate(() => (globalThis as unknown as { feitian: { huatuoStatus(): Promise<Status> } }).feitian.huatuoStatus());
}

async function count(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId('repair-state-' + id).getAttribute('data-count'));
}

/** Waits until the view's poll has caught up with the clock, then compares its counts with the engine's. */
async function expectCountsMatch(page: Page): Promise<Status> {
  const t = await page.getByTestId('clock').getAttribute('data-t');
  await expect(page.getByTestId('repair-view')).toHaveAttribute('data-t', t ?? '');
  const s = await engineStatus(page);
  expect(await count(page, 'repair')).toBe(s.counts.repairing);
  expect(await count(page, 'ticket')).toBe(s.counts.ticketed);
  expect(await count(page, 'new')).toBe(s.counts.newDisks);
  expect(await count(page, 'sysTicket')).toBe(s.counts.systemDiskTickets);
  expect(await count(page, 'sysReinstall')).toBe(s.counts.reinstalling);
  const totals = page.getByTestId('repair-totals');
  await expect(totals).toHaveAttribute('data-tickets', String(s.repairTickets));
  await expect(totals).toHaveAttribute('data-replaced', String(s.disksReplaced));
  await expect(page.getByTestId('repair-chart')).toHaveAttribute('data-tickets', String(s.repairTickets));
  await expect(page.getByTestId('repair-chart')).toHaveAttribute('data-replaced', String(s.disksReplaced));
  return s;
}

test('the repair loop shows the engine’s counts, in both languages', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(repairLink(20 * MIN));
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('repair-view')).toBeVisible();
  await expect(page.getByTestId('repair-loop')).toBeVisible();
  for (const id of ['service', 'detected', 'repair', 'ticket', 'swap', 'new', 'sysFailed', 'sysTicket', 'sysReinstall'])
    await expect(page.getByTestId('repair-state-' + id)).toBeVisible();

  const s0 = await expectCountsMatch(page);
  // by 20 min the staff have been once (at 15 min): tickets filed and disks swapped
  expect(s0.repairTickets).toBeGreaterThan(0);
  expect(s0.disksReplaced).toBeGreaterThan(0);
  expect(await count(page, 'service')).toBeGreaterThan(50_000);

  // run on: the monitor finds the new disks, more repairs end
  await page.getByTestId('speed-3600').click();
  await page.getByTestId('step').click();
  await expectSimTime(page, 30 * MIN);
  await expectCountsMatch(page);
  await expect(page.locator('[data-testid=log] li[data-code^="huatuo."]').first()).toBeVisible();
  const enLog = await page.locator('[data-testid=log] li[data-code^="huatuo."] .msg').first().textContent();
  expect(enLog).not.toMatch(/^huatuo\./);
  expect(enLog).toMatch(/Huatuo|disk|Staff/);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'test-results/screenshots/repair-1280.png' });

  // Chinese: the view's words and the log's phrases
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('repair-view').locator('h2')).toHaveText('华佗：磁盘的闭环修复');
  await expect(page.getByTestId('repair-state-ticket')).toContainText('维修工单队列');
  const zhLog = await page.locator('[data-testid=log] li[data-code^="huatuo."] .msg').first().textContent();
  expect(zhLog).toMatch(/[\u4e00-\u9fff]/);
  expect(zhLog).not.toMatch(/^huatuo\./);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await settled(page);
  await page.screenshot({ path: 'test-results/screenshots/repair-1920-zh.png' });
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('repair-view').locator('h2')).not.toHaveText('华佗：磁盘的闭环修复');
  await settled(page);
  await page.screenshot({ path: 'test-results/screenshots/repair-1920.png' });
  expect(errors).toEqual([]);
});

test('every catalogue fault is at most two clicks away and lands in the timeline', async ({ page }) => {
  test.setTimeout(90_000);
  await openPage(page);
  const timeline = page.getByTestId('timeline');
  const inTimeline = async (action: string) => expect(timeline.locator(`li[data-action="${action}"]`).first()).toBeAttached();
  const menu = (name: string | RegExp) => page.getByTestId('action-menu').getByRole('menuitem', { name });

  // the server menu: click a server (1), pick the fault (2)
  const serverFaults: [string, string | RegExp][] = [
    ['node-crash', 'Crash'],
    ['node-restart', 'Restart'],
    ['node-slow', 'Slow ×10'],
    ['disk-fail', /^Fail disk \d+$/],
    ['disk-slow', /^Slow disk \d+ ×10$/],
    ['system-disk-fail', 'Fail its system disk'],
    ['detector-corruption', 'Corrupt its detector state'],
  ];
  for (const [i, [action, name]] of serverFaults.entries()) {
    await clickServer(page, 120 + i * 41);
    await menu(name).click();
    await inTimeline(action);
  }
  await clickServer(page, 2000);
  await expect(page.getByTestId('action-menu')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/repair-server-menu-1280.png' });
  await page.keyboard.press('Escape');
  // the rack menu: click a rack label (1), pick the fault (2); then the opposite the same way
  const rackFaults: [string, string | RegExp][] = [
    ['tor-down', 'ToR switch down'],
    ['tor-up', 'ToR switch up'],
    ['rack-power-off', 'Power off rack'],
    ['rack-power-on', 'Power on rack'],
    ['network-flaky', /^Flaky network/],
    ['network-stable', 'Network stable'],
    ['power-domain-off', /^Cut power feed \d+$/],
    ['power-domain-on', /^Restore power feed \d+$/],
  ];
  for (const [action, name] of rackFaults) {
    await clickRack(page, 12);
    await menu(name).click();
    await inTimeline(action);
  }
  // "More faults" (first: the datacenter drill below takes the master down with the room): open it (1), press the fault (2); the panel stays open, but each is counted from closed
  const more: [string, string][] = [
    ['master-fail', 'master-fail'],
    ['detector-clear', 'detector-clear'],
    ['slow-random-nodes', 'slow-random-nodes'],
    ['slow-random-disks', 'slow-random-disks'],
    ['heal-slow-nodes', 'heal-slow-nodes'],
    ['heal-slow-disks', 'heal-slow-disks'],
  ];
  const moreFaults = page.getByTestId('more-faults');
  for (const [action, id] of more) {
    if ((await moreFaults.getAttribute('open')) !== null) await moreFaults.locator('summary').click(); // close
    await expect(page.getByTestId(id)).toBeHidden();
    await moreFaults.locator('summary').click();
    await page.getByTestId(id).click();
    await inTimeline(action);
  }
  await moreFaults.locator('summary').click(); // fold it again
  // the cluster actions: one click each
  const buttons: [string, string][] = [
    ['network-maintenance', 'net-maint'],
    ['network-restore', 'net-restore'],
    ['dc-power-off', 'dc-off'],
    ['dc-power-on', 'dc-on'],
    ['fail-random-nodes', 'fail-random'],
  ];
  for (const [action, id] of buttons) {
    await page.getByTestId(id).click();
    await inTimeline(action);
  }
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // issue 4's codes are phrased in the log, not shown raw
  for (const code of ['master.failed', 'detector.corrupted', 'detector.cleared', 'node.systemDiskFailed', 'disks.healed']) {
    const msg = page.locator(`[data-testid=log] li[data-code="${code}"] .msg`).first();
    await expect(msg).toBeVisible();
    expect(await msg.textContent()).not.toContain(code);
  }

  // undo from the timeline: the ToR switch of another rack goes down, Undo brings it up
  await clickRack(page, 30);
  await menu('ToR switch down').click();
  await expect(page.getByTestId('timeline-last')).toHaveAttribute('data-action', 'tor-down');
  await page.getByTestId('timeline').locator('summary').click();
  await page.getByTestId('timeline').locator('li[data-action="tor-down"]').first().getByTestId('undo').click();
  await expect(page.getByTestId('timeline-last')).toHaveAttribute('data-action', 'tor-up');
  await expect(page.getByTestId('timeline').locator('li[data-action="tor-up"]')).toHaveCount(2);
  await expect(page.getByTestId('timeline').locator('li[data-action="tor-down"]').first()).toHaveClass(/undone/);
  await page.screenshot({ path: 'test-results/screenshots/repair-timeline-1280.png' });
});
