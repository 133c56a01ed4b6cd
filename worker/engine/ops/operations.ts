/**
 * Operating the 5,000 servers (O1–O4, P7), composed: the audit log, the master's
 * operation queue, monitoring with its default alert rules and the deployment tool,
 * wired to the rest of the engine by listeners. The engine calls `tick` and
 * `tickNetwork` from its flow tick; the frame, summary and API read from here.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import type { Network } from '../cluster/network';
import { DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import type { DetectorCorruption } from '../faults/detectorCorruption';
import type { Metrics } from '../metrics';
import type { BackgroundWorkload } from '../workload/background';
import { AuditLog } from './auditLog';
import { Monitoring, type AlertRecord } from './monitoring';
import { Deploy, PHASE_NAMES } from './deploy';
import { MasterLoad } from '../master/masterLoad';
import { DEPLOY_STOPPED, DEPLOY_UPGRADED } from '../../contract';

export interface OpsDeps {
  sim: Sim;
  topo: Topology;
  servers: Servers;
  net: Network;
  detector: HeartbeatDetector;
  corruption: DetectorCorruption;
  workload: BackgroundWorkload;
}

/** What the frame carries for operations: small. */
export interface OpsFrame {
  /** firing alerts, newest first (at most 8) */
  alerts: { rule: string; severity: string; target: number; scope: string; firedMs: number; value: number; autoHandled: boolean }[];
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
    this.addDefaultRules();
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

  private addDefaultRules(): void {
    const { sim, topo, servers, net, detector, corruption } = this.d;
    const p = sim.params;
    const m = this.monitoring;
    let massAt = -1, mass = false;
    const rackOn = (r: number) => servers.rackPower[r] === 1 && servers.dcPower === 1 && servers.domainPower[topo.domainOf[r]] === 1;
    const rackDown = (r: number) => servers.torUp[r] === 0 || !rackOn(r) || this.rackDown[r] >= Math.ceil(p['ops.rackDownShare'] * topo.rackSize[r]);
    m.addRule({
      id: 'node-down', doc: 'a server is down (crashed, booting, without power or gone)', scope: 'node', severity: 'warning', owner: 'sre',
      forMs: () => p['ops.nodeDownForMs'],
      test: (i) => servers.truth[i] !== UP,
      since: (i) => this.downSince[i],
      suppressed: (i) => rackDown(topo.rackOf[i]),
      // handled automatically once the master has declared it dead and moved its work
      autoHandled: (i) => detector.belief[i] === DEAD,
    });
    m.addRule({
      id: 'node-falsely-dead', doc: 'the master believes a server dead that is up and reachable (lost heartbeats)', scope: 'node', severity: 'critical', owner: 'pangu',
      // Held a heartbeat and an evaluation pass: a server back from a restart, a repair
      // or a dark rack is heard within one heartbeat and must not page; and a wave of
      // them is seen by the cluster rule below first and folded into its one alarm.
      // The onset is when it first looked so (not when it was declared dead, which may
      // be hours before it came back).
      forMs: () => p['ops.alertEvalMs'] + p['detection.heartbeatIntervalMs'],
      test: (i) => detector.belief[i] === DEAD && servers.reachable(i),
      suppressed: () => {
        // asked for every watched server in a pass: read the cluster rule once per pass
        if (massAt !== sim.now) {
          massAt = sim.now;
          mass = (m.conditionCount.get('mass-false-death') ?? 0) > 0;
        }
        return mass;
      },
    });
    m.addRule({
      id: 'rack-down', doc: `a rack is unreachable: switch down, power off, or most of its servers down`, scope: 'rack', severity: 'critical', owner: 'sre',
      forMs: () => 0,
      test: rackDown,
      value: (r) => this.rackDown[r],
      since: (r) => (this.rackDownSince[r] >= 0 ? this.rackDownSince[r] : sim.now),
    });
    m.addRule({
      id: 'uplink-saturated', doc: 'a rack uplink runs near or above capacity', scope: 'rack', severity: 'warning', owner: 'network',
      forMs: () => p['ops.linkForMs'],
      test: (r) => net.uplinkUtil[r] >= p['ops.linkUtilAlert'],
      value: (r) => net.uplinkUtil[r],
    });
    m.addRule({
      id: 'core-saturated', doc: 'the core network runs near or above capacity', scope: 'cluster', severity: 'critical', owner: 'network',
      forMs: () => p['ops.linkForMs'],
      test: () => net.coreUtil >= p['ops.linkUtilAlert'],
      value: () => net.coreUtil,
    });
    m.addRule({
      id: 'master-latency', doc: 'master operations are slow: the whole cluster slows', scope: 'cluster', severity: 'critical', owner: 'pangu',
      forMs: () => p['ops.masterLatencyForMs'],
      test: () => this.master.latencyMs >= p['ops.masterLatencyAlertMs'],
      value: () => this.master.latencyMs,
      since: () => this.master.latencyHighSince,
      autoHandled: () => p['master.protection'] && this.master.rejectedQps > 0,
    });
    m.addRule({
      id: 'master-rejecting', doc: 'the master refuses or times out many operations', scope: 'cluster', severity: 'warning', owner: 'pangu',
      forMs: () => 0,
      test: () => this.master.rejectedQps >= p['ops.masterRejectAlertQps'] && p['ops.masterRejectAlertQps'] > 0,
      value: () => this.master.rejectedQps,
      // the master's own protection refusing a flood is automatic handling
      autoHandled: () => p['master.protection'],
    });
    m.addRule({
      id: 'detector-corrupted', doc: 'servers hold corrupted failure-detector state (F7)', scope: 'cluster', severity: 'critical', owner: 'pangu',
      forMs: () => 0,
      test: () => corruption.count > 0,
      value: () => corruption.count,
    });
    m.addRule({
      id: 'mass-false-death', doc: 'many healthy servers believed dead at once: the seed of a recovery storm', scope: 'cluster', severity: 'critical', owner: 'pangu',
      forMs: () => 0,
      test: () => (m.conditionCount.get('node-falsely-dead') ?? 0) >= p['ops.falseDeadAlert'],
      value: () => m.conditionCount.get('node-falsely-dead') ?? 0,
    });
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
      },
    };
  }
}

function slim(a: AlertRecord) {
  return { rule: a.rule, severity: a.severity, target: a.target, scope: a.scope, firedMs: a.firedMs, value: a.value, autoHandled: a.autoHandled };
}
