import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { D_NORMAL, D_OFFLINE, D_SUSPECT } from '../../../worker/engine/pangu/slowDisk';
import { verifyTable } from './verify';

const MIN = 60_000;
const quiet = { 'cluster.nodes': 400, 'storage.chunks': 50_000, 'faults.nodeMtbfHours': 1e9, 'faults.diskFailureMultiplier': 0 };
const engine = (params: Record<string, number | string | boolean> = {}) => new Engine({ ...defaultScenario(), params: { ...quiet, ...params } });
const chunksOn = (e: Engine, d: number) => {
  const l = e.pangu.table.lists;
  return Array.from({ length: l.len[d] }, (_, i) => (l.get(d, i) / e.pangu.table.slots) | 0);
};

describe('slow disks (P6): suspect → no new data → extra replicas → offline', () => {
  it('a disk at a tenth of its speed goes through the three steps; truth and belief stay apart', () => {
    const e = engine();
    const p = e.pangu;
    const t = p.table;
    const d = 2024;
    e.runUntil(MIN);
    const chunks = chunksOn(e, d);
    expect(chunks.length).toBeGreaterThan(10);
    e.perturb('disk-slow', { disk: d, factor: 10 });
    expect(p.diskSlow[d]).toBe(10); // truth
    expect(p.diskBelief[d]).toBe(D_NORMAL); // not yet believed
    // Suspect after slowDiskWindows (3) windows of 60 s.
    let suspectAt = -1;
    let maxPresent = 0;
    let listMax = t.lists.len[d];
    while (e.now < 4 * 60 * MIN && p.diskBelief[d] !== D_OFFLINE) {
      e.runUntil(e.now + 10_000);
      if (suspectAt < 0 && p.diskBelief[d] === D_SUSPECT) {
        suspectAt = e.now;
        listMax = t.lists.len[d];
      }
      if (suspectAt >= 0 && p.diskBelief[d] === D_SUSPECT) {
        // (1) nothing new is written to it
        expect(t.lists.len[d]).toBeLessThanOrEqual(listMax);
        for (const c of chunks) maxPresent = Math.max(maxPresent, t.present[c]);
      }
    }
    expect(suspectAt).toBeGreaterThanOrEqual(MIN + 3 * MIN - 10_000);
    expect(suspectAt).toBeLessThan(MIN + 5 * MIN);
    expect(e.sim.counters.slowDisksDetected).toBe(1);
    expect(e.sim.counters.slowDisksFalselyDetected ?? 0).toBe(0);
    // (2) its chunks got a fourth copy while it was suspect
    expect(maxPresent).toBe(4);
    // (3) offline once everything on it had a copy elsewhere; nothing lost, exactly 3 copies each now
    expect(p.diskBelief[d]).toBe(D_OFFLINE);
    expect(t.lists.len[d]).toBe(0);
    for (const c of chunks) {
      expect(t.live[c]).toBe(3);
      expect(t.present[c]).toBe(3);
    }
    expect(t.lost).toBe(0);
    expect(t.replicas).toBe(3 * t.chunks);
    expect(p.offlineDisks).toBe(1);
    expect(p.diskSlow[d]).toBe(10); // the truth did not change: it is still a slow disk, now out of service
    expect(verifyTable(t)).toEqual([]);
    const s = e.summary(0);
    expect(s.detection.slowDisksDetected).toBe(1);
    expect(s.detection.disksAutoOfflinedPeak).toBe(1);
  });

  it('a healthy disk on a busy server can be wrongly suspected when the threshold is too tight — visible as false', () => {
    const e = engine({ 'detection.slowDiskShare': 0.04, 'detection.slowDiskWindows': 1 });
    e.runUntil(20 * MIN);
    const falsely = e.sim.counters.slowDisksFalselyDetected ?? 0;
    expect(falsely).toBeGreaterThan(0);
    expect(e.frame().storage.falselySuspectedDisks).toBeGreaterThan(0);
    // none of them is truly slow
    let wrong = 0;
    for (let d = 0; d < e.topo.disks; d++) if (e.pangu.diskBelief[d] !== D_NORMAL && e.pangu.diskSlow[d] <= 1) wrong++;
    expect(wrong).toBe(e.frame().storage.falselySuspectedDisks);
  });

  it('the default thresholds leave healthy disks alone and catch most of 1 % slowed disks', () => {
    const e = engine();
    e.runUntil(30 * MIN);
    expect(e.sim.counters.slowDisksDetected ?? 0).toBe(0);
    e.perturb('slow-random-disks', { fraction: 0.01, factor: 10 });
    e.runUntil(60 * MIN);
    const detected = e.sim.counters.slowDisksDetected ?? 0;
    expect(detected).toBeGreaterThan(0.8 * 48);
    expect(e.sim.counters.slowDisksFalselyDetected ?? 0).toBe(0);
  });

  it('the offline step can be held back by a guard (seam for the 1 % cap)', () => {
    const e = engine();
    e.pangu.offlineGate = () => false;
    e.perturb('disk-slow', { disk: 7, factor: 20 });
    e.runUntil(3 * 60 * MIN);
    expect(e.pangu.diskBelief[7]).toBe(D_SUSPECT);
    expect(e.pangu.table.underReplicated).toBe(0); // its data has extra copies already
  });
});
