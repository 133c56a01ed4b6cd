/**
 * The in-memory redo log (P5). A write is acknowledged once it is in the memory
 * buffers of the stream's chosen servers; each server's background thread then
 * flushes its buffer to its disk in batches (every `writes.flushIntervalMs`), within
 * `writes.flushDeadlineMs` (30 s) at the latest. Servers flush at their own phases
 * (`flushPhase`): with ticks of the interval, a server's batch at a tick takes what had
 * arrived by its own flush moment in the tick before, and leaves the rest in memory.
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
import type { EngineContext } from '../context';
import { resized, withRoom } from '../core/growable';
import { type LatencyHistograms, ROW_FLUSH } from './latency';
import { weyl } from '../core/rng';
import { marksOf, tracked, trackedTogether, type DirtyBlocks } from '../core/dirty';

/** most servers one stream writes to */
export const MAXT = 6;
/** cohorts kept per stream, a power of two (one per second at most; the newest absorbs writes when a flush lags this far) */
export const RING = 128;
/** RING − 1: ring positions are absolute cohort counters masked into the ring */
export const RING_MASK = RING - 1;
/** a cohort spans at least this much time (so the ring covers ≥ RING seconds at any tick length) */
export const COHORT_MS = 1000;
/** a lane looks at its disk's flush capacity again every this many ticks (a power of two), or when it falls short */
export const CAP_EVERY = 4;

/**
 * Where in each flush interval server n's background thread flushes, as a share of it
 * (ours: the servers' threads are not synchronized; see `tick`).
 */
export function flushPhase(node: number): number {
  return weyl(node + 1);
}

/** lane states */
export const L_FREE = 0,
  L_FLUSHING = 1,
  L_DONE = 2,
  L_MEMORY_LOST = 3,
  L_ERROR = 4,
  L_RESCUED = 5;

/** causes of acknowledged-write loss */
export const CAUSES = ['rack-power', 'domain-power', 'dc-power', 'crash', 'destroyed'] as const;
export type LossCause = (typeof CAUSES)[number];

export interface RedoHost {
  /** bytes disk d (of `mbps` MB/s when healthy) can flush for the redo log in a tick of dt ms */
  flushCapacity(d: number, mbps: number, dtMs: number): number;
  /** the disk's data is gone (truth, per disk): a flush to it fails */
  readonly diskFailed: Uint8Array;
  /** a flush missed its deadline: the master is told (once per episode) */
  onFlushTimeout(node: number, disk: number, ageMs: number): void;
  /** a flush failed with a write error (bad disk): alarm, the master is told */
  onWriteError(node: number, disk: number, bytes: number): void;
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
  readonly r0: Int32Array;
  readonly rLen: Int32Array;
  /** cumulative bytes / writes before the oldest kept cohort */
  readonly baseCum: Float64Array;
  readonly baseW: Float64Array;
  /** current segment of each stream, −1 when it must pick servers */
  readonly cur: Int32Array;
  /** time of each stream's newest cohort, and the end position of its oldest kept one */
  readonly lastAppend: Float64Array;
  readonly headCum: Float64Array;
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
  lIdx = new Int32Array(0);
  /** 1 while the lane is past its deadline (reported) */
  lOver = new Uint8Array(0);
  /** throughput of the lane's disk (MB/s, its hardware) and how many flushing lanes share that disk */
  lMBps = new Float32Array(0);
  /** 1 once the lane's disk failed (its next flush is a write error) */
  lErr = new Uint8Array(0);
  /** the lane's share of its disk's flush capacity per tick, bytes (as last looked at) */
  lCap = new Float64Array(0);
  /** bytes the lane holds in memory, as last counted into nodeMem */
  lMem = new Float64Array(0);
  lShare = new Uint8Array(0);
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
  /** flushing lanes per disk */
  readonly diskLanes: Uint16Array;
  private queued: Int32Array;
  private nQueued = 0;
  /**
   * Dirty marks for checkpoints (core/dirty.ts) of the cohort rings (rT, rCum, rW), the
   * per-disk lane counts (diskOverdue, diskLanes) and diskQueueMs: every write below marks.
   * Bookkeeping, not state (private fields are neither walked by a capture nor hashed).
   */
  readonly #ringMarks: DirtyBlocks;
  readonly #laneMarks: DirtyBlocks;
  readonly #queueMarks: DirtyBlocks;

  // ---- counters (whole run) ----
  memoryBytes = 0;
  memoryPeakBytes = 0;
  lostWrites = 0;
  lostBytes = 0;
  readonly lostByCause = new Float64Array(CAUSES.length);
  flushTimeouts = 0;
  writeErrors = 0;
  rescuedBytes = 0;
  /** bytes a UPS let servers write out after their power was cut (writes.upsMs), and acknowledged writes lost in power cuts with a UPS */
  upsSavedBytes = 0;
  upsLostWrites = 0;
  flushedBytes = 0;
  maxFlushDelayMs = 0;
  /** age of the oldest unflushed write now, ms (−1 when nothing is unflushed) */
  oldestUnflushedMs = -1;
  ringMerges = 0;
  ticks = 0;
  /** the last tick's time (a failure between ticks finds the flushes since) */
  tickAt = 0;

  private readonly sim: Sim;

  /** The redo log of `streams` write streams over the context's servers and disks. */
  constructor(
    c: EngineContext,
    streams: number,
    private readonly host: RedoHost,
  ) {
    const { sim } = c;
    const { nodes, disks } = c.topo;
    this.sim = sim;
    this.streams = streams;
    const S = streams;
    this.cum = new Float64Array(S);
    this.cumW = new Float64Array(S);
    this.rT = new Float64Array(S * RING);
    this.rCum = new Float64Array(S * RING);
    this.rW = new Float64Array(S * RING);
    this.r0 = new Int32Array(S);
    this.rLen = new Int32Array(S);
    this.baseCum = new Float64Array(S);
    this.baseW = new Float64Array(S);
    this.cur = new Int32Array(S).fill(-1);
    this.need = new Float64Array(S);
    this.nodeMem = new Float64Array(nodes);
    this.nodeLanes = new Uint16Array(nodes);
    this.diskOverdue = new Uint16Array(disks);
    this.diskQueueMs = new Float32Array(disks);
    this.diskLanes = new Uint16Array(disks);
    this.#ringMarks = trackedTogether([this.rT, this.rCum, this.rW]);
    this.#laneMarks = trackedTogether([this.diskOverdue, this.diskLanes]);
    this.#queueMarks = marksOf(tracked(this.diskQueueMs));
    this.queued = new Int32Array(256);
    this.lastAppend = new Float64Array(S).fill(-Infinity);
    this.headCum = new Float64Array(S);
    this.growSegments(Math.max(16, S * 2));
    const t = (name: string, get: () => ArrayBufferView) => sim.track('writes.redo.' + name, get);
    for (const k of [
      'cum',
      'cumW',
      'rT',
      'rCum',
      'rW',
      'r0',
      'rLen',
      'baseCum',
      'baseW',
      'cur',
      'nodeMem',
      'nodeLanes',
      'diskOverdue',
      'diskQueueMs',
      'diskLanes',
      'lastAppend',
      'headCum',
      'lostByCause',
    ] as const)
      t(k, () => this[k]);
    for (const k of ['segStream', 'segN', 'segStart', 'segEnd', 'segLive'] as const) t(k, () => this[k].subarray(0, this.nSegs));
    for (const k of [
      'lNode',
      'lDisk',
      'lFlushed',
      'lPrev',
      'lT0',
      'lT1',
      'lSafe',
      'lState',
      'lIdx',
      'lOver',
      'lMBps',
      'lShare',
      'lCap',
      'lMem',
      'lErr',
    ] as const)
      t(k, () => this[k].subarray(0, this.nSegs * MAXT));
    t('active', () => this.active.subarray(0, this.nActive));
    t('free', () => this.freeSegs.subarray(0, this.nFree));
    for (const k of [
      'memoryBytes',
      'memoryPeakBytes',
      'lostWrites',
      'lostBytes',
      'flushTimeouts',
      'writeErrors',
      'rescuedBytes',
      'upsSavedBytes',
      'upsLostWrites',
      'flushedBytes',
      'maxFlushDelayMs',
      'oldestUnflushedMs',
      'ringMerges',
      'nSegs',
      'ticks',
    ] as const)
      sim.trackScalar('writes.redo.' + k, () => this[k]);
  }

  private growSegments(cap: number): void {
    this.segStream = resized(this.segStream, cap);
    this.segN = resized(this.segN, cap);
    this.segStart = resized(this.segStart, cap);
    this.segEnd = resized(this.segEnd, cap);
    this.segLive = resized(this.segLive, cap);
    const L = cap * MAXT;
    this.lNode = resized(this.lNode, L);
    this.lDisk = resized(this.lDisk, L);
    this.lFlushed = resized(this.lFlushed, L);
    this.lSafe = resized(this.lSafe, L);
    this.lPrev = resized(this.lPrev, L);
    this.lT0 = resized(this.lT0, L);
    this.lT1 = resized(this.lT1, L);
    this.lState = resized(this.lState, L);
    this.lIdx = resized(this.lIdx, L);
    this.lOver = resized(this.lOver, L);
    this.lMBps = resized(this.lMBps, L);
    this.lCap = resized(this.lCap, L);
    this.lErr = resized(this.lErr, L);
    this.lMem = resized(this.lMem, L);
    this.lShare = resized(this.lShare, L);
    this.active = resized(this.active, cap);
    this.freeSegs = resized(this.freeSegs, cap);
  }

  // ---- segments -----------------------------------------------------------------

  /** Opens a segment for stream s on the given servers and disks (of `mbps` MB/s each); it becomes current. */
  open(s: number, nodes: ArrayLike<number>, disks: ArrayLike<number>, mbps: ArrayLike<number>, k: number): number {
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
        this.lMBps[l] = mbps[j];
        this.lShare[l] = 1;
        this.nodeLanes[nodes[j]]++;
      } else {
        this.lNode[l] = -1;
        this.lDisk[l] = -1;
        this.lState[l] = L_FREE;
      }
      this.lFlushed[l] = pos;
      this.lPrev[l] = pos;
      this.lCap[l] = 0;
      this.lMem[l] = 0;
      this.lErr[l] = this.host.diskFailed[disks[j]] && j < k ? 1 : 0;
      this.lT0[l] = 0;
      this.lT1[l] = 0;
      this.lSafe[l] = pos;
      this.lIdx[l] = idx;
      this.lOver[l] = 0;
    }
    this.active[this.nActive++] = g;
    this.cur[s] = g;
    for (let j = 0; j < k; j++) {
      this.#laneMarks.mark(disks[j]);
      if (++this.diskLanes[disks[j]] > 1) this.reshare(disks[j]);
    }
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
    const last = base + ((this.r0[s] + len - 1) & RING_MASK);
    if (len > 0 && (len === RING || now - this.rT[last] < COHORT_MS)) {
      // Same cohort period, or a flush lags by a whole ring: the newest cohort absorbs these writes (its time stays).
      this.rCum[last] = cum;
      this.rW[last] = w;
      this.#ringMarks.mark(last);
      if (len === 1) this.headCum[s] = cum;
      if (len === RING) this.ringMerges++;
    } else {
      const i = base + ((this.r0[s] + len) & RING_MASK);
      this.rT[i] = now;
      this.rCum[i] = cum;
      this.rW[i] = w;
      this.#ringMarks.mark(i);
      this.rLen[s] = len + 1;
      this.lastAppend[s] = now;
      if (len === 0) this.headCum[s] = cum;
    }
  }

  /**
   * When server `node`'s thread took the batch that the tick at `tick` writes: before the
   * tick by the server's phase of the interval (ticks of dt; at the default, dt = interval).
   */
  private flushMoment(node: number, tick: number, interval: number, dt: number): number {
    return tick - flushPhase(node) * Math.min(interval, dt);
  }

  /** What a flush at `moment` takes of stream s: what had arrived an interval less a tick before it. */
  private takenAt(s: number, moment: number, interval: number, dt: number, now: number): number {
    return this.posAt(s, moment - interval + dt, now, dt);
  }

  /**
   * Byte position stream s had reached at time `tau`. A cohort's writes arrive evenly from
   * a tick before its time until the next cohort's tick began (at most COHORT_MS after
   * its time; the newest one's until `now`): a tick's draw covers the tick before it.
   */
  posAt(s: number, tau: number, now: number, dtMs: number): number {
    const base = s * RING;
    const r0 = this.r0[s];
    const len = this.rLen[s];
    for (let k = len - 1; k >= 0; k--) {
      const i = base + ((r0 + k) & RING_MASK);
      const t = this.rT[i];
      const t0 = t - dtMs;
      if (tau <= t0) continue;
      const t1 = Math.min(k === len - 1 ? now : this.rT[base + ((r0 + k + 1) & RING_MASK)] - dtMs, t + COHORT_MS);
      if (tau >= t1) return this.rCum[i];
      const before = k > 0 ? this.rCum[base + ((r0 + k - 1) & RING_MASK)] : this.baseCum[s];
      return before + ((this.rCum[i] - before) * (tau - t0)) / (t1 - t0);
    }
    return this.baseCum[s];
  }

  /** whether any stream still keeps cohorts in its ring */
  private get ringsHeld(): boolean {
    for (let s = 0; s < this.streams; s++) if (this.rLen[s] > 0) return true;
    return false;
  }

  /** Cumulative writes at byte position x of stream s (interpolated inside a cohort). */
  writesAt(s: number, x: number): number {
    const base = s * RING;
    let prevCum = this.baseCum[s];
    let prevW = this.baseW[s];
    if (x <= prevCum) return prevW;
    for (let k = 0; k < this.rLen[s]; k++) {
      const i = base + ((this.r0[s] + k) & RING_MASK);
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
   * it was on no disk. Returns the acknowledged writes lost. `upsMs` > 0 (a power
   * cut on a server with a UPS): before it goes dark the server goes on writing its
   * memory to disk for that long, at what each lane's disk can take then (a slow disk
   * saves less), so a segment loses only what the battery could not write.
   */
  memoryLost(node: number, cause: number, upsMs = 0): number {
    if (this.nodeLanes[node] === 0) return 0;
    let lost = 0;
    const now = this.sim.now;
    const dt = this.sim.params['engine.tickMs'];
    const interval = this.sim.params['writes.flushIntervalMs'];
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) {
        if (this.lNode[l] !== node || this.lState[l] !== L_FLUSHING) continue;
        const s = this.segStream[g];
        const end = this.endOf(g);
        // What the batch under way had written by now is on disk; and if the server's thread has
        // flushed since the last tick (its moment for the next one has passed), what that batch took.
        let f = this.flushedAt(l, now);
        const moment = this.flushMoment(node, this.tickAt + dt, interval, dt);
        if (now >= moment) {
          const upTo = Math.min(end, this.takenAt(s, moment, interval, dt, now));
          if (upTo > f) f = upTo;
        }
        if (upsMs > 0) {
          const on = Math.min(end, f + this.host.flushCapacity(this.lDisk[l], this.lMBps[l], upsMs) / Math.max(1, this.lShare[l]));
          this.upsSavedBytes += on - f;
          f = on;
        }
        if (f > this.lSafe[l]) this.lSafe[l] = f;
        this.dropLane(l, L_MEMORY_LOST, end);
        if (this.cur[s] === g) this.close(s);
        if (--this.segLive[g] === 0) lost += this.settleLoss(g, cause);
      }
    }
    if (upsMs > 0) this.upsLostWrites += lost;
    return lost;
  }

  /** Disk d's data is destroyed: the lanes flushing to it get a write error at their next flush. */
  diskFailed(d: number): void {
    if (this.diskLanes[d] === 0) return;
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) if (this.lDisk[l] === d && this.lState[l] === L_FLUSHING) this.lErr[l] = 1;
    }
  }

  /** Lanes sharing disk d split its flush capacity evenly (rare: a few collisions among 60,000 disks). */
  private reshare(d: number): void {
    const n = Math.max(1, Math.min(255, this.diskLanes[d]));
    for (let a = 0; a < this.nActive; a++) {
      const g = this.active[a];
      for (let j = 0, l = g * MAXT; j < this.segN[g]; j++, l++) if (this.lDisk[l] === d && this.lState[l] === L_FLUSHING) this.lShare[l] = n;
    }
  }

  /** Position lane l has on its own disk at time t (the batch under way writes linearly). */
  flushedAt(l: number, t: number): number {
    const t0 = this.lT0[l],
      t1 = this.lT1[l];
    if (t >= t1) return this.lFlushed[l];
    if (t <= t0) return this.lPrev[l];
    return this.lPrev[l] + ((this.lFlushed[l] - this.lPrev[l]) * (t - t0)) / (t1 - t0);
  }

  /** Lane l leaves FLUSHING for `state`; what it held in memory leaves memory. */
  private dropLane(l: number, state: number, _end: number): void {
    const node = this.lNode[l];
    const held = this.lMem[l];
    this.lMem[l] = 0;
    this.nodeMem[node] -= held;
    if (this.nodeMem[node] < 1e-6) this.nodeMem[node] = 0;
    this.memoryBytes -= held;
    if (this.memoryBytes < 1e-6) this.memoryBytes = 0;
    this.nodeLanes[node]--;
    if (this.lOver[l]) {
      this.lOver[l] = 0;
      this.diskOverdue[this.lDisk[l]]--;
    }
    this.lState[l] = state;
    const d = this.lDisk[l];
    this.#laneMarks.mark(d);
    if (--this.diskLanes[d] > 0) this.reshare(d);
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

  /**
   * One tick of flushing, deadlines and bookkeeping (after this tick's appends).
   * Cache-minded: per lane it touches its own columns, its stream's ring and, of the
   * per-disk arrays, only the disk's truth (failed, slow factor).
   */
  tick(now: number, dtMs: number, flushIntervalMs: number, deadlineMs: number): void {
    const S = this.streams;
    this.ticks++;
    this.tickAt = now;
    if (this.nActive === 0 && this.memoryBytes === 0 && !this.ringsHeld) {
      // Nothing in any server's memory (the pipeline modes): nothing to flush.
      this.oldestUnflushedMs = -1;
      return;
    }
    const { rT, rCum, r0, rLen } = this;
    this.need.set(this.cum);
    for (let k = 0; k < this.nQueued; k++) {
      this.diskQueueMs[this.queued[k]] = 0;
      this.#queueMarks.mark(this.queued[k]);
    }
    this.nQueued = 0;
    const {
      lState,
      lFlushed,
      lDisk,
      lSafe,
      lPrev,
      lNode,
      lIdx,
      lT0,
      lT1,
      lMBps,
      lShare,
      lCap,
      lOver,
      nodeMem,
      segStream,
      segN,
      segEnd,
      active,
      need,
      rW,
      baseW,
    } = this;
    const host = this.host;
    const hist = this.flushHist;
    const sampled = this.sampleStreams;
    const lErr = this.lErr;
    let oldest = Infinity;
    for (let a = 0; a < this.nActive; a++) {
      const g = active[a];
      const s = segStream[g];
      const end = this.endOf(g);
      const base = s * RING;
      for (let j = 0, l = g * MAXT; j < segN[g]; j++, l++) {
        if (lState[l] !== L_FLUSHING) continue;
        // what this tick's batch takes: what had arrived by the server's own flush moment
        const at = this.flushMoment(lNode[l], now, flushIntervalMs, dtMs);
        const lim = Math.min(end, this.takenAt(s, at, flushIntervalMs, dtMs, now));
        const d = lDisk[l];
        const before = lFlushed[l];
        // The batch started last tick has ended: it is on disk, and leaves memory.
        if (before > lSafe[l]) lSafe[l] = before;
        if (lPrev[l] < before) lPrev[l] = before;
        if (lErr[l]) {
          // Write error: alarm, the master copies the buffered data elsewhere.
          const bytes = end - before;
          this.writeErrors++;
          this.rescue(l, end);
          this.dropLane(l, L_ERROR, end);
          host.onWriteError(lNode[l], d, bytes);
          if (this.cur[s] === g) this.close(s);
          if (--this.segLive[g] === 0) this.settleLoss(g, -1);
          continue;
        }
        // The oldest write not on this server's disk now.
        if (lIdx[l] < r0[s] + rLen[s]) {
          const arrived = rT[base + (lIdx[l] & RING_MASK)] - dtMs;
          if (arrived < oldest) oldest = arrived;
        }
        const want = lim - before;
        if (want > 0) {
          // The disk's flush capacity this tick, split evenly between the lanes on it (looked at again every
          // CAP_EVERY ticks, staggered, or at once when it falls short: the flusher notices a slow disk soon).
          let cap = lCap[l];
          if (((l + this.ticks) & (CAP_EVERY - 1)) === 0 || cap < want || cap <= 0) cap = lCap[l] = host.flushCapacity(d, lMBps[l], dtMs) / lShare[l];
          const got = want < cap ? want : cap;
          const queueMs = cap > 0 ? (want / cap) * dtMs : 3.6e6;
          if (queueMs >= 100) {
            // A queue worth noting: the server sees it (admission).
            if (this.diskQueueMs[d] === 0) {
              this.queued = withRoom(this.queued, this.nQueued + 1);
              this.queued[this.nQueued++] = d;
            }
            if (queueMs > this.diskQueueMs[d]) {
              this.diskQueueMs[d] = queueMs > 3.6e6 ? 3.6e6 : queueMs;
              this.#queueMarks.mark(d);
            }
          }
          if (got > 0) {
            const after = before + got;
            // A batch: written from the server's flush moment, for as long as the disk takes.
            const t1 = at + Math.min(dtMs, (got / cap) * dtMs);
            lFlushed[l] = after;
            lPrev[l] = before;
            lT0[l] = at;
            lT1[l] = t1;
            this.flushedBytes += got;
            // Cohorts this batch completes: their flush delay (max: from the cohort's earliest write; histogram: from its mean arrival).
            let idx = lIdx[l];
            const stop = r0[s] + rLen[s];
            while (idx < stop) {
              const i = base + (idx & RING_MASK);
              const c = rCum[i];
              if (c > after + 1e-6) break;
              const crossed = at + ((t1 - at) * (c - before)) / got;
              const delay = crossed - (rT[i] - dtMs);
              if (delay > this.maxFlushDelayMs) this.maxFlushDelayMs = delay;
              if (j === 0 && hist) hist.add(ROW_FLUSH, delay - dtMs / 2, rW[i] - (idx === r0[s] ? baseW[s] : rW[base + ((idx - 1) & RING_MASK)]));
              idx++;
            }
            lIdx[l] = idx;
            if (s < sampled) host.onSampleFlush?.(g, j, before, after, at, t1);
          }
        }
        // What this lane holds in memory now: everything not yet on its disk (a batch still under way included).
        const held = Math.min(end, this.cum[s]) - (lT1[l] <= now ? lFlushed[l] : lPrev[l]);
        const delta = (held > 0 ? held : 0) - this.lMem[l];
        if (delta !== 0) {
          const node = lNode[l];
          const m = nodeMem[node] + delta;
          nodeMem[node] = m > 1e-6 ? m : 0;
          this.memoryBytes += delta;
          this.lMem[l] += delta;
        }
        const f = lFlushed[l];
        if (f >= end - 1e-6 && segEnd[g] >= 0 && lT1[l] <= now) {
          // Closed and wholly on this server's disk (its last batch may have ended within this tick).
          if (f > lSafe[l]) lSafe[l] = f;
          this.dropLane(l, L_DONE, end);
          if (--this.segLive[g] === 0) this.settleLoss(g, -1);
          continue;
        }
        // Keep the cohorts from where the batch under way started (a failure may interrupt it).
        const keep = lT1[l] > now ? lPrev[l] : f;
        if (keep < need[s]) need[s] = keep;
        // Deadline: the oldest write not even in a batch yet.
        const idx = lIdx[l];
        if (idx < r0[s] + rLen[s] && f < end - 1e-6) {
          const age = now - (rT[base + (idx & RING_MASK)] - dtMs);
          if (age > deadlineMs) {
            if (!lOver[l]) {
              lOver[l] = 1;
              this.diskOverdue[d]++;
              this.#laneMarks.mark(d);
              this.flushTimeouts++;
              host.onFlushTimeout(lNode[l], d, age);
            }
            // The master copies the late data elsewhere: it is on a disk from now on (that is its flush delay).
            if (age > this.maxFlushDelayMs) this.maxFlushDelayMs = age;
            this.rescue(l, Math.min(end, this.cum[s]));
            if (segEnd[g] >= 0) {
              // No longer written to: the late copy is redundant and the server drops it.
              this.dropLane(l, L_RESCUED, end);
              if (--this.segLive[g] === 0) this.settleLoss(g, -1);
              continue;
            }
          } else if (lOver[l]) {
            lOver[l] = 0;
            this.diskOverdue[d]--;
            this.#laneMarks.mark(d);
          }
        } else if (lOver[l]) {
          lOver[l] = 0;
          this.diskOverdue[d]--;
          this.#laneMarks.mark(d);
        }
      }
    }
    this.oldestUnflushedMs = oldest === Infinity ? -1 : now - oldest;
    if (this.memoryBytes < 1e-6) this.memoryBytes = 0;
    if (this.memoryBytes > this.memoryPeakBytes) this.memoryPeakBytes = this.memoryBytes;
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
      if (rLen[s] === 0 || this.headCum[s] > need + 1e-6) continue;
      const base = s * RING;
      while (rLen[s] > 0) {
        const i = base + (r0[s] & RING_MASK);
        if (rCum[i] > need + 1e-6) {
          this.headCum[s] = rCum[i];
          break;
        }
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
