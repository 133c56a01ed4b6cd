/**
 * The master's re-replication queue: chunks that have fewer live replicas than
 * their file asks for, in buckets by live-replica count, so the most urgent (fewest
 * live copies) come first. Each bucket is a growable Int32Array with swap-remove;
 * `pos` is the back-index. A chunk is queued only while it needs a copy, has a
 * source to copy from and no copy of it is already running.
 */
import { withRoom } from '../core/growable';
import { markDirty, tracked } from '../core/dirty';

export class UnderReplicationQueue {
  readonly buckets: Int32Array[];
  readonly len: Int32Array;
  /** bucket + 1 of each chunk, 0 when not queued */
  readonly bucketOf: Uint8Array;
  /** position of each chunk in its bucket */
  readonly pos: Int32Array;
  /** rotating scan offset per bucket, so blocked chunks do not starve the rest */
  readonly cursor: Int32Array;
  size = 0;

  constructor(
    chunks: number,
    readonly nBuckets: number,
  ) {
    this.buckets = [];
    for (let b = 0; b < nBuckets; b++) this.buckets.push(new Int32Array(64));
    this.len = new Int32Array(nBuckets);
    this.cursor = new Int32Array(nBuckets);
    // dirty-tracked for checkpoints (core/dirty.ts): push and remove mark what they write
    this.bucketOf = tracked(new Uint8Array(chunks));
    this.pos = tracked(new Int32Array(chunks));
  }

  /** Puts chunk c in bucket b (or takes it out when b < 0). */
  set(c: number, b: number): void {
    const cur = this.bucketOf[c] - 1;
    if (cur === b) return;
    if (cur >= 0) this.remove(c, cur);
    if (b >= 0) this.push(c, b);
  }

  private push(c: number, b: number): void {
    let l = this.buckets[b];
    const n = this.len[b];
    if (n === l.length) this.buckets[b] = l = withRoom(l, n + 1);
    l[n] = c;
    this.pos[c] = n;
    this.len[b] = n + 1;
    this.bucketOf[c] = b + 1;
    markDirty(this.pos, c);
    markDirty(this.bucketOf, c);
    this.size++;
  }

  private remove(c: number, b: number): void {
    const l = this.buckets[b];
    const p = this.pos[c];
    const last = --this.len[b];
    if (p !== last) {
      const moved = l[last];
      l[p] = moved;
      this.pos[moved] = p;
      markDirty(this.pos, moved);
    }
    this.bucketOf[c] = 0;
    markDirty(this.bucketOf, c);
    this.size--;
  }

  /** Copies up to `max` chunks of bucket b into `out` from the rotating offset; returns how many. */
  take(b: number, max: number, out: Int32Array): number {
    const n = this.len[b];
    if (n === 0) return 0;
    const k = Math.min(n, max, out.length);
    let at = this.cursor[b] % n;
    const l = this.buckets[b];
    for (let i = 0; i < k; i++) {
      out[i] = l[at];
      if (++at === n) at = 0;
    }
    this.cursor[b] = at;
    return k;
  }

  /** Live part of every bucket (for the state hash: membership and order). */
  hashView(): Int32Array {
    const out = new Int32Array(this.size + this.nBuckets * 2);
    let k = 0;
    for (let b = 0; b < this.nBuckets; b++) {
      out[k++] = this.len[b];
      out[k++] = this.cursor[b];
      out.set(this.buckets[b].subarray(0, this.len[b]), k);
      k += this.len[b];
    }
    return out;
  }
}
