/**
 * A run's history, filled in behind a share link's load.
 *
 * Checkpoints cost a replay ~25–30 % of its speed (the first, a full copy of the state,
 * and the captures on the way), so a link's load replays without any: the page sees the
 * linked moment as soon as the engine alone could reach it. Its history — the checkpoints
 * a move back needs — is then built by a second engine of the same scenario (the
 * historian), replaying the same recorded timeline from t = 0 with checkpoints, in the
 * worker's idle time, while the loaded engine stays the live one. Both are the same
 * deterministic run, so when the historian reaches the live engine's moment its state is
 * the live one's, and it takes its place (with its checkpoints); a move back before that
 * goes through the historian at once: it runs (or restores) to the target, and takes the
 * live engine's place there.
 *
 * Actions made on the live engine meanwhile are recorded in the historian's timeline too,
 * at the same place (the historian is behind, so it applies them when it gets there).
 * The SimApi (worker/api.ts) decides when to fill; these are the pieces it uses.
 */
import { Engine } from './engine/engine';
import type { TimelineEntry } from './scenario/actions';
import type { TimeTravel } from './timeTravel';

/** Wall ms of history work per slice while the run is paused (the worker answers calls and sends frames between two). */
export const HISTORY_SLICE_MS = 50;
/** … and while it plays (its frames come first). */
export const HISTORY_SLICE_PLAYING_MS = 6;
/** Wall ms to wait before the next slice while a move or load runs, or the live engine cannot keep up with its speed. */
export const HISTORY_WAIT_MS = 100;
/**
 * The compare view's sides start from the main run's checkpoint of its present
 * (SimApi.forkState): with the history behind, it is completed first when that is
 * expected to take at most this many wall ms; otherwise the sides replay.
 */
export const FORK_CATCH_UP_MS = 1000;

/** A historian for the live engine's run: an engine of the same scenario and timeline at t = 0, with its TimeTravel (checkpoint at t = 0 taken). */
export function buildHistory(live: Engine, travel: (e: Engine) => TimeTravel): TimeTravel {
  return travel(new Engine(live.scenario()));
}

/**
 * Where the live engine stands, as a target the history can reach exactly: its time,
 * and whether the entries recorded at that time are applied. Null when only some of
 * them are (an action made where scripted ones wait): the history waits until the live
 * run moves on.
 */
export function liveTarget(live: Engine): { t: number; entriesAtT: boolean } | null {
  let before = 0;
  let at = 0;
  for (const x of live.timeline) {
    if (x.t < live.now) before++;
    else if (x.t === live.now) at++;
    else break;
  }
  if (live.applied === before + at) return { t: live.now, entriesAtT: true };
  if (live.applied === before) return { t: live.now, entriesAtT: false };
  return null;
}

/** Whether the history stands where the live engine does (same time, same entries applied): the same state. */
export function caughtUp(h: Engine, live: Engine): boolean {
  return h.now === live.now && h.applied === live.applied;
}

/**
 * Runs the history toward the live engine for about `sliceMs` of wall time (checkpoints
 * on the way, by its TimeTravel's rules); true when it has caught up.
 */
export function fillSlice(h: TimeTravel, live: Engine, wall: () => number, sliceMs: number): boolean {
  const e = h.engine;
  const target = liveTarget(live);
  const w0 = wall();
  while (target && e.now < target.t && wall() - w0 < sliceMs) {
    // steps of a few ms of engine work, so a slice ends near its time, and at most half the
    // checkpoint spacing, so checkpoints fall near where the spacing rules put them
    const work = h.rate > 0 ? Math.round(h.rate * Math.min(10, sliceMs / 2)) : 10_000;
    const step = Math.max(1000, Math.min(work, e.sim.params['timeTravel.spacingMs'] / 2));
    const next = Math.min(target.t, e.now + step);
    h.run(next, next === target.t ? target.entriesAtT : true);
  }
  if (target && e.now === target.t && target.entriesAtT && e.applied < live.applied) h.run(target.t, true);
  return caughtUp(e, live);
}

/**
 * Records in the history's timeline an entry the live engine has just recorded and
 * applied, at the same place. Throws when the history is past that place (it cannot be:
 * it is behind the live run).
 */
export function mirrorEntry(h: Engine, live: Engine, entry: TimelineEntry): void {
  const i = live.timeline.indexOf(entry);
  if (i < 0 || h.applied > i || h.timeline.length !== live.timeline.length - 1)
    throw new Error(`history: cannot record an entry at ${entry.t} ms (history at ${h.now} ms, ${h.applied} entries applied)`);
  h.timeline.splice(i, 0, { ...entry, args: { ...entry.args } });
}
