import { describe, expect, it } from 'vitest';
import { fuxiEngine, liveAttempts, HOUR, MIN, SEC } from './helpers';

describe('Fuxi resource scheduling (S1)', () => {
  it('runs jobs incrementally; the per-server, per-group and per-job books agree with the instance pool', () => {
    const e = fuxiEngine();
    const fx = e.fuxi;
    expect(fx.counts().runningInstances).toBeGreaterThan(0); // warm start: busy from t = 0
    e.runUntil(HOUR);
    const c = fx.counts();
    expect(fx.jobsCompleted).toBeGreaterThan(500);
    expect(c.activeJobs).toBeGreaterThan(200);
    expect(c.utilization).toBeGreaterThan(0.4);
    const live = liveAttempts(e);
    expect(live.length).toBe(fx.sched.runningInst);
    const cores = e.sim.params['scheduler.instanceCores'];
    let used = 0;
    for (let n = 0; n < e.topo.nodes; n++) {
      expect(fx.sched.freeCpu[n]).toBeGreaterThanOrEqual(0);
      expect(fx.sched.freeMem[n]).toBeGreaterThanOrEqual(0);
      used += fx.sched.usedCores(n);
    }
    expect(used).toBe(live.length * cores);
    let groups = 0;
    for (const g of fx.sched.groupUsed) groups += g;
    expect(groups).toBe(used);
    // each job's running count matches its live attempts
    const perJob = new Map<number, number>();
    for (const i of live) perJob.set(fx.inst.job[i], (perJob.get(fx.inst.job[i]) ?? 0) + 1);
    for (let j = 0; j < fx.jobs.hw; j++) if (fx.jobs.active[j] === 1) expect(fx.jobs.running[j]).toBe(perJob.get(j) ?? 0);
  });

  it('never lets a user group hold more than its quota, and the quota binds under load', () => {
    const e = fuxiEngine({ 'scheduler.quotaShare': 0.15, 'scheduler.jobsPerServerHour': 8 });
    const quota = 0.15 * e.fuxi.sched.totalCores;
    let peak = 0,
      waited = 0;
    for (let t = 10 * SEC; t <= HOUR; t += 10 * SEC) {
      e.runUntil(t);
      for (const g of e.fuxi.sched.groupUsed) {
        expect(g).toBeLessThanOrEqual(quota);
        peak = Math.max(peak, g);
      }
      waited = Math.max(waited, e.fuxi.counts().waitingJobs);
    }
    expect(peak).toBeGreaterThan(quota - 2 * e.sim.params['scheduler.instanceCores']);
    expect(waited).toBeGreaterThan(0);
  });

  it('prefers servers on the rack holding a job’s input (locality)', () => {
    const local = fuxiEngine({ 'scheduler.localityShare': 1, 'scheduler.jobsPerServerHour': 1.5 });
    const none = fuxiEngine({ 'scheduler.localityShare': 0, 'scheduler.jobsPerServerHour': 1.5 });
    for (const e of [local, none]) e.runUntil(30 * MIN);
    expect(local.fuxi.summary().rackLocalShare).toBeGreaterThan(0.7);
    expect(none.fuxi.summary().rackLocalShare).toBe(0);
  });

  it('stops arriving jobs when switched off, and the cluster drains', () => {
    const e = fuxiEngine();
    e.runUntil(5 * MIN);
    e.perturb('set', { path: 'scheduler.enabled', value: false });
    const submitted = e.sim.counters.jobsSubmitted;
    e.runUntil(3 * HOUR);
    expect(e.sim.counters.jobsSubmitted).toBe(submitted);
    expect(e.fuxi.counts().activeJobs).toBe(0);
    expect(e.fuxi.sched.runningInst).toBe(0);
    e.perturb('set', { path: 'scheduler.enabled', value: true });
    e.runUntil(3 * HOUR + 10 * MIN);
    expect(e.sim.counters.jobsSubmitted).toBeGreaterThan(submitted);
  });

  it('reports a summary group and a frame part', () => {
    const e = fuxiEngine();
    e.runUntil(20 * MIN);
    const s = e.summary(0).scheduler as Record<string, number>;
    for (const k of ['jobsCompleted', 'instancesCompleted', 'blacklistedNodes', 'falselyBlacklisted', 'meanJobSlowdown'])
      expect(typeof s[k]).toBe('number');
    expect(s.jobsCompleted).toBeGreaterThan(0);
    expect(s.meanJobSlowdown).toBeGreaterThan(1);
    const f = e.frame();
    expect(f.scheduler.nodeAlloc.length).toBe(400);
    expect(Math.max(...f.scheduler.nodeAlloc)).toBeGreaterThan(0);
    expect(f.series.series.runningJobs.length).toBeGreaterThan(0);
  });
});
