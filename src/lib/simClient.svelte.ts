/**
 * The page's handle on the simulation: owns the worker, keeps the latest frame and
 * status (replaced whole, `$state.raw`), the recorded timeline and a short log, and
 * turns a dead or throwing worker into a visible status with a restart that needs
 * no page reload. Answers that arrive after a newer request are dropped.
 */
import * as Comlink from 'comlink';
import type {
  EngineFailure,
  Frame,
  LoadInfo,
  NodeDetail,
  PortableCheckpoint,
  ReplayProgress,
  Scenario,
  SimApi,
  Status,
  TimelineEntry,
} from '../../worker/api';
import type { FrameConfig, LogEntry } from '../../worker/contract';
import { mergeLog } from './logMerge';

export type Phase = 'starting' | 'loading' | 'ready' | 'error';

export const LOG_KEEP = 200;
/** No frame for this long (while visible and idle) → the worker is asked for its status; no answer within as long again → it is considered stuck. A busy machine slows frames but not that answer. */
const STALL_MS = 6000;
/** frames after a play/pause request that may still show the old state (then the worker wins: it may have refused) */
const INTENT_FRAMES = 30;
/** a replay still running after this long shows its progress (shorter ones show nothing) */
const PROGRESS_AFTER_MS = 100;
/** how often a running replay's progress is asked for */
const PROGRESS_EVERY_MS = 100;
/** a load replaying at least this much simulated time (a share link's history) shows the overlay at once, before the worker answers (it first builds the engine: ~1 s at default scale) */
const PROGRESS_AT_ONCE_SIM_MS = 10 * 60_000;
/** alert marks kept at most (the oldest go first) */
const ALERT_MARKS_MAX = 5000;

/** What a load is sent: a scenario (none: the default cluster), the time to run it to, and what was wrong with the address it came from (src/lib/link.ts), shown with the worker's own complaint. */
type LoadInput = { scenario?: Scenario; until?: number; problems?: readonly string[]; fork?: PortableCheckpoint };

export class SimClient {
  frame = $state.raw<Frame | null>(null);
  /** live parameter values and the rack-to-feed map: the last config a frame carried (frames carry it only when it changed) */
  config = $state.raw<FrameConfig | null>(null);
  status = $state.raw<Status | null>(null);
  info = $state.raw<LoadInfo | null>(null);
  phase = $state<Phase>('starting');
  /** why the simulation stopped (fatal; offers restart) */
  error = $state<string | null>(null);
  /** when the engine threw (the worker lives on): the error and the timeline entry it came from */
  failure = $state.raw<EngineFailure | null>(null);
  /** true when a restart ran into the same engine error again */
  failedAgain = $state(false);
  /** why the last share link could not be made (the run goes on); `tooLong`: the run has too many actions for a link */
  shareError = $state.raw<{ tooLong: boolean; message: string } | null>(null);
  /** why a share link could not be opened (the default scenario runs instead) */
  loadError = $state<string | null>(null);
  /** a refused action (bad arguments); the simulation goes on */
  notice = $state<string | null>(null);
  /** the run's timeline: the loaded one plus every perturbation made here */
  timeline = $state.raw<TimelineEntry[]>([]);
  /** newest first */
  log = $state.raw<LogEntry[]>([]);
  /** optimistic play state (the status confirms it with the next frame) */
  playing = $state(false);
  speed = $state(60);
  /** the furthest simulated time reached since the load; after a rewind the recorded future runs to here */
  horizon = $state(0);
  /** true after a rewind while the old future is kept; the next action forks the run and drops it */
  rewound = $state(false);
  /** a rewind or seek is replaying */
  replaying = $state(false);
  /** a replay (a long link, a seek past the last checkpoint) still running after PROGRESS_AFTER_MS: its progress, for the overlay */
  progress = $state.raw<ReplayProgress | null>(null);
  /** simulated times at which alerts fired in this run (past and recorded future), ascending, for the timeline's marks */
  alertMarks = $state.raw<number[]>([]);

  framesReceived = 0;
  private worker: Worker | null = null;
  private api: Comlink.Remote<SimApi> | null = null;
  private generation = 0;
  private loadSeq = 0;
  private inspectSeq = 0;
  private pending = 0;
  private lastFrameAt = 0;
  /** a liveness call is under way (checkStall) */
  private probing = false;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  /**
   * The stall watchdog's threshold (ms; STALL_MS in production). A test hook: a browser test
   * shortens it through the debugging handle, `feitian.client.stallMs = 500`, and puts it back
   * after (tests/e2e/errors.spec.ts), instead of waiting twice STALL_MS on the wall clock.
   */
  stallMs = STALL_MS;

  /** Starts a worker and loads `input` (a share link, or a scenario to run to `until`). */
  async start(input: LoadInput = {}): Promise<LoadInfo | null> {
    this.stop();
    const gen = ++this.generation;
    this.phase = 'starting';
    this.error = null;
    this.failure = null;
    this.failedAgain = false;
    const worker = new Worker(new URL('../../worker/index.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (gen === this.generation) this.fail(e.message || 'the worker failed to start or crashed');
    });
    worker.addEventListener('messageerror', () => {
      if (gen === this.generation) this.fail('a message from the worker could not be read');
    });
    this.api = Comlink.wrap<SimApi>(worker);
    this.lastFrameAt = performance.now();
    this.watchdog = setInterval(() => this.checkStall(gen), 1000);
    const info = await this.loadRun(input);
    if (gen !== this.generation) return null;
    try {
      await this.api.setSpeed(this.speed);
      await this.api.subscribe(
        Comlink.proxy((f: Frame, s: Status) => this.onFrame(gen, f, s)),
        undefined,
        Comlink.proxy((f: EngineFailure) => this.onFailure(gen, f)),
      );
    } catch (e) {
      this.fail(e);
    }
    return info;
  }

  /** Loads a link or a scenario into the running worker; the latest load wins. */
  load(input: LoadInput): Promise<LoadInfo | null> {
    this.restartedFrom = null;
    return this.loadRun(input);
  }

  private async loadRun(input: LoadInput): Promise<LoadInfo | null> {
    const seq = ++this.loadSeq;
    const was = this.phase;
    this.phase = 'loading';
    // fork: another worker's checkpoint of this scenario at `until` (a compare side starts from it instead of replaying)
    const req = { scenario: input.scenario, until: input.until, fork: input.fork };
    const ahead =
      !input.fork && (input.until ?? 0) >= PROGRESS_AT_ONCE_SIM_MS
        ? { kind: 'load' as const, from: 0, target: input.until!, t: 0, percent: 0 }
        : null;
    let info = await this.watchProgress(
      this.call((api) => api.loadAsync(req)),
      ahead,
    );
    if (seq !== this.loadSeq) return null;
    if (!info && this.api && this.phase === 'loading') {
      // cancelled: the run from before stays; with none yet, the default cluster at its start
      if (this.info) {
        this.phase = was === 'loading' ? 'ready' : was;
        return null;
      }
      info = await this.call((api) => api.load({}));
      if (seq !== this.loadSeq) return null;
    }
    if (!info) return null;
    this.alertMarks = [];
    this.info = info;
    this.timeline = info.scenario.timeline;
    const problems = [...(input.problems ?? []), ...(info.error === undefined ? [] : [info.error])];
    this.loadError = problems.length ? problems.map((p) => clip(p)).join(' · ') : null;
    this.log = [];
    // messages about the run before this load are no longer true of the run
    this.notice = null;
    this.shareError = null;
    this.playing = false;
    this.intent = null;
    this.horizon = 0;
    this.rewound = false;
    this.phase = 'ready';
    const f = await this.call((api) => api.frame());
    if (f && seq === this.loadSeq) this.accept(f, null);
    void this.refreshAlertMarks();
    return info;
  }

  /**
   * Follows a replay the worker is running (a load, rewind or seek): after
   * PROGRESS_AFTER_MS, `progress` holds how far it got until it ends.
   */
  private async watchProgress<T>(p: Promise<T>, atOnce: ReplayProgress | null = null): Promise<T> {
    let done = false;
    // shown before the worker first answers; a null answer (nothing under way yet) keeps it
    if (atOnce) this.progress = atOnce;
    const poll = async () => {
      for (let wait = PROGRESS_AFTER_MS; !done; wait = PROGRESS_EVERY_MS) {
        await new Promise((r) => setTimeout(r, wait));
        if (done) break;
        const pr = await this.api?.progress().catch(() => null);
        if (!done && (pr || !atOnce)) this.progress = pr ?? null;
      }
    };
    void poll();
    try {
      return await p;
    } finally {
      done = true;
      this.progress = null;
    }
  }

  /** Stops the replay under way: a load leaves the run from before, a rewind or seek returns to where the run stood. */
  cancelReplay = () => {
    void this.call((api) => api.cancel());
  };

  /** Adds the alerts the worker remembers (the latest 500) to the timeline's marks. */
  private async refreshAlertMarks(): Promise<void> {
    const a = await this.call((api) => api.alerts(500), true);
    if (a) this.addAlertMarks(a.recent.map((r) => r.firedMs));
  }
  private addAlertMarks(ts: number[]): void {
    if (!ts.length) return;
    const all = [...new Set([...this.alertMarks, ...ts])].sort((x, y) => x - y);
    this.alertMarks = all.length > ALERT_MARKS_MAX ? all.slice(-ALERT_MARKS_MAX) : all;
  }

  play = () => {
    this.playing = true;
    this.intend(true);
    void this.call((api) => api.play());
  };
  pause = () => {
    this.playing = false;
    this.intend(false);
    void this.call((api) => api.pause());
  };

  /**
   * Play/pause the user asked for that the worker's frames do not show yet: a frame sent
   * before the worker got the request still says the old state, and taking it would undo
   * the button (a quick second Space would then play again instead of pausing).
   */
  private intent: { playing: boolean; frames: number } | null = null;
  private intend(playing: boolean): void {
    this.intent = { playing, frames: INTENT_FRAMES };
  }
  private syncPlaying(playing: boolean): void {
    const i = this.intent;
    if (i) {
      if (playing !== i.playing && --i.frames > 0) return;
      this.intent = null;
    }
    this.playing = playing;
  }
  toggle = () => (this.playing ? this.pause() : this.play());

  async step(ms: number): Promise<void> {
    if (this.playing) this.pause();
    const f = await this.call((api) => api.step(ms));
    if (f) this.accept(f, null);
  }

  async setSpeed(x: number): Promise<void> {
    this.speed = x;
    await this.call((api) => api.setSpeed(x));
  }

  /**
   * Jumps back to simulated time t (the engine replays the run from its start, which
   * is exact). The recorded future is kept: play or seek to watch it again; the next
   * action forks the run and discards it.
   */
  async rewind(t: number): Promise<void> {
    if (this.playing) this.pause();
    this.replaying = true;
    const f = await this.watchProgress(this.call((api) => api.goTo(Math.max(0, Math.round(t))), true));
    this.replaying = false;
    if (!f) return; // cancelled (or refused): the run stands where it stood
    this.log = [];
    this.rewound = true;
    this.accept(f, null);
  }

  /** Runs forward to simulated time t (through the recorded future, if any). */
  async seek(t: number): Promise<void> {
    if (this.playing) this.pause();
    this.replaying = true;
    const f = await this.watchProgress(this.call((api) => api.goTo(Math.round(t)), true));
    this.replaying = false;
    if (f) this.accept(f, null);
    void this.refreshAlertMarks();
  }

  /** Applies a perturbation now; the recorded entry joins the local timeline. */
  async perturb(action: string, args: Record<string, unknown> = {}): Promise<TimelineEntry | null> {
    const entry = await this.call((api) => api.perturb(action, args), true);
    if (entry && this.rewound) {
      // a fork: the engine dropped the old future; take its timeline as it now stands
      this.rewound = false;
      const sc = await this.call((api) => api.scenario());
      if (sc) this.timeline = sc.timeline;
      this.horizon = entry.t;
      this.alertMarks = this.alertMarks.filter((t) => t <= entry.t);
    } else if (entry) {
      // Same order as the engine: after everything at or before its time, before scripted later entries.
      const at = this.timeline.findIndex((e) => e.t > entry.t);
      this.timeline = at < 0 ? [...this.timeline, entry] : [...this.timeline.slice(0, at), entry, ...this.timeline.slice(at)];
    }
    return entry;
  }

  /**
   * The share-link hash (without '#') that replays this run to now; null when it cannot
   * be made (a run too long for a link, say) — `shareError` then says why, and the run goes on.
   */
  async share(extra: Record<string, string> = {}): Promise<string | null> {
    const api = this.api;
    const gen = this.generation;
    this.shareError = null;
    if (!api) return null;
    try {
      return await api.shareHash(extra);
    } catch (e) {
      if (gen === this.generation) this.shareError = { tooLong: (e as Error)?.name === 'LinkTooLongError', message: clip(messageOf(e)) };
      return null;
    }
  }
  dismissShareError = () => (this.shareError = null);

  /** The state hash with the simulated time it belongs to. */
  hash(): Promise<{ hash: string; t: number; events: number } | null> {
    return this.call((api) => api.hashStamp());
  }

  /** Details of one server; resolves null when a newer inspection was asked meanwhile. */
  async inspect(node: number): Promise<NodeDetail | null> {
    const seq = ++this.inspectSeq;
    const d = await this.call((api) => api.inspectNode(node), true);
    return seq === this.inspectSeq ? d : null;
  }

  /**
   * Restarts after a failure, back at the last simulated time seen. After an engine
   * error the worker lives on and reloads the run as it was (if the same error comes
   * again, `failedAgain` says so); a dead or stuck worker is replaced by a fresh one.
   */
  async restart(): Promise<void> {
    if (this.failure && this.api) return this.reloadFailed(null);
    const base = this.info?.scenario;
    const until = this.frame?.t ?? 0;
    const scenario: Scenario | null = base ? { ...base, timeline: this.timeline } : null;
    this.playing = false;
    await this.start(scenario ? { scenario, until } : {});
  }

  /** After an engine error: reloads the run without the timeline entry it came from (same seed and settings). */
  restartWithout(index: number): Promise<void> {
    return this.reloadFailed(index);
  }

  /** the failure the last restart started from (to tell the same one coming back) */
  private restartedFrom: EngineFailure | null = null;

  private async reloadFailed(drop: number | null): Promise<void> {
    const api = this.api;
    const failed = this.failure;
    if (!api || !failed) return;
    const gen = this.generation;
    let scenario: Scenario;
    try {
      // the run as the engine recorded it (a live action that threw is in it)
      scenario = await api.scenario();
    } catch (e) {
      if (gen === this.generation) this.fail(e);
      return;
    }
    if (gen !== this.generation) return;
    if (drop !== null) scenario = { ...scenario, timeline: scenario.timeline.filter((_, i) => i !== drop) };
    this.restartedFrom = drop === null ? failed : null;
    this.failure = null;
    this.failedAgain = false;
    this.error = null;
    this.playing = false;
    await this.loadRun({ scenario, until: this.frame?.t ?? 0 });
    if (gen === this.generation && this.phase === 'error' && !this.error) {
      // the replay was cancelled: the failed run stands, and so does its explanation
      this.failure = failed;
      this.error = clip(`${failed.name}: ${failed.message}`);
    }
  }

  dismissLoadError = () => (this.loadError = null);
  dismissNotice = () => (this.notice = null);

  stop(): void {
    this.generation++;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.api) this.api[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private onFrame(gen: number, f: Frame, s: Status): void {
    if (gen !== this.generation) return;
    // The config travels only when it changed: keep it even from a frame dropped below (one
    // sent while a load replays); the new engine's first frame carries its own, later in order.
    if (f.config) this.config = f.config;
    if (this.phase === 'loading') return;
    // While paused the worker keeps sending identical frames: keep the old one so nothing redraws.
    const cur = this.frame;
    if (cur && !f.log.length && !f.config && cur.t === f.t && cur.events === f.events && cur.logSeq === f.logSeq && cur.nodes === f.nodes) {
      this.framesReceived++;
      this.lastFrameAt = performance.now();
      const was = this.status;
      if (!was || was.playing !== s.playing || was.speed !== s.speed || was.lagging !== s.lagging || was.history !== s.history) this.status = s;
      this.syncPlaying(s.playing);
      return;
    }
    this.accept(f, s);
  }

  private accept(f: Frame, s: Status | null): void {
    this.framesReceived++;
    this.lastFrameAt = performance.now();
    this.frame = f;
    if (f.config) this.config = f.config;
    if (f.t > this.horizon) this.horizon = f.t;
    if (s) {
      this.status = s;
      this.syncPlaying(s.playing);
    }
    if (f.log.length) {
      this.addAlertMarks(f.log.filter((e) => e.code === 'alert.fired').map((e) => e.t));
      this.log = mergeLog(this.log, f.log, LOG_KEEP);
    }
  }

  /**
   * Calls the worker. A RangeError (bad arguments) becomes a notice when `soft`;
   * anything else stops the run visibly.
   */
  async call<T>(fn: (api: Comlink.Remote<SimApi>) => Promise<T>, soft = false): Promise<T | null> {
    const api = this.api;
    const gen = this.generation;
    if (!api) return null;
    this.pending++;
    try {
      return await fn(api);
    } catch (e) {
      if (gen !== this.generation) return null;
      if (soft && (e as Error)?.name === 'RangeError') this.notice = clip((e as Error).message);
      else {
        this.fail(e);
        // the engine threw: ask the worker (alive) which entry it came from
        if ((e as Error)?.name === 'EngineFailure')
          void api.failure().then(
            (f) => f && this.onFailure(gen, f),
            () => undefined,
          );
      }
      return null;
    } finally {
      this.pending--;
      this.lastFrameAt = performance.now();
    }
  }

  /** The engine threw (told by the frame loop, or asked after a call failed). */
  private onFailure(gen: number, f: EngineFailure): void {
    if (gen !== this.generation) return;
    const was = this.restartedFrom;
    this.failedAgain = !!was && was.message === f.message && was.entry?.action === f.entry?.action && was.entry?.t === f.entry?.t;
    this.failure = f;
    this.error = clip(`${f.name}: ${f.message}`);
    this.phase = 'error';
    this.playing = false;
  }

  private fail(e: unknown): void {
    // the first reason stays: later calls into a stopped run fail too, for that reason
    if (this.phase === 'error' && this.error) return;
    this.error = clip(messageOf(e)) || 'unknown error';
    this.phase = 'error';
    this.playing = false;
  }

  private checkStall(gen: number): void {
    if (gen !== this.generation || this.phase !== 'ready' || this.pending > 0) return;
    if (typeof document !== 'undefined' && document.visibilityState !== 'visible') {
      this.lastFrameAt = performance.now();
      return;
    }
    if (performance.now() - this.lastFrameAt <= this.stallMs || this.probing) return;
    // No frame for a while: a worker that is only slow (a busy machine, a heavy
    // moment of the run) still answers a call; a dead or hung one does not.
    this.probing = true;
    const api = this.api;
    let answered = false;
    void api
      ?.status()
      .then(() => {
        answered = true;
        if (gen === this.generation) this.lastFrameAt = performance.now();
      })
      .catch(() => {})
      .finally(() => (this.probing = false));
    setTimeout(() => {
      if (!answered && gen === this.generation && this.phase === 'ready') this.fail('stalled');
    }, this.stallMs);
  }
}

/** Longest message shown in a banner (an error may echo a large input). */
export const MESSAGE_MAX = 500;

/** `s` cut to `max` characters, with an ellipsis when cut. */
export function clip(s: string, max = MESSAGE_MAX): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function messageOf(e: unknown): string {
  return typeof e === 'string' ? e : e instanceof Error || (e && typeof e === 'object' && 'message' in e) ? String((e as Error).message) : String(e);
}
