/**
 * Time travel for one engine, as the worker's API uses it: checkpoints taken while the
 * engine works (so any moment is a short run from one), and moves to a moment —
 * restore the best checkpoint, run forward — in slices that report progress and can
 * be cancelled between them.
 *
 * Spacing, two rules; a checkpoint when either holds:
 * - engine work: `timeTravel.spacingMs` of simulated time or `timeTravel.spacingEvents`
 *   events processed since the last checkpoint (or restore), whichever comes first.
 *   Counted in the engine's own units, not wall time, so a machine loaded by other
 *   work spaces them the same (the old rule, ≥ 9× the last capture's wall cost, spaced
 *   them seconds apart under load); the defaults are calibrated in bench/timetravel.ts
 *   so a capture costs ≤ 10 % of the engine work between two — and, as a floor, not
 *   before the engine has worked WORK_FACTOR × the median of the last few captures'
 *   cost since the last (both wall time, measured side by side, so load cancels out):
 *   while the store still grows, a capture's fresh memory costs more than its copying
 *   (page faults: ~3.5 ms a MB on this machine, 0.05 once touched), so early in a run
 *   checkpoints come sparser, and at the spacing once the budget is full and blocks
 *   are reused. The floor gives way at FLOOR_YIELDS spacings or MOVE_WORK_MS of engine
 *   work, whichever comes first — counted at the pace the engine ran, and at an ordinary
 *   slow pace of the last few gaps (so a fast spell of the machine does not stretch a gap
 *   that a move later replays at an ordinary pace) — so a move replays about that much.
 * - idle time: when the engine does not run flat out (the page plays at a speed it
 *   exceeds), a checkpoint once the wall time since the last one that the engine did not
 *   spend working is ≥ IDLE_FACTOR × the last capture's cost and at least a tenth of the
 *   spacing has run: captures then take
 *   ≤ 10 % of the worker's time whatever its load, and cost the engine nothing it
 *   needed — denser checkpoints near the present, within the budget.
 * Neither rule changes the state: where checkpoints fall is not part of the run.
 * After a move, one is taken of the landing moment once the frame is out (`afterMove`),
 * so going back and forth between two moments is instant.
 * Budget: `timeTravel.budgetMB` of memory, and `timeTravel.diskMB` in the worker's disk
 * tier when it has one (the store spills its oldest blocks there, then thins).
 *
 * A TimeTravel built with `capturing` false takes no checkpoints at all, not even at t = 0:
 * the engine a share link's load replays at the engine's headless speed, whose history
 * another TimeTravel fills in behind it (worker/history.ts). It can only run on.
 */
import type { Engine } from './engine/engine';
import { CheckpointStore, type Checkpoint, type SpillFile } from './engine/core/checkpointStore';

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
/** The idle rule: a checkpoint once the wall time since the last is this many times the last capture's cost (≤ 10 % of the worker's time). */
export const IDLE_FACTOR = 10;
/** The idle rule and `afterMove` take none closer than this share of `timeTravel.spacingMs` of simulated time to the last. */
export const MIN_SPACING_SHARE = 0.1;
/**
 * Engine work (wall ms) between two checkpoints is at least this many times a capture's
 * cost (the median of the last CAPTURES_KEPT): ≤ 10 % for the capture and as much again
 * for what it leaves behind and its own clock does not see — fresh memory touched, a
 * bigger heap to collect (measured at default scale, load ~12: ~50 ms CPU a checkpoint
 * in all against ~25 ms of capture).
 */
export const WORK_FACTOR = 18;
/**
 * The floor gives way at this many spacings (of simulated time or events): a capture's
 * wall cost swells under load (memory-bound, page faults) more than the engine's work,
 * and unbounded the floor spaced checkpoints 89 simulated minutes apart on a loaded
 * machine; at 4 × 6 minutes a move replays at most ~24 simulated minutes (~200 ms at
 * default scale). 3 (18 minutes) held moves to ~160 ms but let captures cost 12–13 % of a
 * flat-out run: ~15 ms each with the disk tier, plus ~5 ms the engine loses after one
 * (caches, collection), against ~150 ms of engine work between two; at 4, 91–95 %
 * (bench/timetravel.ts, 2026-12-07). Over later runs at 4: 85.9–91.3 %, noise ±3 %. Tried
 * 5 (session 10): Node's share did not measurably improve (85.9–89.9 %), and Chromium's
 * history, built in idle time at ~7 ms a simulated minute, got 30-minute gaps and a
 * 1-day move of 357 ms; back to 4.
 */
export const FLOOR_YIELDS = 4;
/**
 * The floor also gives way once the engine has worked this long (wall ms) since the last
 * checkpoint: a move's replay is that work again, so on a slower engine (Chromium's worker
 * ran the default cluster at ~13 ms a simulated minute against Node's ~8, more under load)
 * checkpoints come closer in simulated time and a move stays ~200 ms plus its restore,
 * where FLOOR_YIELDS spacings alone let it reach ~350 ms (bench/browserTimetravel.ts,
 * 2026-12-07). Captures then cost a larger share on that engine: the price of the bound.
 * 150 since session 13 (170 since session 10, 200 before): a move replays a gap at the pace
 * of the moment, which on this machine was up to ~1.7× slower than the pace that placed it
 * even with the pace cap below (Chromium, a week: 17.4 simulated minutes placed at 170 ms
 * replayed in 289 ms); 150 × 1.7 plus a restore and a frame stays under 300 ms. At 200,
 * Chromium's moves (restore, replay and frame) had reached 287–309 ms.
 */
export const MOVE_WORK_MS = 150;
const CAPTURES_KEPT = 5;
/**
 * MOVE_WORK_MS counts the engine's work at the pace it ran while the gap was made, and
 * that pace wanders (this machine: a default simulated hour took 11–21 ms a minute from
 * one hour to the next). The widest gaps are those made in a fast spell, and a move across
 * one runs at an ordinary pace: the worst moves replayed their gap at ~1.6× the pace that
 * placed it (Node and Chromium, 2026-12-07). So a gap is also closed once it spans
 * MOVE_WORK_MS at an ordinary slow pace: that of the slowest quarter of the last
 * PACES_KEPT gaps (TimeTravel.pace). A fast spell no longer stretches a gap; a stretch of
 * the run that is cheaper for long (PACES_KEPT gaps) gets wider ones, as it should. Gaps
 * of less engine work than PACE_MIN_SHARE × MOVE_WORK_MS (the idle rule's, a move's
 * landing) do not count: their pace is mostly the clock's noise.
 */
export const PACES_KEPT = 9;
const PACE_MIN_SHARE = 0.25;

/** The element at `share` of the way up the sorted values (1/2: the median, upper of two); 0 when there are none. */
function sortedAt(xs: readonly number[], share: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length * share)];
}

export class TimeTravel {
  readonly store: CheckpointStore;
  /** simulated time and events processed at the last checkpoint or restore (the engine-work rule counts from them) */
  private fromT = 0;
  private fromEvents = 0;
  /** wall time of the last checkpoint or restore (the idle rule) */
  private fromWall = 0;
  /** wall ms the engine has run since the last checkpoint or restore */
  private workWall = 0;
  /**
   * After a restore: no checkpoint by the spacing or idle rules before this simulated
   * time, that of the next kept checkpoint (the replay of a move crosses a gap two
   * checkpoints already bound; its landing gets one once its frame is out) — 0: none.
   */
  private quietUntil = 0;
  /** wall ms of the last few captures (the work floor) */
  private readonly captureMs: number[] = [];
  /** simulated ms per wall ms of engine work over the last few gaps, and their ordinary slow pace (the pace cap) */
  private readonly paces: number[] = [];
  private slowPace = 0;
  /** simulated ms per wall ms of engine work, measured (0: not yet known) */
  rate = 0;
  /** simulated ms this engine has run (replays included; a state adopted from another worker's checkpoint adds nothing) */
  ranMs = 0;

  constructor(
    readonly engine: Engine,
    extraRoots: readonly object[],
    private readonly wall: () => number,
    /** the worker's disk tier, if it has one (core/checkpointStore.ts) */
    disk: SpillFile | null = null,
    /** false: no checkpoints (see above) */
    readonly capturing = true,
  ) {
    this.store = new CheckpointStore(engine, extraRoots, this.budget(), disk, this.diskBudget());
    if (capturing) this.store.take(wall); // t = 0, before anything: every moment has a checkpoint at or before it
    this.mark();
  }

  /** Starts the spacing rules' counts from where the engine stands. */
  private mark(): void {
    this.fromT = this.engine.now;
    this.fromEvents = this.engine.sim.events;
    this.fromWall = this.wall();
    this.workWall = 0;
  }

  /** The median of the last few captures' wall cost (0 before any could share blocks). */
  captureCost(): number {
    return sortedAt(this.captureMs, 1 / 2);
  }

  /** Keeps the pace of the gap a checkpoint closes (the engine ran it from the last checkpoint or restore). */
  private notePace(): void {
    const span = this.engine.now - this.fromT;
    if (span <= 0 || this.workWall < PACE_MIN_SHARE * MOVE_WORK_MS) return;
    this.paces.push(span / this.workWall);
    if (this.paces.length > PACES_KEPT) this.paces.shift();
    this.slowPace = sortedAt(this.paces, 1 / 4);
  }

  /**
   * An ordinary slow pace (simulated ms per wall ms of engine work): the slowest quarter's
   * edge of the last few gaps' paces (of 9, the third slowest); 0 before any.
   */
  pace(): number {
    return this.slowPace;
  }

  private budget(): number {
    return this.engine.sim.params['timeTravel.budgetMB'] * 2 ** 20;
  }
  private diskBudget(): number {
    return this.engine.sim.params['timeTravel.diskMB'] * 2 ** 20;
  }
  /** Whether a checkpoint is due: enough engine work since the last (or, with the worker idle, enough wall time). */
  due(idleRule = true): boolean {
    const e = this.engine;
    const p = e.sim.params;
    if (!this.capturing || e.now < this.quietUntil) return false;
    const simMs = e.now - this.fromT;
    const spaced = simMs >= p['timeTravel.spacingMs'] || e.sim.events - this.fromEvents >= p['timeTravel.spacingEvents'];
    const late =
      simMs >= FLOOR_YIELDS * p['timeTravel.spacingMs'] ||
      e.sim.events - this.fromEvents >= FLOOR_YIELDS * p['timeTravel.spacingEvents'] ||
      this.workWall >= MOVE_WORK_MS ||
      (this.slowPace > 0 && simMs >= MOVE_WORK_MS * this.slowPace);
    if (spaced && (late || this.workWall >= WORK_FACTOR * this.captureCost())) return true;
    const last = this.store.lastCaptureMs;
    if (!idleRule) return false;
    // idle: wall time since the last that the engine did not spend working (a flat-out run has none: there, this
    // rule fired every 10 captures' worth of engine work and, with captures of ~10 ms, cost ~10 % on its own)
    const idle = this.wall() - this.fromWall - this.workWall;
    return last > 0 && simMs >= MIN_SPACING_SHARE * p['timeTravel.spacingMs'] && idle >= IDLE_FACTOR * last;
  }

  /**
   * Runs the engine to `to` (measured), taking a checkpoint when enough work has passed;
   * by the idle rule too only when `idleRule` (the page's play loop, where the idle time is
   * its pacing): a move or a step started after a pause would otherwise pay for a capture
   * of the time the user paused (in Chromium the first move after a load took 90 ms for
   * one simulated minute, ~30–60 ms of it such a capture, 2026-12-07).
   */
  run(to: number, entriesAtT = true, idleRule = false): void {
    const e = this.engine;
    const t0 = e.now;
    const w0 = this.wall();
    e.runUntil(to, entriesAtT);
    this.ranMs += e.now - t0;
    const dw = this.wall() - w0;
    this.workWall += dw;
    if (dw > 0 && e.now > t0) {
      const r = (e.now - t0) / dw;
      this.rate = this.rate === 0 ? r : this.rate * 0.7 + r * 0.3;
    }
    if (this.due(idleRule)) this.checkpoint();
  }

  /** Takes a checkpoint now (unless one of this very moment is kept). */
  checkpoint(): Checkpoint {
    const e = this.engine;
    this.notePace();
    const have = this.store.at(e.now, e.applied);
    if (have) {
      this.mark();
      return have;
    }
    this.store.budgetBytes = this.budget();
    this.store.diskBudgetBytes = this.diskBudget();
    const shares = this.store.size > 0; // not the first, a full copy
    const c = this.store.take(this.wall);
    if (shares) {
      this.captureMs.push(c.ms);
      if (this.captureMs.length > CAPTURES_KEPT) this.captureMs.shift();
    }
    this.mark();
    return c;
  }

  /**
   * After a move has landed (its frame sent): a checkpoint of this moment, unless the
   * one the move started from is within a tenth of the spacing — so going back to it
   * later is a restore, not a replay. Null when none was taken.
   */
  afterMove(): Checkpoint | null {
    const e = this.engine;
    if (!this.capturing) return null;
    const c = this.store.best(e.now, true);
    if (c && (e.now - c.t < MIN_SPACING_SHARE * e.sim.params['timeTravel.spacingMs'] || (c.t === e.now && c.applied === e.applied))) return null;
    return this.checkpoint();
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
    if (!this.capturing && this.canRunOn(t, entriesAtT)) return null;
    const c = this.store.best(t, entriesAtT);
    if (!c) throw new Error(`time travel: no checkpoint at or before ${t}`); // the t = 0 one is always kept (unless not capturing)
    if (!this.canRunOn(t, entriesAtT)) return c;
    return c.t > e.now || (c.t === e.now && c.applied > e.applied) ? c : null;
  }

  /** Puts the engine back into a checkpoint's state: the spacing rules count again from it. */
  restore(c: Checkpoint): void {
    this.store.restore(c);
    this.mark();
    this.quietUntil = this.store.after(c)?.t ?? 0;
  }

  /** Wall ms a run over `simMs` is expected to take (Infinity while the speed is unknown). */
  estimate(simMs: number): number {
    return simMs <= 0 ? 0 : this.rate > 0 ? simMs / this.rate : Infinity;
  }

  /** A fork at the present: checkpoints later than it belong to the discarded future. */
  fork(): void {
    this.quietUntil = 0; // the checkpoint that bound the gap belonged to the discarded future
    this.store.dropFrom(this.engine.now, this.engine.applied);
  }
}
