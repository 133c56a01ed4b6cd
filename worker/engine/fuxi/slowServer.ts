/**
 * Slow-server detection (S3). A job's input is split evenly, so its instances
 * should take about the same time. Once a job has `scheduler.minSamples` finished
 * instances, an attempt running (or having run) longer than `scheduler.slowFactor`
 * × the job's mean run time is a straggler: its server is marked slow for that job
 * (the job puts it on its own blacklist and the cluster blacklist counts the mark)
 * and, with `scheduler.backupInstances`, a backup attempt starts elsewhere — the
 * first to finish wins, the other is killed.
 *
 * Checks are events, not scans: each job has at most one pending check, at the
 * time its oldest unflagged attempt would cross the threshold.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { EngineContext } from '../context';
import { type Instances, I_LOST, I_RUNNING, F_STRAGGLER } from './instances';
import type { Jobs } from './jobs';
import type { Scheduler } from './scheduler';
import type { Blacklist } from './blacklist';

/** Retry period for a straggler whose backup found no room (ours). */
export const BACKUP_RETRY_MS = 30_000;

export class SlowServers {
  private tokSeq = 0;
  private readonly sim: Sim;

  constructor(
    c: EngineContext,
    private readonly jobs: Jobs,
    private readonly inst: Instances,
    private readonly sched: Scheduler,
    private readonly blacklist: Blacklist,
  ) {
    const { sim } = c;
    this.sim = sim;
    sim.trackScalar('fuxi.slow.tokSeq', () => this.tokSeq);
    sim.on(EV.FUXI_JOB_CHECK, (j, tok) => this.onCheck(j, tok));
  }

  private enabled(): boolean {
    return this.sim.params['scheduler.slowDetection'];
  }

  private minSamples(j: number): number {
    return Math.max(1, Math.min(this.sim.params['scheduler.minSamples'], this.jobs.tasks[j] - 1));
  }

  /** Mean run time of job j's finished attempts, or 0 while too few have finished. */
  mean(j: number): number {
    const n = this.jobs.n[j];
    return n >= this.minSamples(j) ? this.jobs.sum[j] / n : 0;
  }

  /** An attempt finished after `dur` ms: judged against the mean before it counts. */
  beforeSample(i: number, dur: number): void {
    if (!this.enabled() || this.inst.flags[i] & F_STRAGGLER) return;
    const mean = this.mean(this.inst.job[i]);
    if (mean > 0 && dur > this.sim.params['scheduler.slowFactor'] * mean) this.flag(i, dur / mean);
  }

  /**
   * A straggler ended (finished, or killed when its backup won): the evidence
   * against its server becomes how slow the attempt really was — its run time, or
   * for a killed one the run time its progress projected — not the 3× at which
   * it was caught.
   */
  stragglerEnded(i: number): void {
    const r = this.projectedRatio(i);
    if (r > 0) this.blacklist.raiseRatio(this.inst.node[i], this.jobs.serial[this.inst.job[i]], r);
  }

  /**
   * Attempt i's run time as its progress shows it now (elapsed plus the work left
   * at its current rate), ÷ its job's mean; 0 while the job has no mean. Reads
   * only: safe for views.
   */
  projectedRatio(i: number): number {
    const I = this.inst,
      now = this.sim.now;
    const mean = this.mean(I.job[i]);
    if (mean <= 0) return 0;
    const rate = I.rate[i];
    const left = rate > 0 ? Math.max(0, I.remain[i] - Math.max(0, now - I.last[i]) * rate) / rate : 0;
    return (now - I.start[i] + left) / mean;
  }

  afterSample(j: number): void {
    if (this.enabled()) this.scheduleCheck(j);
  }

  /** Marks attempt i a straggler and its server slow for its job. */
  private flag(i: number, ratio: number): void {
    const I = this.inst,
      J = this.jobs;
    const j = I.job[i],
      n = I.node[i];
    I.flags[i] |= F_STRAGGLER;
    if (I.state[i] === I_RUNNING || I.state[i] === I_LOST) this.sched.liveStragglers++;
    J.stragglers[j]++;
    this.sim.count('stragglers');
    if (J.addBlacklist(j, n)) this.blacklist.mark(n, J.serial[j], ratio);
  }

  /**
   * Server n went on the cluster blacklist because its own health check reported it slow:
   * every JobMaster with an attempt there treats that attempt as a straggler now (its own
   * list learns the server; a backup starts elsewhere), instead of waiting for the attempt
   * to run `scheduler.slowFactor` × its job's mean — the job level fed by the cluster level.
   * An attempt whose twin is on a listed server too (a backup started before that server
   * was found out) has no healthy copy: it is killed, and the twin gets a backup elsewhere.
   */
  machineListed(n: number): void {
    if (!this.enabled() || !this.sim.params['scheduler.backupOnHealth']) return;
    const I = this.inst;
    for (let i = this.sched.nodeHead[n]; i >= 0;) {
      const at = i;
      i = I.nnext[i]; // read before a kill unlinks it
      this.listedAttempt(at, n);
    }
  }

  /** One attempt on server n, which its health check has just listed (machineListed). */
  private listedAttempt(i: number, n: number): void {
    const I = this.inst,
      J = this.jobs;
    if (I.state[i] !== I_RUNNING && I.state[i] !== I_LOST) return;
    const j = I.job[i],
      tw = I.twin[i];
    if (!(I.flags[i] & F_STRAGGLER)) {
      I.flags[i] |= F_STRAGGLER;
      this.sched.liveStragglers++;
      J.stragglers[j]++;
      this.sim.count('stragglers');
      this.sim.count('healthStragglers');
    }
    J.addBlacklist(j, n);
    const twinLive = tw >= 0 && (I.state[tw] === I_RUNNING || I.state[tw] === I_LOST);
    if (twinLive && this.blacklist.on[I.node[tw]]) {
      this.sched.kill(i); // the twin carries the task ...
      this.sim.count('healthTwinsRescued');
      if (!this.tryBackup(tw)) this.scheduleCheck(j, this.sim.now + BACKUP_RETRY_MS); // ... and gets a backup elsewhere
    } else if (!this.tryBackup(i)) this.scheduleCheck(j, this.sim.now + BACKUP_RETRY_MS);
  }

  /** Starts a backup for straggler i unless it has one (or backups are off); false when no server has room. */
  private tryBackup(i: number): boolean {
    if (!this.sim.params['scheduler.backupInstances'] || this.inst.twin[i] >= 0) return true;
    return this.sched.placeBackup(i);
  }

  /**
   * (Re)arms job j's check at the earliest time one of its attempts could become
   * a straggler (or at `retryAt`), unless an earlier check is armed already.
   * Attempts are listed in launch order, so the first unflagged running one is
   * the oldest; `jobs.scan` skips the finished head of the list.
   */
  scheduleCheck(j: number, retryAt = Infinity): void {
    const I = this.inst,
      J = this.jobs,
      now = this.sim.now;
    const mean = this.mean(j);
    if (mean <= 0) return;
    let i = J.scan[j] >= 0 ? J.scan[j] : J.head[j];
    while (i >= 0 && I.state[i] !== I_RUNNING && I.state[i] !== I_LOST) i = I.jnext[i];
    J.scan[j] = i;
    let t = retryAt;
    for (; i >= 0; i = I.jnext[i]) {
      const s = I.state[i];
      if ((s === I_RUNNING || s === I_LOST) && !(I.flags[i] & F_STRAGGLER)) {
        const x = I.start[i] + this.sim.params['scheduler.slowFactor'] * mean; // = start + thr in onCheck
        if (x < t) t = x;
        break;
      }
    }
    if (t === Infinity) return;
    if (t < now) t = now;
    if (J.checkTok[j] !== 0 && J.checkAt[j] <= t && J.checkAt[j] >= now) return; // an earlier check is armed
    this.tokSeq = this.tokSeq >= 0x7ffffffe ? 1 : this.tokSeq + 1;
    J.checkTok[j] = this.tokSeq;
    J.checkAt[j] = t;
    this.sim.at(t, EV.FUXI_JOB_CHECK, j, this.tokSeq);
  }

  private onCheck(j: number, tok: number): void {
    const I = this.inst,
      J = this.jobs,
      now = this.sim.now;
    if (J.checkTok[j] !== tok || J.active[j] !== 1) return;
    J.checkTok[j] = 0;
    J.checkAt[j] = Infinity;
    if (!this.enabled()) return;
    if (this.sched.masterUp === 0) return; // re-armed when the standby takes over
    const mean = this.mean(j);
    if (mean <= 0) return;
    const thr = this.sim.params['scheduler.slowFactor'] * mean;
    let retry = false;
    for (let i = J.scan[j] >= 0 ? J.scan[j] : J.head[j]; i >= 0; i = I.jnext[i]) {
      const s = I.state[i];
      if (s !== I_RUNNING && s !== I_LOST) continue;
      if (!(I.flags[i] & F_STRAGGLER)) {
        if (I.start[i] + thr > now) break; // later ones started later (same expression as scheduleCheck's)
        this.flag(i, (now - I.start[i]) / mean);
        if (!this.tryBackup(i)) retry = true;
      } else if (!this.tryBackup(i)) retry = true;
    }
    this.scheduleCheck(j, retry ? now + BACKUP_RETRY_MS : Infinity);
  }
}
