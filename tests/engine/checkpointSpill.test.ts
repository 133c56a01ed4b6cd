/**
 * The checkpoints' disk tier (core/checkpointStore.ts with a SpillFile; the Node file of
 * worker/blockFileNode.ts): memory stays within its budget while older blocks go to the
 * file, every checkpoint still restores to the state a straight replay reaches, thinning
 * keeps the file within its budget, and file slots are given back when checkpoints go.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { BLOCK, BlockPool, Patch, capture, restore, spillBlocks, spilledSlot, type BlockFile } from '../../worker/engine/core/checkpoint';
import { CheckpointStore, SpillFile } from '../../worker/engine/core/checkpointStore';
import { nodeBlockFile } from '../../worker/blockFileNode';
import { presetByName } from '../../worker/scenario/presets';
import { MIN, replayHash, small } from './checkpointRuns';

/** big enough that the chunk table and the event heap span many full blocks */
const scenario = () => small(presetByName('default')!.scenario, { nodes: 400, chunks: 60_000 });

/** A store with a disk tier, memory budget `extraMB` above the state's own size, checkpoints every minute to `minutes`. */
function runSpilling(minutes: number, extra: number, diskBudget: number, file: BlockFile = nodeBlockFile(), probe = () => 0) {
  const e = new Engine(scenario());
  const disk = new SpillFile(file);
  const store = new CheckpointStore(e, [], Infinity, disk, diskBudget);
  store.take();
  store.budgetBytes = store.heldBytes() + extra;
  const seen: { t: number; mem: number; disk: number; used: number; probe: number }[] = [];
  for (let t = MIN; t <= minutes * MIN; t += MIN) {
    e.runUntil(t);
    store.take();
    seen.push({ t, mem: store.heldBytes(), disk: store.diskBytes(), used: disk.used, probe: probe() });
  }
  return { e, store, disk, seen };
}

describe('the disk tier', () => {
  it('keeps memory within its budget by spilling the oldest blocks, and every checkpoint restores exactly', () => {
    const { e, store, seen } = runSpilling(12, 4 * 2 ** 20, 2 ** 30);
    for (const s of seen) expect(s.mem).toBeLessThanOrEqual(store.budgetBytes);
    expect(seen.at(-1)!.disk).toBeGreaterThan(0);
    for (const s of seen) expect(s.used * BLOCK).toBe(s.disk);
    // nothing thinned: the file had room for every checkpoint
    expect(store.times()).toEqual([0, ...seen.map((s) => s.t)]);
    const recorded = e.scenario();
    for (const t of [3, 0, 11, 6, 1]) {
      const c = store.best(t * MIN + 30_000, true)!;
      store.restore(c);
      expect(e.now).toBe(t * MIN);
      e.runUntil(t * MIN + 30_000);
      expect(e.hash()).toBe(replayHash(recorded, t * MIN + 30_000, true));
    }
  });

  it('spills in batches: nothing until the blocks made since the last spill reach a quarter of the state, then the oldest at once', () => {
    const e = new Engine(scenario());
    const store = new CheckpointStore(e, [], Infinity, new SpillFile(nodeBlockFile()), 2 ** 30);
    const state = store.take().graph.bytes;
    let made = 0; // bytes of blocks captures made since the first (at least what the disk tier may take)
    const grew: number[] = [];
    let disk = 0;
    for (let t = MIN; t <= 40 * MIN; t += MIN) {
      e.runUntil(t);
      made += store.take().graph.newBytes;
      if (made < state / 4) expect(store.diskBytes(), `${t / MIN} min: ${made} bytes made, under a quarter of ${state}`).toBe(0);
      if (store.diskBytes() > disk) grew.push(t / MIN);
      disk = store.diskBytes();
    }
    expect(disk).toBeGreaterThan(0);
    // batches: far fewer spills than captures (each capture spilled before: 2026-12-07)
    expect(grew.length).toBeGreaterThan(0);
    expect(grew.length).toBeLessThanOrEqual(20);
    // a store told to spill at every capture spills at (nearly) every one
    const e2 = new Engine(scenario());
    const every = new CheckpointStore(e2, [], Infinity, new SpillFile(nodeBlockFile()), 2 ** 30);
    every.spillBatchShare = 0;
    every.take();
    let spills = 0;
    for (let t = MIN, was = 0; t <= 40 * MIN; t += MIN) {
      e2.runUntil(t);
      every.take();
      if (every.diskBytes() > was) spills++;
      was = every.diskBytes();
    }
    expect(spills).toBeGreaterThan(4 * grew.length);
  });

  it("a disk attached after the first checkpoints (the browser's file opens asynchronously) takes their blocks too", () => {
    const e = new Engine(scenario());
    const store = new CheckpointStore(e, [], Infinity);
    store.take();
    for (let t = MIN; t <= 3 * MIN; t += MIN) {
      e.runUntil(t);
      store.take();
    }
    const disk = new SpillFile(nodeBlockFile());
    store.attachDisk(disk);
    store.diskBudgetBytes = 2 ** 30;
    e.runUntil(4 * MIN);
    store.take();
    // blocks the first checkpoint (t = 0, taken before the disk came) made and the newest no longer holds went to the file
    // (what the newest holds, and the earlier blocks its patches are written on)
    const newest = new Set([...store.best(4 * MIN, true)!.graph.blocksOf.values()].flat().map((b) => (b instanceof Patch ? b.base : b)));
    const gone = [...store.first()!.graph.blocksOf.values()].flat().filter((b) => b instanceof Uint8Array && b.length === BLOCK && !newest.has(b));
    expect(gone.length).toBeGreaterThan(0);
    for (const b of gone) expect(spilledSlot(b as Uint8Array)).toBeDefined();
    expect(store.diskBytes()).toBeGreaterThanOrEqual(gone.length * BLOCK);
    const recorded = e.scenario();
    for (const t of [0, 2 * MIN]) {
      store.restore(store.best(t + 20_000, true)!);
      e.runUntil(t + 20_000);
      expect(e.hash()).toBe(replayHash(recorded, t + 20_000, true));
    }
  });

  it('a restore reads runs of blocks spilled to consecutive slots in one read each, and lands exactly', () => {
    const real = nodeBlockFile();
    const reads: number[] = [];
    const file: BlockFile = { ...real, read: (slot, into) => (reads.push(slot), real.read(slot, into)) };
    const g = { a: new Int32Array((20 * BLOCK + 100) / 4).map((_, i) => i), b: new Float64Array(3 * (BLOCK / 8)).fill(0.5) };
    const pool = new BlockPool();
    const c = capture([g], new Set(), undefined, pool, { poolParts: true });
    const [a, b] = [c.blocksOf.get(g.a)!, c.blocksOf.get(g.b)!] as Uint8Array[][];
    // g.a's blocks at slots 10–30 but its block 7 at slot 50 (two runs and a lone block), g.b's right after g.a's last
    const slots = a.map((_, k) => (k === 7 ? 50 : 10 + k));
    spillBlocks([...a, ...b], [...slots, ...b.map((_, k) => 31 + k)], file);
    g.a.fill(-1);
    g.b.fill(2);
    restore(c);
    expect([...g.a.slice(0, 5), g.a[7 * (BLOCK / 4)], g.a.at(-1)]).toEqual([0, 1, 2, 3, 4, 7 * (BLOCK / 4), g.a.length - 1]);
    expect(g.b.every((x) => x === 0.5)).toBe(true);
    expect(reads.sort((x, y) => x - y)).toEqual([10, 18, 31, 50]); // g.a's blocks 0–6, 8–20 and 7 alone; g.b's three (another array: another read)
  });

  it('thins to the disk budget, and gives every file slot back when checkpoints go', () => {
    const budget = 6 * 2 ** 20;
    const real = nodeBlockFile();
    const cuts: number[] = [];
    const file: BlockFile = { ...real, truncate: (slots) => (cuts.push(slots), real.truncate(slots)) };
    const { e, store, disk, seen } = runSpilling(16, 2 ** 20, budget, file);
    for (const s of seen) {
      expect(s.disk).toBeLessThanOrEqual(budget);
      expect(s.used * BLOCK).toBe(s.disk);
    }
    expect(store.times().length).toBeLessThan(17); // some were dropped to stay within the file's budget
    expect(store.times()[0]).toBe(0);
    // a fork drops the later checkpoints: their slots come back
    const mid = store.times()[Math.floor(store.times().length / 2)];
    store.restore(store.best(mid, true)!);
    store.dropFrom(e.now, e.applied);
    expect(disk.used * BLOCK).toBe(store.diskBytes());
    expect(cuts).toEqual([]);
    store.dispose();
    expect(disk.used).toBe(0);
    expect(cuts).toEqual([0]); // the file given back to the disk
  });

  it('a file that refuses writes (a full disk, a quota) stops spilling: thinning keeps memory within budget, restores stay exact', () => {
    const real = nodeBlockFile();
    let written = 0;
    let calls = 0;
    let refusedAt = -1;
    const failing: BlockFile = {
      write(slot, bytes) {
        calls++;
        if (written + bytes.length > 100 * BLOCK) {
          refusedAt = calls;
          throw new Error('quota exceeded');
        }
        written += bytes.length;
        real.write(slot, bytes);
      },
      read: (slot, into) => real.read(slot, into),
      truncate: (slots) => real.truncate(slots),
      close: () => real.close(),
    };
    const { e, store, seen } = runSpilling(14, 4 * 2 ** 20, 2 ** 30, failing, () => refusedAt);
    expect(refusedAt).toBeGreaterThan(0);
    expect(calls).toBe(refusedAt); // none after the refused write
    const broke = seen.findIndex((s) => s.probe > 0);
    expect(broke).toBeGreaterThanOrEqual(0);
    // from then on memory is held within its budget by thinning, as without a disk tier
    for (const s of seen.slice(broke + 1)) expect(s.mem).toBeLessThanOrEqual(store.budgetBytes);
    expect(store.times().length).toBeLessThan(15);
    const recorded = e.scenario();
    for (const t of store.times().slice(0, 3)) {
      store.restore(store.best(t + 1000, true)!);
      e.runUntil(t + 1000);
      expect(e.hash()).toBe(replayHash(recorded, t + 1000, true));
    }
  });
});
