/**
 * Pure helpers of the writes view (no DOM): the flush timeline's lanes and spans
 * from the engine's sampled records, latency histograms as CDFs on a log-ms axis,
 * the write-path log entries worth marking, and small formatters. Unit-tested in
 * tests/page/writes.test.ts.
 */
import { H_DISK, H_MEMORY, type LogEntry, type TimelineView } from '../../../worker/contract';

/** holder states of the flush timeline's records (defined in the contract) */
export { H_MEMORY, H_DISK, H_MEMORY_LOST, H_RESCUED, H_ERROR } from '../../../worker/contract';
export const MODE_NAMES = ['pipeline', 'redo-log', 'majority'] as const;
export type ModeName = (typeof MODE_NAMES)[number];

/** simulated time the flush timeline shows, ms (the frame's records span ≈ 40 s) */
export const WINDOW_MS = 40_000;

export type Lane =
  { kind: 'lost' } | { kind: 'client'; stream: number } | { kind: 'server'; stream: number; node: number } | { kind: 'master' } | { kind: 'power' };

/**
 * Lanes for the records in view: a row for acknowledged writes lost anywhere, then per
 * sampled stream its client row followed by one row per server that held its writes
 * (in order of first appearance), the master's row, and a row naming power cuts.
 */
export function buildLanes(v: TimelineView | null): Lane[] {
  const lanes: Lane[] = [{ kind: 'lost' }];
  if (v && v.n > 0) {
    const streams = [...new Set(Array.from(v.stream))].sort((a, b) => a - b);
    for (const s of streams) {
      lanes.push({ kind: 'client', stream: s });
      const seen = new Set<number>();
      for (let r = 0; r < v.n; r++) {
        if (v.stream[r] !== s) continue;
        for (let j = 0; j < v.holders; j++) {
          const node = v.node[r * v.holders + j];
          if (node >= 0 && !seen.has(node)) {
            seen.add(node);
            lanes.push({ kind: 'server', stream: s, node });
          }
        }
      }
    }
  }
  lanes.push({ kind: 'master' }, { kind: 'power' });
  return lanes;
}

/** Key of a server lane (a server may hold writes of several streams: one lane per pair). */
export const laneKey = (stream: number, node: number) => stream * 1_000_000 + node;

export interface CopySpan {
  /** absolute simulated ms */
  arrive: number;
  /** end of the time the copy was only in this server's memory */
  memEnd: number;
  /** on disk at memEnd */
  flushed: boolean;
  /** still in memory now (memEnd = now) */
  open: boolean;
  state: number;
}

/** The span a holder's copy spent in memory only, in absolute simulated ms. */
export function copySpan(v: TimelineView, r: number, j: number, now: number): CopySpan | null {
  const o = r * v.holders + j;
  if (v.node[o] < 0) return null;
  const t = v.issue[r];
  const arrive = t + v.arrive[o];
  const state = v.state[o];
  if (v.flush[o] >= 0) return { arrive, memEnd: Math.max(arrive, t + v.flush[o]), flushed: true, open: false, state };
  if (v.end?.[o] !== undefined && v.end[o] >= 0) return { arrive, memEnd: Math.max(arrive, t + v.end[o]), flushed: false, open: false, state };
  if (state === H_MEMORY) return { arrive, memEnd: Math.max(arrive, now), flushed: false, open: true, state };
  // ended without a recorded time (a pipeline copy, or an old record): a point
  return { arrive, memEnd: arrive, flushed: state === H_DISK, open: false, state };
}

/**
 * The write's vulnerability window: from its acknowledgement until the first copy is
 * on a disk (or until it was lost, or now while it is still only in memory). Null when
 * the write reached a disk before it was acknowledged (pipeline, majority).
 */
export function vulnerableSpan(v: TimelineView, r: number, now: number): { from: number; to: number; open: boolean } | null {
  const t = v.issue[r];
  const ack = t + v.ack[r];
  let firstDisk = Infinity;
  let lastEnd = -Infinity;
  let open = false;
  for (let j = 0; j < v.holders; j++) {
    const o = r * v.holders + j;
    if (v.node[o] < 0) continue;
    if (v.flush[o] >= 0) firstDisk = Math.min(firstDisk, t + v.flush[o]);
    else if (v.state[o] === H_MEMORY) open = true;
    else if (v.end?.[o] !== undefined && v.end[o] >= 0) lastEnd = Math.max(lastEnd, t + v.end[o]);
  }
  let to: number;
  if (firstDisk < Infinity) {
    to = firstDisk;
    open = false;
  } else if (open) to = now;
  else if (lastEnd > -Infinity) to = lastEnd;
  else return null;
  if (to <= ack) return null;
  return { from: ack, to, open };
}

// ---- log marks ---------------------------------------------------------------

/** A log entry drawn on the flush timeline. */
export type Mark = Pick<LogEntry, 'seq' | 't' | 'code' | 'node' | 'rack' | 'disk' | 'v' | 's'>;

const MARK_CODES = new Set([
  'writes.flushTimeout',
  'writes.writeError',
  'writes.ackedLost',
  'writes.scrubCorrupt',
  'rack.powerOff',
  'rack.powerOn',
  'dc.powerOff',
  'dc.powerOn',
  'domain.powerOff',
  'domain.powerOn',
  'node.crash',
]);
export const isMarkCode = (code: string) => MARK_CODES.has(code);

/**
 * Adds the entries of `log` (newest first, as the client keeps it) newer than
 * `seenSeq` that the timeline marks; keeps at most `cap`, dropping the oldest.
 * Returns the new list (oldest first) and the newest seq seen.
 */
export function collectMarks(marks: Mark[], log: readonly LogEntry[], seenSeq: number, cap = 300): { marks: Mark[]; seenSeq: number } {
  const fresh: Mark[] = [];
  let top = seenSeq;
  for (const e of log) {
    if (e.seq <= seenSeq) break;
    if (e.seq > top) top = e.seq;
    if (isMarkCode(e.code)) fresh.push({ seq: e.seq, t: e.t, code: e.code, node: e.node, rack: e.rack, disk: e.disk, v: e.v, s: e.s });
  }
  if (!fresh.length) return { marks, seenSeq: top };
  fresh.reverse();
  const out = marks.concat(fresh);
  return { marks: out.length > cap ? out.slice(out.length - cap) : out, seenSeq: top };
}

// ---- latency ---------------------------------------------------------------

/** Lower edge of bin b, ms (the engine's log bins: binsPerOctave per octave from minMs). */
export function binLower(b: number, minMs: number, perOctave: number): number {
  return minMs * 2 ** Math.floor(b / perOctave) * (1 + (b % perOctave) / perOctave);
}

/** A histogram as a cumulative distribution: points (upper edge of each non-empty stretch, share ≤ it). */
export function cdf(h: ArrayLike<number>, minMs: number, perOctave: number): { ms: number; p: number }[] {
  let total = 0;
  for (let b = 0; b < h.length; b++) total += h[b];
  if (total <= 0) return [];
  let first = 0;
  while (first < h.length && h[first] === 0) first++;
  let last = h.length - 1;
  while (last > 0 && h[last] === 0) last--;
  const pts = [{ ms: binLower(first, minMs, perOctave), p: 0 }];
  let acc = 0;
  for (let b = first; b <= last; b++) {
    acc += h[b];
    pts.push({ ms: binLower(b + 1, minMs, perOctave), p: acc / total });
  }
  return pts;
}

/** The q-quantile of a histogram (bin midpoint, like the engine), ms; 0 when empty. */
export function quantile(h: ArrayLike<number>, q: number, minMs: number, perOctave: number): number {
  let total = 0;
  for (let b = 0; b < h.length; b++) total += h[b];
  if (total <= 0) return 0;
  let acc = 0;
  for (let b = 0; b < h.length; b++) {
    acc += h[b];
    if (acc >= q * total) return (binLower(b, minMs, perOctave) + binLower(b + 1, minMs, perOctave)) / 2;
  }
  return binLower(h.length, minMs, perOctave);
}

/** the percentile axis goes down to p99.9 */
export const TAIL_MAX = 3;
/** Depth of a cumulative share on the percentile axis: −log10(1 − p), capped (0 → 0, 0.9 → 1, 0.99 → 2, 0.999 → 3). */
export function tailDepth(p: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return TAIL_MAX;
  return Math.min(TAIL_MAX, -Math.log10(1 - p));
}

/** Decade ticks covering [lo, hi] ms. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); 10 ** e <= hi * 1.0001; e++) if (10 ** e >= lo * 0.9999) out.push(10 ** e);
  return out;
}

/** The log-ms domain of the CDFs: from a little below the smallest value to a little above the largest, whole decades. */
export function cdfDomain(sets: { ms: number }[][]): [number, number] {
  let lo = Infinity,
    hi = 0;
  for (const s of sets)
    for (const p of s) {
      if (p.ms < lo) lo = p.ms;
      if (p.ms > hi) hi = p.ms;
    }
  if (!(hi > 0)) return [0.1, 1000];
  return [10 ** Math.floor(Math.log10(Math.max(lo, 1e-3))), 10 ** Math.ceil(Math.log10(hi))];
}

// ---- formatting ------------------------------------------------------------

/** A latency for reading: µs below 1 ms, ms below 10 s, else s. */
export function fmtMs(ms: number): string {
  if (!(ms > 0)) return '0';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** Simulated time on the timeline's axis: m:ss, or h:mm:ss from an hour on (days fold into hours). */
export function clockLabel(ms: number): string {
  if (ms < 0) return `−${clockLabel(-ms)}`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  const two = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

/** A tick label on the log-ms axis. */
export function tickLabel(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms} ms`;
  return `${ms / 1000} s`;
}

export function lostTotal(byCause: Record<string, number> | undefined): number {
  let s = 0;
  for (const v of Object.values(byCause ?? {})) s += v;
  return s;
}

/**
 * The sampled write under the pointer: in a server row, the copy whose time in memory
 * covers `t` (or the nearest within `tolMs`); in a client row, the write acknowledged
 * nearest `t` within `tolMs`. Returns the record and holder (−1 for a client row).
 */
export function pickWrite(v: TimelineView | null, lane: Lane | undefined, t: number, now: number, tolMs: number): { r: number; j: number } | null {
  if (!v || !lane || (lane.kind !== 'server' && lane.kind !== 'client')) return null;
  let best: { r: number; j: number } | null = null;
  let bestD = tolMs;
  for (let r = 0; r < v.n; r++) {
    if (v.stream[r] !== lane.stream) continue;
    if (lane.kind === 'client') {
      const d = Math.abs(v.issue[r] + v.ack[r] - t);
      if (d <= bestD) {
        bestD = d;
        best = { r, j: -1 };
      }
      continue;
    }
    for (let j = 0; j < v.holders; j++) {
      if (v.node[r * v.holders + j] !== lane.node) continue;
      const sp = copySpan(v, r, j, now);
      if (!sp) continue;
      const d = t < sp.arrive ? sp.arrive - t : t > sp.memEnd ? t - sp.memEnd : 0;
      if (d <= bestD) {
        bestD = d;
        best = { r, j };
      }
    }
  }
  return best;
}

/** Simulated time to the millisecond: m:ss.mmm */
export function clockMs(ms: number): string {
  return `${clockLabel(ms)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;
}
