// Visual regression (issue 17): every main view at the classroom projector's 1280×720,
// from one fixed scenario and simulated time, compared with committed reference
// screenshots, so a moved, clipped or overlapping panel fails CI.
//
// The references are in tests/e2e/visual.spec.ts-snapshots/ (Playwright's default place:
// <name>-chromium-linux.png), made by the Debian Chromium with the DejaVu fonts of this
// machine. They change on purpose only:
//   E2E_OUT_DIR=/tmp/dist-me E2E_PORT=4199 npx playwright test visual --update-snapshots
// and the reviewer looks at the new images (and, for a failure, at the expected/actual/
// diff images Playwright writes under test-results/e2e/) before they are committed.
//
// The moment: the default cluster at 400 servers (10 racks of 40, chunks in proportion:
// layout, not scale, is checked, and a page load costs a fraction of 5,000's) two minutes
// in, with a crash, a dark rack and a slow server early on, so the racks, the log and the
// charts have something to show and most of the engine's figures are still small.
//
// Two pictures per view:
//  - `<view>.png`, the view as the projector shows it, within MAX_DIFF;
//  - `<view>-layout.png`, its layout alone (SKELETON below): text drawn as bars the
//    width of the text, every chart and canvas a black box of its size, within
//    MAX_DIFF_LAYOUT. A figure the engine now computes differently changes neither bar
//    nor box, so the layout picture can be strict.
// Measured (at 5,000 servers; 1280×720 is 921,600 px): changing the last digit of
// every figure on screen redraws 292–589 px of the full picture and none of the layout;
// shrinking the event log to 60 px redraws 4,807 px (0.5 %) of the full picture and
// 31,182 (3.4 %) of the layout, a sidebar 300 px wide 49,404 (5.4 %), panels moved down
// 8 px 16,824–185,973 (1.8–20 %).
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario, type Scenario } from '../../worker/scenario/schema';
import { ENGINE_WAIT, expectSimTime, settled } from './helpers';

/** The simulated moment every view is shown at (ms). */
const AT = 120_000;
/** Share of the pixels that may differ (after Playwright's per-pixel colour threshold): the view as shown. */
const MAX_DIFF = 0.02;
/** The same for the layout picture: 0.5 % — a sixth of what a shrunk event log redraws, and well above what a changed figure does (nothing). */
const MAX_DIFF_LAYOUT = 0.005;

/** Layout only: text as bars (equal-width digits give equal bars), every chart and canvas a black box. */
const SKELETON = `
*, *::before, *::after { color: transparent !important; text-shadow: none !important; caret-color: transparent !important;
  text-decoration: line-through 0.8em #444 !important; text-decoration-skip-ink: none !important; }
canvas, svg { filter: brightness(0) !important; background: #fff !important; }
input::placeholder { color: transparent !important; }`;

const scenario: Scenario = {
  ...defaultScenario(),
  name: 'visual',
  params: { 'cluster.nodes': 400, 'storage.chunks': 80_000 },
  timeline: [
    { t: 10_000, action: 'node-crash', args: { node: 42 } },
    { t: 20_000, action: 'rack-power-off', args: { rack: 7 } },
    { t: 30_000, action: 'node-slow', args: { node: 234, factor: 10 } },
  ],
};

/** The run, paused at AT, in English, on `view`. */
function link(view = 'racks'): string {
  return './#' + encodeHash(scenario, { t: String(AT), lang: 'en', view });
}

async function open(page: Page, view?: string): Promise<void> {
  await page.goto(link(view));
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expectSimTime(page, AT);
  await expect(page.getByTestId('play')).toBeVisible(); // a link opens paused at its moment
}

/** Shows a view by its tab, then waits until it is drawn: its code loaded, fonts in, two frames painted. */
async function show(page: Page, id: string): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
  await expect(page.getByTestId(`tab-${id}`)).toHaveAttribute('aria-selected', 'true');
  const view = page.locator(id === 'racks' ? 'section.racks' : `section.view[data-view="${id}"]`);
  await expect(view).toBeVisible();
  await expect(view.locator('p.loading')).toHaveCount(0, { timeout: ENGINE_WAIT });
  if (id === 'racks') await expect(page.getByTestId('rack-canvas')).toHaveAttribute('data-drawn-servers', '400');
  // no focus ring on the tab, no hover: what a projector shows before anyone touches it
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 719);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await settled(page);
}

/** The main views, as src/views/registry.ts registers them (checked against the tab bar below). */
const VIEWS = ['racks', 'ops', 'logs', 'deploy', 'storage', 'storm', 'repair', 'scheduler', 'writes', 'compare'];

// One page load for all views (a test per view, in order, on the same page).
test.describe.serial('every view at 1280×720 looks as its reference, and is laid out as it', () => {
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await open(page);
    const tabs = await page.getByRole('tab').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-testid')!.replace(/^tab-/, '')));
    expect([...tabs].sort()).toEqual([...VIEWS].sort()); // a new view needs its references
  });
  test.afterAll(async () => {
    await page.close();
  });

  for (const id of VIEWS)
    test(id, async () => {
      await show(page, id);
      // toHaveScreenshot waits until two shots in a row agree (answers from the worker still arriving), then compares
      await expect.soft(page).toHaveScreenshot(`${id}.png`, { animations: 'disabled', caret: 'hide', maxDiffPixelRatio: MAX_DIFF });
      const skeleton = await page.addStyleTag({ content: SKELETON });
      await settled(page);
      await expect(page).toHaveScreenshot(`${id}-layout.png`, { animations: 'disabled', caret: 'hide', maxDiffPixelRatio: MAX_DIFF_LAYOUT });
      await skeleton.evaluate((n) => (n as HTMLElement).remove());
    });
});

test('Logs opened by link: the search is of the loaded moment, its counts by type are not cut, and the PNG export draws the drop-downs', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, 'logs');
  // searched once the run was loaded, not half-way through its replay (it showed 0d 00:00:10 and stayed so)
  await expect(page.getByTestId('log-summary')).toContainText('0d 00:02:00');
  await expect(page.getByTestId('log-summary')).toContainText(/\d matches/);
  const counts = page.getByTestId('log-counts').locator('b');
  expect(await counts.count()).toBeGreaterThanOrEqual(4);
  for (const b of await counts.all()) {
    const fit = await b.evaluate((el) => ({ text: el.textContent, over: el.scrollWidth - el.clientWidth }));
    expect(fit.over, `count ${fit.text} is cut`).toBeLessThanOrEqual(0);
  }

  // the PNG: decoded in the page; where the "Time" drop-down is, its chosen option is drawn (dark text), not an empty box
  const select = page.getByTestId('log-window');
  await expect(select.locator('option:checked')).toHaveText(/everything kept/);
  const [sel, main] = [await select.boundingBox(), await page.locator('main').boundingBox()];
  await page.getByTestId('export').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const png = await readFile((await dl.path())!);
  const dark = await page.evaluate(
    async ({ b64, box }) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const scale = img.width / box.mainW;
      const strip = 26; // the caption above the view (src/lib/snapshot.ts)
      // the left two thirds of the box inside its border: where the option's text goes
      const x = Math.round((box.x - box.mainX + 4) * scale);
      const y = Math.round((box.y - box.mainY + strip + 3) * scale);
      const d = ctx.getImageData(x, y, Math.round(((box.w * 2) / 3) * scale), Math.round((box.h - 6) * scale)).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 110) n++;
      return n;
    },
    { b64: png.toString('base64'), box: { x: sel!.x, y: sel!.y, w: sel!.width, h: sel!.height, mainX: main!.x, mainY: main!.y, mainW: main!.width } },
  );
  expect(dark, 'dark pixels where the drop-down’s text is').toBeGreaterThan(40);
});
