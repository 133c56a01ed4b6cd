/**
 * Read-only views of operations for the page (worker API): alerts, the log search,
 * the master's queue and the deployment. Fresh plain objects; arguments checked.
 */
import type { Engine } from '../engine';
import type { AlertRecord } from './monitoring';
import { RESULTS, type LogQuery, type LogQueryResult, type Result } from './auditLog';
import type { DeployStatus } from './deploy';
import { OP_NAMES } from '../master/opTypes';

const DAY = 86_400_000;

export interface AlertsView {
  t: number;
  firing: AlertRecord[];
  /** the most recent alerts, fired or resolved, newest first */
  recent: AlertRecord[];
  rules: { rule: string; doc: string; scope: string; severity: string; owner: string; fired: number; autoHandled: number; firingNow: number }[];
  perDay: { day: number; byRule: Record<string, number>; byOwner: Record<string, number> }[];
  fired: number;
  meanDelayMs: number;
  maxDelayMs: number;
  /** current cluster metrics (AliMonitor's view) */
  metrics: Record<string, number>;
}

export function alertsView(e: Engine, recent = 50): AlertsView {
  const m = e.ops.monitoring;
  const n = Math.max(0, Math.min(500, Math.floor(recent)));
  const copy = (a: AlertRecord) => ({ ...a });
  return {
    t: e.now,
    firing: m.firing(200).map(copy),
    recent: m.history.slice(-n).reverse().map(copy),
    rules: m.countsByRule(),
    perDay: m.perDay(),
    fired: m.fired,
    meanDelayMs: m.fired ? m.delaySum / m.fired : 0,
    maxDelayMs: m.maxDelay,
    metrics: m.sampleMetrics().cluster,
  };
}

/** Checks an untrusted query (from the page) and runs it. */
export function searchLog(e: Engine, q: Record<string, unknown>): LogQueryResult {
  const out: LogQuery = {};
  const num = (k: string, min: number, max: number, int = true) => {
    const v = q[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || (int && !Number.isInteger(v)) || v < min || v > max)
      throw new RangeError(`searchLog: ${k}=${String(v).slice(0, 30)} must be a ${int ? 'whole ' : ''}number from ${min} to ${max}`);
    return v;
  };
  for (const k of Object.keys(q))
    if (!['from', 'to', 'type', 'result', 'node', 'rack', 'disk', 'file', 'user', 'limit', 'buckets'].includes(k))
      throw new RangeError(`searchLog: unknown field "${k.slice(0, 30)}"`);
  out.from = num('from', 0, 1e13, false);
  out.to = num('to', 0, 1e13, false);
  out.node = num('node', 0, e.topo.nodes - 1);
  out.rack = num('rack', 0, e.topo.racks - 1);
  out.disk = num('disk', 0, e.topo.disks - 1);
  out.file = num('file', 0, 1e12);
  out.user = num('user', 0, e.ops.master.users - 1);
  out.limit = num('limit', 0, 1000);
  out.buckets = num('buckets', 1, 600);
  if (q.type !== undefined) {
    const t = q.type;
    if (typeof t === 'string' && t.length <= 60) out.type = t;
    else if (Array.isArray(t) && t.length <= 64 && t.every((x) => typeof x === 'string' && x.length <= 60)) out.type = t as string[];
    else throw new RangeError('searchLog: type must be an operation type or event code, or a list of them');
  }
  if (q.result !== undefined) {
    if (typeof q.result !== 'string' || !(RESULTS as readonly string[]).includes(q.result))
      throw new RangeError(`searchLog: result must be one of ${RESULTS.join(', ')}`);
    out.result = q.result as Result;
  }
  return e.ops.audit.query(out);
}

/** Types the log knows (operation types first, then event codes seen so far). */
export function logTypes(e: Engine): string[] {
  return [...e.ops.audit.types];
}

/** Per day: counts per type, and crash-type events by server, most first (SLS's daily report). */
export function dailyReport(
  e: Engine,
  day?: number,
): { day: number; counts: Record<string, number>; crashes: { node: number; rack: number; count: number }[] } {
  const d = day ?? Math.floor(e.now / DAY);
  if (!Number.isInteger(d) || d < 0) throw new RangeError(`dailyReport: day must be a whole number ≥ 0, got ${d}`);
  return { day: d, counts: e.ops.audit.dayCounts(d) ?? {}, crashes: e.ops.audit.crashesByServer(d) };
}

export interface MasterView {
  t: number;
  files: number;
  latencyMs: number;
  p99Ms: number;
  qps: number;
  rejectedQps: number;
  utilization: number;
  backlogMs: number;
  slowdown: number;
  protection: boolean;
  flood: { user: number; left: number; created: number } | null;
  /** per user: p99 over the last `p99WindowMs` (what the panel shows) and over the whole run */
  users: { user: number; files: number; p99Ms: number; p99RunMs: number; completed: number }[];
  p99WindowMs: number;
  /** whole-run p99 per operation type */
  p99ByType: Record<string, number>;
}

export function masterView(e: Engine): MasterView {
  const m = e.ops.master;
  const users = Array.from({ length: m.users }, (_, u) => ({
    user: u,
    files: Math.round(m.userFiles[u]),
    p99Ms: m.recentPercentile(0.99, u),
    p99RunMs: m.percentile(0.99, u),
    completed: m.completedByUser(u),
  }));
  const p99ByType: Record<string, number> = {};
  OP_NAMES.forEach((n, t) => (p99ByType[n] = m.percentile(0.99, -1, t)));
  return {
    p99WindowMs: e.sim.params['master.p99WindowMs'],
    t: e.now,
    files: Math.round(m.files),
    latencyMs: m.latencyMs,
    p99Ms: m.p99Ms,
    qps: m.qps,
    rejectedQps: m.rejectedQps,
    utilization: m.utilization,
    backlogMs: m.backlog / e.sim.params['master.threads'],
    slowdown: m.slowdown,
    protection: e.sim.params['master.protection'],
    flood: m.floodUser >= 0 ? { user: m.floodUser, left: m.floodLeft, created: m.floodCreated } : null,
    users,
    p99ByType,
  };
}

export function deployView(e: Engine): DeployStatus {
  return e.ops.deploy.status();
}
