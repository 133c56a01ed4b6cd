import { describe, expect, it } from 'vitest';
import { Rng } from '../../../worker/engine/core/rng';
import { DiskReplicaLists } from '../../../worker/engine/pangu/diskReplicaLists';
import { buildFiles, ChunkTable, C_LOST, fileOf, F_ALL, F_LIVE, F_PRESENT } from '../../../worker/engine/pangu/chunks';
import { Placement } from '../../../worker/engine/pangu/placement';
import { buildTopology } from '../../../worker/engine/cluster/topology';
import { defaultParams } from '../../../worker/scenario/params';
import { verifyTable } from './verify';

describe('per-disk replica lists', () => {
  it('match a rebuild from scratch under seeded random adds and swap-removes (fuzz)', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed);
      const disks = 37;
      const lists = new DiskReplicaLists(disks, 4);
      // model: replica id → disk, and back-index
      const where = new Map<number, number>();
      const pos = new Map<number, number>();
      let next = 0;
      for (let op = 0; op < 20_000; op++) {
        if (where.size === 0 || rng.next() < 0.55) {
          // skewed: disk 0 grows a lot, forcing regrowth and compaction
          const d = rng.next() < 0.3 ? 0 : rng.int(disks);
          const rid = next++;
          where.set(rid, d);
          pos.set(rid, lists.add(d, rid));
        } else {
          const keys = [...where.keys()];
          const rid = keys[rng.int(keys.length)];
          const d = where.get(rid)!;
          const moved = lists.removeAt(d, pos.get(rid)!);
          if (moved >= 0) pos.set(moved, pos.get(rid)!);
          where.delete(rid);
          pos.delete(rid);
        }
        if (op % 1000 === 999) {
          const rebuilt: number[][] = Array.from({ length: disks }, () => []);
          for (const [rid, d] of where) rebuilt[d].push(rid);
          for (let d = 0; d < disks; d++) {
            const got = Array.from({ length: lists.len[d] }, (_, i) => lists.get(d, i));
            expect(got.slice().sort((a, b) => a - b)).toEqual(rebuilt[d].sort((a, b) => a - b));
            got.forEach((rid, i) => expect(pos.get(rid)).toBe(i));
          }
        }
      }
    }
  });
});

describe('files and the chunk table', () => {
  const p = { ...defaultParams(), 'cluster.nodes': 200 };
  const topo = buildTopology(p);

  it('files are runs of chunks covering every chunk once, with their replica counts', () => {
    const files = buildFiles(10_000, 8, 3, 0.25, new Rng(7));
    expect(files.start[0]).toBe(0);
    expect(files.start[files.count]).toBe(10_000);
    for (let f = 0; f < files.count; f++) expect(files.start[f + 1]).toBeGreaterThan(files.start[f]);
    const mean = 10_000 / files.count;
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(10);
    const reduced = Array.from(files.replication).filter((r) => r === 2).length / files.count;
    expect(reduced).toBeGreaterThan(0.18);
    expect(reduced).toBeLessThan(0.32);
    for (const c of [0, 1, 4999, 9999]) {
      const f = fileOf(files, c);
      expect(files.start[f]).toBeLessThanOrEqual(c);
      expect(files.start[f + 1]).toBeGreaterThan(c);
    }
  });

  it('incremental counters, lists and queue match a rebuild under random operations (fuzz)', () => {
    for (const seed of [11, 12]) {
      const rng = new Rng(seed);
      const files = buildFiles(3000, 4, 3, 0.2, rng);
      const t = new ChunkTable(files, 3, topo.disks, topo.disksPerNode, () => 0);
      new Placement(topo, t).placeAll('rack-aware', 10, 1000, rng, rng);
      t.finishBuild();
      expect(verifyTable(t)).toEqual([]);
      const S = t.slots;
      for (let op = 0; op < 30_000; op++) {
        const x = rng.next();
        if (x < 0.3) {
          const c = rng.int(t.chunks);
          if (t.flags[c] & C_LOST) continue;
          const d = rng.int(topo.disks);
          let clash = false;
          for (let s = 0; s < S; s++) if (t.slotDisk[c * S + s] === d) clash = true;
          if (!clash) t.addReplica(c, d);
        } else if (x < 0.55) {
          const rid = rng.int(t.chunks * S);
          if (t.slotDisk[rid] >= 0) t.removeReplica(rid);
        } else if (x < 0.95) {
          // flags come in consistent combinations: LIVE implies SRC, REACH implies PRESENT
          const present = rng.next() < 0.9 ? F_PRESENT : 0;
          const reach = present && rng.next() < 0.8 ? 2 : 0;
          const src = rng.next() < 0.85 ? 8 : 0;
          const live = src && rng.next() < 0.8 ? F_LIVE : 0;
          t.setDiskFlags(rng.int(topo.disks), present | reach | src | live);
        } else {
          t.setBusy(rng.int(t.chunks), rng.next() < 0.5);
        }
        if (op % 3000 === 2999) expect(verifyTable(t)).toEqual([]);
      }
      expect(t.lost).toBeGreaterThan(0); // the fuzz did reach losses
    }
  });

  it('a chunk is lost exactly when its last copy goes, and counted once', () => {
    const files = buildFiles(500, 4, 3, 0, new Rng(3));
    const t = new ChunkTable(files, 3, topo.disks, topo.disksPerNode, () => 0);
    new Placement(topo, t).placeAll('rack-aware', 10, 1000, new Rng(4), new Rng(5));
    t.finishBuild();
    const c = 123;
    const disks = Array.from(t.disksOf(c, new Int32Array(t.slots))).filter((d) => d >= 0);
    expect(disks.length).toBe(3);
    const others = (d: number) => Array.from({ length: t.lists.len[d] }, (_, i) => (t.lists.get(d, i) / t.slots) | 0).filter((x) => x !== c);
    t.setDiskFlags(disks[0], F_ALL & ~F_PRESENT & ~2);
    t.setDiskFlags(disks[1], F_ALL & ~F_PRESENT & ~2);
    expect(t.flags[c] & C_LOST).toBe(0);
    const lostBefore = t.lost;
    t.setDiskFlags(disks[2], F_ALL & ~F_PRESENT & ~2);
    expect(t.flags[c] & C_LOST).toBe(C_LOST);
    // Only chunks with all copies on these three disks can be lost with it.
    const shared = others(disks[2]).filter((x) => others(disks[0]).includes(x) && others(disks[1]).includes(x)).length;
    expect(t.lost - lostBefore).toBe(1 + shared);
    const lostNow = t.lost;
    // Copies coming back (truth flip) or the master forgetting them never re-count a loss.
    t.setDiskFlags(disks[2], F_ALL & ~F_PRESENT);
    t.removeReplica(c * t.slots + 2);
    expect(t.lost).toBe(lostNow);
    expect(verifyTable(t)).toEqual([]);
  });
});
