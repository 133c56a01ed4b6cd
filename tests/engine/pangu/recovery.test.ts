import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario, type Scenario } from '../../../worker/scenario/schema';
import { placementViolations, verifyTable } from './verify';

const MIN = 60_000;
const quiet = {
  'cluster.nodes': 400,
  'storage.chunks': 50_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'recovery.outDelayMs': 0,
}; // recovery at once when declared dead (the wait: outDelay.test.ts)
const small = (params: Record<string, number | string | boolean> = {}, over: Partial<Scenario> = {}): Scenario => ({
  ...defaultScenario(),
  params: { ...quiet, ...params },
  ...over,
});
const chunksOnDisk = (e: Engine, d: number) => {
  const l = e.pangu.table.lists;
  return Array.from({ length: l.len[d] }, (_, i) => (l.get(d, i) / e.pangu.table.slots) | 0);
};
/** Runs until the master sees full redundancy (or the limit). */
const runToFull = (e: Engine, limitMs: number) => {
  const end = e.now + limitMs;
  while (e.now < end && (e.pangu.table.underReplicated > 0 || e.pangu.rereplication.copying > 0)) e.runUntil(e.now + MIN);
};

describe('Pangu at the default scale', () => {
  it('places the default 1,000,000 chunks × 3 on 5,000 servers in distinct racks', () => {
    const e = new Engine(defaultScenario());
    const t = e.pangu.table;
    expect(t.chunks).toBeGreaterThanOrEqual(1_000_000);
    expect(t.replicas).toBe(3 * t.chunks);
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, true)).toBe(0);
    // Bytes at real scale: 60,000 disks × 2 TB × 0.6 over 3 M replicas ≈ 24 GB each.
    expect(e.pangu.chunkBytes).toBe(24e9);
  });
});

describe('disk failure and re-replication', () => {
  it('a failed disk is re-replicated back to exactly full redundancy, keeping placement rules', () => {
    const e = new Engine(small());
    const t = e.pangu.table;
    e.runUntil(MIN);
    const d = 1234;
    const affected = chunksOnDisk(e, d);
    expect(affected.length).toBeGreaterThan(10);
    e.perturb('disk-fail', { disk: d });
    expect(t.lost).toBe(0);
    expect(t.underReplicated).toBe(affected.length); // the chunk server reports its failed disk at once
    expect(t.replicas).toBe(3 * t.chunks - affected.length);
    runToFull(e, 6 * 60 * MIN);
    expect(t.underReplicated).toBe(0);
    expect(t.replicas).toBe(3 * t.chunks); // stops exactly at full redundancy
    expect(e.pangu.rereplication.completed).toBe(affected.length);
    expect(e.pangu.rereplication.bytesMoved).toBeCloseTo(affected.length * e.pangu.chunkBytes, -3);
    expect(t.lastTimeToRedundancyMs).toBeGreaterThan(0);
    for (const c of affected) expect(t.live[c]).toBe(3);
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, true)).toBe(0);
    expect(verifyTable(t)).toEqual([]);
    // Nothing more happens once redundancy is back.
    const copies = e.pangu.rereplication.started;
    e.runUntil(e.now + 30 * MIN);
    expect(e.pangu.rereplication.started).toBe(copies);
    // the summary speaks in real chunks: the groups' counts × chunksPerGroup
    expect(e.summary(0).storage).toMatchObject({
      lostChunks: 0,
      lostChunkGroups: 0,
      underReplicatedNow: 0,
      rereplicatedChunks: affected.length * e.pangu.chunksPerGroup,
    });
  });

  it('copy time follows bandwidth: a lower per-stream disk share makes recovery slower', () => {
    const time = (share: number) => {
      const e = new Engine(small({ 'recovery.diskShare': share }));
      e.runUntil(MIN);
      e.perturb('disk-fail', { disk: 77 });
      runToFull(e, 24 * 60 * MIN);
      return e.pangu.table.lastTimeToRedundancyMs;
    };
    const fast = time(0.5),
      slow = time(0.1);
    expect(slow).toBeGreaterThan(3 * fast);
  });

  it('recovery traffic shows up as rack uplink demand and Gb/s per tier', () => {
    const e = new Engine(small());
    e.runUntil(MIN);
    const base = e.net.coreDemand;
    e.perturb('fail-random-nodes', { count: 4 });
    e.runUntil(e.now + 3 * MIN); // past deadAfterMs: recovery has started
    const r = e.pangu.rereplication;
    expect(r.copying).toBeGreaterThan(0);
    expect(r.uplinkGbps).toBeGreaterThan(0);
    expect(e.net.coreDemand).toBeGreaterThan(base + 0.5 * r.uplinkGbps);
    const f = e.frame();
    expect(f.storage.recoveryGbps.core).toBeGreaterThan(0);
    expect(f.storage.rackRecoveryGbps.length).toBe(e.topo.racks);
    expect(f.storage.diskState.length).toBe(e.topo.disks);
  });

  it('the cluster-wide cap and per-server stream limit hold', () => {
    const e = new Engine(small({ 'recovery.maxGbps': 50, 'recovery.maxStreamsPerNode': 1 }));
    e.runUntil(MIN);
    e.perturb('fail-random-nodes', { count: 8 });
    for (let k = 0; k < 20; k++) {
      e.runUntil(e.now + MIN);
      const r = e.pangu.rereplication;
      expect(r.nicGbps).toBeLessThanOrEqual(50 + 1e-6);
      expect(Math.max(...r.outStreams)).toBeLessThanOrEqual(1);
      expect(Math.max(...r.inStreams)).toBeLessThanOrEqual(1);
    }
  });
});

describe('unavailable is not lost; detection gates recovery', () => {
  it('a crashed server: no recovery before the master declares it dead, then recovery; on rejoin extras are trimmed', () => {
    const e = new Engine(small({ 'detection.deadAfterMs': 120_000 }));
    const t = e.pangu.table;
    e.runUntil(MIN);
    e.perturb('node-crash', { node: 42 });
    e.runUntil(e.now + 90_000);
    expect(t.underReplicated).toBe(0); // still believed alive
    expect(e.pangu.rereplication.started).toBe(0);
    e.runUntil(e.now + 60_000);
    expect(e.detector.belief[42]).toBe(2);
    expect(t.underReplicated).toBeGreaterThan(0);
    runToFull(e, 6 * 60 * MIN);
    expect(t.underReplicated).toBe(0);
    expect(t.lost).toBe(0);
    const onNode = e.pangu.serverReplicaCount(42);
    expect(t.replicas).toBe(3 * t.chunks + onNode); // its copies still exist, uncounted
    e.perturb('node-restart', { node: 42 });
    e.runUntil(e.now + 10 * MIN);
    expect(e.detector.belief[42]).toBe(0);
    expect(e.pangu.trimmed).toBe(onNode);
    expect(t.replicas).toBe(3 * t.chunks);
    expect(verifyTable(t)).toEqual([]);
  });

  it('rack power-off and ToR failure: chunks unavailable meanwhile, none lost, all back after', () => {
    const e = new Engine(small({ 'storage.placement': 'random', 'faults.powerCycleFailure': 0 }));
    const t = e.pangu.table;
    e.runUntil(MIN);
    e.perturb('rack-power-off', { rack: 3 });
    e.perturb('tor-down', { rack: 4 });
    e.runUntil(e.now + 1000);
    // With random placement some chunks have all copies in racks 3 and 4.
    expect(t.unavailable).toBeGreaterThan(0);
    e.runUntil(e.now + 20 * MIN);
    expect(t.lost).toBe(0);
    e.perturb('rack-power-on', { rack: 3 });
    e.perturb('tor-up', { rack: 4 });
    e.runUntil(e.now + 20 * MIN);
    expect(t.unavailable).toBe(0);
    expect(t.lost).toBe(0);
    runToFull(e, 12 * 60 * MIN);
    expect(t.underReplicated).toBe(0);
    expect(t.replicas).toBe(3 * t.chunks);
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, false)).toBe(0);
    expect(verifyTable(t)).toEqual([]);
  });

  it('fail-random-nodes destroys data: a chunk is lost when its last copy goes, counted once', () => {
    const e = new Engine(small({ 'storage.placement': 'random' }));
    const t = e.pangu.table;
    const p = e.pangu;
    // Find a chunk and destroy its servers one by one.
    const c = 4321;
    const nodes = Array.from(t.disksOf(c, new Int32Array(t.slots)))
      .filter((d) => d >= 0)
      .map((d) => p.nodeOf(d));
    const lossesWith = (k: number) => nodes.slice(0, k);
    e.perturb('disk-fail', { disk: t.slotDisk[c * t.slots] });
    expect(t.flags[c] & 1).toBe(0);
    e.servers.destroy(lossesWith(2)[1]);
    expect(t.flags[c] & 1).toBe(0);
    expect(t.present[c]).toBe(1);
    const before = t.lost;
    e.servers.destroy(nodes[2]);
    expect(t.flags[c] & 1).toBe(1);
    expect(t.lost).toBeGreaterThan(before);
    const lost = t.lost;
    e.runUntil(e.now + 30 * MIN);
    expect(t.lost).toBe(lost); // recovery cannot un-lose, nor is the loss counted again
    // the log line counts real chunks (their own replica sets): there is one when some were lost
    expect((e.sim.log.counts.get('storage.chunksLost') ?? 0) > 0).toBe(p.realLoss.lost > 0);
    expect(verifyTable(t)).toEqual([]);
  });

  it('disk failures arrive as a Poisson stream at disks × multiplier ÷ MTBF', () => {
    const e = new Engine(small({ 'faults.diskFailureMultiplier': 3, 'faults.diskMtbfHours': 4800 }));
    // 4,800 disks × 3 / 4,800 h = 3 failures an hour
    e.runUntil(20 * 60 * MIN);
    const n = e.sim.counters.diskFailures ?? 0;
    expect(n).toBeGreaterThan(40);
    expect(n).toBeLessThan(85);
    expect(e.summary(0).faults.diskFailures).toBe(n);
  });
});

describe('determinism with chunks', () => {
  it('same seed → same hash through failures and recovery; another seed → another', () => {
    const run = (seed: number) => {
      const e = new Engine(small({ 'faults.diskFailureMultiplier': 50, 'faults.nodeMtbfHours': 2000 }, { seed }));
      e.runUntil(10 * MIN);
      e.perturb('fail-random-nodes', { count: 3 });
      e.perturb('slow-random-disks', { fraction: 0.002, factor: 20 });
      e.runUntil(60 * MIN);
      return e;
    };
    const a = run(5),
      b = run(5),
      c = run(6);
    expect(a.pangu.rereplication.completed).toBeGreaterThan(0);
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).not.toBe(c.hash());
    const replay = new Engine(a.scenario());
    replay.runUntil(60 * MIN);
    expect(replay.hash()).toBe(a.hash());
  });
});
