import { expect, type Page } from '@playwright/test';
import { encodeHash } from '../../worker/scenario/codec';
import { defaultScenario } from '../../worker/scenario/schema';

type Feitian = {
  cellCenter(node: number): { x: number; y: number } | null;
  rackCenter(rack: number): { x: number; y: number } | null;
};

/**
 * A small cluster for browser tests where the 5,000-server scale is not the point: 400
 * servers (10 racks of 40) and chunks in proportion (1,000,000 × 400 ÷ 5,000), so disks
 * are as full and a server holds as many chunks as at the default scale. Opening and
 * playing it costs the page a fraction of the default's.
 */
export const SMALL = { 'cluster.nodes': 400, 'storage.chunks': 80_000 } as const;
export const SMALL_SERVERS = 400;

/** A link to the default scenario at SMALL scale (with `params` on top), and page keys (`view`, `lang`, `t`, …). */
export function smallLink(params: Record<string, number | string | boolean> = {}, keys: Record<string, string> = {}): string {
  return './#' + encodeHash({ ...defaultScenario(), name: 'small', params: { ...SMALL, ...params } }, keys);
}

/** Opens the page (optionally a share link) and waits until its `servers` are drawn and the run is idle (a link's replay to its `t` is engine work: ENGINE_WAIT). */
export async function openPage(page: Page, url = './', servers = 5000): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: ENGINE_WAIT });
  await expect(page.getByTestId('rack-canvas')).toHaveAttribute('data-drawn-servers', String(servers));
}

/** Opens the small cluster (smallLink) and waits until its servers are drawn. */
export async function openSmall(
  page: Page,
  params: Record<string, number | string | boolean> = {},
  keys: Record<string, string> = {},
): Promise<void> {
  await openPage(page, smallLink(params, keys), SMALL_SERVERS);
}

/** Simulated time (ms) shown by the clock. */
export async function simTime(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-t'));
}

/**
 * How long a wait on the engine may take before a test gives up: waits end as soon as
 * the engine's state says so; this only bounds a broken run (never a fixed sleep).
 */
export const ENGINE_WAIT = 60_000;

type Stamp = { hash: string; t: number; events: number };
type ClientHook = { status: { playing: boolean } | null; framesReceived: number; hash(): Promise<Stamp | null> };

/** The engine's own simulated time, hash and event count: the worker's answer, not the clock on screen. */
export async function engineStamp(page: Page): Promise<Stamp> {
  const s = await page.evaluate(() => (globalThis as unknown as { feitian: { client: ClientHook } }).feitian.client.hash());
  if (!s) throw new Error('the worker gave no hash (the run has stopped)');
  return s;
}

/** Frames the page has taken from the worker so far (while paused too: at once after a change, else every 250 ms, worker/api.ts PAUSED_FRAME_MS). */
export async function framesReceived(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { feitian: { client: ClientHook } }).feitian.client.framesReceived);
}

/** Waits until the page has taken n more frames from the worker: each one is a turn of the engine's frame loop. */
export async function waitFrames(page: Page, n: number): Promise<void> {
  const from = await framesReceived(page);
  await expect.poll(() => framesReceived(page), { timeout: ENGINE_WAIT }).toBeGreaterThanOrEqual(from + n);
}

/** Waits until the clock shows simulated time t exactly (the engine got there and the page took the frame). */
export async function expectSimTime(page: Page, t: number): Promise<void> {
  await expect(page.getByTestId('clock')).toHaveAttribute('data-t', String(t), { timeout: ENGINE_WAIT });
}

/** Waits while the run plays until the clock passes t (simulated ms): on the engine's progress, however slow the machine. */
export async function playUntil(page: Page, t: number): Promise<void> {
  await expect.poll(() => simTime(page), { timeout: ENGINE_WAIT }).toBeGreaterThan(t);
}

/**
 * Presses pause and waits until the worker confirms it: its frames say it is not
 * playing and the clock shows the engine's own time. Returns that time.
 */
export async function pauseConfirmed(page: Page): Promise<number> {
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('play')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { feitian: { client: ClientHook } }).feitian.client.status?.playing), {
      timeout: ENGINE_WAIT,
    })
    .toBe(false);
  const { t } = await engineStamp(page);
  await expectSimTime(page, t);
  return t;
}

/** Waits until the page has drawn twice more (after a resize or a language switch, before a screenshot). */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

export async function clickServer(page: Page, node: number): Promise<void> {
  const c = await page.evaluate((n) => (globalThis as unknown as { feitian: Feitian }).feitian.cellCenter(n), node);
  if (!c) throw new Error('no layout yet');
  await page.mouse.click(c.x, c.y);
}

export async function clickRack(page: Page, rack: number): Promise<void> {
  const c = await page.evaluate((r) => (globalThis as unknown as { feitian: Feitian }).feitian.rackCenter(r), rack);
  if (!c) throw new Error('no layout yet');
  await page.mouse.click(c.x, c.y);
}

export async function hoverServer(page: Page, node: number): Promise<void> {
  const c = await page.evaluate((n) => (globalThis as unknown as { feitian: Feitian }).feitian.cellCenter(n), node);
  if (!c) throw new Error('no layout yet');
  await page.mouse.move(c.x - 1, c.y - 1);
  await page.mouse.move(c.x, c.y);
}

/** Presses "compute hash" and returns the hash and the simulated time it belongs to. */
export async function computeHash(page: Page): Promise<{ hash: string; t: number }> {
  await page.getByTestId('compute-hash').click();
  const el = page.getByTestId('hash');
  await expect(el).toHaveText(/^[0-9a-f]{8,}$/);
  return { hash: (await el.textContent())!.trim(), t: Number(await el.getAttribute('data-t')) };
}

/** Share of canvas pixels that are the "up" green, and how many distinct colours there are. */
export async function canvasStats(page: Page): Promise<{ green: number; colours: number }> {
  return page.getByTestId('rack-canvas').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let green = 0;
    const seen = new Set<number>();
    const step = 4 * 7; // sample every 7th pixel
    for (let i = 0; i < d.length; i += step) {
      const r = d[i],
        g = d[i + 1],
        b = d[i + 2];
      if (Math.abs(r - 0x00) < 12 && Math.abs(g - 0x9e) < 12 && Math.abs(b - 0x73) < 12) green++;
      if (seen.size < 64) seen.add((r << 16) | (g << 8) | b);
    }
    return { green: green / (d.length / step), colours: seen.size };
  });
}
