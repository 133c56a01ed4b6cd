import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { maxMinShare } from '../../../worker/engine/master/selfProtection';
import { masterView } from '../../../worker/engine/ops/views';

const MIN = 60_000;
const quiet = {
  'cluster.nodes': 400,
  'storage.chunks': 20_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'faults.powerCycleFailure': 0,
  'scheduler.enabled': false,
};
const FLOOD_USER = 7;

/** A 30-million-file flood from one user at 5 min, run to 35 min. */
function flood(protection: boolean) {
  const e = new Engine({
    ...defaultScenario(),
    params: { ...quiet, 'master.protection': protection },
    timeline: [{ t: 5 * MIN, action: 'file-flood', args: { files: 30_000_000, user: FLOOD_USER } }],
  });
  e.runUntil(5 * MIN);
  const before = e.ops.master.percentile(0.99, 0);
  let peakLatency = 0,
    peakSlowdown = 1;
  for (let t = 5 * MIN; t < 35 * MIN; t += 10_000) {
    e.runUntil(t + 10_000);
    peakLatency = Math.max(peakLatency, e.ops.master.latencyMs);
    peakSlowdown = Math.max(peakSlowdown, e.ops.master.slowdown);
  }
  return { e, before, peakLatency, peakSlowdown };
}

describe('master self-protection against a file flood (P7)', () => {
  it('without protection the master’s latency climbs for everyone and the whole cluster slows', () => {
    const { e, before, peakLatency, peakSlowdown } = flood(false);
    const m = e.ops.master;
    expect(before).toBeLessThan(5);
    expect(peakLatency).toBeGreaterThan(1000); // seconds, up to the RPC timeout
    expect(peakSlowdown).toBeGreaterThan(5);
    // an innocent user's operations time out
    expect(m.percentile(0.99, 0)).toBeGreaterThan(1000);
    expect(e.ops.audit.total('master.open', 'timeout')).toBeGreaterThan(0);
    // the flood got its files in
    expect(m.floodCreated).toBeGreaterThan(10_000_000);
    expect(e.summary(0).master).toMatchObject({ files: Math.round(m.files) });
    expect((e.summary(0).master as { p99OpLatencyMs: number }).p99OpLatencyMs).toBeGreaterThan(1000);
  });

  it('the panel’s per-user p99 covers the recent window: a flood’s damage fades once protection is back on', () => {
    const { e } = flood(false);
    const m = e.ops.master;
    expect(m.recentPercentile(0.99, 0)).toBeGreaterThan(1000);
    e.perturb('set', { path: 'master.protection', value: 'true' });
    e.runUntil(e.now + e.sim.params['master.p99WindowMs'] + 2 * MIN);
    const v = masterView(e);
    // the whole run still remembers the timeouts; the last window does not
    expect(v.users[0].p99RunMs).toBeGreaterThan(1000);
    expect(v.users[0].p99Ms).toBeLessThan(10);
    expect(v.users[0].p99Ms).toBeGreaterThan(0);
    expect(v.p99WindowMs).toBe(600_000);
  });

  it('with quota, rate limits and admission control the flood is refused or slowed and other users are unaffected', () => {
    const { e, before, peakLatency, peakSlowdown } = flood(true);
    const m = e.ops.master;
    const p = e.sim.params;
    expect(peakLatency).toBeLessThan(5);
    expect(peakSlowdown).toBeLessThan(1.05);
    for (let u = 0; u < m.users; u++) {
      if (u === FLOOD_USER) continue;
      expect(m.percentile(0.99, u)).toBeLessThan(2 * before + 1);
    }
    // nobody but the flooder was refused anything
    const refused = searchRefusedUsers(e);
    expect([...refused]).toEqual([FLOOD_USER]);
    // the flooder was held to its rate and then to its quota
    expect(m.userFiles[FLOOD_USER]).toBeLessThanOrEqual(p['master.userFileQuota'] + 1);
    expect(m.floodLeft).toBe(0);
    expect(m.floodCreated).toBeLessThan(5_000_000);
    expect(e.sim.log.counts.get('master.floodRefused')).toBe(1);
    expect(e.summary(0).master).toMatchObject({ rejectedOps: e.sim.counters.masterRejectedOps });
    const v = masterView(e);
    expect(v.users[FLOOD_USER].files).toBeLessThanOrEqual(p['master.userFileQuota'] + 1);
  });

  it('admission control alone keeps the master under its share when every user floods at once', () => {
    const e = new Engine({
      ...defaultScenario(),
      params: { ...quiet, 'master.userQpsLimit': 1e6, 'master.userBurst': 1e6, 'master.clientQps': 400_000 },
    });
    e.runUntil(2 * MIN);
    const m = e.ops.master;
    expect(m.utilization).toBeLessThanOrEqual(e.sim.params['master.admissionMaxUtil'] + 0.01);
    expect(m.latencyMs).toBeLessThan(50);
    expect(e.ops.audit.total('master.lookup', 'busy')).toBeGreaterThan(0);
  });

  it('max-min fair shares cap the heaviest first', () => {
    expect(maxMinShare(new Float64Array([1, 2, 100]), 13)).toBe(10);
    expect(maxMinShare(new Float64Array([1, 2, 3]), 100)).toBe(Infinity);
  });
});

/** Users with any refused (quota / throttled / busy / timeout) operation among the kept entries. */
function searchRefusedUsers(e: Engine): Set<number> {
  const users = new Set<number>();
  for (const result of ['quota', 'throttled', 'busy', 'timeout'] as const) {
    const q = e.ops.audit.query({ result, limit: 1000 });
    for (const x of q.entries) users.add(x.user);
  }
  return users;
}
