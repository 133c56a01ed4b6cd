import { describe, expect, it } from 'vitest';
import { engine, MIN, type P } from './helpers';
import { DEAD } from '../../../worker/engine/detection/heartbeat';

/**
 * Reboot vs declared dead (issue 14): a server declared dead is re-copied only after
 * recovery.outDelayMs. A reboot shorter than the wait copies nothing but leaves its
 * chunks one copy short meanwhile; a longer outage is re-copied, and the copies are
 * trimmed (wasted) when it comes back.
 */
const lean: P = { 'scheduler.enabled': false, 'writes.enabled': false, 'storage.diskFill': 0.05 };
const NODE = 42;

/** Crash a server at 1 min, restart it at `restartAt`, run until `until`. */
function outage(restartAt: number, until: number, params: P = {}) {
  const e = engine({ ...lean, ...params });
  e.runUntil(MIN);
  e.perturb('node-crash', { node: NODE });
  e.runUntil(restartAt);
  const during = {
    believedDead: e.detector.belief[NODE] === DEAD,
    under: e.pangu.table.underReplicated,
    copiesDone: e.pangu.rereplication.completed,
  };
  e.perturb('node-restart', { node: NODE });
  e.runUntil(until);
  const s = e.pangu.summary() as ReturnType<typeof e.pangu.summary> & Record<string, number>;
  return { e, during, s };
}

describe('reboot vs declared dead: the wait before re-copying (recovery.outDelayMs)', () => {
  it('a reboot shorter than the wait copies nothing; its chunks spent the wait one copy short', () => {
    const { e, during, s } = outage(4 * MIN, 12 * MIN); // declared dead ≈ 2 min, back ≈ 7 min; wait 10 min
    expect(during.believedDead).toBe(true);
    expect(during.under).toBe(0); // nothing queued for copying while it waits
    expect(e.pangu.rereplication.completed).toBe(0);
    expect(e.pangu.rereplication.started).toBe(0);
    expect(s.serversBackBeforeOut).toBe(1);
    expect(s.serversMarkedOut).toBe(0);
    expect(s.copiedForReturnedTB).toBe(0);
    expect(s.copyShortChunkHours).toBeGreaterThan(0);
    expect(e.pangu.table.underReplicated).toBe(0);
  });

  it('an outage longer than the wait is re-copied after it, and the copies are wasted when the server returns', () => {
    const { e, during, s } = outage(30 * MIN, 40 * MIN);
    expect(during.copiesDone).toBeGreaterThan(0);
    expect(s.serversMarkedOut).toBe(1);
    expect(s.serversBackBeforeOut).toBe(0);
    expect(s.copiedForReturnedTB).toBeGreaterThan(0);
    expect(e.pangu.trimmed).toBeGreaterThan(0);
    // the wait cost: its real chunk replicas (groups × chunksPerGroup) × about 10 minutes
    const replicas = (e.pangu.serverReplicaCount(NODE) + e.pangu.trimmed) * e.pangu.chunksPerGroup;
    expect(s.copyShortChunkHours).toBeGreaterThan(0.5 * replicas * (10 / 60));
    expect(s.copyShortChunkHours).toBeLessThan(1.5 * replicas * (10 / 60));
  });

  it('the same outage is not re-copied while the wait lasts', () => {
    const e = engine(lean);
    e.runUntil(MIN);
    e.perturb('node-crash', { node: NODE });
    e.runUntil(11 * MIN); // declared dead at ≈ 2 min: still waiting
    expect(e.detector.belief[NODE]).toBe(DEAD);
    expect(e.pangu.outDelay.waiting[NODE]).toBe(1);
    expect(e.pangu.table.underReplicated).toBe(0);
    e.runUntil(14 * MIN); // out at ≈ 12 min
    expect(e.pangu.outDelay.waiting[NODE]).toBe(0);
    expect(e.pangu.table.underReplicated + e.pangu.rereplication.completed).toBeGreaterThan(0);
  });

  it('without the wait the short reboot is re-copied, and wasted: the trade-off both ways', () => {
    const wait = outage(4 * MIN, 12 * MIN);
    const now = outage(4 * MIN, 12 * MIN, { 'recovery.outDelayMs': 0 });
    expect(now.e.pangu.rereplication.completed).toBeGreaterThan(0);
    expect(now.s.copiedForReturnedTB).toBeGreaterThan(wait.s.copiedForReturnedTB);
    expect(now.s.copyShortChunkHours).toBe(0);
    expect(wait.s.copyShortChunkHours).toBeGreaterThan(0);
  });

  it('naive recovery does not wait (the EC2 way)', () => {
    const { e } = outage(4 * MIN, 5 * MIN, { 'recovery.policy': 'naive' });
    expect(e.pangu.outDelay.delayMs()).toBe(0);
    expect(e.pangu.rereplication.completed + e.pangu.table.underReplicated).toBeGreaterThan(0);
  });

  it('a server declared dead again after returning waits afresh (the first wait’s end is stale)', () => {
    const e = engine(lean);
    e.runUntil(MIN);
    e.perturb('node-crash', { node: NODE });
    e.runUntil(4 * MIN);
    e.perturb('node-restart', { node: NODE });
    e.runUntil(8 * MIN); // back
    e.perturb('node-crash', { node: NODE });
    e.runUntil(12 * MIN + 30_000); // first wait would have ended ≈ 12 min; the second began ≈ 9 min
    expect(e.pangu.outDelay.waiting[NODE]).toBe(1);
    expect(e.pangu.table.underReplicated).toBe(0);
  });
});
