/**
 * Pure helpers of the scheduler view (no DOM, unit-tested): the instance
 * timeline's rows and scale, the slowdown histograms' statistics, and small
 * formatters. Inputs are the worker's read-only scheduler views.
 */
import type { JobDetail, SlowdownView } from '../../../worker/api';

type Instance = JobDetail['instances'][number];
type Histogram = SlowdownView['on'];

/** What a timeline bar shows, most telling first (a backup that straggles is drawn as a straggler). */
export type BarKind = 'straggler' | 'backup' | 'lost' | 'killed' | 'running' | 'done';

export function barKind(i: Instance): BarKind {
  if (i.state === 'lost') return 'lost';
  if (i.straggler) return 'straggler';
  if (i.backup) return 'backup';
  if (i.state === 'killed') return 'killed';
  if (i.state === 'running') return 'running';
  return 'done';
}

export interface TimelineRow {
  /** the instance's index in the job's list */
  index: number;
  node: number;
  rack: number;
  kind: BarKind;
  backup: boolean;
  straggler: boolean;
  state: Instance['state'];
  /** bar start and end in sim ms (end = now for a running or lost one) */
  x0: number;
  x1: number;
  /** a running instance's expected end (clipped to the domain), null otherwise */
  expected: number | null;
  /** whether the expected end lies beyond the domain (drawn as an arrow) */
  clipped: boolean;
  /** run time ÷ the job's mean (so far, while running), null while the mean is unknown */
  ratio: number | null;
  /** where this instance crosses the straggler threshold (start + threshold), null if unknown */
  threshold: number | null;
  /** index of its other attempt (backup ↔ original), or null */
  twin: number | null;
}

export interface Timeline {
  rows: TimelineRow[];
  /** instances not shown (past `maxRows`) */
  hidden: number;
  /** x domain in sim ms */
  t0: number;
  t1: number;
}

/**
 * One row per instance, each backup right under the attempt it backs up, with the
 * time domain from the job's arrival to now (or its last end). Expected ends of
 * running attempts reach at most as far again as the job has run, so one very
 * slow attempt cannot squash the rest.
 */
export function timelineRows(job: JobDetail, now: number, maxRows = 80): Timeline {
  const byIndex = new Map<number, Instance>();
  for (const i of job.instances) byIndex.set(i.index, i);
  const order: Instance[] = [];
  const placed = new Set<number>();
  for (const i of job.instances) {
    if (placed.has(i.index)) continue;
    if (i.backup && i.twin !== null && !placed.has(i.twin) && byIndex.has(i.twin)) continue; // comes after its twin
    order.push(i);
    placed.add(i.index);
    for (const b of job.instances)
      if (b.backup && b.twin === i.index && !placed.has(b.index)) {
        order.push(b);
        placed.add(b.index);
      }
  }
  for (const i of job.instances) if (!placed.has(i.index)) order.push(i);

  const t0 = job.arrivedAt;
  let last = job.finishedAt ?? now;
  for (const i of job.instances) if (i.end !== null && i.end > last) last = i.end;
  const span = Math.max(1, last - t0);
  let t1 = last;
  for (const i of job.instances)
    if (i.expectedEnd !== null && Number.isFinite(i.expectedEnd)) t1 = Math.max(t1, Math.min(i.expectedEnd, last + span));
  // the straggler line stays in view (it is the point of the picture)
  if (job.slowThresholdMs !== null) for (const i of job.instances) t1 = Math.max(t1, i.start + job.slowThresholdMs);
  t1 = Math.max(t1, t0 + 1);

  const mean = job.meanRunMs > 0 ? job.meanRunMs : null;
  const rows = order.slice(0, maxRows).map((i): TimelineRow => {
    const x1 = i.end ?? Math.max(i.start, job.finishedAt ?? now);
    const exp = i.expectedEnd !== null && Number.isFinite(i.expectedEnd) ? i.expectedEnd : null;
    return {
      index: i.index,
      node: i.node,
      rack: i.rack,
      kind: barKind(i),
      backup: i.backup,
      straggler: i.straggler,
      state: i.state,
      x0: i.start,
      x1,
      expected: exp === null ? null : Math.min(exp, t1),
      clipped: exp !== null && exp > t1,
      ratio: mean ? (x1 - i.start) / mean : null,
      threshold: job.slowThresholdMs !== null ? i.start + job.slowThresholdMs : null,
      twin: i.twin,
    };
  });
  return { rows, hidden: Math.max(0, order.length - rows.length), t0, t1 };
}

/**
 * The straggler threshold as a line down the rows: for each row a vertical piece
 * at its start + threshold, joined to the next row's when they are within `join`
 * px (instances launched together share one straight line; a later one, such as a
 * backup, gets its own piece). `x` maps sim ms to pixels, `y` a row index to its
 * top; rows are `h` tall. '' when unknown.
 */
export function thresholdPath(rows: TimelineRow[], x: (t: number) => number, y: (i: number) => number, h: number, join = 6): string {
  let d = '';
  let prevX: number | null = null;
  rows.forEach((r, k) => {
    if (r.threshold === null) {
      prevX = null;
      return;
    }
    const px = round1(x(r.threshold)),
      top = round1(y(k)),
      bot = round1(y(k) + h);
    d += prevX === null || Math.abs(px - prevX) > join ? `M${px},${top}` : `H${px}`;
    d += `V${bot}`;
    prevX = px;
  });
  return d;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export interface HistStats {
  n: number;
  mean: number;
  median: number;
  p90: number;
  /** share of jobs per bin (0–1) */
  shares: number[];
}

/**
 * Statistics of a slowdown histogram. Quantiles interpolate inside the bin on a log
 * scale (bins are log-spaced); the open-ended first and last bins use their edge.
 */
export function histStats(h: Histogram, edges: number[]): HistStats {
  const shares = h.bins.map((c) => (h.n ? c / h.n : 0));
  return { n: h.n, mean: h.n ? h.sum / h.n : NaN, median: quantile(h, edges, 0.5), p90: quantile(h, edges, 0.9), shares };
}

export function quantile(h: Histogram, edges: number[], q: number): number {
  if (!h.n) return NaN;
  const target = q * h.n;
  let acc = 0;
  for (let b = 0; b < h.bins.length; b++) {
    const c = h.bins[b];
    if (c > 0 && acc + c >= target) {
      if (b === 0) return edges[0];
      if (b === edges.length) return edges[edges.length - 1];
      const lo = Math.log(edges[b - 1]),
        hi = Math.log(edges[b]);
      return Math.exp(lo + ((target - acc) / c) * (hi - lo));
    }
    acc += c;
  }
  return edges[edges.length - 1];
}

/** A bin's label: "<0.5", "1–1.26", "≥32". */
export function binLabel(edges: number[], b: number): string {
  if (b === 0) return `<${fmtX(edges[0])}`;
  if (b === edges.length) return `≥${fmtX(edges[edges.length - 1])}`;
  return `${fmtX(edges[b - 1])}–${fmtX(edges[b])}`;
}

/** A factor for reading aloud: 0.63, 1.3, 12. */
export function fmtX(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v >= 10) return String(Math.round(v));
  if (v >= 1) return String(Math.round(v * 10) / 10);
  return String(Math.round(v * 100) / 100);
}

/** A simulated duration as "m:ss" (under an hour) or "h:mm:ss". */
export function fmtSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${p(m)}:${p(sec)}` : `${m}:${p(sec)}`;
}

/** Tick positions (ms after 0) at a round number of minutes, at most `max` of them over `spanMs`. */
export function minuteTicks(spanMs: number, max: number): number[] {
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480, 1440];
  const mins = spanMs / 60_000;
  const step = steps.find((s) => mins / s <= Math.max(1, max)) ?? Math.ceil(mins / Math.max(1, max));
  const out: number[] = [];
  for (let m = 0; m <= mins + 1e-9; m += step) out.push(m * 60_000);
  return out;
}

/** Cores in use as a share (0–1) from a frame's allocation byte. */
export function allocShare(b: number): number {
  return b / 255;
}

/** Slider positions for the straggler threshold (1.5–10, in 0.5 steps). */
export const THRESHOLD_MIN = 1.5,
  THRESHOLD_MAX = 10,
  THRESHOLD_STEP = 0.5;
export function clampThreshold(v: number): number {
  if (!Number.isFinite(v)) return 3;
  return Math.min(THRESHOLD_MAX, Math.max(THRESHOLD_MIN, Math.round(v / THRESHOLD_STEP) * THRESHOLD_STEP));
}
