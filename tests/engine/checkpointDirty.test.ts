/**
 * Dirty marks (core/dirty.ts): a capture shares the blocks of a tracked array that
 * were not written since the previous checkpoint without comparing them, and a restore
 * writes back only blocks that differ. Tested here:
 *   - a write that is not marked is caught (`verify`) — what would otherwise be missed;
 *   - a write through EACH instrumented path (replica add and remove, a disk's flags,
 *     a busy chunk, the re-replication queue, a disk list's growth and compaction, the
 *     initial fill, the audit log's counts, rings and daily crash counts, Fuxi's
 *     blacklist marks, a write stream's disk utilisation, the redo log's cohort rings,
 *     lanes, overdue counts and queues) is in the next capture: mutate
 *     through that path only, capture with marks, compare its bytes with a capture that
 *     compares every block, restore and compare again;
 *   - over random histories on a small cluster (random live actions, checkpoints, moves
 *     back and forth), every marked capture has the bytes of a full-compare capture of
 *     the same moment, and restoring it gives that moment's state hash.
 * A new write to a tracked array that does not mark fails here when it runs in these
 * histories (`verify` names the array).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../worker/engine/engine';
import { BLOCK, capture, materialize, restore, type Block, type GraphCheckpoint } from '../../worker/engine/core/checkpoint';
import { CheckpointStore, type Checkpoint } from '../../worker/engine/core/checkpointStore';
import { dirtyOf, markDirty, tracked } from '../../worker/engine/core/dirty';
import { DiskReplicaLists } from '../../worker/engine/pangu/diskReplicaLists';
import { ChunkTable, buildFiles, F_ALL, F_LIVE, F_PRESENT, F_REACH, F_SRC } from '../../worker/engine/pangu/chunks';
import { Placement } from '../../worker/engine/pangu/placement';
import { Rng } from '../../worker/engine/core/rng';
import { presetByName } from '../../worker/scenario/presets';
import { CHECKPOINTS, HORIZON, MIN, TIME, history, replayHash, small, tryPerturb, type Size } from './checkpointRuns';

const DAY = 24 * 60 * MIN;
import { sameBytes } from './state';

/** small enough that each case is a fraction of a second; the mechanisms and their writes are the same */
const SIZE: Size = { nodes: 120, chunks: 10_000 };
const scenario = (name = 'default') => small(presetByName(name)!.scenario, SIZE);

const joined = (blocks: Block[]): Uint8Array => {
  const n = blocks.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const b of blocks) {
    out.set(materialize(b), at);
    at += b.byteLength;
  }
  return out;
};

/** Typed arrays whose bytes differ between two captures of one graph (both must hold the same arrays). */
function differing(a: GraphCheckpoint, b: GraphCheckpoint): string[] {
  const out: string[] = [];
  if (a.blocksOf.size !== b.blocksOf.size) out.push(`${a.blocksOf.size} arrays vs ${b.blocksOf.size}`);
  let i = 0;
  for (const [v, bl] of b.blocksOf) {
    const other = a.blocksOf.get(v);
    if (!other) out.push(`array ${i} (${v.constructor.name}, ${v.byteLength} bytes) missing`);
    else if (!sameBytes(joined(other), joined(bl)))
      out.push(`array ${i} (${v.constructor.name}, ${v.byteLength} bytes${dirtyOf(v) ? ', dirty-tracked' : ''})`);
    i++;
  }
  return out;
}

/** A capture that compares every block (the reference a marked capture must equal). */
const fullCapture = (e: Engine, store: CheckpointStore) => capture([e], store.skip(), undefined, undefined, { noMarks: true });

/** The bytes `a` has in checkpoint c. */
const bytesIn = (c: GraphCheckpoint, a: ArrayBufferView) => joined(c.blocksOf.get(a)!);

describe('dirty marks', () => {
  it('a write without a mark is what verify catches (and what a marked capture alone would miss)', () => {
    const g = { a: tracked(new Int32Array((3 * BLOCK) / 4)), b: new Int32Array(BLOCK / 4) };
    const c0 = capture([g]);
    g.a[5] = 1;
    markDirty(g.a, 5); // marked: copied
    g.b[7] = 2; // untracked: compared, found
    const c1 = capture([g], new Set(), c0, undefined, { verify: true });
    expect(c1.blocksOf.get(g.a)![0]).not.toBe(c0.blocksOf.get(g.a)![0]);
    expect(c1.blocksOf.get(g.b)![0]).not.toBe(c0.blocksOf.get(g.b)![0]);
    expect(c1.blocksOf.get(g.a)![1]).toBe(c0.blocksOf.get(g.a)![1]);
    g.a[BLOCK / 4 + 3] = 9; // the second block, not marked
    expect(() => capture([g], new Set(), c1, undefined, { verify: true })).toThrow(/written without a mark/);
    const c2 = capture([g], new Set(), c1); // trusts the marks: the write is missed
    expect(bytesIn(c2, g.a)[BLOCK + 12]).toBe(0);
    const c3 = capture([g], new Set(), c1, undefined, { noMarks: true }); // compared: found
    expect(bytesIn(c3, g.a)[BLOCK + 12]).toBe(9);
  });

  it('a restore writes back the blocks that differ from what the array holds — also after restoring an older checkpoint', () => {
    const g = { a: tracked(new Float64Array((4 * BLOCK) / 8)) };
    const set = (i: number, v: number) => {
      g.a[i] = v;
      markDirty(g.a, i);
    };
    const c0 = capture([g]);
    set(0, 1);
    const c1 = capture([g], new Set(), c0);
    set(BLOCK / 8, 2); // block 1
    const c2 = capture([g], new Set(), c1);
    set(3 * (BLOCK / 8), 3); // block 3, then back to c1, then c2, c0, c2
    for (const [c, want] of [
      [c1, [1, 0, 0]],
      [c2, [1, 2, 0]],
      [c0, [0, 0, 0]],
      [c2, [1, 2, 0]],
    ] as const) {
      restore(c);
      expect([g.a[0], g.a[BLOCK / 8], g.a[3 * (BLOCK / 8)]]).toEqual(want);
    }
    set(2 * (BLOCK / 8), 4);
    restore(c1);
    expect(sameBytes(g.a, bytesIn(c1, g.a))).toBe(true);
  });

  it('a disk list pool under random adds, removes, growth and compaction: each marked capture equals a full compare', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.nat(5), add: fc.boolean(), cp: fc.nat(9) }), { minLength: 1, maxLength: 400 }),
        fc.nat(),
        (ops, back) => {
          const lists = new DiskReplicaLists(6, 4);
          const g = { lists };
          let prev = capture([g]);
          const kept = [prev];
          const pools = new Set<Int32Array>([lists.pool]);
          let rid = 0;
          for (const op of ops) {
            if (op.add || lists.len[op.d] === 0) lists.add(op.d, rid++);
            else lists.removeAt(op.d, (rid * 7) % lists.len[op.d]);
            // compaction (a new pool, every list rewritten): rare in the engine (live lists keep their room), so called here too
            if (op.cp === 1 && op.d === 1) (lists as unknown as { compact(): void }).compact();
            pools.add(lists.pool);
            if (op.cp === 0) {
              const ref = capture([g], new Set(), undefined, undefined, { noMarks: true });
              const c = capture([g], new Set(), prev, undefined, { verify: true });
              expect(differing(c, ref)).toEqual([]);
              kept.push(c);
              prev = c;
              if (op.d === 0) {
                // back to an earlier checkpoint (marks now relative to it), and on from there
                prev = kept[back % kept.length];
                restore(prev);
                expect(differing(capture([g], new Set(), undefined, undefined, { noMarks: true }), prev)).toEqual([]);
              }
            }
          }
          // the pool was outgrown (new arrays, each tracked) at least once in most runs
          for (const p of pools) expect(dirtyOf(p)).toBeDefined();
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
  it("a disk list pool's compaction: every list's offset rewritten, marked though no entry is added", () => {
    const lists = new DiskReplicaLists(10_000, 4); // the offsets span three blocks
    for (let d = 0; d < 10_000; d++) lists.add(d, d);
    for (let i = 0; i < 8; i++) lists.add(0, 100_000 + i); // disk 0's list outgrows its room: moved to the end of the pool
    const g = { lists };
    const prev = capture([g]);
    (lists as unknown as { compact(): void }).compact(); // every list in disk order again: all the others' offsets move
    const ref = capture([g], new Set(), undefined, undefined, { noMarks: true });
    const c = capture([g], new Set(), prev, undefined, { verify: true });
    expect(differing(c, ref)).toEqual([]);
    expect(sameBytes(bytesIn(prev, lists.off), lists.off)).toBe(false);
  });
});

describe('a write through each instrumented path is in the next capture', () => {
  /**
   * Mutates an engine at t = 0 through one path only, between two captures of its store
   * (the second trusting the marks), and checks that capture against a full compare,
   * that the named arrays did change, and that restoring both ways gives the bytes back.
   * `setup` runs before the first capture (a state for the path to change).
   */
  function throughPath(mutate: (e: Engine) => ArrayBufferView[], setup: (e: Engine) => void = () => {}, engine = () => new Engine(scenario())) {
    const e = engine();
    setup(e);
    const store = new CheckpointStore(e);
    const before = store.take();
    const arrays = mutate(e);
    const ref = fullCapture(e, store);
    const after = store.take();
    expect(differing(after.graph, ref)).toEqual([]);
    for (const a of arrays) {
      expect(dirtyOf(a), 'the path writes a tracked array').toBeDefined();
      const was = before.graph.blocksOf.get(a);
      if (was) expect(sameBytes(joined(was), bytesIn(ref, a)), `the path changed array ${arrays.indexOf(a)}`).toBe(false);
    }
    const h = e.hash();
    store.restore(before);
    expect(differing(fullCapture(e, store), before.graph)).toEqual([]);
    store.restore(after);
    expect(differing(fullCapture(e, store), ref)).toEqual([]);
    expect(e.hash()).toBe(h);
    return e;
  }
  const table = (e: Engine) => e.pangu.table;

  it('replica add (slot, back-index, disk list, the chunk counters, the queue)', () => {
    throughPath((e) => {
      const t = table(e);
      // a chunk losing a copy, then given one: counters, flags and the queue move both ways
      const c = 1234;
      const rid = c * t.slots;
      const d = t.slotDisk[rid];
      t.removeReplica(rid);
      const free = (d + 12 * 37) % t.diskFlags.length;
      expect(t.addReplica(c, free)).toBeGreaterThanOrEqual(0);
      return [t.slotDisk, t.slotPos, t.lists.pool];
    });
  });

  it('replica remove (a moved entry: its back-index; a lost chunk)', () => {
    throughPath((e) => {
      const t = table(e);
      const c = 77;
      for (let s = 0; s < t.slots; s++) t.removeReplica(c * t.slots + s);
      expect(t.present[c]).toBe(0);
      return [t.slotDisk, t.slotPos, t.lists.pool, t.flags, t.present];
    });
  });

  it("a disk's flags (both loops), a busy chunk, and the re-replication queue", () => {
    throughPath((e) => {
      const t = table(e);
      t.setDiskFlags(5, F_ALL & ~(F_LIVE | F_SRC)); // the common flip: live / avail only
      t.setDiskFlags(6, F_ALL & ~(F_PRESENT | F_REACH)); // the other loop
      t.setBusy((t.lists.get(5, 0) / t.slots) | 0, true);
      expect(t.queue.size).toBeGreaterThan(0);
      return [t.live, t.avail, t.present, t.reach, t.flags, t.queue.bucketOf];
    });
  });

  it("a disk list's growth (its entries moved to the end of the pool, or into a new one)", () => {
    const e = throughPath((e) => {
      const t = table(e);
      const d = 9;
      const pool = t.lists.pool;
      const cap = t.lists.cap[d];
      const room = cap - t.lists.len[d] + 1;
      for (let c = 0, added = 0; added < room && c < t.chunks; c++) if (t.addReplica(c, d) >= 0) added++;
      expect(t.lists.cap[d]).toBe(2 * cap);
      return t.lists.pool === pool ? [pool] : [];
    });
    expect(e.pangu.table.lists.len[9]).toBeGreaterThan(0);
  });

  it('the audit log: counts (a new bucket clears its row) and the entry rings', () => {
    throughPath((e) => {
      const a = e.ops.audit;
      a.count(0, 0, 0, 3);
      a.count(10 * a.bucketMs * a.nBuckets + 5, 1, 0, 2); // a wrap of the ring: its row cleared and written
      a.opsRing.add(1, 1, 0, 2, 0, 3, 4, 0, 1, 1, 1);
      return [a.counts, a.opsRing.t, a.opsRing.node];
    });
  });

  it("Fuxi's blacklist: a job's slow mark, and a mark's ratio raised", () => {
    const marked = (e: Engine) => {
      e.runUntil(MIN); // marks carry the time: at t = 0 it would not change
      e.fuxi.blacklist.mark(7, 3, 1.5);
    };
    throughPath((e) => {
      const b = e.fuxi.blacklist;
      b.mark(100, 5, 2);
      return [b.markT, b.markJob, b.markRatio];
    }, marked);
    // far from the mark above (another block): only the raise writes there
    throughPath(
      (e) => {
        e.fuxi.blacklist.raiseRatio(7, 3, 4);
        return [e.fuxi.blacklist.markRatio];
      },
      (e) => {
        marked(e);
        e.fuxi.blacklist.mark(100, 9, 1.2);
      },
    );
  });

  it("the audit log's daily crash counts: a crash counted, and a new day clearing its row", () => {
    // 5,000 servers: a day's row (10,000 bytes) straddles two blocks, so the row's clear writes a block the count does not
    const big = () => new Engine(small(presetByName('default')!.scenario, { nodes: 5_000, chunks: 10_000 }));
    const crash = (e: Engine, day: number, node: number) => e.sim.log.add({ t: day * DAY + 1, code: 'node.failed', node });
    throughPath(
      (e) => {
        crash(e, 1 + e.ops.audit.nDays, 4_999); // the same ring row as day 1, a new day: cleared, then counted
        return [(e.ops.audit as unknown as { crashDaily: Uint16Array }).crashDaily];
      },
      (e) => crash(e, 1, 0),
      big,
    );
  });

  it('a write stream: its disks (a synchronous write)', () => {
    throughPath((e) => {
      e.writes.model.addUtil(30, 0.25);
      return [e.writes.model.diskWriteUtil];
    });
  });

  it('the redo log: a segment opened on three disks, writes appended, a flush past its deadline, a lost server', () => {
    const r = (e: Engine) => e.writes.redo;
    const open = (e: Engine) => {
      r(e).open(0, [0, 40, 80], [0, 480, 960], [0.001, 0.001, 0.001], 3);
      r(e).append(0, 4, 8e6, 10);
    };
    throughPath((e) => {
      open(e);
      return [r(e).diskLanes, r(e).rT, r(e).rCum, r(e).rW];
    });
    throughPath((e) => {
      r(e).append(0, 2, 1e6, 11); // within the newest cohort's period: it absorbs them
      return [r(e).rCum, r(e).rW];
    }, open);
    const tick = (e: Engine) => r(e).tick(60_000, 1_000, 1_000, 5_000); // a queue of hours on slow disks, writes a minute old against a 5 s deadline
    throughPath((e) => {
      tick(e);
      return [r(e).diskQueueMs, r(e).diskOverdue];
    }, open);
    // the next tick clears the queues noted at the last (here no lane flushes any more: their servers lost their memory)
    throughPath(
      (e) => {
        for (const node of [0, 40, 80]) r(e).memoryLost(node, 0);
        r(e).tick(61_000, 1_000, 1_000, 5_000);
        return [r(e).diskQueueMs];
      },
      (e) => {
        open(e);
        tick(e);
      },
    );
    throughPath((e) => {
      r(e).memoryLost(40, 0);
      return [r(e).diskLanes];
    }, open);
  });

  it('the initial fill (placement of every chunk, the disk lists, back-indices and counters built from it)', () => {
    const e = new Engine(scenario());
    const rng = new Rng(3);
    const files = buildFiles(2_000, 8, 3, 0, rng);
    const t = new ChunkTable(files, 3, e.topo.disks, e.topo.disksPerNode, () => 0);
    const g = { t };
    let prev = capture([g]);
    for (const policy of ['rack-aware', 'copyset'] as const) {
      new Placement(e.topo, t).placeAll(policy, 10, 1_000, rng, new Rng(4));
      if (policy === 'rack-aware') t.finishBuild();
      const ref = capture([g], new Set(), undefined, undefined, { noMarks: true });
      const c = capture([g], new Set(), prev, undefined, { verify: true });
      expect(differing(c, ref)).toEqual([]);
      expect(sameBytes(bytesIn(prev, t.slotDisk), t.slotDisk)).toBe(false);
      restore(prev);
      restore(c); // the marks now relative to c: the next round's capture trusts them
      expect(differing(capture([g], new Set(), undefined, undefined, { noMarks: true }), ref)).toEqual([]);
      prev = c;
    }
  });
});

describe('over random histories, a marked capture equals a full compare and restores to its hash', () => {
  for (const name of ['default', 'power-outage-1pct']) {
    it(name, () => {
      const sc = scenario(name);
      fc.assert(
        fc.property(history(SIZE, 4), CHECKPOINTS, fc.array(TIME, { minLength: 1, maxLength: 2 }), (hist, cps, moves) => {
          const e = new Engine(sc);
          const store = new CheckpointStore(e);
          store.take();
          const hashAt = new Map<Checkpoint, string>();
          const stops = [...hist.map((h) => ({ t: h.t, h })), ...cps.map((t) => ({ t, h: null }))].sort((a, b) => a.t - b.t);
          const check = () => {
            const ref = fullCapture(e, store);
            const c = store.take(); // marks relative to the checkpoint before it (or a restored one)
            expect(differing(c.graph, ref)).toEqual([]);
            hashAt.set(c, e.hash());
          };
          for (const s of stops) {
            e.runUntil(s.t);
            if (s.h) tryPerturb(e, s.h.act);
            else check();
          }
          e.runUntil(HORIZON);
          check();
          const recorded = e.scenario();
          // moves: restore (writing back only what differs), run on, capture there with marks
          for (const t of moves) {
            const c = store.best(t, false)!;
            store.restore(c);
            if (hashAt.has(c)) expect(e.hash()).toBe(hashAt.get(c));
            e.runUntil(t, false);
            check();
            expect(e.hash()).toBe(replayHash(recorded, t));
          }
        }),
        { numRuns: 3, seed: name.length },
      );
    });
  }
});
