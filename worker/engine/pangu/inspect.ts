/**
 * Read-only queries for the page (a selected chunk, server or disk; the replica
 * spread between racks; the recovery queue). Computed on demand from the chunk
 * table, never per frame; results are fresh plain objects and typed arrays.
 */
import { TRUTH_NAMES } from '../cluster/servers';
import { BELIEF_NAMES } from '../detection/heartbeat';
import { C_LOST, F_LIVE, F_PRESENT, F_REACH, fileOf } from './chunks';
import type { Pangu } from './pangu';
import { DISK_BELIEF_NAMES } from './slowDisk';

export interface ReplicaInfo {
  slot: number;
  disk: number;
  node: number;
  rack: number;
  /** the disk's data still exists (truth) */
  exists: boolean;
  /** on a server that is up and reachable now (truth) */
  reachable: boolean;
  /** the master counts it towards the file's replica count (belief) */
  counted: boolean;
  diskBelief: string;
  diskSlow: number;
  nodeTruth: string;
  nodeBelief: string;
}

export interface ChunkDetail {
  chunk: number;
  file: number;
  /** the file's chunks: [first, end) */
  fileChunks: [number, number];
  replication: number;
  bytes: number;
  lost: boolean;
  /** copies that exist / on reachable servers / counted by the master */
  present: number;
  reachable: number;
  live: number;
  underReplicated: boolean;
  /** live-replica bucket of the re-replication queue, -1 when not queued */
  queuedBucket: number;
  copying: { fromDisk: number; toDisk: number; toNode: number; toRack: number; bytesLeft: number; rateMBps: number } | null;
  replicas: ReplicaInfo[];
}

function checkId(what: string, x: number, n: number): void {
  if (!Number.isInteger(x) || x < 0 || x >= n) throw new RangeError(`no ${what} ${x} (0 to ${n - 1})`);
}

export function chunkDetail(p: Pangu, c: number): ChunkDetail {
  const t = p.table;
  checkId('chunk', c, t.chunks);
  const { topo, servers, detector } = p;
  const dpn = topo.disksPerNode;
  const S = t.slots;
  const replicas: ReplicaInfo[] = [];
  for (let s = 0; s < S; s++) {
    const d = t.slotDisk[c * S + s];
    if (d < 0) continue;
    const node = (d / dpn) | 0;
    const f = t.diskFlags[d];
    replicas.push({
      slot: s,
      disk: d,
      node,
      rack: topo.rackOf[node],
      exists: (f & F_PRESENT) !== 0,
      reachable: (f & F_REACH) !== 0,
      counted: (f & F_LIVE) !== 0,
      diskBelief: DISK_BELIEF_NAMES[p.diskBelief[d]],
      diskSlow: p.diskSlow[d],
      nodeTruth: TRUTH_NAMES[servers.truth[node]],
      nodeBelief: BELIEF_NAMES[detector.belief[node]],
    });
  }
  const file = fileOf(t.files, c);
  const r = p.rereplication;
  let copying: ChunkDetail['copying'] = null;
  for (let i = 0; i < r.n; i++)
    if (r.cChunk[i] === c) {
      const to = r.cDst[i];
      const toNode = (to / dpn) | 0;
      copying = { fromDisk: r.cSrc[i], toDisk: to, toNode, toRack: topo.rackOf[toNode], bytesLeft: r.cLeft[i], rateMBps: r.cRate[i] };
    }
  return {
    chunk: c,
    file,
    fileChunks: [t.files.start[file], t.files.start[file + 1]],
    replication: t.target[c],
    bytes: p.chunkBytes,
    lost: (t.flags[c] & C_LOST) !== 0,
    present: t.present[c],
    reachable: t.reach[c],
    live: t.live[c],
    underReplicated: !(t.flags[c] & C_LOST) && t.live[c] < t.target[c],
    queuedBucket: t.queue.bucketOf[c] - 1,
    copying,
    replicas,
  };
}

export interface ServerCopies {
  node: number;
  rack: number;
  /** replicas on this server's disks (in the master's map) */
  replicas: number;
  /** other copies of this server's chunks, per rack (index = rack) */
  otherCopiesByRack: Uint32Array;
  /** servers and racks holding at least one other copy (the server's scatter width) */
  distinctNodes: number;
  distinctRacks: number;
  /** chunks whose only existing copy is here */
  soleCopies: number;
  /** chunks here the master counts as under-replicated */
  underReplicated: number;
}

/** Where the other copies of a server's data live. */
export function serverCopies(p: Pangu, node: number): ServerCopies {
  const { topo } = p;
  checkId('server', node, topo.nodes);
  const t = p.table;
  const S = t.slots;
  const dpn = topo.disksPerNode;
  const byRack = new Uint32Array(topo.racks);
  const seen = new Uint8Array(topo.nodes);
  let replicas = 0,
    sole = 0,
    under = 0,
    distinctNodes = 0;
  for (let d = node * dpn; d < (node + 1) * dpn; d++) {
    const n = t.lists.len[d];
    replicas += n;
    for (let i = 0; i < n; i++) {
      const rid = t.lists.get(d, i);
      const c = (rid / S) | 0;
      if (t.present[c] === 1 && t.diskFlags[d] & F_PRESENT) sole++;
      if (!(t.flags[c] & C_LOST) && t.live[c] < t.target[c]) under++;
      for (let s = 0; s < S; s++) {
        const od = t.slotDisk[c * S + s];
        if (od < 0 || c * S + s === rid) continue;
        const on = (od / dpn) | 0;
        byRack[topo.rackOf[on]]++;
        if (!seen[on]) {
          seen[on] = 1;
          distinctNodes++;
        }
      }
    }
  }
  let distinctRacks = 0;
  for (const x of byRack) if (x > 0) distinctRacks++;
  return {
    node,
    rack: topo.rackOf[node],
    replicas,
    otherCopiesByRack: byRack,
    distinctNodes,
    distinctRacks,
    soleCopies: sole,
    underReplicated: under,
  };
}

/** Rack × rack matrix: entry [a × racks + b] counts replica pairs of one chunk on racks a and b (a ≠ b or same rack). Symmetric. */
export function replicaSpread(p: Pangu): { racks: number; matrix: Uint32Array } {
  const t = p.table;
  const { topo } = p;
  const racks = topo.racks;
  const S = t.slots;
  const dpn = topo.disksPerNode;
  const m = new Uint32Array(racks * racks);
  const rk = new Int32Array(S);
  for (let c = 0; c < t.chunks; c++) {
    let k = 0;
    for (let s = 0; s < S; s++) {
      const d = t.slotDisk[c * S + s];
      if (d >= 0) rk[k++] = topo.rackOf[(d / dpn) | 0];
    }
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) {
        m[rk[i] * racks + rk[j]]++;
        m[rk[j] * racks + rk[i]]++;
      }
  }
  return { racks, matrix: m };
}

export interface RecoveryStatus {
  underReplicated: number;
  underReplicatedPeak: number;
  lost: number;
  unavailable: number;
  /** queued chunks per live-replica count (index 0 = no counted copy left) */
  queuedByLive: number[];
  copying: number;
  bytesLeftInCopies: number;
  /** bytes still to copy for every queued chunk plus the copies under way */
  bytesToFullRedundancy: number;
  recoveryGbps: { nic: number; uplink: number; core: number };
  peakGbps: number;
  capGbps: number;
  startsAllowed: boolean;
  /** estimate at the current rate, ms (Infinity when nothing moves) */
  etaMs: number;
  degradedForMs: number;
  lastTimeToFullRedundancyMs: number;
  maxTimeToFullRedundancyMs: number;
  rereplicatedChunks: number;
  rereplicatedBytes: number;
  copiesStarted: number;
  copiesAborted: number;
  copiesDiscarded: number;
  trimmedReplicas: number;
  /** reboot vs declared dead (outDelay.ts): the wait now, ms (0 under naive) */
  outDelayMs: number;
  /** servers declared dead and waiting to go out (their chunks not yet re-copied) */
  waitingServers: number;
  serversBackBeforeOut: number;
  serversMarkedOut: number;
  /** real chunk-hours with one copy fewer than counted (group replicas on waiting servers × chunksPerGroup × time) */
  copyShortChunkHours: number;
  /** bytes of copies made for servers that came back (trimmed when their report was processed) */
  copiedForReturnedBytes: number;
}

export function recoveryStatus(p: Pangu): RecoveryStatus {
  const t = p.table;
  const r = p.rereplication;
  const queuedByLive: number[] = [];
  let missing = 0;
  for (let b = 0; b < t.queue.nBuckets; b++) queuedByLive.push(t.queue.len[b]);
  // Copies still needed by every under-replicated chunk: O(chunks), on demand only.
  for (let c = 0; c < t.chunks; c++) if (!(t.flags[c] & C_LOST) && t.live[c] < t.target[c]) missing += t.target[c] - t.live[c];
  const left = r.bytesLeft();
  const inCopies = r.n * p.chunkBytes;
  const toFull = Math.max(0, missing * p.chunkBytes - inCopies) + left;
  const bps = (r.nicGbps * 1e9) / 8;
  return {
    underReplicated: t.underReplicated,
    underReplicatedPeak: t.underReplicatedPeak,
    lost: t.lost,
    unavailable: t.unavailable,
    queuedByLive,
    copying: r.n,
    bytesLeftInCopies: left,
    bytesToFullRedundancy: toFull,
    recoveryGbps: { nic: r.nicGbps, uplink: r.uplinkGbps, core: r.coreGbps },
    peakGbps: r.peakGbps,
    capGbps: r.gate.maxGbps(),
    startsAllowed: r.gate.allowStarts(),
    etaMs: toFull === 0 ? 0 : bps > 0 ? (toFull / bps) * 1000 : Infinity,
    degradedForMs: t.degradedSince >= 0 ? p.sim.now - t.degradedSince : -1,
    lastTimeToFullRedundancyMs: t.lastTimeToRedundancyMs,
    maxTimeToFullRedundancyMs: t.maxTimeToRedundancyMs,
    rereplicatedChunks: r.completed,
    rereplicatedBytes: r.bytesMoved,
    copiesStarted: r.started,
    copiesAborted: r.aborted,
    copiesDiscarded: r.discarded,
    trimmedReplicas: p.trimmed,
    outDelayMs: p.outDelay.delayMs(),
    waitingServers: p.outDelay.waitingServers,
    serversBackBeforeOut: p.outDelay.backInTime,
    serversMarkedOut: p.outDelay.markedOut,
    copyShortChunkHours: p.outDelay.copyShortChunkHours() * p.chunksPerGroup,
    copiedForReturnedBytes: p.trimmed * p.chunkBytes,
  };
}

export interface DiskDetail {
  disk: number;
  node: number;
  rack: number;
  /** truth */
  failed: boolean;
  slowFactor: number;
  meanAccessMs: number;
  /** belief */
  belief: string;
  /** last measured share of slow accesses, and windows in a row above the limit */
  slowShare: number;
  slowWindows: number;
  clusterMeanAccessMs: number;
  replicas: number;
  capacity: number;
  bytes: number;
}

export function diskDetail(p: Pangu, d: number): DiskDetail {
  const { topo } = p;
  checkId('disk', d, topo.disks);
  const node = (d / topo.disksPerNode) | 0;
  const n = p.table.lists.len[d];
  return {
    disk: d,
    node,
    rack: topo.rackOf[node],
    failed: p.diskFailed[d] === 1,
    slowFactor: p.diskSlow[d],
    meanAccessMs: p.slowDisks.meanAccessMs(d),
    belief: DISK_BELIEF_NAMES[p.diskBelief[d]],
    slowShare: p.slowDisks.share[d],
    slowWindows: p.slowDisks.windows[d],
    clusterMeanAccessMs: p.slowDisks.clusterMeanMs,
    replicas: n,
    capacity: p.diskCapacity,
    bytes: n * p.chunkBytes,
  };
}
