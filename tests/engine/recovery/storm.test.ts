import { describe, expect, it } from 'vitest';
import { engine, MIN, type P } from './helpers';
import { presetByName } from '../../../worker/scenario/presets';

/**
 * The mirror storm (F6) on 400 servers, one seed: a night's light client traffic, then
 * primary traffic moves to the 10 % backup network at 5 min (back at 35 min). The
 * backup network runs hot (core ≈ 1.3–1.45) but carries the clients; what follows depends
 * only on the recovery policy.
 */
const timeline = [
  { t: 5 * MIN, action: 'network-maintenance', args: {} },
  { t: 35 * MIN, action: 'network-restore', args: {} },
];
const storm = (policy: string, extra: P = {}) => {
  const e = engine({ 'recovery.policy': policy, 'workload.nodeGbps': 0.32, 'storage.chunks': 40_000, ...extra }, { seed: 7, timeline });
  let peakFalse = 0, peakCore = 0, falseAt15 = 0;
  for (let t = 5_000; t <= 60 * MIN; t += 5_000) {
    e.runUntil(t);
    peakFalse = Math.max(peakFalse, e.detector.counts().falselyDead);
    peakCore = Math.max(peakCore, e.net.coreUtil);
    if (t === 15 * MIN) falseAt15 = e.detector.counts().falselyDead;
  }
  return { e, peakFalse, peakCore, falseAt15 };
};

describe('the mirror storm (F6, R1)', () => {
  it('naive: overload → lost heartbeats → healthy servers declared dead → mass re-replication → more overload', () => {
    const { e, peakFalse, peakCore, falseAt15 } = storm('naive');
    expect(falseAt15).toBeGreaterThan(100); // it grew from a few servers to a large part of the cluster
    expect(peakFalse).toBeGreaterThan(200);
    expect(e.sim.counters.falselyDeclaredDead).toBeGreaterThan(1000);
    // the re-replication traffic is what overloads the links: far above the clients' ≈ 1.4
    expect(peakCore).toBeGreaterThan(5);
    expect(e.recovery.guard.peakOfferedGbps).toBeGreaterThan(500);
    // in truth every server was up all along, and the storm ends after the restore
    expect(e.servers.counts().up).toBe(400);
    expect(e.detector.counts().believedDead).toBe(0);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('guarded, same seed: recovery yields the hot network to clients — the storm does not grow', () => {
    const { e, peakFalse, peakCore } = storm('guarded');
    expect(peakFalse).toBeLessThan(10);
    expect(peakCore).toBeLessThan(1.7); // the clients' own load, nothing on top
    expect(e.sim.counters.falselyDeclaredDead ?? 0).toBeLessThan(40);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('guarded without its headroom rule: the circuit breaker alone keeps the storm small', () => {
    const { e, peakFalse } = storm('guarded', { 'recovery.coreHeadroomUtil': 10 });
    expect(e.recovery.guard.trips).toBeGreaterThan(0);
    expect(peakFalse).toBeLessThan(0.2 * 400);
    expect((e.summary(0).recovery as { circuitBreakerTrips: number }).circuitBreakerTrips).toBe(e.recovery.guard.trips);
  });

  it('off: the backup network alone declares almost nobody dead (R1: no automatic recovery, less damage)', () => {
    const { peakFalse } = storm('off');
    expect(peakFalse).toBeLessThan(10);
  });

  it('the mirror-storm presets are one scenario apart: only the policy differs', () => {
    const a = presetByName('mirror-storm')!.scenario, b = presetByName('mirror-storm-guarded')!.scenario;
    expect(a.seed).toBe(b.seed);
    expect(a.timeline).toEqual(b.timeline);
    expect({ ...a.params, 'recovery.policy': 'x' }).toEqual({ ...b.params, 'recovery.policy': 'x' });
    expect([a.params['recovery.policy'], b.params['recovery.policy']]).toEqual(['naive', 'guarded']);
  });
});
