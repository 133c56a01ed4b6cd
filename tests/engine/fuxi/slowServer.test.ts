import { describe, expect, it } from 'vitest';
import { fuxiEngine, liveAttempts, HOUR, MIN } from './helpers';
import { F_BACKUP, F_STRAGGLER } from '../../../worker/engine/fuxi/instances';
import { blacklistView } from '../../../worker/engine/fuxi/views';

const SLOW = [17, 133, 250, 391];
/** The job level alone: the machines' own health checks (healthCheck.test.ts) would list the slow servers before any job could. */
const jobsOnly = { 'scheduler.healthCheck': false };

describe('slow-server detection and the blacklist (S3)', () => {
  it('blacklists truly slow servers, from the marks of several different jobs', () => {
    const e = fuxiEngine(jobsOnly);
    e.runUntil(MIN);
    for (const node of SLOW) e.perturb('node-slow', { node, factor: 10 });
    e.runUntil(2 * HOUR);
    const bl = e.fuxi.blacklist;
    for (const n of SLOW) expect(bl.on[n]).toBe(1);
    expect(bl.size).toBe(SLOW.length);
    expect(e.sim.counters.falselyBlacklisted ?? 0).toBe(0);
    expect(bl.counts().slowNeverBlacklisted).toBe(0);
    // the evidence: distinct jobs marked each one slow, with run times ≥ 3× their job's mean
    const view = e.fuxi.blacklist;
    for (const n of SLOW) {
      const jobs = new Set<number>();
      for (let m = 0; m < view.markN[n]; m++) {
        jobs.add(view.markJob[n * 8 + m]);
        expect(view.markRatio[n * 8 + m]).toBeGreaterThanOrEqual(3);
      }
      expect(jobs.size).toBeGreaterThanOrEqual(e.sim.params['scheduler.blacklistJobs']);
    }
    // a blacklisted server gets no new instances
    const launchedAfter = (n: number) => {
      let k = 0;
      for (let i = 0; i < e.fuxi.inst.hw; i++) if (e.fuxi.inst.state[i] !== 0 && e.fuxi.inst.node[i] === n && e.fuxi.inst.start[i] > bl.since[n]) k++;
      return k;
    };
    for (const n of SLOW) expect(launchedAfter(n)).toBe(0);
  });

  it('the evidence shows how slow a server really is, not the 3× at which it was caught', () => {
    const e = fuxiEngine(jobsOnly);
    e.runUntil(MIN);
    e.perturb('node-slow', { node: 17, factor: 10 });
    e.perturb('node-slow', { node: 250, factor: 5 });
    e.runUntil(2 * HOUR);
    const rows = blacklistView(e).servers;
    const median = (n: number) => {
      const r = rows
        .find((x) => x.node === n)!
        .marks.map((m) => m.ratio)
        .sort((a, b) => a - b);
      expect(r.length).toBeGreaterThanOrEqual(3);
      return r[r.length >> 1];
    };
    // run times vary with hardware generation and noise; the order and the scale hold
    expect(median(17)).toBeGreaterThan(6);
    expect(median(250)).toBeGreaterThan(3.5);
    expect(median(17)).toBeGreaterThan(median(250));
  });

  it('does not blacklist healthy servers under normal run-time noise and mixed hardware', () => {
    const e = fuxiEngine();
    e.runUntil(4 * HOUR);
    expect(e.fuxi.jobsCompleted).toBeGreaterThan(3000);
    expect(e.sim.counters.nodesBlacklisted ?? 0).toBe(0);
    expect(e.fuxi.blacklist.size).toBe(0);
  });

  it('starts backup instances for stragglers; the first attempt to finish wins', () => {
    const e = fuxiEngine(jobsOnly);
    for (const node of SLOW) e.perturb('node-slow', { node, factor: 10 });
    e.runUntil(HOUR);
    expect(e.sim.counters.stragglers).toBeGreaterThan(0);
    expect(e.sim.counters.backupInstances).toBeGreaterThan(0);
    expect(e.sim.counters.backupWins).toBeGreaterThan(0);
    // the frame's running counts are kept incrementally; they match a scan of the pool
    const I = e.fuxi.inst;
    let stragglers = 0,
      backups = 0;
    for (const i of liveAttempts(e)) {
      if (I.flags[i] & F_STRAGGLER) stragglers++;
      if (I.flags[i] & F_BACKUP) backups++;
    }
    expect(stragglers).toBeGreaterThan(0);
    expect(e.fuxi.counts().stragglersRunning).toBe(stragglers);
    expect(e.fuxi.counts().backupsRunning).toBe(backups);
  });

  it('slow-server handling pays: without it the same jobs take longer and nothing is blacklisted', () => {
    // a cohort: the jobs arriving in the second half hour, followed until all have finished
    const run = (on: boolean) => {
      const e = fuxiEngine({ 'scheduler.slowDetection': on });
      e.perturb('slow-random-nodes', { fraction: 0.02, factor: 10 });
      const cohort: number[] = [];
      e.fuxi.jobTaps.push((_id, at, slowdown) => {
        if (at >= 30 * MIN && at < HOUR) cohort.push(slowdown);
      });
      e.runUntil(HOUR);
      let waiting = 0;
      for (let j = 0; j < e.fuxi.jobs.hw; j++) if (e.fuxi.jobs.active[j] === 1 && e.fuxi.jobs.arrive[j] >= 30 * MIN) waiting++;
      const total = cohort.length + waiting;
      while (cohort.length < total && e.now < 12 * HOUR) e.runUntil(e.now + 10 * MIN);
      expect(cohort.length).toBe(total);
      return { e, mean: cohort.reduce((a, b) => a + b, 0) / cohort.length, n: total };
    };
    const on = run(true),
      off = run(false);
    expect(on.n).toBe(off.n); // the same arrivals
    expect(off.e.fuxi.blacklist.size).toBe(0);
    expect(off.e.sim.counters.backupInstances ?? 0).toBe(0);
    expect(on.e.fuxi.blacklist.size).toBeGreaterThan(0);
    expect(off.mean).toBeGreaterThan(on.mean * 1.1);
  });

  it('checks a blacklisted server after probation and releases it once healthy', () => {
    const e = fuxiEngine({ 'scheduler.probationMs': 30 * MIN });
    for (const node of SLOW) e.perturb('node-slow', { node, factor: 10 });
    e.runUntil(90 * MIN);
    // which slow servers are caught by now depends on the draws: repair the first caught
    const caught = SLOW.filter((n) => e.fuxi.blacklist.on[n] === 1);
    expect(caught.length).toBeGreaterThanOrEqual(2);
    const [fixed, ...still] = caught;
    e.perturb('node-restart', { node: fixed }); // repaired: normal speed after the reboot
    e.runUntil(3 * HOUR);
    expect(e.fuxi.blacklist.on[fixed]).toBe(0);
    for (const n of still) expect(e.fuxi.blacklist.on[n]).toBe(1); // still slow: probes fail
    expect(e.sim.counters.nodesReleased).toBe(1);
    expect(e.sim.counters.probesFailed).toBeGreaterThan(0);
    expect(e.fuxi.sched.usedCores(fixed)).toBeGreaterThan(0); // it gets work again
  });

  it('respects the blacklist cap (bounded automation)', () => {
    const e = fuxiEngine({ 'scheduler.blacklistCap': 0.005 }); // 2 of 400
    e.perturb('slow-random-nodes', { fraction: 0.03, factor: 10 });
    e.runUntil(2 * HOUR);
    expect(e.fuxi.blacklist.size).toBe(2);
    expect(e.sim.counters.blacklistCapped).toBeGreaterThan(0);
  });
});
