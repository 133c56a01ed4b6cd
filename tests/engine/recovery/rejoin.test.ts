import { describe, expect, it } from 'vitest';
import { engine, MIN } from './helpers';
import { ALIVE, DEAD } from '../../../worker/engine/detection/heartbeat';

/**
 * Re-registration (pangu/chunkReports.ts): a server the master declared dead counts
 * again only once the master has processed its chunk report; copies made meanwhile are
 * trimmed. Small disks (5 % full) so copies finish in ~100 s; slow report processing
 * (500 µs per chunk ≈ 9 s per server) so the queue is visible. Guarded recovery with the
 * breaker's thresholds raised, so the rack's data (10 % of servers, 30 % of chunks) is copied
 * meanwhile.
 */
const RACK = 3;
const rackNodes = Array.from({ length: 40 }, (_, i) => RACK * 40 + i);

describe('a falsely dead server re-registers and reports its chunks (rejoin)', () => {
  const run = () => {
    const e = engine({
      'recovery.largeFailureShare': 0.5,
      'recovery.largeBacklogShare': 0.5,
      'writes.enabled': false,
      'storage.diskFill': 0.05,
      'master.reportUsPerChunk': 500,
      'recovery.outDelayMs': 0,
    });
    e.runUntil(MIN);
    e.perturb('tor-down', { rack: RACK });
    e.runUntil(6 * MIN);
    return e;
  };

  it('heard again, it is alive but its replicas wait for the master to process its report', () => {
    const e = run();
    for (const n of rackNodes) expect(e.detector.belief[n]).toBe(DEAD);
    const completedBefore = e.pangu.rereplication.completed;
    expect(completedBefore).toBeGreaterThan(100); // its data was being re-created meanwhile
    const under = e.pangu.table.underReplicated;
    e.perturb('tor-up', { rack: RACK });
    e.runUntil(6 * MIN + 5_000);
    const r = e.pangu.reports;
    for (const n of rackNodes) expect(e.detector.belief[n]).toBe(ALIVE);
    expect(e.sim.counters.chunkReports).toBe(40);
    expect(r.processed).toBeLessThan(3);
    expect(r.waiting).toBe(40 - r.processed);
    // not counted yet: nearly all of the rack's chunks still count as missing
    expect(e.pangu.table.underReplicated).toBeGreaterThan(0.5 * under);
    // a report costs master time: one every ~9 s, in arrival order
    e.runUntil(7 * MIN);
    expect(r.processed).toBeGreaterThan(3);
    expect(r.processed).toBeLessThan(12);
    expect(e.frame().recovery.reportsWaiting).toBe(r.waiting);
    e.runUntil(15 * MIN);
    expect(r.waiting).toBe(0);
    expect(r.processed).toBe(40);
    for (const n of rackNodes) expect(r.unreported[n]).toBe(0);
    // the copies made meanwhile are extras now: trimmed, nobody over-replicated, nothing lost
    expect(e.pangu.trimmed).toBeGreaterThan(100);
    expect(e.pangu.table.overReplicated).toBe(0);
    expect(e.pangu.table.lost).toBe(0);
  });

  it('a server declared dead again before its report was processed loses its place and reports again', () => {
    const e = run();
    e.perturb('tor-up', { rack: RACK });
    e.runUntil(6 * MIN + 5_000);
    e.perturb('tor-down', { rack: RACK });
    e.runUntil(8 * MIN);
    const r = e.pangu.reports;
    const processed = r.processed;
    expect(processed).toBeLessThan(40);
    expect(r.waiting).toBe(0); // the rest were dropped when the rack was declared dead again
    e.perturb('tor-up', { rack: RACK });
    e.runUntil(20 * MIN);
    expect(e.sim.counters.chunkReports).toBe(80);
    expect(r.waiting).toBe(0);
    for (const n of rackNodes) expect(r.unreported[n]).toBe(0);
    expect(e.pangu.table.overReplicated).toBe(0);
  });

  it('no master, no reports processed: the queue waits for the standby', () => {
    const e = run();
    e.perturb('tor-up', { rack: RACK });
    e.runUntil(6 * MIN + 5_000);
    e.perturb('master-fail');
    const p = e.pangu.reports.processed;
    e.runUntil(6 * MIN + 25_000); // standby after 30 s
    expect(e.pangu.reports.processed).toBe(p);
    e.runUntil(15 * MIN);
    expect(e.pangu.reports.waiting).toBe(0);
  });
});
