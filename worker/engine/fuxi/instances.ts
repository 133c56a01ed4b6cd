/**
 * Instances (S1): every attempt to run one task of a job, in a struct-of-arrays
 * pool with a free list. A slot lives from launch until its job completes (so a
 * job's timeline can be shown); running slots are also linked per server (for
 * failover and speed changes) and every slot is linked into its job's list in
 * launch order.
 *
 * Progress: an instance has `remain` work (ms on a speed-1 server) as of `last`
 * and runs at `rate` = server CPU speed ÷ slow-down factor; its completion event
 * carries a token, and any change (speed, kill) issues a new token, so stale
 * events are recognized and dropped.
 */
import type { Sim } from '../sim';

/** Instance states. LOST: its server went down; the scheduler does not know yet, no progress. */
export const I_FREE = 0, I_RUNNING = 1, I_DONE = 2, I_KILLED = 3, I_LOST = 4;
export const I_STATE_NAMES = ['free', 'running', 'done', 'killed', 'lost'] as const;
/** Instance flags. */
export const F_STRAGGLER = 1, F_BACKUP = 2, F_LOCAL = 4, F_RERUN = 8;

export class Instances {
  cap: number;
  /** slots ever used; slots ≥ hw are untouched */
  hw = 0;
  live = 0;
  private freeTop = 0;
  freeStack: Int32Array;
  job!: Int32Array;
  node!: Int32Array;
  state!: Uint8Array;
  flags!: Uint8Array;
  cores!: Uint8Array;
  mem!: Float32Array;
  start!: Float64Array;
  /** scheduled completion while running; actual end once done or killed */
  end!: Float64Array;
  last!: Float64Array;
  remain!: Float64Array;
  rate!: Float32Array;
  tok!: Int32Array;
  /** the other attempt of the same task (backup ↔ original), or −1 */
  twin!: Int32Array;
  /** next slot in the job's list */
  jnext!: Int32Array;
  /** running-per-server doubly linked list */
  nnext!: Int32Array;
  nprev!: Int32Array;

  constructor(sim: Sim, cap = 1024) {
    this.cap = cap;
    this.freeStack = new Int32Array(cap);
    this.alloc(cap);
    for (const name of ['job', 'node', 'state', 'flags', 'cores', 'mem', 'start', 'end', 'last', 'remain', 'rate', 'tok', 'twin', 'jnext', 'nnext', 'nprev'] as const)
      sim.track('fuxi.inst.' + name, () => this[name]);
    sim.track('fuxi.inst.free', () => this.freeStack);
    sim.trackScalar('fuxi.inst.hw', () => this.hw);
    sim.trackScalar('fuxi.inst.freeTop', () => this.freeTop);
  }

  private alloc(cap: number): void {
    const grow = <T extends Int32Array | Uint8Array | Float32Array | Float64Array>(old: T | undefined, make: (n: number) => T): T => {
      const a = make(cap);
      if (old) a.set(old);
      return a;
    };
    this.job = grow(this.job, (n) => new Int32Array(n));
    this.node = grow(this.node, (n) => new Int32Array(n));
    this.state = grow(this.state, (n) => new Uint8Array(n));
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.cores = grow(this.cores, (n) => new Uint8Array(n));
    this.mem = grow(this.mem, (n) => new Float32Array(n));
    this.start = grow(this.start, (n) => new Float64Array(n));
    this.end = grow(this.end, (n) => new Float64Array(n));
    this.last = grow(this.last, (n) => new Float64Array(n));
    this.remain = grow(this.remain, (n) => new Float64Array(n));
    this.rate = grow(this.rate, (n) => new Float32Array(n));
    this.tok = grow(this.tok, (n) => new Int32Array(n));
    this.twin = grow(this.twin, (n) => new Int32Array(n));
    this.jnext = grow(this.jnext, (n) => new Int32Array(n));
    this.nnext = grow(this.nnext, (n) => new Int32Array(n));
    this.nprev = grow(this.nprev, (n) => new Int32Array(n));
    if (this.freeStack.length < cap) {
      const f = new Int32Array(cap);
      f.set(this.freeStack);
      this.freeStack = f;
    }
    this.cap = cap;
  }

  /** A fresh slot, fields reset. */
  take(): number {
    let i: number;
    if (this.freeTop > 0) i = this.freeStack[--this.freeTop];
    else {
      if (this.hw === this.cap) this.alloc(this.cap * 2);
      i = this.hw++;
    }
    this.live++;
    this.flags[i] = 0;
    this.tok[i] = 0;
    this.twin[i] = -1;
    this.jnext[i] = -1;
    this.nnext[i] = -1;
    this.nprev[i] = -1;
    return i;
  }

  /** Returns a slot to the pool (its job has completed). */
  give(i: number): void {
    this.state[i] = I_FREE;
    this.tok[i] = 0;
    this.freeStack[this.freeTop++] = i;
    this.live--;
  }

  /** Work done so far brought up to `now` (call before changing rate or state). */
  settle(i: number, now: number): void {
    const dt = now - this.last[i];
    if (dt > 0) {
      const r = this.remain[i] - dt * this.rate[i];
      this.remain[i] = r > 0 ? r : 0;
    }
    this.last[i] = now;
  }
}
