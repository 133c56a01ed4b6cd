/**
 * Time-travel benchmark (issue 15), `npx tsx --expose-gc bench/timetravel.ts`: the
 * default scenario at default scale (5,000 servers, 1,000,000 chunks, every mechanism
 * on) driven through SimApi as the page drives it (frames of 60 simulated seconds):
 *   - checkpointing's cost to engine speed (the same hour with and without the
 *     checkpoint store; target ≥ 90 %);
 *   - what a checkpoint costs: the first (a full copy) and the later ones (changed
 *     64 KB blocks only), in ms and bytes; memory held against the budget;
 *   - rewinds and seeks to random moments of a 1-hour and a 1-day run (7 days with
 *     TIMETRAVEL_DAYS=7): wall ms per move in the Node API (target ≤ 300 ms), and one
 *     landing hash checked against a straight replay.
 * `TIMETRAVEL_RESULTS=1` also writes bench/results.json's `timetravel` key. Prints
 * human lines, then one JSON object last (bench/run.ts reads it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SimApi, type Clock } from '../worker/api';
import { Engine } from '../worker/engine/engine';
import { defaultScenario } from '../worker/scenario/schema';

const now = () => performance.now(); // allow-wallclock
const clock: Clock = { now, later: (fn, ms) => void setTimeout(fn, ms) };
const MIN = 60_000,
  HOUR = 60 * MIN,
  DAY = 24 * HOUR;
const FRAME = MIN;
export const TIMETRAVEL_TARGETS = { moveMs: 300, speedShare: 0.9 };
const DAYS = Number(process.env.TIMETRAVEL_DAYS ?? 1);
const MOVES = Number(process.env.TIMETRAVEL_MOVES ?? 8);

/** sfc-free deterministic moments: a fixed LCG, so every run measures the same targets */
function moments(n: number, end: number, seed: number): number[] {
  let x = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(Math.floor(((x / 2 ** 32) * end) / 1000) * 1000);
  }
  return out;
}
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const r1 = (x: number) => Math.round(x * 10) / 10;

// 1. speed with and without checkpoints, the same simulated hour in 60 s frames
function plainHour(): number {
  const e = new Engine(defaultScenario());
  const w0 = now();
  for (let t = FRAME; t <= HOUR; t += FRAME) e.runUntil(t);
  return now() - w0;
}
async function apiRun(api: SimApi, to: number): Promise<number> {
  const w0 = now();
  for (let t = api.status().t + FRAME; t <= to; t += FRAME) api.step(FRAME);
  return now() - w0;
}

const plainMs = plainHour();
const api = new SimApi(clock);
const loadW0 = now();
api.load({ scenario: defaultScenario() });
const loadMs = now() - loadW0;
const first = api.checkpoints();
const withMs = await apiRun(api, HOUR);
const speedShare = plainMs / withMs;
const hourCps = api.checkpoints();
console.log(
  `speed: ${r1(plainMs)} ms per simulated hour without checkpoints, ${r1(withMs)} with (${r1(speedShare * 100)} %, target ≥ ${TIMETRAVEL_TARGETS.speedShare * 100} %); ${hourCps.times.length} checkpoints`,
);
console.log(
  `first checkpoint (t = 0, a full copy): ${r1(first.firstCaptureMs)} ms, ${r1(first.bytes / 2 ** 20)} MB; load incl. it ${r1(loadMs)} ms; later ones: last ${r1(hourCps.lastCaptureMs)} ms, ${r1(hourCps.bytes / 2 ** 20)} MB held after 1 h`,
);

async function moves(label: string, end: number, seed: number) {
  const ms: number[] = [];
  for (const t of moments(MOVES, end, seed)) {
    const w0 = now();
    await api.goTo(t);
    ms.push(now() - w0);
  }
  // back to the end (through the recorded future, from its checkpoints)
  const w0 = now();
  await api.goTo(end);
  ms.push(now() - w0);
  const cps = api.checkpoints();
  const r = {
    runHours: end / HOUR,
    moves: ms.length,
    medianMs: r1(q(ms, 0.5)),
    p90Ms: r1(q(ms, 0.9)),
    maxMs: r1(Math.max(...ms)),
    checkpoints: cps.times.length,
    heldMB: r1(cps.bytes / 2 ** 20),
    lastCaptureMs: r1(cps.lastCaptureMs),
  };
  console.log(
    `${r.maxMs <= TIMETRAVEL_TARGETS.moveMs ? 'ok  ' : 'MISS'} ${label}: rewind/seek to ${MOVES} random moments and back: median ${r.medianMs} ms, p90 ${r.p90Ms}, max ${r.maxMs} (target ≤ ${TIMETRAVEL_TARGETS.moveMs}); ${r.checkpoints} checkpoints, ${r.heldMB} MB held`,
  );
  return r;
}

const hour = await moves('1-hour run', HOUR, 1);
// one landing checked against a straight replay
const check = 37 * MIN + 13_000;
await api.goTo(check);
const landed = api.hash();
const straight = new Engine(api.scenario());
straight.runUntil(check, false);
const hashOk = landed === straight.hash();
console.log(`${hashOk ? 'ok  ' : 'MISS'} the landing at ${check} ms has the straight replay's hash`);
await api.goTo(HOUR);

const runs: Record<string, unknown> = { hour };
for (let d = 1; d <= DAYS; d++) {
  const w = await apiRun(api, d * DAY);
  console.log(`     ran to day ${d} (${r1(w / 1000)} s wall)`);
  if (d === 1 || d === DAYS) runs[`day${d}`] = await moves(`${d}-day run`, d * DAY, 100 + d);
  await api.goTo(d * DAY);
}
if (typeof globalThis.gc === 'function') globalThis.gc();
const mem = process.memoryUsage();
const result = {
  scenario: 'default (5,000 servers, 1,000,000 chunks)',
  plainMsPerSimHour: r1(plainMs),
  checkpointedMsPerSimHour: r1(withMs),
  speedShare: Math.round(speedShare * 1000) / 1000,
  firstCheckpoint: { ms: r1(first.firstCaptureMs), MB: r1(first.bytes / 2 ** 20) },
  laterCheckpointMs: r1(hourCps.lastCaptureMs),
  loadMs: r1(loadMs),
  budgetMB: 512,
  ...runs,
  hashEqualsReplay: hashOk,
  rssMB: Math.round(mem.rss / 2 ** 20),
  heapMB: Math.round(mem.heapUsed / 2 ** 20),
  arrayBuffersMB: Math.round(mem.arrayBuffers / 2 ** 20),
  targets: TIMETRAVEL_TARGETS,
};
console.log(`     memory: rss ${result.rssMB} MB, heap ${result.heapMB} MB, array buffers ${result.arrayBuffersMB} MB (engine + checkpoints)`);
if (process.env.TIMETRAVEL_RESULTS) {
  const path = new URL('./results.json', import.meta.url);
  const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  all.timetravel = result;
  writeFileSync(path, JSON.stringify(all, null, 2) + '\n');
}
console.log(JSON.stringify(result));
