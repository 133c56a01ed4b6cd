/**
 * O2, the audit log and its search (SLS): every master operation and every engine
 * event, with type, target, result and latencies, searchable by time range,
 * operation type, server, disk, file id and result, with counts and QPS per type;
 * daily counts of crash-type events by server.
 *
 * At 5,000 servers and thousands of master operations a second, run at thousands of
 * times real time, one object per operation is out of the question. So:
 *   - exact counts per (time bucket × type × result) in a ring of typed-array rows,
 *     with latency sums per bucket and master operation type; whole-run and daily
 *     totals are kept as buckets roll off;
 *   - individual entries, as columns in a bounded ring: every engine event, every
 *     error or slow operation (up to a cap per tick, the rest only counted) and a
 *     sample of successful ones.
 * Counts are exact; a query that filters by server, rack, disk, file or user can only
 * look at individual entries, and says so (`exact: false`).
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { LogEntry } from '../log';
import { markDirty, markRange, marksOf, tracked, type DirtyBlocks, type Typed } from '../core/dirty';

export const RESULTS = ['ok', 'quota', 'throttled', 'busy', 'timeout', 'event'] as const;
export type Result = (typeof RESULTS)[number];
export const R_OK = 0,
  R_QUOTA = 1,
  R_THROTTLED = 2,
  R_BUSY = 3,
  R_TIMEOUT = 4,
  R_EVENT = 5;
const NRES = RESULTS.length;
/** types the log can tell apart; more share the last one ("other") */
export const MAX_TYPES = 256;
/** (type × result) columns of a count row; the last is the overflow column */
export const MAX_SLOTS = 96;
/** master operation types come first: their latency is kept per bucket */
export const MASTER_TYPES = 4;
const DAY = 86_400_000;

/** Events that count as a crash of their server, for the daily per-server report (SLS: segfault, OOM, cgroup). */
const CRASH_CODE = /^(node\.(failed|crash|powerCycleFailed)|disk\.(failed|fail)|.*\.(oom|segfault|cgroupKill))$/;

export interface LogQuery {
  /** simulated ms, inclusive; default: the oldest retained */
  from?: number;
  /** simulated ms, exclusive; default: now */
  to?: number;
  /** operation types or event codes (`master.create`, `node.failed`, …); default all */
  type?: string | string[];
  result?: Result;
  node?: number;
  /** the rack of the entry's server or of the event */
  rack?: number;
  disk?: number;
  file?: number;
  user?: number;
  /** most entries returned, newest first (default 100, at most 1000) */
  limit?: number;
  /** time buckets of the QPS series (default 60, at most 600) */
  buckets?: number;
}

export interface LogRecord {
  t: number;
  type: string;
  result: Result;
  node: number;
  rack: number;
  disk: number;
  file: number;
  user: number;
  waitMs: number;
  execMs: number;
  v: number;
}

export interface LogQueryResult {
  from: number;
  to: number;
  /** false when counts come from the individual entries (targeted filters) rather than the exact buckets */
  exact: boolean;
  total: number;
  /** count per type over the range */
  counts: Record<string, number>;
  /** count per result over the range */
  byResult: Record<string, number>;
  /** mean master latency (wait + execution) per master operation type over the range, ms */
  meanLatencyMs: Record<string, number>;
  /** operations per second per type over `buckets` equal slices of the range */
  qps: { t: number[]; perType: Record<string, number[]> };
  /** matching individual entries, newest first */
  entries: LogRecord[];
  /** individual entries that matched (before the limit) */
  matched: number;
  /** the oldest time the count buckets still cover */
  retainedFrom: number;
}

/** Individual entries as columns of a bounded ring, oldest rolling off. */
export class EntryRing {
  seq = 0;
  readonly t: Float64Array;
  readonly type: Uint16Array;
  readonly res: Uint8Array;
  readonly user: Uint8Array;
  readonly node: Int32Array;
  readonly rack: Int32Array;
  readonly disk: Int32Array;
  readonly file: Float64Array;
  readonly wait: Float32Array;
  readonly exec: Float32Array;
  readonly v: Float32Array;
  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.type = new Uint16Array(capacity);
    this.res = new Uint8Array(capacity);
    this.user = new Uint8Array(capacity);
    this.node = new Int32Array(capacity);
    this.rack = new Int32Array(capacity);
    this.disk = new Int32Array(capacity);
    this.file = new Float64Array(capacity);
    this.wait = new Float32Array(capacity);
    this.exec = new Float32Array(capacity);
    this.v = new Float32Array(capacity);
    for (const a of this.arrays()) tracked(a as Typed); // dirty-tracked for checkpoints (core/dirty.ts): add() marks
    this.#marks = this.arrays().map((a) => marksOf(a));
  }
  /** the arrays' dirty marks (bookkeeping, not state: a private field is neither walked by a capture nor hashed) */
  readonly #marks: DirtyBlocks[];
  add(
    t: number,
    type: number,
    res: number,
    node: number,
    rack: number,
    disk: number,
    file: number,
    user: number,
    wait: number,
    exec: number,
    v: number,
  ): void {
    const i = this.seq % this.capacity;
    this.t[i] = t;
    this.type[i] = type;
    this.res[i] = res;
    this.user[i] = user;
    this.node[i] = node;
    this.rack[i] = rack;
    this.disk[i] = disk;
    this.file[i] = file;
    this.wait[i] = wait;
    this.exec[i] = exec;
    this.v[i] = v;
    for (const m of this.#marks) m.mark(i);
    this.seq++;
  }
  /** position of sequence number s in the arrays, or −1 when it rolled off */
  at(s: number): number {
    return s < 0 || s >= this.seq || s < this.seq - this.capacity ? -1 : s % this.capacity;
  }
  get oldest(): number {
    return Math.max(0, this.seq - this.capacity);
  }
  arrays(): ArrayBufferView[] {
    return [this.t, this.type, this.res, this.user, this.node, this.rack, this.disk, this.file, this.wait, this.exec, this.v];
  }
  hashView(): ArrayBufferView[] {
    return [this.t, this.type, this.res, this.node, this.file];
  }
}

export class AuditLog {
  readonly types: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  /** slot of (type × result), −1 none yet */
  private readonly slotOf = new Int16Array(MAX_TYPES * NRES).fill(-1);
  private readonly slotType = new Int16Array(MAX_SLOTS).fill(-1);
  private readonly slotResult = new Int8Array(MAX_SLOTS);
  private slots = 0;

  readonly bucketMs: number;
  readonly nBuckets: number;
  /** bucket number held by each ring row, −1 empty */
  private readonly bucketId: Float64Array;
  readonly counts: Uint32Array;
  /** per bucket and master type: summed latency (ms) of completed operations and their count */
  private readonly latSum: Float32Array;
  private readonly latN: Uint32Array;
  /** whole-run totals per slot, never roll off */
  readonly totals: Float64Array;
  private readonly masterLatSum = new Float64Array(MASTER_TYPES);
  private readonly masterLatN = new Float64Array(MASTER_TYPES);
  /** daily totals per slot, ring of `ops.logDays` days */
  readonly nDays: number;
  private readonly dayId: Float64Array;
  private readonly daily: Float64Array;
  /** daily crash-type events per server */
  private readonly crashDaily: Uint16Array;

  /** individual entries: master operations (sampled, errors, slow ones) and engine events, in two rings */
  readonly opsRing: EntryRing;
  readonly eventRing: EntryRing;
  /** entries dropped by the per-tick cap (still counted) */
  unlogged = 0;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
  ) {
    const p = sim.params;
    this.bucketMs = p['ops.logBucketMs'];
    this.nBuckets = p['ops.logBuckets'];
    this.bucketId = new Float64Array(this.nBuckets).fill(-1);
    this.counts = tracked(new Uint32Array(this.nBuckets * MAX_SLOTS)); // dirty-tracked for checkpoints (core/dirty.ts): row() and count() mark
    this.latSum = new Float32Array(this.nBuckets * MASTER_TYPES);
    this.latN = new Uint32Array(this.nBuckets * MASTER_TYPES);
    this.totals = new Float64Array(MAX_SLOTS);
    this.nDays = p['ops.logDays'];
    this.dayId = new Float64Array(this.nDays).fill(-1);
    this.daily = new Float64Array(this.nDays * MAX_SLOTS);
    this.crashDaily = tracked(new Uint16Array(this.nDays * topo.nodes)); // dirty-tracked for checkpoints (core/dirty.ts): dayRow() and onEvent() mark
    this.opsRing = new EntryRing(p['ops.logEntries']);
    this.eventRing = new EntryRing(p['ops.logEventEntries']);
    for (const [k, a] of Object.entries({
      bucketId: this.bucketId,
      counts: this.counts,
      latSum: this.latSum,
      latN: this.latN,
      totals: this.totals,
      dayId: this.dayId,
      daily: this.daily,
      crashDaily: this.crashDaily,
    }))
      sim.track('audit.' + k, () => a);
    for (const [name, ring] of [
      ['ops', this.opsRing],
      ['events', this.eventRing],
    ] as const)
      ring.hashView().forEach((a, k) => sim.track(`audit.${name}.${k}`, () => a));
    sim.trackScalar('audit.opsSeq', () => this.opsRing.seq);
    sim.trackScalar('audit.eventSeq', () => this.eventRing.seq);
    sim.trackScalar('audit.unlogged', () => this.unlogged);
    for (const t of ['master.create', 'master.open', 'master.delete', 'master.lookup']) this.typeId(t);
    sim.log.taps.push((e) => this.onEvent(e));
  }

  /** Interns a type name (operation type or event code). */
  typeId(name: string): number {
    let id = this.typeIndex.get(name);
    if (id === undefined) {
      id = this.types.length < MAX_TYPES ? this.types.length : MAX_TYPES - 1;
      if (this.types.length < MAX_TYPES) this.types.push(name);
      this.typeIndex.set(name, id);
    }
    return id;
  }

  private slot(type: number, result: number): number {
    const k = type * NRES + result;
    let s = this.slotOf[k];
    if (s < 0) {
      s = this.slots < MAX_SLOTS - 1 ? this.slots++ : MAX_SLOTS - 1;
      if (s < MAX_SLOTS - 1) {
        this.slotType[s] = type;
        this.slotResult[s] = result;
      }
      this.slotOf[k] = s;
    }
    return s;
  }

  /** The ring row for time t, cleared if it held an older bucket. */
  private row(t: number): number {
    const b = Math.floor(t / this.bucketMs);
    const r = b % this.nBuckets;
    if (this.bucketId[r] !== b) {
      this.bucketId[r] = b;
      this.counts.fill(0, r * MAX_SLOTS, (r + 1) * MAX_SLOTS);
      markRange(this.counts, r * MAX_SLOTS, (r + 1) * MAX_SLOTS);
      this.latSum.fill(0, r * MASTER_TYPES, (r + 1) * MASTER_TYPES);
      this.latN.fill(0, r * MASTER_TYPES, (r + 1) * MASTER_TYPES);
    }
    return r;
  }

  private dayRow(t: number): number {
    const d = Math.floor(t / DAY);
    const r = d % this.nDays;
    if (this.dayId[r] !== d) {
      this.dayId[r] = d;
      this.daily.fill(0, r * MAX_SLOTS, (r + 1) * MAX_SLOTS);
      this.crashDaily.fill(0, r * this.topo.nodes, (r + 1) * this.topo.nodes);
      markRange(this.crashDaily, r * this.topo.nodes, (r + 1) * this.topo.nodes);
    }
    return r;
  }

  /** Counts `n` operations of one type and result at time t (exact aggregate). `latMs` is their summed latency when completed. */
  count(t: number, type: number, result: number, n: number, latMs = 0): void {
    if (n <= 0) return;
    const s = this.slot(type, result);
    const at = this.row(t) * MAX_SLOTS + s;
    this.counts[at] += n;
    markDirty(this.counts, at);
    this.totals[s] += n;
    this.daily[this.dayRow(t) * MAX_SLOTS + s] += n;
    if (type < MASTER_TYPES && (result === R_OK || result === R_TIMEOUT)) {
      const k = this.row(t) * MASTER_TYPES + type;
      this.latSum[k] += latMs;
      this.latN[k] += n;
      this.masterLatSum[type] += latMs;
      this.masterLatN[type] += n;
    }
  }

  /** Keeps one individual master-operation entry (already counted). */
  entry(t: number, type: number, result: number, node: number, disk: number, file: number, user: number, waitMs: number, execMs: number): void {
    this.opsRing.add(t, type, result, node, node >= 0 ? this.topo.rackOf[node] : -1, disk, file, user, waitMs, execMs, 0);
  }

  /** Every engine event: counted and kept individually. */
  private onEvent(e: LogEntry): void {
    const type = this.typeId(e.code);
    this.count(e.t, type, R_EVENT, 1);
    const node = e.node ?? -1;
    const rack = e.rack ?? (node >= 0 ? this.topo.rackOf[node] : -1);
    this.eventRing.add(e.t, type, R_EVENT, node, rack, e.disk ?? -1, -1, 255, 0, 0, e.v ?? 0);
    if (node >= 0 && CRASH_CODE.test(e.code)) {
      const k = this.dayRow(e.t) * this.topo.nodes + node;
      if (this.crashDaily[k] < 65535) {
        this.crashDaily[k]++;
        markDirty(this.crashDaily, k);
      }
    }
  }

  /** individual entries ever kept (both rings) */
  get entries(): number {
    return this.opsRing.seq + this.eventRing.seq;
  }

  /** Whole-run count of one type (all results, or one). */
  total(type: string, result?: Result): number {
    const id = this.typeIndex.get(type);
    if (id === undefined) return 0;
    let n = 0;
    for (let r = 0; r < NRES; r++) {
      if (result !== undefined && RESULTS[r] !== result) continue;
      const s = this.slotOf[id * NRES + r];
      if (s >= 0 && s < MAX_SLOTS - 1) n += this.totals[s];
    }
    return n;
  }

  /** Mean latency over the whole run per master operation type, ms. */
  meanLatency(type: number): number {
    return this.masterLatN[type] > 0 ? this.masterLatSum[type] / this.masterLatN[type] : 0;
  }

  /** Counts per type for one day (day 0 = the first 24 h), if still kept. */
  dayCounts(day: number): Record<string, number> | null {
    const r = day % this.nDays;
    if (this.dayId[r] !== day) return null;
    const out: Record<string, number> = {};
    for (let s = 0; s < this.slots; s++) {
      const v = this.daily[r * MAX_SLOTS + s];
      if (v) out[this.types[this.slotType[s]]] = (out[this.types[this.slotType[s]]] ?? 0) + v;
    }
    return out;
  }

  /** Crash-type events per server on one day, most first (SLS's daily segfault / OOM / cgroup count). */
  crashesByServer(day: number, max = 50): { node: number; rack: number; count: number }[] {
    const r = day % this.nDays;
    if (this.dayId[r] !== day) return [];
    const n = this.topo.nodes;
    const out: { node: number; rack: number; count: number }[] = [];
    for (let i = 0; i < n; i++) {
      const c = this.crashDaily[r * n + i];
      if (c) out.push({ node: i, rack: this.topo.rackOf[i], count: c });
    }
    out.sort((a, b) => b.count - a.count || a.node - b.node);
    return out.slice(0, max);
  }

  /** The search: counts and QPS per type over a time range, and the matching individual entries. */
  query(q: LogQuery = {}): LogQueryResult {
    const now = this.sim.now;
    const newest = Math.floor(now / this.bucketMs);
    const retainedFrom = Math.max(0, (newest - this.nBuckets + 1) * this.bucketMs);
    const from = Math.max(0, q.from ?? retainedFrom);
    const to = Math.max(from + 1, Math.min(q.to ?? now + 1, now + 1));
    const limit = Math.max(0, Math.min(1000, Math.floor(q.limit ?? 100)));
    const nb = Math.max(1, Math.min(600, Math.floor(q.buckets ?? 60)));
    const typeList = q.type === undefined ? null : Array.isArray(q.type) ? q.type : [q.type];
    const typeMask = new Uint8Array(MAX_TYPES);
    if (typeList)
      for (const t of typeList) {
        const id = this.typeIndex.get(t);
        if (id !== undefined) typeMask[id] = 1;
      }
    const wantType = (id: number) => typeList === null || typeMask[id] === 1;
    const resId = q.result === undefined ? -1 : RESULTS.indexOf(q.result);
    if (q.result !== undefined && resId < 0) throw new RangeError(`searchLog: unknown result ${String(q.result)} (one of ${RESULTS.join(', ')})`);
    const targeted = q.node !== undefined || q.rack !== undefined || q.disk !== undefined || q.file !== undefined || q.user !== undefined;

    const counts: Record<string, number> = {};
    const byResult: Record<string, number> = {};
    const width = (to - from) / nb;
    const qpsT: number[] = [];
    for (let k = 0; k < nb; k++) qpsT.push(from + k * width);
    const perType: Record<string, number[]> = {};
    const addQps = (type: string, t: number, n: number) => {
      const k = Math.min(nb - 1, Math.max(0, Math.floor((t - from) / width)));
      (perType[type] ??= new Array(nb).fill(0))[k] += n;
    };
    const latS = new Float64Array(MASTER_TYPES),
      latC = new Float64Array(MASTER_TYPES);
    let total = 0;

    if (!targeted) {
      // exact: the count buckets
      const b0 = Math.floor(from / this.bucketMs),
        b1 = Math.floor((to - 1) / this.bucketMs);
      for (let b = Math.max(b0, newest - this.nBuckets + 1); b <= b1; b++) {
        const r = b % this.nBuckets;
        if (this.bucketId[r] !== b) continue;
        const tMid = Math.min(to - 1, Math.max(from, (b + 0.5) * this.bucketMs));
        for (let s = 0; s < this.slots; s++) {
          const n = this.counts[r * MAX_SLOTS + s];
          if (!n) continue;
          const ty = this.slotType[s],
            res = this.slotResult[s];
          if (!wantType(ty) || (resId >= 0 && res !== resId)) continue;
          const name = this.types[ty];
          counts[name] = (counts[name] ?? 0) + n;
          byResult[RESULTS[res]] = (byResult[RESULTS[res]] ?? 0) + n;
          total += n;
          addQps(name, tMid, n);
        }
        for (let ty = 0; ty < MASTER_TYPES; ty++)
          if (wantType(ty)) {
            latS[ty] += this.latSum[r * MASTER_TYPES + ty];
            latC[ty] += this.latN[r * MASTER_TYPES + ty];
          }
      }
    }

    // individual entries, newest first, merged from both rings (each in time order)
    const entries: LogRecord[] = [];
    let matched = 0;
    const rings = [this.opsRing, this.eventRing];
    const cur = rings.map((r) => r.seq - 1);
    for (;;) {
      // the ring whose next entry is newer goes first
      let which = -1,
        tBest = -Infinity;
      for (let k = 0; k < 2; k++) {
        const i = rings[k].at(cur[k]);
        if (i >= 0 && rings[k].t[i] >= from && rings[k].t[i] > tBest) {
          tBest = rings[k].t[i];
          which = k;
        }
      }
      if (which < 0) break;
      const ring = rings[which];
      const i = ring.at(cur[which]--);
      const t = ring.t[i];
      if (t >= to) continue;
      const ty = ring.type[i];
      if (!wantType(ty) || (resId >= 0 && ring.res[i] !== resId)) continue;
      if (q.node !== undefined && ring.node[i] !== q.node) continue;
      if (q.rack !== undefined && ring.rack[i] !== q.rack) continue;
      if (q.disk !== undefined && ring.disk[i] !== q.disk) continue;
      if (q.file !== undefined && ring.file[i] !== q.file) continue;
      if (q.user !== undefined && ring.user[i] !== q.user) continue;
      matched++;
      if (targeted) {
        const name = this.types[ty];
        counts[name] = (counts[name] ?? 0) + 1;
        byResult[RESULTS[ring.res[i]]] = (byResult[RESULTS[ring.res[i]]] ?? 0) + 1;
        total++;
        addQps(name, t, 1);
        if (ty < MASTER_TYPES) {
          latS[ty] += ring.wait[i] + ring.exec[i];
          latC[ty]++;
        }
      }
      if (entries.length < limit) entries.push(record(this.types, ring, i));
    }
    const meanLatencyMs: Record<string, number> = {};
    for (let ty = 0; ty < MASTER_TYPES; ty++) if (latC[ty] > 0) meanLatencyMs[this.types[ty]] = latS[ty] / latC[ty];
    const secs = width / 1000;
    for (const k of Object.keys(perType)) perType[k] = perType[k].map((n) => n / secs);
    return { from, to, exact: !targeted, total, counts, byResult, meanLatencyMs, qps: { t: qpsT, perType }, entries, matched, retainedFrom };
  }

  /** Bytes held by the log's arrays (for the benchmark). */
  bytes(): number {
    const arrs: ArrayBufferView[] = [
      this.bucketId,
      this.counts,
      this.latSum,
      this.latN,
      this.totals,
      this.dayId,
      this.daily,
      this.crashDaily,
      ...this.opsRing.arrays(),
      ...this.eventRing.arrays(),
    ];
    return arrs.reduce((s, a) => s + a.byteLength, 0);
  }
}

function record(types: string[], ring: EntryRing, i: number): LogRecord {
  return {
    t: ring.t[i],
    type: types[ring.type[i]],
    result: RESULTS[ring.res[i]],
    node: ring.node[i],
    rack: ring.rack[i],
    disk: ring.disk[i],
    file: ring.file[i],
    user: ring.user[i] === 255 ? -1 : ring.user[i],
    waitMs: ring.wait[i],
    execMs: ring.exec[i],
    v: ring.v[i],
  };
}
