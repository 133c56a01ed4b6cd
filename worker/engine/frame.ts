/**
 * A frame: what the page needs to draw one moment, as fresh copies (transferable)
 * — never the engine's live arrays. Per server one state byte and one load byte,
 * per rack a few bytes, cluster counts, the charted series and the newest log.
 */
import type { Engine } from './engine';
import type { LogEntry } from './log';
import type { OpsFrame } from './ops/operations';
import type { StorageFrame } from './pangu/pangu';
import type { FuxiFrame } from './fuxi/fuxi';
import type { WritesFrame } from './writes/writes';
import type { RecoveryFrame } from './recovery/recovery';

/** nodeState byte: bits 0–2 truth (UP … GONE), bits 3–4 belief (ALIVE, SUSPECT, DEAD), bit 5 slow, bit 7 corrupted detector state. */
export const TRUTH_MASK = 0b111, BELIEF_SHIFT = 3, BELIEF_MASK = 0b11 << 3, SLOW_BIT = 1 << 5, CORRUPT_BIT = 1 << 7;
/** nodeState bit 6: on the Fuxi scheduler's cluster blacklist (S3). */
export const BLACKLIST_BIT = 1 << 6;
/** rackFlags byte: bit 0 power off, bit 1 top-of-rack switch down. */
export const RACK_POWER_OFF = 1, RACK_TOR_DOWN = 2;

export interface FrameCounts {
  up: number;
  booting: number;
  crashed: number;
  powerOff: number;
  gone: number;
  slow: number;
  suspect: number;
  believedDead: number;
  falselyDead: number;
  undetected: number;
  corrupted: number;
}

export interface Frame {
  t: number;
  events: number;
  nodes: number;
  racks: number;
  nodesPerRack: number;
  disksPerNode: number;
  nodeState: Uint8Array;
  /** CPU load per server, 0–255 */
  nodeLoad: Uint8Array;
  /** hardware generation per server */
  nodeGen: Uint8Array;
  rackFlags: Uint8Array;
  /** uplink utilization per rack (1 = full) */
  rackUtil: Float32Array;
  coreUtil: number;
  onBackup: boolean;
  dcPower: boolean;
  counts: FrameCounts;
  series: { t: Float64Array; series: Record<string, Float32Array> };
  log: LogEntry[];
  logSeq: number;
  /** whole-run counters (failures, declarations, peaks …), as in the summary's sources */
  counters: Record<string, number>;
  /** operations: firing alerts, master latency and QPS, deployment progress per rack */
  ops: OpsFrame;
  /** Pangu: chunk counts, recovery traffic, one state byte per disk, recovery Gb/s per rack */
  storage: StorageFrame;
  /** Fuxi: CPU allocation per server (0–255) and the scheduler's counts */
  scheduler: FuxiFrame;
  /** the write path: latency histograms per mode, acked/lost writes, unflushed memory, the sampled flush timeline */
  writes: WritesFrame;
  /** recovery policy, circuit breaker, master state, recovery demand vs delivered, Huatuo's disk states */
  recovery: RecoveryFrame;
}

export function buildFrame(e: Engine, logFrom: number): Frame {
  const { topo, servers, detector, workload, net } = e;
  const n = topo.nodes;
  const nodeState = new Uint8Array(n);
  const nodeLoad = new Uint8Array(n);
  const { truth, slow } = servers;
  const belief = detector.belief;
  const garbled = detector.garbled;
  const blacklisted = e.fuxi.blacklist.on;
  const load = workload.load;
  for (let i = 0; i < n; i++) {
    nodeState[i] = truth[i] | (belief[i] << BELIEF_SHIFT) | (slow[i] > 1 ? SLOW_BIT : 0) | (garbled[i] ? CORRUPT_BIT : 0) | (blacklisted[i] ? BLACKLIST_BIT : 0);
    nodeLoad[i] = Math.round(load[i] * 255);
  }
  const rackFlags = new Uint8Array(topo.racks);
  for (let r = 0; r < topo.racks; r++)
    rackFlags[r] = (servers.rackPower[r] && servers.dcPower && servers.domainPower[topo.domainOf[r]] ? 0 : RACK_POWER_OFF) | (servers.torUp[r] ? 0 : RACK_TOR_DOWN);
  return {
    t: e.now,
    events: e.sim.events,
    nodes: n,
    racks: topo.racks,
    nodesPerRack: topo.nodesPerRack,
    disksPerNode: topo.disksPerNode,
    nodeState,
    nodeLoad,
    nodeGen: topo.gen.slice(),
    rackFlags,
    rackUtil: net.uplinkUtil.slice(),
    coreUtil: net.coreUtil,
    onBackup: net.onBackup === 1,
    dcPower: servers.dcPower === 1,
    counts: { ...servers.counts(), ...detector.counts(), corrupted: e.corruption.count },
    series: e.metrics.snapshot(),
    log: e.sim.log.since(logFrom, 200),
    logSeq: e.sim.log.seq,
    counters: { ...e.sim.counters },
    ops: e.ops.frame(),
    storage: e.pangu.frame(),
    scheduler: e.fuxi.frame(),
    writes: e.writes.frame(),
    recovery: e.recovery.frame(),
  };
}

function writesTransferables(w: WritesFrame): ArrayBuffer[] {
  const t = w.timeline;
  return [w.latency.pipeline, w.latency['redo-log'], w.latency.majority, w.flushDelay, w.nodeMemory, t.stream, t.mode, t.lost, t.issue, t.ack, t.node, t.arrive, t.flush, t.state].map((a) => a.buffer as ArrayBuffer);
}

/** Buffers of a frame, for Comlink.transfer. */
export function frameTransferables(f: Frame): ArrayBuffer[] {
  const bufs = [f.nodeState, f.nodeLoad, f.nodeGen, f.rackFlags, f.rackUtil, f.series.t, ...Object.values(f.series.series), f.ops.deployRackTransfer, f.ops.deployRackFlags, f.storage.diskState, f.storage.rackRecoveryGbps, f.scheduler.nodeAlloc].map(
    (a) => a.buffer as ArrayBuffer,
  );
  if (f.writes) bufs.push(...writesTransferables(f.writes));
  return bufs;
}
