/**
 * Every alert rule of the monitoring system (O3), in one place: what each watches,
 * its scope, severity, owner, how long it must hold, and when an automatic mechanism
 * counts as having handled it. Monitoring (monitoring.ts) evaluates them; the
 * mechanisms only expose the state they read.
 *
 *  - operations (added when `Operations` is built): node-down, node-falsely-dead,
 *    rack-down, uplink-saturated, core-saturated, master-latency, master-rejecting,
 *    detector-corrupted, mass-false-death;
 *  - the write path (added when `Writes` is built): redo-write-error,
 *    redo-flush-timeout.
 *
 * The order rules are added in is part of the state hash (each rule's per-target
 * state is tracked when it is added), so each group is added where it always was.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import type { Network } from '../cluster/network';
import { DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import type { DetectorCorruption } from '../faults/detectorCorruption';
import type { MasterLoad } from '../master/masterLoad';
import type { Monitoring } from './monitoring';

/** What the operations rules read. */
export interface OpsRuleInputs {
  sim: Sim;
  topo: Topology;
  servers: Servers;
  net: Network;
  detector: HeartbeatDetector;
  corruption: DetectorCorruption;
  master: MasterLoad;
  /** servers not up per rack, and since when the rack has been past `ops.rackDownShare` (−1: not) */
  rackDown: Int32Array;
  rackDownSince: Float64Array;
  /** time each server last stopped being up (−1: up) */
  downSince: Float64Array;
}

/** The cluster's standing rules: servers, racks, network, the master, the failure detector. */
export function addOperationsRules(m: Monitoring, x: OpsRuleInputs): void {
  const { sim, topo, servers, net, detector, corruption, master } = x;
  const p = sim.params;
  let massAt = -1,
    mass = false;
  const rackOn = (r: number) => servers.rackPower[r] === 1 && servers.dcPower === 1 && servers.domainPower[topo.domainOf[r]] === 1;
  const rackDown = (r: number) => servers.torUp[r] === 0 || !rackOn(r) || x.rackDown[r] >= Math.ceil(p['ops.rackDownShare'] * topo.rackSize[r]);
  m.addRule({
    id: 'node-down',
    doc: 'a server is down (crashed, booting, without power or gone)',
    scope: 'node',
    severity: 'warning',
    owner: 'sre',
    forMs: () => p['ops.nodeDownForMs'],
    test: (i) => servers.truth[i] !== UP,
    since: (i) => x.downSince[i],
    suppressed: (i) => rackDown(topo.rackOf[i]),
    // handled automatically once the master has declared it dead and moved its work
    autoHandled: (i) => detector.belief[i] === DEAD,
  });
  m.addRule({
    id: 'node-falsely-dead',
    doc: 'the master believes a server dead that is up and reachable (lost heartbeats)',
    scope: 'node',
    severity: 'critical',
    owner: 'pangu',
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
    id: 'rack-down',
    doc: `a rack is unreachable: switch down, power off, or most of its servers down`,
    scope: 'rack',
    severity: 'critical',
    owner: 'sre',
    forMs: () => 0,
    test: rackDown,
    value: (r) => x.rackDown[r],
    since: (r) => (x.rackDownSince[r] >= 0 ? x.rackDownSince[r] : sim.now),
  });
  m.addRule({
    id: 'uplink-saturated',
    doc: 'a rack uplink runs near or above capacity',
    scope: 'rack',
    severity: 'warning',
    owner: 'network',
    forMs: () => p['ops.linkForMs'],
    test: (r) => net.uplinkUtil[r] >= p['ops.linkUtilAlert'],
    value: (r) => net.uplinkUtil[r],
  });
  m.addRule({
    id: 'core-saturated',
    doc: 'the core network runs near or above capacity',
    scope: 'cluster',
    severity: 'critical',
    owner: 'network',
    forMs: () => p['ops.linkForMs'],
    test: () => net.coreUtil >= p['ops.linkUtilAlert'],
    value: () => net.coreUtil,
  });
  m.addRule({
    id: 'master-latency',
    doc: 'master operations are slow: the whole cluster slows',
    scope: 'cluster',
    severity: 'critical',
    owner: 'pangu',
    forMs: () => p['ops.masterLatencyForMs'],
    test: () => master.latencyMs >= p['ops.masterLatencyAlertMs'],
    value: () => master.latencyMs,
    since: () => master.latencyHighSince,
    autoHandled: () => p['master.protection'] && master.rejectedQps > 0,
  });
  m.addRule({
    id: 'master-rejecting',
    doc: 'the master refuses or times out many operations',
    scope: 'cluster',
    severity: 'warning',
    owner: 'pangu',
    forMs: () => 0,
    test: () => master.rejectedQps >= p['ops.masterRejectAlertQps'] && p['ops.masterRejectAlertQps'] > 0,
    value: () => master.rejectedQps,
    // the master's own protection refusing a flood is automatic handling
    autoHandled: () => p['master.protection'],
  });
  m.addRule({
    id: 'detector-corrupted',
    doc: 'servers hold corrupted failure-detector state (F7)',
    scope: 'cluster',
    severity: 'critical',
    owner: 'pangu',
    forMs: () => 0,
    test: () => corruption.count > 0,
    value: () => corruption.count,
  });
  m.addRule({
    id: 'mass-false-death',
    doc: 'many healthy servers believed dead at once: the seed of a recovery storm',
    scope: 'cluster',
    severity: 'critical',
    owner: 'pangu',
    forMs: () => 0,
    test: () => (m.conditionCount.get('node-falsely-dead') ?? 0) >= p['ops.falseDeadAlert'],
    value: () => m.conditionCount.get('node-falsely-dead') ?? 0,
  });
}

/** What the write path's rules read (the `Writes` object). */
export interface WriteRuleInputs {
  /** the last redo-log write error and flush timeout (−1: none yet), and their counts */
  readonly lastWriteErrorAt: number;
  readonly lastTimeoutAt: number;
  readonly redo: { readonly writeErrors: number; readonly flushTimeouts: number };
}

/** The redo log's failures (P5): both handled by the master at once, shown for a minute. */
export function addWriteRules(m: Monitoring, sim: Sim, w: WriteRuleInputs): void {
  m.addRule({
    id: 'redo-write-error',
    doc: 'a redo-log flush hit a write error (bad or full disk); the master copies the data elsewhere',
    scope: 'cluster',
    severity: 'critical',
    owner: 'pangu',
    forMs: () => 0,
    test: () => w.lastWriteErrorAt >= 0 && sim.now - w.lastWriteErrorAt < 60_000,
    value: () => w.redo.writeErrors,
    since: () => w.lastWriteErrorAt,
    autoHandled: () => true,
  });
  m.addRule({
    id: 'redo-flush-timeout',
    doc: 'a redo-log flush missed its deadline (slow disk, I/O overload); the master re-replicated',
    scope: 'cluster',
    severity: 'warning',
    owner: 'pangu',
    forMs: () => 0,
    test: () => w.lastTimeoutAt >= 0 && sim.now - w.lastTimeoutAt < 60_000,
    value: () => w.redo.flushTimeouts,
    since: () => w.lastTimeoutAt,
    autoHandled: () => true,
  });
}
