/**
 * The in-memory redo log (P5). A write is acknowledged once it is in the memory
 * buffers of the stream's chosen servers; each server's background thread then
 * flushes its buffer to its disk in batches (every `writes.flushIntervalMs`), within
 * `writes.flushDeadlineMs` (30 s) at the latest.
 *
 * No object per write. A stream's acknowledged redo-log writes are a byte stream;
 * its recent history is a small ring of cohorts (one per tick: time, cumulative
 * bytes, cumulative writes). The servers holding a stretch of it form a *segment*
 * (the servers chosen when the stream last picked its targets); each holder is a
 * *lane* with the position up to which it has flushed to its own disk (`flushed`)
 * and up to which the data is on some disk because of it (`safe`: its own flush, or
 * the master's copy after a flush timeout or a write error). When a holder fails,
 * refuses, or becomes unreachable, the client closes the segment and picks new
 * servers; the old holders keep flushing what they hold.
 *
 * Loss, exactly: a holder that loses power or crashes loses its buffer. When the
 * last holder of a segment that still had it in memory is gone, everything beyond
 * the furthest `safe` of its holders was on no disk and in no memory: those
 * acknowledged writes are lost (counted once, by the cause of that last failure).
 *
 * Flush timeout (slow disk, I/O overload): the holder tells the master at once; the
 * master copies the late data to another server (it is safe from then) and the
 * host hook marks the disk (Pangu: suspect). Write error (the disk failed): alarm,
 * the master is told and copies the buffered data elsewhere.
 */
import type { Sim } from '../sim';
import { type LatencyHistograms, ROW_FLUSH } from './latency';

/** most servers one stream writes to */
export const MAXT = 6;
/** cohorts kept per stream (one per second at most; the newest absorbs writes when a flush lags this far) */
export const RING = 96;
/** a cohort spans at least this much time (so the ring covers ≥ RING seconds at any tick length) */
export const COHORT_MS = 1000;

/** lane states */
export const L_FREE = 0, L_FLUSHING = 1, L_DONE = 2, L_MEMORY_LOST = 3, L_ERROR = 4, L_RESCUED = 5;

/** causes of acknowledged-write loss */
export const CAUSES = ['rack-power', 'domain-power', 'dc-power', 'crash', 'destroyed'] as const;
export type LossCause = (typeof CAUSES)[number];

export interface RedoHost {
  /** bytes disk d can flush for the redo log in a tick of dt ms */
  flushCapacity(d: number, dtMs: number): number;
  /** time disk d takes to flush a batch of `bytes` (≤ dt), ms */
  flushTimeMs(d: number, bytes: number, dtMs: number): number;
  /** the disk's data is gone (truth): a flush to it fails */
  diskFailed(d: number): boolean;
  /** a flush missed its deadline: the master is told (once per episode) */
  onFlushTimeout(node: number, disk: number, ageMs: number): void;
  /** a flush failed with a write error (bad disk): alarm, the master is told */
  onWriteError(node: number, disk: number, bytes: number): void;
  /** flush work done on disk d this tick (for the disk's utilization): bytes */
  onFlushed(d: number, bytes: number): void;
  /** a sampled stream's lane flushed through `[before, after]` between t0 and t1 */
  onSampleFlush?(seg: number, lane: number, before: number, after: number, t0: number, t1: number): void;
  /** a segment lost the writes past byte position `from` (sampled streams) */
  onSampleLost?(seg: number, stream: number, from: number): void;
  /** lane j of a sampled stream's segment stopped flushing (state L_*) */
  onSampleLaneEnd?(seg: number, lane: number, state: number): void;
}

export class RedoLog {
  readonly streams: number;
  // ---- per stream: byte stream and cohort ring ----
  readonly cum: Float64Array;
  readonly cumW: Float64Array;
  readonly rT: Float64Array;
  readonly rCum: Float64Array;
  readonly rW: Float64Array;
  /** absolute index of the oldest kept cohort */
  readonly r0: Float64Array;
  readonly rLen: Int32Array;
  /** cumulative bytes / writes before the oldest kept cohort */
  readonly baseCum: Float64Array;
  readonly baseW: Float64Array;
  /** current segment of each stream, −1 when it must pick servers */
  readonly cur: Int32Array;
  private readonly eligible: Float64Array;
  private readonly need: Float64Array;

  // ---- segments and their lanes (seg × MAXT + j) ----
  segStream = new Int32Array(0);
  segN = new Uint8Array(0);
  segStart = new Float64Array(0);
  /** end position once closed; −1 while the stream still writes to it */
  segEnd = new Float64Array(0);
  /** lanes still flushing from memory */
  segLive = new Uint8Array(0);
  lNode = new Int32Array(0);
  lDisk = new Int32Array(0);
  /** flushed to its own disk once the batch under way ends (at lT1) */
  lFlushed = new Float64Array(0);
  /** where the batch under way started (position, and time lT0) */
  lPrev = new Float64Array(0);
  lT0 = new Float64Array(0);
  lT1 = new Float64Array(0);
  lSafe = new Float64Array(0);
  lState = new Uint8Array(0);
  /** absolute ring index of the oldest cohort not yet flushed by this lane */
  lIdx = new Float64Array(0);
  /** 1 while the lane is past its deadline (reported) */
  lOver = new Uint8Array(0);
  private want = new Float64Array(0);
  /** active segments, in creation order (a dense list) */
  active = new Int32Array(0);
  nActive = 0;
  private freeSegs = new Int32Array(0);
  private nFree = 0;
  private nSegs = 0;

  // ---- per server / disk ----
  /** unflushed bytes in each server's memory */
  readonly nodeMem: Float64Array;
  /** lanes flushing from each server's memory */
  readonly nodeLanes: Uint16Array;
  /** lanes past their deadline per disk (the disk's I/O queue is overloaded) */
  readonly diskOverdue: Uint16Array;
  /** flush work queued for each disk at the last tick, ms to do it (what the server sees of its I/O queue) */
  readonly diskQueueMs: Float32Array;
  private readonly diskWant: Float64Array;
  private readonly diskCap: Float64Array;
  private touched: Int32Array;
  private nTouched = 0;

  // ---- counters (whole run) ----
  memoryBytes = 0;
  memoryPeakBytes = 0;
  lostWrites = 0;
  lostBytes = 0;
  readonly lostByCause = new Float64Array(CAUSES.length);
  flushTimeouts = 0;
  writeErrors = 0;
  rescuedBytes = 0;
  flushedBytes = 0;
  maxFlushDelayMs = 0;
  /** age of the oldest unflushed write now, ms (−1 when nothing is unflushed) */
  oldestUnflushedMs = -1;
  ringMerges = 0;

  constructor(private readonly sim: Sim, streams: number, nodes: number, disks: number, private readonly host: RedoHost) {
    this.streams = streams;
    const S = streams;
    this.cum = new Float64Array(S);
    this.cumW = new Float64Array(S);
    this.rT = new Float64Array(S * RING);
    this.rCum = new Float64Array(S * RING);
    this.rW = new Float64Array(S * RING);
    this.r0 = new Float64Array(S);
    this.rLen = new Int32Array(S);
    this.baseCum = new Float64Array(S);
    this.baseW = new Float64Array(S);
    this.cur = new Int32Array(S).fill(-1);
    this.eligible = new Float64Array(S);
    this.need = new Float64Array(S);
    this.nodeMem = new Float64Array(nodes);
    this.nodeLanes = new Uint16Array(nodes);
    this.diskOverdue = new Uint16Array(disks);
    this.diskQueueMs = new Float32Array(disks);
    this.diskWant = new Float64Array(disks);
    this.diskCap = new Float64Array(disks);
    this.touched = new Int32Array(1024);
    this.growSegments(Math.max(16, S * 2));
    const t = (name: string, get: () => ArrayBufferView) => sim.track('writes.redo.' + name, get);
    for (const k of ['cum', 'cumW', 'rT', 'rCum', 'rW', 'r0', 'rLen', 'baseCum', 'baseW', 'cur', 'nodeMem', 'nodeLanes', 'diskOverdue', 'diskQueueMs', 'lostByCause'] as const) t(k, () => this[k]);
    for (const k of ['segStream', 'segN', 'segStart', 'segEnd', 'segLive'] as const) t(k, () => this[k].subarray(0, this.nSegs));
    for (const k of ['lNode', 'lDisk', 'lFlushed', 'lPrev', 'lT0', 'lT1', 'lSafe', 'lState', 'lIdx', 'lOver'] as const) t(k, () => this[k].subarray(0, this.nSegs * MAXT));
    t('active', () => this.active.subarray(0, this.nActive));
    t('free', () => this.freeSegs.subarray(0, this.nFree));
    for (const k of ['memoryBytes', 'memoryPeakBytes', 'lostWrites', 'lostBytes', 'flushTimeouts', 'writeErrors', 'rescuedBytes', 'flushedBytes', 'maxFlushDelayMs', 'oldestUnflushedMs', 'ringMerges', 'nSegs'] as const)
      sim.trackScalar('writes.redo.' + k, () => this[k]);
  }

  private growSegments(cap: number): void {
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as { new (n: number): T })(n);
      b.set(a);
      return b;
    };
    this.segStream = g(this.segStream, cap);
    this.segN = g(this.segN, cap);
    this.segStart = g(this.segStart, cap);
    this.segEnd = g(this.segEnd, cap);
    this.segLive = g(this.segLive, cap);
    const L = cap * MAXT;
    this.lNode = g(this.lNode, L);
    this.lDisk = g(this.lDisk, L);
    this.lFlushed = g(this.lFlushed, L);
    this.lSafe = g(this.lSafe, L);
    this.lPrev = g(this.lPrev, L);
    this.lT0 = g(this.lT0, L);
    this.lT1 = g(this.lT1, L);
    this.lState = g(this.lState, L);
    this.lIdx = g(this.lIdx, L);
    this.lOver = g(this.lOver, L);
    this.want = g(this.want, L);
    this.active = g(this.active, cap);
    this.freeSegs = g(this.freeSegs, cap);
  }

  // ---- segments -----------------------------------------------------------------

  /** Opens a segment for stream s on the given servers and disks; it becomes current. */
  open(s: number, nodes: ArrayLike<number>, disks: ArrayLike<number>, k: number): number {
    this.close(s);
    let g: number;
    if (this.nFree > 0) g = this.freeSegs[--this.nFree];
    else {
      if (this.nSegs === this.segStream.length) this.growSegments(this.segStream.length * 2);
      g = this.nSegs++;
    }
    const pos = this.cum[s];
    this.segStream[g] = s;
    this.segN[g] = k;
    this.segStart[g] = pos;
    this.segEnd[g] = -1;
    this.segLive[g] = k;
    const idx = this.r0[s] + this.rLen[s];
    for (let j = 0; j < MAXT; j++) {
      const l = g * MAXT + j;
      if (j < k) {
        this.lNode[l] = nodes[j];
        this.lDisk[l] = disks[j];
        this.lState[l] = L_FLUSHING;
        this.nodeLanes[nodes[j]]++;
      } else {
        this.lNode[l] = -1;
        this.lDisk[l] = -1;
        this.lState[l] = L_FREE;
      }
      this.lFlushed[l] = pos;
      this.lPrev[l] = pos;
      this.lT0[l] = 0;
      this.lT1[l] = 0;
      this.lSafe[l] = pos;
      this.lIdx[l] = idx;
      this.lOver[l] = 0;
    }
    this.active[this.nActive++] = g;
    this.cur[s] = g;
    return g;
  }

  /** The stream stops writing to its current segment (its holders keep flushing). */
  close(s: number): void {
    const g = this.cur[s];
    if (g < 0) return;
    this.segEnd[g] = this.cum[s];
    this.cur[s] = -1;
  }

  private endOf(g: number): number {
    const e = this.segEnd[g];
    return e < 0 ? this.cum[this.segStream[g]] : e;
  }

  // ---- writes -------------------------------------------------------------------

  /** n acknowledged writes of `bytes` in all, at time `now`, into stream s's current segment. */
  append(s: number, n: number, bytes: number, now: number): void {
    const g = this.cur[s];
    if (g < 0 || n <= 0) return;
    const cum = (this.cum[s] += bytes);
    const w = (this.cumW[s] += n);
    const len = this.rLen[s];
    const base = s * RING;
    const last = base + ((this.r0[s] + len - 1) % RING);
    if (len > 0 && (len === RING || now - this.rT[last] < COHORT_MS)) {
      // Same cohort period, or a flush lags by a whole ring: the newest cohort absorbs these writes (its time stays).
      this.rCum[last] = cum;
      this.rW[last] = w;
      if (len === RING) this.ringMerges++;
    } else {
      const i = base + ((this.r0[s] + len) % RING);
      this.rT[i] = now;
      this.rCum[i] = cum;
      this.rW[i] = w;
      this.rLen[s] = len + 1;
    }
    for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++)
      if (this.lState[l] === L_FLUSHING) {
        this.nodeMem[this.lNode[l]] += bytes;
        this.memoryBytes += bytes;
      }
    if (this.memoryBytes > this.memoryPeakBytes) this.memoryPeakBytes = this.memoryBytes;
  }

  /** Cumulative writes at byte position x of stream s (interpolated inside a cohort). */
  writesAt(s: number, x: number): number {
    const base = s * RING;
    let prevCum = this.baseCum[s];
    let prevW = this.baseW[s];
    if (x <= prevCum) return prevW;
    for (let k = 0; k < this.rLen[s]; k++) {
      const i = base + ((this.r0[s] + k) % RING);
      const c = this.rCum[i];
      if (x <= c) return c > prevCum ? prevW + ((x - prevCum) / (c - prevCum)) * (this.rW[i] - prevW) : this.rW[i];
      prevCum = c;
      prevW = this.rW[i];
    }
    return this.cumW[s];
  }

  // ---- failures -------------------------------------------------------------------

  /**
   * A server lost its memory (power, crash, gone). Its lanes stop; streams writing
   * to it pick new servers; a segment left with no copy in memory loses whatever of
   * it was on no disk. Returns the acknowledged writes lost.
   */
  memoryLost(node: number, cause: number): number {
    if (this.nodeLanes[node] === 0) return 0;
    let lost = 0;
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) {
        if (this.lNode[l] !== node || this.lState[l] !== L_FLUSHING) continue;
        const s = this.segStream[g];
        const end = this.endOf(g);
        // What the batch under way had written by now is on disk.
        const f = this.flushedAt(l, this.sim.now);
        if (f > this.lSafe[l]) this.lSafe[l] = f;
        this.dropLane(l, L_MEMORY_LOST, end);
        if (this.cur[s] === g) this.close(s);
        if (--this.segLive[g] === 0) lost += this.settleLoss(g, cause);
      }
    }
    return lost;
  }

  /** Position lane l has on its own disk at time t (the batch under way writes linearly). */
  flushedAt(l: number, t: number): number {
    const t0 = this.lT0[l], t1 = this.lT1[l];
    if (t >= t1) return this.lFlushed[l];
    if (t <= t0) return this.lPrev[l];
    return this.lPrev[l] + ((this.lFlushed[l] - this.lPrev[l]) * (t - t0)) / (t1 - t0);
  }

  /** Lane l leaves FLUSHING for `state`; what it held in memory leaves memory. */
  private dropLane(l: number, state: number, end: number): void {
    const node = this.lNode[l];
    const unflushed = Math.max(0, end - this.lPrev[l]);
    this.nodeMem[node] -= unflushed;
    if (this.nodeMem[node] < 1e-6) this.nodeMem[node] = 0;
    this.memoryBytes -= unflushed;
    if (this.memoryBytes < 1e-6) this.memoryBytes = 0;
    this.nodeLanes[node]--;
    if (this.lOver[l]) {
      this.lOver[l] = 0;
      this.diskOverdue[this.lDisk[l]]--;
    }
    this.lState[l] = state;
    const g = (l / MAXT) | 0;
    if (this.segStream[g] < this.sampleStreams) this.host.onSampleLaneEnd?.(g, l - g * MAXT, state);
  }

  /** No holder of segment g has it in memory any more: what is on no disk is lost. */
  private settleLoss(g: number, cause: number): number {
    const end = this.endOf(g);
    let safe = this.segStart[g];
    for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) if (this.lSafe[l] > safe) safe = this.lSafe[l];
    if (safe >= end) return 0;
    const s = this.segStream[g];
    const n = Math.floor(this.writesAt(s, end) + 1e-6) - Math.floor(this.writesAt(s, safe) + 1e-6);
    this.lostBytes += end - safe;
    if (n > 0) {
      this.lostWrites += n;
      if (cause >= 0) this.lostByCause[cause] += n;
    }
    if (s < this.sampleStreams) this.host.onSampleLost?.(g, s, safe);
    return n;
  }

  // ---- the background flush ---------------------------------------------------------

  /** One tick of flushing, deadlines and bookkeeping (after this tick's appends). */
  tick(now: number, dtMs: number, flushIntervalMs: number, deadlineMs: number): void {
    const S = this.streams;
    const { rT, rCum, r0, rLen } = this;
    // Per stream: what the background thread may flush now (cohorts at least one interval old).
    // The batch written this tick covers everything that arrived at least one interval ago (with ticks of dt).
    const cutoff = now - flushIntervalMs + dtMs;
    for (let s = 0; s < S; s++) {
      const base = s * RING;
      let e = this.baseCum[s];
      for (let k = rLen[s] - 1; k >= 0; k--) {
        const i = base + ((r0[s] + k) % RING);
        if (rT[i] <= cutoff) {
          e = rCum[i];
          break;
        }
      }
      this.eligible[s] = e;
      this.need[s] = this.cum[s];
    }
    // Pass 1: what each lane wants to flush; write errors.
    const { lState, lFlushed, lDisk, want, diskWant } = this;
    for (let k = 0; k < this.nTouched; k++) this.diskQueueMs[this.touched[k]] = 0;
    this.nTouched = 0;
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      const s = this.segStream[g];
      const end = this.endOf(g);
      const lim = Math.min(end, this.eligible[s]);
      for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) {
        want[l] = 0;
        if (lState[l] !== L_FLUSHING) continue;
        const d = lDisk[l];
        if (this.host.diskFailed(d)) {
          // Write error: alarm, the master copies the buffered data elsewhere.
          const bytes = end - lFlushed[l];
          this.writeErrors++;
          this.rescue(l, end);
          this.dropLane(l, L_ERROR, end);
          this.host.onWriteError(this.lNode[l], d, bytes);
          if (this.cur[s] === g) this.close(s);
          if (--this.segLive[g] === 0) this.settleLoss(g, -1);
          continue;
        }
        const w = lim - lFlushed[l];
        if (w <= 0) continue;
        want[l] = w;
        if (diskWant[d] === 0) {
          if (this.nTouched === this.touched.length) {
            const t = new Int32Array(this.touched.length * 2);
            t.set(this.touched);
            this.touched = t;
          }
          this.touched[this.nTouched++] = d;
        }
        diskWant[d] += w;
      }
    }
    for (let k = 0; k < this.nTouched; k++) {
      const d = this.touched[k];
      this.diskCap[d] = this.host.flushCapacity(d, dtMs);
    }
    // Pass 2: flush (a disk's capacity shared in proportion to what each lane wants), deadlines.
    let oldest = Infinity;
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      const s = this.segStream[g];
      const end = this.endOf(g);
      const base = s * RING;
      for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) {
        if (lState[l] !== L_FLUSHING) continue;
        const before = lFlushed[l];
        // The batch started last tick has ended: it is on disk, and leaves memory.
        if (before > this.lSafe[l]) this.lSafe[l] = before;
        if (this.lPrev[l] < before) {
          const freed = before - this.lPrev[l];
          const node = this.lNode[l];
          this.nodeMem[node] -= freed;
          if (this.nodeMem[node] < 1e-6) this.nodeMem[node] = 0;
          this.memoryBytes -= freed;
          this.lPrev[l] = before;
        }
        // The oldest write not on this server's disk now.
        if (this.lIdx[l] < r0[s] + rLen[s]) {
          const arrived = rT[base + (this.lIdx[l] % RING)] - dtMs;
          if (arrived < oldest) oldest = arrived;
        }
        if (want[l] > 0) {
          const d = lDisk[l];
          const share = Math.min(1, this.diskCap[d] / diskWant[d]);
          const got = want[l] * share;
          if (got > 0) {
            const after = before + got;
            // A batch: written from now, for as long as the disk takes.
            const t1 = now + this.host.flushTimeMs(d, got, dtMs);
            lFlushed[l] = after;
            this.lPrev[l] = before;
            this.lT0[l] = now;
            this.lT1[l] = t1;
            this.flushedBytes += got;
            this.host.onFlushed(d, got);
            // Cohorts this batch completes: their flush delay (max: from the cohort's earliest write; histogram: from its mean arrival).
            let idx = this.lIdx[l];
            const stop = r0[s] + rLen[s];
            while (idx < stop) {
              const i = base + (idx % RING);
              const c = rCum[i];
              if (c > after + 1e-6) break;
              const crossed = now + ((t1 - now) * (c - before)) / got;
              const delay = crossed - (rT[i] - dtMs);
              if (delay > this.maxFlushDelayMs) this.maxFlushDelayMs = delay;
              if (j === 0 && this.flushHist) this.flushHist.add(ROW_FLUSH, delay - dtMs / 2, this.rW[i] - (idx === r0[s] ? this.baseW[s] : this.rW[base + ((idx - 1) % RING)]));
              idx++;
            }
            this.lIdx[l] = idx;
            if (s < this.sampleStreams) this.host.onSampleFlush?.(g, j, before, after, now, t1);
          }
        }
        const f = lFlushed[l];
        if (f >= end - 1e-6 && this.segEnd[g] >= 0 && this.lT1[l] <= now) {
          // Closed and wholly on this server's disk.
          this.dropLane(l, L_DONE, end);
          if (--this.segLive[g] === 0) this.settleLoss(g, -1);
          continue;
        }
        // Keep the cohorts from where the batch under way started (a failure may interrupt it).
        const keep = this.lT1[l] > now ? this.lPrev[l] : f;
        if (keep < this.need[s]) this.need[s] = keep;
        // Deadline: the oldest unflushed write's age.
        const idx = this.lIdx[l];
        if (idx < r0[s] + rLen[s] && f < end - 1e-6) {
          const age = now - (rT[base + (idx % RING)] - dtMs);
          if (age > deadlineMs) {
            if (!this.lOver[l]) {
              this.lOver[l] = 1;
              this.diskOverdue[lDisk[l]]++;
              this.flushTimeouts++;
              this.host.onFlushTimeout(this.lNode[l], lDisk[l], age);
            }
            // The master copies the late data elsewhere: it is on a disk from now on (that is its flush delay).
            if (age > this.maxFlushDelayMs) this.maxFlushDelayMs = age;
            this.rescue(l, Math.min(end, this.cum[s]));
            if (this.segEnd[g] >= 0) {
              // No longer written to: the late copy is redundant and the server drops it.
              this.dropLane(l, L_RESCUED, end);
              if (--this.segLive[g] === 0) this.settleLoss(g, -1);
              continue;
            }
          } else if (this.lOver[l]) {
            this.lOver[l] = 0;
            this.diskOverdue[lDisk[l]]--;
          }
        } else if (this.lOver[l]) {
          this.lOver[l] = 0;
          this.diskOverdue[lDisk[l]]--;
        }
      }
    }
    for (let k = 0; k < this.nTouched; k++) {
      const d = this.touched[k];
      // The I/O queue the server sees: the flush work waiting for this disk, in time.
      const cap = this.diskCap[d];
      this.diskQueueMs[d] = cap > 0 ? Math.min(3.6e6, (diskWant[d] / cap) * dtMs) : 3.6e6;
      diskWant[d] = 0;
    }
    this.oldestUnflushedMs = oldest === Infinity ? -1 : now - oldest;
    // Free finished segments; trim each stream's ring to what its lanes still need.
    let w = 0;
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      if (this.segLive[g] === 0 && this.segEnd[g] >= 0) {
        this.freeSegs[this.nFree++] = g;
        this.segN[g] = 0;
      } else this.active[w++] = g;
    }
    this.nActive = w;
    for (let s = 0; s < S; s++) {
      const need = this.need[s];
      const base = s * RING;
      while (rLen[s] > 0) {
        const i = base + (r0[s] % RING);
        if (rCum[i] > need + 1e-6) break;
        this.baseCum[s] = rCum[i];
        this.baseW[s] = this.rW[i];
        r0[s]++;
        rLen[s]--;
      }
    }
  }

  /** streams below this id have their writes sampled for the flush timeline */
  sampleStreams = 0;
  /** where the first holder's flush delays go (weighted by writes), set by the owner */
  flushHist: LatencyHistograms | null = null;

  /** The master has copied lane l's data up to `upTo` to another server's disk. */
  private rescue(l: number, upTo: number): void {
    if (upTo > this.lSafe[l]) {
      this.rescuedBytes += upTo - this.lSafe[l];
      this.lSafe[l] = upTo;
    }
  }
}
