/**
 * Checkpoints (core/checkpoint*.ts): the graph walk and its in-place restore, block
 * sharing and the block pool, carrying a checkpoint to another engine; and on the
 * engine, restore-and-run-on equals a straight replay — for a few chosen presets here
 * (a random history on the default cluster, the machine room losing power, a rolling
 * upgrade), every preset in checkpoint.full.test.ts (npm run test:full).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../worker/engine/engine';
import { BlockPool, capture, heldBytes, restore, BLOCK, Patch, PATCH_WORDS } from '../../worker/engine/core/checkpoint';
import { CheckpointStore } from '../../worker/engine/core/checkpointStore';
import { fromPortable, toPortable, TransferError } from '../../worker/engine/core/checkpointTransfer';
import { presetByName } from '../../worker/scenario/presets';
import {
  CHECKPOINTS,
  HORIZON,
  MIN,
  TIME,
  actions,
  history,
  replayHash,
  runWith,
  seedOf,
  small,
  travel,
  tryPerturb,
  type Size,
} from './checkpointRuns';

/** small enough that each case is a fraction of a second; the mechanisms are the same */
const SIZE: Size = { nodes: 120, chunks: 10_000 };
const preset = (name: string) => small(presetByName(name)!.scenario, SIZE);

describe('graph checkpoints', () => {
  it('restore writes every kind of state back in place, and drops what came later', () => {
    class Owner {
      n = 1;
      arr = new Float64Array(4);
      list: { v: number }[] = [{ v: 1 }];
      map = new Map<string, { v: number }>([['a', { v: 1 }]]);
      set = new Set([1, 2]);
    }
    const o = new Owner();
    const oldArr = o.arr;
    const item = o.list[0];
    const getter = () => o.arr; // a closure over the owner, like sim.track's
    const c = capture([o]);
    o.n = 2;
    o.arr = new Float64Array(8); // replaced by a grown array
    o.arr[0] = 5;
    oldArr[1] = 7;
    item.v = 9;
    o.list.push({ v: 3 });
    o.map.get('a')!.v = 4;
    o.map.set('b', { v: 2 });
    o.set.delete(1);
    (o as unknown as Record<string, number>).extra = 3; // a property added later
    restore(c);
    expect(o.n).toBe(1);
    expect(o.arr).toBe(oldArr);
    expect(getter()).toBe(oldArr);
    expect([...o.arr]).toEqual([0, 0, 0, 0]);
    expect(o.list).toHaveLength(1);
    expect(o.list[0]).toBe(item);
    expect(item.v).toBe(1);
    expect([...o.map.keys()]).toEqual(['a']);
    expect(o.map.get('a')!.v).toBe(1);
    expect([...o.set]).toEqual([1, 2]);
    expect('extra' in o).toBe(false);
  });

  it('restore writes only the properties and elements that differ (a store to a field V8 holds constant throws away the code built on it)', () => {
    let writes = 0;
    const o: Record<string, unknown> = { a: 1, list: [1, 2, 3] };
    let x = 5;
    Object.defineProperty(o, 'x', {
      enumerable: true,
      get: () => x,
      set: (v: number) => {
        writes++;
        x = v;
      },
    });
    const c = capture([o]);
    restore(c);
    expect(writes).toBe(0);
    x = 6;
    (o.list as number[])[1] = 9;
    restore(c);
    expect(writes).toBe(1);
    expect(x).toBe(5);
    expect(o.list).toEqual([1, 2, 3]);
  });

  it('an array whose changed blocks were not patchable rests from patch attempts for a few captures, then tries again; restores stay exact', () => {
    const o = { big: new Int32Array((8 * BLOCK) / 4) };
    const W = BLOCK / 4;
    let prev = capture([o]);
    // every block rewritten: nothing patchable
    for (let i = 0; i < o.big.length; i++) o.big[i] = i + 1;
    prev = capture([o], new Set(), prev);
    const kinds = () => prev.blocksOf.get(o.big)!.map((b) => (b instanceof Patch ? 'patch' : 'copy'));
    expect(kinds()).toEqual(Array(8).fill('copy'));
    // then one word a block: patchable, but the array rests (copies) before it tries again
    const seen: string[][] = [];
    for (let k = 0; k < 9; k++) {
      for (let b = 0; b < 8; b++) o.big[b * W + k] = -k - 1;
      const before = prev;
      prev = capture([o], new Set(), before);
      seen.push(kinds());
      const copy = o.big.slice();
      restore(before);
      restore(prev);
      expect(o.big).toEqual(copy);
    }
    expect(seen[0]).toEqual(Array(8).fill('copy'));
    expect(seen.at(-1)).toEqual(Array(8).fill('patch'));
  });

  it('shares unchanged blocks with the previous checkpoint, keeps a block with few changed words as a patch, copies the rest (into pool blocks)', () => {
    const o = { big: new Uint32Array((3 * BLOCK) / 4), odd: new Uint8Array(BLOCK + 3) };
    const pool = new BlockPool();
    const a = capture([o], new Set(), undefined, pool);
    expect(a.newBytes).toBe(3 * BLOCK + BLOCK + 3);
    o.big[BLOCK / 4 + 5] = 1; // the second block changes
    o.odd[BLOCK + 1] = 9; // the short tail block changes
    const b = capture([o], new Set(), a, pool);
    // the second block: one word changed, kept as a patch on a's block; the short tail copied
    const patch = b.blocksOf.get(o.big)![1] as Patch;
    expect(patch).toBeInstanceOf(Patch);
    expect(patch.base).toBe(a.blocksOf.get(o.big)![1]);
    expect(b.newBytes).toBe(patch.cost + 3);
    expect(b.blocksOf.get(o.big)![0]).toBe(a.blocksOf.get(o.big)![0]);
    // many words changed: a copy; and a patch is made on its base, never on another patch
    for (let i = 0; i <= PATCH_WORDS; i++) o.big[2 * (BLOCK / 4) + i] = i + 1;
    o.big[BLOCK / 4 + 6] = 2;
    const c = capture([o], new Set(), b, pool);
    expect(c.blocksOf.get(o.big)![2]).toBeInstanceOf(Uint8Array);
    expect(c.newBytes).toBeGreaterThanOrEqual(BLOCK);
    expect((c.blocksOf.get(o.big)![1] as Patch).base).toBe(a.blocksOf.get(o.big)![1]);
    expect((c.blocksOf.get(o.big)![1] as Patch).words).toHaveLength(2);
    restore(c);
    expect([o.big[BLOCK / 4 + 5], o.big[BLOCK / 4 + 6], o.big[2 * (BLOCK / 4) + PATCH_WORDS]]).toEqual([1, 2, PATCH_WORDS + 1]);
    expect(b.blocksOf.get(o.odd)![0]).toBe(a.blocksOf.get(o.odd)![0]);
    restore(a);
    expect(o.big[BLOCK / 4 + 5]).toBe(0);
    expect(o.odd[BLOCK + 1]).toBe(0);
    restore(b);
    expect(o.big[BLOCK / 4 + 5]).toBe(1);
    expect(o.odd[BLOCK + 1]).toBe(9);
  });

  it('a store gives blocks no checkpoint holds back to its pool and reuses them, never one still held', () => {
    const e = new Engine(preset('default'));
    const store = new CheckpointStore(e, [], 0);
    store.take();
    const first = store.heldBytes();
    store.budgetBytes = first; // room for the first alone: every capture thins to it and the newest
    for (let t = MIN; t <= 2 * MIN; t += MIN) {
      e.runUntil(t);
      store.take(); // the newest replaces the one before it (the first always stays)
      store.take(); // a second capture of the same moment replaces it: blocks they share stay held
      expect(store.times()).toEqual([0, t]);
      expect(store.pool.freeBytes).toBeGreaterThan(0);
    }
    // what the two kept checkpoints hold is what they were captured as: no block was handed out twice
    const newest = store.best(2 * MIN, true)!;
    store.restore(store.first()!);
    expect(e.hash()).toBe(new Engine(preset('default')).hash());
    store.restore(newest);
    expect(e.hash()).toBe(replayHash(preset('default'), 2 * MIN, true));
  });
});

describe('a checkpoint carried to another graph', () => {
  class Item {
    constructor(public v: number) {}
    twice() {
      return 2 * this.v;
    }
  }
  class Late {
    x = 1;
  }
  /** A small state with each kind of thing an engine holds; built the same way twice, as two workers do. */
  function makeGraph() {
    const g = {
      n: 1,
      items: [new Item(1)],
      byItem: new Map<Item, number>(),
      tags: new Set<string>(['a']),
      arr: new Int32Array(8),
      views: [] as Uint16Array[],
      onTick: null as null | (() => number),
      other: null as unknown,
    };
    g.onTick = () => g.n; // a handler made by construction
    g.byItem.set(g.items[0], 1);
    return g;
  }
  type G = ReturnType<typeof makeGraph>;

  it('the receiver becomes the sender: objects made later (class instances, views sharing a buffer), map keys, handlers', () => {
    const a = makeGraph();
    const base = capture([a]);
    a.n = 5;
    const it2 = new Item(7);
    a.items.push(it2);
    a.byItem.set(it2, 2);
    a.tags.add('b');
    a.arr = new Int32Array(16);
    a.arr[3] = 42;
    const buf = new ArrayBuffer(16);
    a.views.push(new Uint16Array(buf, 0, 8), new Uint16Array(buf, 8, 4)); // two views of one buffer, overlapping
    a.views[1][0] = 9;
    a.other = a.items[0]; // a second path to an object of t = 0
    const p = structuredClone(toPortable(base, capture([a]), { t: 1, applied: 0, hash: 'h' })); // as a channel carries it

    const b = makeGraph();
    const item0 = b.items[0];
    const handler = b.onTick!;
    fromPortable(capture([b]), p);
    expect(b.n).toBe(5);
    expect(b.items[0]).toBe(item0); // objects of t = 0 keep their identity
    expect(b.other).toBe(item0);
    expect(b.items[1]).toBeInstanceOf(Item);
    expect(b.items[1].twice()).toBe(14);
    expect(b.byItem.get(b.items[1])).toBe(2);
    expect(b.byItem.get(item0)).toBe(1);
    expect([...b.tags]).toEqual(['a', 'b']);
    expect(b.arr).toHaveLength(16);
    expect(b.arr[3]).toBe(42);
    expect(b.views[0].buffer).toBe(b.views[1].buffer);
    expect(b.views[0][4]).toBe(9);
    b.views[0][4] = 3; // writes through one view show in the other, as in the sender
    expect(b.views[1][0]).toBe(3);
    expect(b.onTick).toBe(handler); // the receiver's own handler, reading the receiver's state
    expect(b.onTick!()).toBe(5);
  });

  it('refuses what it cannot carry: another graph, a class first made later, a function made later', () => {
    const a = makeGraph();
    const base = capture([a]);
    const stamp = { t: 1, applied: 0, hash: 'h' };
    const other = { ...makeGraph(), extra: 1 };
    expect(() => fromPortable(capture([other]), toPortable(base, capture([a]), stamp))).toThrow(/another graph/);
    a.other = new Late();
    expect(() => toPortable(base, capture([a]), stamp)).toThrow(TransferError);
    a.other = () => 1;
    expect(() => toPortable(base, capture([a]), stamp)).toThrow(/function made after the start/);
    const g: G = makeGraph();
    expect(() => toPortable(capture([g]), capture([g]), stamp)).not.toThrow();
  });
});

describe('engine checkpoints: restoring and running on equals a straight replay', () => {
  // A random live history on the default cluster; the machine room losing power and
  // coming back (every server booting); a rolling upgrade under way at the horizon.
  for (const name of ['default', 'dc-drill', 'deploy-rolling']) {
    it(name, () => {
      const scenario = preset(name);
      fc.assert(
        fc.property(history(SIZE, name === 'default' ? 4 : 2), CHECKPOINTS, TIME, (hist, cps, target) => {
          const { e, store, end } = runWith(scenario, hist, cps);
          const recorded = e.scenario();
          expect(travel(e, store, target)).toBe(replayHash(recorded, target));
          e.runUntil(HORIZON);
          expect(e.hash()).toBe(end); // the recorded future, played again from the checkpoint
        }),
        { numRuns: 1, seed: seedOf(name) },
      );
    });
  }
  it('default, with the older checkpoints in the disk tier', () => {
    const scenario = preset('default');
    fc.assert(
      fc.property(history(SIZE, 4), CHECKPOINTS, TIME, (hist, cps, target) => {
        // more checkpoints than the few whose blocks stay in memory
        const { e, store, end } = runWith(scenario, hist, [...new Set([...cps, ...[2, 4, 6, 8, 10, 12].map((m) => m * MIN)])], HORIZON, true);
        expect(store.diskBytes()).toBeGreaterThan(0);
        const recorded = e.scenario();
        expect(travel(e, store, target)).toBe(replayHash(recorded, target));
        e.runUntil(HORIZON);
        expect(e.hash()).toBe(end);
      }),
      { numRuns: 2, seed: seedOf('default-disk') },
    );
  });

  it('a fork keeps the checkpoints before it, drops the rest, and later moments still replay exactly', () => {
    const scenario = preset('default');
    fc.assert(
      fc.property(
        history(SIZE, 3),
        CHECKPOINTS,
        TIME,
        actions(SIZE),
        fc.integer({ min: 1, max: 5 * MIN }),
        TIME,
        (hist, cps, fork, act, after, back) => {
          const { e, store } = runWith(scenario, hist, cps, Math.min(HORIZON, fork + 2 * MIN));
          travel(e, store, fork); // a rewind, then an action: a fork
          e.discardFuture();
          const kept = store.times().filter((t) => t <= fork);
          store.dropFrom(e.now, e.applied);
          expect(store.times()).toEqual(kept);
          tryPerturb(e, act);
          e.runUntil(fork + after);
          store.take();
          const end = e.hash();
          const recorded = e.scenario();
          expect(end).toBe(replayHash(recorded, fork + after, true));
          // back to a moment of the forked run, then forward again
          const t = Math.min(back, fork + after);
          expect(travel(e, store, t)).toBe(replayHash(recorded, t));
          e.runUntil(fork + after);
          expect(e.hash()).toBe(end);
        },
      ),
      { numRuns: 1, seed: 15 },
    );
  });

  it("a fresh engine of the same scenario adopts a portable checkpoint: the sender's hash, and it runs on as a replay", () => {
    const scenario = preset('dc-drill');
    const hist = [
      { t: 3 * MIN, act: { action: 'deploy-start', args: { method: 'p2p', mode: 'rolling', content: 'binary' } } },
      { t: 7 * MIN, act: { action: 'file-flood', args: { files: 10_000, user: 1 } } },
    ];
    const at = 12 * MIN + 345;
    // a checkpoint at t = 0 after its events ran too: the first, as built, must stay the shared reference
    const { e, store } = runWith(scenario, hist, [0, 5 * MIN], at);
    const p = structuredClone(store.portable());
    expect(p.hash).toBe(e.hash());
    const recorded = e.scenario();
    const side = new Engine(recorded);
    const sideStore = new CheckpointStore(side);
    sideStore.take();
    sideStore.adopt(p); // throws unless the hash is the sender's
    expect(side.now).toBe(at);
    expect(sideStore.times()).toEqual([0, at]);
    side.runUntil(HORIZON);
    expect(side.hash()).toBe(replayHash(recorded, HORIZON, true));
  });

  it("an array a capture found unchanged keeps the previous checkpoint's list of blocks; the store counts each block once", () => {
    const e = new Engine(preset('default'));
    const store = new CheckpointStore(e, [], 0);
    store.take();
    store.budgetBytes = store.heldBytes() * 1.5; // thinning and replacing as the run goes
    /** what the store says it holds = the unique blocks of the checkpoints it keeps + their records */
    const counted = () => {
      const kept = store.times().map((t) => store.best(t, true)!);
      return heldBytes(kept.map((c) => c.graph)) + kept.reduce((s, c) => s + c.graph.slots * 16, 0);
    };
    for (let t = MIN; t <= 12 * MIN; t += MIN) {
      e.runUntil(t);
      const a = store.take();
      e.runUntil(t + 1); // a millisecond on: the chunk table has not changed
      const b = store.take();
      expect(b.graph.blocksOf.get(e.pangu.table.slotDisk)).toBe(a.graph.blocksOf.get(e.pangu.table.slotDisk));
      expect(store.heldBytes()).toBe(counted());
    }
    store.restore(store.best(5 * MIN, true)!);
    store.dropFrom(e.now, e.applied);
    expect(store.heldBytes()).toBe(counted());
  });

  it("counts the captures after the first and their wall time (the benches' direct measure)", () => {
    const e = new Engine(preset('default'));
    const store = new CheckpointStore(e);
    let clock = 0;
    const wall = () => (clock += 5); // each capture reads the clock twice: 5 ms each
    store.take(wall);
    for (let t = MIN; t <= 3 * MIN; t += MIN) {
      e.runUntil(t);
      store.take(wall);
    }
    expect([store.captures, store.captureMsTotal, store.lastCaptureMs]).toEqual([3, 15, 5]);
  });

  it('thins to the memory budget, keeping the first checkpoint and the newest, denser near the present', () => {
    const e = new Engine(preset('default'));
    const store = new CheckpointStore(e, [], 0);
    store.take();
    const first = store.heldBytes();
    store.budgetBytes = first * 2;
    for (let t = MIN; t <= 20 * MIN; t += MIN) {
      e.runUntil(t);
      store.take();
      expect(store.heldBytes()).toBeLessThanOrEqual(store.budgetBytes);
    }
    const times = store.times();
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(20 * MIN);
    expect(times.length).toBeGreaterThan(2);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.at(-1)!).toBeLessThanOrEqual(gaps[0]);
  });
});
