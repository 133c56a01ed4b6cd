// The Assumptions panel (issue 14 §3): every value of ours in the current run, its
// live value and default, marked where the run changed it; en and zh.
import { expect, test } from '@playwright/test';
import { openPage } from './helpers';
import { assumptionPaths } from '../../worker/scenario/provenance';

test('the Assumptions panel lists every value of ours, live, with the run’s changes marked', async ({ page }) => {
  await openPage(page, './#preset=mirror-storm-night-guarded');
  await page.getByTestId('assumptions').click();
  const panel = page.getByTestId('assumptions-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('assumption-row')).toHaveCount(assumptionPaths().length);
  // the night preset lowers client traffic (ours): shown as changed, with the default beside it
  const row = panel.locator('[data-path="workload.nodeGbps"]');
  await expect(row).toHaveClass(/changed/);
  await expect(row).toContainText('0.35 Gb/s');
  await expect(row).toContainText('1.2 Gb/s');
  // a value from the seeds is not an assumption
  await expect(panel.locator('[data-path="cluster.nodes"]')).toHaveCount(0);
  // the filter narrows the list; the language switch translates the frame
  await panel.getByRole('searchbox').fill('heartbeat');
  await expect(panel.getByTestId('assumption-row').first()).toBeVisible();
  expect(await panel.getByTestId('assumption-row').count()).toBeLessThan(assumptionPaths().length);
  await page.getByTestId('lang').click();
  await expect(panel.getByRole('heading')).toContainText('假设');
  await page.getByTestId('assumptions-close').click();
  await expect(panel).toHaveCount(0);
});
