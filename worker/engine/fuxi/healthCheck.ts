/**
 * The machine's own health check, the cluster level of Fuxi's multi-level blacklist
 * that does not wait for jobs (the Fuxi paper, PVLDB 2014 [fuxi]: FuxiMaster blacklists
 * machines from its FuxiAgents' heartbeats and the agents' periodic checks of their own
 * machine — disk statistics, load, a probe — besides the JobMasters' reports of failed
 * and slow instances, which `blacklist.ts` counts).
 *
 * Every `scheduler.healthCheckMs` each FuxiAgent on a running machine times a short
 * probe and reports, on its heartbeat, how long it took ÷ what it should take on that
 * machine. The probe measures the machine as it is — its true slow-down factor — but
 * shares it with the instances running there and varies from run to run:
 *
 *   reported = slow × (1 + `scheduler.healthProbeLoad` × cores allocated ÷ cores)
 *              × log-normal noise (σ = `scheduler.healthProbeSigma`, mean 1)
 *
 * so a healthy busy machine now and then reports a slow probe (a false report) and a
 * mildly slowed one can pass (a miss). FuxiMaster keeps each machine's run of bad
 * reports (over `scheduler.healthThreshold`) and of good ones: after
 * `scheduler.healthPeriods` bad reports in a row the machine goes on the cluster
 * blacklist (reason: health check), within the same bound `scheduler.blacklistCap` as
 * the jobs' marks; a machine the check put there is lifted after as many good reports
 * in a row. How fast a slow machine is found thus no longer depends on how many are
 * slow, nor on how many jobs happen to run there.
 *
 * Ground truth (`servers.slow`, `servers.truth`) is read only as what the probe
 * measures; what FuxiMaster believes is the reports. A down machine sends no report
 * (the heartbeat detector deals with it) and its runs start again when it is back.
 * Off with `scheduler.healthCheck` or `scheduler.slowDetection`; no reports reach a
 * failed scheduler master.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import { type Servers, UP } from '../cluster/servers';
import type { Rng } from '../core/rng';
import * as dm from '../core/detmath';
import type { Scheduler } from './scheduler';
import type { Blacklist } from './blacklist';

/** Runs of reports are counted up to this (one byte). */
const RUN_MAX = 255;

/**
 * One probe's duration ÷ its expected duration on that machine: the true slow-down,
 * stretched by the share of cores allocated, times log-normal noise from a standard
 * normal `z` (mean 1 over z). Pure: the check and its tests share it.
 */
export function probeRatio(slow: number, allocated: number, loadCost: number, sigma: number, z: number): number {
  const noise = sigma > 0 ? dm.exp(sigma * z - (sigma * sigma) / 2) : 1;
  return slow * (1 + loadCost * allocated) * noise;
}

export class HealthCheck {
  /** the last reported probe ratio per server (0 = none yet, or down) */
  readonly last: Float32Array;
  /** bad reports in a row */
  readonly bad: Uint8Array;
  /** good reports in a row */
  readonly good: Uint8Array;
  /** reports received, and how many were bad */
  reports = 0;
  badReports = 0;
  private readonly rng: Rng;

  constructor(
    private readonly sim: Sim,
    private readonly servers: Servers,
    private readonly sched: Scheduler,
    private readonly blacklist: Blacklist,
  ) {
    const n = servers.truth.length;
    this.last = new Float32Array(n);
    this.bad = new Uint8Array(n);
    this.good = new Uint8Array(n);
    for (const [k, a] of Object.entries({ last: this.last, bad: this.bad, good: this.good })) sim.track('fuxi.health.' + k, () => a);
    for (const k of ['reports', 'badReports'] as const) sim.trackScalar('fuxi.health.' + k, () => this[k]);
    this.rng = sim.rng.get('fuxi.health');
    sim.on(EV.FUXI_HEALTH, () => this.round());
    sim.at(sim.params['scheduler.healthCheckMs'], EV.FUXI_HEALTH);
  }

  private enabled(): boolean {
    const p = this.sim.params;
    return p['scheduler.healthCheck'] && p['scheduler.slowDetection'] && this.sched.masterUp === 1;
  }

  /** One period: every running machine's report reaches FuxiMaster, which judges it. */
  private round(): void {
    const p = this.sim.params;
    this.sim.after(p['scheduler.healthCheckMs'], EV.FUXI_HEALTH);
    if (!this.enabled()) return;
    const thr = p['scheduler.healthThreshold'],
      k = p['scheduler.healthPeriods'],
      load = p['scheduler.healthProbeLoad'],
      sigma = p['scheduler.healthProbeSigma'];
    const { truth, slow } = this.servers;
    const cores = this.sched.coresPerNode,
      free = this.sched.freeCpu;
    const bl = this.blacklist;
    const listed: number[] = [];
    for (let n = 0; n < truth.length; n++) {
      if (truth[n] !== UP) {
        this.last[n] = 0;
        this.bad[n] = 0;
        this.good[n] = 0;
        continue;
      }
      const r = probeRatio(slow[n], (cores - free[n]) / cores, load, sigma, this.rng.normal());
      this.last[n] = r;
      this.reports++;
      if (r >= thr) {
        this.badReports++;
        this.good[n] = 0;
        if (this.bad[n] < RUN_MAX) this.bad[n]++;
        if (this.bad[n] >= k && !bl.on[n] && bl.addFromHealth(n, r)) listed.push(n);
      } else {
        this.bad[n] = 0;
        if (this.good[n] < RUN_MAX) this.good[n]++;
        if (this.good[n] >= k && bl.on[n] && bl.listedByHealth(n)) bl.liftFromHealth(n);
      }
    }
    // the JobMasters hear of the round's listings together, so no backup lands on a server listed in the same round
    for (const n of listed) bl.onHealthListed(n);
  }
}
