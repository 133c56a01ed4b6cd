/**
 * Moments for redo-log tests. Each server's background thread flushes at its own phase
 * (worker/engine/writes/redoLog.ts flushPhase), so what a stream loses when all its
 * holders fail depends on when: nothing, right after one of them has flushed.
 */
import type { Engine } from '../../../worker/engine/engine';
import { MAXT, flushPhase } from '../../../worker/engine/writes/redoLog';

/**
 * The first moment at or after `from` (in steps of 10 ms) at which every server holding
 * stream s's writes last flushed at least `gapMs` before the last tick: what the stream
 * wrote since is in their memory only (the writes a failure catches up to its moment
 * too, and the sampled record among them). With ticks of the flush interval (the default), a server's
 * flush moments fall at k·interval − phase·interval.
 */
export function afterFlushes(e: Engine, s: number, from: number, gapMs: number): number {
  const p = e.sim.params;
  const interval = p['writes.flushIntervalMs'];
  if (interval !== p['engine.tickMs']) throw new Error('afterFlushes: only with ticks of the flush interval');
  const shift = interval;
  const w = e.writes;
  const phases = Array.from({ length: w.tN[s] }, (_, i) => flushPhase(w.tNode[s * MAXT + i]) * shift);
  for (let t = from; t < from + 2 * interval; t += 10) {
    const sinceTick = ((t % interval) + interval) % interval;
    if (phases.every((ph) => (((t + ph) % interval) + interval) % interval >= gapMs + sinceTick)) return t;
  }
  throw new Error(`no moment within two flush intervals of ${from} where all of stream ${s}'s holders flushed ${gapMs} ms before the tick`);
}
