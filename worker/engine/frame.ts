/**
 * A frame: what the page needs to draw one moment, as fresh copies (transferable)
 * — never the engine's live arrays. Per server one state byte and one load byte,
 * per rack a few bytes, cluster counts, the charted series and the newest log.
 */
import type { Engine } from './engine';
import type { WritesFrame } from './writes/views';
import { outDelayFrame } from './pangu/outDelay';
import { onePercentWhatIf } from './pangu/whatIf';
import { encodeNodeState, encodeRackFlags, type Frame, type FrameConfig } from '../contract';

/** The frame's fields and byte layouts are stated in worker/contract.ts (the page reads them there). */
export type { Frame, FrameCounts, FrameConfig } from '../contract';

/** What changes rarely (live parameter values, the rack-to-feed map): built only when the receiver holds another version. */
function buildConfig(e: Engine): FrameConfig {
  const { topo } = e;
  const rackFeed = new Uint16Array(topo.racks);
  for (let r = 0; r < topo.racks; r++) rackFeed[r] = topo.domainOf[r];
  return { version: e.sim.paramsVersion, params: { ...e.sim.params }, rackFeed, feeds: topo.powerDomains };
}

/** The frame now; the log from `logFrom`; the config unless the receiver holds its version (`configHeld`, −1: none). */
export function buildFrame(e: Engine, logFrom: number, configHeld = -1): Frame {
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
    nodeState[i] = encodeNodeState(truth[i], belief[i], slow[i] > 1, blacklisted[i] !== 0, garbled[i] !== 0);
    nodeLoad[i] = Math.round(load[i] * 255);
  }
  const rackFlags = new Uint8Array(topo.racks);
  for (let r = 0; r < topo.racks; r++)
    rackFlags[r] = encodeRackFlags(
      servers.rackPower[r] === 1,
      servers.domainPower[topo.domainOf[r]] === 1,
      servers.dcPower === 1,
      servers.torUp[r] === 1,
      net.flakyLoss[r] > 0,
    );
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
    coreCapacityGbps: net.coreCapacity(),
    onBackup: net.onBackup === 1,
    dcPower: servers.dcPower === 1,
    counts: { ...servers.counts(), ...detector.counts(), corrupted: e.corruption.count },
    series: e.metrics.snapshot(),
    log: e.sim.log.since(logFrom, 200),
    logSeq: e.sim.log.seq,
    counters: { ...e.sim.counters },
    configVersion: e.sim.paramsVersion,
    config: configHeld === e.sim.paramsVersion ? null : buildConfig(e),
    ops: e.ops.frame(),
    storage: {
      ...e.pangu.frame(),
      outDelay: outDelayFrame(e.pangu.outDelay, e.pangu.trimmed, e.pangu.chunksPerGroup, e.pangu.chunkBytes),
      ifOnePercentFail: onePercentWhatIf(e.pangu.sets, topo.nodes, e.sim.params['storage.scatterWidth'], e.pangu.chunkBytes),
    },
    scheduler: e.fuxi.frame(),
    writes: e.writes.frame(),
    recovery: e.recovery.frame(),
  };
}

function writesTransferables(w: WritesFrame): ArrayBuffer[] {
  const t = w.timeline;
  return [
    w.latency.pipeline,
    w.latency['redo-log'],
    w.latency.majority,
    w.flushDelay,
    w.nodeMemory,
    t.stream,
    t.mode,
    t.lost,
    t.issue,
    t.ack,
    t.node,
    t.arrive,
    t.flush,
    t.state,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Buffers of a frame, for Comlink.transfer. */
export function frameTransferables(f: Frame): ArrayBuffer[] {
  const bufs = [
    ...(f.config ? [f.config.rackFeed] : []),
    f.nodeState,
    f.nodeLoad,
    f.nodeGen,
    f.rackFlags,
    f.rackUtil,
    f.series.t,
    ...Object.values(f.series.series),
    f.ops.deployRackTransfer,
    f.ops.deployRackFlags,
    f.ops.userP99Ms,
    f.storage.diskState,
    f.storage.rackRecoveryGbps,
    f.scheduler.nodeAlloc,
  ].map((a) => a.buffer as ArrayBuffer);
  if (f.writes) bufs.push(...writesTransferables(f.writes));
  return bufs;
}
