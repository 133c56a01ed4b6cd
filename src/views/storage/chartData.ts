/** Pure data helpers for the storage and storm charts. */

/** The charts' sample selection lives with the one chart component (src/charts). */
export { chartPoints } from '../../charts/geometry';

/** Largest value of a series from `since` on (0 when empty). */
export function peakSince(t: Float64Array | undefined, v: Float32Array | undefined, since = -Infinity): number {
  if (!t || !v) return 0;
  let m = 0;
  for (let i = 0; i < Math.min(t.length, v.length); i++) if (t[i] >= since && v[i] > m) m = v[i];
  return m;
}

/** A duration in the largest sensible units with one decimal where useful: 95 000 → "1.6 min". */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (ms < 0) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(ms < 600_000 ? 1 : 0)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

/** A compact count: 1234 → "1,234", 1 234 567 → "1.23 M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  return Math.round(n).toLocaleString('en-US');
}

/** A probability as a readable percentage: 0.000012 → "0.0012 %", 0.37 → "37 %". */
export function formatProb(p: number): string {
  if (!(p > 0)) return '0 %';
  if (p >= 0.9995) return '100 %';
  const pct = p * 100;
  if (pct >= 10) return `${Math.round(pct)} %`;
  if (pct >= 1) return `${pct.toFixed(1)} %`;
  return `${Number(pct.toPrecision(2))} %`;
}

/** Gb/s with sensible precision. */
export function formatGbps(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  if (x >= 100) return `${Math.round(x)}`;
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}
