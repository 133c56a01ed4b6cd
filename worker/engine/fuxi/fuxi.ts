/**
 * Fuxi, the job scheduler (S1–S3), composed: the job mix and arrivals, the
 * instance pool, the master's resource scheduling, slow-server detection, the
 * blacklist (fed by the jobs' marks and by the machines' own health checks) and failover. Also what the engine reports about it: frame part,
 * summary group, charted series.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Metrics } from '../metrics';
import type { EngineContext } from '../context';
import { Instances } from './instances';
import { Jobs, drawJob, nextArrivalGap, type JobDraw } from './jobs';
import { Scheduler } from './scheduler';
import { SlowServers } from './slowServer';
import { Blacklist } from './blacklist';
import { HealthCheck } from './healthCheck';
import { Cohort } from './cohort';
import { Failover, POLL_TICKS, TICK_MS } from './failover';

/** Finished jobs kept (with their instances) so the page can still open them. */
export const RETIRED = 32;

export interface FuxiCounts {
  /** jobs submitted and not yet finished */
  activeJobs: number;
  /** jobs with at least one instance running */
  runningJobs: number;
  /** jobs with nothing running, waiting for resources */
  waitingJobs: number;
  runningInstances: number;
  pendingInstances: number;
  stragglersRunning: number;
  backupsRunning: number;
  /** cores in use ÷ cores offered */
  utilization: number;
  blacklisted: number;
  falselyBlacklisted: number;
  /** on the blacklist because their own health check reported them slow (the rest: the jobs' marks) */
  blacklistedByHealth: number;
  /** of those, truly healthy: a false report that ran `scheduler.healthPeriods` long */
  falselyByHealth: number;
  slowNotBlacklisted: number;
  masterUp: boolean;
  jobsCompleted: number;
  meanJobSlowdown: number;
}

export interface FuxiFrame {
  /** cores in use per server in the scheduler's view, 0–255 = 0–all */
  nodeAlloc: Uint8Array;
  counts: FuxiCounts;
}

export class Fuxi {
  readonly jobs: Jobs;
  readonly inst: Instances;
  readonly sched: Scheduler;
  readonly blacklist: Blacklist;
  /** the machines' own periodic checks, reported on the heartbeat (healthCheck.ts) */
  readonly health: HealthCheck;
  /** a fixed set of jobs followed to completion (cohort.ts) */
  readonly cohort: Cohort;
  readonly slow: SlowServers;
  readonly failover: Failover;
  /** finished jobs still held, oldest first (ring) */
  readonly retired = new Int32Array(RETIRED).fill(-1);
  private retiredPos = 0;
  private arrivalArmed = 0;
  private ticks = 0;
  private warming = false;
  jobsCompleted = 0;
  sumSlowdown = 0;
  private recentSum = 0;
  private recentN = 0;
  private lastSlowdown = 0;
  /** Called when a job finishes: (job number, arrival time, slowdown). For measurements; must not change state. */
  readonly jobTaps: ((id: number, arrivedAt: number, slowdown: number) => void)[] = [];
  private readonly draw: JobDraw = { tasks: 0, work: 0, group: 0, localRack: false };

  private readonly sim: Sim;
  private readonly topo: Topology;

  constructor(c: EngineContext) {
    ({ sim: this.sim, topo: this.topo } = c);
    const { sim, topo, servers } = c;
    this.jobs = new Jobs(sim);
    this.inst = new Instances(sim);
    this.blacklist = new Blacklist(sim, topo, servers);
    this.cohort = new Cohort(sim, this.jobs, this.jobTaps);
    this.sched = new Scheduler(c, this.jobs, this.inst, this.blacklist.on);
    this.slow = new SlowServers(c, this.jobs, this.inst, this.sched, this.blacklist);
    this.failover = new Failover(c, this.jobs, this.inst, this.sched, this.slow);
    this.health = new HealthCheck(sim, servers, this.sched, this.blacklist);
    this.sched.hooks = {
      beforeSample: (i, dur) => this.slow.beforeSample(i, dur),
      afterSample: (j) => this.slow.afterSample(j),
      stragglerEnded: (i) => this.slow.stragglerEnded(i),
      jobCompleted: (j) => this.jobCompleted(j),
    };
    this.blacklist.onRelease = (n) => this.sched.fillNode(n);
    this.blacklist.onHealthListed = (n) => this.slow.machineListed(n);
    sim.track('fuxi.retired', () => this.retired);
    for (const k of ['retiredPos', 'arrivalArmed', 'ticks', 'jobsCompleted', 'sumSlowdown', 'recentSum', 'recentN', 'lastSlowdown'] as const)
      sim.trackScalar('fuxi.' + k, () => this[k]);
    sim.on(EV.FUXI_JOB_ARRIVE, () => this.arrive());
    sim.on(EV.FUXI_TICK, () => this.tick());
    sim.at(TICK_MS, EV.FUXI_TICK);
    if (sim.params['scheduler.warmStart']) this.warmStart();
    this.armArrival();
  }

  private armArrival(): void {
    const gap = nextArrivalGap(this.sim);
    if (gap === Infinity) return;
    this.arrivalArmed = 1;
    this.sim.after(gap, EV.FUXI_JOB_ARRIVE);
  }

  private arrive(): void {
    this.arrivalArmed = 0;
    if (!this.sim.params['scheduler.enabled']) return;
    this.submit(this.sim.now);
    this.armArrival();
  }

  /** A new job from the mix, arrived at `at` (≤ now), placed at once where it fits. */
  submit(at: number): number {
    const J = this.jobs;
    const d = drawJob(this.sim, this.sched.groups, this.draw);
    const j = J.take(at);
    J.group[j] = d.group;
    J.tasks[j] = d.tasks;
    J.pending[j] = d.tasks;
    J.work[j] = d.work;
    J.rack[j] = this.sched.localityOf(J.serial[j], d.localRack);
    this.sim.count('jobsSubmitted');
    this.sched.place(j, !this.warming, at);
    return j;
  }

  /**
   * The cluster as if jobs had been arriving for a while before time 0: past
   * arrivals are placed in arrival order with their instances back-dated, so the
   * run starts in a steady state instead of an empty cluster.
   */
  private warmStart(): void {
    const p = this.sim.params;
    const span = 2 * p['scheduler.workMaxMinutes'] * 60_000;
    if (!(nextArrivalGap(this.sim) < Infinity)) return;
    this.warming = true;
    let t = -span;
    while (true) {
      t += nextArrivalGap(this.sim);
      if (t > 0) break;
      const j = this.submit(t);
      if (this.jobs.active[j] === 1 && this.jobs.done[j] >= this.jobs.tasks[j]) this.jobCompleted(j);
    }
    this.warming = false;
    // every job that still runs gets its straggler check armed
    for (let j = 0; j < this.jobs.hw; j++) if (this.jobs.active[j] === 1) this.slow.afterSample(j);
  }

  private jobCompleted(j: number): void {
    const J = this.jobs;
    J.active[j] = 2;
    J.checkTok[j] = 0;
    if (!this.warming) {
      const slowdown = (this.sim.now - J.arrive[j]) / J.work[j];
      this.jobsCompleted++;
      this.sumSlowdown += slowdown;
      this.recentSum += slowdown;
      this.recentN++;
      this.sim.count('jobsCompleted');
      for (const f of this.jobTaps) f(J.serial[j], J.arrive[j], slowdown);
    }
    const old = this.retired[this.retiredPos];
    if (old >= 0) this.free(old);
    this.retired[this.retiredPos] = j;
    this.retiredPos = (this.retiredPos + 1) % RETIRED;
  }

  /** Returns a finished job and its instance slots to the pools. */
  private free(j: number): void {
    const I = this.inst;
    for (let i = this.jobs.head[j]; i >= 0;) {
      const next = I.jnext[i];
      I.give(i);
      i = next;
    }
    this.jobs.give(j);
  }

  private tick(): void {
    if (++this.ticks % POLL_TICKS === 0) this.failover.pollSpeeds();
    this.sched.dropStaleCompletions();
    if (!this.arrivalArmed) this.armArrival();
    this.sim.after(TICK_MS, EV.FUXI_TICK);
  }

  /** The `scheduler-master-fail` action. */
  masterFail(): void {
    if (this.failover.masterFail()) this.sim.note({ code: 'sched.masterFail', user: true, v: this.sim.params['scheduler.masterFailoverMs'] });
  }

  meanJobSlowdown(): number {
    return this.jobsCompleted ? this.sumSlowdown / this.jobsCompleted : 0;
  }

  /** Mean slowdown of the jobs finished since the last call (the last value if none). */
  takeRecentSlowdown(): number {
    if (this.recentN > 0) {
      this.lastSlowdown = this.recentSum / this.recentN;
      this.recentSum = 0;
      this.recentN = 0;
    }
    return this.lastSlowdown;
  }

  utilization(): number {
    let free = 0;
    const f = this.sched.freeCpu;
    for (let n = 0; n < f.length; n++) free += f[n];
    return 1 - free / this.sched.totalCores;
  }

  addSeries(m: Metrics): void {
    m.add('runningJobs', () => this.jobs.live - this.retiredCount());
    m.add('schedUtil', () => this.utilization());
    m.add('blacklisted', () => this.blacklist.size);
    m.add('jobSlowdown', () => this.takeRecentSlowdown());
  }

  private retiredCount(): number {
    let k = 0;
    for (const j of this.retired) if (j >= 0) k++;
    return k;
  }

  counts(): FuxiCounts {
    const J = this.jobs;
    let active = 0,
      running = 0,
      pending = 0;
    for (let j = 0; j < J.hw; j++) {
      if (J.active[j] !== 1) continue;
      active++;
      if (J.running[j] > 0) running++;
      pending += J.pending[j];
    }
    const b = this.blacklist.counts();
    return {
      activeJobs: active,
      runningJobs: running,
      waitingJobs: active - running,
      runningInstances: this.sched.runningInst,
      pendingInstances: pending,
      stragglersRunning: this.sched.liveStragglers,
      backupsRunning: this.sched.liveBackups,
      utilization: this.utilization(),
      blacklisted: b.blacklisted,
      falselyBlacklisted: b.falselyBlacklisted,
      blacklistedByHealth: b.byHealth,
      falselyByHealth: b.falselyByHealth,
      slowNotBlacklisted: b.slowNotBlacklisted,
      masterUp: this.sched.masterUp === 1,
      jobsCompleted: this.jobsCompleted,
      meanJobSlowdown: this.meanJobSlowdown(),
    };
  }

  frame(): FuxiFrame {
    const n = this.topo.nodes;
    const alloc = new Uint8Array(n);
    const f = this.sched.freeCpu,
      cap = this.sched.coresPerNode;
    for (let i = 0; i < n; i++) alloc[i] = Math.round((255 * (cap - f[i])) / cap);
    return { nodeAlloc: alloc, counts: this.counts() };
  }

  summary() {
    const c = this.sim.counters;
    const b = this.blacklist.counts();
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      jobsCompleted: this.jobsCompleted,
      instancesCompleted: this.sched.instancesCompleted,
      blacklistedNodes: b.blacklisted,
      falselyBlacklisted: c.falselyBlacklisted ?? 0,
      meanJobSlowdown: r3(this.meanJobSlowdown()),
      jobsSubmitted: c.jobsSubmitted ?? 0,
      instancesRerun: c.instancesRerun ?? 0,
      stragglers: c.stragglers ?? 0,
      backupInstances: c.backupInstances ?? 0,
      nodesEverBlacklisted: c.nodesBlacklisted ?? 0,
      healthBlacklisted: c.healthBlacklisted ?? 0,
      healthFalselyBlacklisted: c.healthFalselyBlacklisted ?? 0,
      healthLifted: c.healthLifted ?? 0,
      slowNeverBlacklisted: b.slowNeverBlacklisted,
      instancesLaunched: this.sched.decisions,
      rackLocalShare: r3(this.sched.rackLocal / Math.max(1, this.sched.decisions)),
      schedulerFailovers: c.schedulerFailovers ?? 0,
      cohort: this.cohort.summary(),
    };
  }

  /** Whether a server is on the cluster blacklist (for the frame's state byte). */
  isBlacklisted(n: number): boolean {
    return this.blacklist.on[n] === 1;
  }
}
