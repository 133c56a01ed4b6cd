import { describe, expect, it } from 'vitest';
import { fuxiEngine, HOUR, MIN } from './helpers';
import { BL_HEALTH, BL_JOBS } from '../../../worker/engine/fuxi/blacklist';
import { probeRatio } from '../../../worker/engine/fuxi/healthCheck';
import { blacklistView } from '../../../worker/engine/fuxi/views';
import { F_STRAGGLER, I_KILLED, I_RUNNING } from '../../../worker/engine/fuxi/instances';

/**
 * The machines' own health checks (healthCheck.ts): the cluster level of the
 * multi-level blacklist that does not wait for jobs to find a slow server.
 */
const PERIOD = 60_000;
const SLOW = [17, 133, 250, 391];

describe('health check: the probe', () => {
  it('measures the true slow-down, stretched by load, with noise of mean 1', () => {
    expect(probeRatio(10, 0, 0.5, 0, 0)).toBe(10);
    expect(probeRatio(1, 1, 0.5, 0, 0)).toBe(1.5);
    expect(probeRatio(1, 0.5, 0.5, 0.25, 2)).toBeGreaterThan(probeRatio(1, 0.5, 0.5, 0.25, 0));
    expect(probeRatio(1, 0.5, 0.5, 0.25, -2)).toBeLessThan(1.25);
  });
});

describe('health check: slow machines go on the cluster blacklist without any job marks', () => {
  it('a slow server is listed within healthPeriods periods, with no job having marked it', () => {
    const e = fuxiEngine({ 'scheduler.healthCheckMs': PERIOD, 'scheduler.healthPeriods': 3 });
    e.runUntil(10 * MIN);
    for (const node of SLOW) e.perturb('node-slow', { node, factor: 10 });
    e.runUntil(10 * MIN + 3 * PERIOD);
    const bl = e.fuxi.blacklist;
    for (const n of SLOW) {
      expect(bl.on[n]).toBe(1);
      expect(bl.reason[n]).toBe(BL_HEALTH);
      expect(bl.markN[n]).toBe(0); // no job has found it slow yet
      expect(e.fuxi.health.bad[n]).toBeGreaterThanOrEqual(3);
    }
    expect(bl.size).toBe(SLOW.length);
    expect(e.fuxi.counts().blacklistedByHealth).toBe(SLOW.length);
    const rows = blacklistView(e).servers.filter((r) => r.blacklisted);
    expect(rows.map((r) => r.reason)).toEqual(SLOW.map(() => 'health'));
    for (const r of rows) expect(r.probe).toBeGreaterThan(3);
    expect(e.sim.log.since(0, 4096).filter((x) => x.code === 'sched.healthBlacklisted')).toHaveLength(SLOW.length);
  });

  it('one period short of the run, none is listed; with the check off, none is listed either (only jobs find them, later)', () => {
    const short = fuxiEngine();
    short.runUntil(10 * MIN);
    for (const node of SLOW) short.perturb('node-slow', { node, factor: 10 });
    short.runUntil(10 * MIN + 2 * PERIOD);
    expect(short.fuxi.blacklist.size).toBe(0);
    const off = fuxiEngine({ 'scheduler.healthCheck': false });
    off.runUntil(10 * MIN);
    for (const node of SLOW) off.perturb('node-slow', { node, factor: 10 });
    off.runUntil(20 * MIN);
    expect(off.fuxi.blacklist.size).toBe(0);
    expect(off.fuxi.health.reports).toBe(0);
    off.runUntil(2 * HOUR);
    for (const n of SLOW) expect(off.fuxi.blacklist.reason[n]).toBe(BL_JOBS);
  });

  it('detection time does not grow with the number of slow servers: 10 % are all listed as soon as 1 %', () => {
    for (const fraction of [0.01, 0.1]) {
      const e = fuxiEngine();
      e.runUntil(10 * MIN);
      e.perturb('slow-random-nodes', { fraction, factor: 10 });
      e.runUntil(10 * MIN + 3 * PERIOD);
      const c = e.fuxi.blacklist.counts();
      expect(c.blacklisted).toBe(Math.round(fraction * 400));
      expect(c.slowNotBlacklisted).toBe(0);
      expect(c.falselyBlacklisted).toBe(0);
    }
  });

  it('a mildly slow server can pass its probe (a miss) and is left to the jobs', () => {
    const e = fuxiEngine();
    e.runUntil(10 * MIN);
    e.perturb('node-slow', { node: 17, factor: 1.5 });
    e.runUntil(HOUR);
    expect(e.fuxi.blacklist.reason[17]).not.toBe(BL_HEALTH);
    expect(e.fuxi.health.last[17]).toBeGreaterThan(1.2); // it does report slower than a healthy idle machine
  });

  it('lifts a server it listed once its reports are good again', () => {
    const e = fuxiEngine({ 'scheduler.probationMs': 5 * HOUR });
    e.runUntil(10 * MIN);
    e.perturb('node-slow', { node: 17, factor: 10 });
    e.runUntil(20 * MIN);
    expect(e.fuxi.blacklist.listedByHealth(17)).toBe(true);
    e.perturb('heal-slow-nodes', {});
    e.runUntil(20 * MIN + 4 * PERIOD);
    expect(e.fuxi.blacklist.on[17]).toBe(0); // long before probation would have looked
    expect(e.sim.counters.healthLifted).toBe(1);
    expect(e.fuxi.sched.usedCores(17)).toBeGreaterThan(0); // it gets work again
  });

  it('backs up the attempts on a listed server at once; a backup that landed on a server found slow later is replaced', () => {
    const e = fuxiEngine();
    e.runUntil(10 * MIN);
    e.perturb('node-slow', { node: 17, factor: 10 });
    e.runUntil(10 * MIN + 3 * PERIOD);
    const I = e.fuxi.inst;
    const onA: number[] = [];
    for (let i = e.fuxi.sched.nodeHead[17]; i >= 0; i = I.nnext[i]) onA.push(i);
    expect(onA.length).toBeGreaterThan(0);
    for (const i of onA) {
      expect(I.flags[i] & F_STRAGGLER).toBeTruthy(); // no job had to wait 3× its mean to see it
      expect(I.twin[i]).toBeGreaterThanOrEqual(0); // a backup runs elsewhere
      expect(e.fuxi.jobs.blacklists(I.job[i], 17)).toBe(true); // the job's own list learned it
    }
    // the server holding one of those backups turns slow too: both copies of that task are now on slow servers
    const first = onA[0],
      backup = I.twin[first],
      b = I.node[backup];
    e.perturb('node-slow', { node: b, factor: 10 });
    e.runUntil(10 * MIN + 7 * PERIOD);
    expect(e.fuxi.blacklist.listedByHealth(b)).toBe(true);
    expect(I.state[backup]).toBe(I_KILLED); // the copy on the server found out later goes ...
    const fresh = I.twin[first];
    expect(fresh).toBeGreaterThanOrEqual(0); // ... and the task gets a new backup
    expect(fresh).not.toBe(backup);
    expect(I.state[fresh]).toBe(I_RUNNING);
    expect(e.fuxi.blacklist.on[I.node[fresh]]).toBe(0);
    expect(e.servers.slow[I.node[fresh]]).toBe(1);
    expect(e.sim.counters.healthTwinsRescued).toBeGreaterThanOrEqual(1);
  });

  it('shares the cluster bound with the jobs’ marks', () => {
    const e = fuxiEngine({ 'scheduler.blacklistCap': 0.005 }); // 2 of 400
    e.perturb('slow-random-nodes', { fraction: 0.03, factor: 10 });
    e.runUntil(30 * MIN);
    expect(e.fuxi.blacklist.size).toBe(2);
    expect(e.sim.counters.blacklistCapped).toBeGreaterThan(0);
  });
});

describe('health check: a healthy machine with bad luck', () => {
  it('at the default probe noise, a healthy cluster gets no false listing in hours', () => {
    const e = fuxiEngine();
    e.runUntil(3 * HOUR);
    expect(e.fuxi.health.reports).toBeGreaterThan(400 * 170);
    expect(e.fuxi.health.badReports).toBeGreaterThan(0); // single bad reports happen ...
    expect(e.sim.counters.healthBlacklisted ?? 0).toBe(0); // ... but not three in a row
  });

  it('with a noisier probe, busy healthy servers are sometimes listed; the frame, the view and the log call it false, and the check lifts them', () => {
    const e = fuxiEngine({ 'scheduler.healthProbeSigma': 0.6 });
    let seen = false;
    for (let t = 10 * MIN; t <= 3 * HOUR && !seen; t += PERIOD) {
      e.runUntil(t);
      const c = e.fuxi.counts();
      if (c.falselyByHealth > 0) {
        seen = true;
        expect(c.falselyBlacklisted).toBeGreaterThanOrEqual(c.falselyByHealth);
        expect(c.blacklistedByHealth).toBeGreaterThanOrEqual(c.falselyByHealth);
        const wrong = blacklistView(e).servers.filter((r) => r.falsely);
        expect(wrong.length).toBe(c.falselyBlacklisted);
        expect(wrong.some((r) => r.reason === 'health' && !r.trulySlow)).toBe(true);
      }
    }
    expect(seen).toBe(true);
    e.runUntil(3 * HOUR);
    const c = e.sim.counters;
    expect(c.healthFalselyBlacklisted).toBeGreaterThan(0);
    expect(c.falselyBlacklisted).toBeGreaterThanOrEqual(c.healthFalselyBlacklisted);
    expect(c.healthLifted).toBeGreaterThan(0);
    expect(e.sim.log.counts.get('sched.healthFalselyBlacklisted')).toBe(c.healthFalselyBlacklisted);
    expect(e.fuxi.summary().healthFalselyBlacklisted).toBe(c.healthFalselyBlacklisted);
  });
});
