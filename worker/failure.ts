/**
 * An exception the engine threw while running (a bug, or memory running out), as the
 * page is told about it: the error's message (bounded), the simulated time, and the
 * timeline entry that was being applied then — or the last one applied before it —
 * so the page can offer to restart without that entry. Pure; used by worker/api.ts.
 */
import type { TimelineEntry } from './scenario/actions';

/** Longest error message passed on (an error may echo a large input). */
export const FAILURE_MESSAGE_MAX = 400;

export interface EngineFailure {
  /** the error's name (TypeError, RangeError, …) */
  name: string;
  /** its message, at most FAILURE_MESSAGE_MAX characters */
  message: string;
  /** simulated time (ms) when it was thrown */
  t: number;
  /**
   * The timeline entry applied last when it was thrown (index into the run's timeline).
   * `during`: thrown at that entry's own time — while applying it or in what it set off
   * at once; otherwise later, in the run that followed it. Absent if no entry had been applied.
   */
  entry?: { index: number; t: number; action: string; args: Record<string, unknown>; during: boolean };
}

/** A thrown value's message, cut to `max` characters (with an ellipsis when cut). */
export function boundedMessage(e: unknown, max = FAILURE_MESSAGE_MAX): string {
  let m: string;
  try {
    m = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  } catch {
    m = 'an exception that cannot be shown';
  }
  m = m || 'no message';
  return m.length > max ? m.slice(0, max - 1) + '…' : m;
}

/**
 * Describes exception `e`, thrown while the engine stood at simulated time `now` with
 * `applied` timeline entries applied (the entry at `applied - 1` the last of them).
 */
export function describeFailure(e: unknown, now: number, timeline: readonly TimelineEntry[], applied: number): EngineFailure {
  const name = e instanceof Error ? e.name : 'Error';
  const out: EngineFailure = { name, message: boundedMessage(e), t: now };
  const k = Math.min(applied, timeline.length) - 1;
  if (k >= 0) {
    const x = timeline[k];
    out.entry = { index: k, t: x.t, action: x.action, args: { ...x.args }, during: x.t === now };
  }
  return out;
}

/** Thrown by the API for a failed run: the page reads the details with `SimApi.failure()`. */
export class EngineFailedError extends Error {
  constructor(f: EngineFailure) {
    super(
      `${f.name}: ${f.message}` +
        (f.entry ? ` (after timeline entry ${f.entry.index + 1}, ${f.entry.action} at ${f.entry.t} ms)` : '') +
        ` at ${f.t} ms`,
    );
    this.name = 'EngineFailure';
  }
}
