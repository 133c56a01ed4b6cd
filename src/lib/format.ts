/** Small number formatters for the page (pure). */

/** Simulated time as `d hh:mm:ss`, e.g. `0d 00:12:34`. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400),
    h = Math.floor((s % 86400) / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d}d ${p(h)}:${p(m)}:${p(sec)}`;
}

/** 3600 → "3,600". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A speed factor: 60 → "60×", 3600 → "3,600×", 0.5 → "0.5×". */
export function formatSpeed(x: number): string {
  if (x >= 10) return `${formatInt(x)}×`;
  return `${Math.round(x * 10) / 10}×`;
}

/** A simulated duration in the largest sensible unit: 1000 → "1 s", 600000 → "10 min" (zh: "10 分钟"). */
export function formatDuration(ms: number, lang: 'en' | 'zh' = 'en'): string {
  const zh = lang === 'zh';
  if (ms < 60_000) return `${Math.round(ms / 1000)} ${zh ? '秒' : 's'}`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} ${zh ? '分钟' : 'min'}`;
  return `${Math.round(ms / 3_600_000)} ${zh ? '小时' : 'h'}`;
}

/** How far one press of "step" advances, growing with the speed so a step is visible. */
export function stepMsFor(speed: number): number {
  if (speed < 60) return 1000;
  if (speed < 600) return 10_000;
  if (speed < 3600) return 60_000;
  if (speed < 36_000) return 600_000;
  return 3_600_000;
}

export const SPEED_PRESETS = [1, 10, 60, 600, 3600, 10_000, 100_000] as const;

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
