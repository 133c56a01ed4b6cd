/**
 * The worker's API: everything the page may ask of the engine, and the frame
 * subscription. Independent of Comlink and of the worker global, so it runs in
 * Node tests over a MessageChannel and directly in benchmarks. Wall-clock time is
 * injected (`clock`), never read by the engine itself.
 */
import { Engine } from './engine/engine';
import { frameTransferables, type Frame } from './engine/frame';
import type { TimelineEntry } from './scenario/actions';
import { ACTIONS } from './scenario/actions';
import { encodeHash } from './scenario/codec';
import { defaultScenario, parseScenario, type Scenario, ScenarioError, MAX_SIM_MS } from './scenario/schema';
import { PARAMS } from './scenario/params';
import { describeFailure, EngineFailedError, type EngineFailure } from './failure';
import { BELIEF_NAMES, TRUTH_NAMES } from './contract';
import { alertsView, dailyReport, deployView, logTypes, masterView, searchLog, type AlertsView, type MasterView } from './engine/ops/views';
import type { LogQuery, LogQueryResult } from './engine/ops/auditLog';
import type { DeployStatus } from './engine/ops/deploy';
import {
  chunkDetail,
  diskDetail,
  recoveryStatus,
  replicaSpread,
  serverCopies,
  type ChunkDetail,
  type DiskDetail,
  type RecoveryStatus,
  type ServerCopies,
} from './engine/pangu/inspect';
import type { WhatIfResult } from './engine/pangu/whatIf';
import type { TimelineView } from './engine/writes/flushTimeline';
import type { WriteLatencyView } from './engine/writes/views';
import { huatuoStatusView, recoveryStatusView, type HuatuoStatusView, type RecoveryStatusView } from './engine/recovery/views';
import { TimeTravel, REPLAY_SLICE_MS, SAVE_PRESENT_MS, type ReplayKind, type ReplayProgress } from './timeTravel';
import {
  buildHistory,
  caughtUp,
  fillSlice,
  mirrorEntry,
  FORK_CATCH_UP_MS,
  HISTORY_SLICE_MS,
  HISTORY_SLICE_PLAYING_MS,
  HISTORY_WAIT_MS,
} from './history';
import { TransferError, type PortableCheckpoint } from './engine/core/checkpointTransfer';
import { SpillFile } from './engine/core/checkpointStore';
import type { BlockFile } from './engine/core/checkpoint';
import {
  blacklistView,
  jobTimeline,
  listJobs,
  serverJobs,
  slowdownTally,
  type BlacklistView,
  type JobDetail,
  type JobRow,
  type JobSort,
  type ServerJobs,
  type SlowdownView,
} from './engine/fuxi/views';

export type { Frame, Scenario, TimelineEntry };
export type { ReplayProgress, PortableCheckpoint };
export type { EngineFailure };
export type { AlertsView, DeployStatus, LogQuery, LogQueryResult, MasterView };
export type { BlacklistView, JobDetail, JobRow, JobSort, ServerJobs, SlowdownView };
export type { ChunkDetail, DiskDetail, RecoveryStatus, ServerCopies, WhatIfResult };
export type { HuatuoStatusView, RecoveryStatusView };
export type { TimelineView as WriteTimeline, WriteLatencyView };

export interface Clock {
  /** wall time in ms */
  now(): number;
  /** run fn after about ms of wall time */
  later(fn: () => void, ms: number): void;
}

export interface LoadInfo {
  scenario: Scenario;
  nodes: number;
  racks: number;
  disks: number;
  nodesPerRack: number;
  /** set when the requested input was bad and the default scenario was loaded instead */
  error?: string;
  t: number;
  /** a load given another worker's checkpoint (`fork`): whether the state came from it, or (why not) from a replay */
  forked?: { from: 'checkpoint' } | { from: 'replay'; why: string };
}

/** Where a move's time went (the benches report it beside the click-to-frame time). */
export interface MoveTiming {
  /** wall ms putting the engine into the checkpoint's state (0 without a restore) */
  restoreMs: number;
  /** wall ms running forward from there to the target, yields between slices included */
  replayMs: number;
  /** simulated ms replayed */
  replaySimMs: number;
  /** whether it restored a checkpoint (else it ran on from where the engine stood) */
  restored: boolean;
  /** wall ms of the replay spent running the engine (checkpoints taken on the way included; the rest: yields between slices, bookkeeping) */
  workMs: number;
}

/** Where a share link's load's time went (`checkpoints().lastLoad`; the benches report it). */
export interface LoadTiming {
  /** wall ms building the run: the engine, its time travel */
  buildMs: number;
  /** wall ms replaying it to the link's moment, yields between slices included */
  replayMs: number;
  /** … of which in the engine's own work: what the engine alone (headless) would spend */
  workMs: number;
  /** simulated ms replayed */
  replaySimMs: number;
}

export interface Status {
  t: number;
  playing: boolean;
  speed: number;
  /** true when the engine could not keep up with the requested speed in the last frame */
  lagging: boolean;
  /** simulated ms per wall second actually achieved over the last frames */
  achievedSpeed: number;
  /**
   * While the run's history fills in behind a share link's load (worker/history.ts): the
   * simulated time it has reached — a move back before the present replays from there.
   * Null when the run holds its own checkpoints.
   */
  history: number | null;
}

export interface NodeDetail {
  node: number;
  rack: number;
  truth: string;
  belief: string;
  slow: number;
  gen: number;
  cpu: number;
  load: number;
  disks: number;
  diskMBps: number;
  lastHeardMs: number;
}

export type FrameSink = (frame: Frame, status: Status) => unknown;
/** Told once when the engine throws during play (the run stops; see SimApi.failure). */
export type FailureSink = (failure: EngineFailure) => unknown;
/** Wraps a frame for sending; Comlink's `transfer` in the worker, identity in direct use. */
export type Transfer = <T>(value: T, transferables: ArrayBuffer[]) => T;

export const MAX_SPEED = 100_000;
/** Wall-clock budget for engine work per delivered frame. */
export const FRAME_BUDGET_MS = 12;
/**
 * A load with a replay ahead answers progress() (at 0 %) for this long before it builds the
 * new engine, which answers nothing for ~0.5–1 s at default scale: a yield of 0 ms let the
 * build win the race against a poll already waiting (the first answer came after 0.6–1 s
 * in bench/timetravel.ts, 2026-12-07).
 */
export const PRE_BUILD_YIELD_MS = 16;
/** While paused and nothing changed, one frame per this many ms (the page's stall watchdog waits 6 s). */
export const PAUSED_FRAME_MS = 250;

export class SimApi {
  /**
   * The engine and its time travel, built on first use: a worker is nearly always sent
   * a load first (the page, a compare side), so building the default cluster in the
   * constructor only to replace it cost every worker ~1 s of CPU.
   */
  private eng: Engine | null = null;
  private tt: TimeTravel | null = null;
  private get engine(): Engine {
    if (this.eng === null) this.install(defaultScenario());
    return this.eng!;
  }
  private set engine(e: Engine) {
    this.eng = e;
  }
  private get travel(): TimeTravel {
    if (this.tt === null) this.install(defaultScenario());
    return this.tt!;
  }
  private set travel(t: TimeTravel) {
    this.tt = t;
  }
  private playing = false;
  private speed = 60;
  private lagging = false;
  private achieved = 0;
  private sink: FrameSink | null = null;
  private loopAlive = false;
  /**
   * Something the page may see changed since the last frame (an action, a move, play or pause, a
   * load): while paused, frames go out at display rate only then, and otherwise every
   * PAUSED_FRAME_MS — a paused page kept taking ~60 identical frames a second, about 0.15 of a
   * core in Chromium to decode and draw them (measured 2026-12-07).
   */
  private touched = true;
  private lastFrameAt = -Infinity;
  /** what the last frame showed, so a change nobody marked (a replay's landing) still goes out at once */
  private lastSent: { engine: Engine | null; t: number; entries: number; speed: number } = { engine: null, t: -1, entries: -1, speed: 0 };
  private lastWall = 0;
  private logSeq = 0;
  /** the config version the receiver of this API's frames holds, and of which engine (a load or rewind makes a new one) */
  private configHeld: { engine: Engine | null; version: number } = { engine: null, version: -1 };
  private subscription = 0;
  /** set by rewind while a recorded future exists; the next perturbation forks */
  private rewound = false;
  /** set when the engine threw: its state is no longer trustworthy until the next load */
  private failed: EngineFailure | null = null;
  /** the last goTo's timing (checkpoints().lastMove) */
  private lastMove: MoveTiming | null = null;
  /** the last loadAsync's timing, when it replayed (checkpoints().lastLoad) */
  private lastLoad: LoadTiming | null = null;
  /** wall ms of engine work in the replay under way (or the last) */
  private replayWorkMs = 0;
  private onFailure: FailureSink | null = null;
  /** the engine's checkpoints and moves in time (worker/timeTravel.ts): `travel` above */
  /** a sliced replay under way (load, rewind or seek), and the whole operation it belongs to */
  private job: { kind: ReplayKind; from: number; target: number; travel: TimeTravel | null; cancelled: boolean } | null = null;
  private op: Promise<unknown> | null = null;

  /**
   * The run's history while it is filled in behind a share link's load (worker/history.ts):
   * a second engine of the same run with the checkpoints, behind the live engine (whose
   * TimeTravel takes none). Null otherwise, and before the first slice built it.
   */
  private hist: TimeTravel | null = null;
  /** counts installs: a history slice scheduled for an earlier run does nothing */
  private runId = 0;
  /** the run a history slice is scheduled for (-1: none) */
  private histTickFor = -1;

  /** the disk tier for checkpoints, once its file is open (none: checkpoints stay in memory) */
  private disk: SpillFile | null = null;
  private diskOpening = false;

  constructor(
    private readonly clock: Clock,
    private readonly transfer: Transfer = (v) => v,
    /** a file for the checkpoints' disk tier (worker/blockFile*.ts), or its opening under way */
    disk: BlockFile | Promise<BlockFile | null> | null = null,
  ) {
    if (disk instanceof Promise) {
      this.diskOpening = true;
      void disk.then((f) => {
        this.diskOpening = false;
        if (f) this.attachDisk(f);
      });
    } else if (disk) this.attachDisk(disk);
  }

  private attachDisk(f: BlockFile): void {
    this.disk = new SpillFile(f);
    this.tt?.store.attachDisk(this.disk);
    this.hist?.store.attachDisk(this.disk);
  }

  private newTravel(e: Engine, capturing = true): TimeTravel {
    // the slowdown tally is reachable only through a tap's closure: an extra root of the checkpoints
    return new TimeTravel(e, [slowdownTally(e)], () => this.clock.now(), this.disk, capturing);
  }

  /**
   * Loads a scenario and runs it to `until` (ms). The worker is sent a scenario and a
   * time, never an address: the page reads its address once (src/lib/link.ts). Bad
   * input loads the default scenario and says why in `error`.
   */
  load(input: { scenario?: unknown; until?: number } = {}): LoadInfo {
    this.touched = true;
    if (this.job) this.job.cancelled = true;
    const { scenario, until, error } = this.readInput(input);
    this.install(scenario);
    if (until > 0) this.run(() => this.travel.run(until));
    return this.loadInfo(error);
  }

  /**
   * `load`, with the run to `until` in slices: `progress()` reports it and
   * `cancel()` stops it, which leaves the run from before the request untouched (then
   * this resolves null).
   */
  async loadAsync(input: { scenario?: unknown; until?: number; fork?: PortableCheckpoint } = {}): Promise<LoadInfo | null> {
    this.touched = true;
    const { scenario, until, error } = this.readInput(input);
    await this.stopJob();
    return this.exclusive(async () => {
      const before = { engine: this.eng, travel: this.tt, hist: this.hist, failed: this.failed, rewound: this.rewound, playing: this.playing };
      if (until > 0 && !input.fork) {
        // a replay ahead: answer progress() (at 0 %) before building the new engine and its first checkpoint (~1 s at default scale)
        const pre = { kind: 'load' as const, from: 0, target: until, travel: null, cancelled: false };
        this.job = pre;
        await new Promise<void>((r) => this.clock.later(r, PRE_BUILD_YIELD_MS));
        if (this.job === pre) this.job = null;
        if (pre.cancelled) return null;
      }
      // a replay ahead takes no checkpoints: the history is filled in behind it (worker/history.ts)
      const b0 = this.clock.now();
      this.install(scenario, true, !(until > 0 && !input.fork));
      const buildMs = this.clock.now() - b0;
      const forked = input.fork && !error ? this.adoptFork(input.fork, scenario, until) : undefined;
      if (forked?.from === 'checkpoint') {
        before.travel?.store.dispose();
        before.hist?.store.dispose();
        return { ...this.loadInfo(error), forked };
      }
      const travel = this.travel;
      const r0 = this.clock.now();
      if (await this.replay('load', until, true)) {
        if (until > 0) this.lastLoad = { buildMs, replayMs: this.clock.now() - r0, workMs: this.replayWorkMs, replaySimMs: until };
        if (before.travel !== this.tt) before.travel?.store.dispose();
        before.hist?.store.dispose();
        if (!this.travel.capturing) this.scheduleHistory();
        return { ...this.loadInfo(error), ...(forked ? { forked } : {}) };
      }
      if (this.travel === travel) {
        // cancelled: back to the run before the request, as it was
        travel.store.dispose();
        this.hist?.store.dispose();
        this.runId++;
        this.eng = before.engine;
        this.tt = before.travel;
        this.hist = before.hist;
        if (!this.travel.capturing) this.scheduleHistory();
        this.failed = before.failed;
        this.rewound = before.rewound;
        this.playing = before.playing;
        this.resetDelivery();
      } else {
        // a load (not async) replaced the run meanwhile: the run before the request is gone too
        if (before.travel !== this.tt) before.travel?.store.dispose();
        if (before.hist !== this.hist) before.hist?.store.dispose();
      }
      return null;
    });
  }

  /**
   * Starts the freshly installed run from another worker's checkpoint of the same scenario
   * at `until` (a compare side), instead of replaying to it; when it cannot (another
   * moment, another graph, a hash that differs), installs the run again and says why.
   */
  private adoptFork(p: PortableCheckpoint, scenario: Scenario, until: number): NonNullable<LoadInfo['forked']> {
    if (p.t !== until) return { from: 'replay', why: `the checkpoint is of ${p.t} ms, the load asks for ${until}` };
    try {
      this.travel.store.adopt(p);
      return { from: 'checkpoint' };
    } catch (x) {
      this.install(scenario);
      return { from: 'replay', why: (x as Error).message };
    }
  }

  /**
   * The run's present as a portable checkpoint (transferred): another worker loading
   * the same scenario with `loadAsync({ scenario, until: t, fork })` starts from it
   * instead of replaying the run (the compare view's sides). Null when there is none to
   * give — the run failed, a replay is under way, or its state cannot be carried
   * (core/checkpointTransfer.ts) — and the other worker replays.
   */
  forkState(): PortableCheckpoint | null {
    if (this.failed || this.job) return null;
    // a history filling in behind the run: completed first if that is quick, else the sides replay
    if (!this.travel.capturing && !this.completeHistory(FORK_CATCH_UP_MS)) return null;
    let p: PortableCheckpoint;
    try {
      p = this.travel.store.portable();
    } catch (x) {
      if (x instanceof TransferError) return null;
      throw x;
    }
    return this.transfer(p, [p.bytes]);
  }

  private readInput(input: { scenario?: unknown; until?: number }): { scenario: Scenario; until: number; error?: string } {
    let scenario: Scenario = defaultScenario();
    let until = input.until ?? 0;
    let error: string | undefined;
    try {
      if (input.scenario !== undefined) scenario = parseScenario(input.scenario);
      // bounded by MAX_SIM_MS, as a link's t= and the CLI's --until
      if (!(Number.isFinite(until) && until >= 0 && until <= MAX_SIM_MS))
        throw new RangeError(`load: until=${String(until).slice(0, 40)} is not a simulated time in ms from 0 to ${MAX_SIM_MS} (1,000 days)`);
    } catch (e) {
      error = e instanceof ScenarioError || e instanceof RangeError ? e.message : `could not read the scenario: ${(e as Error).message}`;
      scenario = defaultScenario();
      until = 0;
    }
    return { scenario, until, error };
  }

  /**
   * A new engine for `scenario`, at t = 0, paused. The run it replaces lets go of its
   * checkpoints' file slots, unless `keep` (a load that a cancel may still undo).
   */
  private install(scenario: Scenario, keep = false, capturing = true): void {
    const old = this.tt;
    const oldHist = this.hist;
    this.failed = null;
    this.runId++;
    this.hist = null;
    this.engine = new Engine(scenario);
    this.travel = this.newTravel(this.engine, capturing);
    if (old && !keep) old.store.dispose();
    if (oldHist && !keep) oldHist.store.dispose();
    this.playing = false;
    this.rewound = false;
    this.resetDelivery();
  }

  /** The next frame carries the whole log and the config again (the engine's state jumped). */
  private resetDelivery(): void {
    this.logSeq = 0;
    this.configHeld = { engine: null, version: -1 };
  }

  private loadInfo(error: string | undefined): LoadInfo {
    const e = this.engine;
    return {
      scenario: e.scenario(),
      nodes: e.topo.nodes,
      racks: e.topo.racks,
      disks: e.topo.disks,
      nodesPerRack: e.topo.nodesPerRack,
      error,
      t: e.now,
    };
  }

  play(): void {
    this.touched = true;
    this.playing = true;
    this.lastWall = this.clock.now();
  }
  pause(): void {
    this.touched = true;
    this.playing = false;
  }
  setSpeed(x: number): void {
    this.touched = true;
    if (!(x > 0 && x <= MAX_SPEED)) throw new RangeError(`speed must be between 0 and ${MAX_SPEED}× real time, got ${x}`);
    this.speed = x;
  }
  /** Advances exactly `ms` of simulated time (paused stepping). */
  step(ms = 1000): Frame {
    this.touched = true;
    if (!(ms > 0 && ms <= 86_400_000)) throw new RangeError(`step must be between 1 ms and 1 day, got ${ms}`);
    this.run(() => this.travel.run(this.engine.now + Math.round(ms)));
    return this.frame();
  }
  /** Runs to an absolute simulated time (fast-forward; from a checkpoint in the recorded future when there is one). */
  seek(t: number): Frame {
    this.touched = true;
    if (!(t >= this.engine.now)) throw new RangeError(`seek: ${t} is before now (${this.engine.now}); rewinding needs a reload`);
    this.moveNow(Math.round(t), true);
    return this.frame();
  }

  perturb(action: string, args: Record<string, unknown> = {}): TimelineEntry {
    this.touched = true;
    if (this.failed) throw new EngineFailedError(this.failed);
    if (this.job) throw new RangeError(`a ${this.job.kind} is replaying the run: wait for it or cancel it first`);
    // After a rewind, acting forks the run: the old future is discarded first (in the history too, at the same place).
    if (this.rewound) {
      const at = this.engine.applied;
      this.engine.discardFuture();
      this.hist?.engine.timeline.splice(at);
      this.rewound = false;
    }
    // checkpoints later than now belong to a future this action changes
    this.travel.fork();
    const e = this.engine;
    const before = e.timeline.length;
    let entry: TimelineEntry;
    let threw: { x: unknown } | null = null;
    try {
      entry = e.perturb(action, args);
    } catch (x) {
      // refused input (nothing recorded) stays the caller's error; a throw while applying fails the run
      if (e.timeline.length === before) throw x;
      entry = e.timeline[e.applied - 1]; // recorded, then applying it threw
      threw = { x };
    }
    if (this.hist) {
      try {
        mirrorEntry(this.hist.engine, e, entry);
      } catch {
        this.dropHistory(); // cannot happen (the history is behind); a move back would build it again
      }
    }
    if (threw) throw this.fail(threw.x);
    return entry;
  }

  /** Why the run stopped, if the engine threw since the last load (null otherwise). */
  failure(): EngineFailure | null {
    return this.failed;
  }

  /** Runs engine work; an exception from it fails the run (reported with the timeline entry it came after). */
  private run<T>(fn: () => T): T {
    if (this.failed) throw new EngineFailedError(this.failed);
    try {
      return fn();
    } catch (x) {
      throw this.fail(x);
    }
  }

  /**
   * Runs engine work on `tr`: the live run's (run above), or the history's for a move through
   * it — which a failure of the live run does not stop (the history's state is trustworthy:
   * the move recovers the run, as a restore does), and whose own throw fails the run at its moment.
   */
  private runOn<T>(tr: TimeTravel, fn: () => T): T {
    if (tr === this.travel) return this.run(fn);
    try {
      return fn();
    } catch (x) {
      throw this.fail(x, tr.engine);
    }
  }

  private fail(x: unknown, e: Engine = this.engine): EngineFailedError {
    this.failed = describeFailure(x, e.now, e.timeline, e.applied);
    this.playing = false;
    return new EngineFailedError(this.failed);
  }

  /**
   * Jumps back to simulated time t — the moment before any action recorded at t — by
   * restoring the nearest checkpoint at or before t and running forward from it (exact:
   * a restored engine is the replayed one). The recorded future is kept, so playing on
   * shows the same run again; the next perturbation discards it (a fork).
   */
  rewind(t: number): Frame {
    this.touched = true;
    const e = this.engine;
    if (!(t >= 0 && t <= e.now)) throw new RangeError(`rewind: ${t} is not between 0 and now (${e.now})`);
    this.moveNow(Math.round(t), false);
    this.rewound = this.engine.timeline.some((x) => x.t > this.engine.now);
    return this.frame();
  }

  /**
   * Goes to simulated time t, back (a rewind: just before anything recorded at t) or
   * forward (a seek), from the nearest checkpoint, in slices: `progress()` reports a
   * long replay and `cancel()` stops it — the run then returns to the moment it stood
   * at before the request, and this resolves null.
   */
  async goTo(t: number): Promise<Frame | null> {
    this.touched = true;
    if (!(Number.isFinite(t) && t >= 0 && t <= MAX_SIM_MS)) throw new RangeError(`goTo: ${t} is not a simulated time from 0 to ${MAX_SIM_MS} ms`);
    await this.stopJob();
    return this.exclusive(async () => {
      const target = Math.round(t);
      const back = target < this.engine.now;
      const entriesAtT = !back;
      const live = this.travel;
      const tr = this.travelFor(target, entriesAtT);
      const present = this.presentMark();
      // A run that keeps no checkpoints (a link's, its history behind) cannot return to where it
      // stands after a cancelled move on it without replaying its history: a long move saves the
      // present first (a full copy, ~0.1–0.4 s at default scale); a short one is not cancelled.
      const unsaved = tr === live && !live.capturing;
      const saved = unsaved && live.estimate(target - live.engine.now) > SAVE_PRESENT_MS ? live.store.take(() => this.clock.now()) : null;
      const c = tr.startFor(target, entriesAtT);
      const w0 = this.clock.now();
      if (c) this.restoreCheckpoint(c, tr);
      const w1 = this.clock.now();
      const from = tr.engine.now;
      const done = await this.replay(back ? 'rewind' : 'seek', target, entriesAtT, tr, !unsaved || saved !== null);
      this.lastMove = {
        restoreMs: w1 - w0,
        replayMs: this.clock.now() - w1,
        replaySimMs: tr.engine.now - from,
        restored: c !== null,
        workMs: this.replayWorkMs,
      };
      if (!done) {
        // (a move through the history left the live engine as it was; the history keeps what it ran)
        if (saved && this.travel === live) this.restoreCheckpoint(saved);
        else if (tr === live && this.travel === tr) this.moveNow(present.t, present.entriesAtT);
        return null;
      }
      if (tr !== live) this.promote(tr);
      if (back) this.rewound = this.engine.timeline.some((x) => x.t > this.engine.now);
      this.clock.later(() => this.checkpointLanding(tr), 0); // once the frame is out
      return this.frame();
    });
  }

  /** A checkpoint of the moment a move landed on (TimeTravel.afterMove), unless the run has moved or failed since. */
  private checkpointLanding(tr: TimeTravel): void {
    if (this.op || this.job || this.failed || this.tt !== tr) return;
    try {
      this.run(() => tr.afterMove());
    } catch {
      // recorded in `failed` by run(): the frame loop and failure() report it
    }
  }

  /** The replay under way (load, rewind or seek), or null. */
  progress(): ReplayProgress | null {
    const j = this.job;
    if (!j) return null;
    const t = j.travel ? j.travel.engine.now : j.from; // null: the engine is not built yet
    const span = j.target - j.from;
    return { kind: j.kind, from: j.from, target: j.target, t, percent: span > 0 ? Math.max(0, Math.min(100, (100 * (t - j.from)) / span)) : 100 };
  }

  /** Stops the replay under way (see loadAsync, goTo); false when there is none. */
  cancel(): boolean {
    this.touched = true;
    if (!this.job) return false;
    this.job.cancelled = true;
    return true;
  }

  /** Checkpoints kept now: their times and the bytes they hold. */
  checkpoints(): {
    times: number[];
    bytes: number;
    diskBytes: number;
    /** the disk tier: its file still opening, none, taking blocks, or stopped (a write refused) */
    disk: 'opening' | 'none' | 'on' | 'full';
    lastCaptureMs: number;
    firstCaptureMs: number;
    /** captures after the first, and their wall ms in all */
    captures: number;
    captureMsTotal: number;
    ranMs: number;
    /** while the history fills in behind a link's load (worker/history.ts): the simulated time it has reached (its checkpoints are those above); null when the run holds its own */
    behind: number | null;
    /** the last goTo: wall ms of its restore and of its replay (slices and yields included), simulated ms replayed, whether it restored a checkpoint (null: none yet) */
    lastMove: MoveTiming | null;
    /** the last share link's load that replayed: its build, its replay and the engine's work in it (null: none yet) */
    lastLoad: LoadTiming | null;
  } {
    const s = (this.hist ?? this.travel).store;
    // ranMs: simulated ms this worker's engine has run since the load (a run started from a transferred checkpoint did not replay)
    return {
      times: s.times(),
      bytes: s.heldBytes(),
      diskBytes: s.diskBytes(),
      disk: this.diskOpening && s.diskState() === 'none' ? 'opening' : s.diskState(),
      lastCaptureMs: s.lastCaptureMs,
      firstCaptureMs: s.first()?.ms ?? 0,
      captures: s.captures,
      captureMsTotal: s.captureMsTotal,
      ranMs: this.travel.ranMs,
      behind: this.historyReached(),
      lastMove: this.lastMove,
      lastLoad: this.lastLoad,
    };
  }

  /** Moves to t at once (no slices): from the best checkpoint, or on from the present. */
  private moveNow(t: number, entriesAtT: boolean): void {
    const live = this.travel;
    const tr = this.travelFor(t, entriesAtT);
    const c = tr.startFor(t, entriesAtT);
    if (c) this.restoreCheckpoint(c, tr);
    this.runOn(tr, () => tr.run(t, entriesAtT));
    if (tr !== live) this.promote(tr);
  }

  private restoreCheckpoint(c: Parameters<TimeTravel['store']['restore']>[0], tr = this.travel): void {
    tr.restore(c);
    if (tr !== this.travel) return; // the history's engine: the live one takes its place when the move lands (promote)
    // a restored state is trustworthy again, whatever happened after it
    this.failed = null;
    this.resetDelivery();
  }

  /**
   * The TimeTravel a move to t runs on: the live engine's, unless it holds no checkpoints
   * (a link's load) and cannot run on to t — then the history's, built now if no slice
   * has built it yet.
   */
  private travelFor(t: number, entriesAtT: boolean): TimeTravel {
    const tr = this.travel;
    // (a run without checkpoints may hold one: the present it stood at before a long seek)
    if (tr.capturing || tr.canRunOn(t, entriesAtT) || tr.store.best(t, entriesAtT)) return tr;
    if (!this.hist) this.hist = buildHistory(this.engine, (e) => this.newTravel(e));
    return this.hist;
  }

  /** The history takes the live engine's place (it caught up, or a move through it landed): its checkpoints are the run's. */
  private promote(h: TimeTravel, moved = true): void {
    const live = this.travel;
    this.hist = null;
    this.engine = h.engine;
    this.travel = h;
    live.store.dispose();
    this.failed = null;
    this.touched = true;
    // After a move the state jumped: the next frame carries the whole log again. After a
    // catch-up it did not: the history's log is the live one's, entry for entry (the same
    // run), so the page keeps what it has — a whole log again cost the page a long task
    // (64 ms in the writes view's bench, 2026-12-07). Only the config goes again (it is
    // held per engine).
    if (moved) this.resetDelivery();
    else this.configHeld = { engine: null, version: -1 };
  }

  /** How far the history filling in behind the run has reached (simulated ms; 0 before it is built), null when the run holds its own checkpoints. */
  private historyReached(): number | null {
    if (this.travel.capturing) return null;
    const h = this.hist;
    return h ? Math.max(h.engine.now, h.store.best(this.engine.now, true)?.t ?? 0) : 0;
  }

  private dropHistory(): void {
    this.hist?.store.dispose();
    this.hist = null;
  }

  /** Fills in the history in the worker's idle time, a slice at a time, until it takes the live engine's place. */
  private scheduleHistory(ms = 0): void {
    const id = this.runId;
    if (this.histTickFor === id) return;
    this.histTickFor = id;
    this.clock.later(() => {
      if (this.histTickFor !== id) return; // (a tick of an earlier run: the one of this run is scheduled apart)
      this.histTickFor = -1;
      if (id === this.runId) this.historyTick();
    }, ms);
  }

  private historyTick(): void {
    if (this.travel.capturing || this.failed) return; // the run holds its own checkpoints; or it failed (a move back builds the history)
    // not while a move or load runs, nor while the play loop cannot keep up; the build (one block of
    // ~1 s at default scale: an engine, its first checkpoint) only while paused, where it stalls no frames
    if (this.op || this.job || (this.playing && (this.lagging || !this.hist))) return this.scheduleHistory(HISTORY_WAIT_MS);
    let done: boolean;
    try {
      if (!this.hist) {
        this.hist = buildHistory(this.engine, (e) => this.newTravel(e));
        done = caughtUp(this.hist.engine, this.engine);
      } else {
        // a move through the history, cancelled, may have left its engine behind its own checkpoints: on from the latest
        const h = this.hist;
        const c = h.store.best(this.engine.now, true);
        if (c && c.t > h.engine.now) h.restore(c);
        done = fillSlice(h, this.engine, () => this.clock.now(), this.playing ? HISTORY_SLICE_PLAYING_MS : HISTORY_SLICE_MS);
      }
    } catch {
      this.dropHistory(); // the same run threw in the history: the live engine would have; a move back builds it again
      return;
    }
    if (done) this.promote(this.hist, false);
    else this.scheduleHistory();
  }

  /** Completes the history now if that is expected to take at most `maxMs` of wall time (a known speed, a history built); whether it did. */
  private completeHistory(maxMs: number): boolean {
    const h = this.hist;
    if (this.travel.capturing) return true;
    if (!h || h.estimate(this.engine.now - h.engine.now) > maxMs) return false;
    try {
      if (!fillSlice(h, this.engine, () => this.clock.now(), Infinity)) return false;
    } catch {
      this.dropHistory();
      return false;
    }
    this.promote(h, false);
    return true;
  }

  /**
   * Where the run stands, as a move target that reproduces it (for a cancelled move):
   * its time, with or without the timeline entries at that time. (If only some of the
   * entries at that time are applied — an action made where scripted ones wait — a
   * cancel lands with all of them applied.)
   */
  private presentMark(): { t: number; entriesAtT: boolean } {
    const e = this.engine;
    const before = e.timeline.filter((x) => x.t < e.now).length;
    return { t: e.now, entriesAtT: e.applied !== before };
  }

  /** Cancels a replay under way and waits until its operation has ended. */
  private async stopJob(): Promise<void> {
    while (this.op) {
      if (this.job) this.job.cancelled = true;
      await this.op.catch(() => undefined);
    }
  }

  /** Runs one time-travel operation; others wait for it (stopJob). */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = fn();
    this.op = p;
    try {
      return await p;
    } finally {
      if (this.op === p) this.op = null;
    }
  }

  /**
   * Runs the engine to `target` in slices of about REPLAY_SLICE_MS of wall time,
   * yielding to the message loop between them (so `progress` and `cancel` are
   * answered); false when cancelled. Checkpoints are taken on the way.
   */
  private async replay(kind: ReplayKind, target: number, entriesAtT: boolean, tr = this.travel, cancellable = true): Promise<boolean> {
    const e = tr.engine;
    const job = { kind, from: e.now, target, travel: tr, cancelled: false };
    this.job = job;
    this.replayWorkMs = 0;
    const work = (to: number, entries: boolean) => {
      const w0 = this.clock.now();
      this.runOn(tr, () => tr.run(to, entries));
      this.replayWorkMs += this.clock.now() - w0;
    };
    try {
      let sliceStart = this.clock.now();
      while (e.now < target) {
        const step = tr.rate > 0 ? Math.max(1000, Math.round(tr.rate * 10)) : 10_000; // ~10 ms of engine work
        const next = Math.min(target, e.now + step);
        work(next, next === target ? entriesAtT : true);
        if (this.clock.now() - sliceStart >= REPLAY_SLICE_MS && e.now < target) {
          await new Promise<void>((r) => this.clock.later(r, 0));
          if (job.cancelled && cancellable) return false;
          sliceStart = this.clock.now();
        }
      }
      work(target, entriesAtT);
      return true;
    } finally {
      if (this.job === job) this.job = null;
    }
  }

  scenario(): Scenario {
    return this.engine.scenario();
  }
  /** The share-link hash (without '#') that replays this run to now. */
  shareHash(extra: Record<string, string> = {}): string {
    return encodeHash(this.engine.scenario(), { t: String(this.engine.now), ...extra });
  }
  hash(): string {
    return this.engine.hash();
  }
  /** The state hash together with the simulated time and event count it belongs to (read-only). */
  hashStamp(): { hash: string; t: number; events: number } {
    return { hash: this.engine.hash(), t: this.engine.now, events: this.engine.sim.events };
  }
  status(): Status {
    return {
      t: this.engine.now,
      playing: this.playing,
      speed: this.speed,
      lagging: this.lagging,
      achievedSpeed: this.achieved,
      history: this.historyReached(),
    };
  }
  catalogue() {
    return {
      actions: Object.values(ACTIONS).map((a) => ({ name: a.name, doc: a.doc, args: { ...a.args } as Record<string, string>, inverse: a.inverse })),
      params: Object.entries(PARAMS).map(([path, s]) => ({ path, ...s })),
    };
  }

  /** Fuxi: jobs not yet finished (running or waiting), one page of them, sorted. */
  schedulerJobs(opts: { limit?: number; offset?: number; sort?: JobSort } = {}): { total: number; jobs: JobRow[] } {
    return listJobs(this.engine, opts);
  }

  /** Fuxi: one job (running, or among the last 32 finished) with its instances as a timeline; null if unknown. */
  schedulerJob(id: number): JobDetail | null {
    if (!Number.isInteger(id) || id < 1) throw new RangeError(`no job ${id}`);
    return jobTimeline(this.engine, id);
  }

  /** Fuxi: the blacklist and servers with slow marks — which jobs marked each slow, beside the truth. */
  schedulerBlacklist(): BlacklistView {
    return blacklistView(this.engine);
  }

  /** Fuxi: finished jobs' slowdown (actual ÷ ideal duration) as two histograms, slow-server handling on vs off, since the run was loaded. */
  schedulerSlowdowns(): SlowdownView {
    return slowdownTally(this.engine).view();
  }

  /** Fuxi: the instances on one server and its cores in use. */
  schedulerServer(node: number): ServerJobs {
    if (!Number.isInteger(node) || node < 0 || node >= this.engine.topo.nodes) throw new RangeError(`no server ${node}`);
    return serverJobs(this.engine, node);
  }

  /** Pangu: one chunk — its file, replica count, and each replica's disk, server and rack with truth and the master's belief. */
  storageChunk(chunk: number): ChunkDetail {
    return chunkDetail(this.engine.pangu, chunk);
  }

  /** Pangu: up to `limit` chunk ids with a replica on a disk (to pick one to inspect). */
  storageDiskChunks(disk: number, limit = 100): number[] {
    const p = this.engine.pangu;
    diskDetail(p, disk); // checks the id
    const l = p.table.lists;
    const out: number[] = [];
    for (let i = 0; i < Math.min(l.len[disk], Math.max(0, limit)); i++) out.push((l.get(disk, i) / p.table.slots) | 0);
    return out;
  }

  /** Pangu: one disk — truth (failed, slow factor, access time) beside the master's belief and its slow-access share. */
  storageDisk(disk: number): DiskDetail {
    return diskDetail(this.engine.pangu, disk);
  }

  /** Pangu: where the other copies of one server's data live (per-rack counts, scatter width, sole copies). */
  storageServer(node: number): ServerCopies {
    return serverCopies(this.engine.pangu, node);
  }

  /** Pangu: rack × rack replica-pair counts (racks² Uint32Array, symmetric), computed now. */
  storageSpread(): { racks: number; matrix: Uint32Array } {
    const m = replicaSpread(this.engine.pangu);
    return this.transfer(m, [m.matrix.buffer as ArrayBuffer]);
  }

  /** Pangu: the re-replication queue by live-replica count, copies under way, traffic, time to full redundancy. */
  storageRecovery(): RecoveryStatus {
    return recoveryStatus(this.engine.pangu);
  }

  /** Pangu, theory: expected chunks lost and P(any loss) if `failed` random servers died at once, for the current placement. */
  storageWhatIf(failed: number): WhatIfResult {
    if (!(failed >= 0 && failed <= this.engine.topo.nodes))
      throw new RangeError(`failed servers must be from 0 to ${this.engine.topo.nodes}, got ${failed}`);
    return this.engine.pangu.whatIf(failed);
  }

  /** Pangu, trials: the same question answered by sampling `trials` random sets of failed servers (no change to the run). */
  storageWhatIfTrials(failed: number, trials = 20, seed = 1) {
    if (!(failed >= 0 && failed <= this.engine.topo.nodes))
      throw new RangeError(`failed servers must be from 0 to ${this.engine.topo.nodes}, got ${failed}`);
    if (!(Number.isInteger(trials) && trials >= 1 && trials <= 200))
      throw new RangeError(`trials must be a whole number from 1 to 200, got ${trials}`);
    return this.engine.pangu.whatIfTrials(failed, trials, seed);
  }

  /** Recovery (R1–R3, F4): the policy, circuit breaker and its trips, the master, recovery demand vs delivered, the offline cap. */
  recoveryStatus(): RecoveryStatusView {
    return recoveryStatusView(this.engine);
  }

  /** Huatuo (R4): disks per repair state, tickets, replacements, the next staff visit, up to `limit` disks and servers in the loop. */
  huatuoStatus(limit = 200): HuatuoStatusView {
    if (!(Number.isInteger(limit) && limit >= 0 && limit <= 100_000))
      throw new RangeError(`limit must be a whole number from 0 to 100000, got ${limit}`);
    return huatuoStatusView(this.engine, limit);
  }

  /** Operations (O3): firing alerts, recent history, counts per rule, per day and per owner, current metrics. */
  alerts(recent = 50): AlertsView {
    return alertsView(this.engine, recent);
  }

  /** Operations (O2): search the audit log by time range, type, result, server, disk, file id or user; counts and QPS per type and up to `limit` entries. */
  searchLog(query: LogQuery = {}): LogQueryResult {
    return searchLog(this.engine, query as Record<string, unknown>);
  }

  /** Operations (O2): the operation types and event codes the log has seen. */
  logTypes(): string[] {
    return logTypes(this.engine);
  }

  /** Operations (O2): one day's counts per type and crash-type events by server (default: today). */
  dailyReport(day?: number) {
    return dailyReport(this.engine, day);
  }

  /** P7: the master's queue — latency, QPS, rejections, per-user files and p99, the flood. */
  masterStatus(): MasterView {
    return masterView(this.engine);
  }

  /** Operations (O1): the deployment — phase, progress per rack, downtime and distribution times. */
  deployStatus(): DeployStatus {
    const d = deployView(this.engine);
    return this.transfer(d, [d.rackTransfer.buffer as ArrayBuffer, d.rackUpgraded.buffer as ArrayBuffer]);
  }

  /**
   * The write path (P4, P5): sampled write records — issue, ack, and per server holding
   * the write its arrival in memory, flush to disk and how its copy ended — newest
   * last; only records held by `server` when given. Typed arrays, transferred.
   */
  writeTimeline(server?: number): TimelineView {
    if (server !== undefined && (!Number.isInteger(server) || server < 0 || server >= this.engine.topo.nodes))
      throw new RangeError(`no server ${server}`);
    const v = this.engine.writes.timelineView(server ?? -1);
    return this.transfer(v, this.engine.writes.timeline.transferables(v));
  }

  /** The write path: the servers and disks each sampled stream's redo log is in now (the flush timeline's lanes), for the page's "slow a disk under a redo log". */
  writeLanes(): { stream: number; node: number; disk: number }[] {
    return this.engine.writes.lanesView();
  }

  /** The write path: latency histograms per mode (in use, and the other modes for the same writes), whole run and recent, with percentiles. */
  writeLatency(): WriteLatencyView {
    return this.engine.writes.latencyView();
  }

  inspectNode(node: number): NodeDetail {
    const e = this.engine;
    if (!Number.isInteger(node) || node < 0 || node >= e.topo.nodes) throw new RangeError(`no server ${node}`);
    const dpn = e.topo.disksPerNode;
    return {
      node,
      rack: e.topo.rackOf[node],
      truth: TRUTH_NAMES[e.servers.truth[node]],
      belief: BELIEF_NAMES[e.detector.belief[node]],
      slow: e.servers.slow[node],
      gen: e.topo.gen[node],
      cpu: e.topo.cpu[node],
      load: e.workload.load[node],
      disks: dpn,
      diskMBps: e.topo.diskMBps[node * dpn],
      lastHeardMs: e.detector.lastHeard[node],
    };
  }

  /** A fresh frame (copies; the caller may keep or transfer it). Log entries are those not yet delivered; the config (live parameters, rack-to-feed map) only when it changed since the last frame, or the engine did (load, rewind). */
  frame(): Frame {
    const e = this.engine;
    const f = e.frame(this.logSeq, this.configHeld.engine === e ? this.configHeld.version : -1);
    this.logSeq = f.logSeq;
    this.configHeld = { engine: e, version: f.configVersion };
    return f;
  }

  /**
   * Delivers frames to `sink` at display rate until unsubscribed. Each frame is sent
   * when the previous one has been accepted (the sink's promise resolved), so a busy
   * page slows the stream instead of queueing frames.
   */
  subscribe(sink: FrameSink, intervalMs = 16, onFailure?: FailureSink): void {
    this.sink = sink;
    this.onFailure = onFailure ?? null;
    const id = ++this.subscription;
    if (this.loopAlive) return;
    this.loopAlive = true;
    this.lastWall = this.clock.now();
    const loop = async () => {
      if (!this.sink || id !== this.subscription) {
        this.loopAlive = false;
        return;
      }
      const cycleStart = this.clock.now();
      // A failed run sends no frames (its state is not trustworthy) until the next load.
      const wasFailed = this.failed !== null;
      let f: Frame | null = null;
      try {
        // no frames while a replay runs: the page shows its progress instead
        if (!wasFailed && !this.job) {
          this.advance();
          const e = this.engine;
          const seen = this.lastSent;
          const moved = seen.engine !== e || seen.t !== e.now || seen.entries !== e.timeline.length || seen.speed !== this.speed;
          if (this.playing || this.touched || moved || cycleStart - this.lastFrameAt >= PAUSED_FRAME_MS) {
            this.touched = false;
            this.lastFrameAt = cycleStart;
            this.lastSent = { engine: e, t: e.now, entries: e.timeline.length, speed: this.speed };
            f = this.run(() => this.frame());
          }
        }
      } catch {
        // run() recorded the failure
      }
      if (!f) {
        if (this.failed && !wasFailed) await Promise.resolve(this.onFailure?.(this.failed)).catch(() => undefined);
      } else {
        try {
          await this.sink(this.transfer(f, frameTransferables(f)), this.status());
        } catch {
          // A sink that throws (a closed page) ends the subscription.
          this.sink = null;
        }
      }
      // one frame per interval: the time spent advancing and delivering counts toward
      // it (waiting a whole interval after that halved the engine's share of the wall)
      this.clock.later(loop, Math.max(0, intervalMs - (this.clock.now() - cycleStart)));
    };
    this.clock.later(loop, 0);
  }

  unsubscribe(): void {
    this.sink = null;
    this.subscription++;
    this.loopAlive = false;
  }

  /** Advances simulated time by speed × wall time elapsed, within the frame budget. */
  advance(): void {
    const wallNow = this.clock.now();
    const dtWall = Math.min(250, Math.max(0, wallNow - this.lastWall));
    this.lastWall = wallNow;
    if (!this.playing) {
      this.lagging = false;
      this.achieved = 0;
      return;
    }
    const e = this.engine;
    const start = e.now;
    const target = start + Math.round(dtWall * this.speed);
    const slice = Math.max(100, Math.min(5000, Math.round(this.speed * 2)));
    const t0 = this.clock.now();
    while (e.now < target) {
      this.run(() => this.travel.run(Math.min(target, e.now + slice), true, true));
      if (this.clock.now() - t0 > FRAME_BUDGET_MS) break;
    }
    this.lagging = e.now < target;
    const rate = dtWall > 0 ? (e.now - start) / dtWall : 0;
    this.achieved = this.achieved === 0 ? rate : this.achieved * 0.8 + rate * 0.2;
  }
}
