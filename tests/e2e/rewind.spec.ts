// Rewind and fork from the run's timeline scrubber: the replay is exact (same state
// hash as a fresh load of the same moment), and acting after a rewind drops the old future.
import { expect, test } from '@playwright/test';
import { computeHash, ENGINE_WAIT, expectSimTime, openPage, openSmall, pauseConfirmed, playUntil, SMALL_SERVERS, simTime } from './helpers';

test('rewinding replays exactly; acting from there forks the run', async ({ page, browser }) => {
  test.setTimeout(120_000); // two page loads, one a replay, and a rewind
  // a 400-server run: scale is not the point (tests/engine/checkpoint.test.ts checks restores against replays for every preset)
  await openSmall(page);
  // three simulated minutes in 1-min steps, a random failure, then play on (frames slice the run as they come)
  await page.getByTestId('speed-600').click();
  for (let m = 1; m <= 3; m++) {
    await page.getByTestId('step').click();
    await expectSimTime(page, m * 60_000);
  }
  await page.getByTestId('fail-random').click();
  await page.getByTestId('speed-3600').click();
  await page.getByTestId('play').click();
  await playUntil(page, 8 * 60_000);
  const before = await pauseConfirmed(page);

  // a click at a tenth of the bar: before the failure, which stays in the recorded future
  const scrub = page.getByTestId('scrubber');
  const bar = scrub.getByRole('slider');
  const box = (await bar.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.1, box.y + box.height / 2);
  await expect(scrub).toHaveAttribute('data-rewound', '1', { timeout: ENGINE_WAIT });
  await expect.poll(() => simTime(page), { timeout: ENGINE_WAIT }).toBeLessThan(before);
  const t = await simTime(page);
  expect(t).toBeGreaterThan(0);
  expect(Number(await scrub.getAttribute('data-horizon'))).toBeGreaterThanOrEqual(before);
  await expect(page.getByTestId('scrub-future')).toBeVisible();

  // the replayed moment is the same state as a fresh load of the same run at that time
  const a = await computeHash(page);
  expect(a.t).toBe(t);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('shared')).toBeVisible();
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const p2 = await fresh.newPage();
  await openPage(p2, page.url(), SMALL_SERVERS);
  expect(await computeHash(p2)).toEqual(a);
  await fresh.close();

  // keyboard: the slider's arrow keys move along the timeline, not the page's step
  await bar.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => simTime(page), { timeout: ENGINE_WAIT }).toBeGreaterThan(t);
  const t2 = await simTime(page);
  expect(t2).toBeLessThan(before);

  // acting now forks: the old future is gone
  await page.getByTestId('fail-random').click();
  await expect(scrub).toHaveAttribute('data-rewound', '0');
  await expect(page.getByTestId('scrub-future')).toHaveCount(0);
  expect(Number(await scrub.getAttribute('data-horizon'))).toBe(t2);
});
