/**
 * The master's namespace and chunk table (P1, P2), as columns. A file is a run of
 * consecutive chunk ids with its own replica count; a chunk has `slots` replica
 * slots (its file's count plus one spare for an extra copy), each holding a disk id
 * or -1. Replica id = chunk × slots + slot.
 *
 * Per chunk four counters are kept incrementally from per-disk flags, so nothing
 * scans chunks per frame:
 *   present — copies that physically exist (truth); 0 ⇒ the chunk is lost, once;
 *   reach   — of those, copies on a reachable server (truth); 0 ⇒ unavailable;
 *   live    — copies the master counts towards redundancy (its belief);
 *   avail   — copies the master may copy from (live ones plus suspect-disk ones).
 * A disk's flags change (it fails, its server goes down or is declared dead, it is
 * suspected slow): only that disk's replica list is walked.
 */
import type { Rng } from '../core/rng';
import { DiskReplicaLists } from './diskReplicaLists';
import { UnderReplicationQueue } from './underReplication';
import * as dm from '../core/detmath';
import { resized } from '../core/growable';
import { markDirty, markRange, tracked, trackedTogether, type DirtyBlocks } from '../core/dirty';

/** Per-disk flag bits. */
export const F_PRESENT = 1,
  F_REACH = 2,
  F_LIVE = 4,
  F_SRC = 8;
export const F_ALL = F_PRESENT | F_REACH | F_LIVE | F_SRC;
/** Per-chunk flag bits. */
export const C_LOST = 1,
  C_BUSY = 2,
  C_UNDER = 4,
  C_UNAVAIL = 8,
  C_OVER = 16;

export interface Files {
  count: number;
  /** first chunk of each file; fileStart[count] = chunks */
  start: Int32Array;
  /** replica count of each file (P2) */
  replication: Uint8Array;
}

/** Files with geometric lengths (mean `meanChunks`), a share created with one replica fewer. */
export function buildFiles(chunks: number, meanChunks: number, r: number, reducedShare: number, rng: Rng): Files {
  const est = Math.ceil(chunks / Math.max(1, meanChunks)) + 16;
  let start = new Int32Array(est + 1);
  let repl = new Uint8Array(est);
  let f = 0;
  let c = 0;
  const p = 1 / Math.max(1, meanChunks);
  const logq = dm.log(1 - p);
  while (c < chunks) {
    if (f === repl.length) {
      start = resized(start, start.length * 2);
      repl = resized(repl, repl.length * 2);
    }
    const len = p >= 1 ? 1 : 1 + Math.floor(dm.log(1 - rng.next()) / logq);
    start[f] = c;
    repl[f] = reducedShare > 0 && r > 1 && rng.next() < reducedShare ? r - 1 : r;
    c = Math.min(chunks, c + len);
    f++;
  }
  const fs = new Int32Array(f + 1);
  fs.set(start.subarray(0, f));
  fs[f] = chunks;
  // never written after this (dirty-tracked for checkpoints: core/dirty.ts)
  return { count: f, start: tracked(fs), replication: tracked(repl.slice(0, f)) };
}

/** The file holding chunk c (binary search over file starts). */
export function fileOf(files: Files, c: number): number {
  let lo = 0,
    hi = files.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (files.start[mid] <= c) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function fillLists(sd: Int32Array, pos: Int32Array, pool: Int32Array, off: Int32Array, len: Int32Array): void {
  const total = sd.length;
  for (let i = 0; i < total; i++) {
    const d = sd[i];
    if (d < 0) continue;
    const p = len[d]++;
    pool[off[d] + p] = i;
    pos[i] = p;
  }
}

export class ChunkTable {
  readonly chunks: number;
  /** replica slots per chunk */
  readonly slots: number;
  readonly files: Files;
  /** target replica count of each chunk (its file's) */
  readonly target: Uint8Array;
  readonly slotDisk: Int32Array;
  /** back-index: position of each replica in its disk's list */
  readonly slotPos: Int32Array;
  readonly present: Uint8Array;
  readonly reach: Uint8Array;
  readonly live: Uint8Array;
  readonly avail: Uint8Array;
  readonly flags: Uint8Array;
  readonly diskFlags: Uint8Array;
  lists!: DiskReplicaLists;
  readonly queue: UnderReplicationQueue;
  readonly disksPerNode: number;

  lost = 0;
  underReplicated = 0;
  /** chunks with more live replicas than their file asks for (a rejoin's extras, to trim) */
  overReplicated = 0;
  unavailable = 0;
  /** replicas that physically exist */
  replicas = 0;
  /** bumped by every change of where replicas are (caches key on it) */
  version = 0;
  /** bumped when a replica leaves the map or a disk's flags change (running copies re-check then) */
  invalidations = 0;
  /** disks whose replicas or flags changed since the running copies were last checked (a list and a mark per disk) */
  readonly dirtyDisks: Int32Array;
  readonly diskDirty: Uint8Array;
  /** (a sink for reads made only to bring a chunk's fields into the cache) */
  private touched = 0;
  dirtyCount = 0;
  /** chunks lost since the owner last read it (for one log line per cause) */
  lostPending = 0;
  /** time the master first saw an under-replicated chunk in this episode; -1 at full redundancy */
  degradedSince = -1;
  lastTimeToRedundancyMs = 0;
  maxTimeToRedundancyMs = 0;
  underReplicatedPeak = 0;
  /**
   * Dirty marks of the per-chunk columns present, reach, live, avail and flags (shared:
   * a write to any of them at chunk c marks c in all), for checkpoints (core/dirty.ts):
   * every write to them below marks its chunk. Bookkeeping, not state (a private field:
   * not walked by a capture nor hashed).
   */
  readonly #marks: DirtyBlocks;

  constructor(
    files: Files,
    maxReplication: number,
    disks: number,
    disksPerNode: number,
    private readonly now: () => number,
  ) {
    const chunks = files.start[files.count];
    this.chunks = chunks;
    this.files = files;
    this.slots = maxReplication + 1;
    this.disksPerNode = disksPerNode;
    this.target = new Uint8Array(chunks);
    for (let f = 0; f < files.count; f++) this.target.fill(files.replication[f], files.start[f], files.start[f + 1]);
    tracked(this.target); // never written after this
    // dirty-tracked for checkpoints (core/dirty.ts): every write below marks what it wrote
    this.slotDisk = tracked(new Int32Array(chunks * this.slots).fill(-1));
    this.slotPos = tracked(new Int32Array(chunks * this.slots));
    this.present = new Uint8Array(chunks);
    this.reach = new Uint8Array(chunks);
    this.live = new Uint8Array(chunks);
    this.avail = new Uint8Array(chunks);
    this.flags = new Uint8Array(chunks);
    this.#marks = trackedTogether([this.present, this.reach, this.live, this.avail, this.flags]);
    this.diskFlags = new Uint8Array(disks).fill(F_ALL);
    this.dirtyDisks = tracked(new Int32Array(disks)); // dirty-tracked for checkpoints: markDirty(d) marks
    this.diskDirty = new Uint8Array(disks);
    this.queue = new UnderReplicationQueue(chunks, this.slots);
  }

  /**
   * After the initial placement has filled `slotDisk` (every disk flagged F_ALL):
   * builds the disk lists at their exact sizes with headroom, and the counters.
   */
  finishBuild(): void {
    const S = this.slots;
    const disks = this.diskFlags.length;
    const count = new Int32Array(disks);
    const sd = this.slotDisk;
    const total = sd.length;
    for (let i = 0; i < total; i++) {
      const d = sd[i];
      if (d >= 0) count[d]++;
    }
    const cap = new Int32Array(disks);
    for (let d = 0; d < disks; d++) cap[d] = count[d] + (count[d] >> 2) + 8;
    const lists = new DiskReplicaLists(disks, cap);
    this.lists = lists;
    fillLists(sd, this.slotPos, lists.pool, lists.off, lists.len);
    markRange(this.slotPos, 0, total);
    markRange(lists.pool, 0, lists.pool.length);
    const present = this.present;
    const target = this.target;
    let replicas = 0;
    for (let c = 0, i = 0; c < this.chunks; c++) {
      let n = 0;
      for (let s = 0; s < S; s++, i++) if (sd[i] >= 0) n++;
      present[c] = n;
      replicas += n;
    }
    this.replicas = replicas;
    this.reach.set(present);
    this.live.set(present);
    this.avail.set(present);
    this.#marks.markRange(0, this.chunks);
    // Every chunk starts fully replicated unless placement ran out of room.
    for (let c = 0; c < this.chunks; c++) if (present[c] < target[c]) this.update(c);
    this.version++;
  }

  /** Disks of chunk c's slots (−1 = empty), into out; returns out. */
  disksOf(c: number, out: Int32Array): Int32Array {
    const S = this.slots;
    for (let s = 0; s < S; s++) out[s] = this.slotDisk[c * S + s];
    return out;
  }

  /** Notes that something about disk d changed that a running copy from or to it must re-check. */
  markDirty(d: number): void {
    if (this.diskDirty[d]) return;
    this.diskDirty[d] = 1;
    markDirty(this.dirtyDisks, this.dirtyCount);
    this.dirtyDisks[this.dirtyCount++] = d;
  }

  clearDirty(): void {
    for (let i = 0; i < this.dirtyCount; i++) this.diskDirty[this.dirtyDisks[i]] = 0;
    this.dirtyCount = 0;
  }

  /** Adds a replica of chunk c on disk d; returns the replica id, or -1 when every slot is taken. */
  addReplica(c: number, d: number): number {
    const S = this.slots;
    const base = c * S;
    let rid = -1;
    for (let s = 0; s < S; s++)
      if (this.slotDisk[base + s] < 0) {
        rid = base + s;
        break;
      }
    if (rid < 0) return -1;
    this.#marks.mark(c);
    this.slotDisk[rid] = d;
    this.slotPos[rid] = this.lists.add(d, rid);
    markDirty(this.slotDisk, rid);
    markDirty(this.slotPos, rid);
    const f = this.diskFlags[d];
    if (f & F_PRESENT) {
      this.present[c]++;
      this.replicas++;
    }
    if (f & F_REACH) this.reach[c]++;
    if (f & F_LIVE) this.live[c]++;
    if (f & F_SRC) this.avail[c]++;
    this.version++;
    this.update(c);
    return rid;
  }

  /** Deletes replica `rid` from the map (and, if its disk still holds data, the data). */
  removeReplica(rid: number): void {
    const d = this.slotDisk[rid];
    if (d < 0) return;
    const c = (rid / this.slots) | 0;
    this.#marks.mark(c);
    this.invalidations++;
    this.markDirty(d);
    const moved = this.lists.removeAt(d, this.slotPos[rid]);
    if (moved >= 0) {
      this.slotPos[moved] = this.slotPos[rid];
      markDirty(this.slotPos, moved);
    }
    this.slotDisk[rid] = -1;
    markDirty(this.slotDisk, rid);
    const f = this.diskFlags[d];
    if (f & F_REACH) this.reach[c]--;
    if (f & F_LIVE) this.live[c]--;
    if (f & F_SRC) this.avail[c]--;
    this.version++;
    if (f & F_PRESENT) {
      this.replicas--;
      if (--this.present[c] === 0) this.markLost(c);
    }
    this.update(c);
  }

  /** Changes a disk's flags, walking only its list. */
  setDiskFlags(d: number, nf: number): void {
    const of = this.diskFlags[d];
    if (of === nf) return;
    this.diskFlags[d] = nf;
    this.invalidations++;
    this.markDirty(d);
    const diff = of ^ nf;
    const dp = diff & F_PRESENT ? (nf & F_PRESENT ? 1 : -1) : 0;
    const dr = diff & F_REACH ? (nf & F_REACH ? 1 : -1) : 0;
    const dl = diff & F_LIVE ? (nf & F_LIVE ? 1 : -1) : 0;
    const da = diff & F_SRC ? (nf & F_SRC ? 1 : -1) : 0;
    const l = this.lists.pool;
    const o = this.lists.off[d];
    const n = this.lists.len[d];
    const S = this.slots;
    if (dp) this.version++;
    if (dp === 0 && dr === 0) {
      // The common flip (a server declared dead, or its report processed): only live / avail
      // move, so whether a chunk is unavailable cannot change — one less random read a replica.
      // Two loops: the counters first (independent reads, so the memory system overlaps the
      // misses; the other fields update() reads, the queue position included, are touched
      // too), then the re-derivation in the same order. Exact: a chunk has at most one
      // replica per disk.
      const live = this.live,
        avail = this.avail,
        flags = this.flags,
        target = this.target,
        bucketOf = this.queue.bucketOf,
        pos = this.queue.pos,
        marks = this.#marks;
      let touch = 0;
      for (let i = 0; i < n; i++) {
        const c = (l[o + i] / S) | 0;
        marks.mark(c);
        live[c] += dl;
        avail[c] += da;
        touch += flags[c] + target[c] + bucketOf[c] + pos[c];
      }
      this.touched = touch;
      for (let i = 0; i < n; i++) this.update((l[o + i] / S) | 0, false);
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = (l[o + i] / S) | 0;
      this.#marks.mark(c);
      this.reach[c] += dr;
      this.live[c] += dl;
      this.avail[c] += da;
      if (dp) {
        this.replicas += dp;
        this.present[c] += dp;
        if (this.present[c] === 0) this.markLost(c);
      }
      this.update(c);
    }
  }

  private markLost(c: number): void {
    if (this.flags[c] & C_LOST) return;
    this.#marks.mark(c);
    this.flags[c] |= C_LOST;
    this.lost++;
    this.lostPending++;
  }

  setBusy(c: number, busy: boolean): void {
    this.#marks.mark(c);
    if (busy) this.flags[c] |= C_BUSY;
    else this.flags[c] &= ~C_BUSY;
    this.update(c);
  }

  /**
   * Re-derives chunk c's under-replicated / unavailable flags and queue place.
   * `reachOrLost`: false when neither its reachable count nor its lost flag changed
   * since the last update (its unavailable flag then stands).
   */
  update(c: number, reachOrLost = true): void {
    let fl = this.flags[c];
    const lost = fl & C_LOST;
    const live = this.live[c];
    const under = !lost && live < this.target[c];
    if (under !== ((fl & C_UNDER) !== 0)) {
      if (under) {
        fl |= C_UNDER;
        if (this.underReplicated++ === 0) this.degradedSince = this.now();
        if (this.underReplicated > this.underReplicatedPeak) this.underReplicatedPeak = this.underReplicated;
      } else {
        fl &= ~C_UNDER;
        if (--this.underReplicated === 0 && this.degradedSince >= 0) {
          this.lastTimeToRedundancyMs = this.now() - this.degradedSince;
          if (this.lastTimeToRedundancyMs > this.maxTimeToRedundancyMs) this.maxTimeToRedundancyMs = this.lastTimeToRedundancyMs;
          this.degradedSince = -1;
        }
      }
    }
    const over = live > this.target[c];
    if (over !== ((fl & C_OVER) !== 0)) {
      if (over) {
        fl |= C_OVER;
        this.overReplicated++;
      } else {
        fl &= ~C_OVER;
        this.overReplicated--;
      }
    }
    const unavail = reachOrLost ? !lost && this.reach[c] === 0 : (fl & C_UNAVAIL) !== 0;
    if (unavail !== ((fl & C_UNAVAIL) !== 0)) {
      if (unavail) {
        fl |= C_UNAVAIL;
        this.unavailable++;
      } else {
        fl &= ~C_UNAVAIL;
        this.unavailable--;
      }
    }
    this.flags[c] = fl;
    this.#marks.mark(c);
    const want = under && !(fl & C_BUSY) && this.avail[c] > 0;
    const b = want ? live : -1;
    if (this.queue.bucketOf[c] - 1 !== b) this.queue.set(c, b);
  }

  /** Chunks not lost with no copy the master may read (none on a server it counts and has a report from): a scan, for safe mode. */
  withoutSource(): number {
    const { avail, flags } = this;
    let k = 0;
    for (let c = 0, n = avail.length; c < n; c++) if (avail[c] === 0 && !(flags[c] & C_LOST)) k++;
    return k;
  }

  /** Typed-array bytes of the table (for the benchmark's bytes-per-replica). */
  byteLength(): number {
    return (
      this.target.byteLength +
      this.slotDisk.byteLength +
      this.slotPos.byteLength +
      this.present.byteLength * 5 +
      this.diskFlags.byteLength +
      this.lists.byteLength() +
      this.queue.pos.byteLength +
      this.queue.bucketOf.byteLength +
      this.files.start.byteLength +
      this.files.replication.byteLength
    );
  }
}
