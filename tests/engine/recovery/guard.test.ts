import { describe, expect, it } from 'vitest';
import { engine, HOUR, MIN } from './helpers';

describe('the 1 % cap on automatic offlining (R3)', () => {
  const slowRun = (policy: string) => {
    // 5 % of disks turn slow: far more than the cap allows to go offline. (Heartbeats are kept
    // immune to load here, so naive recovery cannot start a storm: this test is about offlining.)
    const e = engine({
      'recovery.policy': policy,
      'workload.enabled': false,
      'storage.diskFill': 0.05,
      'network.lossKnee': 5,
      'network.lossFull': 10,
    });
    e.runUntil(MIN);
    e.perturb('slow-random-disks', { fraction: 0.05, factor: 20 });
    const cap = Math.floor(0.01 * e.topo.disks);
    let peak = 0;
    for (let t = 2 * MIN; t <= 4 * HOUR; t += MIN) {
      e.runUntil(t);
      peak = Math.max(peak, e.pangu.offlineDisks);
      if (policy === 'guarded') expect(e.pangu.offlineDisks).toBeLessThanOrEqual(cap);
    }
    return { e, peak, cap };
  };

  it('guarded: never more than 1 % of disks offline at once, and the cap is reached', () => {
    const { e, peak, cap } = slowRun('guarded');
    expect(cap).toBe(48);
    expect(peak).toBe(cap);
    expect(e.pangu.offlinePeak).toBeLessThanOrEqual(cap);
    expect(e.summary(0).detection.disksAutoOfflinedPeak).toBeLessThanOrEqual(cap);
    expect(e.frame().recovery.offlineLimit).toBe(cap);
  });

  it('naive offlines past the cap; off offlines nothing', () => {
    expect(slowRun('naive').peak).toBeGreaterThan(48);
    expect(slowRun('off').peak).toBe(0);
  });
});

describe('the circuit breaker (R2)', () => {
  it('trips when a large share of servers looks dead, stops and sheds recovery, resumes on an operator’s word', () => {
    const e = engine({ 'storage.chunks': 10_000 });
    e.runUntil(MIN);
    for (let n = 0; n < 40; n++) e.perturb('node-crash', { node: n * 10 }); // 10 % of servers, in every rack
    e.runUntil(4 * MIN);
    const g = e.recovery.guard;
    expect(g.deadCount).toBe(40);
    expect(g.tripped).toBe(1);
    expect(g.trips).toBe(1);
    expect(e.sim.counters.circuitBreakerTrips).toBe(1);
    expect(e.sim.log.counts.get('recovery.breakerTripped')).toBe(1);
    expect(e.frame().recovery.tripped).toBe(true);
    const started = e.pangu.rereplication.started;
    e.runUntil(30 * MIN);
    expect(e.pangu.rereplication.started).toBe(started); // no new copies
    expect(e.pangu.rereplication.offeredGbps).toBe(0); // load shed
    expect(e.pangu.table.underReplicated).toBeGreaterThan(0);
    e.perturb('recovery-resume');
    expect(g.tripped).toBe(0);
    e.runUntil(40 * MIN);
    expect(g.tripped).toBe(0); // not re-tripped over the same fault
    expect(e.pangu.rereplication.started).toBeGreaterThan(started);
    expect(g.tripLog[0]).toMatchObject({ by: 'operator' });
    expect(e.summary(0).recovery).toMatchObject({ policy: 'guarded', circuitBreakerTrips: 1 });
  });

  it('closes by itself once the fault shrinks below the lower threshold (hysteresis)', () => {
    const e = engine();
    e.runUntil(MIN);
    for (let n = 0; n < 30; n++) e.perturb('node-crash', { node: n * 13 }); // 7.5 %
    e.runUntil(4 * MIN);
    expect(e.recovery.guard.tripped).toBe(1);
    for (let n = 0; n < 15; n++) e.perturb('node-restart', { node: n * 13 }); // 3.75 %: below 5 % but above 2.5 %
    e.runUntil(12 * MIN);
    expect(e.recovery.guard.tripped).toBe(1);
    for (let n = 15; n < 25; n++) e.perturb('node-restart', { node: n * 13 }); // 1.25 %
    e.runUntil(20 * MIN);
    expect(e.recovery.guard.tripped).toBe(0);
    expect(e.recovery.guard.tripLog[0]).toMatchObject({ by: 'auto' });
    expect(e.sim.log.counts.get('recovery.breakerClosed')).toBe(1);
  });

  it('the policy can be switched live; off stops recovery, naive ignores the per-server stream limit', () => {
    const e = engine({ 'recovery.policy': 'off' });
    e.runUntil(MIN);
    e.perturb('fail-random-nodes', { count: 3 });
    e.runUntil(10 * MIN);
    expect(e.pangu.rereplication.started).toBe(0);
    e.perturb('set', { path: 'recovery.policy', value: 'naive' });
    e.runUntil(12 * MIN);
    const r = e.pangu.rereplication;
    expect(r.started).toBeGreaterThan(0);
    expect(Math.max(...r.outStreams)).toBeGreaterThan(e.sim.params['recovery.maxStreamsPerNode']);
    expect(e.frame().recovery.policy).toBe('naive');
  });
});
