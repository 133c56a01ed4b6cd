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
import { resized } from '../core/growable';

/** Instance states. LOST: its server went down; the scheduler does not know yet, no progress. */
export const I_FREE = 0,
  I_RUNNING = 1,
  I_DONE = 2,
  I_KILLED = 3,
  I_LOST = 4;
export const I_STATE_NAMES = ['free', 'running', 'done', 'killed', 'lost'] as const;
/** Instance flags. */
export const F_STRAGGLER = 1,
  F_BACKUP = 2,
  F_LOCAL = 4,
  F_RERUN = 8;

export class Instances {
  cap: number;
  /** slots ever used; slots ≥ hw are untouched */
  hw = 0;
  live = 0;
  private freeTop = 0;
  freeStack: Int32Array;
  job = new Int32Array(0);
  node = new Int32Array(0);
  state = new Uint8Array(0);
  flags = new Uint8Array(0);
  cores = new Uint8Array(0);
  mem = new Float32Array(0);
  start = new Float64Array(0);
  /** scheduled completion while running; actual end once done or killed */
  end = new Float64Array(0);
  last = new Float64Array(0);
  remain = new Float64Array(0);
  rate = new Float32Array(0);
  tok = new Int32Array(0);
  /** the other attempt of the same task (backup ↔ original), or −1 */
  twin = new Int32Array(0);
  /** next slot in the job's list */
  jnext = new Int32Array(0);
  /** running-per-server doubly linked list */
  nnext = new Int32Array(0);
  nprev = new Int32Array(0);

  constructor(sim: Sim, cap = 1024) {
    this.cap = cap;
    this.freeStack = new Int32Array(cap);
    this.alloc(cap);
    for (const name of [
      'job',
      'node',
      'state',
      'flags',
      'cores',
      'mem',
      'start',
      'end',
      'last',
      'remain',
      'rate',
      'tok',
      'twin',
      'jnext',
      'nnext',
      'nprev',
    ] as const)
      sim.track('fuxi.inst.' + name, () => this[name]);
    sim.track('fuxi.inst.free', () => this.freeStack);
    sim.trackScalar('fuxi.inst.hw', () => this.hw);
    sim.trackScalar('fuxi.inst.freeTop', () => this.freeTop);
  }

  private alloc(cap: number): void {
    this.job = resized(this.job, cap);
    this.node = resized(this.node, cap);
    this.state = resized(this.state, cap);
    this.flags = resized(this.flags, cap);
    this.cores = resized(this.cores, cap);
    this.mem = resized(this.mem, cap);
    this.start = resized(this.start, cap);
    this.end = resized(this.end, cap);
    this.last = resized(this.last, cap);
    this.remain = resized(this.remain, cap);
    this.rate = resized(this.rate, cap);
    this.tok = resized(this.tok, cap);
    this.twin = resized(this.twin, cap);
    this.jnext = resized(this.jnext, cap);
    this.nnext = resized(this.nnext, cap);
    this.nprev = resized(this.nprev, cap);
    if (this.freeStack.length < cap) this.freeStack = resized(this.freeStack, cap);
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
