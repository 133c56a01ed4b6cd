/**
 * Time travel for one engine, as the worker's API uses it: checkpoints taken while the
 * engine works (spaced by engine wall time, so any moment is a short run from one),
 * and moves to a moment — restore the best checkpoint, run forward — in slices that
 * report progress and can be cancelled between them.
 *
 * Spacing: a checkpoint after `timeTravel.spacingMs` of engine work, and at least 9×
 * what the last checkpoint cost, so checkpointing keeps the engine at ≥ 90 % of its
 * speed. Budget: `timeTravel.budgetMB` (the store thins older checkpoints).
 */
import type { Engine } from './engine/engine';
import { CheckpointStore, type Checkpoint } from './engine/core/checkpointStore';

export type ReplayKind = 'load' | 'rewind' | 'seek';

/** A replay under way: what it is for, where it started and stands, and where it goes (simulated ms). */
export interface ReplayProgress {
  kind: ReplayKind;
  from: number;
  target: number;
  t: number;
  /** 0–100 */
  percent: number;
}

/** Wall ms of engine work between two yields to the message loop during a replay. */
export const REPLAY_SLICE_MS = 40;
/** A move expected to take longer than this (wall ms) saves the present first, so a cancel can return to it. */
export const SAVE_PRESENT_MS = 150;

export class TimeTravel {
  readonly store: CheckpointStore;
  /** engine wall ms since the last checkpoint */
  private work = 0;
  /** simulated ms per wall ms of engine work, measured (0: not yet known) */
  rate = 0;
  /** simulated ms this engine has run (replays included; a state adopted from another worker's checkpoint adds nothing) */
  ranMs = 0;

  constructor(
    readonly engine: Engine,
    extraRoots: readonly object[],
    private readonly wall: () => number,
  ) {
    this.store = new CheckpointStore(engine, extraRoots, this.budget());
    this.store.take(wall); // t = 0, before anything: every moment has a checkpoint at or before it
  }

  private budget(): number {
    return this.engine.sim.params['timeTravel.budgetMB'] * 2 ** 20;
  }
  private spacing(): number {
    return Math.max(this.engine.sim.params['timeTravel.spacingMs'], 9 * this.store.lastCaptureMs);
  }

  /** Runs the engine to `to` (measured), taking a checkpoint when enough work has passed. */
  run(to: number, entriesAtT = true): void {
    const e = this.engine;
    const t0 = e.now;
    const w0 = this.wall();
    e.runUntil(to, entriesAtT);
    this.ranMs += e.now - t0;
    const dw = this.wall() - w0;
    if (dw > 0 && e.now > t0) {
      const r = (e.now - t0) / dw;
      this.rate = this.rate === 0 ? r : this.rate * 0.7 + r * 0.3;
    }
    this.work += dw;
    if (this.work >= this.spacing()) this.checkpoint();
  }

  /** Takes a checkpoint now (unless one of this very moment is kept). */
  checkpoint(): Checkpoint {
    const e = this.engine;
    this.work = 0;
    const have = this.store.at(e.now, e.applied);
    if (have) return have;
    this.store.budgetBytes = this.budget();
    return this.store.take(this.wall);
  }

  /** Whether the engine can run on from where it stands to t (not past it, nor past entries at t it must not hold). */
  canRunOn(t: number, entriesAtT: boolean): boolean {
    const e = this.engine;
    if (e.now < t) return true;
    if (e.now > t) return false;
    const tl = e.timeline;
    let n = 0;
    while (n < tl.length && (tl[n].t < t || (entriesAtT && tl[n].t === t))) n++;
    return e.applied <= n;
  }

  /**
   * The checkpoint to restore for a move to t, or null to run on from the present:
   * restoring when the present is past t, or when a checkpoint lies between the present and t.
   */
  startFor(t: number, entriesAtT: boolean): Checkpoint | null {
    const e = this.engine;
    const c = this.store.best(t, entriesAtT);
    if (!c) throw new Error(`time travel: no checkpoint at or before ${t}`); // the t = 0 one is always kept
    if (!this.canRunOn(t, entriesAtT)) return c;
    return c.t > e.now || (c.t === e.now && c.applied > e.applied) ? c : null;
  }

  /** Puts the engine back into a checkpoint's state: the engine work since the last checkpoint starts again from it. */
  restore(c: Checkpoint): void {
    this.store.restore(c);
    this.work = 0;
  }

  /** Wall ms a run over `simMs` is expected to take (Infinity while the speed is unknown). */
  estimate(simMs: number): number {
    return simMs <= 0 ? 0 : this.rate > 0 ? simMs / this.rate : Infinity;
  }

  /** A fork at the present: checkpoints later than it belong to the discarded future. */
  fork(): void {
    this.store.dropFrom(this.engine.now, this.engine.applied);
  }
}
