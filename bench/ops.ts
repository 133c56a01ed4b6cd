/**
 * Operations benchmark (issue 7), `npx tsx bench/ops.ts`: a day of the default
 * 5,000-server scenario with a file flood and a deployment in it, then log queries
 * over the whole day (counts and QPS per type; one type over an hour; by server; by
 * file id), the memory the audit log holds, the engine's speed with and without the
 * operations mechanisms, and the deployment presets' figures.
 * Targets (ours): a whole-day query ≤ 50 ms; log memory ≤ 32 MB; ≥ 3,600× real time.
 * Prints human lines, then one JSON object.
 */
import { Engine } from '../worker/engine/engine';
import { EV } from '../worker/engine/events';
import { defaultScenario } from '../worker/scenario/schema';
import { presetByName } from '../worker/scenario/presets';
import type { LogQuery } from '../worker/engine/ops/auditLog';
import type { Scenario } from '../worker/scenario/schema';

const now = () => performance.now(); // allow-wallclock
const MIN = 60_000,
  HOUR = 60 * MIN,
  DAY = 24 * HOUR;
const round = (x: number) => Math.round(x * 100) / 100;
export const OPS_TARGETS = { dayQueryMs: 50, logMB: 32, realTimeFactor: 3600 };

function timeQuery(e: Engine, q: LogQuery, reps = 20) {
  e.ops.audit.query(q); // warm
  const t0 = now();
  let r = e.ops.audit.query(q);
  for (let i = 1; i < reps; i++) r = e.ops.audit.query(q);
  return { ms: round((now() - t0) / reps), total: r.total, matched: r.matched };
}

/** Default engine speed over `hours` after a 10-minute warm-up; `stub` disables the operations mechanisms. */
function speed(stub: boolean, hours = 1) {
  const e = new Engine(defaultScenario());
  if (stub) {
    const ops = e.ops as unknown as { tick: () => void; tickNetwork: () => void };
    ops.tick = () => {};
    ops.tickNetwork = () => {};
    (e.ops.monitoring as unknown as { pass: () => void }).pass = () => e.sim.after(e.sim.params['ops.alertEvalMs'], EV.OPS_EVAL);
  }
  e.runUntil(10 * MIN);
  const t0 = now();
  e.runUntil(e.now + hours * HOUR);
  return Math.round((hours * HOUR) / (now() - t0));
}

function deployPreset(name: string, until: number) {
  const s = presetByName(name)!.scenario;
  const t0 = now();
  const e = new Engine(s);
  e.runUntil(until);
  const d = e.ops.deploy.status();
  return {
    serviceDowntimeMin: round(d.serviceDowntimeMs / MIN),
    distributionMin: round(d.distributionMs / MIN),
    totalMin: round(d.totalMs / MIN),
    wallMs: Math.round(now() - t0),
  };
}

// 1. a day of the default scenario, with a flood at 6 h and a rolling deployment at 12 h
const scenario: Scenario = {
  ...defaultScenario(),
  name: 'ops-bench-day',
  timeline: [
    { t: 6 * HOUR, action: 'file-flood', args: { files: 30_000_000 } },
    { t: 12 * HOUR, action: 'deploy-start', args: { method: 'p2p', mode: 'rolling' } },
  ],
};
const t0 = now();
const e = new Engine(scenario);
e.runUntil(DAY);
const dayWallMs = now() - t0;
const a = e.ops.audit;
const types = a.types.length;
const q = {
  wholeDay: timeQuery(e, { from: 0, to: DAY }),
  oneTypeOneHour: timeQuery(e, { type: 'master.open', from: 6 * HOUR, to: 7 * HOUR }),
  errorsWholeDay: timeQuery(e, { result: 'throttled', from: 0, to: DAY }),
  byServerWholeDay: timeQuery(e, { node: 1234, from: 0, to: DAY }),
  byFileWholeDay: timeQuery(e, { file: 12_345_678, from: 0, to: DAY }),
};
const logBytes = a.bytes();
const heap = process.memoryUsage();
const totalOps = ['master.create', 'master.open', 'master.delete', 'master.lookup'].reduce((s, t) => s + a.total(t), 0);
const engineEvents = [...e.sim.log.counts.values()].reduce((s, n) => s + n, 0);

const withOps = speed(false),
  withoutOps = speed(true);
const before = deployPreset('deploy-cold-single', 6 * HOUR);
const after = deployPreset('deploy-p2p', HOUR);

const result = {
  day: {
    wallMs: Math.round(dayWallMs),
    realTimeFactor: Math.round(DAY / dayWallMs),
    masterOps: totalOps,
    engineEvents,
    logTypes: types,
    opsEntriesKept: Math.min(a.opsRing.seq, a.opsRing.capacity),
    eventEntriesKept: Math.min(a.eventRing.seq, a.eventRing.capacity),
    entriesNotKept: a.unlogged,
    alertsFired: e.ops.monitoring.fired,
  },
  query: q,
  logMB: round(logBytes / 1e6),
  heapMB: round(heap.heapUsed / 1e6),
  arrayBuffersMB: round(heap.arrayBuffers / 1e6),
  realTimeFactorWithOps: withOps,
  realTimeFactorWithoutOps: withoutOps,
  deployColdSingle: before,
  deployP2p: after,
};

function line(name: string, value: number, unit: string, target: number, higherIsBetter: boolean) {
  const ok = higherIsBetter ? value >= target : value <= target;
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${name.padEnd(42)} ${String(value).padStart(12)} ${unit.padEnd(8)} target ${higherIsBetter ? '≥' : '≤'} ${target}`,
  );
}
console.log(
  `     a day at default scale: ${totalOps.toLocaleString('en')} master operations, ${engineEvents.toLocaleString('en')} engine events, ${result.day.alertsFired} alerts; ${Math.round(dayWallMs)} ms wall (${result.day.realTimeFactor}×)`,
);
line('log query: whole day, counts + QPS by type', q.wholeDay.ms, 'ms', OPS_TARGETS.dayQueryMs, false);
line('log query: one type over one hour', q.oneTypeOneHour.ms, 'ms', OPS_TARGETS.dayQueryMs, false);
line('log query: one result over the day', q.errorsWholeDay.ms, 'ms', OPS_TARGETS.dayQueryMs, false);
line('log query: one server over the day', q.byServerWholeDay.ms, 'ms', OPS_TARGETS.dayQueryMs, false);
line('log query: one file id over the day', q.byFileWholeDay.ms, 'ms', OPS_TARGETS.dayQueryMs, false);
line('audit log memory (a day, bounded)', result.logMB, 'MB', OPS_TARGETS.logMB, false);
line('speed with operations', withOps, '× real', OPS_TARGETS.realTimeFactor, true);
console.log(`     speed without operations (stubbed) ${withoutOps}× real`);
console.log(
  `     deploy-cold-single: service stop ${before.serviceDowntimeMin} min, copy ${before.distributionMin} min; deploy-p2p: service stop ${after.serviceDowntimeMin} min, copy ${after.distributionMin} min`,
);
console.log(JSON.stringify(result));
