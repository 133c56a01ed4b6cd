// Chinese on a machine with no Chinese font (issue 16 §6): this Chromium has none (fc-list
// :lang=zh is empty), so without the page's subset web font every Chinese glyph would be
// the same "tofu" box. The check reads pixels of screenshots, not the DOM: a run of
// different characters must give cells that differ from one another (a box repeated
// gives identical cells), and two different strings must give different images.
// An English page never requests the Chinese font.
import { expect, test, type Page } from '@playwright/test';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';
import { presetByName } from '../../worker/scenario/presets';
import { ENGINE_WAIT, settled } from './helpers';

const FONT = 'noto-sans-sc-subset.woff2';

function smallLink(lang: 'zh' | 'en'): string {
  return './#' + encodeHash({ ...defaultScenario(), params: { 'cluster.nodes': 400 } }, { lang });
}

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await settled(page);
}

/** A PNG's pixels as grey levels (0 = black), decoded by the browser (an <img> may load data: under the page's CSP). */
async function grey(page: Page, png: Buffer): Promise<{ w: number; h: number; px: number[] }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const px: number[] = [];
    for (let i = 0; i < d.length; i += 4) px.push(Math.round((d[i] + d[i + 1] + d[i + 2]) / 3));
    return { w: c.width, h: c.height, px };
  }, png.toString('base64'));
}

/** The image cut into n equal cells side by side (one per full-width character), each as a string of ink/no-ink. */
function cells(img: { w: number; h: number; px: number[] }, n: number): string[] {
  const cw = Math.floor(img.w / n);
  return Array.from({ length: n }, (_, k) => {
    let s = '';
    for (let y = 0; y < img.h; y++) for (let x = k * cw; x < (k + 1) * cw; x++) s += img.px[y * img.w + x] < 128 ? '#' : '.';
    return s;
  });
}

/** Shows `text` in the page (its own font stack, under lang=zh) at 48 px and returns its screenshot's cells. */
async function rendered(page: Page, text: string): Promise<string[]> {
  await page.evaluate((t) => {
    const s = document.createElement('span');
    s.dataset.testid = 'font-probe';
    s.textContent = t;
    s.style.cssText =
      'position:fixed;left:20px;top:200px;z-index:999;font-size:48px;line-height:1;padding:0;margin:0;background:#fff;color:#000;white-space:pre';
    document.body.querySelector('[data-testid="font-probe"]')?.remove();
    document.body.append(s);
  }, text);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await settled(page);
  const shot = await page.getByTestId('font-probe').screenshot();
  return cells(await grey(page, shot), [...text].length);
}

test('a Chinese page shows real Chinese glyphs, from the page’s own font', async ({ page }) => {
  await ready(page, smallLink('zh'));
  const a = await rendered(page, '飞天实验');
  const b = await rendered(page, '镜像风暴');
  for (const cs of [a, b]) {
    for (const c of cs) expect(c.split('#').length - 1, 'every character leaves ink').toBeGreaterThan(20);
    expect(new Set(cs).size, 'four different characters, four different shapes (a missing glyph repeats one box)').toBe(4);
  }
  expect(a.join('|'), 'two different strings give different images').not.toBe(b.join('|'));

  // The page's own heading, as it is laid out: its five characters are five different shapes.
  const h1 = page.locator('header h1');
  await expect(h1).toHaveText('飞天实验室');
  const box = await h1.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const b = r.getBoundingClientRect();
    return { x: Math.ceil(b.left), y: Math.floor(b.top), width: Math.floor(b.width), height: Math.ceil(b.height) };
  });
  const title = cells(await grey(page, await page.screenshot({ clip: box })), 5);
  expect(new Set(title).size, 'the heading 飞天实验室 is five different glyphs').toBe(5);
});

test('an English page never requests the Chinese font', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.url()));
  await ready(page, smallLink('en'));
  await expect(page.getByTestId('lang')).toHaveText('中文');
  expect(fetched.filter((u) => u.endsWith(FONT))).toEqual([]);
  // switching to Chinese is what fetches it
  const got = page.waitForRequest((r) => r.url().endsWith(FONT));
  await page.getByTestId('lang').click();
  await got;
});

test('a canvas drawn before the Chinese font came draws its labels again when it comes (the flush timeline, paused)', async ({ page }) => {
  // the font is held back until the paused canvas has drawn its Chinese lane labels without it
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/fonts/' + FONT, async (route) => {
    await held;
    await route.continue();
  });
  const p = presetByName('redo-log-rack-power');
  if (!p) throw new Error('no preset redo-log-rack-power');
  await page.goto(
    './#' + encodeHash({ ...p.scenario, params: { ...p.scenario.params, 'cluster.nodes': 400 } }, { view: 'writes', lang: 'zh', t: '60000' }),
    { waitUntil: 'domcontentloaded' }, // "load" waits for the font held back
  );
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  const canvas = page.getByTestId('flush-canvas');
  await expect(canvas).toHaveAttribute('data-lanes', /^[1-9]/);
  await settled(page);
  // the canvas's own pixels (a screenshot would wait for the font)
  const pixels = () => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  const before = await pixels();
  expect(await pixels()).toBe(before); // paused: it does not change by itself
  release();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect.poll(pixels, { timeout: ENGINE_WAIT }).not.toBe(before);
});
