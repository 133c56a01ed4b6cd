// Share links: the same run in a fresh page, and bad links that fall back visibly.
import { expect, test } from '@playwright/test';
import { clickServer, computeHash, openPage, openSmall, pauseConfirmed, playUntil, SMALL_SERVERS, simTime } from './helpers';

test('a shared URL reproduces the same state hash at the same simulated time', async ({ page, browser }) => {
  test.setTimeout(90_000); // two page loads, one of them a replay
  // a 400-server run (scale is not the point; hash.spec compares the default cluster's hash with the CLI's)
  await openSmall(page);
  await page.getByTestId('speed-600').click();
  await page.getByTestId('play').click();
  await playUntil(page, 20_000);
  await clickServer(page, 42);
  await page.getByTestId('action-menu').getByRole('menuitem', { name: 'Crash' }).click();
  await page.getByTestId('fail-random').click();
  await playUntil(page, 60_000);
  const t = await pauseConfirmed(page);
  const a = await computeHash(page);
  expect(a.t).toBe(t);

  await page.getByTestId('share').click();
  await expect(page.getByTestId('shared')).toBeVisible();
  const url = page.url();
  expect(url).toContain('#z=');
  expect(url).toContain('t=' + a.t);
  const crashed = (await page.getByTestId('count-crashed').textContent())!.replace(/\D/g, '');
  await page.close(); // one run at a time: each open page has its own worker

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const p2 = await fresh.newPage();
  await openPage(p2, url, SMALL_SERVERS);
  await expect(p2.getByTestId('load-error')).toHaveCount(0);
  expect(await simTime(p2)).toBe(a.t);
  const b = await computeHash(p2);
  expect(b).toEqual(a);
  await expect(p2.getByTestId('count-crashed')).toContainText(crashed);
  await fresh.close();
});

test('a garbage link shows its message and the default cluster still runs', async ({ page }) => {
  await openPage(page, './#s=garbage');
  const msg = page.getByTestId('load-error');
  await expect(msg).toBeVisible();
  await expect(msg).toContainText('share link');
  await expect(page.getByTestId('count-up')).toContainText('5,000');
  await page.getByTestId('speed-600').click();
  await page.getByTestId('play').click();
  await playUntil(page, 3_000);
  await page.getByTestId('dismiss-load-error').click();
  await expect(msg).toHaveCount(0);
});

test('a truncated real link and a hostile one are refused with a message', async ({ page, context }) => {
  test.setTimeout(90_000); // three page loads, one after another
  // a 400-server run to cut the link of; the two refused links fall back to the default 5,000 servers
  await openSmall(page);
  await clickServer(page, 7);
  await page.getByTestId('action-menu').getByRole('menuitem', { name: 'Crash' }).click();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('shared')).toBeVisible();
  const url = page.url();
  expect(url).toContain('#z=');
  const cut = url.slice(0, url.indexOf('#z=') + Math.floor((url.length - url.indexOf('#z=')) / 2));

  // one page at a time: each open page runs its own 5,000-server worker
  await page.close();
  const p2 = await context.newPage();
  await openPage(p2, cut);
  await expect(p2.getByTestId('load-error')).toContainText(/share link|scenario/);
  await expect(p2.getByTestId('count-up')).toContainText('5,000');
  expect(await simTime(p2)).toBe(0);
  await p2.close();

  // A scenario that asks for an absurd cluster, and markup in the name: refused or shown as text.
  const hostile = Buffer.from(JSON.stringify({ v: 1, name: '<img src=x onerror=alert(1)>', seed: 1, params: { 'cluster.nodes': 1e9 } })).toString(
    'base64url',
  );
  const p3 = await context.newPage();
  let dialogs = 0;
  p3.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await openPage(p3, './#s=' + hostile);
  await expect(p3.getByTestId('load-error')).toContainText('cluster.nodes');
  expect(await p3.locator('img[src=x]').count()).toBe(0);
  expect(dialogs).toBe(0);
});
