/**
 * Time travel in Chromium (issue 15): "rewind or seek to any moment of a 1-hour, 1-day and
 * 7-day run at default scale with all mechanisms on: ≤ 300 ms from click to the new frame
 * on screen". bench/timetravel.ts measures the same moves in the Node API; this measures
 * them as a user makes them, in the built page in Debian's Chromium:
 *   - the default scenario (5,000 servers, 1,000,000 chunks, every mechanism on) opened
 *     from a link at the run's end (`t=`): the worker replays to it (the page shows its
 *     progress overlay); the wall time until the clock shows the end is the load's replay;
 *     the load takes no checkpoints, so the bench then waits (on the worker's state) until
 *     the history filled in behind it (worker/history.ts) is the run, and reports how long;
 *   - then ~10 moves on the run timeline: hover the bar at seeded moments (a fixed LCG,
 *     as bench/timetravel.ts), both ends of the run (2 % and 98 %) and back to the end;
 *     read the hover label's moment, click, and time, inside the page with
 *     performance.now(), from the pointerdown to the first animation frame after the
 *     clock shows the landing (and to the frame after it, when that one is on screen).
 *     The landing must be the hover label's moment and the engine's own time (checked:
 *     a mismatch is a bug, reported and counted in `mismatches`);
 *   - between moves a pause as a user's: until the worker holds a checkpoint of the
 *     landing or has sent two more frames (it takes the landing's checkpoint once its
 *     frame is out), never a fixed sleep;
 *   - per run: checkpoints kept, bytes in memory and in the origin-private file system
 *     (the disk tier), the widest gap between two kept checkpoints, the origin's storage
 *     estimate, and Chromium's CPU time (all its processes, /proc) for the load and each move.
 * The browser is a persistent context on a fresh profile directory (deleted at the end),
 * not an incognito one: an off-the-record profile keeps the origin-private file system in
 * memory with a small quota, which is not what a user's browser does.
 *
 *   npx tsx bench/browserTimetravel.ts [--days 1h,1,7] [--dist /tmp/dist-ttb] [--moves 8] [--strict]
 *
 * `--days`: run lengths, a number of days or of hours with `h` (default all three: 1h,1,7; the
 * 7-day run takes minutes). Without `--dist` it builds the site into /tmp/dist-ttb first.
 * `TIMETRAVEL_RESULTS=1` writes the JSON into bench/results.json under `browserTimetravel`.
 * Prints one human line per run, then one JSON object last. --strict exits 1 on a miss.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../tests/e2e/chromium';
import { serveDist } from './serveDist';
import { loadSplit, moveSplit, widestGaps, WorstMove } from './moves';
import type { LoadTiming, MoveTiming } from '../worker/api';
import { encodeHash } from '../worker/scenario/codec';
import { defaultScenario } from '../worker/scenario/schema';
import { PARAMS } from '../worker/scenario/params';

const ROOT = resolve(import.meta.dirname, '..');
const MIN = 60_000,
  HOUR = 60 * MIN,
  DAY = 24 * HOUR;
export const BROWSER_TIMETRAVEL_TARGETS = { moveMs: 300 };
/** bounds on waits for the engine (never a fixed sleep): a 7-day load replays for minutes on a loaded machine */
const LOAD_WAIT_MS = 60 * MIN;
const MOVE_WAIT_MS = 5 * MIN;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}
const strict = process.argv.includes('--strict');
const MOVES = Number(arg('--moves', '8'));

/** `--days 1h,1,7`: run lengths in simulated ms; a clear message on anything else. */
export function parseRuns(spec: string): number[] {
  return spec.split(',').map((s) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(h?)\s*$/.exec(s);
    const v = m ? Number(m[1]) * (m[2] ? HOUR : DAY) : NaN;
    if (!(v >= MIN && v <= 30 * DAY)) throw new Error(`--days: "${s}" is not a run length (days, or hours with h: 1h,1,7; 1 minute to 30 days)`);
    return Math.round(v);
  });
}
const RUNS = parseRuns(arg('--days', '1h,1,7'));

/** a fixed LCG (as bench/timetravel.ts `moments`): fractions in [0, 1), the same every run */
function fractions(n: number, seed: number): number[] {
  let x = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(x / 2 ** 32);
  }
  return out;
}
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const MB = (b: number) => r1(b / 2 ** 20);
const label = (end: number) => (end % DAY === 0 ? `${end / DAY}-day` : `${r1(end / HOUR)}-hour`);

// ---- the site, served from a sub-path as on a static host (as bench/browser.ts) ----

// ---- Chromium's CPU time: every process descended from this one (browser, renderer with the worker, GPU, utility) ----
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
function chromiumCpuMs(): number {
  const stat = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
      stat.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the process ended while we looked
    }
  }
  let ticks = 0;
  for (const [pid, s] of stat) {
    if (pid === process.pid) continue;
    for (let p = s.ppid, hops = 0; p > 1 && hops < 32; p = stat.get(p)?.ppid ?? 0, hops++) {
      if (p === process.pid) {
        ticks += s.ticks;
        break;
      }
    }
  }
  return ticks * TICK_MS;
}

// ---- what the page is asked through its debugging handle (globalThis.feitian, src/main.ts) ----
type Cps = {
  times: number[];
  bytes: number;
  diskBytes: number;
  disk?: string;
  lastCaptureMs: number;
  firstCaptureMs: number;
  ranMs: number;
  behind?: number | null;
  lastMove?: MoveTiming | null;
  lastLoad?: LoadTiming | null;
};
type Stamp = { hash: string; t: number; events: number };

function checkpoints(page: Page): Promise<Cps> {
  return page.evaluate(() =>
    (
      globalThis as unknown as { feitian: { client: { call(fn: (api: { checkpoints(): Promise<Cps> }) => Promise<Cps>): Promise<Cps | null> } } }
    ).feitian.client.call((api) => api.checkpoints()),
  ) as Promise<Cps>;
}
async function engineStamp(page: Page): Promise<Stamp> {
  const s = await page.evaluate(() => (globalThis as unknown as { feitian: { client: { hash(): Promise<Stamp | null> } } }).feitian.client.hash());
  if (!s) throw new Error('the worker gave no hash (the run has stopped)');
  return s;
}
const framesReceived = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { feitian: { client: { framesReceived: number } } }).feitian.client.framesReceived);
const clockT = async (page: Page) => Number(await page.getByTestId('clock').getAttribute('data-t'));

/**
 * The in-page watch, a string (tsx's name-keeping helper does not exist in the page): on a
 * pointerdown on the scrubber's bar it notes the time and the hover label's moment, then a
 * MutationObserver waits for the clock (data-testid="clock", data-t) to show that moment;
 * the first animation frame after that is the landing's frame, the one after it is on screen.
 */
const WATCH = `
  window.__ttb = { moves: [] };
  window.addEventListener('pointerdown', (e) => {
    const bar = e.target instanceof Element ? e.target.closest('[data-testid="scrubber"] [role="slider"]') : null;
    if (!bar) return;
    const now = performance.now();
    const hover = document.querySelector('[data-testid="scrub-hover"]');
    const m = { down: now, eventStamp: e.timeStamp, target: hover ? Number(hover.getAttribute('data-t')) : null,
      shown: null, frame: null, painted: null, clock: null };
    window.__ttb.moves.push(m);
    const clock = document.querySelector('[data-testid="clock"]');
    const check = () => {
      const c = document.querySelector('[data-testid="clock"]');
      if (m.shown !== null || !c || c.getAttribute('data-t') !== String(m.target)) return;
      m.shown = performance.now();
      m.clock = Number(c.getAttribute('data-t'));
      obs.disconnect();
      requestAnimationFrame(() => {
        m.frame = performance.now();
        requestAnimationFrame(() => { m.painted = performance.now(); });
      });
    };
    const obs = new MutationObserver(check);
    obs.observe(clock ? clock.parentElement : document.body, { subtree: true, attributes: true, attributeFilter: ['data-t'] });
  }, { capture: true });
`;

interface Move {
  target: number;
  from: number;
  kind: 'rewind' | 'seek';
  /** pointerdown → first animation frame after the clock shows the landing */
  ms: number;
  /** pointerdown → the clock shows it (the DOM change) */
  shownMs: number;
  /** pointerdown → the frame after (the landing's frame is on screen) */
  paintedMs: number;
  /** Chromium's CPU time over the move (all its processes) */
  cpuMs: number;
  /** the worker's part (SimApi's lastMove): wall ms of the restore and of the replay, and simulated minutes replayed */
  restoreMs: number;
  replayMs: number;
  replayMin: number;
  ok: boolean;
}

/** Hovers the bar at simulated time t (of a bar showing 0…barEnd), returns the hover label's moment. */
async function hoverAt(page: Page, t: number): Promise<number> {
  const bar = page.getByTestId('scrubber').getByRole('slider');
  const box = (await bar.boundingBox())!;
  const barEnd = Number(await bar.getAttribute('aria-valuemax'));
  // a quarter pixel inside, so the label's whole second (rounded down) is not past t
  const x = Math.max(box.x + 0.5, Math.min(box.x + box.width - 0.5, box.x + (t / barEnd) * box.width - 0.25));
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y - 3);
  await page.mouse.move(x, y);
  const hover = page.getByTestId('scrub-hover');
  await hover.waitFor({ state: 'attached', timeout: MOVE_WAIT_MS }); // an SVG line: never 'visible' to Playwright
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r))); // the label has taken this position
  return Number(await hover.getAttribute('data-t'));
}

async function move(page: Page, want: number, problems: string[]): Promise<Move | null> {
  const from = await clockT(page);
  let target = await hoverAt(page, want);
  if (target === from) target = await hoverAt(page, want + 2 * MIN); // a click on the present does nothing
  if (target === from) return null;
  const n = await page.evaluate(() => (window as unknown as { __ttb: { moves: unknown[] } }).__ttb.moves.length);
  const c0 = chromiumCpuMs();
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForFunction((i) => (window as unknown as { __ttb: { moves: { painted: number | null }[] } }).__ttb.moves[i]?.painted != null, n, {
    timeout: MOVE_WAIT_MS,
    polling: 50,
  });
  const cpuMs = chromiumCpuMs() - c0;
  const m = await page.evaluate(
    (i) =>
      (
        window as unknown as {
          __ttb: { moves: { down: number; target: number | null; shown: number; frame: number; painted: number; clock: number }[] };
        }
      ).__ttb.moves[i],
    n,
  );
  // the landing is the hover label's moment, on screen and in the engine
  const stamp = await engineStamp(page);
  const ok = m.target === target && m.clock === target && stamp.t === target;
  if (!ok)
    problems.push(
      `move from ${from} ms: hover label ${target} ms, the page saw ${m.target} at pointerdown, the clock showed ${m.clock}, the engine is at ${stamp.t}`,
    );
  const worker = (await checkpoints(page)).lastMove;
  // the pause before the next click: until the worker holds the landing's checkpoint or has sent two more frames
  const f0 = await framesReceived(page);
  for (let i = 0; i < 200; i++) {
    if ((await checkpoints(page)).times.includes(target) || (await framesReceived(page)) >= f0 + 2) break;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  }
  return {
    target,
    from,
    kind: target < from ? 'rewind' : 'seek',
    ms: r1(m.frame - m.down),
    shownMs: r1(m.shown - m.down),
    paintedMs: r1(m.painted - m.down),
    cpuMs: Math.round(cpuMs),
    ...moveSplit(worker),
    ok,
  };
}

async function oneRun(context: BrowserContext, url: string, end: number, seed: number) {
  const page = await context.newPage();
  const problems: string[] = [];
  let doing = 'the load';
  page.on('pageerror', (e) => problems.push(`page error during ${doing}: ${e.message}`));
  await page.addInitScript(WATCH);
  const link = url + '#' + encodeHash(defaultScenario(), { t: String(end) });
  const c0 = chromiumCpuMs();
  const w0 = performance.now(); // allow-wallclock
  await page.goto(link);
  // the load: the app ready at the run's end (the engine's time on the clock), timed in the page from its navigation
  const loadPageMs = (await (
    await page.waitForFunction(
      (t) => {
        const app = document.querySelector('.app');
        const c = document.querySelector('[data-testid="clock"]');
        return app?.getAttribute('data-phase') === 'ready' && c?.getAttribute('data-t') === String(t) ? performance.now() : false;
      },
      end,
      { timeout: LOAD_WAIT_MS, polling: 100 },
    )
  ).jsonValue()) as number;
  const loadWallMs = performance.now() - w0; // allow-wallclock
  const loadCpuMs = chromiumCpuMs() - c0;
  await page.locator('canvas[data-drawn-servers="5000"]').waitFor({ timeout: MOVE_WAIT_MS });
  const atLoad = await checkpoints(page);
  // the load took no checkpoints: wait (on the worker's state) until the history filled in behind it is the run
  const h0 = performance.now(); // allow-wallclock
  const hc0 = chromiumCpuMs();
  while ((await checkpoints(page)).behind != null) await page.waitForTimeout(100);
  const historyMs = performance.now() - h0; // allow-wallclock
  const historyCpuMs = chromiumCpuMs() - hc0;

  const wants = [...fractions(MOVES, seed).map((f) => f * end), 0.02 * end, 0.98 * end, end];
  const moves: Move[] = [];
  for (const [i, want] of wants.entries()) {
    doing = `move ${i + 1} (to ~${Math.round(want / 1000)} s)`;
    const m = await move(page, Math.round(want), problems);
    if (m) moves.push(m);
  }
  // the worst moments: a second before the end of each of the three widest gaps (a replay of the gap whole). The bar's
  // pixel is ~10 simulated minutes of a week, too coarse to aim there: the page's own client moves (as a click does)
  // and the time runs from the call to the frame after the clock shows the landing
  const worst = new WorstMove();
  for (const [a, b] of widestGaps((await checkpoints(page)).times, 3)) {
    doing = `the move to the far end of the gap ${a}–${b} ms`;
    const target = b - 1000;
    const from = await clockT(page);
    const ms = (await page.evaluate(
      async ([t, back]) => {
        const c = (globalThis as unknown as { feitian: { client: { rewind(t: number): Promise<void>; seek(t: number): Promise<void> } } }).feitian
          .client;
        const t0 = performance.now();
        await (back ? c.rewind(t) : c.seek(t));
        for (;;) {
          const shown = document.querySelector('[data-testid="clock"]')?.getAttribute('data-t') === String(t);
          await new Promise((r) => requestAnimationFrame(r));
          if (shown) return performance.now() - t0;
        }
      },
      [target, target < from] as const,
    )) as number;
    if ((await engineStamp(page)).t !== target) problems.push(`the move to ${target} ms landed elsewhere`);
    worst.add(ms, [a, b], (await checkpoints(page)).lastMove);
  }
  const cps = await checkpoints(page);
  const estimate = await page.evaluate(async () => {
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
  });
  await page.close();
  const ms = moves.map((m) => m.ms);
  const gaps = cps.times.slice(1).map((t, i) => t - cps.times[i]);
  const r = {
    runHours: r1(end / HOUR),
    load: {
      /** navigation to the clock showing the run's end, in the page (engine build, first checkpoint, replay) */
      pageMs: Math.round(loadPageMs),
      wallMs: Math.round(loadWallMs),
      chromiumCpuMs: Math.round(loadCpuMs),
      checkpoints: atLoad.times.length,
      firstCaptureMs: r1(atLoad.firstCaptureMs),
      ranMin: r1(atLoad.ranMs / MIN),
      /** in the worker: the build, the replay (yields included) and the engine's own work in it (what the engine alone spends), wall ms */
      ...loadSplit(atLoad.lastLoad),
      /** then the history, filled in behind the load with the page idle (worker/history.ts), until it was the run: wall (±100 ms polling) and Chromium CPU */
      historyMs: Math.round(historyMs),
      historyCpuMs: Math.round(historyCpuMs),
    },
    moves: moves.length,
    medianMs: r1(q(ms, 0.5)),
    p90Ms: r1(q(ms, 0.9)),
    maxMs: r1(Math.max(...ms)),
    medianCpuMs: Math.round(
      q(
        moves.map((m) => m.cpuMs),
        0.5,
      ),
    ),
    maxCpuMs: Math.round(Math.max(...moves.map((m) => m.cpuMs))),
    checkpoints: cps.times.length,
    memoryMB: MB(cps.bytes),
    diskMB: MB(cps.diskBytes),
    /** the worker's disk tier: on, full (a write refused), none, or its file still opening */
    diskState: cps.disk ?? 'unknown',
    /** the widest gap between two kept checkpoints, simulated minutes */
    maxGapMin: r1(Math.max(0, ...gaps) / MIN),
    storageUsageMB: MB(estimate.usage),
    storageQuotaMB: MB(estimate.quota),
    mismatches: moves.filter((m) => !m.ok).length,
    problems,
    list: moves,
    /** the slowest of the moves to the far end of the three widest gaps (the worst moments; the client's call to the frame) */
    worst: { ...worst },
  };
  const ok = Math.max(r.maxMs, worst.ms) <= BROWSER_TIMETRAVEL_TARGETS.moveMs && r.mismatches === 0 && problems.length === 0;
  const slowest = moves.reduce((a, b) => (b.ms > a.ms ? b : a), moves[0]);
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${label(end)} run in Chromium: ${r.moves} moves, click to frame median ${r.medianMs} ms, p90 ${r.p90Ms}, max ${r.maxMs} (target ≤ ${BROWSER_TIMETRAVEL_TARGETS.moveMs}); ` +
      `Chromium CPU median ${r.medianCpuMs} ms, max ${r.maxCpuMs}; ${r.checkpoints} checkpoints, ${r.memoryMB} MB memory + ${r.diskMB} MB disk (tier ${r.diskState}; origin storage ${r.storageUsageMB} of ${r.storageQuotaMB} MB), ` +
      `widest gap ${r.maxGapMin} simulated min; load ${r1(r.load.pageMs / 1000)} s (${r1(r.load.chromiumCpuMs / 1000)} s Chromium CPU; in the worker: build ${r.load.buildMs} ms, replay ${r.load.replayMs} ms, ${r1(r.load.engineShare * 100)} % of it the engine's own work), then its history ${r1(r.load.historyMs / 1000)} s; ` +
      `the worst moments (the far end of the three widest gaps): max ${worst.ms} ms across ${worst.gapMin} simulated min (restore ${worst.restoreMs} + replay ${worst.replayMs} ms); ` +
      `the slowest: a ${slowest.kind} of ${r1(Math.abs(slowest.target - slowest.from) / HOUR)} h, restore ${slowest.restoreMs} ms + replay ${slowest.replayMs} ms (${slowest.replayMin} simulated min) in the worker; ` +
      `${r.mismatches} landings off the hover label; load average ${loadavg()[0].toFixed(2)}` +
      (problems.length ? `; ${problems.join(' | ')}` : ''),
  );
  return { r, ok };
}

async function main() {
  let dist = arg('--dist', '');
  if (!dist) {
    dist = '/tmp/dist-ttb';
    console.log(`building the site into ${dist} …`);
    execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  dist = resolve(dist);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`--dist: ${dist} has no index.html (build the site there first)`);
  const { server, url } = await serveDist(dist);
  const profile = mkdtempSync(join(tmpdir(), 'ttb-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
    locale: 'en-US',
  });
  const runs: Record<string, unknown> = {};
  const load: number[] = [loadavg()[0]];
  let allOk = true;
  try {
    for (const p of context.pages()) await p.close(); // the persistent context's first tab: each run opens its own
    for (const end of RUNS) {
      // the seed follows the run's length, so `--days 1` alone makes the same moves as in the full set
      const { r, ok } = await oneRun(context, url, end, 15 + Math.round(end / HOUR));
      runs[label(end)] = r;
      allOk &&= ok;
      load.push(loadavg()[0]);
    }
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const result = {
    bench: 'browserTimetravel',
    scenario: 'default (5,000 servers, 1,000,000 chunks), every mechanism on',
    browser: '/usr/bin/chromium, persistent profile (fresh), 1280x720',
    movesPerRun: MOVES + 3,
    budgetMB: PARAMS['timeTravel.budgetMB'].default,
    diskBudgetMB: PARAMS['timeTravel.diskMB'].default,
    ...runs,
    /** the 1-minute load average at the start and after each run */
    loadAvg: load.map((x) => Number(x.toFixed(2))),
    targets: BROWSER_TIMETRAVEL_TARGETS,
    ok: allOk,
  };
  if (process.env.TIMETRAVEL_RESULTS) {
    const path = join(ROOT, 'bench/results.json');
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    all.browserTimetravel = result;
    writeFileSync(path, JSON.stringify(all, null, 2) + '\n');
  }
  console.log(JSON.stringify(result));
  if (strict && !allOk) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
