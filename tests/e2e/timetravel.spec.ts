// Instant time travel (issue 15) in Chromium: a long share link shows the progress
// overlay and can be cancelled; a multi-hour run rewound from the timeline lands on
// exactly the moment the hover label showed, with the state hash of a straight replay
// in Node. Every wait is on the engine's state (the clock's simulated time, the
// overlay's reported progress), never on wall time.
import { expect, test } from '@playwright/test';
import { ENGINE_WAIT, engineStamp, expectSimTime } from './helpers';
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
