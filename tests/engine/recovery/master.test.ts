import { describe, expect, it } from 'vitest';
import { engine, HOUR, MIN } from './helpers';
import { Engine } from '../../../worker/engine/engine';
import { presetByName } from '../../../worker/scenario/presets';

describe('file-system master failover (F4: cut power to a master)', () => {
  it('while the master is down belief is frozen and nothing starts; the standby gives everyone a grace period', () => {
    const e = engine({ 'master.failoverMs': 120_000 });
    e.runUntil(MIN);
    e.perturb('master-fail');
    expect(e.frame().recovery.masterDown).toBe(true);
    e.perturb('node-crash', { node: 5 });
    e.runUntil(MIN + 110_000);
    expect(e.detector.belief[5]).toBe(0); // not judged: the master is down
    expect(e.pangu.rereplication.started).toBe(0);
    e.runUntil(MIN + 125_000);
    expect(e.recovery.master.down).toBe(0);
    expect(e.recovery.master.failovers).toBe(1);
    expect(e.sim.log.counts.get('master.failedOver')).toBe(1);
    // The new master has heard nobody yet but declares nobody dead at once…
    expect(e.detector.counts().believedDead).toBe(0);
    // …and only the crashed server after the timeout.
    e.runUntil(MIN + 120_000 + 70_000);
    expect(e.detector.counts().believedDead).toBe(1);
    expect(e.detector.belief[5]).toBe(2);
    expect(e.sim.counters.falselyDeclaredDead ?? 0).toBe(0);
    e.runUntil(MIN + 120_000 + 2 * MIN);
    expect(e.pangu.rereplication.started).toBeGreaterThan(0);
  });

  it('a second master-fail while down changes nothing', () => {
    const e = engine();
    e.perturb('master-fail');
    e.perturb('master-fail');
    e.runUntil(MIN);
    expect(e.recovery.master.failovers).toBe(1);
  });
});

describe('drills (F4) lose no data', () => {
  const small = { 'cluster.nodes': 400, 'storage.chunks': 20_000, 'faults.nodeMtbfHours': 1e9, 'faults.diskFailureMultiplier': 0 };
  const run = (name: string, until: number, params: Record<string, number | string | boolean> = {}) => {
    const s = presetByName(name)!.scenario;
    const e = new Engine({ ...s, params: { ...s.params, ...small, ...params } });
    e.runUntil(until);
    return e;
  };

  it('switching off network devices, a rack’s power, a master', () => {
    for (const name of ['drill-network-devices', 'drill-rack-power', 'drill-master-power']) {
      const e = run(name, 2 * HOUR, { 'cluster.nodesPerRack': 4 }); // 100 racks, so racks 10–90 exist
      expect(e.pangu.table.lost).toBe(0);
      expect(e.pangu.table.unavailable).toBe(0);
      // nobody healthy is believed dead (a server may not survive the rack's power cycle)
      expect(e.detector.counts().falselyDead).toBe(0);
      expect(e.detector.counts().believedDead).toBe(e.servers.counts().crashed);
    }
  });

  it('the whole machine room: master restarts into safe mode, no data lost, full redundancy again', () => {
    const e = run('drill-dc-power', 6 * HOUR, { 'faults.powerCycleFailure': 0.02, 'cluster.racksPerPowerDomain': 1, 'master.restartMs': 60_000 });
    const m = e.recovery.master;
    expect(m.restarts).toBe(1);
    expect(m.lastSafeModeMs).toBeGreaterThan(0);
    expect(e.sim.log.counts.get('master.safeModeOff')).toBe(1);
    expect(e.sim.counters.nodeFailures).toBeGreaterThan(0); // some servers did not survive the power cycle
    expect(e.pangu.table.lost).toBe(0);
    expect(e.pangu.table.underReplicated).toBe(0);
    expect(e.pangu.table.maxTimeToRedundancyMs).toBeGreaterThan(0);
    expect(e.pangu.rereplication.completed).toBeGreaterThan(0);
  });
});

describe('worker API (read-only)', () => {
  it('recoveryStatus and huatuoStatus describe the state without changing it', async () => {
    const { SimApi } = await import('../../../worker/api');
    const api = new SimApi({ now: () => 0, later: () => {} });
    api.load({ scenario: { ...(await import('../../../worker/scenario/schema')).defaultScenario(), params: { 'cluster.nodes': 400, 'storage.chunks': 10_000 } } });
    api.perturb('master-fail');
    const h0 = api.hash();
    const r = api.recoveryStatus();
    expect(r.master.down).toBe(true);
    expect(r.policy).toBe('guarded');
    expect(r.offlineLimit).toBe(0); // no master, no offlining
    expect(api.huatuoStatus().counts.repairing).toBe(0);
    expect(() => api.huatuoStatus(-1)).toThrow(RangeError);
    expect(api.hash()).toBe(h0);
  });
});
