import { describe, expect, it } from 'vitest';
import { fuxiEngine, fuxiScenario, liveOn, HOUR, MIN, SEC } from './helpers';
import { Engine } from '../../../worker/engine/engine';
import { I_LOST, I_RUNNING } from '../../../worker/engine/fuxi/instances';
import { DEAD } from '../../../worker/engine/detection/heartbeat';
import { stateDiff } from '../state';

/** The busiest server, and the job numbers of the attempts on it. */
function busiest(e: Engine): { node: number; jobs: number[] } {
  let node = 0;
  for (let n = 1; n < e.topo.nodes; n++) if (liveOn(e, n) > liveOn(e, node)) node = n;
  const I = e.fuxi.inst;
  const jobs: number[] = [];
  for (let i = e.fuxi.sched.nodeHead[node]; i >= 0; i = I.nnext[i]) jobs.push(e.fuxi.jobs.serial[I.job[i]]);
  return { node, jobs };
}

const active = (e: Engine, serial: number) => {
  const J = e.fuxi.jobs;
  for (let j = 0; j < J.hw; j++) if (J.active[j] === 1 && J.serial[j] === serial) return true;
  return false;
};

describe('Fuxi failover (S2)', () => {
  it('a crashed server’s attempts stop at once and are rerun elsewhere once the master declares it dead', () => {
    const e = fuxiEngine();
    e.runUntil(20 * MIN);
    const { node, jobs } = busiest(e);
    expect(jobs.length).toBeGreaterThan(1);
    e.perturb('node-crash', { node });
    // truly down: no progress, but the master does not know yet
    const I = e.fuxi.inst;
    const lost: number[] = [];
    for (let i = e.fuxi.sched.nodeHead[node]; i >= 0; i = I.nnext[i]) lost.push(i);
    for (const i of lost) expect(I.state[i]).toBe(I_LOST);
    const remain = lost.map((i) => I.remain[i]);
    e.runUntil(20 * MIN + 30 * SEC);
    lost.forEach((i, k) => expect(I.remain[i]).toBe(remain[k]));
    expect(liveOn(e, node)).toBe(lost.length);
    // declared dead (60 s of silence): evacuated, tasks rerun
    e.runUntil(22 * MIN);
    expect(e.detector.belief[node]).toBe(DEAD);
    expect(liveOn(e, node)).toBe(0);
    expect(e.sim.counters.instancesRerun).toBeGreaterThanOrEqual(lost.length);
    expect(e.fuxi.sched.usedCores(node)).toBe(0);
    // … and their jobs finish anyway
    e.runUntil(3 * HOUR);
    for (const s of jobs) expect(active(e, s)).toBe(false);
    // nothing new was placed on it while it was believed dead
    expect(liveOn(e, node)).toBe(0);
  });

  it('acts on belief: work on a server declared dead falsely (it is up) is moved too', () => {
    const e = fuxiEngine();
    e.runUntil(20 * MIN);
    const { node, jobs } = busiest(e);
    // the detector's verdict, as heartbeat loss would produce it
    e.detector.belief[node] = DEAD;
    for (const f of e.detector.onDead) f(node);
    expect(e.servers.truth[node]).toBe(0);
    expect(liveOn(e, node)).toBe(0);
    expect(e.sim.counters.instancesRerun).toBe(jobs.length);
    // rerun elsewhere at once where there is room
    const I = e.fuxi.inst;
    let rerunning = 0;
    for (let i = 0; i < I.hw; i++) if (I.state[i] === I_RUNNING && I.start[i] === e.now) rerunning++;
    expect(rerunning).toBe(jobs.length);
  });

  it('a server that comes back before it is declared dead reports its lost attempts, which are rerun', () => {
    const e = fuxiEngine({ 'detection.deadAfterMs': 3_600_000, 'detection.suspectAfterMs': 10_000, 'cluster.bootMs': 60_000 });
    e.runUntil(20 * MIN);
    const { node, jobs } = busiest(e);
    e.perturb('node-crash', { node });
    e.runUntil(21 * MIN);
    e.perturb('node-restart', { node });
    e.runUntil(24 * MIN);
    expect(e.servers.truth[node]).toBe(0);
    expect(e.sim.counters.instancesRerun).toBe(jobs.length);
    expect(e.sim.log.counts.get('sched.lostReported')).toBe(1);
  });

  it('the scheduler master fails over without losing running jobs; nothing is placed meanwhile', () => {
    const e = fuxiEngine({ 'scheduler.masterFailoverMs': 60_000 });
    e.runUntil(20 * MIN);
    const J = e.fuxi.jobs;
    const before: number[] = [];
    for (let j = 0; j < J.hw; j++) if (J.active[j] === 1) before.push(J.serial[j]);
    const completed = e.fuxi.jobsCompleted;
    const decisions = e.fuxi.sched.decisions;
    const killed = e.sim.counters.instancesRerun ?? 0;
    e.perturb('scheduler-master-fail');
    expect(e.fuxi.sched.masterUp).toBe(0);
    e.runUntil(20 * MIN + 50 * SEC);
    expect(e.fuxi.sched.decisions).toBe(decisions);
    expect(e.sim.counters.instancesRerun ?? 0).toBe(killed);
    // every job running before is still there or has finished normally: none is lost
    const gone = before.filter((sr) => !active(e, sr));
    expect(gone.length).toBe(e.fuxi.jobsCompleted - completed);
    expect(e.fuxi.counts().waitingJobs).toBeGreaterThan(0); // arrivals wait for the new master
    e.runUntil(21 * MIN + 10 * SEC);
    expect(e.fuxi.sched.masterUp).toBe(1);
    expect(e.fuxi.sched.decisions).toBeGreaterThan(decisions);
    expect(e.sim.log.counts.get('sched.masterBack')).toBe(1);
  });
});

describe('Fuxi determinism', () => {
  const script = fuxiScenario(
    {},
    {
      timeline: [
        { t: 5 * MIN, action: 'slow-random-nodes', args: { fraction: 0.02, factor: 8 } },
        { t: 12 * MIN, action: 'node-crash', args: { node: 42 } },
        { t: 15 * MIN, action: 'scheduler-master-fail', args: {} },
        { t: 30 * MIN, action: 'set', args: { path: 'scheduler.slowDetection', value: 'false' } },
        { t: 40 * MIN, action: 'set', args: { path: 'scheduler.slowDetection', value: 'true' } },
      ],
    },
  );

  it('same seed → same hash; another seed → another; slicing does not matter', () => {
    const a = new Engine(script);
    const b = new Engine(script);
    const c = new Engine({ ...script, seed: 7 });
    for (const e of [a, b, c]) e.runUntil(HOUR);
    expect(a.fuxi.jobsCompleted).toBeGreaterThan(0);
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).not.toBe(c.hash());
    const sliced = new Engine(script);
    for (let t = 0; t < HOUR; t += 61_111) sliced.runUntil(t);
    sliced.runUntil(HOUR);
    expect(sliced.hash()).toBe(a.hash());
    expect(sliced.fuxi.summary()).toEqual(a.fuxi.summary());
  });

  it('the hash covers the scheduler: a different scheduling parameter changes it', () => {
    const a = new Engine(script);
    const b = new Engine({ ...script, params: { ...script.params, 'scheduler.quotaShare': 0.2 } });
    for (const e of [a, b]) e.runUntil(30 * MIN);
    expect(a.hash()).not.toBe(b.hash());
  });

  it('dropping stale completion events changes nothing but the queue', () => {
    // kills and re-timings leave completion events behind; one engine drops them every
    // simulated minute (whatever the queue size), the other keeps them until their time
    const a = new Engine(script);
    const b = new Engine(script);
    let before = 0,
      after = 0;
    for (let t = MIN; t <= HOUR; t += MIN) {
      a.runUntil(t);
      b.runUntil(t);
      before += a.sim.queue.size;
      a.fuxi.sched.dropStaleCompletions(-Infinity);
      after += a.sim.queue.size;
    }
    expect(after).toBeLessThan(before);
    expect(a.sim.queue.size).toBeLessThan(b.sim.queue.size);
    expect(a.sim.events).toBeLessThan(b.sim.events);
    // every tracked array byte for byte, scalars, random streams, the log
    expect(stateDiff(a, b)).toEqual([]);
    expect(a.sim.counters).toEqual(b.sim.counters);
    expect(a.fuxi.summary()).toEqual(b.fuxi.summary());
  });

  it('live perturbations replay exactly', () => {
    const live = fuxiEngine();
    live.runUntil(7 * MIN);
    live.perturb('node-slow', { node: 3, factor: 20 });
    live.runUntil(9 * MIN + 17);
    live.perturb('scheduler-master-fail');
    live.runUntil(25 * MIN);
    const replay = new Engine(live.scenario());
    replay.runUntil(25 * MIN);
    expect(replay.hash()).toBe(live.hash());
  });
});
