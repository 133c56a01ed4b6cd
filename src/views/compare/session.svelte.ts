/**
 * A comparison in progress: two more workers (sides A and B) forked from the main
 * run at one moment, advanced together in lockstep by equal steps so both are always
 * at the same simulated time. Kept at module level so it survives switching views.
 * The sides start from the main run's checkpoint of that moment (`forkState`, sent to
 * each worker), not by replaying the run; if the main worker cannot give one, they replay.
 */
import { shareAddress } from '../../lib/link';
import { SimClient } from '../../lib/simClient.svelte';
import type { Frame } from '../../../worker/api';
import { forkScenario, pairStepMs, SIDES, type SideId } from './model';

export class Side {
  readonly sim = new SimClient();
  /** timeline entries the side was loaded with (later ones are its own actions) */
  forkLen = $state(0);
  /** its state hash right after loading (to check it is the main run's) */
  startHash = $state<string | null>(null);
  shareUrl = $state<string | null>(null);
  copied = $state(false);
  constructor(readonly id: SideId) {}
}

export class CompareSession {
  active = $state(false);
  /** both sides are loaded */
  ready = $state(false);
  forkT = $state(0);
  /** the main run's state hash at the fork */
  mainHash = $state<string | null>(null);
  sides = $state.raw<Side[]>([]);
  /** side A's frame at the fork (for figures counted since then) */
  atFork = $state.raw<Frame | null>(null);
  playing = $state(false);
  speed = $state(60);
  /** a step of the pair is under way */
  stepping = $state(false);
  /** while playing: simulated ms per wall ms actually achieved (smoothed), 0 when paused */
  achieved = $state(0);
  private gen = 0;
  /** stops watching the main run for a new load */
  private unwatch: (() => void) | null = null;

  side(id: SideId): Side | undefined {
    return this.sides.find((s) => s.id === id);
  }

  /** The pair's clock (both sides', equal by construction). */
  get t(): number {
    return this.sides[0]?.sim.frame?.t ?? this.forkT;
  }

  /** Pauses the main run and starts both sides from its current moment. */
  async fork(main: SimClient): Promise<void> {
    this.end();
    const gen = this.gen;
    main.pause();
    // Ask the worker itself (after the pause) for the exact moment, its state and the run so far.
    const state = await main.call((api) => api.forkState());
    const stamp = state ? { t: state.t, hash: state.hash } : await main.hash();
    const base = await main.call((api) => api.scenario());
    if (!stamp || !base || gen !== this.gen) return;
    // A new load of the main run (a link, a preset, a lesson) ends the comparison: its sides fork a run that is gone.
    const from = main.info;
    this.unwatch = $effect.root(() => {
      $effect(() => {
        if (main.info !== from) queueMicrotask(() => gen === this.gen && this.end());
      });
    });
    this.active = true;
    this.ready = false;
    this.forkT = stamp.t;
    this.mainHash = stamp.hash;
    this.atFork = null;
    const sides = SIDES.map((id) => new Side(id));
    this.sides = sides;
    await Promise.all(
      sides.map(async (s) => {
        const sc = forkScenario(base, base.timeline, stamp.t, main.rewound, s.id);
        s.forkLen = sc.timeline.length;
        await s.sim.start({ scenario: sc, until: stamp.t, fork: state ?? undefined });
        if (gen !== this.gen) return;
        const h = await s.sim.hash();
        s.startHash = h?.hash ?? null;
      }),
    );
    if (gen !== this.gen) return;
    this.atFork = sides[0].sim.frame;
    this.ready = sides.every((s) => s.sim.phase === 'ready');
  }

  /** Stops both sides and forgets the comparison. */
  end(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.gen++;
    this.playing = false;
    for (const s of this.sides) s.sim.stop();
    this.sides = [];
    this.active = false;
    this.ready = false;
    this.stepping = false;
  }

  /** Advances both sides by the same simulated ms and waits for both. */
  async step(ms: number): Promise<void> {
    if (!this.ready || this.stepping) return;
    const gen = this.gen;
    this.stepping = true;
    try {
      await Promise.all(this.sides.map((s) => s.sim.step(ms)));
    } finally {
      if (gen === this.gen) this.stepping = false;
    }
    if (this.sides.some((s) => s.sim.phase !== 'ready')) this.playing = false;
  }

  play = () => {
    if (!this.ready || this.playing) return;
    this.playing = true;
    void this.loop(this.gen);
  };
  pause = () => {
    this.playing = false;
  };
  toggle = () => (this.playing ? this.pause() : this.play());

  /** Lockstep play: each tick steps both sides by speed × wall time since the last tick. */
  private async loop(gen: number): Promise<void> {
    let last = performance.now();
    this.achieved = 0;
    while (this.playing && gen === this.gen) {
      await nextTick();
      if (!this.playing || gen !== this.gen) break;
      const now = performance.now();
      const ms = pairStepMs(this.speed, now - last);
      const rate = ms / Math.max(1, now - last);
      this.achieved = this.achieved === 0 ? rate : this.achieved * 0.8 + rate * 0.2;
      last = now;
      await this.step(ms);
    }
    if (gen === this.gen) this.achieved = 0;
  }

  /** Playing, and the two sides fall clearly short of the asked speed. */
  get lagging(): boolean {
    return this.playing && this.achieved > 0 && this.achieved < this.speed * 0.85;
  }

  /** Applies a perturbation to one side only, at its current time. */
  async perturb(id: SideId, action: string, args: Record<string, unknown> = {}): Promise<void> {
    const s = this.side(id);
    if (!s || s.sim.phase !== 'ready') return;
    s.shareUrl = null;
    await s.sim.perturb(action, args);
  }

  /** A share link that replays one side exactly to its current time; copied when the browser lets us. */
  async share(id: SideId, extra: Record<string, string>): Promise<string | null> {
    const s = this.side(id);
    if (!s) return null;
    const h = await s.sim.share(extra);
    if (h === null) return null;
    const url = shareAddress(location.href, h);
    s.shareUrl = url;
    try {
      await navigator.clipboard.writeText(url);
      s.copied = true;
    } catch {
      s.copied = false;
    }
    return url;
  }

  /** Loads one side (its scenario, to its time) into the main run and ends the comparison. */
  async adopt(id: SideId, main: SimClient): Promise<boolean> {
    const s = this.side(id);
    if (!s || s.sim.phase !== 'ready') return false;
    this.pause();
    const sc = await s.sim.call((api) => api.scenario());
    const until = s.sim.frame?.t;
    if (!sc || until === undefined) return false;
    this.end();
    await main.load({ scenario: sc, until });
    return true;
  }
}

function nextTick(): Promise<void> {
  return new Promise((r) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => r()) : setTimeout(r, 16)));
}

export const session = new CompareSession();

/** For the browser tests: each side's state hash and clock, asked of its own worker. */
export function exposeTestHook(): void {
  const g = globalThis as unknown as { feitian?: Record<string, unknown> };
  g.feitian = {
    ...g.feitian,
    compare: {
      hash: (id: SideId) => session.side(id)?.sim.hash() ?? Promise.resolve(null),
      t: (id: SideId) => session.side(id)?.sim.frame?.t ?? null,
      forkT: () => session.forkT,
      /** how a side got its state at the fork: from the main run's checkpoint, or by a replay */
      forkedFrom: (id: SideId) => session.side(id)?.sim.info?.forked?.from ?? null,
      mainHash: () => session.mainHash,
    },
  };
}
