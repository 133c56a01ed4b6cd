/**
 * Pure helpers of the operations views (dashboard, log search, deployment): the
 * query box's little language, rack filtering and counts over time, alert grouping,
 * the deployment ledger (per-run figures from the engine's run totals) and number
 * formats. No DOM, no Svelte: unit-tested in tests/page/ops*.test.ts.
 */
import type { AlertsView, DeployStatus, LogQuery, LogQueryResult, MasterView } from '../../../worker/api';
import { DEAD, DEPLOY_STOPPED, DEPLOY_UPGRADED, nodeBelief, nodeTruth, UP } from '../../../worker/contract';

export type AlertRec = AlertsView['firing'][number];
export type LogRec = LogQueryResult['entries'][number];

// ───────────────────────── numbers ─────────────────────────

/** A duration in ms for reading aloud: "0.84 ms", "12 ms", "1.5 s", "23 s", "21 min", "4.4 h". */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  if (a < 10) return `${Math.round(ms * 100) / 100} ms`;
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 10_000) return `${Math.round(ms / 100) / 10} s`;
  if (a < 120_000) return `${Math.round(ms / 1000)} s`;
  if (a < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** A count or a rate, short: 950, 8,000, 46k, 1.2M. */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a < 10 && !Number.isInteger(n)) return String(Math.round(n * 10) / 10);
  if (a < 10_000) return Math.round(n).toLocaleString('en-US');
  if (a < 1_000_000) return `${Math.round(n / 1000)}k`;
  if (a < 1e9) return `${Math.round(n / 100_000) / 10}M`;
  return `${Math.round(n / 1e8) / 10}G`;
}

export function fmtPct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–';
}

// ───────────────────────── alerts ─────────────────────────

export type AlertTarget = { kind: 'node'; node: number; rack: number } | { kind: 'rack'; rack: number } | { kind: 'cluster' };

export function alertTarget(a: Pick<AlertRec, 'scope' | 'target'>, nodesPerRack: number): AlertTarget {
  if (a.scope === 'node') return { kind: 'node', node: a.target, rack: Math.floor(a.target / Math.max(1, nodesPerRack)) };
  if (a.scope === 'rack') return { kind: 'rack', rack: a.target };
  return { kind: 'cluster' };
}

export interface AlertGroup {
  rule: string;
  severity: string;
  /** firing alerts of this rule in the list */
  count: number;
  newest: AlertRec;
  items: AlertRec[];
}

const SEV_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Firing alerts grouped by rule, most severe first, then most recent: 5,000 per-server
 * alerts during a network maintenance read as one line with a count.
 */
export function groupAlerts(list: AlertRec[]): AlertGroup[] {
  const by = new Map<string, AlertGroup>();
  for (const a of list) {
    const g = by.get(a.rule);
    if (!g) by.set(a.rule, { rule: a.rule, severity: a.severity, count: 1, newest: a, items: [a] });
    else {
      g.count++;
      g.items.push(a);
      if (a.firedMs > g.newest.firedMs) g.newest = a;
    }
  }
  return [...by.values()].sort((x, y) => (SEV_ORDER[x.severity] ?? 9) - (SEV_ORDER[y.severity] ?? 9) || y.newest.firedMs - x.newest.firedMs);
}

/** Servers of a rack that are not up (from frame state bytes), for an alert's "servers behind it". */
export function downServersOfRack(nodeState: Uint8Array, nodesPerRack: number, rack: number): number[] {
  const out: number[] = [];
  const i1 = Math.min(nodeState.length, (rack + 1) * nodesPerRack);
  for (let i = rack * nodesPerRack; i < i1; i++) if (nodeTruth(nodeState[i]) !== UP) out.push(i);
  return out;
}

/** Servers believed dead but truly up (frame state bytes): the servers behind a false-death alert. */
export function falselyDeadServers(nodeState: Uint8Array, max = 200): number[] {
  const out: number[] = [];
  for (let i = 0; i < nodeState.length && out.length < max; i++) {
    const s = nodeState[i];
    if (nodeTruth(s) === UP && nodeBelief(s) === DEAD) out.push(i);
  }
  return out;
}

// ───────────────────────── the log query box ─────────────────────────

export const WINDOWS = { '10m': 600_000, '1h': 3_600_000, '6h': 21_600_000, '1d': 86_400_000, all: 0 } as const;
export type WindowKey = keyof typeof WINDOWS;

export interface ParsedQuery {
  /** fields for the engine's searchLog (checked there again) */
  query: LogQuery;
  /** a time window before now, ms (0 = everything retained) */
  windowMs?: number;
  error?: string;
}

const KEYS: Record<string, 'type' | 'result' | 'node' | 'rack' | 'disk' | 'file' | 'user' | 'last'> = {
  type: 'type',
  t: 'type',
  code: 'type',
  类型: 'type',
  result: 'result',
  r: 'result',
  结果: 'result',
  node: 'node',
  server: 'node',
  n: 'node',
  服务器: 'node',
  rack: 'rack',
  机架: 'rack',
  disk: 'disk',
  磁盘: 'disk',
  file: 'file',
  文件: 'file',
  user: 'user',
  u: 'user',
  用户: 'user',
  last: 'last',
  since: 'last',
  最近: 'last',
};

const RESULT_WORDS = ['ok', 'quota', 'throttled', 'busy', 'timeout', 'event'];

/** "10m", "2h", "1d", "90s" → ms; NaN when not a duration. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(s.trim());
  if (!m) return NaN;
  const k = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2].toLowerCase() as 's' | 'm' | 'min' | 'h' | 'd'];
  return Number(m[1]) * k;
}

/**
 * The query box: space-separated `key:value` terms (type: result: server: rack:
 * disk: file: user: last:), plus shorthands — `#123` a server, `R12` a rack, a bare
 * result word (`timeout`), a bare duration (`1h`), anything else an operation type
 * or event code. Several types are OR-ed. The text never leaves this function as
 * anything but plain fields.
 */
export function parseLogQuery(text: string): ParsedQuery {
  const q: LogQuery = {};
  const out: ParsedQuery = { query: q };
  const types: string[] = [];
  const fail = (msg: string): ParsedQuery => ({ query: {}, error: msg });
  const terms = text.trim().split(/\s+/).filter(Boolean);
  if (terms.length > 32) return fail('too many terms (at most 32)');
  for (const raw of terms) {
    const term = raw.slice(0, 80);
    let key: string | undefined, val: string;
    const colon = term.search(/[:：=]/);
    if (colon > 0) {
      key = KEYS[term.slice(0, colon).toLowerCase()];
      val = term.slice(colon + 1);
      if (!key) return fail(`unknown field "${term.slice(0, colon)}" (use type, result, server, rack, disk, file, user, last)`);
      if (!val) return fail(`"${term}" has no value`);
    } else {
      val = term;
      if (/^#\d+$/.test(term)) {
        key = 'node';
        val = term.slice(1);
      } else if (/^r\d+$/i.test(term)) {
        key = 'rack';
        val = term.slice(1);
      } else if (RESULT_WORDS.includes(term.toLowerCase())) key = 'result';
      else if (!Number.isNaN(parseDuration(term))) key = 'last';
      else key = 'type';
    }
    switch (key) {
      case 'type':
        types.push(val);
        break;
      case 'result':
        if (!RESULT_WORDS.includes(val.toLowerCase())) return fail(`result must be one of ${RESULT_WORDS.join(', ')}`);
        q.result = val.toLowerCase() as LogQuery['result'];
        break;
      case 'last': {
        const ms = parseDuration(val);
        if (!(ms > 0)) return fail(`"${val}" is not a duration like 10m, 1h or 1d`);
        out.windowMs = ms;
        break;
      }
      default: {
        const v = val.replace(/^[#rR]/, '');
        if (!/^\d+$/.test(v)) return fail(`${key} must be a whole number, got "${val}"`);
        const n = Number(v);
        (q as Record<string, number>)[key] = n;
      }
    }
  }
  if (types.length === 1) q.type = types[0];
  else if (types.length > 1) q.type = types;
  return out;
}

/**
 * The types a query names that the log does not know (neither an operation type nor
 * an event code), so a typo is named instead of matching nothing in silence.
 */
export function unknownTypes(q: LogQuery, known: Iterable<string>): string[] {
  const k = new Set(known);
  const asked = q.type === undefined ? [] : Array.isArray(q.type) ? q.type : [q.type];
  return asked.filter((t) => !k.has(t));
}

/** The query text's terms plus the filter controls, as one engine query (the text wins). */
export function buildQuery(
  p: ParsedQuery,
  opts: { now: number; window: WindowKey; type?: string; result?: string; limit: number; buckets: number },
): LogQuery {
  const q: LogQuery = { ...p.query, limit: opts.limit, buckets: opts.buckets };
  if (q.type === undefined && opts.type) q.type = opts.type;
  if (q.result === undefined && opts.result) q.result = opts.result as LogQuery['result'];
  const w = p.windowMs ?? WINDOWS[opts.window];
  if (w > 0) q.from = Math.max(0, opts.now - w);
  return q;
}

export interface CountBars {
  /** bucket start times */
  t: number[];
  width: number;
  /** stacked series, largest type first; the rest summed into "other" */
  series: { type: string; counts: number[] }[];
  max: number;
}

/** Counts per bucket (rate × bucket width) of the `top` busiest types, the rest as "other". */
export function countBars(r: Pick<LogQueryResult, 'from' | 'to' | 'qps'>, top = 5): CountBars {
  const t = r.qps.t;
  const nb = t.length;
  const width = nb ? (r.to - r.from) / nb : 1;
  const secs = width / 1000;
  const totals = Object.entries(r.qps.perType).map(([type, v]) => ({
    type,
    counts: v.map((x) => Math.round(x * secs)),
    sum: v.reduce((a, b) => a + b, 0),
  }));
  totals.sort((a, b) => b.sum - a.sum || (a.type < b.type ? -1 : 1));
  const series = totals.slice(0, top).map(({ type, counts }) => ({ type, counts }));
  if (totals.length > top) {
    const other = new Array(nb).fill(0);
    for (const s of totals.slice(top)) s.counts.forEach((c, k) => (other[k] += c));
    series.push({ type: 'other', counts: other });
  }
  let max = 0;
  for (let k = 0; k < nb; k++) {
    let s = 0;
    for (const x of series) s += x.counts[k];
    if (s > max) max = s;
  }
  return { t, width, series, max };
}

// ───────────────────────── master ─────────────────────────

/** The highest p99 among users other than the flooding one (the class's "others unaffected" figure). */
export function othersP99(m: Pick<MasterView, 'users' | 'flood'>, floodUser = m.flood?.user ?? -1): number {
  let max = 0;
  for (const u of m.users) if (u.user !== floodUser && u.p99Ms > max) max = u.p99Ms;
  return max;
}

// ───────────────────────── deployment ─────────────────────────

export interface DeployRun {
  n: number;
  method: string;
  mode: string;
  content: string;
  staged: boolean;
  rollback: boolean;
  startedMs: number;
  done: boolean;
  distributionMs: number;
  serviceDowntimeMs: number;
  meanServerDowntimeMs: number;
  totalMs: number;
  /** false when the view saw the run only part-way (figures include earlier runs' totals) */
  exact: boolean;
}

type Totals = Pick<DeployStatus, 'distributionMs' | 'serviceDowntimeMs' | 'meanServerDowntimeMs' | 'totalMs' | 'deployments'>;
const ZERO: Totals = { distributionMs: 0, serviceDowntimeMs: 0, meanServerDowntimeMs: 0, totalMs: 0, deployments: 0 };

/**
 * Per-deployment figures from the engine's run totals: each run's share is the
 * totals now minus the totals just before it started (taken when this page started
 * it, or from the last status seen before the deployment count went up).
 */
export class DeployLedger {
  runs: DeployRun[] = [];
  private last: Totals | null = null;
  private base: Totals | null = null;
  private baseExact = false;

  /** The page is about to start a deployment: these totals are its baseline (exact: nothing changes them while idle). */
  before(s: Totals): void {
    this.last = { ...s };
  }

  observe(s: DeployStatus): void {
    if (this.runs.length && s.deployments < this.runs[this.runs.length - 1].n) this.reset(); // a new run was loaded
    const cur = this.runs[this.runs.length - 1];
    if (!cur || s.deployments > cur.n) {
      if (s.deployments > 0) {
        const prev = this.last;
        const exact = s.deployments === 1 || (prev !== null && prev.deployments === s.deployments - 1);
        this.base = s.deployments === 1 ? ZERO : prev && prev.deployments === s.deployments - 1 ? prev : (prev ?? ZERO);
        this.baseExact = exact;
        this.runs.push({
          n: s.deployments,
          method: s.method,
          mode: s.mode,
          content: s.content,
          staged: s.staged,
          rollback: s.rollback,
          startedMs: s.startedMs,
          done: false,
          distributionMs: 0,
          serviceDowntimeMs: 0,
          meanServerDowntimeMs: 0,
          totalMs: 0,
          exact,
        });
        if (this.runs.length > 12) this.runs.shift();
      }
    }
    const run = this.runs[this.runs.length - 1];
    if (run && run.n === s.deployments && this.base) {
      const b = this.base;
      run.distributionMs = s.distributionMs - b.distributionMs;
      run.serviceDowntimeMs = s.serviceDowntimeMs - b.serviceDowntimeMs;
      run.meanServerDowntimeMs = s.meanServerDowntimeMs - b.meanServerDowntimeMs;
      run.totalMs = s.totalMs - b.totalMs;
      run.done = s.phase === 'idle';
      run.exact = this.baseExact;
    }
    this.last = {
      distributionMs: s.distributionMs,
      serviceDowntimeMs: s.serviceDowntimeMs,
      meanServerDowntimeMs: s.meanServerDowntimeMs,
      totalMs: s.totalMs,
      deployments: s.deployments,
    };
  }

  reset(): void {
    this.runs = [];
    this.last = null;
    this.base = null;
  }

  /** The latest run of a method (any mode), for the side-by-side comparison. */
  latest(method: string, mode = 'cold'): DeployRun | undefined {
    for (let i = this.runs.length - 1; i >= 0; i--)
      if (this.runs[i].method === method && this.runs[i].mode === mode && !this.runs[i].rollback) return this.runs[i];
    return undefined;
  }
}

/**
 * What the two presets produce at default scale (docs/performance.md, `npm run sim`
 * with deploy-cold-single / deploy-p2p), and what the articles report.
 */
export const DEPLOY_REFERENCE = {
  single: { distributionMs: 222 * 60_000, serviceDowntimeMs: 266 * 60_000, published: '4–5 h' },
  p2p: { distributionMs: 49_000, serviceDowntimeMs: 21 * 60_000, published: '20–30 min' },
} as const;

/**
 * The three ways at the defaults (5,000 servers; `npm run sim`, docs/performance.md
 * "Fidelity"): copy time, service stop and what filled it, ms — shown until the class
 * runs a way itself. Keys are DeployStatus.way.
 */
export const DEPLOY_WAYS_REFERENCE = {
  old: {
    distributionMs: 13_349_000,
    serviceDowntimeMs: 15_989_000,
    published: '4–5 h',
    fill: { stopping: 120_000, copying: 13_349_000, installing: 1_500_000, switching: 0, masterLoad: 900_000, starting: 120_000 },
  },
  staged: {
    distributionMs: 13_349_000,
    serviceDowntimeMs: 1_266_000,
    published: '',
    fill: { stopping: 120_000, copying: 0, installing: 0, switching: 126_000, masterLoad: 900_000, starting: 120_000 },
  },
  p2p: {
    distributionMs: 49_000,
    serviceDowntimeMs: 1_266_000,
    published: '20–30 min',
    fill: { stopping: 120_000, copying: 0, installing: 0, switching: 126_000, masterLoad: 900_000, starting: 120_000 },
  },
} as const;

/** Phase spans of the current (or last) deployment, from frames (t, phase), for the timeline bars. */
export class PhaseTrack {
  spans: { phase: string; from: number; to: number }[] = [];
  private lastT = -1;
  private prev = 'idle';

  push(t: number, phase: string): void {
    if (t < this.lastT) {
      this.spans = [];
      this.prev = 'idle';
    }
    this.lastT = t;
    const cur = this.spans[this.spans.length - 1];
    if (phase !== this.prev) {
      if (cur && this.prev !== 'idle') cur.to = t;
      if (this.prev === 'idle' && phase !== 'idle') this.spans = []; // a new deployment
      if (phase !== 'idle') this.spans.push({ phase, from: t, to: t });
      if (this.spans.length > 400) this.spans.splice(0, this.spans.length - 400);
    } else if (cur && phase !== 'idle') cur.to = t;
    this.prev = phase;
  }

  get active(): boolean {
    return this.prev !== 'idle';
  }
}

/** Frame-derived deployment figures per rack: mean transfer share, racks with servers stopped, racks all upgraded. */
export function rackDeploySummary(transfer: Float32Array, flags: Uint8Array): { transfer: number; stoppedRacks: number; upgradedRacks: number } {
  let s = 0,
    st = 0,
    up = 0;
  for (let r = 0; r < transfer.length; r++) {
    s += transfer[r];
    if (flags[r] & DEPLOY_STOPPED) st++;
    if (flags[r] & DEPLOY_UPGRADED) up++;
  }
  return { transfer: transfer.length ? s / transfer.length : 0, stoppedRacks: st, upgradedRacks: up };
}

/** Grid of `n` cells in `cols` columns fitted into w × h (for the rack transfer grid). */
export function gridLayout(n: number, w: number, h: number, gap = 2): { cols: number; rows: number; cell: number; gap: number } {
  let best = { cols: 1, rows: n, cell: 0, gap };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const cell = Math.floor(Math.min((w - gap * (cols - 1)) / cols, (h - gap * (rows - 1)) / rows));
    if (cell > best.cell) best = { cols, rows, cell, gap };
  }
  return best;
}
