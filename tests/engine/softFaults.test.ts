import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario } from '../../worker/scenario/schema';
import { POWER_OFF, UP } from '../../worker/engine/cluster/servers';
import { DEAD } from '../../worker/engine/detection/heartbeat';

const MIN = 60_000;
const engine = (params: Record<string, number | string | boolean> = {}) =>
  new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 400, 'faults.nodeMtbfHours': 1e9, 'faults.powerCycleFailure': 0, ...params } });

describe('detector corruption (S3 2008, F7)', () => {
  it('spreads from one server through the cluster with no hardware fault, until cleared', () => {
    const e = engine({ 'faults.gossipIntervalMs': 5000, 'faults.gossipFanout': 1 });
    e.runUntil(MIN);
    e.perturb('detector-corruption', { node: 17 });
    expect(e.corruption.count).toBe(1);
    e.runUntil(MIN + 30_000);
    const early = e.corruption.count;
    expect(early).toBeGreaterThan(1);
    e.runUntil(6 * MIN);
    expect(e.corruption.count).toBeGreaterThan(early);
    expect(e.corruption.count).toBeGreaterThan(300); // most of the 400
    // no hardware fault: every server is truly up, yet the master believes many dead
    expect(e.servers.counts().up).toBe(400);
    expect(e.detector.counts().falselyDead).toBeGreaterThan(200);
    e.perturb('detector-clear');
    expect(e.corruption.count).toBe(0);
    e.runUntil(7 * MIN);
    expect(e.detector.counts().believedDead).toBe(0);
    // stays cleared: the pending gossip round found nothing to spread
    e.runUntil(10 * MIN);
    expect(e.corruption.count).toBe(0);
  });

  it('does not spread to servers that are down', () => {
    const e = engine({ 'faults.gossipIntervalMs': 5000 });
    e.perturb('dc-power-off');
    e.perturb('detector-corruption', { node: 3 });
    e.runUntil(5 * MIN);
    expect(e.corruption.count).toBe(1);
  });
});

describe('correlated and soft network faults', () => {
  it('a power domain takes all its racks down at once (F5)', () => {
    const e = engine({ 'cluster.racksPerPowerDomain': 4 });
    e.perturb('power-domain-off', { domain: 1 });
    expect([...e.servers.domainPower]).toEqual([1, 0, 1]);
    for (let i = 0; i < 400; i++) expect(e.servers.truth[i] === POWER_OFF).toBe(i >= 160 && i < 320);
    expect(e.frame().rackFlags[5] & 1).toBe(1);
    expect(e.servers.counts().powerOff).toBe(160);
    e.perturb('power-domain-on', { domain: 1 });
    e.runUntil(10 * MIN);
    expect(e.servers.counts().up).toBe(400);
  });

  it('a flaky rack loses heartbeats: servers flap between suspect and alive, some falsely dead', () => {
    const e = engine({ 'detection.deadAfterMs': 12_000, 'detection.suspectAfterMs': 6_000 });
    e.perturb('network-flaky', { rack: 5, loss: 0.6 });
    e.runUntil(30 * MIN);
    expect(e.sim.counters.falselyDeclaredDead).toBeGreaterThan(0);
    // only rack 5 was affected
    const rackOfFalse = e.sim.log
      .since(0, 5000)
      .filter((l) => l.code === 'node.falselyDead')
      .map((l) => l.rack);
    expect(new Set(rackOfFalse)).toEqual(new Set([5]));
    for (let i = 200; i < 240; i++) expect(e.servers.truth[i]).toBe(UP);
    e.perturb('network-stable', { rack: 5 });
    e.runUntil(31 * MIN);
    for (let i = 200; i < 240; i++) expect(e.detector.belief[i]).not.toBe(DEAD);
  });
});
