// The operations views in a real Chromium: an alert after a rack power-off (and its
// servers, and "show in racks"), a log search for that rack, a file flood against a
// protected master, and a deployment's progress. Screenshots at 1280×720 and
// 1920×1080 go to test-results/screenshots/ for a look. The alert and the flood run on a
// 400-server cluster (helpers' SMALL); the deployment on the default 5,000 servers.
import { expect, test, type Page } from '@playwright/test';
import { clickRack, openPage, openSmall, settled } from './helpers';

const SHOTS = 'test-results/screenshots';

async function shots(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/${name}-1920.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function step(page: Page, times: number) {
  for (let i = 0; i < times; i++) await page.getByTestId('step').click();
}

test('a rack power-off raises an alert; its servers, time, "show in racks" and a log search for the rack', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSmall(page);
  await clickRack(page, 7);
  await page.getByTestId('action-menu').getByRole('menuitem', { name: 'Power off rack' }).click();
  await step(page, 2); // 1 s steps: the rule is checked every simulated second

  await page.getByTestId('tab-ops').click();
  const row = page.getByTestId('alerts-firing').locator('[data-rule="rack-down"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText('Rack unreachable');
  await expect(row).toContainText('R7');
  await expect(page.getByTestId('kpi-firing')).not.toHaveText('0');
  await row.click();
  const detail = page.getByTestId('alert-detail');
  await expect(detail).toContainText('rack R7');
  await expect(detail.getByTestId('alert-servers')).toContainText('#280'); // rack 7's first server (40 per rack)
  await expect(detail.getByTestId('alert-fired-at')).toContainText('0d 00:00:0');
  await expect(page.getByTestId('alert-counts').locator('[data-rule="rack-down"]')).toBeVisible();
  await shots(page, 'ops-alert');

  await detail.getByTestId('show-in-racks').click();
  await expect(page.getByTestId('tab-racks')).toHaveAttribute('aria-selected', 'true');

  // the log search for that rack
  await page.getByTestId('tab-logs').click();
  await page.getByTestId('log-query').fill('R7');
  await page.getByTestId('log-search').click();
  await expect.poll(async () => Number(await page.getByTestId('log-total').getAttribute('data-n'))).toBeGreaterThan(0);
  await expect(page.getByTestId('log-entries')).toContainText('Rack R7 lost power');
  await expect(page.getByTestId('log-counts').locator('[data-type="rack.powerOff"]')).toContainText('1');
  await expect(page.getByTestId('log-bars').locator('rect').first()).toBeAttached();
  await shots(page, 'logs-rack');

  // a bad query shows its message as text, and nothing else
  await page.getByTestId('log-query').fill('colour:<b>red</b>');
  await page.getByTestId('log-search').click();
  await expect(page.getByTestId('log-error')).toContainText('unknown field "colour"');
  await expect(page.locator('[data-testid="log-error"] b b')).toHaveCount(0);
  await page.getByTestId('log-query').fill('server:99999');
  await page.getByTestId('log-search').click();
  await expect(page.getByTestId('log-error')).toContainText('node=99999');
  expect(errors).toEqual([]);
});

test('a file flood against a protected master leaves the other users’ p99 low', async ({ page }) => {
  await openSmall(page);
  await page.getByTestId('tab-ops').click();
  const panel = page.getByTestId('master-panel');
  await expect(panel.getByTestId('protection-toggle')).toHaveAttribute('aria-pressed', 'true');
  await panel.getByTestId('flood-start').click();
  await page.getByTestId('speed-600').click();
  await step(page, 3); // 30 s of flood
  await expect(panel.getByTestId('flood-status')).toContainText('user 7');
  await expect
    .poll(async () =>
      Number(
        await panel
          .getByTestId('master-rejected')
          .textContent()
          .then((s) => (s ?? '0').replace(/[^\d.]/g, '')),
      ),
    )
    .toBeGreaterThan(0);
  const p99 = Number(await panel.getByTestId('others-p99').getAttribute('data-ms'));
  expect(p99).toBeGreaterThan(0);
  expect(p99).toBeLessThan(50); // ms: others barely notice (without protection they hit the 10 s timeout)
  await shots(page, 'ops-flood');
  await page.getByTestId('lang').click();
  await expect(page.getByTestId('tab-ops')).toHaveText('运维');
  await expect(panel).toContainText('其他用户 p99');
  await shots(page, 'ops-flood-zh');
});

test('the deployment view shows transfer progress after a deploy-start', async ({ page }) => {
  await openPage(page);
  await page.getByTestId('tab-deploy').click();
  await expect(page.getByTestId('deploy-grid')).toHaveAttribute('data-drawn', '125');
  await page.getByTestId('deploy-p2p').click();
  await page.getByTestId('speed-600').click();
  await step(page, 1);
  await expect(page.getByTestId('deploy-status')).not.toHaveAttribute('data-phase', 'idle');
  await expect.poll(async () => Number(await page.getByTestId('deploy-grid').getAttribute('data-transfer'))).toBeGreaterThan(0);
  await expect.poll(async () => Number((await page.getByTestId('deploy-transferred').textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
  await step(page, 3);
  await expect(page.getByTestId('deploy-status')).toHaveAttribute('data-phase', /stopping|switching|starting/);
  await shots(page, 'deploy-p2p');
  // on to the end: the comparison row has its measured figures
  await page
    .getByTestId('speed-3600')
    .click()
    .catch(() => {});
  for (let i = 0; i < 3 && (await page.getByTestId('deploy-status').getAttribute('data-phase')) !== 'idle'; i++) await step(page, 10);
  await expect(page.getByTestId('deploy-status')).toHaveAttribute('data-phase', 'idle');
  await expect(page.getByTestId('measured-stop-p2p')).toContainText('min');
  await shots(page, 'deploy-done');
});
