/**
 * Fuxi benchmark (issue 6), `npx tsx bench/fuxi.ts`, at the default 5,000 servers:
 * - the scheduler's own cost: wall time inside its event handlers per simulated
 *   hour with ~5,000 jobs running (target ≥ 1 simulated hour per wall second),
 *   and scheduling decisions (instance placements) per wall second;
 * - the whole default engine with and without job arrivals (target ≥ 3,600×);
 * - engine build time with the warm start (target ≤ 1 s);
 * - what slow servers cost whole jobs: job slowdown (actual ÷ ideal duration) of a
 *   cohort of jobs, with 1 % and 5 % of servers slowed 10×, handling on and off.
 * Each timing is the best of a few runs (the machine is shared). Prints human
 * lines, then one JSON object.
 */
import { Engine } from '../worker/engine/engine';
import { defaultScenario, type Scenario } from '../worker/scenario/schema';

const now = () => performance.now(); // allow-wallclock
const MIN = 60_000,
  HOUR = 60 * MIN;
const round = (x: number) => Math.round(x * 100) / 100;
export const FUXI_TARGETS = { simHoursPerWallSecond: 1, realTimeFactor: 3600, buildMs: 1000 };

const scenario = (params: Scenario['params'] = {}, timeline: Scenario['timeline'] = []): Scenario => ({ ...defaultScenario(), params, timeline });

/** Wraps the scheduler's event handlers (kinds 30–49) to time them. */
function instrument(e: Engine): { ms: number } {
  const acc = { ms: 0 };
  const h = (e.sim as unknown as { handlers: (((a: number, b: number) => void) | undefined)[] }).handlers;
  for (let k = 30; k < 50; k++) {
    const f = h[k];
    if (!f) continue;
    h[k] = (a, b) => {
      const t = now();
      f(a, b);
      acc.ms += now() - t;
    };
  }
  return acc;
}

interface SpeedRun {
  frameMs: number;
  buildMs: number;
  wallMsPerSimHour: number;
  fuxiMsPerSimHour: number;
  decisionsPerSimHour: number;
  meanActiveJobs: number;
  meanRunningInstances: number;
  utilization: number;
  eventsPerSimHour: number;
}

/** One run: build, 10 simulated minutes of warm-up, then `hours` timed. */
function speedRun(params: Scenario['params'], hours: number): SpeedRun {
  const t0 = now();
  const e = new Engine(scenario(params));
  const buildMs = now() - t0;
  e.runUntil(10 * MIN);
  const fx = instrument(e);
  const d0 = e.fuxi.sched.decisions,
    ev0 = e.sim.events;
  let jobs = 0,
    inst = 0,
    util = 0,
    k = 0;
  const t1 = now();
  let wall = 0;
  for (let t = 10 * MIN + 10 * MIN; t <= 10 * MIN + hours * HOUR; t += 10 * MIN) {
    const a = now();
    e.runUntil(t);
    wall += now() - a;
    const c = e.fuxi.counts();
    jobs += c.activeJobs;
    inst += c.runningInstances;
    util += c.utilization;
    k++;
  }
  void t1;
  const tf = now();
  for (let i = 0; i < 100; i++) e.fuxi.frame();
  const frameMs = (now() - tf) / 100;
  return {
    frameMs,
    buildMs,
    wallMsPerSimHour: wall / hours,
    fuxiMsPerSimHour: fx.ms / hours,
    decisionsPerSimHour: (e.fuxi.sched.decisions - d0) / hours,
    meanActiveJobs: jobs / k,
    meanRunningInstances: inst / k,
    utilization: util / k,
    eventsPerSimHour: (e.sim.events - ev0) / hours,
  };
}

function best(params: Scenario['params'], hours: number, reps: number): SpeedRun {
  const runs = Array.from({ length: reps }, () => speedRun(params, hours));
  const min = (f: (r: SpeedRun) => number) => Math.min(...runs.map(f));
  return {
    ...runs[0],
    buildMs: min((r) => r.buildMs),
    wallMsPerSimHour: min((r) => r.wallMsPerSimHour),
    fuxiMsPerSimHour: min((r) => r.fuxiMsPerSimHour),
  };
}

/**
 * Mean job slowdown of a cohort: the jobs arriving between 1 h and 1.5 h, followed
 * until every one has finished (so jobs stuck behind slow servers count in full),
 * with a share of servers slowed 10× from the start.
 */
function slowdown(share: number, detection: boolean) {
  const timeline = share > 0 ? [{ t: 0, action: 'slow-random-nodes', args: { fraction: share, factor: 10 } }] : [];
  const e = new Engine(scenario({ 'scheduler.slowDetection': detection }, timeline));
  const cohort = new Map<number, number>();
  e.fuxi.jobTaps.push((id, at, s) => {
    if (at >= HOUR && at < 1.5 * HOUR) cohort.set(id, s);
  });
  e.runUntil(1.5 * HOUR);
  const J = e.fuxi.jobs;
  let first = Infinity,
    last = 0;
  for (let j = 0; j < J.hw; j++)
    if (J.active[j] !== 0 && J.arrive[j] >= HOUR && J.arrive[j] < 1.5 * HOUR) {
      first = Math.min(first, J.serial[j]);
      last = Math.max(last, J.serial[j]);
    }
  for (const id of cohort.keys()) first = Math.min(first, id);
  const size = last - first + 1;
  while (cohort.size < size && e.now < 16 * HOUR) e.runUntil(e.now + 10 * MIN);
  const v = [...cohort.values()].sort((a, b) => a - b);
  const s = e.fuxi.summary();
  return {
    share,
    detection,
    cohortJobs: size,
    unfinished: size - cohort.size,
    meanJobSlowdown: round(v.reduce((a, b) => a + b, 0) / v.length),
    p99JobSlowdown: round(v[Math.floor(v.length * 0.99)]),
    lastJobDoneAfterH: round(e.now / HOUR),
    blacklisted: s.blacklistedNodes,
    falselyBlacklisted: s.falselyBlacklisted,
    slowNeverBlacklisted: s.slowNeverBlacklisted,
    backupInstances: s.backupInstances,
  };
}

const full = best({}, 1, 3);
const idle = best({ 'scheduler.enabled': false, 'scheduler.warmStart': false }, 1, 3);
const simHoursPerWallSecond = round(1000 / full.fuxiMsPerSimHour);
const decisionsPerWallSecond = Math.round(full.decisionsPerSimHour / (full.fuxiMsPerSimHour / 1000));
const realTimeFactor = Math.round(HOUR / full.wallMsPerSimHour);
const realTimeFactorWithoutJobs = Math.round(HOUR / idle.wallMsPerSimHour);

const cost = [slowdown(0, true), slowdown(0.01, true), slowdown(0.01, false), slowdown(0.05, true), slowdown(0.05, false)];

const result = {
  nodes: 5000,
  meanActiveJobs: Math.round(full.meanActiveJobs),
  meanRunningInstances: Math.round(full.meanRunningInstances),
  utilization: round(full.utilization),
  fuxiMsPerSimHour: round(full.fuxiMsPerSimHour),
  simHoursPerWallSecond,
  decisionsPerSimHour: Math.round(full.decisionsPerSimHour),
  decisionsPerWallSecond,
  engineWallMsPerSimHour: round(full.wallMsPerSimHour),
  realTimeFactor,
  realTimeFactorWithoutJobs,
  eventsPerSimHour: Math.round(full.eventsPerSimHour),
  buildMs: round(full.buildMs),
  buildMsWithoutJobs: round(idle.buildMs),
  frameMs: round(full.frameMs),
  slowdown: cost,
};

function line(name: string, value: number, unit: string, target: number, higherIsBetter: boolean) {
  const ok = higherIsBetter ? value >= target : value <= target;
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${name.padEnd(42)} ${String(value).padStart(12)} ${unit.padEnd(8)} target ${higherIsBetter ? '≥' : '≤'} ${target}`,
  );
}
console.log(
  `     ${result.meanActiveJobs} jobs and ${result.meanRunningInstances} instances running on average, ${Math.round(result.utilization * 100)} % of cores allocated; ${result.decisionsPerSimHour} placements and ${result.eventsPerSimHour} engine events per simulated hour`,
);
line('scheduler alone: simulated hours per wall s', simHoursPerWallSecond, 'h/s', FUXI_TARGETS.simHoursPerWallSecond, true);
console.log(
  `     scheduler: ${result.fuxiMsPerSimHour} ms per simulated hour; ${decisionsPerWallSecond.toLocaleString('en')} scheduling decisions per wall second`,
);
line('whole default engine with ~5,000 jobs', realTimeFactor, '× real', FUXI_TARGETS.realTimeFactor, true);
console.log(`     whole engine without job arrivals ${realTimeFactorWithoutJobs}× real`);
line('engine build with the warm start', result.buildMs, 'ms', FUXI_TARGETS.buildMs, false);
console.log(`     scheduler part of a frame: ${result.frameMs} ms (CPU allocation per server + counts, no per-instance work)`);
for (const c of cost)
  console.log(
    `     ${String(c.share * 100).padStart(2)} % servers 10× slow, handling ${c.detection ? 'on ' : 'off'}: job slowdown mean ${c.meanJobSlowdown.toFixed(2)}, p99 ${c.p99JobSlowdown.toFixed(2)} (${c.cohortJobs} jobs${c.unfinished ? `, ${c.unfinished} unfinished` : ''}); blacklisted ${c.blacklisted} (falsely ${c.falselyBlacklisted}), slow never blacklisted ${c.slowNeverBlacklisted}, backups ${c.backupInstances}`,
  );
console.log(JSON.stringify(result));
