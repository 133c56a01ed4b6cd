// Instant time travel (issue 15) in Chromium: a long share link shows the progress
// overlay and can be cancelled; a multi-hour run rewound from the timeline lands on
// exactly the moment the hover label showed, with the state hash of a straight replay
// in Node; and, as a property over seeded random moments of a run with a perturbation
// history (recorded and live), every landing from a checkpoint in the page's worker
// has the hash Node's engine reaches by replaying the run straight to that moment.
// Every wait is on the engine's state (the clock's simulated time, the overlay's
// reported progress), never on wall time.
import { expect, test } from '@playwright/test';
import { ENGINE_WAIT, engineStamp, expectSimTime, openSmall } from './helpers';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario, type Scenario } from '../../worker/scenario/schema';
import { Engine } from '../../worker/engine/engine';
import { formatClock } from '../../src/lib/format';

const MIN = 60_000,
  HOUR = 60 * MIN,
  DAY = 24 * HOUR;
const run: Scenario = {
  ...defaultScenario(),
  params: { 'cluster.nodes': 400, 'storage.chunks': 100_000 },
  timeline: [
    { t: HOUR, action: 'network-maintenance', args: {} },
    { t: 90 * MIN, action: 'network-restore', args: {} },
  ],
};

async function ready(page: import('@playwright/test').Page) {
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
}

/** Moves the page's run back to `target` through the worker's goTo; the landing has the hash Node's engine reaches replaying `scenario` straight there. */
async function goToHasReplayHash(page: import('@playwright/test').Page, scenario: Scenario, target: number) {
  await page.evaluate(
    (t) =>
      (
        globalThis as unknown as {
          feitian: { client: { call(fn: (api: { goTo(t: number): Promise<unknown> }) => Promise<unknown>): Promise<unknown> } };
        }
      ).feitian.client.call((api) => api.goTo(t)),
    target,
  );
  await expectSimTime(page, target);
  const stamp = await engineStamp(page);
  const straight = new Engine(scenario);
  straight.runUntil(target, false);
  expect(stamp.hash).toBe(straight.hash());
}

test('a long link shows its replay progress and can be cancelled; a rewind lands on the hover moment with the replay hash', async ({ page }) => {
  test.setTimeout(240_000);
  // a run shared at 30 simulated days: a long replay
  await page.goto('./#' + encodeHash(run, { t: String(30 * DAY) }));
  const overlay = page.getByTestId('replay-overlay');
  await expect(overlay).toBeVisible({ timeout: ENGINE_WAIT });
  await expect(overlay).toHaveAttribute('data-kind', 'load');
  await expect(overlay).toHaveAttribute('data-target', String(30 * DAY));
  // progress moves (the worker answers between slices of the replay)
  await expect.poll(async () => Number(await overlay.getAttribute('data-t')), { timeout: ENGINE_WAIT }).toBeGreaterThan(0);
  await expect(page.getByTestId('replay-progress')).toContainText('%');
  await page.getByTestId('replay-cancel').click();
  await expect(overlay).toHaveCount(0, { timeout: ENGINE_WAIT });
  // nothing loaded before it: the default cluster at its start
  await ready(page);
  await expectSimTime(page, 0);

  // a three-hour run, opened from its link (a short replay)
  await page.goto('./#' + encodeHash(run, { t: String(3 * HOUR) }));
  await ready(page);
  await expectSimTime(page, 3 * HOUR);
  const scrub = page.getByTestId('scrubber');
  await expect(scrub.getByTestId('scrub-tick')).toHaveCount(2);

  // hover at 40 % of the bar: the label's moment; the bar does not move as the hint changes
  const bar = scrub.getByRole('slider');
  const box = (await bar.boundingBox())!;
  const x = box.x + box.width * 0.4,
    y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  const hover = scrub.getByTestId('scrub-hover');
  await expect(hover).toHaveCount(1);
  const target = Number(await hover.getAttribute('data-t'));
  expect(target).toBeGreaterThan(0);
  expect(target).toBeLessThan(3 * HOUR);
  await expect(scrub.getByTestId('scrub-hint')).toContainText(formatClock(target));
  expect(await bar.boundingBox()).toEqual(box);
  await page.mouse.down();
  await page.mouse.up();
  await expectSimTime(page, target);
  await expect(scrub).toHaveAttribute('data-rewound', '1');

  // the landing state is a straight replay's, computed here in Node
  const stamp = await engineStamp(page);
  expect(stamp.t).toBe(target);
  const straight = new Engine(run);
  straight.runUntil(target, false);
  expect(stamp.hash).toBe(straight.hash());
});

test("a link's history is rebuilt behind its load: the scrubber hatches the stretch not rebuilt yet until it is; a rewind into it lands on the replay hash", async ({
  page,
}) => {
  test.setTimeout(240_000);
  // the default cluster (5,000 servers) six hours in: rebuilding its history takes seconds, long enough to see
  const big: Scenario = { ...defaultScenario(), timeline: [{ t: 2 * HOUR, action: 'network-maintenance', args: {} }] };
  await page.goto('./#' + encodeHash(big, { t: String(6 * HOUR) }));
  await ready(page);
  await expectSimTime(page, 6 * HOUR);
  const scrub = page.getByTestId('scrubber');
  const band = scrub.getByTestId('scrub-history');
  await expect(band).toHaveCount(1);
  expect(Number(await band.getAttribute('data-t'))).toBeLessThan(6 * HOUR);
  const bar = scrub.getByRole('slider');
  const box = (await bar.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  const hover = Number(await scrub.getByTestId('scrub-hover').getAttribute('data-t'));
  const reached = Number(await band.getAttribute('data-t'));
  if (hover > reached) await expect(scrub.getByTestId('scrub-hint')).toContainText('replays from');
  await page.mouse.move(box.x + box.width / 2, box.y + 40); // off the bar
  // rebuilt: the band goes (the worker's history has caught up and is the run's)
  await expect(band).toHaveCount(0, { timeout: ENGINE_WAIT });
  // a rewind lands on the straight replay's state, from the rebuilt history's checkpoints
  await goToHasReplayHash(page, big, 2 * HOUR + 7 * MIN);
});

/** A seeded generator (an LCG): the same moments and history on every run. */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

type Handle = {
  feitian: {
    client: {
      perturb(a: string, args: Record<string, unknown>): Promise<unknown>;
      step(ms: number): Promise<void>;
      call<T>(fn: (api: { scenario(): Promise<T> }) => Promise<T>): Promise<T | null>;
    };
  };
};

test('property: rewinds and seeks to seeded random moments of a run with a history land on the hash of a straight replay in Node', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const rnd = seeded(15);
  const span = 2 * HOUR;
  const at = () => Math.floor((rnd() * span) / 1000) * 1000;
  // a recorded history: four perturbations at seeded moments
  const picks = [
    () => ({ action: 'node-crash', args: { node: Math.floor(rnd() * 400) } }),
    () => ({ action: 'rack-power-off', args: { rack: Math.floor(rnd() * 10) } }),
    () => ({ action: 'node-slow', args: { node: Math.floor(rnd() * 400), factor: 20 } }),
    () => ({ action: 'tor-down', args: { rack: Math.floor(rnd() * 10) } }),
  ];
  const timeline = picks.map((pick) => ({ t: at(), ...pick() })).sort((a, b) => a.t - b.t);
  const scenario: Scenario = { ...run, timeline };
  await page.goto('./#' + encodeHash(scenario, { t: String(span) }));
  await ready(page);
  await expectSimTime(page, span);
  // a live perturbation, then ten more minutes: the run's recorded future goes past it
  await page.evaluate(() => (globalThis as unknown as Handle).feitian.client.perturb('network-flaky', { rack: 2, loss: 0.5 }));
  await page.evaluate(() => (globalThis as unknown as Handle).feitian.client.step(10 * 60_000));
  const end = span + 10 * MIN;
  await expectSimTime(page, end);
  const recorded = (await page.evaluate(() => (globalThis as unknown as Handle).feitian.client.call((api) => api.scenario()))) as Scenario;
  expect(recorded.timeline).toHaveLength(5);

  const scrub = page.getByTestId('scrubber');
  const bar = scrub.getByRole('slider');
  const box = (await bar.boundingBox())!;
  let now = end;
  for (let i = 0; i < 3; i++) {
    // hover a seeded point of the bar; its label is the moment the click lands on
    await page.mouse.move(box.x + box.width * (0.05 + 0.9 * rnd()), box.y + box.height / 2);
    const hover = scrub.getByTestId('scrub-hover');
    await expect(hover).toHaveCount(1);
    const target = Number(await hover.getAttribute('data-t'));
    await page.mouse.down();
    await page.mouse.up();
    await expectSimTime(page, target);
    const stamp = await engineStamp(page);
    expect(stamp.t).toBe(target);
    // back: the moment before what is recorded there; forward (through the recorded future): after it
    const straight = new Engine(recorded);
    straight.runUntil(target, target > now);
    expect({ i, target, hash: stamp.hash }).toEqual({ i, target, hash: straight.hash() });
    now = target;
  }
  // far back, then forward past checkpoints of the recorded future (the landing restores one: its frame carries the whole log again)
  await page.evaluate(() =>
    (globalThis as unknown as { feitian: { client: { rewind(t: number): Promise<void> } } }).feitian.client.rewind(3 * 60_000),
  );
  await expectSimTime(page, 3 * MIN);
  await page.evaluate((t) => (globalThis as unknown as { feitian: { client: { seek(t: number): Promise<void> } } }).feitian.client.seek(t), 40 * MIN);
  await expectSimTime(page, 40 * MIN);
  // the log after the moves: each entry once (the page shows its newest 60; it keeps 200)
  const seqs = await page.evaluate(() =>
    (globalThis as unknown as { feitian: { client: { log: { seq: number }[] } } }).feitian.client.log.map((e) => e.seq),
  );
  expect(seqs.length).toBeGreaterThan(0);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(errors).toEqual([]);
});

test("the compare view's sides start from the main run's checkpoint, carried to their workers, not from a replay", async ({ page }) => {
  await openSmall(page);
  await page.getByTestId('speed-3600').click();
  await page.getByTestId('step').click();
  await expectSimTime(page, 600_000);
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('compare-fork').click();
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-ready', 'true', { timeout: ENGINE_WAIT });
  type Hook = { compare: { forkedFrom(id: string): string | null; hash(id: string): Promise<{ hash: string } | null> } };
  const side = (id: string) => page.evaluate((s) => (globalThis as unknown as { feitian: Hook }).feitian.compare.forkedFrom(s), id);
  expect(await side('A')).toBe('checkpoint');
  expect(await side('B')).toBe('checkpoint');
  const main = await engineStamp(page);
  const hashA = await page.evaluate(() => (globalThis as unknown as { feitian: Hook }).feitian.compare.hash('A'));
  expect(hashA?.hash).toBe(main.hash);
});

test("the disk tier in Chromium's worker: with memory full, older checkpoints go to the origin-private file system and a rewind to one lands on the replay hash", async ({
  page,
}) => {
  // a memory budget a little over the 400-server state itself (~19 MB): two hours of checkpoints must spill
  const scenario: Scenario = { ...run, params: { ...run.params, 'timeTravel.budgetMB': 24, 'timeTravel.diskMB': 64 } };
  await page.goto('./#' + encodeHash(scenario, { t: String(2 * HOUR) }));
  await ready(page);
  await expectSimTime(page, 2 * HOUR);
  type Cps = { times: number[]; bytes: number; diskBytes: number; disk: string; behind: number | null };
  const checkpoints = async () =>
    (await page.evaluate(() =>
      (
        globalThis as unknown as { feitian: { client: { call(fn: (api: { checkpoints(): Promise<Cps> }) => Promise<Cps>): Promise<Cps> } } }
      ).feitian.client.call((api) => api.checkpoints()),
    )) as Cps;
  // the link's load took no checkpoints: its history is filled in behind it (worker/history.ts), then it is the run's
  await expect.poll(async () => (await checkpoints()).behind, { timeout: ENGINE_WAIT }).toBeNull();
  const cps = await checkpoints();
  expect(cps.disk).toBe('on');
  expect(cps.diskBytes).toBeGreaterThan(0);
  expect(cps.bytes).toBeLessThanOrEqual(24 * 2 ** 20);
  // back to a moment near the start: its checkpoint's blocks are the oldest, in the file
  await goToHasReplayHash(page, scenario, 7 * MIN + 13_000);
});
