/**
 * The cluster blacklist (S3), the upper level of Fuxi's multi-level blacklist. The
 * lower level is per job: a job that finds a server slow stops using it at once
 * (`Jobs.addBlacklist`, its last `scheduler.jobBlacklistMax` servers) and leaves a mark here. Every
 * server keeps its most recent slow marks (which job, when, how many times the job's
 * mean); a server marked slow by `scheduler.blacklistJobs` different jobs within
 * `scheduler.markWindowMs` goes on the cluster blacklist and gets no new instances.
 * The cluster level has its own bound, `scheduler.blacklistCap` of the servers
 * (bounded automation, R2): 15 % by default, above the share of faulty servers the
 * Fuxi paper injected (10 %) — a bound below the real share of slow servers leaves the
 * rest to every job's own list, and doubling the faults then costs far more (issue
 * 14) — and below the spare cores, so a detector gone wrong cannot take the jobs' room. After
 * `scheduler.probationMs` a blacklisted server is checked: if it is healthy it is
 * released with a clean record, otherwise it stays for another probation.
 *
 * The machines' own health checks (`healthCheck.ts`) put servers on the same list,
 * within the same bound, without waiting for jobs: `reason` says which source listed a
 * server (`BL_JOBS`, `BL_HEALTH`), and a server the health check listed is lifted by it
 * when its reports are good again (or by probation, whichever comes first).
 *
 * Ground truth (`servers.slow`) is used only to count mistakes and by the check
 * itself (a probe that measures the server); marks come from job run times alone.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import { BL_JOBS, BL_HEALTH } from '../../contract';
import { marksOf, tracked, type DirtyBlocks } from '../core/dirty';

/** Why a server is on the cluster blacklist (`Blacklist.reason`): the jobs' slow marks, or its own health check. */
export { BL_JOBS, BL_HEALTH } from '../../contract';

/** Slow marks remembered per server. */
export const MARKS = 8;

export class Blacklist {
  /** 1 = on the cluster blacklist */
  readonly on: Uint8Array;
  /** 1 = was on the blacklist at some time */
  readonly ever: Uint8Array;
  readonly since: Float64Array;
  readonly epoch: Uint32Array;
  /** why the server is (or was last) on the list: BL_JOBS or BL_HEALTH (0 = never) */
  readonly reason: Uint8Array;
  readonly markT: Float64Array;
  readonly markJob: Int32Array;
  readonly markRatio: Float32Array;
  /** marks stored per server (≤ MARKS) and the ring position of the next one */
  readonly markN: Uint8Array;
  readonly markPos: Uint8Array;
  /** dirty marks of markT, markJob and markRatio for checkpoints (core/dirty.ts; bookkeeping, not state): mark() and raiseRatio() mark */
  readonly #markMarks: readonly DirtyBlocks[];
  size = 0;
  /** called for each server a health-check round listed, after the round (its jobs back up what runs there) */
  onHealthListed: (node: number) => void = () => {};
  /** called when a server is released (the scheduler fills it again) */
  onRelease: (node: number) => void = () => {};

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly servers: Servers,
  ) {
    const n = topo.nodes;
    this.on = new Uint8Array(n);
    this.ever = new Uint8Array(n);
    this.since = new Float64Array(n);
    this.epoch = new Uint32Array(n);
    this.reason = new Uint8Array(n);
    this.markT = new Float64Array(n * MARKS);
    this.markJob = new Int32Array(n * MARKS);
    this.markRatio = new Float32Array(n * MARKS);
    this.#markMarks = [this.markT, this.markJob, this.markRatio].map((a) => marksOf(tracked(a)));
    this.markN = new Uint8Array(n);
    this.markPos = new Uint8Array(n);
    for (const [k, a] of Object.entries({
      on: this.on,
      ever: this.ever,
      since: this.since,
      epoch: this.epoch,
      reason: this.reason,
      markT: this.markT,
      markJob: this.markJob,
      markRatio: this.markRatio,
      markN: this.markN,
      markPos: this.markPos,
    }))
      sim.track('fuxi.blacklist.' + k, () => a);
    sim.trackScalar('fuxi.blacklist.size', () => this.size);
    sim.on(EV.FUXI_PROBATION, (node, epoch) => this.probe(node, epoch));
  }

  /** Truly healthy: up and not slowed (ground truth). */
  healthy(node: number): boolean {
    return this.servers.truth[node] === UP && this.servers.slow[node] <= 1;
  }

  /** Different jobs that marked the server slow within the window. */
  recentMarks(node: number): number {
    const from = this.sim.now - this.sim.params['scheduler.markWindowMs'];
    const base = node * MARKS;
    let k = 0;
    for (let m = 0; m < this.markN[node]; m++) if (this.markT[base + m] >= from) k++;
    return k;
  }

  /** Job `jobSerial` found the server slow (its attempt took `ratio` × the job's mean). */
  mark(node: number, jobSerial: number, ratio: number): void {
    const base = node * MARKS;
    const pos = this.markPos[node];
    this.markT[base + pos] = this.sim.now;
    this.markJob[base + pos] = jobSerial;
    this.markRatio[base + pos] = ratio;
    for (const m of this.#markMarks) m.mark(base + pos);
    this.markPos[node] = (pos + 1) % MARKS;
    if (this.markN[node] < MARKS) this.markN[node]++;
    this.sim.count('slowMarks');
    if (this.on[node]) return;
    if (this.recentMarks(node) < this.sim.params['scheduler.blacklistJobs']) return;
    if (this.full()) return;
    this.add(node, BL_JOBS, this.recentMarks(node));
  }

  /** The cluster bound is reached (counts the refusal). */
  private full(): boolean {
    if (this.size + 1 <= this.sim.params['scheduler.blacklistCap'] * this.topo.nodes) return false;
    this.sim.count('blacklistCapped');
    return true;
  }

  /**
   * The server's health check reported it bad `scheduler.healthPeriods` times in a row, the
   * last at `ratio` × its expected probe time; true when it went on the list (the caller
   * then tells the jobs, `onHealthListed`).
   */
  addFromHealth(node: number, ratio: number): boolean {
    if (this.on[node] || this.full()) return false;
    this.add(node, BL_HEALTH, Math.round(ratio * 10) / 10);
    return true;
  }

  /** On the list because of its own health check. */
  listedByHealth(node: number): boolean {
    return this.on[node] === 1 && this.reason[node] === BL_HEALTH;
  }

  /** Its health check reports it good again: off the list (only a server the check listed). */
  liftFromHealth(node: number): void {
    if (!this.listedByHealth(node)) return;
    this.sim.count('healthLifted');
    this.release(node, 'sched.healthLifted');
  }

  /** The mark job `jobSerial` left on the server, if still kept, now shows at least `ratio`. */
  raiseRatio(node: number, jobSerial: number, ratio: number): void {
    const base = node * MARKS;
    for (let m = 0; m < this.markN[node]; m++)
      if (this.markJob[base + m] === jobSerial && this.markRatio[base + m] < ratio) {
        this.markRatio[base + m] = ratio;
        this.#markMarks[2].mark(base + m);
      }
  }

  /** Puts a server on the list for `reason`; `v` is the evidence the log shows (jobs' marks, or the probe ratio). */
  private add(node: number, reason: number, v: number): void {
    this.on[node] = 1;
    this.ever[node] = 1;
    this.since[node] = this.sim.now;
    this.epoch[node]++;
    this.reason[node] = reason;
    this.size++;
    this.sim.count('nodesBlacklisted');
    const health = reason === BL_HEALTH;
    if (health) this.sim.count('healthBlacklisted');
    const falsely = this.healthy(node);
    if (falsely) {
      this.sim.count('falselyBlacklisted');
      if (health) this.sim.count('healthFalselyBlacklisted');
    }
    const code = health
      ? falsely
        ? 'sched.healthFalselyBlacklisted'
        : 'sched.healthBlacklisted'
      : falsely
        ? 'sched.falselyBlacklisted'
        : 'sched.blacklisted';
    this.sim.note({ code, node, rack: this.topo.rackOf[node], v });
    this.sim.after(this.sim.params['scheduler.probationMs'], EV.FUXI_PROBATION, node, this.epoch[node]);
  }

  /** The automatic check at the end of probation. */
  private probe(node: number, epoch: number): void {
    if (!this.on[node] || this.epoch[node] !== epoch) return;
    if (this.healthy(node)) this.release(node, 'sched.released');
    else {
      this.sim.count('probesFailed');
      this.sim.after(this.sim.params['scheduler.probationMs'], EV.FUXI_PROBATION, node, epoch);
    }
  }

  /** Off the list with a clean record; `code` says who let it go. */
  private release(node: number, code: string): void {
    this.on[node] = 0;
    this.size--;
    this.markN[node] = 0;
    this.markPos[node] = 0;
    this.sim.count('nodesReleased');
    this.sim.note({ code, node, rack: this.topo.rackOf[node] });
    this.onRelease(node);
  }

  counts() {
    let falsely = 0,
      byHealth = 0,
      falselyByHealth = 0,
      slowNotBlacklisted = 0,
      slowNeverBlacklisted = 0;
    const slow = this.servers.slow;
    for (let n = 0; n < this.on.length; n++) {
      if (this.on[n]) {
        const h = this.reason[n] === BL_HEALTH;
        if (h) byHealth++;
        if (this.healthy(n)) {
          falsely++;
          if (h) falselyByHealth++;
        }
      } else if (slow[n] > 1 && this.servers.truth[n] === UP) {
        slowNotBlacklisted++;
        if (!this.ever[n]) slowNeverBlacklisted++;
      }
    }
    return { blacklisted: this.size, falselyBlacklisted: falsely, byHealth, falselyByHealth, slowNotBlacklisted, slowNeverBlacklisted };
  }
}
