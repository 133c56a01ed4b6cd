import { describe, expect, it } from 'vitest';
import { engine, HOUR, MIN } from './helpers';
import { Engine } from '../../../worker/engine/engine';
import { presetByName } from '../../../worker/scenario/presets';

describe('file-system master failover (F4: cut power to a master)', () => {
  it('while the master is down belief is frozen and nothing starts; the standby gives everyone a grace period', () => {
    const e = engine({ 'master.failoverMs': 120_000, 'recovery.outDelayMs': 0 });
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

describe('a master restarted cold knows no chunk locations (master.coldReports)', () => {
  // the master's restart (20 min) outlasts the servers' staggered power-on: it hears them all at once
  const small = {
    'cluster.nodes': 400,
    'storage.chunks': 20_000,
    'faults.nodeMtbfHours': 1e9,
    'faults.diskFailureMultiplier': 0,
    'faults.powerCycleFailure': 0,
  };
  const engine = (params: Record<string, number | string | boolean> = {}) => {
    const s = presetByName('drill-dc-power')!.scenario;
    return new Engine({ ...s, params: { ...s.params, ...small, ...params } });
  };
  /** runs in 1 s steps until the master has come back, into safe mode */
  const untilBack = (e: Engine) => {
    let t = 20 * MIN;
    while (!(e.recovery.master.safeMode === 1 || (e.recovery.master.restarts > 0 && !e.recovery.master.down))) e.runUntil((t += 1000));
    return t;
  };

  it('every server registers and reports; safe mode waits for the reports, then nothing is missing', () => {
    const e = engine();
    untilBack(e);
    const r = e.pangu.reports;
    const up = e.servers.counts().up;
    expect(up).toBe(e.topo.nodes);
    // the servers it can hear have registered; their replicas count only once processed
    expect(r.waiting + r.processed).toBe(up);
    let unreported = 0;
    for (let n = 0; n < e.topo.nodes; n++) if (r.unreported[n]) unreported++;
    expect(unreported).toBe(e.topo.nodes - r.processed);
    expect(e.pangu.table.unavailable).toBe(0); // every copy is there (truth)…
    expect(e.pangu.table.withoutSource()).toBeGreaterThan(e.pangu.table.chunks / 2); // …but the master knows of few
    // safe mode ends only once enough chunks have a reported copy, and never before a report was processed
    let t = e.sim.now;
    while (e.recovery.master.safeMode === 1) e.runUntil((t += 5000));
    expect(r.processed).toBeGreaterThan(0);
    expect(e.pangu.table.withoutSource() / e.pangu.table.chunks).toBeLessThanOrEqual(1 - e.sim.params['master.safeModeShare'] + 1e-9);
    expect(r.processed).toBeGreaterThan(e.topo.nodes / 2);
    e.runUntil(4 * HOUR);
    // every server reported (servers booted after the restart too), nothing lost, nothing missing
    expect(r.waiting).toBe(0);
    for (let n = 0; n < e.topo.nodes; n++) expect(r.unreported[n]).toBe(0);
    expect(e.pangu.table.lost).toBe(0);
    expect(e.pangu.table.unavailable).toBe(0);
    expect(e.pangu.table.underReplicated).toBe(0);
    expect(e.detector.counts().falselyDead).toBe(0);
  });

  it('off: the locations survive the restart, no server reports, safe mode is no longer', () => {
    const on = engine();
    const off = engine({ 'master.coldReports': false });
    untilBack(off);
    expect(off.pangu.reports.waiting).toBe(0);
    for (const e of [on, off]) e.runUntil(3 * HOUR);
    expect(off.sim.counters.chunkReports ?? 0).toBe(0); // nobody was declared dead either
    expect(on.sim.counters.chunkReports).toBeGreaterThanOrEqual(on.topo.nodes);
    expect(off.recovery.master.lastSafeModeMs).toBeLessThanOrEqual(on.recovery.master.lastSafeModeMs);
    expect(off.pangu.table.lost).toBe(0);
  });
});

describe('worker API (read-only)', () => {
  it('recoveryStatus and huatuoStatus describe the state without changing it', async () => {
    const { SimApi } = await import('../../../worker/api');
    const api = new SimApi({ now: () => 0, later: () => {} });
    api.load({
      scenario: {
        ...(await import('../../../worker/scenario/schema')).defaultScenario(),
        params: { 'cluster.nodes': 400, 'storage.chunks': 10_000 },
      },
    });
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
