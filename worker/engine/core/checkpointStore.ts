/**
 * The engine's checkpoints for time travel: whole-state captures (core/checkpoint.ts)
 * at moments of the run, used to rewind or seek by restoring the nearest one at or
 * before the target and running forward from there — exact, because a restored
 * engine is the same state as a replayed one (the property test proves it).
 *
 * The recorded timeline is not part of a checkpoint (it is the recording, not the
 * state): after a fork the engine keeps its current timeline and a restored
 * checkpoint resumes it at its own cursor. So checkpoints before a fork stay valid;
 * `dropFrom` discards the rest.
 *
 * A checkpoint at t = 0 is always kept, so every moment has one at or before it.
 * Within the memory budget, checkpoints are thinned: the one whose removal leaves the
 * smallest gap, weighed by age — gap / (age + run length), so a gap at the start of the
 * run counts half one at the present — goes first: nearly even spacing (the worst move,
 * a replay across the widest gap, as short as the budget allows), a little denser near
 * the present. (Gap / age, before 2026-12-07, spaced them in proportion to their age:
 * with 6-minute spacing a day's widest gaps grew to hours.)
 *
 * The disk tier (optional: a `SpillFile`): when the blocks held pass the memory budget,
 * the oldest full blocks (in the order they were first held; never one the newest
 * checkpoint holds, which the next capture compares against) are written to the file
 * and their memory reused, so the memory budget holds while many more checkpoints are
 * kept — within `diskBudgetBytes` — and the widest gap of a long run, which bounds a
 * move's replay, stays short. Thinning then keeps both within their budgets. A restore
 * reads a spilled block straight from the file into the engine's array.
 */
import {
  BLOCK,
  BlockPool,
  Patch,
  blockCost,
  capture,
  restore,
  spillBlocks,
  spilledSlot,
  type Block,
  type BlockFile,
  type GraphCheckpoint,
} from './checkpoint';
import { fromPortable, toPortable, TransferError, type PortableCheckpoint } from './checkpointTransfer';
import type { Engine } from '../engine';

export interface Checkpoint {
  /** simulated time */
  readonly t: number;
  /** timeline entries applied at that moment */
  readonly applied: number;
  readonly graph: GraphCheckpoint;
  /** wall ms the capture took (0 without a clock) */
  ms: number;
}

/** Rough JS-heap bytes per recorded property or element (references and small numbers). */
const SLOT_BYTES = 16;

/** With a disk tier, the blocks made by this many of the last checkpoints taken stay in memory (and all of the last one's). */
const RECENT_IN_MEMORY = 4;

/**
 * With a disk tier, blocks are spilled once those made since the last spill reach this
 * share of the state's bytes (a quarter: ~21 MB, ~4 captures at default scale), or at
 * once when memory is over its budget. Each spill looks over every block the store may
 * spill (~6,000 at default scale) and the newest checkpoint's blocks: ~2.5 ms, which,
 * paid at every capture, was a sixth of its cost (2026-12-07, session 11).
 */
const SPILL_BATCH_SHARE = 1 / 4;

/** A block file and which of its slots are in use: one per worker, shared by the stores of its successive loads. */
export class SpillFile {
  private readonly free: number[] = [];
  private top = 0;
  constructor(readonly file: BlockFile) {}
  /** n slots, the lowest free ones first (runs of consecutive slots are written at once) */
  allocMany(n: number): number[] {
    const out: number[] = [];
    if (this.free.length > 0) {
      this.free.sort((a, b) => b - a);
      while (out.length < n && this.free.length > 0) out.push(this.free.pop()!);
    }
    while (out.length < n) out.push(this.top++);
    return out;
  }
  release(slot: number): void {
    this.free.push(slot);
  }
  /** slots holding a block now */
  get used(): number {
    return this.top - this.free.length;
  }
  /** With no slot in use (the stores holding them disposed): cuts the file to nothing, giving the disk back. */
  shrink(): void {
    if (this.used !== 0 || this.top === 0) return;
    this.free.length = 0;
    this.top = 0;
    this.file.truncate(0);
  }
}

export class CheckpointStore {
  private list: Checkpoint[] = [];
  /**
   * a checkpoint's list of blocks for one array → how many kept checkpoints hold it (a
   * capture that changed nothing in an array keeps the previous list itself: core/checkpoint.ts)
   */
  private readonly lists = new Map<Block[], number>();
  /** typed-array block or patch → how many held lists (and, for a base, patches) refer to it */
  private readonly refs = new Map<Block, number>();
  private blockBytes = 0;
  private slotBytes = 0;
  /** bytes of blocks spilled to the disk tier and held */
  private spilled = 0;
  /** bytes of blocks the disk tier may take that became held since the last spill */
  private unspilled = 0;
  /** spill once the blocks held since the last spill reach this share of the state's bytes (0: at every capture; tests) */
  spillBatchShare = SPILL_BATCH_SHARE;
  /** the file refused a write (a quota, a full disk): nothing more is spilled */
  private diskBroken = false;
  /** blocks the disk tier may take (held, in memory, whole blocks of the pool), oldest first; some may have gone since */
  private candidates: Uint8Array[] = [];
  /** the last few checkpoints taken, newest first (their blocks stay in memory) */
  private recent: Checkpoint[] = [];
  /** the blocks a kept checkpoint made itself (not shared with the one it was compared to) */
  private readonly freshOf = new WeakMap<Checkpoint, Block[]>();
  /** fresh blocks for captures; blocks no kept checkpoint refers to go back to it */
  readonly pool = new BlockPool();
  /**
   * Wall ms of the last capture that could share blocks with an earlier checkpoint (the
   * steady cost; a first, full copy costs more and is not counted here).
   */
  lastCaptureMs = 0;
  /** captures that could share blocks, and their wall ms in all (the benches' direct measure of what checkpointing costs) */
  captures = 0;
  captureMsTotal = 0;

  constructor(
    private readonly engine: Engine,
    /** state reachable only through closures (e.g. a tally fed by a tap) */
    private readonly extraRoots: readonly object[] = [],
    public budgetBytes = 512 * 2 ** 20,
    /** the disk tier (null: none; checkpoints are thinned to the memory budget alone) */
    private disk: SpillFile | null = null,
    public diskBudgetBytes = 0,
  ) {}

  get size(): number {
    return this.list.length;
  }
  /** the oldest checkpoint (t = 0) */
  first(): Checkpoint | undefined {
    return this.list[0];
  }
  /** the checkpoints' times, oldest first */
  times(): number[] {
    return this.list.map((c) => c.t);
  }
  /** bytes held: unique typed-array blocks plus an estimate of the recorded objects */
  heldBytes(): number {
    return this.blockBytes + this.slotBytes;
  }
  /** Gives the store a disk tier (a worker's file opens asynchronously, after its first load may have begun). */
  attachDisk(d: SpillFile): void {
    if (this.disk) return;
    this.disk = d;
    for (const b of this.refs.keys())
      if (!(b instanceof Patch) && this.pool.owns(b)) {
        this.candidates.push(b);
        this.unspilled += BLOCK;
      }
  }
  /** The disk tier: none, taking blocks, or stopped (the file refused a write). */
  diskState(): 'none' | 'on' | 'full' {
    return !this.disk ? 'none' : this.diskBroken ? 'full' : 'on';
  }
  /** bytes of blocks in the disk tier */
  diskBytes(): number {
    return this.spilled;
  }

  /** Captures the engine's state now (replacing a checkpoint of the same moment), then thins to the budget. */
  take(wall?: () => number): Checkpoint {
    const e = this.engine;
    const w0 = wall?.() ?? 0;
    const i = this.indexAtOrBefore(e.now, e.applied);
    const prev = i >= 0 ? this.list[i].graph : undefined;
    const graph = capture([e, ...this.extraRoots], this.skip(), prev, this.pool, { poolParts: this.disk !== null && !this.diskBroken });
    const c: Checkpoint = { t: e.now, applied: e.applied, graph, ms: 0 };
    if (this.disk) {
      const fresh: Block[] = [];
      for (const [v, bl] of graph.blocksOf) {
        const was = prev?.blocksOf.get(v);
        if (was !== bl) for (let k = 0; k < bl.length; k++) if (was?.[k] !== bl[k]) fresh.push(bl[k]);
      }
      this.freshOf.set(c, fresh);
    }
    this.hold(c); // before releasing the one it replaces: blocks they share must not go back to the pool
    // (the first is never replaced: it is the graph as built, before anything ran — a
    // portable checkpoint names objects by their place in it — and events at t = 0 may have run since)
    if (i > 0 && this.list[i].t === c.t && this.list[i].applied === c.applied) {
      this.release(this.list[i]);
      this.list[i] = c;
    } else this.list.splice(i + 1, 0, c);
    this.recent = [c, ...this.recent.filter((r) => r !== c && this.list.includes(r))].slice(0, RECENT_IN_MEMORY);
    this.settle(e.now);
    if (wall) {
      c.ms = wall() - w0;
      if (prev) {
        this.lastCaptureMs = c.ms;
        this.captures++;
        this.captureMsTotal += c.ms;
      }
    }
    return c;
  }

  /**
   * Not state: the recorded timeline, and the scenario the engine was loaded with (both
   * the recording; a fork's side loads another timeline and must walk the same graph).
   */
  skip(): Set<object> {
    return new Set<object>(this.skipped());
  }
  private skipped(): object[] {
    const e = this.engine as unknown as { timeline: object; scenarioBase: object };
    return [e.timeline, e.scenarioBase];
  }

  /**
   * The engine's present as a portable checkpoint (for another worker: structured-clone
   * or transfer it), from a checkpoint of this moment (taken now if none is kept).
   */
  portable(): PortableCheckpoint {
    const e = this.engine;
    const kept = this.at(e.now, e.applied);
    // not the first: events at t = 0 may have run since it was taken
    const c = kept && kept !== this.list[0] ? kept : this.take();
    return toPortable(this.list[0].graph, c.graph, { t: c.t, applied: c.applied, hash: e.hash() }, this.skipped());
  }

  /**
   * Puts a fresh engine (at t = 0, this store holding only its first checkpoint) into
   * the state of a portable checkpoint from an engine of the same scenario, checks the
   * state hash, and keeps a checkpoint of that moment. Throws a TransferError when it
   * cannot (the engine is then not usable: load it again).
   */
  adopt(p: PortableCheckpoint): Checkpoint {
    const e = this.engine;
    if (this.list.length !== 1 || e.now !== 0) throw new TransferError('a portable checkpoint goes into a fresh engine');
    if (p.applied > e.timeline.length)
      throw new TransferError(`the checkpoint has ${p.applied} timeline entries applied; this run has ${e.timeline.length}`);
    fromPortable(this.list[0].graph, p, this.skipped());
    const h = e.hash();
    if (h !== p.hash) throw new TransferError(`the state written from the checkpoint has hash ${h}, the sender's was ${p.hash}`);
    return this.take();
  }

  /**
   * The latest checkpoint from which running forward reaches simulated time t — just
   * before the timeline entries at t unless `entriesAtT` (then after them).
   */
  best(t: number, entriesAtT: boolean): Checkpoint | undefined {
    const tl = this.engine.timeline;
    let n = 0; // entries a state at t holds
    while (n < tl.length && (tl[n].t < t || (entriesAtT && tl[n].t === t))) n++;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const c = this.list[i];
      if (c.t < t || (c.t === t && c.applied <= n)) return c;
    }
    return undefined;
  }

  /** The checkpoint of exactly this moment (time and entries applied), if kept; the latest of two at t = 0. */
  at(t: number, applied: number): Checkpoint | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].t === t && this.list[i].applied === applied) return this.list[i];
    return undefined;
  }

  /** The kept checkpoint right after c, if any. */
  after(c: Checkpoint): Checkpoint | undefined {
    const i = this.list.indexOf(c);
    return i >= 0 ? this.list[i + 1] : undefined;
  }

  /** Puts the engine back into a checkpoint's state (in place). */
  restore(c: Checkpoint): void {
    restore(c.graph);
  }

  /**
   * A fork at simulated time t with `applied` entries applied: later checkpoints belong
   * to the discarded future (the first, at t = 0 before any entry, always stays valid).
   */
  dropFrom(t: number, applied: number): number {
    let k = this.list.length;
    while (k > 1 && (this.list[k - 1].t > t || (this.list[k - 1].t === t && this.list[k - 1].applied > applied))) k--;
    const gone = this.list.splice(k);
    for (const c of gone) this.release(c);
    return gone.length;
  }

  private indexAtOrBefore(t: number, applied: number): number {
    let i = this.list.length - 1;
    while (i >= 0 && (this.list[i].t > t || (this.list[i].t === t && this.list[i].applied > applied))) i--;
    return i;
  }

  private hold(c: Checkpoint): void {
    for (const bl of c.graph.blocksOf.values()) {
      const n = this.lists.get(bl) ?? 0;
      if (n === 0) for (const b of bl) this.ref(b);
      this.lists.set(bl, n + 1);
    }
    this.slotBytes += c.graph.slots * SLOT_BYTES;
  }

  private release(c: Checkpoint): void {
    for (const bl of c.graph.blocksOf.values()) {
      const n = this.lists.get(bl)!;
      if (n > 1) this.lists.set(bl, n - 1);
      else {
        this.lists.delete(bl);
        for (const b of bl) this.unref(b);
      }
    }
    this.slotBytes -= c.graph.slots * SLOT_BYTES;
  }

  /** One more holder of a block; a patch newly held holds its base. */
  private ref(b: Block): void {
    const n = this.refs.get(b) ?? 0;
    if (n === 0) {
      this.blockBytes += blockCost(b);
      if (b instanceof Patch) this.ref(b.base);
      else if (this.disk && this.pool.owns(b) && spilledSlot(b) === undefined) {
        this.candidates.push(b);
        this.unspilled += BLOCK;
      }
    }
    this.refs.set(b, n + 1);
  }

  /** One holder fewer; a block no one holds goes back to the pool, or frees its file slot (a patch lets go of its base). */
  private unref(b: Block): void {
    const n = this.refs.get(b)!;
    if (n > 1) {
      this.refs.set(b, n - 1);
      return;
    }
    this.refs.delete(b);
    const slot = b instanceof Patch ? undefined : spilledSlot(b);
    if (slot !== undefined) {
      this.spilled -= BLOCK;
      this.disk!.release(slot);
      return;
    }
    this.blockBytes -= blockCost(b);
    if (b instanceof Patch) this.unref(b.base);
    else this.pool.give(b);
  }

  /** Gives back every file slot this store holds (it is being replaced: a new load). */
  dispose(): void {
    for (const b of this.refs.keys()) {
      const slot = b instanceof Patch ? undefined : spilledSlot(b);
      if (slot !== undefined) this.disk!.release(slot);
    }
    this.refs.clear();
    this.lists.clear();
    this.list = [];
    this.recent = [];
    this.candidates = [];
    this.spilled = this.blockBytes = this.slotBytes = this.unspilled = 0;
    this.disk?.shrink();
  }

  /**
   * Moves blocks to the disk tier (as many as it has room for, oldest held first), all but
   * those of the last checkpoint taken (the next capture compares against them) and the
   * blocks the few before it made (RECENT_IN_MEMORY: a move back a few minutes reads
   * nothing from the file). So memory holds about one state, and captures reuse the
   * memory the last spill freed instead of touching fresh memory — which costs 3.3–4 ms
   * a MB on the machines measured, ~70 ms a simulated hour at default scale while a
   * store grows toward a 512 MB budget. Blocks met that cannot go (patches, spilled ones,
   * small partial blocks) are never candidates, so each pass looks at few others.
   * Unless `now` (memory is over its budget), only once a batch of blocks has become
   * held since the last (SPILL_BATCH_SHARE).
   */
  private spill(now: boolean): void {
    const d = this.disk;
    if (!d || this.diskBroken) return;
    if (!now && this.unspilled < this.spillBatchShare * (this.list[0]?.graph.bytes ?? 0)) return;
    this.unspilled = 0;
    const room = Math.floor((this.diskBudgetBytes - this.spilled) / BLOCK);
    if (room <= 0 || this.recent.length === 0) return;
    const keep = new Set<Block>();
    const add = (b: Block) => keep.add(b instanceof Patch ? b.base : b);
    const [last, ...before] = this.recent;
    for (const bl of last.graph.blocksOf.values()) for (const b of bl) add(b);
    for (const c of before) for (const b of this.freshOf.get(c) ?? []) add(b);
    const stay: Uint8Array[] = [];
    const pick: Uint8Array[] = [];
    for (const b of this.candidates) {
      if (!this.refs.has(b) || spilledSlot(b) !== undefined) continue; // let go of, or spilled already
      if (keep.has(b) || pick.length >= room) stay.push(b);
      else pick.push(b);
    }
    this.candidates = stay;
    if (pick.length === 0) return;
    const slots = d.allocMany(pick.length);
    try {
      spillBlocks(pick, slots, d.file);
    } catch {
      // the file cannot take more (a quota, a full disk): no more spilling, thinning keeps memory within its budget
      this.diskBroken = true;
    }
    for (let i = 0; i < pick.length; i++) {
      const b = pick[i];
      if (spilledSlot(b) !== slots[i]) {
        d.release(slots[i]);
        continue;
      }
      this.pool.recycle(b);
      this.blockBytes -= BLOCK;
      this.spilled += BLOCK;
    }
  }

  /** Spills to the disk tier, then drops checkpoints until memory and disk are within their budgets. */
  private settle(now: number): void {
    this.spill(this.heldBytes() > this.budgetBytes);
    while ((this.heldBytes() > this.budgetBytes || this.spilled > this.diskBudgetBytes) && this.list.length > 2) {
      this.thinOne(now);
      this.spill(true);
    }
  }

  /** Drops one checkpoint: never the first nor the newest. */
  private thinOne(now: number): void {
    let worst = -1;
    let score = Infinity;
    for (let i = 1; i < this.list.length - 1; i++) {
      const gap = this.list[i + 1].t - this.list[i - 1].t;
      const s = gap / (Math.abs(now - this.list[i].t) + now + 1);
      if (s < score) {
        score = s;
        worst = i;
      }
    }
    if (worst < 0) return;
    this.release(this.list[worst]);
    this.list.splice(worst, 1);
  }
}
