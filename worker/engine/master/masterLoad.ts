/**
 * P7, the Pangu master's operation queue and its self-protection. In the 5K tests a
 * misused job created 30 million files in a short time; the master got busy and the
 * whole cluster slowed. The master must protect itself instead of relying on people.
 *
 * Model (a fluid queue, per flow tick):
 *   - users send creates, opens, deletes and lookups at `master.clientQps` (split
 *     evenly; deletes match creates), each needing a handler time that grows with the
 *     namespace; a `file-flood` adds one user's runaway creates;
 *   - `master.threads` handlers work the queue; offered work beyond them builds a
 *     backlog, and waiting time is backlog ÷ threads plus the queueing delay of a
 *     busy multi-server queue (Sakasegawa's M/M/c approximation) — latency climbs
 *     with load like a queue's; an operation that would wait past the client's RPC
 *     timeout fails (`timeout`) and is retried;
 *   - with `master.protection`: a per-user file quota (`quota`), a per-user token
 *     bucket (`throttled`) and admission control that keeps admitted work under
 *     `master.admissionMaxUtil` of the threads, trimming the heaviest users first,
 *     max-min fair (`busy`). So a flood is refused or slowed and the others are not
 *     touched.
 * When the master is slow every job's master calls are slow: `slowdown` is the factor
 * by which the whole cluster's work slows (other mechanisms read it).
 *
 * Operation counts are whole numbers (fractions carried per user and type), so the
 * audit log's counts are exact.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type AuditLog, MASTER_TYPES, R_BUSY, R_OK, R_QUOTA, R_THROTTLED, R_TIMEOUT } from '../ops/auditLog';
import * as dm from '../core/detmath';

export const OP_CREATE = 0, OP_OPEN = 1, OP_DELETE = 2, OP_LOOKUP = 3;
export const OP_NAMES = ['create', 'open', 'delete', 'lookup'] as const;
const NT = MASTER_TYPES;
/** snapshots kept over the recent-percentile window */
const SNAPS = 10;
/** latency histogram: bin k holds latencies up to 0.05 ms × 2^(k/2) */
export const LAT_BINS = 44;
const binEdge = (k: number) => 0.05 * dm.pow(2, (k + 1) / 2);
const binOf = (ms: number) => Math.max(0, Math.min(LAT_BINS - 1, Math.ceil(2 * dm.log2(Math.max(ms, 1e-9) / 0.05)) - 1));

export class MasterLoad {
  readonly users: number;
  /** files in the namespace, in total and per user */
  files: number;
  readonly userFiles: Float64Array;
  /** token bucket per user (protection) */
  private readonly tokens: Float64Array;
  /** fractional operations carried to the next tick, per user × type */
  private readonly carry: Float64Array;
  /** queued work, thread-ms */
  backlog = 0;
  /** cumulative latency histograms of completed operations (ok + timeout): per type, and per user */
  readonly histByType: Float64Array;
  readonly histByUser: Float64Array;
  /** snapshots of histByUser every window ÷ SNAPS, for percentiles over the recent window */
  private readonly snapUser: Float64Array;
  private readonly snapT: Float64Array;
  private snapSeq = 0;
  /** the flood: its user, creates left, creates per second (0 when none) */
  floodUser = -1;
  floodLeft = 0;
  floodCreated = 0;
  /** last tick's figures, for the frame and the alert rules */
  latencyMs = 0;
  p99Ms = 0;
  qps = 0;
  rejectedQps = 0;
  utilization = 0;
  /** factor by which the cluster's work is slowed by master latency (1 = normal) */
  slowdown = 1;
  peakSlowdown = 1;
  /** 1 while the Feitian service is stopped (a cold upgrade): no client operations */
  serviceStopped = 0;
  /** time mean latency last went above the alert threshold, −1 when below */
  latencyHighSince = -1;

  // per-tick scratch
  private readonly offered: Float64Array;
  private readonly admitted: Float64Array;
  private readonly work: Float64Array;
  /** individual error / slow entries still allowed this tick, per type × result */
  private readonly capLeft = new Int32Array(MASTER_TYPES * 8);

  constructor(private readonly sim: Sim, private readonly topo: Topology, private readonly audit: AuditLog) {
    const p = sim.params;
    const u = (this.users = p['master.users']);
    this.files = p['master.initialFiles'];
    this.userFiles = new Float64Array(u).fill(this.files / u);
    this.tokens = new Float64Array(u).fill(p['master.userBurst']);
    this.carry = new Float64Array(u * NT);
    this.histByType = new Float64Array(NT * LAT_BINS);
    this.histByUser = new Float64Array(u * LAT_BINS);
    this.snapUser = new Float64Array(SNAPS * u * LAT_BINS);
    this.snapT = new Float64Array(SNAPS).fill(-1);
    this.offered = new Float64Array(u * NT);
    this.admitted = new Float64Array(u * NT);
    this.work = new Float64Array(u);
    for (const [k, a] of Object.entries({ userFiles: this.userFiles, tokens: this.tokens, carry: this.carry, histByType: this.histByType, histByUser: this.histByUser, snapUser: this.snapUser, snapT: this.snapT }))
      sim.track('master.' + k, () => a);
    for (const k of ['snapSeq', 'files', 'backlog', 'floodUser', 'floodLeft', 'floodCreated', 'slowdown', 'serviceStopped', 'latencyHighSince'] as const)
      sim.trackScalar('master.' + k, () => this[k]);
  }

  /** Handler time of one operation of each type now, ms (grows with the namespace). */
  serviceMs(type: number): number {
    const p = this.sim.params;
    const base = [p['master.createMs'], p['master.openMs'], p['master.deleteMs'], p['master.lookupMs']][type];
    return base * (1 + this.files / p['master.filesPerCostDoubling']);
  }

  /** Mean handler time of the normal mix at the starting namespace: the "normal" latency. */
  private normalMs(): number {
    const p = this.sim.params;
    const sh = this.shares();
    const base = [p['master.createMs'], p['master.openMs'], p['master.deleteMs'], p['master.lookupMs']];
    let m = 0;
    for (let t = 0; t < NT; t++) m += sh[t] * base[t];
    return m * (1 + p['master.initialFiles'] / p['master.filesPerCostDoubling']);
  }

  private shares(): number[] {
    const p = this.sim.params;
    const c = p['master.createShare'], o = p['master.openShare'], d = p['master.deleteShare'];
    return [c, o, d, Math.max(0, 1 - c - o - d)];
  }

  /** A runaway job of `user` starts creating `files` files as fast as it can (P7). */
  flood(user: number, files: number): void {
    this.floodUser = user;
    this.floodLeft = files;
    this.sim.note({ code: 'master.floodStarted', v: files, s: `user ${user}` });
  }

  /** Keeps a snapshot of the per-user histograms every window ÷ SNAPS. */
  private snapshot(now: number): void {
    const every = this.sim.params['master.p99WindowMs'] / SNAPS;
    const last = this.snapT[(this.snapSeq + SNAPS - 1) % SNAPS];
    if (last >= 0 && now - last < every) return;
    const k = this.snapSeq % SNAPS;
    this.snapUser.set(this.histByUser, k * this.histByUser.length);
    this.snapT[k] = now;
    this.snapSeq++;
  }

  /** One flow tick of dtMs. */
  tick(dtMs: number): void {
    this.snapshot(this.sim.now);
    const sim = this.sim;
    const p = sim.params;
    const now = sim.now;
    const dt = dtMs / 1000;
    const U = this.users;
    const sh = this.shares();
    const protect = p['master.protection'];
    const offered = this.offered, admitted = this.admitted, work = this.work;
    const svc = [this.serviceMs(0), this.serviceMs(1), this.serviceMs(2), this.serviceMs(3)];
    const audit = this.audit;
    let rejected = 0;
    this.capLeft.fill(p['ops.logErrorCapPerTick']);

    // 1. what each user sends this tick (whole operations)
    const perUser = this.serviceStopped ? 0 : p['master.clientQps'] / U;
    for (let u = 0; u < U; u++)
      for (let t = 0; t < NT; t++) {
        const k = u * NT + t;
        const x = perUser * sh[t] * dt + this.carry[k];
        const n = Math.floor(x);
        this.carry[k] = x - n;
        offered[k] = n;
      }
    let floodOffered = 0;
    if (this.floodLeft > 0 && !this.serviceStopped) {
      floodOffered = Math.min(this.floodLeft, Math.round(p['master.floodQps'] * dt));
      offered[this.floodUser * NT + OP_CREATE] += floodOffered;
    }
    admitted.set(offered);

    // 2. protection: quota, then the per-user token bucket
    if (protect) {
      const quota = p['master.userFileQuota'];
      const rate = p['master.userQpsLimit'], burst = p['master.userBurst'];
      for (let u = 0; u < U; u++) {
        const kc = u * NT + OP_CREATE;
        const room = Math.max(0, Math.floor(quota - this.userFiles[u] + admitted[u * NT + OP_DELETE]));
        if (admitted[kc] > room) {
          const over = admitted[kc] - room;
          admitted[kc] = room;
          audit.count(now, OP_CREATE, R_QUOTA, over);
          this.sample(OP_CREATE, R_QUOTA, over, u, 0, 0.05);
          rejected += over;
          if (u === this.floodUser && this.floodLeft > 0) {
            this.floodLeft = 0;
            sim.count('floodsRefused');
            sim.note({ code: 'master.floodRefused', v: this.floodCreated, s: `user ${u}: file quota` });
          }
        }
        this.tokens[u] = Math.min(burst, this.tokens[u] + rate * dt);
        let sum = 0;
        for (let t = 0; t < NT; t++) sum += admitted[u * NT + t];
        if (sum > this.tokens[u]) {
          const keep = this.tokens[u] / sum;
          for (let t = 0; t < NT; t++) {
            const k = u * NT + t;
            const a = Math.floor(admitted[k] * keep);
            const over = admitted[k] - a;
            admitted[k] = a;
            audit.count(now, t, R_THROTTLED, over);
            this.sample(t, R_THROTTLED, over, u, 0, 0.05);
            rejected += over;
          }
          sum = 0;
          for (let t = 0; t < NT; t++) sum += admitted[u * NT + t];
        }
        this.tokens[u] -= sum;
      }
    }

    // 3. admission control: work admitted stays under a share of the threads (max-min fair by user)
    const capacity = p['master.threads'] * dtMs; // thread-ms this tick
    let inWork = 0;
    for (let u = 0; u < U; u++) {
      let w = 0;
      for (let t = 0; t < NT; t++) w += admitted[u * NT + t] * svc[t];
      work[u] = w;
      inWork += w;
    }
    if (protect) {
      const budget = Math.max(0, capacity * p['master.admissionMaxUtil'] - this.backlog);
      if (inWork > budget) {
        const fair = maxMinShare(work, budget);
        inWork = 0;
        for (let u = 0; u < U; u++) {
          if (work[u] > fair) {
            const keep = fair / work[u];
            for (let t = 0; t < NT; t++) {
              const k = u * NT + t;
              const a = Math.floor(admitted[k] * keep);
              const over = admitted[k] - a;
              admitted[k] = a;
              audit.count(now, t, R_BUSY, over);
              this.sample(t, R_BUSY, over, u, 0, 0.05);
              rejected += over;
            }
            let w = 0;
            for (let t = 0; t < NT; t++) w += admitted[u * NT + t] * svc[t];
            work[u] = w;
          }
          inWork += work[u];
        }
      }
    }

    // 4. the queue: FIFO over all admitted work; what would wait past the timeout fails
    const threads = p['master.threads'];
    const maxBacklog = threads * p['master.rpcTimeoutMs'];
    const b0 = this.backlog;
    let b1 = b0 + inWork - capacity;
    let timeoutShare = 0;
    if (b1 > maxBacklog) {
      timeoutShare = inWork > 0 ? Math.min(1, (b1 - maxBacklog) / inWork) : 0;
      b1 = maxBacklog;
    }
    if (b1 < 0) b1 = 0;
    this.backlog = b1;
    const rho = Math.min(0.98, inWork / capacity);
    let nIn = 0;
    for (let k = 0; k < U * NT; k++) nIn += admitted[k];
    const meanSvc = nIn > 0 ? inWork / nIn : svc[OP_LOOKUP];
    const fluidWait = (b0 + b1) / 2 / threads;
    const queueWait = rho > 0 ? (meanSvc * dm.pow(rho, Math.sqrt(2 * (threads + 1)) - 1)) / (threads * (1 - rho)) : 0;
    const wait = fluidWait + queueWait;
    const timeoutMs = p['master.rpcTimeoutMs'];

    // 5. results: counts, latency histograms, samples; the flood's progress
    let done = 0, latSum = 0;
    for (let t = 0; t < NT; t++) {
      let okT = 0, toT = 0;
      for (let u = 0; u < U; u++) {
        const n = admitted[u * NT + t];
        if (!n) continue;
        const to = Math.round(n * timeoutShare);
        const ok = n - to;
        okT += ok;
        toT += to;
        spreadExp(this.histByUser, u * LAT_BINS, ok, svc[t] + fluidWait, queueWait, timeoutMs);
        this.histByUser[u * LAT_BINS + binOf(timeoutMs)] += to;
        if (t === OP_CREATE) {
          this.userFiles[u] += ok;
          this.files += ok;
          if (u === this.floodUser && this.floodLeft > 0) {
            // base creates of this user are the first perUser ones; the rest are the flood's
            const floodOk = Math.max(0, Math.min(this.floodLeft, ok - (offered[u * NT + t] - floodOffered)));
            this.floodLeft -= floodOk;
            this.floodCreated += floodOk;
            if (this.floodLeft <= 0) sim.note({ code: 'master.floodDone', v: this.floodCreated, s: `user ${u}` });
          }
        } else if (t === OP_DELETE) {
          const d = Math.min(ok, this.userFiles[u]);
          this.userFiles[u] -= d;
          this.files -= d;
        }
        if (ok) this.sample(t, R_OK, ok, u, wait, svc[t]);
        if (to) this.sample(t, R_TIMEOUT, to, u, timeoutMs, 0);
      }
      spreadExp(this.histByType, t * LAT_BINS, okT, svc[t] + fluidWait, queueWait, timeoutMs);
      this.histByType[t * LAT_BINS + binOf(timeoutMs)] += toT;
      audit.count(now, t, R_OK, okT, okT * (wait + svc[t]));
      audit.count(now, t, R_TIMEOUT, toT, toT * timeoutMs);
      rejected += toT;
      done += okT + toT;
      latSum += okT * (wait + svc[t]) + toT * timeoutMs;
    }
    if (rejected) sim.count('masterRejectedOps', rejected);

    this.latencyMs = done > 0 ? latSum / done : svc[OP_LOOKUP];
    this.p99Ms = timeoutShare > 0.01 ? timeoutMs : meanSvc + wait * dm.log(100);
    this.qps = done / dt;
    this.rejectedQps = rejected / dt;
    this.utilization = inWork / capacity;
    const m = p['master.metadataShare'];
    this.slowdown = Math.min(p['master.slowdownMax'], Math.max(1, 1 - m + (m * this.latencyMs) / this.normalMs()));
    if (this.slowdown > this.peakSlowdown) {
      this.peakSlowdown = this.slowdown;
      sim.peak('masterPeakSlowdown', this.slowdown);
    }
    const high = this.latencyMs >= p['ops.masterLatencyAlertMs'];
    if (high && this.latencyHighSince < 0) this.latencyHighSince = now;
    else if (!high) this.latencyHighSince = -1;
  }

  /**
   * Individual log entries for `n` operations of one type and result: a sample of
   * successes, every error or slow one up to the per-tick cap (the rest only counted).
   */
  private sample(type: number, result: number, n: number, user: number, waitMs: number, execMs: number): void {
    if (n <= 0) return;
    const p = this.sim.params;
    const rng = this.sim.rng.get('ops.audit');
    const slow = waitMs + execMs >= p['ops.slowOpMs'];
    let k: number;
    if (result === R_OK && !slow) {
      const x = n * p['ops.logSampleRate'];
      k = Math.floor(x) + (rng.next() < x - Math.floor(x) ? 1 : 0);
    } else {
      const c = type * 8 + result;
      k = Math.min(n, this.capLeft[c]);
      this.capLeft[c] -= k;
      this.audit.unlogged += n - k;
    }
    const dpn = this.topo.disksPerNode;
    for (let i = 0; i < k; i++) {
      // the server (and disk) holding the file's first chunk; a create's file is the newest id
      const node = rng.int(this.topo.nodes);
      const disk = type === OP_OPEN || type === OP_CREATE ? node * dpn + rng.int(dpn) : -1;
      const file = type === OP_CREATE && result === R_OK ? Math.floor(this.files) + i : rng.int(Math.max(1, Math.floor(this.files)));
      this.audit.entry(this.sim.now, type, result, type === OP_LOOKUP || type === OP_DELETE ? -1 : node, disk, file, user, waitMs, execMs);
    }
  }

  /** Latency percentile (0–1) from a cumulative histogram, ms; `user` −1 for all. */
  percentile(q: number, user = -1, type = -1): number {
    const h = new Float64Array(LAT_BINS);
    if (user >= 0) for (let k = 0; k < LAT_BINS; k++) h[k] = this.histByUser[user * LAT_BINS + k];
    else for (let t = 0; t < NT; t++) if (type < 0 || type === t) for (let k = 0; k < LAT_BINS; k++) h[k] += this.histByType[t * LAT_BINS + k];
    return this.fromHist(q, h);
  }

  /**
   * One user's latency percentile over about the last `master.p99WindowMs`: the
   * cumulative histogram minus the oldest snapshot inside the window (everything
   * since the start while the run is younger than the window). 0 with no operations.
   */
  recentPercentile(q: number, user: number): number {
    const now = this.sim.now, from = now - this.sim.params['master.p99WindowMs'];
    let best = -1;
    for (let k = 0; k < SNAPS; k++) if (this.snapT[k] >= from && (best < 0 || this.snapT[k] < this.snapT[best])) best = k;
    const h = new Float64Array(LAT_BINS);
    const o = user * LAT_BINS, so = best * this.histByUser.length + o;
    for (let k = 0; k < LAT_BINS; k++) h[k] = Math.max(0, this.histByUser[o + k] - (best >= 0 ? this.snapUser[so + k] : 0));
    return this.fromHist(q, h);
  }

  private fromHist(q: number, h: Float64Array): number {
    let n = 0;
    for (let k = 0; k < LAT_BINS; k++) n += h[k];
    if (n === 0) return 0;
    let c = 0;
    for (let k = 0; k < LAT_BINS; k++) {
      if (c + h[k] >= q * n) {
        const f = h[k] > 0 ? (q * n - c) / h[k] : 1;
        // geometric within the half-octave; nothing waits past the client's timeout
        return Math.min(this.sim.params['master.rpcTimeoutMs'], binEdge(k - 1) * dm.pow(2, f / 2));
      }
      c += h[k];
    }
    return binEdge(LAT_BINS - 1);
  }

  /** Operations completed (ok or timed out) per user over the run. */
  completedByUser(user: number): number {
    let n = 0;
    for (let k = 0; k < LAT_BINS; k++) n += this.histByUser[user * LAT_BINS + k];
    return n;
  }
}

/** Largest per-user cap c with Σ min(w_u, c) = budget (water-filling). */
export function maxMinShare(w: Float64Array, budget: number): number {
  const sorted = Array.from(w).sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < sorted.length; i++) {
    const c = left / (sorted.length - i);
    if (sorted[i] >= c) return c;
    left -= sorted[i];
  }
  return Infinity;
}

/**
 * Adds `n` latencies (a fixed part — service and the backlog's wait — plus an
 * exponential queueing wait with mean `wait`, at most `cap`) to a histogram row, in
 * whole counts that sum to n (cumulative rounding).
 */
function spreadExp(h: Float64Array, off: number, n: number, fixed: number, wait: number, cap: number): void {
  if (n <= 0) return;
  if (wait < 1e-6 || fixed >= cap) {
    h[off + binOf(Math.min(fixed, cap))] += n;
    return;
  }
  let prev = 0;
  const last = binOf(cap);
  for (let k = binOf(fixed); k <= last; k++) {
    const hi = binEdge(k);
    const F = k === last ? 1 : hi <= fixed ? 0 : 1 - dm.exp(-(hi - fixed) / wait);
    const cum = Math.round(n * F);
    h[off + k] += cum - prev;
    prev = cum;
    if (cum === n) break;
  }
}
