/**
 * The frame's figures the lessons teach with (issue 16 §3): what waiting before
 * re-copying costs both ways (storage.outDelay), the Copysets comparison for 1 % of
 * servers failing at once (storage.ifOnePercentFail), and each user's p99 at the
 * master (ops.userP99Ms) — each against the engine's own state.
 */
import { describe, expect, it } from 'vitest';
import { engine, MIN, type P } from './recovery/helpers';
import { whatIfCopyset, lossIfAny } from '../../worker/engine/pangu/whatIf';

const lean: P = { 'scheduler.enabled': false, 'writes.enabled': false, 'storage.diskFill': 0.05 };

/** Rack 3 loses power at 1 min and is back at `backAt`; the frame at `until`. (A rack is a tenth of 400 servers: the guard's large-failure breaker is raised out of the way.) */
function rackReboot(backAt: number, until: number, params: P = {}) {
  const e = engine({ ...lean, 'recovery.largeFailureShare': 0.5, 'recovery.largeBacklogShare': 0.9, ...params });
  e.runUntil(MIN);
  e.perturb('rack-power-off', { rack: 3 });
  e.runUntil(backAt);
  e.perturb('rack-power-on', { rack: 3 });
  e.runUntil(until);
  return e;
}

describe('storage.outDelay: the reboot trade-off in the frame', () => {
  it('a reboot inside the wait: its servers back before out, nothing copied for them, chunk-hours one copy short', () => {
    const e = rackReboot(5 * MIN, 15 * MIN);
    const o = e.frame().storage.outDelay;
    expect(o.delayMs).toBe(10 * MIN);
    expect(o.serversBackBeforeOut).toBe(40);
    expect(o.serversMarkedOut).toBe(0);
    expect(o.copiedForReturnedBytes).toBe(0);
    // 40 servers' real replicas, each waiting between 1 min and the 10-min wait (declared dead ≈ 2 min, reported after booting)
    const k = e.pangu.chunksPerGroup;
    let replicas = 0;
    for (let n = 120; n < 160; n++) replicas += e.pangu.serverReplicaCount(n) * k;
    expect(o.oneCopyShortChunkHours).toBeGreaterThan(replicas * (1 / 60));
    expect(o.oneCopyShortChunkHours).toBeLessThan(replicas * (10 / 60));
  });

  it('without the wait the same reboot is copied, and the copies are trimmed as wasted when the rack returns', () => {
    const e = rackReboot(5 * MIN, 15 * MIN, { 'recovery.outDelayMs': 0 });
    const o = e.frame().storage.outDelay;
    expect(o.delayMs).toBe(0);
    expect(o.oneCopyShortChunkHours).toBe(0);
    expect(e.frame().recovery.tripped).toBe(false);
    expect(e.pangu.trimmed).toBeGreaterThan(0);
    expect(o.copiedForReturnedBytes).toBe(e.pangu.trimmed * e.pangu.chunkBytes);
  });
});

describe('storage.ifOnePercentFail: the Copysets comparison', () => {
  it('the closed form at the defaults: copyset loses rarely (< 1 %), but tens of thousands of chunks when it does', () => {
    const N = 375e6;
    const cs = whatIfCopyset([0, 0, 0, N], 5000, 50, 10);
    expect(cs.expectedLostChunks).toBeCloseTo((N * 50 * 49 * 48) / (5000 * 4999 * 4998), 6); // ≈ 353, as for any placement
    expect(cs.pLoss).toBeGreaterThan(0.005);
    expect(cs.pLoss).toBeLessThan(0.01);
    expect(lossIfAny(cs.expectedLostChunks, cs.pLoss)).toBeGreaterThan(30_000);
    expect(lossIfAny(0, 0)).toBe(0);
  });

  it('for a copyset run it agrees with the run’s own field; for a rack-aware run the loss is near certain and small', () => {
    const cs = engine({ ...lean, 'storage.placement': 'copyset' }).frame().storage.ifOnePercentFail;
    expect(cs.servers).toBe(4);
    expect(cs.copysetPLoss / cs.pLoss).toBeGreaterThan(0.97);
    expect(cs.copysetPLoss / cs.pLoss).toBeLessThan(1.03);
    const ra = engine({ ...lean, 'storage.placement': 'rack-aware' }).frame().storage.ifOnePercentFail;
    expect(ra.pLoss).toBeGreaterThan(10 * ra.copysetPLoss);
    expect(ra.lossIfAnyChunks).toBeLessThan(ra.copysetLossIfAnyChunks / 10);
    expect(ra.expectedLostChunks).toBeGreaterThan(0);
  });
});

describe('ops.userP99Ms: every user’s latency at the master', () => {
  it('a flood on an unprotected master slows every user, not only the flooder; protection gives the others their milliseconds back', () => {
    const e = engine({ ...lean, 'master.protection': false });
    e.runUntil(MIN);
    const before = e.frame().ops;
    expect(before.floodUser).toBe(-1);
    expect(before.userP99Ms.length).toBe(e.sim.params['master.users']);
    expect(Math.max(...before.userP99Ms)).toBeLessThan(100);
    e.perturb('file-flood', { files: 30_000_000, user: 2 });
    e.runUntil(6 * MIN);
    const flooded = e.frame().ops;
    expect(flooded.floodUser).toBe(2);
    const others = [...flooded.userP99Ms].filter((_, u) => u !== 2);
    expect(Math.min(...others)).toBeGreaterThan(1000);
    e.perturb('set', { path: 'master.protection', value: 'true' });
    e.runUntil(6 * MIN + e.sim.params['master.p99WindowMs'] + MIN);
    const guarded = e.frame().ops;
    expect(Math.max(...[...guarded.userP99Ms].filter((_, u) => u !== 2))).toBeLessThan(100);
  });
});
