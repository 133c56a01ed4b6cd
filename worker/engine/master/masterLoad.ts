/**
 * P7, the load on the Pangu master: its users' operations, tick by tick. In the 5K
 * tests a misused job created 30 million files in a short time; the master got busy
 * and the whole cluster slowed.
 *
 * Per flow tick:
 *   - users send creates, opens, deletes and lookups at `master.clientQps` (split
 *     evenly; deletes match creates), each needing a handler time that grows with the
 *     namespace; a `file-flood` adds one user's runaway creates;
 *   - with `master.protection` the master refuses part of it (selfProtection.ts:
 *     quota, token bucket, admission control);
 *   - the rest goes through the operation queue (opQueue.ts); the latencies go into
 *     histograms (latencyHistogram.ts) and a sample into the audit log.
 * When the master is slow every job's master calls are slow: `slowdown` is the factor
 * by which the whole cluster's work slows (other mechanisms read it).
 *
 * Operation counts are whole numbers (fractions carried per user and type), so the
 * audit log's counts are exact.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type AuditLog, MASTER_TYPES, R_OK, R_QUOTA, R_TIMEOUT } from '../ops/auditLog';
import * as dm from '../core/detmath';
import { OP_CREATE, OP_DELETE, OP_LOOKUP, OP_OPEN } from './opTypes';
import { LAT_BINS, binOf, percentileOf, spreadExp } from './latencyHistogram';
import { admit, quotaAndRate, type Refuse } from './selfProtection';
import { queueStep, type QueueStep } from './opQueue';

export { OP_CREATE, OP_OPEN, OP_DELETE, OP_LOOKUP, OP_NAMES } from './opTypes';
export { LAT_BINS } from './latencyHistogram';
const NT = MASTER_TYPES;
/** snapshots kept over the recent-percentile window */
const SNAPS = 10;

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
  private readonly step: QueueStep = { backlog: 0, timeoutShare: 0, fluidWait: 0, queueWait: 0, meanSvcMs: 0 };

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly audit: AuditLog,
  ) {
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
    for (const [k, a] of Object.entries({
      userFiles: this.userFiles,
      tokens: this.tokens,
      carry: this.carry,
      histByType: this.histByType,
      histByUser: this.histByUser,
      snapUser: this.snapUser,
      snapT: this.snapT,
    }))
      sim.track('master.' + k, () => a);
    for (const k of [
      'snapSeq',
      'files',
      'backlog',
      'floodUser',
      'floodLeft',
      'floodCreated',
      'slowdown',
      'serviceStopped',
      'latencyHighSince',
    ] as const)
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
    const c = p['master.createShare'],
      o = p['master.openShare'],
      d = p['master.deleteShare'];
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
    const offered = this.offered,
      admitted = this.admitted,
      work = this.work;
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

    // 2. protection: quota, then the per-user token bucket (selfProtection.ts)
    const refuse: Refuse = (u, t, result, over) => {
      audit.count(now, t, result, over);
      this.sample(t, result, over, u, 0, 0.05);
      rejected += over;
      if (result === R_QUOTA && u === this.floodUser && this.floodLeft > 0) {
        this.floodLeft = 0;
        sim.count('floodsRefused');
        sim.note({ code: 'master.floodRefused', v: this.floodCreated, s: `user ${u}: file quota` });
      }
    };
    if (protect)
      quotaAndRate(
        admitted,
        U,
        NT,
        this.userFiles,
        this.tokens,
        p['master.userFileQuota'],
        p['master.userQpsLimit'],
        p['master.userBurst'],
        dt,
        refuse,
      );

    // 3. admission control: work admitted stays under a share of the threads (max-min fair by user)
    const capacity = p['master.threads'] * dtMs; // thread-ms this tick
    let inWork = 0;
    for (let u = 0; u < U; u++) {
      let w = 0;
      for (let t = 0; t < NT; t++) w += admitted[u * NT + t] * svc[t];
      work[u] = w;
      inWork += w;
    }
    if (protect) inWork = admit(admitted, work, inWork, Math.max(0, capacity * p['master.admissionMaxUtil'] - this.backlog), svc, refuse);

    // 4. the queue: FIFO over all admitted work; what would wait past the timeout fails (opQueue.ts)
    const threads = p['master.threads'];
    let nIn = 0;
    for (let k = 0; k < U * NT; k++) nIn += admitted[k];
    const q = queueStep(this.backlog, inWork, nIn, capacity, threads, p['master.rpcTimeoutMs'], svc[OP_LOOKUP], this.step);
    this.backlog = q.backlog;
    const { timeoutShare, fluidWait, queueWait } = q;
    const meanSvc = q.meanSvcMs;
    const wait = fluidWait + queueWait;
    const timeoutMs = p['master.rpcTimeoutMs'];

    // 5. results: counts, latency histograms, samples; the flood's progress
    let done = 0,
      latSum = 0;
    for (let t = 0; t < NT; t++) {
      let okT = 0,
        toT = 0;
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
    const now = this.sim.now,
      from = now - this.sim.params['master.p99WindowMs'];
    let best = -1;
    for (let k = 0; k < SNAPS; k++) if (this.snapT[k] >= from && (best < 0 || this.snapT[k] < this.snapT[best])) best = k;
    const h = new Float64Array(LAT_BINS);
    const o = user * LAT_BINS,
      so = best * this.histByUser.length + o;
    for (let k = 0; k < LAT_BINS; k++) h[k] = Math.max(0, this.histByUser[o + k] - (best >= 0 ? this.snapUser[so + k] : 0));
    return this.fromHist(q, h);
  }

  private fromHist(q: number, h: Float64Array): number {
    return percentileOf(h, q, this.sim.params['master.rpcTimeoutMs']);
  }

  /** Every user's recent p99 (recentPercentile), ms: a fresh copy, one entry per user (at most 64). */
  recentP99ByUser(): Float32Array {
    const out = new Float32Array(this.users);
    for (let u = 0; u < this.users; u++) out[u] = this.recentPercentile(0.99, u);
    return out;
  }

  /** Operations completed (ok or timed out) per user over the run. */
  completedByUser(user: number): number {
    let n = 0;
    for (let k = 0; k < LAT_BINS; k++) n += this.histByUser[user * LAT_BINS + k];
    return n;
  }
}
