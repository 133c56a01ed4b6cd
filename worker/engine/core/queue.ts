/**
 * The event queue: a binary min-heap ordered by (time, sequence), held in typed
 * arrays so it costs no allocation per event and can be hashed. An event is a kind
 * (small integer, see `EventKind` users) and two integer arguments.
 */
import { resized } from './growable';

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private nextSeq = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }
  get sequence(): number {
    return this.nextSeq;
  }

  push(time: number, kind: number, a = 0, b = 0): void {
    if (!(time >= 0) || !Number.isFinite(time)) throw new Error(`invalid event time: ${time}`);
    if (this.n === this.time.length) this.grow();
    let i = this.n++;
    const s = this.nextSeq++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.time[p] < time || (this.time[p] === time && this.seq[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    this.put(i, time, s, kind, a, b);
  }

  /** Time of the earliest event, or Infinity. */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /** Removes the earliest event into `out` ([time, kind, a, b]); false when empty. */
  pop(out: Float64Array): boolean {
    if (this.n === 0) return false;
    out[0] = this.time[0];
    out[1] = this.kind[0];
    out[2] = this.a[0];
    out[3] = this.b[0];
    const last = --this.n;
    if (last > 0) {
      this.move(last, 0);
      this.siftDown(0);
    }
    return true;
  }

  /**
   * Removes every event matching the predicate: cancelling a node's pending boot, say,
   * or dropping stale events in bulk (they would be popped and ignored). Filters in
   * place and rebuilds the heap bottom-up, O(n); pop order of the rest is unchanged
   * (it is fixed by time and sequence).
   */
  removeWhere(pred: (kind: number, a: number, b: number) => boolean): number {
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      if (pred(this.kind[i], this.a[i], this.b[i])) continue;
      if (k !== i) this.move(i, k);
      k++;
    }
    const removed = this.n - k;
    this.n = k;
    if (removed > 0) for (let i = (k >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return removed;
  }

  private siftDown(i: number): void {
    const n = this.n;
    const t = this.time[i],
      s = this.seq[i],
      k = this.kind[i],
      a = this.a[i],
      b = this.b[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (this.time[r] < this.time[l] || (this.time[r] === this.time[l] && this.seq[r] < this.seq[l]))) c = r;
      if (t < this.time[c] || (t === this.time[c] && s < this.seq[c])) break;
      this.move(c, i);
      i = c;
    }
    this.put(i, t, s, k, a, b);
  }

  private put(i: number, time: number, seq: number, kind: number, a: number, b: number): void {
    this.time[i] = time;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
  }

  /** Feeds the live part of the heap, in heap order (deterministic), to a hash. */
  hashInto(h: { f64(x: number): void; u32(x: number): void }): void {
    h.u32(this.n);
    h.f64(this.nextSeq);
    for (let i = 0; i < this.n; i++) {
      h.f64(this.time[i]);
      h.f64(this.seq[i]);
      h.u32(this.kind[i]);
      h.u32(this.a[i]);
      h.u32(this.b[i]);
    }
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.kind[to] = this.kind[from];
    this.a[to] = this.a[from];
    this.b[to] = this.b[from];
  }

  private grow(): void {
    const cap = this.time.length * 2;
    this.time = resized(this.time, cap);
    this.seq = resized(this.seq, cap);
    this.kind = resized(this.kind, cap);
    this.a = resized(this.a, cap);
    this.b = resized(this.b, cap);
  }
}
