import { describe, expect, it } from 'vitest';
import { engine, MIN, type P } from './helpers';
import { presetByName } from '../../../worker/scenario/presets';

/**
 * The mirror storm (F6, R1) on 400 servers, one seed, writes off (the storm must not
 * depend on write traffic). Two ways in:
 * - night: light client traffic (`workload.nodeGbps` 0.34); primary traffic on the 10 %
 *   backup network from 5 to 35 min runs it hot (core ≈ 1.45) and drops a few heartbeats;
 *   what follows depends only on the recovery policy;
 * - day: normal client traffic; the backup network (5 to 15 min) cuts the whole cluster
 *   off under any policy; the loop closes on the restored network, where every server
 *   must re-register and have its chunk report processed.
 */
const storm = (policy: string, day: boolean, extra: P = {}, until = 40 * MIN) => {
  const restore = day ? 15 * MIN : 35 * MIN;
  const timeline = [
    { t: 5 * MIN, action: 'network-maintenance', args: {} },
    { t: restore, action: 'network-restore', args: {} },
  ];
  const traffic: P = day ? {} : { 'workload.nodeGbps': 0.34, 'storage.chunks': 40_000 };
  const e = engine({ 'writes.enabled': false, 'recovery.policy': policy, ...traffic, ...extra }, { seed: 7, timeline });
  const cap = Math.floor(0.01 * e.topo.disks);
  let peakFalse = 0,
    peakCore = 0,
    falseAt15 = 0,
    peakCoreAfter = 0,
    declAtRestore = 0,
    peakOffline = 0,
    peakDemandAfter = 0;
  for (let t = 5_000; t <= until; t += 5_000) {
    e.runUntil(t);
    const f = e.detector.counts().falselyDead;
    peakFalse = Math.max(peakFalse, f);
    peakCore = Math.max(peakCore, e.net.coreUtil);
    peakOffline = Math.max(peakOffline, e.pangu.offlineDisks);
    if (t === 15 * MIN) falseAt15 = f;
    if (t === restore) declAtRestore = e.sim.counters.falselyDeclaredDead ?? 0;
    if (t > restore + MIN) {
      peakCoreAfter = Math.max(peakCoreAfter, e.net.coreUtil);
      peakDemandAfter = Math.max(peakDemandAfter, e.frame().recovery.demandGbps);
    }
  }
  const declAfter = (e.sim.counters.falselyDeclaredDead ?? 0) - declAtRestore;
  return { e, peakFalse, peakCore, falseAt15, peakCoreAfter, declAfter, peakOffline, cap, peakDemandAfter };
};

describe('the mirror storm at night: it grows on the backup network (F6, R1)', () => {
  it('naive: overload → lost heartbeats → healthy servers declared dead → mass re-replication → more overload', () => {
    const { e, peakFalse, peakCore, falseAt15, declAfter } = storm('naive', false);
    expect(falseAt15).toBeGreaterThan(50); // from a few servers to a large part of the cluster
    expect(peakFalse).toBeGreaterThan(100);
    expect(e.sim.counters.falselyDeclaredDead).toBeGreaterThan(1000);
    // the re-replication traffic is what overloads the links: far above the clients' ≈ 1.45
    expect(peakCore).toBeGreaterThan(3);
    expect(e.recovery.guard.peakOfferedGbps).toBeGreaterThan(300);
    // and it keeps going on the restored network: re-registration, reports, more copying
    expect(declAfter).toBeGreaterThan(100);
    // in truth every server was up all along; nothing was lost
    expect(e.servers.counts().up).toBe(400);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('guarded, same seed: recovery yields the hot network to clients — the storm does not grow', () => {
    const { e, peakFalse, peakCore, peakOffline, cap } = storm('guarded', false);
    const off = storm('off', false);
    expect(peakFalse).toBeLessThan(10);
    expect(peakFalse).toBeLessThanOrEqual(off.peakFalse + 3); // no worse than no automatic recovery at all
    expect(peakCore).toBeLessThan(1.7); // the clients' own load, nothing on top
    expect(e.sim.counters.falselyDeclaredDead ?? 0).toBeLessThan(100);
    expect(peakOffline).toBeLessThanOrEqual(cap);
    // after the restore everything is back: no one dead, full redundancy
    expect(e.detector.counts().believedDead).toBe(0);
    expect(e.pangu.reports.waiting).toBe(0);
    expect(e.pangu.table.underReplicated).toBe(0);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('guarded without its headroom rule: the circuit breaker alone keeps the storm small', () => {
    // no wait before re-copying either (recovery.outDelayMs alone keeps this storm from starting)
    const { e, peakFalse } = storm('guarded', false, { 'recovery.coreHeadroomUtil': 10, 'recovery.outDelayMs': 0 });
    const naive = storm('naive', false);
    expect(e.recovery.guard.trips).toBeGreaterThan(0);
    expect(peakFalse).toBeLessThan(0.5 * naive.peakFalse);
    expect((e.summary(0).recovery as { circuitBreakerTrips: number }).circuitBreakerTrips).toBe(e.recovery.guard.trips);
  });
});

describe('the mirror storm by day: the backup network cuts the cluster off, the loop closes on the restored network', () => {
  it('naive: after the restore the storm keeps itself going — copies overload the primary core, healthy servers die again, redundancy never returns', () => {
    const { e, peakFalse, peakCoreAfter, declAfter, peakDemandAfter } = storm('naive', true);
    expect(peakFalse).toBe(400); // the whole cluster cut off by the backup network (any policy)
    expect(declAfter).toBeGreaterThan(1000); // 25 min after the restore, healthy servers are still declared dead
    expect(peakCoreAfter).toBeGreaterThan(1.5); // the clients alone use ≈ 0.5 of the primary core
    expect(peakDemandAfter).toBeGreaterThan(500);
    expect(e.pangu.table.underReplicated).toBeGreaterThan(0.5 * e.pangu.table.chunks);
    expect(e.sim.counters.chunkReports).toBeGreaterThan(1000); // servers re-registering over and over
    expect(e.servers.counts().up).toBe(400);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('guarded, same seed: the breaker holds recovery while the cluster looks dead; after the restore the reports are processed and nothing grows', () => {
    const { e, peakFalse, peakCoreAfter, declAfter, peakOffline, cap } = storm('guarded', true, {}, 30 * MIN);
    expect(peakFalse).toBe(400); // the same cut-off…
    expect(e.recovery.guard.trips).toBeGreaterThan(0);
    expect(declAfter).toBe(0); // …but nobody is declared dead after the restore
    expect(peakCoreAfter).toBeLessThan(1); // the clients' ≈ 0.5 plus throttled copies below the knee
    expect(e.pangu.reports.waiting).toBe(0);
    expect(e.pangu.table.underReplicated).toBe(0);
    expect(e.sim.counters.chunkReports).toBe(400); // each server reported once
    expect(peakOffline).toBeLessThanOrEqual(cap);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('naive and guarded differ where the storm view looks: believed dead, recovery traffic, links (frame fields and series)', () => {
    const a = storm('naive', true, {}, 25 * MIN).e,
      b = storm('guarded', true, {}, 25 * MIN).e;
    const fa = a.frame(),
      fb = b.frame();
    for (const f of [fa, fb]) {
      for (const k of ['suspect', 'believedDead', 'falselyDead', 'up'] as const) expect(typeof f.counts[k]).toBe('number');
      expect(f.rackUtil.length).toBe(10);
      expect(typeof f.storage.recoveryGbps.nic).toBe('number');
      expect(typeof f.recovery.demandGbps).toBe('number');
      for (const s of ['falselyDead', 'believedDead', 'recoveryGbps', 'recoveryDemandGbps', 'coreUtil', 'reportsWaiting'])
        expect(f.series.series[s], s).toBeDefined();
    }
    const peakAfter = (f: typeof fa, name: string) => {
      const t = f.series.t,
        v = f.series.series[name];
      let m = 0;
      for (let i = 0; i < t.length; i++) if (t[i] > 16 * MIN) m = Math.max(m, v[i]);
      return m;
    };
    expect(peakAfter(fa, 'believedDead')).toBeGreaterThan(20);
    expect(peakAfter(fb, 'believedDead')).toBe(0);
    expect(peakAfter(fa, 'recoveryDemandGbps')).toBeGreaterThan(2 * peakAfter(fb, 'recoveryDemandGbps'));
    expect(peakAfter(fa, 'coreUtil')).toBeGreaterThan(1.5 * peakAfter(fb, 'coreUtil'));
  });
});

describe('storm presets', () => {
  it('come in pairs one scenario apart: only the policy differs', () => {
    for (const [n, g] of [
      ['mirror-storm', 'mirror-storm-guarded'],
      ['mirror-storm-night', 'mirror-storm-night-guarded'],
    ]) {
      const a = presetByName(n)!.scenario,
        b = presetByName(g)!.scenario;
      expect(a.seed).toBe(b.seed);
      expect(a.timeline).toEqual(b.timeline);
      expect({ ...a.params, 'recovery.policy': 'x' }).toEqual({ ...b.params, 'recovery.policy': 'x' });
      expect([a.params['recovery.policy'], b.params['recovery.policy']]).toEqual(['naive', 'guarded']);
    }
    // by day: the cluster's normal client traffic
    expect(presetByName('mirror-storm')!.scenario.params['workload.nodeGbps']).toBeUndefined();
  });
});
