/**
 * Export → files, the pure part (no DOM; tested in Node): the CSV of the charted
 * series, the scenario file's text and the file names. The picture of the view is
 * drawn by ./snapshot.ts; the menu is src/views/ExportMenu.svelte.
 */
import type { ExportChart } from '../charts/exportRegistry';
import { scenarioToJSON, type Scenario } from '../../worker/scenario/schema';
import { formatClock } from './format';

/** A file-name-safe form of a scenario name: letters and digits of any script, '-' between words. */
export function slug(name: string, fallback = 'scenario'): string {
  const s = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || fallback;
}

/** Simulated time for a file name: 93 784 000 ms → "1d02h03m04s". */
export function clockForFile(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 86400)}d${p(Math.floor((s % 86400) / 3600))}h${p(Math.floor((s % 3600) / 60))}m${p(s % 60)}s`;
}

/** e.g. "feitian-rack-drill-racks-0d01h40m00s.png": the scenario, the view and the simulated time. */
export function exportFilename(o: { scenario: string; t: number; view?: string; ext: string }): string {
  const view = o.view ? `-${slug(o.view, 'view')}` : '';
  return `feitian-${slug(o.scenario)}${view}-${clockForFile(o.t)}.${o.ext}`;
}

/** One CSV field (RFC 4180 quoting). */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A sample as text: float32 noise trimmed (0.30000001 → 0.3), empty when missing or not finite. */
export function csvNumber(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(7)));
}

/**
 * The charted series as one wide CSV: a row per sample time (the union over all
 * charts, in order), `t_ms` and `sim_time` first, then a column per chart line
 * named "chart / line". A series shown twice (same name, same samples) is written
 * once; samples before a chart's `since` are left out, as on screen.
 */
export function buildCsv(charts: ExportChart[]): string {
  type Col = { name: string; t: ArrayLike<number>; v: ArrayLike<number>; since: number };
  const cols: Col[] = [];
  const names = new Map<string, number>();
  for (const c of charts) {
    if (!c.t) continue;
    for (const l of c.lines) {
      if (!l.values) continue;
      const base = `${c.title} / ${l.label}`;
      const since = c.since ?? -Infinity;
      if (cols.some((x) => x.v === l.values && x.t === c.t && x.since === since && x.name === base)) continue;
      const k = (names.get(base) ?? 0) + 1;
      names.set(base, k);
      cols.push({ name: k > 1 ? `${base} (${k})` : base, t: c.t, v: l.values, since });
    }
  }
  const times = new Set<number>();
  for (const c of cols) for (let i = 0; i < Math.min(c.t.length, c.v.length); i++) if (c.t[i] >= c.since) times.add(c.t[i]);
  const sorted = [...times].sort((a, b) => a - b);
  const row = new Map(sorted.map((t, i) => [t, i]));
  const grid: string[][] = sorted.map(() => cols.map(() => ''));
  cols.forEach((c, j) => {
    for (let i = 0; i < Math.min(c.t.length, c.v.length); i++) if (c.t[i] >= c.since) grid[row.get(c.t[i])!][j] = csvNumber(c.v[i]);
  });
  const head = ['t_ms', 'sim_time', ...cols.map((c) => c.name)].map(csvCell).join(',');
  return [head, ...sorted.map((t, i) => [String(t), formatClock(t), ...grid[i]].join(','))].join('\n') + '\n';
}

/** The scenario file (docs/scenario.md): canonical key order, indented for people. */
export function scenarioFileText(s: Scenario): string {
  return JSON.stringify(JSON.parse(scenarioToJSON(s)), null, 2) + '\n';
}
