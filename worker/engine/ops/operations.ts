/**
 * Operating the 5,000 servers (O1–O4, P7), composed: the audit log, the master's
 * operation queue, monitoring with its default alert rules (alertRules.ts) and the deployment tool,
 * wired to the rest of the engine by listeners. The engine calls `tick` and
 * `tickNetwork` from its flow tick; the frame, summary and API read from here.
 */
import type { EngineContext } from '../context';
import { UP } from '../cluster/servers';
import type { DetectorCorruption } from '../faults/detectorCorruption';
import type { Metrics } from '../metrics';
import { AuditLog } from './auditLog';
import { Monitoring, type AlertRecord } from './monitoring';
import { addOperationsRules } from './alertRules';
import { Deploy, PHASE_NAMES } from './deploy';
import { MasterLoad } from '../master/masterLoad';
import { DEPLOY_STOPPED, DEPLOY_UPGRADED } from '../../contract';

/** The engine's context (context.ts) plus the failure detector's corruption (an alert rule reads it). */
export interface OpsDeps extends EngineContext {
  readonly corruption: DetectorCorruption;
}

/** What the frame carries for operations: small. */
export interface OpsFrame {
  /** firing alerts, newest first (at most 8); `delayMs`: fired − (the condition's onset + the rule's duration), as the engine measured it (O3: 5 s) */
  alerts: { rule: string; severity: string; target: number; scope: string; firedMs: number; delayMs: number; value: number; autoHandled: boolean }[];
  alertsFiring: number;
  alertsFired: number;
  masterLatencyMs: number;
  masterP99Ms: number;
  masterQps: number;
  masterRejectedQps: number;
  masterUtilization: number;
  masterSlowdown: number;
  files: number;
  deployPhase: string;
  /** per rack: share of the package transferred (0–1), during and after a deployment */
  deployRackTransfer: Float32Array;
  /** per rack: bit 0 some servers stopped for the upgrade, bit 1 all on the target version */
  deployRackFlags: Uint8Array;
  /** what filled the latest cold deployment's service stop so far, ms per part (issue 14; DeployStatus.stopFillMs) */
  deployStopFillMs: Record<string, number>;
  /** per user (master.users, at most 64): p99 latency at the master over about the last master.p99WindowMs, ms (0: no operations) */
  userP99Ms: Float32Array;
  /** the user whose runaway job floods the master (file-flood), −1 when none */
  floodUser: number;
}

export class Operations {
  readonly audit: AuditLog;
  readonly master: MasterLoad;
  readonly monitoring: Monitoring;
  readonly deploy: Deploy;
  /** time each server last stopped being up, and was last declared dead (for alert onsets) */
  private readonly downSince: Float64Array;
  /** servers not up per rack, kept incrementally */
  private readonly rackDown: Int32Array;
  private readonly rackDownSince: Float64Array;

  constructor(private readonly d: OpsDeps) {
    const { sim, topo } = d;
    this.audit = new AuditLog(sim, topo);
    this.master = new MasterLoad(sim, topo, this.audit);
    this.monitoring = new Monitoring(sim, topo);
    this.deploy = new Deploy(sim, topo, d.servers, this.master);
    this.downSince = new Float64Array(topo.nodes).fill(-1);
    this.rackDown = new Int32Array(topo.racks);
    this.rackDownSince = new Float64Array(topo.racks).fill(-1);
    sim.track('ops.downSince', () => this.downSince);
    sim.track('ops.rackDown', () => this.rackDown);
    d.servers.listeners.push((node, before, after) => this.onTruth(node, before, after));
    d.detector.onDead.push((node) => this.monitoring.watchNode(node));
    d.detector.onAlive.push((node) => this.monitoring.watchNode(node));
    const { servers, net, detector, corruption } = d;
    addOperationsRules(this.monitoring, {
      sim,
      topo,
      servers,
      net,
      detector,
      corruption,
      master: this.master,
      rackDown: this.rackDown,
      rackDownSince: this.rackDownSince,
      downSince: this.downSince,
    });
    this.addDefaultMetrics();
  }

  private onTruth(node: number, before: number, after: number): void {
    const now = this.d.sim.now;
    const r = this.d.topo.rackOf[node];
    const threshold = Math.ceil(this.d.sim.params['ops.rackDownShare'] * this.d.topo.rackSize[r]);
    if (before === UP && after !== UP) {
      this.downSince[node] = now;
      this.rackDown[r]++;
      if (this.rackDown[r] === threshold) this.rackDownSince[r] = now;
    } else if (before !== UP && after === UP) {
      this.downSince[node] = -1;
      if (this.rackDown[r] === threshold) this.rackDownSince[r] = -1;
      this.rackDown[r]--;
    }
    this.monitoring.watchNode(node);
  }

  private addDefaultMetrics(): void {
    const { topo, net, workload } = this.d;
    const m = this.monitoring;
    const npr = topo.nodesPerRack;
    const rackMean = (a: ArrayLike<number>, r: number) => {
      let s = 0;
      const i1 = Math.min(topo.nodes, (r + 1) * npr);
      for (let i = r * npr; i < i1; i++) s += a[i];
      return s / topo.rackSize[r];
    };
    m.addMetric({ name: 'rack.load', scope: 'rack', unit: 'share', read: (r) => rackMean(workload.load, r) });
    m.addMetric({ name: 'rack.down', scope: 'rack', unit: 'servers', read: (r) => this.rackDown[r] });
    m.addMetric({ name: 'rack.uplinkUtil', scope: 'rack', unit: 'share', read: (r) => net.uplinkUtil[r] });
    m.addMetric({ name: 'rack.deployStopped', scope: 'rack', unit: 'share', read: (r) => rackMean(this.deploy.stopped, r) });
    m.addMetric({ name: 'cluster.coreUtil', scope: 'cluster', unit: 'share', read: () => net.coreUtil });
    m.addMetric({ name: 'cluster.down', scope: 'cluster', unit: 'servers', read: () => this.rackDown.reduce((a, b) => a + b, 0) });
    m.addMetric({ name: 'master.latencyMs', scope: 'cluster', unit: 'ms', read: () => this.master.latencyMs });
    m.addMetric({ name: 'master.qps', scope: 'cluster', unit: '/s', read: () => this.master.qps });
    m.addMetric({ name: 'master.rejectedQps', scope: 'cluster', unit: '/s', read: () => this.master.rejectedQps });
    m.addMetric({ name: 'master.files', scope: 'cluster', unit: 'files', read: () => this.master.files });
    // job throughput relative to normal: the master's slowdown is the whole cluster's
    m.addMetric({ name: 'cluster.jobThroughput', scope: 'cluster', unit: 'share', read: () => 1 / this.master.slowdown });
  }

  /** Charted series (sampled by the engine's Metrics). */
  addSeries(metrics: Metrics): void {
    metrics.add('masterLatencyMs', () => this.master.latencyMs);
    metrics.add('masterQps', () => this.master.qps);
    metrics.add('masterRejectedQps', () => this.master.rejectedQps);
    metrics.add('alertsFiring', () => this.monitoring.firingNow);
  }

  /** Flow tick, inside the network's begin/end: deployment traffic. */
  tickNetwork(dtMs: number): void {
    this.deploy.tick(dtMs, this.d.net);
  }

  /** Flow tick, after the network: the master's queue. */
  tick(dtMs: number): void {
    this.master.tick(dtMs);
  }

  frame(): OpsFrame {
    const { racks } = this.d.topo;
    const st = this.deploy;
    const rackTransfer = new Float32Array(racks);
    const flags = new Uint8Array(racks);
    if (st.deployments > 0) {
      const s = st.status();
      rackTransfer.set(s.rackTransfer);
      for (let r = 0; r < racks; r++) flags[r] = s.rackUpgraded[r] >= 1 ? DEPLOY_UPGRADED : 0;
      const npr = this.d.topo.nodesPerRack;
      for (let i = 0; i < st.stopped.length; i++) if (st.stopped[i]) flags[(i / npr) | 0] |= DEPLOY_STOPPED;
    }
    const mo = this.monitoring;
    return {
      alerts: mo.firing(8).map(slim),
      alertsFiring: mo.firingNow,
      alertsFired: mo.fired,
      masterLatencyMs: this.master.latencyMs,
      masterP99Ms: this.master.p99Ms,
      masterQps: this.master.qps,
      masterRejectedQps: this.master.rejectedQps,
      masterUtilization: this.master.utilization,
      masterSlowdown: this.master.slowdown,
      files: this.master.files,
      deployPhase: PHASE_NAMES[st.phase],
      deployRackTransfer: rackTransfer,
      deployRackFlags: flags,
      deployStopFillMs: st.stopFillNow(),
      userP99Ms: this.master.recentP99ByUser(),
      floodUser: this.master.floodUser,
    };
  }

  summaryGroups(counters: Record<string, number>) {
    const r1 = (x: number) => Math.round(x * 10) / 10;
    const mo = this.monitoring;
    const d = this.deploy.status();
    return {
      master: {
        files: Math.round(this.master.files),
        p99OpLatencyMs: r1(this.master.percentile(0.99)),
        rejectedOps: counters.masterRejectedOps ?? 0,
        peakSlowdown: r1(this.master.peakSlowdown),
        floodFilesCreated: this.master.floodCreated,
      },
      ops: {
        alertsFired: mo.fired,
        meanAlertDelayMs: mo.fired ? Math.round(mo.delaySum / mo.fired) : 0,
        maxAlertDelayMs: mo.maxDelay,
        alertsAutoHandled: Array.from(mo.autoByRule).reduce((a, b) => a + b, 0),
        repairTickets: counters.repairTickets ?? 0,
        disksReplaced: counters.disksReplaced ?? 0,
        logEntries: this.audit.entries,
      },
      deploy: {
        serviceDowntimeMs: Math.round(d.serviceDowntimeMs),
        distributionMs: Math.round(d.distributionMs),
        deployments: d.deployments,
        totalMs: Math.round(d.totalMs),
        meanServerDowntimeMs: Math.round(d.meanServerDowntimeMs),
        // the latest deployment's way (layout × transfer) and what filled its service stop (issue 14)
        way: d.way,
        stopFillMs: d.stopFillMs,
      },
    };
  }
}

function slim(a: AlertRecord) {
  return {
    rule: a.rule,
    severity: a.severity,
    target: a.target,
    scope: a.scope,
    firedMs: a.firedMs,
    delayMs: a.delayMs,
    value: a.value,
    autoHandled: a.autoHandled,
  };
}
