/**
 * Pure geometry of the live line charts (no DOM): which samples to draw, the scales,
 * the SVG paths, the shaded bands and the left margin the tick labels need. One place
 * for every chart on the page (sidebar, ops, storage, storm), tested in Node.
 */
import { scaleLinear, scaleSymlog, type ScaleContinuousNumeric, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

/** Sample indices at or after `since`, the time range, the largest finite value and each line's latest value. */
export function chartPoints(t: ArrayLike<number> | undefined, values: (ArrayLike<number> | undefined)[], since = -Infinity) {
  const n = t?.length ?? 0;
  let first = 0;
  while (first < n && t![first] < since) first++;
  const idx: number[] = [];
  for (let i = first; i < n; i++) idx.push(i);
  let max = 0;
  for (const v of values) if (v) for (const i of idx) if (i < v.length && Number.isFinite(v[i]) && v[i] > max) max = v[i];
  const x0 = idx.length ? t![idx[0]] : Number.isFinite(since) ? since : 0;
  const x1 = idx.length ? t![idx[idx.length - 1]] : x0 + 1;
  const last = values.map((v) => (v && v.length && idx.length ? v[Math.min(v.length, n) - 1] : NaN));
  return { idx, x0, x1, max, last };
}

export interface Margin {
  l: number;
  r: number;
  t: number;
  b: number;
}

export interface GeometryInput {
  t: ArrayLike<number> | undefined;
  values: (ArrayLike<number> | undefined)[];
  width: number;
  height: number;
  /** font size of the tick labels in px (sets the left margin) */
  fontPx: number;
  /** the y axis reaches at least this */
  yMin: number;
  /** a fixed top of the y axis (values above are drawn at the top) */
  yMax?: number;
  /**
   * 'log': a log scale that also holds 0 (symlog, linear between 0 and 1), ticks at 0, 1,
   * 10, 100 …, the top at the next power of ten: a count that spans 5 to 5,000 shows
   * both ends. Default 'linear'.
   */
  scale?: 'linear' | 'log';
  /** draw only samples at or after this simulated time */
  since?: number;
  /** shaded time spans [from, to] in simulated ms */
  bands?: readonly (readonly [number, number])[];
  format: (v: number) => string;
}

export interface Geometry {
  m: Margin;
  x: ScaleLinear<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  paths: string[];
  last: number[];
  ticks: { v: number; y: number; label: string }[];
  x0: number;
  x1: number;
  /** samples drawn */
  n: number;
  shaded: { x: number; w: number }[];
}

/** Left margin wide enough for the longest tick label (about 0.6 em a character). */
export function leftMargin(labels: string[], fontPx: number): number {
  const chars = labels.reduce((a, s) => Math.max(a, s.length), 1);
  return Math.ceil(Math.max(3 * fontPx, chars * fontPx * 0.62 + fontPx * 0.6));
}

export function chartGeometry(g: GeometryInput): Geometry {
  const pts = chartPoints(g.t, g.values, g.since ?? -Infinity);
  const { x0, x1 } = pts;
  const max = g.yMax ?? Math.max(g.yMin, pts.max);
  const { y, tickValues } = g.scale === 'log' ? logAxis(max) : linearAxis(max);
  const labels = tickValues.map((v) => g.format(v));
  const m: Margin = { l: leftMargin(labels, g.fontPx), r: 8, t: Math.ceil(g.fontPx / 2), b: Math.ceil(g.fontPx * 1.5) };
  y.range([g.height - m.b, m.t]);
  const x = scaleLinear()
    .domain([x0, Math.max(x1, x0 + 1)])
    .range([m.l, Math.max(m.l + 10, g.width - m.r)]);
  const top = y.domain()[1];
  const t = g.t;
  const paths = g.values.map((v) => {
    if (!v || !pts.idx.length || !t) return '';
    const idx = pts.idx.filter((i) => i < v.length);
    return (
      line<number>()
        .defined((i) => Number.isFinite(v[i]))
        .x((i) => x(t[i]))
        .y((i) => y(Math.min(v[i], top)))(idx) ?? ''
    );
  });
  const shaded = (g.bands ?? [])
    .map(([a, b]) => [Math.max(a, x0), Math.min(b, x1)] as const)
    .filter(([a, b]) => b > a)
    .map(([a, b]) => ({ x: x(a), w: x(b) - x(a) }));
  const ticks = tickValues.map((v, i) => ({ v, y: y(v), label: labels[i] }));
  return { m, x, y, paths, last: pts.last, ticks, x0, x1, n: pts.idx.length, shaded };
}

function linearAxis(max: number) {
  const y = scaleLinear().domain([0, max]).nice(3);
  return { y: y as ScaleContinuousNumeric<number, number>, tickValues: y.ticks(3) };
}

/**
 * Symlog from 0 to the power of ten at or above `max`, ticked at 0 and every power of ten
 * (10, 100 …; 1 too when the top is at most 100 — higher up, 0 and 1 are too close to label both).
 */
export function logAxis(max: number) {
  let top = 1;
  while (top < max) top *= 10;
  const tickValues = [0];
  for (let v = top <= 100 ? 1 : 10; v <= top; v *= 10) tickValues.push(v);
  return { y: scaleSymlog().constant(1).domain([0, top]) as ScaleContinuousNumeric<number, number>, tickValues };
}

/** A cheap key that changes when anything drawn would (series are sampled every 10 s of simulated time). */
export function geometryKey(g: GeometryInput): string {
  const n = g.t?.length ?? 0;
  const vals = g.values.map((v) => `${v?.length ?? 0}:${v?.length ? v[v.length - 1] : ''}`).join(',');
  const bands = (g.bands ?? []).map((b) => b.join('-')).join(',');
  return `${n}|${n ? g.t![0] : 0}|${n ? g.t![n - 1] : 0}|${g.width}|${g.height}|${g.fontPx}|${g.yMin}|${g.yMax}|${g.scale ?? ''}|${g.since}|${bands}|${vals}`;
}
