/**
 * Issue 4's engine side, composed: the recovery guard (policies, circuit breaker, the
 * 1 % offline cap — R1–R3), the file-system master's failover and restart (F4), and
 * Huatuo's repair loop (R4). Frame and summary parts for the page and the CLI.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Network } from '../cluster/network';
import type { Pangu } from '../pangu/pangu';
import type { Metrics } from '../metrics';
import type { EngineContext } from '../context';
import { RecoveryGuard } from './guard';
import { FsMaster } from '../master/failover';
import { Huatuo, type HuatuoCounts } from './huatuo';
import type { Policy } from './policy';

export interface RecoveryFrame {
  policy: Policy;
  /** guarded: the circuit breaker is open — automatic recovery is off */
  tripped: boolean;
  trips: number;
  /** the file-system master is down (belief frozen) */
  masterDown: boolean;
  /** a restarted master waits for chunk reports: no re-replication */
  safeMode: boolean;
  /** recovery traffic offered to the network vs delivered through it, Gb/s */
  demandGbps: number;
  deliveredGbps: number;
  /** guarded: the cluster-wide cap on recovery traffic now, Gb/s (0 while shed) */
  capGbps: number;
  /** disks offline now (slow-disk step 3) and the most allowed at once */
  offlineDisks: number;
  offlineLimit: number;
  /** Huatuo: disks per repair state */
  huatuo: HuatuoCounts;
  /** re-registered servers whose chunk report waits at the master (their replicas do not count yet) */
  reportsWaiting: number;
  /** simulated ms the oldest waiting report has waited */
  reportWaitMs: number;
  /** share of the last tick the master spent processing chunk reports */
  reportBusyShare: number;
}

export class Recovery {
  readonly master: FsMaster;
  readonly guard: RecoveryGuard;
  readonly huatuo: Huatuo;

  readonly sim: Sim;
  readonly topo: Topology;
  readonly net: Network;

  constructor(
    c: EngineContext,
    readonly pangu: Pangu,
  ) {
    ({ sim: this.sim, topo: this.topo, net: this.net } = c);
    this.master = new FsMaster(c.sim, c.servers, c.detector, pangu.table);
    this.guard = new RecoveryGuard(c, pangu, this.master);
    this.huatuo = new Huatuo(c, pangu);
    // A master that is down processes no chunk reports (one in safe mode does: that is what it waits for).
    pangu.reports.paused = () => this.master.down === 1;
    this.master.onColdStart = () => pangu.forgetLocations();
  }

  addSeries(m: Metrics): void {
    m.add('recoveryDemandGbps', () => this.pangu.rereplication.offeredGbps);
    m.add('falselyDead', () => this.guard.falselyDeadNow);
    m.add('breakerTripped', () => this.guard.tripped);
    m.add('reportsWaiting', () => this.pangu.reports.waiting);
  }

  frame(): RecoveryFrame {
    const r = this.pangu.rereplication;
    return {
      policy: this.guard.policy,
      tripped: this.guard.tripped === 1,
      trips: this.guard.trips,
      masterDown: this.master.down === 1,
      safeMode: this.master.safeMode === 1,
      demandGbps: r.offeredGbps,
      deliveredGbps: r.nicGbps,
      capGbps: r.gate.maxGbps(),
      offlineDisks: this.pangu.offlineDisks,
      offlineLimit: this.guard.offlineLimit(),
      huatuo: { ...this.huatuo.counts },
      reportsWaiting: this.pangu.reports.waiting,
      reportWaitMs: this.pangu.reports.oldestWaitMs,
      reportBusyShare: this.pangu.reports.busyShare,
    };
  }

  /** cli.md `recovery: { policy, circuitBreakerTrips, peakRecoveryGbps }`, plus detail. */
  summary() {
    const g = this.guard;
    const m = this.master;
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      policy: g.policy,
      circuitBreakerTrips: g.trips,
      peakRecoveryGbps: r3(this.pangu.rereplication.peakGbps),
      peakRecoveryDemandGbps: r3(g.peakOfferedGbps),
      peakFalselyDead: g.peakFalselyDead,
      peakBelievedDead: g.peakBelievedDead,
      breakerOpenNow: g.tripped === 1,
      masterFailovers: m.failovers,
      masterRestarts: m.restarts,
      lastSafeModeMs: m.lastSafeModeMs,
      huatuoRepaired: this.sim.counters.huatuoRepaired ?? 0,
      systemDiskFailures: this.sim.counters.systemDiskFailures ?? 0,
      chunkReports: this.sim.counters.chunkReports ?? 0,
      chunkReportsProcessed: this.pangu.reports.processed,
      peakReportsWaiting: this.pangu.reports.peakWaiting,
    };
  }
}
