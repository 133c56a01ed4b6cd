/**
 * The contract's decoders (worker/contract.ts) against the engine's encoders: servers,
 * disks and racks are put into each state by real actions, and every byte of the
 * frame must decode to the engine's own truth and belief. The config (live parameters,
 * rack-to-feed map) travels when it changed, and again after a load or rewind.
 */
import { describe, expect, it } from 'vitest';
import {
  ALIVE,
  BELIEF_NAMES,
  BOOTING,
  CRASHED,
  D_FAILED,
  DEPLOY_STOPPED,
  DEPLOY_UPGRADED,
  D_NORMAL,
  D_SUSPECT,
  DEAD,
  decodeDiskState,
  decodeNodeState,
  decodeRackFlags,
  DISK_BELIEF_NAMES,
  GONE,
  liveParam,
  POWER_OFF,
  rackFeed,
  SUSPECT,
  TRUTH_NAMES,
  UP,
  type Frame,
} from '../../worker/contract';
import { Engine } from '../../worker/engine/engine';
import { SimApi, type Clock } from '../../worker/api';
import { defaultScenario } from '../../worker/scenario/schema';
import { PARAMS } from '../../worker/scenario/params';

const MIN = 60_000;
const SMALL = { 'cluster.nodes': 400, 'faults.nodeMtbfHours': 1e9, 'faults.powerCycleFailure': 0 };
const engine = (params: Record<string, number | string | boolean> = {}) =>
  new Engine({ ...defaultScenario(), seed: 7, params: { ...SMALL, ...params } });

/** Every server's byte decodes to the engine's truth, belief, slowness, blacklist and detector state. */
function expectNodesDecode(e: Engine, f: Frame): void {
  for (let i = 0; i < e.topo.nodes; i++) {
    expect(decodeNodeState(f.nodeState[i]), `server ${i}`).toEqual({
      truth: e.servers.truth[i],
      belief: e.detector.belief[i],
      slow: e.servers.slow[i] > 1,
      blacklisted: e.fuxi.blacklist.on[i] === 1,
      corrupted: e.detector.garbled[i] === 1,
    });
  }
}

describe('frame.nodeState decodes to the engine', () => {
  it('covers every truth and belief, slow, blacklisted and corrupted servers', () => {
    const e = engine({ 'faults.gossipIntervalMs': 600_000 });
    e.runUntil(MIN);
    for (const node of [17, 133, 250, 391]) e.perturb('node-slow', { node, factor: 10 });
    e.runUntil(100 * MIN); // the scheduler blacklists the slow ones from several jobs' marks
    e.perturb('node-crash', { node: 5 });
    e.perturb('fail-random-nodes', { count: 3 });
    e.perturb('rack-power-off', { rack: 2 });
    e.perturb('detector-corruption', { node: 300 });
    e.runUntil(e.now + 2 * MIN); // the crashed, gone and dark ones are declared dead
    e.perturb('node-crash', { node: 6 }); // suspect next, not dead yet
    e.perturb('node-crash', { node: 7 });
    e.perturb('node-restart', { node: 7 }); // booting
    e.runUntil(e.now + e.sim.params['detection.suspectAfterMs'] + e.sim.params['detection.heartbeatIntervalMs']);
    const f = e.frame();
    expectNodesDecode(e, f);
    const truths = new Set<number>(),
      beliefs = new Set<number>();
    let slow = 0,
      bl = 0,
      corrupt = 0;
    for (let i = 0; i < f.nodes; i++) {
      const s = decodeNodeState(f.nodeState[i]);
      truths.add(s.truth);
      beliefs.add(s.belief);
      slow += +s.slow;
      bl += +s.blacklisted;
      corrupt += +s.corrupted;
    }
    expect([...truths].sort()).toEqual([UP, BOOTING, CRASHED, POWER_OFF, GONE]);
    expect([...beliefs].sort()).toEqual([ALIVE, SUSPECT, DEAD]);
    expect(slow).toBeGreaterThan(0);
    expect(bl).toBeGreaterThan(0);
    expect(corrupt).toBeGreaterThan(0);
    expect(TRUTH_NAMES[decodeNodeState(f.nodeState[5]).truth]).toBe('crashed');
    expect(BELIEF_NAMES[decodeNodeState(f.nodeState[5]).belief]).toBe('dead');
  });
});

describe('frame.storage.diskState decodes to the engine', () => {
  it('failed, slow and suspected disks', () => {
    const e = engine();
    e.runUntil(MIN);
    e.perturb('disk-fail', { disk: 40 });
    for (const disk of [100, 101, 230]) e.perturb('disk-slow', { disk, factor: 50 });
    e.runUntil(30 * MIN);
    const f = e.frame();
    const p = e.pangu;
    const beliefs = new Set<number>();
    for (let d = 0; d < e.topo.disks; d++) {
      const s = decodeDiskState(f.storage.diskState[d]);
      expect(s, `disk ${d}`).toEqual({ belief: p.diskBelief[d], failed: p.diskFailed[d] === 1, slow: p.diskSlow[d] > 1 });
      beliefs.add(s.belief);
    }
    expect(decodeDiskState(f.storage.diskState[40])).toEqual({ belief: D_FAILED, failed: true, slow: false });
    expect(decodeDiskState(f.storage.diskState[100]).slow).toBe(true);
    expect(beliefs.has(D_NORMAL) && beliefs.has(D_FAILED)).toBe(true);
    expect([...beliefs].some((b) => b === D_SUSPECT || DISK_BELIEF_NAMES[b] === 'offline')).toBe(true);
  });
});

describe('frame.rackFlags says why a rack has no power', () => {
  it('its own switch, its feed, the machine room; the switch down and a flaky network', () => {
    const e = engine({ 'cluster.racksPerPowerDomain': 4 });
    e.runUntil(MIN);
    e.perturb('rack-power-off', { rack: 1 });
    e.perturb('power-domain-off', { domain: 1 }); // racks 4–7
    e.perturb('rack-power-off', { rack: 5 }); // off twice over
    e.perturb('tor-down', { rack: 8 });
    e.perturb('network-flaky', { rack: 9, loss: 0.3 });
    let f = e.frame();
    const { servers, topo, net } = e;
    for (let r = 0; r < topo.racks; r++) {
      const s = decodeRackFlags(f.rackFlags[r]);
      const sw = servers.rackPower[r] === 1,
        feed = servers.domainPower[topo.domainOf[r]] === 1;
      expect(s, `rack ${r}`).toEqual({
        powerOff: !sw || !feed,
        torDown: servers.torUp[r] === 0,
        switchOff: !sw,
        feedOff: !feed,
        dcOff: false,
        flaky: net.flakyLoss[r] > 0,
      });
    }
    expect(decodeRackFlags(f.rackFlags[1])).toMatchObject({ powerOff: true, switchOff: true, feedOff: false });
    expect(decodeRackFlags(f.rackFlags[6])).toMatchObject({ powerOff: true, switchOff: false, feedOff: true }); // "Power on rack" would do nothing here
    expect(decodeRackFlags(f.rackFlags[5])).toMatchObject({ switchOff: true, feedOff: true });
    expect(decodeRackFlags(f.rackFlags[8])).toMatchObject({ powerOff: false, torDown: true });
    expect(decodeRackFlags(f.rackFlags[9])).toMatchObject({ powerOff: false, flaky: true });
    expect(rackFeed(f.config, 6)).toBe(1);
    expect([...f.config!.rackFeed]).toEqual([...topo.domainOf]);
    expect(f.config!.feeds).toBe(topo.powerDomains);

    e.perturb('network-stable', { rack: 9 });
    e.perturb('dc-power-off');
    f = e.frame();
    for (let r = 0; r < topo.racks; r++) expect(decodeRackFlags(f.rackFlags[r])).toMatchObject({ powerOff: true, dcOff: true, flaky: false });
    expect(decodeRackFlags(f.rackFlags[0]).switchOff).toBe(false);
    expect(f.dcPower).toBe(false);
  });
});

describe('frame.ops.deployRackFlags decodes to the deployment', () => {
  it('racks with servers stopped, racks all upgraded, during a rolling upgrade', () => {
    const e = engine();
    e.runUntil(MIN);
    e.perturb('deploy-start', { method: 'p2p', mode: 'rolling' });
    let sawStopped = false,
      sawUpgraded = false;
    for (let t = 2 * MIN; t <= 4 * 60 * MIN && !(sawStopped && sawUpgraded); t += 2 * MIN) {
      e.runUntil(t);
      const f = e.frame(),
        d = e.ops.deploy,
        s = d.status();
      for (let r = 0; r < e.topo.racks; r++) {
        let stopped = false;
        for (let i = r * e.topo.nodesPerRack; i < Math.min(e.topo.nodes, (r + 1) * e.topo.nodesPerRack); i++) if (d.stopped[i]) stopped = true;
        const b = f.ops.deployRackFlags[r];
        expect((b & DEPLOY_STOPPED) !== 0, `rack ${r} stopped at ${t}`).toBe(stopped);
        expect((b & DEPLOY_UPGRADED) !== 0, `rack ${r} upgraded at ${t}`).toBe(s.rackUpgraded[r] >= 1);
        sawStopped ||= stopped;
        sawUpgraded ||= s.rackUpgraded[r] >= 1;
      }
    }
    expect(sawStopped && sawUpgraded).toBe(true);
  });
});

describe('the frame carries live values', () => {
  it('parameters after a set, with a new version; core capacity on the backup network', () => {
    const e = engine();
    e.runUntil(MIN);
    const f0 = e.frame();
    expect(f0.config!.params).toEqual(e.sim.params);
    expect(liveParam(f0.config, 'writes.isolation')).toBe(PARAMS['writes.isolation'].default);
    expect(liveParam(null, 'scheduler.slowFactor')).toBe(PARAMS['scheduler.slowFactor'].default);
    // a receiver holding this version gets no config until a set
    expect(e.frame(0, f0.configVersion).config).toBeNull();
    e.perturb('set', { path: 'scheduler.slowFactor', value: 5 });
    e.perturb('set', { path: 'writes.isolation', value: 'none' });
    const f1 = e.frame(0, f0.configVersion);
    expect(f1.configVersion).toBe(f0.configVersion + 2);
    expect(liveParam(f1.config, 'scheduler.slowFactor')).toBe(5);
    expect(liveParam(f1.config, 'writes.isolation')).toBe('none');
    expect(f1.coreCapacityGbps).toBe(e.net.coreCapacity());
    e.perturb('network-maintenance');
    const f2 = e.frame(0, f1.configVersion);
    expect(f2.config).toBeNull();
    expect(f2.coreCapacityGbps).toBeCloseTo(f1.coreCapacityGbps * e.sim.params['network.backupCapacity'], 6);
  });

  it('through the API: the config when it changed, and again after a load or a rewind', () => {
    const clock: Clock = { now: () => 0, later: () => {} };
    const api = new SimApi(clock);
    api.load({ scenario: { ...defaultScenario(), params: { ...SMALL, 'scheduler.slowFactor': 4 } }, until: MIN });
    const a = api.frame();
    expect(liveParam(a.config, 'scheduler.slowFactor')).toBe(4);
    expect(api.step(1000).config).toBeNull();
    api.perturb('set', { path: 'scheduler.slowFactor', value: 6 });
    const b = api.step(1000);
    expect(liveParam(b.config, 'scheduler.slowFactor')).toBe(6);
    expect(api.step(1000).config).toBeNull();
    // back before the set: a new engine, the scenario's value again
    const c = api.rewind(30_000);
    expect(liveParam(c.config, 'scheduler.slowFactor')).toBe(4);
    // forward past the recorded set: sent again when it applies
    expect(liveParam(api.seek(MIN + 5000).config, 'scheduler.slowFactor')).toBe(6);
    api.load({ scenario: { ...defaultScenario(), params: { ...SMALL } } });
    expect(liveParam(api.frame().config, 'scheduler.slowFactor')).toBe(PARAMS['scheduler.slowFactor'].default);
  });
});
