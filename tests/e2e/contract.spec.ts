// The rack menu reads the frame (worker/contract.ts), not the timeline: after a power
// feed is cut it says why the rack is dark and offers to restore the feed — never
// "Power on rack", which would do nothing and still be recorded. Same for the machine
// room. A small cluster at 1280×720; every wait is on engine state (the frame's
// bytes drawn, the timeline's entries), never on wall time.
import { expect, test, type Page } from '@playwright/test';
import { clickRack } from './helpers';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';

/** 400 servers in 10 racks of 40, four racks per power feed: feed 1 is racks 4–7. */
function smallLink(): string {
  const s = defaultScenario();
  s.name = 'contract-e2e';
  s.params = { ...s.params, 'cluster.nodes': 400, 'cluster.racksPerPowerDomain': 4, 'faults.powerCycleFailure': 0 };
  return `./#${encodeHash(s, { t: '60000' })}`;
}

async function open(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(smallLink());
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('rack-canvas')).toHaveAttribute('data-drawn-servers', '400');
}

const recorded = (page: Page, action: string) => page.getByTestId('timeline').locator(`li[data-action="${action}"]`);

test('after a feed cut the rack menu says why and offers to restore the feed, not "Power on rack"', async ({ page }) => {
  await open(page);
  const menu = page.getByTestId('action-menu');
  await clickRack(page, 5);
  await expect(menu).toContainText('R5');
  await expect(menu.getByRole('menuitem', { name: 'Power off rack' })).toBeVisible();
  await expect(menu.getByTestId('menu-why')).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Cut power feed 1' }).click();
  await expect(recorded(page, 'power-domain-off')).toHaveCount(1);
  await expect(page.getByTestId('count-powerOff')).toContainText('160');

  await clickRack(page, 5);
  await expect(menu.getByTestId('menu-why')).toHaveText('No power: feed 1 is cut');
  await expect(menu.getByRole('menuitem', { name: 'Power on rack' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'Power off rack' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'Restore power feed 1' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/contract-feed-cut-menu-1280.png' });
  // a rack on another feed is unaffected
  await page.keyboard.press('Escape');
  await clickRack(page, 2);
  await expect(menu.getByRole('menuitem', { name: 'Power off rack' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Cut power feed 0' })).toBeVisible();
  await page.keyboard.press('Escape');

  // its own switch off as well: then "Power on rack" applies (its switch), beside the feed
  await clickRack(page, 5);
  await menu.getByRole('menuitem', { name: 'Restore power feed 1' }).click();
  await expect(recorded(page, 'power-domain-on')).toHaveCount(1);
  await clickRack(page, 5);
  await menu.getByRole('menuitem', { name: 'Power off rack' }).click();
  await expect(recorded(page, 'rack-power-off')).toHaveCount(1);
  await clickRack(page, 5);
  await menu.getByRole('menuitem', { name: 'Cut power feed 1' }).click();
  await expect(recorded(page, 'power-domain-off')).toHaveCount(2);
  await clickRack(page, 5);
  await expect(menu.getByRole('menuitem', { name: 'Power on rack' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Restore power feed 1' })).toBeVisible();
  await expect(menu.getByTestId('menu-why')).toHaveCount(0); // its own switch is reason enough, and the button says so
  await page.keyboard.press('Escape');
  // "Power on rack" was never offered while it could not apply, so never recorded
  await expect(recorded(page, 'rack-power-on')).toHaveCount(0);
});

test('with the machine room off the rack menu offers its power, not the rack switch', async ({ page }) => {
  await open(page);
  const menu = page.getByTestId('action-menu');
  await page.getByTestId('dc-off').click();
  await expect(recorded(page, 'dc-power-off')).toHaveCount(1);
  await expect(page.getByTestId('count-powerOff')).toContainText('400');
  await clickRack(page, 3);
  await expect(menu.getByTestId('menu-why')).toHaveText('No power: the machine room is off');
  await expect(menu.getByRole('menuitem', { name: 'Power on rack' })).toHaveCount(0);
  await menu.getByTestId('menu-dc-on').click();
  await expect(recorded(page, 'dc-power-on')).toHaveCount(1);
  await expect(page.getByTestId('dc-off')).toBeVisible();
  await expect(recorded(page, 'rack-power-on')).toHaveCount(0);
});
