// The writes view in a real Chromium, opened from the redo-log presets' share links:
// run past rack 17's power cut (10 min) and the view's loss counters equal the
// engine's (isolated: none lost; no isolation: some), the flush timeline canvas draws
// its vulnerability windows and flushes, the latency CDFs show, and the language
// switch changes the labels. Screenshots at 1280×720 and 1920×1080 go to
// test-results/screenshots/ (to look at, not compared).
import { expect, test, type Page } from '@playwright/test';
import { Engine } from '../../worker/engine/engine';
import { decodeLink, encodeHash } from '../../worker/scenario/codec';
import { presetByName } from '../../worker/scenario/presets';
import { expectSimTime } from './helpers';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });
/** 30 s before the preset's rack cut */
const START = 570_000;

function link(preset: string): string {
  const p = presetByName(preset);
  if (!p) throw new Error(`no preset ${preset}`);
  return './#' + encodeHash(p.scenario, { view: 'writes', lang: 'en', t: String(START) });
}

/** What the engine itself says at simulated time t (the page runs the same scenario). */
function engineAt(preset: string, t: number) {
  const e = new Engine(presetByName(preset)!.scenario);
  e.runUntil(t);
  return e.writes.frame();
}

async function openAndRunPastCut(page: Page, preset: string): Promise<number> {
  await page.goto(link(preset));
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('writes-view')).toBeVisible();
  await expectSimTime(page, START);
  await page.getByTestId('speed-600').click(); // a step is one simulated minute
  await page.getByTestId('step').click();
  await expectSimTime(page, START + 60_000);
  await page.getByTestId('step').click();
  await expectSimTime(page, START + 120_000);
  return START + 120_000;
}

/** Pixels of the flush canvas in the vulnerability-window orange, the flushed green, the lost vermillion and the timeout purple. */
async function canvasColours(page: Page): Promise<{ window: number; flush: number; lost: number; timeout: number }> {
  return page.getByTestId('flush-canvas').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let window = 0,
      flush = 0,
      lost = 0,
      timeout = 0;
    const near = (i: number, r: number, g: number, b: number) =>
      Math.abs(d[i] - r) < 10 && Math.abs(d[i + 1] - g) < 10 && Math.abs(d[i + 2] - b) < 10;
    for (let i = 0; i < d.length; i += 4 * 3) {
      if (near(i, 0xe6, 0x9f, 0x00)) window++;
      else if (near(i, 0x00, 0x9e, 0x73)) flush++;
      else if (near(i, 0xd5, 0x5e, 0x00)) lost++;
      else if (near(i, 0xcc, 0x79, 0xa7)) timeout++;
    }
    return { window, flush, lost, timeout };
  });
}

test('isolated redo log: rack 17 loses power, no acknowledged write is lost; the timeline draws; labels switch language', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t = await openAndRunPastCut(page, 'redo-log-rack-power');
  const eng = engineAt('redo-log-rack-power', t);
  expect(eng.ackedLost).toBe(0);
  await expect(page.getByTestId('kpi-lost')).toHaveAttribute('data-value', String(eng.ackedLost));
  await expect(page.getByTestId('kpi-acked')).toHaveText(eng.acked.toLocaleString('en-US'));
  await expect(page.getByTestId('lost-rack-power')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('mode-redo-log')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('iso-rack')).toHaveAttribute('aria-checked', 'true');

  // the canvas draws sampled writes: memory spans (orange) and flushes (green)
  const canvas = page.getByTestId('flush-canvas');
  await expect.poll(async () => Number(await canvas.getAttribute('data-drawn'))).toBeGreaterThan(50);
  const px = await canvasColours(page);
  expect(px.window).toBeGreaterThan(100);
  expect(px.flush).toBeGreaterThan(100);
  // the latency of all three modes, the redo log fastest
  for (const m of ['pipeline', 'redo-log', 'majority']) await expect(page.getByTestId('cdf-' + m)).toHaveCount(1);
  await expect(page.getByTestId('latency')).toContainText('Write latency by mode');
  await shot(page, 'writes-isolated-1280x720');

  // slow the disk under a sampled stream's redo log: after 30 s the flush is late, the master is told
  const slow = page.getByTestId('slow-disk');
  await expect(slow).toBeEnabled();
  await slow.click();
  await expect(page.getByTestId('heal-disk')).toBeVisible();
  await expect(page.getByTestId('log')).toContainText('slower');
  await page.getByTestId('step').click(); // +1 min, past the 30 s flush deadline
  await expectSimTime(page, t + 60_000);
  await expect.poll(async () => Number(await page.getByTestId('kpi-timeouts').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('log')).toContainText('within 30 s');
  await expect.poll(async () => (await canvasColours(page)).timeout).toBeGreaterThan(10);
  await expect(page.getByTestId('kpi-lost')).toHaveAttribute('data-value', '0');
  await shot(page, 'writes-slow-disk-1280x720');

  // in Chinese
  await expect(page.getByTestId('tab-writes')).toHaveText('Writes');
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('tab-writes')).toHaveText('写入');
  await expect(page.getByTestId('latency')).toContainText('各写入方式的延迟');
  await expect(page.getByTestId('flush-timeline')).toContainText('刷盘时间线');
  await expect(page.getByTestId('writes-legend')).toContainText('易失窗口');
  await shot(page, 'writes-isolated-zh-1280x720');
  expect(errors).toEqual([]);
});

test('redo log without isolation: rack 17 takes acknowledged writes with it — the counters equal the engine’s', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t = await openAndRunPastCut(page, 'redo-log-no-isolation');
  const eng = engineAt('redo-log-no-isolation', t);
  expect(eng.ackedLost).toBeGreaterThan(0);
  await expect(page.getByTestId('kpi-lost')).toHaveAttribute('data-value', String(eng.ackedLost));
  await expect(page.getByTestId('lost-rack-power')).toHaveAttribute('data-value', String(eng.lostByCause['rack-power']));
  await expect(page.getByTestId('kpi-lost-box')).toHaveClass(/alarm/);
  await expect(page.getByTestId('iso-none')).toHaveAttribute('aria-checked', 'true');

  // cutting the rack of a sampled client marks the loss on the timeline, through the perturb action
  await page.getByTestId('speed-60').click();
  const redBefore = (await canvasColours(page)).lost; // the lost row's label is vermillion too
  await page.getByTestId('rack-cut').click();
  await expect(page.getByTestId('rack-on')).toBeVisible();
  await expect(page.getByTestId('log')).toContainText('lost power');
  await page.getByTestId('step').click();
  await expect.poll(async () => Number(await page.getByTestId('kpi-lost').getAttribute('data-value'))).toBeGreaterThan(eng.ackedLost);
  await expect(page.getByTestId('log')).toContainText('ACKNOWLEDGED WRITES LOST');
  await expect(page.getByTestId('flush-canvas')).not.toHaveAttribute('data-drawn', '0');
  // the lost write is marked in red on the timeline
  await expect.poll(async () => (await canvasColours(page)).lost).toBeGreaterThan(redBefore + 20);
  await shot(page, 'writes-no-isolation-1920x1080');

  // the cut made here is in the share link's timeline
  const rack = Number(await page.getByTestId('rack-select').inputValue());
  await page.getByTestId('share').click();
  await expect(page.getByTestId('shared')).toBeVisible();
  const shared = decodeLink(page.url());
  expect(shared?.timeline.some((e) => e.action === 'rack-power-off' && e.args.rack === rack && e.t > START)).toBe(true);
  expect(page.url()).toContain('view=writes');
  expect(errors).toEqual([]);
});
