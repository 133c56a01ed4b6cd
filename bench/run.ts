/**
 * `npm run bench`: every benchmark, with its targets. Speed is checked here, never in
 * tests. Prints a human table and writes bench/results.json; docs/performance.md
 * records the numbers with the machine they came from.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { benchEngine, ENGINE_TARGETS } from './engine';
import { benchFont, FONT_TARGETS } from './font';

const results: Record<string, unknown> = {
  date: new Date().toISOString(), // allow-wallclock
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`,
};

function line(name: string, value: number, unit: string, target: number, higherIsBetter: boolean) {
  const ok = higherIsBetter ? value >= target : value <= target;
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${name.padEnd(42)} ${String(value).padStart(12)} ${unit.padEnd(8)} target ${higherIsBetter ? '≥' : '≤'} ${target}`,
  );
  return ok;
}

console.log('== engine (default scenario: 5,000 servers, 60,000 disks)');
const eng = benchEngine();
results.engine = eng;
line('engine build', eng.buildMs, 'ms', ENGINE_TARGETS.buildMs, false);
line('speed with the default workload', eng.realTimeFactor, '× real', ENGINE_TARGETS.realTimeFactor, true);
line('frame build (mean)', eng.frameMs, 'ms', ENGINE_TARGETS.frameMs, false);
line('frame size', eng.frameBytes, 'bytes', ENGINE_TARGETS.frameBytes, false);
console.log(`     state hash ${eng.hashMs} ms; ${eng.eventsPerSimHour} events per simulated hour; heap ${eng.heapMB} MB`);

console.log('\n== font (public/fonts/, npm run font)');
const font = benchFont();
results.font = font;
line('Chinese subset font (lang=zh only)', font.subsetKB, 'KB', FONT_TARGETS.subsetKB, false);
line('中文 label font (every page)', font.labelKB, 'KB', FONT_TARGETS.labelKB, false);

// The page's benchmarks measure the built site: build it from this checkout first (a dist/
// left by an earlier build measured old code: the 2026-12-07 session-10 run did, once).
const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) console.log(`\n== the site's build failed (exit ${built.status}): the page's benchmarks are skipped`);

// The other benchmarks run as their own processes (clean heaps, honest memory figures).
for (const name of ['pangu', 'fuxi', 'ops', 'storm', 'writes', 'timetravel', 'browser', 'browserTimetravel']) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) continue;
  if ((name === 'browser' || name === 'browserTimetravel') && (built.status !== 0 || !existsSync('dist/index.html'))) {
    console.log(`\n== ${name}: skipped (the site did not build)`);
    continue;
  }
  // the page: the rack view, and the two busiest other views on their own scenarios
  const runs: [string, string[]][] =
    name === 'browser'
      ? [
          ['browser', []],
          ['browserWrites', ['--speed', '60', '--hash', 'preset=pipeline-vs-redo&view=writes&t=540000']],
          ['browserStorm', ['--speed', '600', '--hash', 'preset=mirror-storm-night&view=storm&t=720000']],
          ['browser1080', ['--viewport', '1920x1080']],
        ]
      : name === 'browserTimetravel'
        ? [[name, ['--dist', 'dist', '--days', '1h,1']]] // the 7-day run (minutes more): npx tsx bench/browserTimetravel.ts --days 7
        : [[name, []]];
  for (const [key, extra] of runs) {
    console.log(`\n== ${key}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(r.stdout);
    const last = r.stdout
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('{'));
    results[key] = last ? JSON.parse(last) : { error: `exit ${r.status}` };
  }
}

writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/results.json');
