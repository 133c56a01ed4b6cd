// The Scenarios menu: every preset a click away, opened as a link; a bad name says so.
import { expect, test } from '@playwright/test';
import { openPage, openSmall } from './helpers';

test('the Scenarios menu opens a preset in its view, as a link', async ({ page }) => {
  await openSmall(page); // the run before the preset: 400 servers (scale is not the point)
  await page.getByTestId('scenarios').click();
  const menu = page.getByTestId('scenario-menu');
  await expect(menu).toBeVisible();
  expect(await menu.getByRole('menuitem').count()).toBeGreaterThan(20);
  await menu.getByTestId('preset-mirror-storm-guarded').click();
  await expect(menu).toHaveCount(0);
  await expect(page).toHaveURL(/preset=mirror-storm-guarded/);
  await expect(page.getByTestId('tab-storm')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready');
  // the preset's timeline is loaded: maintenance and restore, both still ahead on the run timeline
  await expect(page.getByTestId('scrubber').locator('line.tick.future')).toHaveCount(2);

  // keyboard: open, move, Escape closes and gives focus back
  await page.getByTestId('scenarios').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scenario-menu')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scenario-menu')).toHaveCount(0);
  await expect(page.getByTestId('scenarios')).toBeFocused();

  // Chinese titles
  await page.getByTestId('lang').click();
  await page.getByTestId('scenarios').click();
  await expect(page.getByTestId('preset-mirror-storm')).toContainText('镜像风暴');
});

test('a link naming no preset says which name, and the default cluster runs', async ({ page }) => {
  await openPage(page, './#preset=no-such-thing');
  await expect(page.getByTestId('load-error')).toContainText('no-such-thing');
});
