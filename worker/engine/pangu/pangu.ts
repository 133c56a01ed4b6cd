/**
 * Pangu, the file system (P1–P3, P6; F1–F2 for disks): the master's namespace and
 * chunk table over every server's disks, composed with placement, disk failures,
 * re-replication and slow-disk handling.
 *
 * Truth and belief are kept apart. Truth per disk: `diskFailed` (its data is gone)
 * and `diskSlow` (its real slow-down factor). Belief per disk: `diskBelief`
 * (normal, suspect, offline, known failed), plus the heartbeat detector's belief
 * about each server. A disk's replicas count towards redundancy (F_LIVE) only
 * while the master believes both the disk and its server are fine; they are lost
 * (truth) only when the data is destroyed: a failed disk, or a server that never
 * comes back (`fail-random-nodes`). Crashes, power-offs and switch failures make
 * replicas unreachable, not lost; the master starts recovery for a server only when
 * it declares it dead, and counts its replicas again when it rejoins (trimming any
 * that are now beyond the file's replica count).
 *
 * Bytes are at real scale: disks hold `storage.diskTB` filled to `storage.diskFill`;
 * the chunk table stores chunk *groups*, each standing for `chunksPerGroup` real
 * `storage.chunkMB` chunks (its replicas travel together), so copy times and
 * recovery traffic come out as a real cluster's. Loss is counted in real chunks,
 * each with its own replica set (replicaSets.ts, realLoss.ts); under-replicated and
 * unreachable real chunks are the groups' counts × chunksPerGroup (the same bytes).
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, GONE, UP } from '../cluster/servers';
import { DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import type { Metrics } from '../metrics';
import type { EngineContext } from '../context';
import { buildFiles, ChunkTable, C_LOST, F_LIVE, F_PRESENT, F_REACH, F_SRC } from './chunks';
import { Placement, type PlacementPolicy } from './placement';
import { DiskFailures } from './diskFailures';
import { Rereplication } from './rereplication';
import { countReplicaSets, type ReplicaSets, whatIfReal, type WhatIfResult } from './whatIf';
import { Rng } from '../core/rng';
import { D_FAILED, D_NORMAL, D_OFFLINE, D_SUSPECT, SlowDiskDetector } from './slowDisk';
import { ChunkReports, UNHEARD } from './chunkReports';
import { OutDelay } from './outDelay';
import { ReplicaSetField } from './replicaSets';
import { RealLoss } from './realLoss';

import { encodeDiskState } from '../../contract';

/** diskState byte in frames: its layout is in worker/contract.ts (encodeDiskState). */
export { DISK_BELIEF_MASK, DISK_FAILED_BIT, DISK_SLOW_BIT } from '../../contract';

export interface StorageFrame {
  /** chunk groups stored (each `chunksPerGroup` real chunks); `replicas`, `underReplicated`, `lost`, `unavailable`, `queued`, `copying` count groups */
  chunks: number;
  replicas: number;
  underReplicated: number;
  lost: number;
  /** groups with no copy on a reachable server right now (not lost) */
  unavailable: number;
  /** real storage.chunkMB chunks stored, and per group */
  realChunks: number;
  chunksPerGroup: number;
  /** real chunks lost so far (each with its own replica set: replicaSets.ts) */
  lostChunks: number;
  /** real chunks missing a copy / with no reachable copy now (groups × chunksPerGroup) */
  underReplicatedChunks: number;
  /** chunk groups holding a copy too many (a server came back after its chunks were copied elsewhere) until the master trims it */
  overReplicated: number;
  unavailableChunks: number;
  queued: number;
  copying: number;
  recoveryGbps: { nic: number; uplink: number; core: number };
  failedDisks: number;
  suspectDisks: number;
  offlineDisks: number;
  /** suspect or offline disks that are not truly slow */
  falselySuspectedDisks: number;
  /** simulated ms since the master first saw an under-replicated chunk (-1 at full redundancy) */
  degradedForMs: number;
  lastTimeToFullRedundancyMs: number;
  /** one byte per disk: see DISK_BELIEF_MASK, DISK_FAILED_BIT, DISK_SLOW_BIT */
  diskState: Uint8Array;
  /** recovery traffic leaving each rack over its uplink, Gb/s */
  rackRecoveryGbps: Float32Array;
}

export class Pangu {
  readonly table: ChunkTable;
  readonly placement: Placement;
  readonly rereplication: Rereplication;
  readonly slowDisks: SlowDiskDetector;
  readonly diskFailures: DiskFailures;
  /** re-registration: a server heard again after being declared dead counts once its chunk report is processed */
  readonly reports: ChunkReports;
  /** a server declared dead waits recovery.outDelayMs before its chunks are re-copied (outDelay.ts) */
  readonly outDelay: OutDelay;
  readonly diskFailed: Uint8Array;
  readonly diskSlow: Float32Array;
  readonly diskBelief: Uint8Array;
  /** bytes each chunk group stands for */
  readonly chunkBytes: number;
  /** real storage.chunkMB chunks per group, and in all */
  readonly chunksPerGroup: number;
  readonly realChunks: number;
  /** the real chunks' replica sets (a seeded Poisson field) and the loss counted over them */
  readonly sets: ReplicaSetField;
  readonly realLoss: RealLoss;
  /** replicas one disk can hold */
  readonly diskCapacity: number;
  /** disk state counts, kept incrementally */
  failedDisks = 0;
  suspectDisks = 0;
  offlineDisks = 0;
  offlinePeak = 0;
  trimmed = 0;
  /** step 3 of slow-disk handling may offline this disk now (issue 4's 1 % cap plugs in here) */
  offlineGate: (disk: number) => boolean = () => true;
  /** called when a disk's data is destroyed (truth): the write path's flushes to it fail (issue 5) */
  readonly onDiskFailed: ((disk: number) => void)[] = [];
  private readonly torSeen: Uint8Array;
  private readonly dpn: number;

  readonly sim: Sim;
  readonly topo: Topology;
  readonly servers: Servers;
  readonly detector: HeartbeatDetector;

  constructor(c: EngineContext) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers, detector: this.detector } = c);
    const { sim, topo, servers, net, detector } = c;
    const p = sim.params;
    this.dpn = topo.disksPerNode;
    const r = p['storage.replication'];
    const files = buildFiles(p['storage.chunks'], p['storage.chunksPerFile'], r, p['storage.reducedReplicaShare'], sim.rng.get('pangu.files'));
    this.table = new ChunkTable(files, r, topo.disks, this.dpn, () => sim.now);
    const t = this.table;
    let replicaTotal = 0;
    for (let f = 0; f < files.count; f++) replicaTotal += (files.start[f + 1] - files.start[f]) * files.replication[f];
    const diskBytes = p['storage.diskTB'] * 1e12;
    const realChunk = p['storage.chunkMB'] * 1e6;
    const perChunk = replicaTotal > 0 ? (topo.disks * diskBytes * p['storage.diskFill']) / replicaTotal : realChunk;
    this.chunkBytes = Math.max(realChunk, Math.round(perChunk / realChunk) * realChunk);
    this.diskCapacity = Math.max(1, Math.floor(diskBytes / this.chunkBytes));
    this.diskFailed = new Uint8Array(topo.disks);
    this.diskSlow = new Float32Array(topo.disks).fill(1);
    this.diskBelief = new Uint8Array(topo.disks);
    this.torSeen = servers.torUp.slice();
    this.placement = new Placement(topo, t);
    this.placement.placeAll(
      p['storage.placement'] as PlacementPolicy,
      p['storage.scatterWidth'],
      this.diskCapacity,
      sim.rng.get('pangu.placement'),
      sim.rng.get('pangu.copysets'),
    );
    t.finishBuild();

    this.chunksPerGroup = Math.round(this.chunkBytes / realChunk);
    const realByR: number[] = new Array(t.slots + 1).fill(0);
    for (let f = 0; f < files.count; f++) realByR[files.replication[f]] += (files.start[f + 1] - files.start[f]) * this.chunksPerGroup;
    this.realChunks = realByR.reduce((a, b) => a + b, 0);
    const policy = p['storage.placement'] as PlacementPolicy;
    this.sets = new ReplicaSetField(c, realByR, policy === 'copyset' ? this.placement.currentCopysets() : null);
    this.realLoss = new RealLoss(this.sets, t, this.dpn, () => sim.now);

    this.reports = new ChunkReports(
      sim,
      topo,
      net,
      (node) => this.serverReplicaCount(node),
      this.chunkBytes / (p['storage.chunkMB'] * 1e6),
      (node) => this.onReported(node),
    );
    this.outDelay = new OutDelay(
      sim,
      topo.nodes,
      (node) => this.serverReplicaCount(node),
      (node) => {
        this.refreshNode(node);
        this.rereplication.markDirty();
      },
    );
    this.rereplication = new Rereplication(c, t, this.placement, this);
    this.slowDisks = new SlowDiskDetector(c, this);
    this.diskFailures = new DiskFailures(sim, topo, (d, cause) => this.failDisk(d, cause));

    servers.listeners.push((node, before, after) => this.onTruth(node, before, after));
    detector.onDead.push((node) => this.onDeclaredDead(node));
    detector.onAlive.push((node) => this.onRejoined(node));
    this.track();
  }

  private track(): void {
    const s = this.sim;
    const t = this.table;
    const a = (name: string, get: () => ArrayBufferView) => s.track('pangu.' + name, get);
    a('target', () => t.target);
    a('slotDisk', () => t.slotDisk);
    a('slotPos', () => t.slotPos);
    a('present', () => t.present);
    a('reach', () => t.reach);
    a('live', () => t.live);
    a('avail', () => t.avail);
    a('flags', () => t.flags);
    a('diskFlags', () => t.diskFlags);
    a('queue', () => t.queue.hashView());
    a('dirtyDisks', () => t.dirtyDisks.subarray(0, t.dirtyCount));
    a('diskFailed', () => this.diskFailed);
    a('diskSlow', () => this.diskSlow);
    a('diskBelief', () => this.diskBelief);
    a('torSeen', () => this.torSeen);
    for (const k of [
      'lost',
      'underReplicated',
      'overReplicated',
      'unavailable',
      'replicas',
      'degradedSince',
      'lastTimeToRedundancyMs',
      'maxTimeToRedundancyMs',
      'underReplicatedPeak',
    ] as const)
      s.trackScalar('pangu.' + k, () => t[k]);
    for (const k of ['failedDisks', 'suspectDisks', 'offlineDisks', 'offlinePeak', 'trimmed'] as const) s.trackScalar('pangu.' + k, () => this[k]);
    const rl = this.realLoss;
    a('realLoss.open', () => rl.hashView());
    a('realLoss.g', () => rl.g);
    for (const k of ['lost', 'pending', 'events', 'summedEvents', 'setsVisited', 'gTime'] as const) s.trackScalar('pangu.realLoss.' + k, () => rl[k]);
  }

  // ---- flags: what truth and belief say about a disk ----------------------------

  nodeOf(d: number): number {
    return (d / this.dpn) | 0;
  }

  /** Replicas in the master's map on a server's disks. */
  serverReplicaCount(node: number): number {
    let n = 0;
    for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) n += this.table.lists.len[d];
    return n;
  }

  flagsOf(d: number): number {
    const node = (d / this.dpn) | 0;
    let f = 0;
    if (!this.diskFailed[d]) {
      f |= F_PRESENT;
      if (this.servers.truth[node] === UP && this.servers.torUp[this.topo.rackOf[node]]) f |= F_REACH;
    }
    const b = this.diskBelief[d];
    if (this.detector.belief[node] !== DEAD && !this.reports.unreported[node] && (b === D_NORMAL || b === D_SUSPECT)) {
      f |= F_SRC;
      if (b === D_NORMAL) f |= F_LIVE;
    } else if (this.outDelay.waiting[node] && b === D_NORMAL) {
      f |= F_LIVE; // declared dead, not yet out: still counted, not a copy source (outDelay.ts)
    }
    return f;
  }

  refreshDisk(d: number): void {
    this.table.setDiskFlags(d, this.flagsOf(d));
  }

  refreshNode(node: number): void {
    for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) this.refreshDisk(d);
  }

  private reachable(node: number): boolean {
    return this.servers.truth[node] === UP && this.servers.torUp[this.topo.rackOf[node]] === 1;
  }

  /** > 0 while an action destroys many servers at one instant (`batchLoss`): their loss is logged once. */
  private batching = 0;

  /**
   * Runs `fn`, an action that destroys many servers at one instant (fail-random-nodes),
   * and logs the real chunks it lost as one entry: one entry per server flooded the
   * event log (39 of them for 50 servers at the defaults) and pushed out what the class
   * did before.
   */
  batchLoss(fn: () => void): void {
    this.batching++;
    try {
      fn();
    } finally {
      this.batching--;
    }
    if (this.batching === 0) this.noteLost({});
  }

  /** Logs real chunks lost by the operation that just ran, as one entry. */
  private noteLost(cause: { node?: number; disk?: number }): void {
    if (this.batching > 0) return;
    this.table.lostPending = 0;
    const n = this.realLoss.pending;
    if (n === 0) return;
    this.realLoss.pending = 0;
    const node = cause.node ?? (cause.disk !== undefined ? this.nodeOf(cause.disk) : undefined);
    this.sim.note({ code: 'storage.chunksLost', v: n, node, disk: cause.disk, rack: node !== undefined ? this.topo.rackOf[node] : undefined });
  }

  // ---- truth changes --------------------------------------------------------------

  /** A disk's data is destroyed. False if it already was. */
  failDisk(d: number, code = 'disk.failed', user = false): boolean {
    if (this.diskFailed[d]) return false;
    const node = this.nodeOf(d);
    this.realLoss.destroyed(node, [d]);
    this.diskFailed[d] = 1;
    this.failedDisks++;
    this.sim.note({ code, disk: d, node, rack: this.topo.rackOf[node], user: user || undefined });
    this.refreshDisk(d);
    this.noteLost({ disk: d });
    for (const f of this.onDiskFailed) f(d);
    // A running chunk server reports the failed disk at once.
    if (this.reachable(node) && this.detector.belief[node] !== DEAD) this.learnFailed(d);
    return true;
  }

  /** The master learns a disk's data is gone: its replicas leave the map. */
  private learnFailed(d: number): void {
    if (this.diskBelief[d] === D_FAILED) return;
    this.setBelief(d, D_FAILED);
    this.dropReplicas(d);
  }

  private dropReplicas(d: number): void {
    const t = this.table;
    const lists = t.lists;
    while (lists.len[d] > 0) t.removeReplica(lists.get(d, lists.len[d] - 1));
  }

  private setBelief(d: number, b: number): void {
    const old = this.diskBelief[d];
    if (old === b) return;
    if (old === D_SUSPECT) this.suspectDisks--;
    if (old === D_OFFLINE) this.offlineDisks--;
    if (b === D_SUSPECT) this.suspectDisks++;
    if (b === D_OFFLINE) {
      this.offlineDisks++;
      if (this.offlineDisks > this.offlinePeak) this.offlinePeak = this.offlineDisks;
    }
    this.diskBelief[d] = b;
    this.table.markDirty(d);
    this.refreshDisk(d);
  }

  /** Sets a disk's true slow-down factor (1 = healthy). */
  setDiskSlow(d: number, factor: number): void {
    this.diskSlow[d] = factor;
    this.rereplication.markDirty();
  }

  private onTruth(node: number, before: number, after: number): void {
    this.rereplication.markDirty();
    if (after === GONE) {
      // The server never returns: its disks' data is gone with it.
      const gone: number[] = [];
      for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) if (!this.diskFailed[d]) gone.push(d);
      this.realLoss.destroyed(node, gone);
      for (const d of gone) {
        this.diskFailed[d] = 1;
        this.failedDisks++;
      }
    }
    this.refreshNode(node);
    if (after === GONE) this.noteLost({ node });
    if (before !== UP && after === UP) this.onReachable(node);
  }

  /** A server can talk to the master again: it reports disks that failed while it was away (a re-registering one: with its chunk report). */
  private onReachable(node: number): void {
    if (!this.reachable(node) || this.detector.belief[node] === DEAD) return;
    if (this.reports.unreported[node] === UNHEARD) {
      // first heard since the master restarted cold (never declared dead meanwhile): it registers and reports
      this.reports.reregister(node);
      return;
    }
    if (this.reports.unreported[node]) return;
    for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) if (this.diskFailed[d]) this.learnFailed(d);
  }

  // ---- what the master believes about servers --------------------------------------

  private onDeclaredDead(node: number): void {
    this.reports.declaredDead(node);
    this.outDelay.declaredDead(node);
    for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) this.table.markDirty(d); // copies into it abort
    this.refreshNode(node);
  }

  /**
   * The master restarted cold: it knows no chunk locations until the servers report
   * (chunkReports.ts). Every replica stops counting; the servers it can hear report now.
   */
  forgetLocations(): void {
    this.outDelay.clearAll();
    this.reports.forgetAll((n) => this.reachable(n) && this.detector.belief[n] !== DEAD);
    for (let n = 0; n < this.topo.nodes; n++) this.refreshNode(n);
    this.rereplication.markDirty();
  }

  /** Heard again after being declared dead: it re-registers; its replicas wait for its chunk report (chunkReports.ts). */
  private onRejoined(node: number): void {
    this.reports.reregister(node);
    this.refreshNode(node);
  }

  /** The master has processed a re-registered server's chunk report. */
  private onReported(node: number): void {
    this.outDelay.back(node);
    this.refreshNode(node);
    for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) if (this.diskFailed[d]) this.learnFailed(d);
    // Its replicas count again; those now beyond their file's count are deleted.
    const t = this.table;
    if (t.overReplicated === 0) return;
    for (let d = node * this.dpn, e = d + this.dpn; d < e; d++) {
      if (!(t.diskFlags[d] & F_LIVE)) continue;
      const l = t.lists;
      for (let i = l.len[d] - 1; i >= 0; i--) {
        const rid = l.get(d, i);
        const c = (rid / t.slots) | 0;
        if (t.live[c] > t.target[c]) {
          t.removeReplica(rid);
          this.trimmed++;
        }
      }
    }
  }

  // ---- slow disks (P6) ------------------------------------------------------------

  suspect(d: number): void {
    if (this.diskBelief[d] !== D_NORMAL) return;
    this.sim.count('slowDisksDetected');
    const falsely = this.diskSlow[d] <= 1;
    if (falsely) this.sim.count('slowDisksFalselyDetected');
    const node = this.nodeOf(d);
    this.sim.note({ code: falsely ? 'disk.falselySuspected' : 'disk.suspected', disk: d, node, rack: this.topo.rackOf[node] });
    this.setBelief(d, D_SUSPECT);
  }

  tryOffline(d: number): boolean {
    if (this.diskBelief[d] !== D_SUSPECT) return false;
    const t = this.table;
    const l = t.lists;
    const n = l.len[d];
    for (let i = 0; i < n; i++) {
      const c = (l.get(d, i) / t.slots) | 0;
      if (t.live[c] < t.target[c] && !(t.flags[c] & C_LOST)) return false;
    }
    if (!this.offlineGate(d)) return false;
    const node = this.nodeOf(d);
    this.sim.count('disksOfflined');
    this.sim.note({ code: 'disk.offlined', disk: d, node, rack: this.topo.rackOf[node], v: n });
    this.dropReplicas(d);
    this.setBelief(d, D_OFFLINE);
    return true;
  }

  /** A repaired or replaced disk returns to service, empty and healthy (for the repair loop, R4). */
  returnDisk(d: number): void {
    if (this.diskBelief[d] === D_NORMAL && !this.diskFailed[d]) return;
    this.dropReplicas(d);
    if (this.diskFailed[d]) this.failedDisks--;
    this.diskFailed[d] = 0;
    this.diskSlow[d] = 1;
    this.setBelief(d, D_NORMAL);
    this.refreshDisk(d);
  }

  // ---- per tick ---------------------------------------------------------------------

  /** Before the network settles: notice switch changes, run the scheduler, add recovery demand. */
  tickDemand(): void {
    const tor = this.servers.torUp;
    for (let r = 0; r < tor.length; r++)
      if (tor[r] !== this.torSeen[r]) {
        this.torSeen[r] = tor[r];
        this.rereplication.markDirty();
        const npr = this.topo.nodesPerRack;
        for (let n = r * npr, e = Math.min(this.topo.nodes, n + npr); n < e; n++) {
          this.refreshNode(n);
          if (tor[r]) this.onReachable(n);
        }
      }
    this.reports.tick(this.sim.params['engine.tickMs']);
    this.rereplication.tickDemand();
  }

  /** After the network settles (copies move bytes in the replication pass, see Rereplication). */
  tickProgress(_dtMs: number): void {}

  // ---- views ------------------------------------------------------------------------

  private setsCache: ReplicaSets | null = null;

  /** Distinct replica sets of the stored chunk groups now, per replica count (cached until placement changes). */
  replicaSets(): ReplicaSets {
    if (!this.setsCache || this.setsCache.version !== this.table.version) this.setsCache = countReplicaSets(this.table, this.dpn);
    return this.setsCache;
  }

  /** Theory, in real chunks: expected loss if `f` random servers lost their data at once, under the placement policy of the data. */
  whatIf(f: number): WhatIfResult {
    return whatIfReal(this.sets, this.topo.nodes, Math.max(0, Math.min(this.topo.nodes, Math.round(f))), this.sim.params['storage.chunkMB'] * 1e6);
  }

  /**
   * Trials: lose `f` random servers at once, `trials` times (own seeded stream, no
   * change to the run), counting the real chunks that would be lost each time: the
   * run's own replica-set field over the sets wholly inside the failed servers.
   */
  whatIfTrials(f: number, trials: number, seed = 1): { f: number; trials: number; lostPerTrial: number[]; trialsWithLoss: number; meanLost: number } {
    const n = this.topo.nodes;
    f = Math.max(0, Math.min(n, Math.round(f)));
    const rng = new Rng(seed, 0x9a17);
    const ids = new Int32Array(n);
    const failed = new Uint8Array(n);
    const lostPerTrial: number[] = [];
    for (let k = 0; k < trials; k++) {
      for (let i = 0; i < n; i++) ids[i] = i;
      failed.fill(0);
      for (let i = 0; i < f; i++) {
        const j = i + rng.int(n - i);
        const x = ids[j];
        ids[j] = ids[i];
        ids[i] = x;
        failed[x] = 1;
      }
      lostPerTrial.push(this.sets.lossInside(ids.slice(0, f).sort(), failed).lost);
    }
    const withLoss = lostPerTrial.filter((x) => x > 0).length;
    const mean = lostPerTrial.reduce((a, b) => a + b, 0) / Math.max(1, trials);
    return { f, trials, lostPerTrial, trialsWithLoss: withLoss, meanLost: mean };
  }

  addSeries(m: Metrics): void {
    m.add('underReplicated', () => this.table.underReplicated);
    m.add('lost', () => this.table.lost);
    // in real chunks (the two above count groups)
    m.add('underReplicatedChunks', () => this.table.underReplicated * this.chunksPerGroup);
    m.add('lostChunks', () => this.realLoss.lost);
    m.add('recoveryGbps', () => this.rereplication.nicGbps);
  }

  frame(): StorageFrame {
    const t = this.table;
    const r = this.rereplication;
    let falsely = 0;
    if (this.suspectDisks + this.offlineDisks > 0)
      for (let d = 0; d < this.diskBelief.length; d++) {
        const b = this.diskBelief[d];
        if ((b === D_SUSPECT || b === D_OFFLINE) && this.diskSlow[d] <= 1) falsely++;
      }
    return {
      chunks: t.chunks,
      replicas: t.replicas,
      underReplicated: t.underReplicated,
      lost: t.lost,
      unavailable: t.unavailable,
      realChunks: this.realChunks,
      chunksPerGroup: this.chunksPerGroup,
      lostChunks: this.realLoss.lost,
      underReplicatedChunks: t.underReplicated * this.chunksPerGroup,
      overReplicated: t.overReplicated,
      unavailableChunks: t.unavailable * this.chunksPerGroup,
      queued: t.queue.size,
      copying: r.copying,
      recoveryGbps: { nic: r.nicGbps, uplink: r.uplinkGbps, core: r.coreGbps },
      failedDisks: this.failedDisks,
      suspectDisks: this.suspectDisks,
      offlineDisks: this.offlineDisks,
      falselySuspectedDisks: falsely,
      degradedForMs: t.degradedSince >= 0 ? this.sim.now - t.degradedSince : -1,
      lastTimeToFullRedundancyMs: t.lastTimeToRedundancyMs,
      diskState: this.diskStateBytes(),
      rackRecoveryGbps: r.rackGbps.slice(),
    };
  }

  /**
   * The run's storage figures for the summary (cli.md `storage`, plus detail). Chunk
   * counts are real storage.chunkMB chunks: lost ones counted over their own replica
   * sets, the rest the groups' counts × chunksPerGroup; `…Groups` are the stored groups'.
   */
  summary() {
    const t = this.table;
    const r = this.rereplication;
    const c = this.sim.counters;
    const k = this.chunksPerGroup;
    let sets = 0;
    for (let rr = 1; rr < this.sets.realByR.length; rr++) sets += this.sets.expectedSets(rr);
    return {
      lostChunks: this.realLoss.lost,
      underReplicatedNow: t.underReplicated * k,
      underReplicatedPeak: t.underReplicatedPeak * k,
      rereplicatedChunks: r.completed * k,
      rereplicatedBytes: r.bytesMoved,
      lostBytes: this.realLoss.lost * this.sim.params['storage.chunkMB'] * 1e6,
      unavailableNow: t.unavailable * k,
      /** distinct replica sets the real chunks use: the expected number Σ_S (1 − e^−λ_S) over the seeded field (replicaSets.ts), not a count */
      replicaSets: Math.round(sets),
      replicaSetsBasis: 'expected',
      /** the Copysets comparison: theory for 1 % of the servers failing at once, at the real counts (whatIf.ts) */
      ifOnePercentFail: (() => {
        const w = this.whatIf(Math.round(this.topo.nodes / 100));
        return { servers: w.f, pLoss: Math.round(w.pLoss * 1e6) / 1e6, expectedLostChunks: Math.round(w.expectedLostChunks * 1000) / 1000 };
      })(),
      chunkMB: this.sim.params['storage.chunkMB'],
      chunksPerGroup: k,
      chunkGroups: t.chunks,
      lostChunkGroups: t.lost,
      underReplicatedGroupsPeak: t.underReplicatedPeak,
      lossEvents: this.realLoss.events,
      lossEventsSummed: this.realLoss.summedEvents,
      chunkBytes: this.chunkBytes,
      placement: this.sim.params['storage.placement'],
      peakRecoveryGbps: Math.round(r.peakGbps * 1000) / 1000,
      lastTimeToFullRedundancyMs: t.lastTimeToRedundancyMs,
      maxTimeToFullRedundancyMs: t.maxTimeToRedundancyMs,
      copiesAborted: r.aborted,
      copiesDiscarded: r.discarded,
      trimmedReplicas: this.trimmed,
      outDelayMs: this.outDelay.delayMs(),
      serversBackBeforeOut: this.outDelay.backInTime,
      serversMarkedOut: this.outDelay.markedOut,
      /** real chunk-hours one copy short: the waiting servers' group replicas × chunksPerGroup × hours */
      copyShortChunkHours: Math.round(this.outDelay.copyShortChunkHours() * k * 10) / 10,
      copiedForReturnedTB: Math.round((this.trimmed * this.chunkBytes) / 1e9) / 1000,
      disksOfflined: c.disksOfflined ?? 0,
    };
  }

  /** One byte per disk: belief in bits 0–1, truly failed bit 2, truly slow bit 3. */
  diskStateBytes(): Uint8Array {
    const n = this.diskBelief.length;
    const out = new Uint8Array(n);
    const b = this.diskBelief,
      f = this.diskFailed,
      s = this.diskSlow;
    for (let d = 0; d < n; d++) out[d] = encodeDiskState(b[d], f[d] !== 0, s[d] > 1);
    return out;
  }
}
