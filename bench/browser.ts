/**
 * Browser benchmark: the built page (dist/) in headless Chromium at 3,600× for ~10 s.
 * Measures display frames per second (requestAnimationFrame), the longest main-thread
 * task (PerformanceObserver 'longtask'), frames received from the worker per second,
 * and the initial JavaScript size gzipped. Serves dist/ from a sub-path with a tiny
 * static server, so it also checks that the site works away from the root.
 *
 *   npm run build && npx tsx bench/browser.ts [--seconds 10] [--viewport 1920x1080] [--speed 3600]
 *     [--hash 'preset=pipeline-vs-redo&view=writes&t=540000'] [--strict]
 *
 * `--hash` opens a link (a preset, a view, a moment) instead of the default rack view.
 *
 * Targets: ≥ 55 fps, no task > 50 ms, initial JS ≤ 250 KB gzipped. --strict exits 1 on a miss.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../tests/e2e/chromium';
import { serveDist, SUBPATH } from './serveDist';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const TARGET = { fps: 55, longestTaskMs: 50, initialJsKbGz: 250 };

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}
const seconds = Number(arg('--seconds', '10'));
const [vw, vh] = arg('--viewport', '1280x720').split('x').map(Number);
const strict = process.argv.includes('--strict');
const speed = Number(arg('--speed', '3600'));
const hash = arg('--hash', '');
const view = new URLSearchParams(hash).get('view') ?? 'racks';

/** JS the page loads before anything else: index.html's module scripts and preloads. */
function initialJs(): { files: string[]; gzBytes: number; rawBytes: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]);
  let gz = 0,
    raw = 0;
  for (const r of refs) {
    const buf = readFileSync(join(DIST, r.replace(/^\.?\//, '')));
    raw += buf.length;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  return { files: refs, gzBytes: gz, rawBytes: raw };
}

/** Main-thread tasks of the page's renderer from a Chrome trace: longest by wall and by CPU time. */
function mainThreadTasks(buf: Buffer) {
  type Ev = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } };
  const j = JSON.parse(buf.toString('utf8')) as { traceEvents?: Ev[] } | Ev[];
  const ev = Array.isArray(j) ? j : (j.traceEvents ?? []);
  const mains = new Set(ev.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = ev.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`));
  let longestWall = 0,
    longestCpu = 0,
    over50 = 0,
    cpuSum = 0,
    t0 = Infinity,
    t1 = 0;
  for (const t of tasks) {
    const wall = (t.dur ?? 0) / 1000,
      c = (t.tdur ?? t.dur ?? 0) / 1000;
    longestWall = Math.max(longestWall, wall);
    longestCpu = Math.max(longestCpu, c);
    if (c > 50) over50++;
    cpuSum += c;
    t0 = Math.min(t0, t.ts);
    t1 = Math.max(t1, t.ts + (t.dur ?? 0));
  }
  const span = (t1 - t0) / 1000;
  return {
    longestWallMs: Math.round(longestWall),
    longestCpuMs: Math.round(longestCpu),
    over50Cpu: over50,
    busyCpuPct: span > 0 ? Math.round((cpuSum / span) * 1000) / 10 : 0,
  };
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('bench/browser: dist/ is not built — run `npm run build` first');
    process.exit(2);
  }
  const js = initialJs();
  const { server, url } = await serveDist(DIST);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: vw, height: vh }, locale: 'en-US' });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
    await page.addInitScript(`
      window.__bench = { tasks: [], rafs: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__bench.tasks.push({ start: e.startTime, dur: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      const tick = (t) => { window.__bench.rafs.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    `);
    const t0 = Date.now();
    await page.goto(url + (hash ? '#' + hash : ''));
    await page.locator('.app[data-phase="ready"]').waitFor({ timeout: 60_000 });
    if (view === 'racks') await page.locator('canvas[data-drawn-servers="5000"]').waitFor({ timeout: 30_000 });
    else await page.locator(`section.view[data-view="${view}"] > :not(p.loading)`).first().waitFor({ timeout: 30_000 });
    const loadMs = Date.now() - t0;
    await page.getByTestId(`speed-${speed}`).click();
    await page.getByTestId('play').click();
    await page.waitForTimeout(1000); // warm-up

    const start = await page.evaluate(() => ({
      now: performance.now(),
      frames: (window as unknown as { feitian: { client: { framesReceived: number } } }).feitian.client.framesReceived,
      simT: (window as unknown as { feitian: { client: { frame: { t: number } | null } } }).feitian.client.frame?.t ?? 0,
    }));
    // A trace of the same window gives each main-thread task's CPU time next to its wall
    // time: on a shared, busy machine a task can wait for a core longer than it runs.
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.waitForTimeout(seconds * 1000);
    const trace = await browser.stopTracing();
    const cpu = mainThreadTasks(trace);
    const r = await page.evaluate((s) => {
      const w = window as unknown as {
        __bench: { tasks: { start: number; dur: number }[]; rafs: number[] };
        feitian: { client: { framesReceived: number; frame: { t: number } | null; status: { achievedSpeed: number; lagging: boolean } | null } };
      };
      const now = performance.now();
      const rafs = w.__bench.rafs.filter((t) => t >= s.now);
      let worstGap = 0;
      for (let i = 1; i < rafs.length; i++) worstGap = Math.max(worstGap, rafs[i] - rafs[i - 1]);
      const tasks = w.__bench.tasks.filter((t) => t.start >= s.now);
      const loadTasks = w.__bench.tasks.filter((t) => t.start < s.now);
      return {
        wallS: (now - s.now) / 1000,
        rafs: rafs.length,
        worstFrameGapMs: worstGap,
        longTasks: tasks.length,
        longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.dur), 0),
        longestLoadTaskMs: loadTasks.reduce((m, t) => Math.max(m, t.dur), 0),
        workerFrames: w.feitian.client.framesReceived - s.frames,
        simAdvancedMs: (w.feitian.client.frame?.t ?? 0) - s.simT,
        achievedSpeed: w.feitian.client.status?.achievedSpeed ?? 0,
        draw: (w.feitian as unknown as { drawStats?: { max: number; count: number; skipped: number } }).drawStats ?? null,
      };
    }, start);
    const fps = r.rafs / r.wallS;
    const result = {
      bench: 'browser',
      viewport: `${vw}x${vh}`,
      view,
      link: hash,
      speedAsked: speed,
      seconds: Math.round(r.wallS * 10) / 10,
      fps: Math.round(fps * 10) / 10,
      worstFrameGapMs: Math.round(r.worstFrameGapMs),
      longestTaskMs: Math.round(r.longestTaskMs),
      longTasks: r.longTasks,
      longestLoadTaskMs: Math.round(r.longestLoadTaskMs),
      /** from the trace: the longest main-thread task by wall time and by CPU time, and busy share */
      traceLongestTaskWallMs: cpu.longestWallMs,
      traceLongestTaskCpuMs: cpu.longestCpuMs,
      traceTasksOver50msCpu: cpu.over50Cpu,
      mainThreadCpuPct: cpu.busyCpuPct,
      workerFramesPerS: Math.round((r.workerFrames / r.wallS) * 10) / 10,
      /** canvas draws over the whole run: count, skipped (nothing visible changed), slowest */
      draws: r.draw ? { count: r.draw.count, skipped: r.draw.skipped, maxMs: Math.round(r.draw.max * 10) / 10 } : null,
      loadAvg: Number((await import('node:os')).loadavg()[0].toFixed(2)),
      achievedSpeed: Math.round(r.simAdvancedMs / 1000 / r.wallS),
      loadMs,
      initialJsGzKB: Math.round((js.gzBytes / 1024) * 10) / 10,
      initialJsRawKB: Math.round(js.rawBytes / 1024),
      initialJsFiles: js.files,
      servedFrom: SUBPATH,
      pageErrors,
    };
    const ok = {
      fps: result.fps >= TARGET.fps,
      longestTask: result.longestTaskMs <= TARGET.longestTaskMs,
      initialJs: result.initialJsGzKB <= TARGET.initialJsKbGz,
      noErrors: pageErrors.length === 0,
    };
    console.log(JSON.stringify({ ...result, targets: TARGET, ok }));
    const mark = (b: boolean) => (b ? 'ok' : 'MISS');
    console.log(
      `browser bench, ${view} view @${speed}× ${result.viewport}: ${result.fps} fps (${mark(ok.fps)} ≥${TARGET.fps}), ` +
        `longest task ${result.longestTaskMs} ms (${mark(ok.longestTask)} ≤${TARGET.longestTaskMs}; ${result.longTasks} long tasks), ` +
        `${result.workerFramesPerS} worker frames/s, sim ran at ${result.achievedSpeed}×, ` +
        `slowest canvas draw ${result.draws?.maxMs ?? '?'} ms, longest task by CPU time ${result.traceLongestTaskCpuMs} ms ` +
        `(main thread ${result.mainThreadCpuPct}% busy), machine load ${result.loadAvg}, ` +
        `initial JS ${result.initialJsGzKB} KB gz (${mark(ok.initialJs)} ≤${TARGET.initialJsKbGz}), served from ${SUBPATH}` +
        (pageErrors.length ? `, page errors: ${pageErrors.join(' | ')}` : ''),
    );
    if (strict && !Object.values(ok).every(Boolean)) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
