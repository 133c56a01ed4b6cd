import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario } from '../../worker/scenario/schema';
import { BOOTING, POWER_OFF, UP, CRASHED, GONE } from '../../worker/engine/cluster/servers';
import { ALIVE, DEAD, SUSPECT } from '../../worker/engine/detection/heartbeat';
import { lossAt } from '../../worker/engine/cluster/network';

const SEC = 1000,
  MIN = 60_000;
const engine = (params: Record<string, number | string | boolean> = {}) =>
  new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 400, 'faults.nodeMtbfHours': 1e9, 'faults.powerCycleFailure': 0, ...params } });

/** Servers failing and coming back, without what they would carry (jobs, writes, client load, a million chunks): a faster run of the same lifecycle. */
const LEAN = { 'scheduler.enabled': false, 'writes.enabled': false, 'workload.enabled': false, 'storage.chunks': 20_000 };

const rackNodes = (e: Engine, r: number) => Array.from({ length: e.topo.nodesPerRack }, (_, k) => r * e.topo.nodesPerRack + k);

describe('topology', () => {
  it('has the articles’ default shape: 5,000 servers, 125 racks of 40, 60,000 disks', () => {
    const e = new Engine(defaultScenario());
    expect([e.topo.nodes, e.topo.racks, e.topo.nodesPerRack, e.topo.disks]).toEqual([5000, 125, 40, 60000]);
    expect(new Set(e.topo.gen).size).toBe(3); // hardware generations differ (C4)
    expect(e.topo.cpu[0]).toBeLessThan(e.topo.cpu[4999]);
  });

  it('handles a partial last rack', () => {
    const e = engine({ 'cluster.nodes': 410 });
    expect(e.topo.racks).toBe(11);
    expect(e.topo.rackSize[10]).toBe(10);
  });
});

describe('truth vs belief', () => {
  it('a rack power cut: truth changes at once, the master declares dead only after the timeout', () => {
    const e = engine();
    e.runUntil(2 * MIN);
    e.perturb('rack-power-off', { rack: 4 });
    const nodes = rackNodes(e, 4);
    for (const i of nodes) expect(e.servers.truth[i]).toBe(POWER_OFF);
    for (const i of nodes) expect(e.detector.belief[i]).toBe(ALIVE);
    e.runUntil(2 * MIN + 15 * SEC);
    for (const i of nodes) expect(e.detector.belief[i]).toBe(SUSPECT);
    e.runUntil(2 * MIN + 66 * SEC);
    for (const i of nodes) expect(e.detector.belief[i]).toBe(DEAD);
    expect(e.sim.counters.nodesDeclaredDead).toBe(40);
    expect(e.sim.counters.falselyDeclaredDead ?? 0).toBe(0);
    // other racks untouched
    expect(e.detector.belief[0]).toBe(ALIVE);
  });

  it('power back: servers boot (not up at once), then rejoin', () => {
    const e = engine({ 'cluster.bootMs': 120_000 });
    e.perturb('rack-power-off', { rack: 1 });
    e.runUntil(5 * MIN);
    e.perturb('rack-power-on', { rack: 1 });
    const nodes = rackNodes(e, 1);
    for (const i of nodes) expect(e.servers.truth[i]).toBe(BOOTING);
    e.runUntil(5 * MIN + 90 * SEC); // boot takes 0.8–1.2 × 120 s
    for (const i of nodes) expect(e.servers.truth[i]).toBe(BOOTING);
    e.runUntil(5 * MIN + 150 * SEC);
    for (const i of nodes) expect(e.servers.truth[i]).toBe(UP);
    for (const i of nodes) expect(e.detector.belief[i]).toBe(ALIVE);
    expect(e.sim.log.counts.get('node.rejoined')).toBe(40);
  });

  it('a failed top-of-rack switch: servers are up but unreachable and are declared dead (not falsely)', () => {
    const e = engine();
    e.perturb('tor-down', { rack: 2 });
    e.runUntil(2 * MIN);
    for (const i of rackNodes(e, 2)) {
      expect(e.servers.truth[i]).toBe(UP);
      expect(e.detector.belief[i]).toBe(DEAD);
    }
    expect(e.sim.counters.falselyDeclaredDead ?? 0).toBe(0);
    e.perturb('tor-up', { rack: 2 });
    e.runUntil(2 * MIN + 4 * SEC);
    for (const i of rackNodes(e, 2)) expect(e.detector.belief[i]).toBe(ALIVE);
  });

  it('moving traffic onto the small backup network overloads it and healthy servers are falsely declared dead', () => {
    const e = engine();
    e.runUntil(MIN);
    const before = e.net.coreUtil;
    e.perturb('network-maintenance');
    e.runUntil(MIN + 2 * SEC);
    expect(e.net.coreUtil).toBeGreaterThan(before * 5); // 10 % capacity
    e.runUntil(4 * MIN);
    expect(e.sim.counters.falselyDeclaredDead).toBeGreaterThan(100);
    expect(e.detector.counts().falselyDead).toBeGreaterThan(100);
    // while in truth every server is up
    expect(e.servers.counts().up).toBe(400);
    e.perturb('network-restore');
    e.runUntil(5 * MIN);
    expect(e.detector.counts().believedDead).toBe(0);
  });

  it('a generously sized backup network carries the load without false deaths', () => {
    const e = engine({ 'network.backupCapacity': 1 });
    e.perturb('network-maintenance');
    e.runUntil(10 * MIN);
    expect(e.sim.counters.falselyDeclaredDead ?? 0).toBe(0);
  });

  it('crash and restart; random failures are repaired; destroyed servers never return', () => {
    const e = engine({ ...LEAN, 'faults.nodeMtbfHours': 100, 'faults.nodeRepairHours': 0.5 });
    e.perturb('node-crash', { node: 7 });
    expect(e.servers.truth[7]).toBe(CRASHED);
    e.perturb('node-restart', { node: 7 });
    expect(e.servers.truth[7]).toBe(BOOTING);
    e.perturb('fail-random-nodes', { count: 4 });
    const gone = [...e.servers.gone].filter((x) => x === 1).length;
    expect(gone).toBe(4);
    e.runUntil(6 * 3_600_000);
    // 400 servers × 6 h ÷ 100 h MTBF ≈ 24 failures; repaired after ~30 min
    expect(e.sim.counters.nodeFailures).toBeGreaterThan(10);
    expect(e.sim.log.counts.get('node.repaired')).toBeGreaterThan(5);
    expect([...e.servers.truth].filter((s) => s === GONE).length).toBe(4);
  });

  it('whole-datacenter power off, then a staggered restart feed by feed', () => {
    // (masters powered elsewhere, so the master stays up to declare the room dead; issue 4 puts them in the room by default)
    const e = engine({
      'faults.powerCycleFailure': 0,
      'cluster.racksPerPowerDomain': 2,
      'cluster.powerOnDomainIntervalMs': 60_000,
      'cluster.bootMs': 100_000,
      'master.sharesRoomPower': false,
    });
    e.perturb('dc-power-off');
    expect(e.servers.counts().powerOff).toBe(400);
    e.runUntil(2 * MIN);
    expect(e.detector.counts().believedDead).toBe(400);
    e.perturb('dc-power-on');
    // 5 feeds of 2 racks: energized at +0, +1, +2, +3, +4 min
    expect(e.servers.counts().booting).toBe(80);
    expect(e.servers.counts().powerOff).toBe(320);
    e.runUntil(4 * MIN + 30 * SEC); // feeds 0, 1, 2 energized
    expect(e.servers.counts().powerOff).toBe(160);
    e.runUntil(5 * MIN + 30 * SEC);
    expect(e.servers.counts().powerOff).toBe(80);
    e.runUntil(2 * MIN + 4 * MIN + 130 * SEC);
    expect(e.servers.counts().up).toBe(400);
  });

  it('a few servers do not survive a power cycle and are repaired later', () => {
    // 400 servers at 10 % (≈ 40 fail, as 4,000 at 1 % would): the count, not the cluster size, is the point
    const e = engine({ ...LEAN, 'faults.powerCycleFailure': 0.1, 'faults.nodeRepairHours': 0.25, 'cluster.powerOnDomainIntervalMs': 0 });
    e.perturb('dc-power-off');
    e.runUntil(MIN);
    e.perturb('dc-power-on');
    e.runUntil(MIN + 1);
    const crashed = e.servers.counts().crashed;
    expect(crashed).toBeGreaterThan(15); // ≈ 40
    expect(crashed).toBeLessThan(80);
    expect(e.sim.log.counts.get('node.powerCycleFailed')).toBe(crashed);
    expect(e.servers.counts().up).toBeLessThan(400);
    e.runUntil(3 * 3_600_000); // mean repair 15 min: all back well within 3 h
    expect(e.sim.log.counts.get('node.repaired')).toBe(crashed);
    expect(e.servers.counts().up).toBe(400);
  });
});

describe('network loss curve', () => {
  it('is zero below the knee, one at full, monotone between', () => {
    expect(lossAt(0.5, 0.85, 1.6)).toBe(0);
    expect(lossAt(1.6, 0.85, 1.6)).toBe(1);
    let prev = 0;
    for (let u = 0.85; u <= 1.6; u += 0.05) {
      const l = lossAt(u, 0.85, 1.6);
      expect(l).toBeGreaterThanOrEqual(prev);
      prev = l;
    }
  });
});

describe('frames', () => {
  it('are fresh copies that summarize every server', () => {
    const e = engine();
    e.perturb('rack-power-off', { rack: 0 });
    e.runUntil(2 * MIN);
    const f = e.frame();
    expect(f.nodeState.length).toBe(400);
    expect(f.counts.powerOff).toBe(40);
    expect(f.counts.believedDead).toBe(40);
    expect(f.nodeState[0] & 0b111).toBe(POWER_OFF);
    expect((f.nodeState[0] >> 3) & 0b11).toBe(DEAD);
    f.nodeState.fill(0);
    expect(e.servers.truth[0]).toBe(POWER_OFF); // not the live array
    expect(f.series.t.length).toBe(12); // one sample per 10 s
    expect(f.log.some((l) => l.code === 'rack.powerOff')).toBe(true);
  });
});
