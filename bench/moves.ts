/** What the time-travel benches (Node and Chromium) share about moves and their worst moments. */
import type { LoadTiming, MoveTiming } from '../worker/api';

const MIN = 60_000;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** The n widest gaps between consecutive checkpoint times (oldest first), widest first, as [from, to] (the benches' worst moments). */
export function widestGaps(times: readonly number[], n: number): [number, number][] {
  const gaps = times.slice(1).map((t, i): [number, number] => [times[i], t]);
  return gaps.sort((x, y) => y[1] - y[0] - (x[1] - x[0])).slice(0, n);
}

/** Where a move's time went in the worker (SimApi's lastMove), rounded for the reports: restore and replay wall ms, simulated minutes replayed. */
export function moveSplit(lm: MoveTiming | null | undefined): { restoreMs: number; replayMs: number; replayMin: number } {
  return { restoreMs: r1(lm?.restoreMs ?? 0), replayMs: r1(lm?.replayMs ?? 0), replayMin: r1((lm?.replaySimMs ?? 0) / MIN) };
}

/**
 * Where a share link's load's time went in the worker (SimApi's lastLoad), rounded: build, replay (yields included) and
 * the engine's own work in the replay, wall ms; `engineShare`, work ÷ replay: the replay's speed against the engine
 * running alone (1: no slower; the rest is yields between slices and their bookkeeping).
 */
export function loadSplit(lt: LoadTiming | null | undefined): { buildMs: number; replayMs: number; workMs: number; engineShare: number } {
  const replayMs = lt?.replayMs ?? 0;
  const workMs = lt?.workMs ?? 0;
  return {
    buildMs: r1(lt?.buildMs ?? 0),
    replayMs: r1(replayMs),
    workMs: r1(workMs),
    engineShare: replayMs > 0 ? Math.round((workMs / replayMs) * 10_000) / 10_000 : 0,
  };
}

/** The slowest of the moves to the far end of gaps: its wall ms, the gap it crossed (simulated minutes) and its split (moveSplit). */
export class WorstMove {
  ms = -1;
  gapMin = 0;
  restoreMs = 0;
  replayMs = 0;
  replayMin = 0;
  /** A move of `ms` across the gap [a, b]: kept if the slowest so far. */
  add(ms: number, [a, b]: [number, number], lm: MoveTiming | null | undefined): void {
    if (ms <= this.ms) return;
    Object.assign(this, { ms: r1(ms), gapMin: r1((b - a) / MIN), ...moveSplit(lm) });
  }
}
