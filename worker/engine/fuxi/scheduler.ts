/**
 * The Fuxi master's resource scheduling (S1). Every server offers
 * `scheduler.coresPerNode` cores and `scheduler.memPerNodeGB` of memory; an
 * instance asks for `scheduler.instanceCores` and `scheduler.instanceMemGB` and
 * runs at its server's true speed (hardware generation ÷ slow-down factor).
 *
 * Assignment is incremental, as in Fuxi: when resources free up on a server, the
 * master fills them from waiting jobs — first jobs whose input sits on that
 * server's rack (locality), then the group's cluster queue, groups in order of
 * how much of their quota they use (fair share). A group never holds more than
 * `scheduler.quotaShare` of the cluster's cores. An arriving job is placed at
 * once on free servers (its input rack first) unless its group already has jobs
 * waiting (first come, first served) or is at its quota.
 *
 * The master places work only on servers it believes alive (the failure
 * detector's belief, not the truth) and not on the cluster blacklist; it does not
 * know a server is down until the detector says so.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import { ALIVE, DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import { type Instances, I_DONE, I_KILLED, I_LOST, I_RUNNING, F_BACKUP, F_LOCAL, F_STRAGGLER } from './instances';
import type { Jobs } from './jobs';
import type { Rng } from '../core/rng';
import * as dm from '../core/detmath';
import type { EngineContext } from '../context';

/** What the scheduler tells the slow-server detector (S3). */
export interface SchedulerHooks {
  /** an instance finished after `dur` ms, before its run time is added to the job's mean */
  beforeSample(i: number, dur: number): void;
  /** the job's mean has a new sample */
  afterSample(j: number): void;
  /** a straggler attempt ended (finished or killed) */
  stragglerEnded(i: number): void;
  /** a job has completed (all tasks done) */
  jobCompleted(j: number): void;
}

/** Finds the rack holding a job's input, or −1 (the locality seam; Pangu may replace it). */
export type LocalityFn = (jobSerial: number, drewLocal: boolean) => number;

/** Jobs scanned per queue when one cannot use a server (e.g. it blacklisted the server). */
const SCAN = 8;
/** queued events beyond twice the live attempts before stale completions are dropped */
const STALE_SLACK = 50_000;

export class Scheduler {
  readonly freeCpu: Float32Array;
  readonly freeMem: Float32Array;
  /** running (or lost) instances per server: list head */
  readonly nodeHead: Int32Array;
  readonly groupUsed: Float64Array;
  readonly cqHead: Int32Array;
  readonly cqTail: Int32Array;
  readonly rqHead: Int32Array;
  readonly rqTail: Int32Array;
  readonly groups: number;
  readonly coresPerNode: number;
  readonly memPerNode: number;
  readonly totalCores: number;
  masterUp = 1;
  /** attempts running or lost now, and how many of them are flagged stragglers / backups */
  runningInst = 0;
  liveStragglers = 0;
  liveBackups = 0;
  private cursor = 0;
  private tokSeq = 0;
  /** placements made (scheduling decisions) */
  decisions = 0;
  rackLocal = 0;
  instancesCompleted = 0;
  private readonly noiseRng: Rng;
  /**
   * Servers the cluster-wide scan may use: a bit per server, set where it has room for an
   * instance of `candCores` × `candMem` and is not believed dead — a superset of what
   * `fits && eligible` accepts (suspect and blacklisted ones are checked in the scan), so the
   * scan skips the rest without changing what it finds. A cache of tracked state, not hashed.
   */
  private readonly cand: Uint32Array;
  private candCores = -1;
  private candMem = -1;
  hooks!: SchedulerHooks;
  localityOf: LocalityFn;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;
  private readonly detector: HeartbeatDetector;

  constructor(
    c: EngineContext,
    private readonly jobs: Jobs,
    private readonly inst: Instances,
    /** the cluster blacklist (1 = no new instances) */
    private readonly blacklisted: Uint8Array,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers, detector: this.detector } = c);
    const { sim, topo, detector } = c;
    const p = sim.params;
    const n = topo.nodes;
    this.groups = p['scheduler.groups'];
    this.coresPerNode = p['scheduler.coresPerNode'];
    this.memPerNode = p['scheduler.memPerNodeGB'];
    this.totalCores = this.coresPerNode * n;
    this.freeCpu = new Float32Array(n).fill(this.coresPerNode);
    this.freeMem = new Float32Array(n).fill(this.memPerNode);
    this.nodeHead = new Int32Array(n).fill(-1);
    this.groupUsed = new Float64Array(this.groups);
    this.cqHead = new Int32Array(this.groups).fill(-1);
    this.cqTail = new Int32Array(this.groups).fill(-1);
    this.rqHead = new Int32Array(this.groups * topo.racks).fill(-1);
    this.rqTail = new Int32Array(this.groups * topo.racks).fill(-1);
    const rng = () => sim.rng.get('fuxi.locality');
    this.localityOf = (_serial, local) => (local ? rng().int(topo.racks) : -1);
    for (const [k, a] of Object.entries({
      freeCpu: this.freeCpu,
      freeMem: this.freeMem,
      nodeHead: this.nodeHead,
      groupUsed: this.groupUsed,
      cqHead: this.cqHead,
      cqTail: this.cqTail,
      rqHead: this.rqHead,
      rqTail: this.rqTail,
    }))
      sim.track('fuxi.sched.' + k, () => a);
    this.noiseRng = sim.rng.get('fuxi.noise');
    for (const k of [
      'masterUp',
      'runningInst',
      'liveStragglers',
      'liveBackups',
      'cursor',
      'tokSeq',
      'decisions',
      'rackLocal',
      'instancesCompleted',
    ] as const)
      sim.trackScalar('fuxi.sched.' + k, () => this[k]);
    sim.on(EV.FUXI_INST_DONE, (i, tok) => this.onDone(i, tok));
    this.cand = new Uint32Array((n + 31) >>> 5);
    // before failover's listeners (constructed after the scheduler): the bit is right when they place
    detector.onDead.push((node) => this.candUpdate(node));
    detector.onAlive.push((node) => this.candUpdate(node));
  }

  private candUpdate(n: number): void {
    const w = n >>> 5,
      bit = 1 << (n & 31);
    if (this.freeCpu[n] >= this.candCores && this.freeMem[n] >= this.candMem && this.detector.belief[n] !== DEAD) this.cand[w] |= bit;
    else this.cand[w] &= ~bit;
  }

  /** The candidate bits, rebuilt when the instance size changed. */
  private candFor(c: number, m: number): Uint32Array {
    if (c !== this.candCores || m !== this.candMem) {
      this.candCores = c;
      this.candMem = m;
      for (let n = 0; n < this.topo.nodes; n++) this.candUpdate(n);
    }
    return this.cand;
  }

  /** The first candidate server in [lo, hi), or −1. */
  private nextCand(lo: number, hi: number): number {
    if (lo >= hi) return -1;
    const b = this.cand;
    let w = lo >>> 5;
    const last = (hi - 1) >>> 5;
    let x = b[w] & (-1 << (lo & 31));
    for (;;) {
      if (x !== 0) {
        const n = (w << 5) + (31 - Math.clz32(x & -x));
        return n < hi ? n : -1;
      }
      if (++w > last) return -1;
      x = b[w];
    }
  }

  quota(): number {
    return this.sim.params['scheduler.quotaShare'] * this.totalCores;
  }

  /** True speed of a server now: CPU generation ÷ slow-down (0 when it is not up). */
  speedOf(n: number): number {
    return this.servers.truth[n] === UP ? this.topo.cpu[n] / this.servers.slow[n] : 0;
  }

  /** The master may put new work on server n. */
  eligible(n: number): boolean {
    return this.masterUp === 1 && this.detector.belief[n] === ALIVE && this.blacklisted[n] === 0;
  }

  // ── queues ────────────────────────────────────────────────────────────────

  enqueue(j: number): void {
    const J = this.jobs;
    if (J.queued[j]) return;
    J.queued[j] = 1;
    const g = J.group[j];
    J.cqNext[j] = -1;
    J.cqPrev[j] = this.cqTail[g];
    if (this.cqTail[g] >= 0) J.cqNext[this.cqTail[g]] = j;
    else this.cqHead[g] = j;
    this.cqTail[g] = j;
    const r = J.rack[j];
    if (r >= 0) {
      const q = g * this.topo.racks + r;
      J.rqNext[j] = -1;
      J.rqPrev[j] = this.rqTail[q];
      if (this.rqTail[q] >= 0) J.rqNext[this.rqTail[q]] = j;
      else this.rqHead[q] = j;
      this.rqTail[q] = j;
    }
  }

  dequeue(j: number): void {
    const J = this.jobs;
    if (!J.queued[j]) return;
    J.queued[j] = 0;
    const g = J.group[j];
    const cn = J.cqNext[j],
      cp = J.cqPrev[j];
    if (cp >= 0) J.cqNext[cp] = cn;
    else this.cqHead[g] = cn;
    if (cn >= 0) J.cqPrev[cn] = cp;
    else this.cqTail[g] = cp;
    const r = J.rack[j];
    if (r >= 0) {
      const q = g * this.topo.racks + r;
      const rn = J.rqNext[j],
        rp = J.rqPrev[j];
      if (rp >= 0) J.rqNext[rp] = rn;
      else this.rqHead[q] = rn;
      if (rn >= 0) J.rqPrev[rn] = rp;
      else this.rqTail[q] = rp;
    }
  }

  // ── launching and finishing ──────────────────────────────────────────────

  private fits(n: number, c: number, m: number): boolean {
    return this.freeCpu[n] >= c && this.freeMem[n] >= m;
  }

  private schedule(i: number): void {
    const I = this.inst;
    const now = this.sim.now;
    I.last[i] = now;
    if (I.rate[i] <= 0) {
      I.state[i] = I_LOST;
      I.tok[i] = 0;
      I.end[i] = Infinity;
      return;
    }
    this.tokSeq = this.tokSeq >= 0x7ffffffe ? 1 : this.tokSeq + 1;
    I.tok[i] = this.tokSeq;
    I.end[i] = now + I.remain[i] / I.rate[i];
    this.sim.at(I.end[i], EV.FUXI_INST_DONE, i, this.tokSeq);
  }

  /** New speed for a running instance (its server's speed changed). */
  respeed(i: number): void {
    const I = this.inst;
    I.settle(i, this.sim.now);
    I.rate[i] = this.speedOf(I.node[i]);
    this.schedule(i);
  }

  /**
   * Starts one attempt of a task of job j on server n. With `startAt` in the past
   * (warm start only) the attempt is back-dated: it has made that much progress,
   * and if it would already have finished it is recorded as done and holds nothing.
   */
  launch(j: number, n: number, flags: number, twin = -1, startAt = this.sim.now): number {
    const I = this.inst,
      J = this.jobs,
      p = this.sim.params,
      now = this.sim.now;
    const i = I.take();
    const c = p['scheduler.instanceCores'],
      m = p['scheduler.instanceMemGB'];
    I.job[i] = j;
    I.node[i] = n;
    I.state[i] = I_RUNNING;
    I.flags[i] = flags | (J.rack[j] === this.topo.rackOf[n] ? F_LOCAL : 0);
    I.cores[i] = c;
    I.mem[i] = m;
    I.start[i] = now;
    I.last[i] = now;
    I.twin[i] = twin;
    if (twin >= 0) I.twin[twin] = i;
    const sigma = p['scheduler.noiseSigma'];
    const noise = sigma > 0 ? dm.exp(sigma * this.noiseRng.normal() - (sigma * sigma) / 2) : 1;
    I.remain[i] = J.work[j] * noise;
    I.rate[i] = this.speedOf(n);
    // per-server list
    const h = this.nodeHead[n];
    I.nnext[i] = h;
    I.nprev[i] = -1;
    if (h >= 0) I.nprev[h] = i;
    this.nodeHead[n] = i;
    // job list, in launch order
    if (J.tail[j] >= 0) I.jnext[J.tail[j]] = i;
    else J.head[j] = i;
    J.tail[j] = i;
    this.freeCpu[n] -= c;
    this.freeMem[n] -= m;
    this.candUpdate(n);
    this.groupUsed[J.group[j]] += c;
    J.running[j]++;
    this.runningInst++;
    if (flags & F_BACKUP) this.liveBackups++;
    this.decisions++;
    if (I.flags[i] & F_LOCAL) this.rackLocal++;
    if (startAt < now && I.rate[i] > 0) {
      const ran = (now - startAt) * I.rate[i];
      I.start[i] = startAt;
      if (I.remain[i] <= ran) {
        const end = startAt + I.remain[i] / I.rate[i];
        this.release(i, I_DONE);
        I.end[i] = end;
        J.sum[j] += end - startAt;
        J.n[j]++;
        J.done[j]++;
        return i;
      }
      I.remain[i] -= ran;
    }
    this.schedule(i);
    return i;
  }

  /** Ends an attempt (finished or killed): frees its resources, unlinks it from its server. */
  private release(i: number, state: number): void {
    const I = this.inst,
      J = this.jobs;
    I.settle(i, this.sim.now);
    I.state[i] = state;
    I.tok[i] = 0;
    I.end[i] = this.sim.now;
    const n = I.node[i],
      j = I.job[i];
    const nx = I.nnext[i],
      pv = I.nprev[i];
    if (pv >= 0) I.nnext[pv] = nx;
    else this.nodeHead[n] = nx;
    if (nx >= 0) I.nprev[nx] = pv;
    I.nnext[i] = I.nprev[i] = -1;
    this.freeCpu[n] += I.cores[i];
    this.freeMem[n] += I.mem[i];
    this.candUpdate(n);
    this.groupUsed[J.group[j]] -= I.cores[i];
    J.running[j]--;
    this.runningInst--;
    if (I.flags[i] & F_STRAGGLER) {
      this.liveStragglers--;
      this.hooks.stragglerEnded(i);
    }
    if (I.flags[i] & F_BACKUP) this.liveBackups--;
  }

  /**
   * Drops completion events of attempts that ended otherwise (killed, lost, re-timed) once
   * they outnumber the live ones: a storm of false deaths kills and relaunches ~1M attempts,
   * and the stale events would sit in the queue until their time (popped and ignored by
   * `onDone`). Only the queue's size and layout change, never what happens.
   */
  dropStaleCompletions(slack = STALE_SLACK): void {
    if (this.sim.queue.size <= 2 * this.runningInst + slack) return;
    const I = this.inst;
    this.sim.queue.removeWhere((kind, i, tok) => kind === EV.FUXI_INST_DONE && (I.tok[i] !== tok || I.state[i] !== I_RUNNING));
  }

  private onDone(i: number, tok: number): void {
    const I = this.inst;
    if (I.tok[i] !== tok || I.state[i] !== I_RUNNING) return;
    const J = this.jobs;
    const j = I.job[i],
      n = I.node[i];
    this.release(i, I_DONE);
    const dur = this.sim.now - I.start[i];
    this.hooks.beforeSample(i, dur);
    J.sum[j] += dur;
    J.n[j]++;
    J.done[j]++;
    this.instancesCompleted++;
    if (I.flags[i] & F_BACKUP) this.sim.count('backupWins');
    const tw = I.twin[i];
    let twNode = -1;
    if (tw >= 0 && (I.state[tw] === I_RUNNING || I.state[tw] === I_LOST)) {
      twNode = I.node[tw];
      this.release(tw, I_KILLED);
    }
    if (J.done[j] >= J.tasks[j]) this.completeJob(j);
    else this.hooks.afterSample(j);
    this.fillNode(n);
    if (twNode >= 0) this.fillNode(twNode);
  }

  /**
   * Kills an attempt (its server is believed dead or was lost). If its twin still
   * runs, the twin carries the task; otherwise the task waits for a server again.
   * Returns true when the task was requeued.
   */
  kill(i: number): boolean {
    const I = this.inst,
      J = this.jobs;
    const j = I.job[i];
    this.release(i, I_KILLED);
    const tw = I.twin[i];
    if (tw >= 0 && (I.state[tw] === I_RUNNING || I.state[tw] === I_LOST)) {
      I.twin[tw] = -1;
      return false;
    }
    J.pending[j]++;
    this.enqueue(j);
    return true;
  }

  private completeJob(j: number): void {
    this.dequeue(j);
    this.hooks.jobCompleted(j);
  }

  // ── assignment ───────────────────────────────────────────────────────────

  /** Whether job j has an attempt on server n now (the per-server list holds a dozen at most). */
  private hasOn(j: number, n: number): boolean {
    const I = this.inst;
    for (let i = this.nodeHead[n]; i >= 0; i = I.nnext[i]) if (I.job[i] === j) return true;
    return false;
  }

  /**
   * A waiting job that can use server n (rack-local first, then the cluster
   * queue), or −1. Jobs without an attempt on n are preferred, so a job's
   * instances spread over servers (one slow server then delays few of them).
   */
  private pickJob(n: number, c: number): number {
    const J = this.jobs;
    const quota = this.quota();
    const rack = this.topo.rackOf[n];
    // groups by share of quota in use, lowest first (G is small)
    let tried = 0;
    let fallback = -1;
    while (true) {
      let g = -1,
        best = Infinity;
      for (let k = 0; k < this.groups; k++) {
        if (tried & (1 << k)) continue;
        if (this.cqHead[k] < 0 || this.groupUsed[k] + c > quota) continue;
        if (this.groupUsed[k] < best) {
          best = this.groupUsed[k];
          g = k;
        }
      }
      if (g < 0) return fallback;
      tried |= 1 << g;
      let j = this.rqHead[g * this.topo.racks + rack];
      for (let s = 0; j >= 0 && s < SCAN; s++, j = J.rqNext[j])
        if (!J.blacklists(j, n)) {
          if (!this.hasOn(j, n)) return j;
          if (fallback < 0) fallback = j;
        }
      j = this.cqHead[g];
      for (let s = 0; j >= 0 && s < SCAN; s++, j = J.cqNext[j])
        if (!J.blacklists(j, n)) {
          if (!this.hasOn(j, n)) return j;
          if (fallback < 0) fallback = j;
        }
    }
  }

  /** Fills the free resources of server n from the waiting jobs. */
  fillNode(n: number): void {
    if (!this.eligible(n)) return;
    const p = this.sim.params;
    const c = p['scheduler.instanceCores'],
      m = p['scheduler.instanceMemGB'];
    const J = this.jobs;
    while (this.fits(n, c, m)) {
      const j = this.pickJob(n, c);
      if (j < 0) return;
      this.launch(j, n, 0);
      if (--J.pending[j] === 0) this.dequeue(j);
    }
  }

  /**
   * Tries to place job j's pending tasks now, one per server: first on the rack
   * holding its input, then on any server with room; what does not fit waits in
   * the queues. With `fifo`, a job whose group already has jobs waiting joins
   * the back of the queue instead. Returns false when a scan of the whole
   * cluster found no room (callers with many jobs to place can stop there).
   */
  place(j: number, fifo: boolean, startAt = this.sim.now): boolean {
    let room = true;
    const J = this.jobs,
      p = this.sim.params;
    const g = J.group[j];
    const c = p['scheduler.instanceCores'],
      m = p['scheduler.instanceMemGB'];
    const quota = this.quota();
    const blocked = this.masterUp === 0 || this.groupUsed[g] + c > quota || (fifo && this.cqHead[g] >= 0 && this.cqHead[g] !== j);
    if (!blocked) {
      const r = J.rack[j];
      // a job with nothing running can only be on servers this call used, all in its input rack
      const fresh = J.running[j] === 0;
      const rackOf = this.topo.rackOf;
      if (r >= 0) {
        const end = Math.min(this.topo.nodes, (r + 1) * this.topo.nodesPerRack);
        for (let n = r * this.topo.nodesPerRack; n < end && J.pending[j] > 0 && this.groupUsed[g] + c <= quota; n++)
          if (this.fits(n, c, m) && this.eligible(n) && !J.blacklists(j, n) && !this.hasOn(j, n)) {
            this.launch(j, n, 0, -1, startAt);
            J.pending[j]--;
          }
      }
      // Every server from the cursor on, once round (the cursor left after the last one
      // looked at); only candidates can pass the test, so the others are skipped.
      const N = this.topo.nodes;
      this.candFor(c, m);
      const start = this.cursor;
      let s = 0;
      if (J.pending[j] > 0 && this.groupUsed[g] + c <= quota) {
        s = N;
        scan: for (let pass = 0; pass < 2; pass++) {
          const hi = pass === 0 ? N : start;
          for (let n = this.nextCand(pass === 0 ? start : 0, hi); n >= 0; n = this.nextCand(n + 1, hi)) {
            if (this.fits(n, c, m) && this.eligible(n) && !J.blacklists(j, n) && ((fresh && rackOf[n] !== r) || !this.hasOn(j, n))) {
              this.launch(j, n, 0, -1, startAt);
              J.pending[j]--;
              if (J.pending[j] > 0 && this.groupUsed[g] + c <= quota) continue;
              this.cursor = n + 1 === N ? 0 : n + 1;
              s = n >= start ? n - start + 1 : N - start + n + 1;
              break scan;
            }
          }
        }
      }
      if (s === N && J.pending[j] > 0) room = false;
    }
    if (J.pending[j] > 0) this.enqueue(j);
    else this.dequeue(j);
    return room;
  }

  /** Starts a backup attempt of straggling attempt i on another server; false when none has room. */
  placeBackup(i: number): boolean {
    const I = this.inst,
      J = this.jobs,
      p = this.sim.params;
    const j = I.job[i];
    const c = p['scheduler.instanceCores'],
      m = p['scheduler.instanceMemGB'];
    if (this.masterUp === 0 || this.groupUsed[J.group[j]] + c > this.quota()) return false;
    const N = this.topo.nodes;
    const avoid = I.node[i];
    for (let s = 0; s < N; s++) {
      const n = this.cursor;
      this.cursor = n + 1 === N ? 0 : n + 1;
      if (n !== avoid && this.fits(n, c, m) && this.eligible(n) && !J.blacklists(j, n)) {
        this.launch(j, n, F_BACKUP, i);
        J.backups[j]++;
        this.sim.count('backupInstances');
        return true;
      }
    }
    return false;
  }

  /** The scheduler's view: cores in use on server n. */
  usedCores(n: number): number {
    return this.coresPerNode - this.freeCpu[n];
  }
}
