/**
 * Per-disk replica lists (P1, "chunks as columns"): for every disk, the replica ids
 * (chunk × slots + slot) it holds. All lists live in one pooled Int32Array: disk d's
 * entries are pool[off[d] .. off[d] + len[d]), with room up to cap[d]. A full list
 * moves to the end of the pool with twice the room (a growable array without one
 * object per disk); the pool is compacted when half of it is abandoned space.
 * Removal is swap-remove; the owner keeps a back-index (replica → position in its
 * disk's list) and fixes the one entry a removal moves. Losing a disk touches only
 * its own list.
 */
import { resized } from '../core/growable';
import { markDirty, markRange, tracked, trackedTogether, type DirtyBlocks } from '../core/dirty';

export class DiskReplicaLists {
  pool: Int32Array;
  readonly off: Int32Array;
  readonly cap: Int32Array;
  readonly len: Int32Array;
  /** end of the used part of the pool */
  used = 0;
  /** dirty marks of off, cap and len for checkpoints (core/dirty.ts; bookkeeping, not state): every write below marks */
  readonly #marks: DirtyBlocks;

  constructor(disks: number, initialCapacity: Int32Array | number = 8) {
    this.off = new Int32Array(disks);
    this.cap = new Int32Array(disks);
    this.len = new Int32Array(disks);
    let at = 0;
    for (let d = 0; d < disks; d++) {
      const c = Math.max(4, typeof initialCapacity === 'number' ? initialCapacity : initialCapacity[d]);
      this.off[d] = at;
      this.cap[d] = c;
      at += c;
    }
    this.used = at;
    this.#marks = trackedTogether([this.off, this.cap, this.len]);
    // dirty-tracked for checkpoints (core/dirty.ts): every write below marks what it wrote, a new pool is registered
    this.pool = tracked(new Int32Array(Math.ceil(at * 1.25) + 64));
  }

  /** Entry i of disk d. */
  get(d: number, i: number): number {
    return this.pool[this.off[d] + i];
  }

  /** Appends replica `rid` to disk d; returns its position. */
  add(d: number, rid: number): number {
    const n = this.len[d];
    if (n === this.cap[d]) this.regrow(d);
    this.pool[this.off[d] + n] = rid;
    markDirty(this.pool, this.off[d] + n);
    this.len[d] = n + 1;
    this.#marks.mark(d);
    return n;
  }

  /**
   * Removes the entry at `pos` of disk d by moving the last entry into it. Returns
   * the replica id that now sits at `pos` (the caller updates its back-index), or -1
   * when the removed entry was the last one.
   */
  removeAt(d: number, pos: number): number {
    const last = --this.len[d];
    this.#marks.mark(d);
    if (pos === last) return -1;
    const o = this.off[d];
    const moved = this.pool[o + last];
    this.pool[o + pos] = moved;
    markDirty(this.pool, o + pos);
    return moved;
  }

  private regrow(d: number): void {
    const need = this.cap[d] * 2;
    if (this.used + need > this.pool.length) {
      let live = 0;
      for (let i = 0; i < this.cap.length; i++) live += this.cap[i];
      if (live + need <= this.pool.length / 2) this.compact();
      else this.pool = tracked(resized(this.pool.subarray(0, this.used), Math.ceil((this.used + need) * 1.5) + 64));
    }
    if (this.used + need > this.pool.length) this.pool = tracked(resized(this.pool.subarray(0, this.used), Math.ceil((this.used + need) * 1.5) + 64));
    const o = this.off[d];
    this.pool.copyWithin(this.used, o, o + this.len[d]);
    markRange(this.pool, this.used, this.used + this.len[d]);
    this.off[d] = this.used;
    this.cap[d] = need;
    this.#marks.mark(d);
    this.used += need;
  }

  /** Rewrites the pool with every list in disk order, dropping abandoned space. */
  private compact(): void {
    const g = tracked(new Int32Array(this.pool.length));
    let at = 0;
    for (let d = 0; d < this.off.length; d++) {
      g.set(this.pool.subarray(this.off[d], this.off[d] + this.len[d]), at);
      this.off[d] = at;
      at += this.cap[d];
    }
    this.#marks.markRange(0, this.off.length);
    this.pool = g;
    this.used = at;
  }

  /** Bytes held by the lists. */
  byteLength(): number {
    return this.pool.byteLength + this.off.byteLength + this.cap.byteLength + this.len.byteLength;
  }
}
