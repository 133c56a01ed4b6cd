import { describe, expect, it } from 'vitest';
import { engine, HOUR, MIN } from './helpers';
import { D_FAILED, D_NORMAL } from '../../../worker/engine/pangu/slowDisk';
import { H_NEW, H_OK, H_REPAIR, H_TICKET } from '../../../worker/engine/recovery/huatuo';

describe('Huatuo closes the repair loop (R4)', () => {
  it('disk fails → repair try fails → ticket → batch replacement → new disk found and in service', () => {
    const e = engine({ 'huatuo.repairSuccess': 0, 'huatuo.batchIntervalHours': 6, 'huatuo.pollMs': 70_000 });
    const h = e.recovery.huatuo;
    e.runUntil(MIN);
    const d = 1234;
    e.perturb('disk-fail', { disk: d });
    expect(e.pangu.diskBelief[d]).toBe(D_FAILED);
    e.runUntil(2 * MIN + 30_000);
    expect(h.disk[d]).toBe(H_REPAIR);
    expect(e.frame().recovery.huatuo.repairing).toBe(1);
    e.runUntil(40 * MIN);
    expect(h.disk[d]).toBe(H_TICKET);
    expect(e.sim.counters.repairTickets).toBe(1);
    e.runUntil(6 * HOUR + 1);
    expect(h.disk[d]).toBe(H_NEW);
    expect(e.sim.counters.disksReplaced).toBe(1);
    e.runUntil(6 * HOUR + 3 * MIN);
    expect(h.disk[d]).toBe(H_OK);
    expect(e.pangu.diskBelief[d]).toBe(D_NORMAL);
    expect(e.pangu.diskFailed[d]).toBe(0);
    expect(e.pangu.failedDisks).toBe(0);
    const s = e.summary(0) as unknown as { ops: { repairTickets: number; disksReplaced: number } };
    expect(s.ops).toMatchObject({ repairTickets: 1, disksReplaced: 1 });
  });

  it('a successful repair puts the disk back at once, no ticket; a slow disk offlined by the master is repaired too', () => {
    const e = engine({ 'huatuo.repairSuccess': 1, 'huatuo.pollMs': 60_000, 'workload.enabled': false, 'storage.diskFill': 0.05 });
    e.runUntil(MIN);
    e.perturb('disk-fail', { disk: 77 });
    e.perturb('disk-slow', { disk: 500, factor: 20 });
    e.runUntil(3 * HOUR);
    expect(e.sim.counters.huatuoRepaired).toBeGreaterThanOrEqual(2);
    expect(e.sim.counters.repairTickets ?? 0).toBe(0);
    expect(e.pangu.diskBelief[77]).toBe(D_NORMAL);
    expect(e.pangu.diskBelief[500]).toBe(D_NORMAL);
    expect(e.pangu.diskSlow[500]).toBe(1);
  });

  it('a failed system disk: server down → ticket → swap → reinstall and redeploy → the server boots and rejoins', () => {
    const e = engine({ 'huatuo.batchIntervalHours': 2, 'huatuo.pollMs': 60_000, 'huatuo.reinstallMinutes': 20 });
    e.runUntil(MIN);
    e.perturb('system-disk-fail', { node: 9 });
    expect(e.servers.truth[9]).toBe(2); // crashed
    e.runUntil(3 * MIN);
    expect(e.sim.counters.repairTickets).toBe(1);
    e.runUntil(2 * HOUR + 1);
    expect(e.sim.counters.disksReplaced).toBe(1);
    expect(e.servers.truth[9]).toBe(2);
    e.runUntil(2 * HOUR + 20 * MIN + 10 * MIN);
    expect(e.servers.truth[9]).toBe(0);
    expect(e.detector.belief[9]).toBe(0);
    expect(e.sim.log.counts.get('huatuo.redeployed')).toBe(1);
  });
});
