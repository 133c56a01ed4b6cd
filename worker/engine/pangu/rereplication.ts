/**
 * Re-replication: the master copies under-replicated chunks, most urgent first
 * (fewest live replicas), from a live replica to a target chosen by the placement
 * policy. Copies are flows (engine-notes "Flows, not packets"): every tick each
 * running copy gets a rate — the least of its source disk's and target disk's
 * recovery share (`recovery.diskShare`, divided among the streams on that disk, and
 * by the disk's true slow factor), and the two servers' NICs divided among their
 * streams — capped cluster-wide by the gate (`recovery.maxGbps`). Cross-rack copies
 * add their rate to the source rack's uplink demand; after the network has turned
 * demand into utilization, bytes move at rate × delivered share × dt.
 *
 * Throttles: at most `recovery.maxStreamsPerNode` copies out of and into each
 * server (HDFS: 2, hard limit 4), and new copies start only while the running ones'
 * nominal rate is under the cluster-wide cap. A copy stalls while its source or
 * target is unreachable, aborts when the master gives up on either (declared dead,
 * disk failed or suspect), and is discarded when it completes after the chunk is
 * back at full redundancy (a server rejoined meanwhile). Recovery stops exactly at
 * full redundancy: only chunks with live < target are queued.
 *
 * `gate` is the seam for recovery policies (issue 4): it may stop new copies and
 * set the cluster-wide cap at any time.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Servers } from '../cluster/servers';
import type { Network } from '../cluster/network';
import { ALIVE, DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import { type ChunkTable, C_BUSY, C_LOST, F_LIVE, F_SRC } from './chunks';
import type { Placement, PlacementPolicy } from './placement';
import { D_NORMAL } from './slowDisk';
import type { EngineContext } from '../context';

export interface RecoveryGate {
  /** May re-replication start new copies now? */
  allowStarts(): boolean;
  /** Cluster-wide cap on recovery traffic now, Gb/s. */
  maxGbps(): number;
  /** Copies out of, and into, one server at once (default `recovery.maxStreamsPerNode`). */
  maxStreamsPerNode?(): number;
  /** Share of a disk's throughput one recovery stream may use (default `recovery.diskShare`). */
  diskShare?(): number;
}

export interface RereplicationHost {
  readonly diskFailed: Uint8Array;
  readonly diskSlow: Float32Array;
  readonly diskBelief: Uint8Array;
  /** servers re-registered after being declared dead whose chunk report the master has not processed (take no copies) */
  readonly reports: { readonly unreported: Uint8Array };
  /** replicas a disk may hold (capacity ÷ bytes per chunk) */
  readonly diskCapacity: number;
  readonly chunkBytes: number;
}

const MB = 1e6;
/** chunks looked at per tick by the scheduler, at most */
const SCAN_PER_TICK = 4096;
/** consecutive chunks without a source or target after which the scheduler stops for this tick */
const GIVE_UP_AFTER = 256;

export class Rereplication {
  n = 0;
  cChunk = new Int32Array(256);
  cSrcRid = new Int32Array(256);
  cSrc = new Int32Array(256);
  cDst = new Int32Array(256);
  /** bytes still to copy */
  cLeft = new Float64Array(256);
  /** rate this tick, MB/s (before the network's delivered share) */
  cRate = new Float32Array(256);
  readonly outStreams: Uint16Array;
  readonly inStreams: Uint16Array;
  readonly diskStreams: Uint16Array;
  /** copies under way into each disk (counts against its capacity) */
  readonly incoming: Uint16Array;
  /** recovery traffic leaving each rack over its uplink this tick, Gb/s */
  readonly rackGbps: Float32Array;
  /** recovery traffic this tick, Gb/s, per tier */
  nicGbps = 0;
  uplinkGbps = 0;
  coreGbps = 0;
  peakGbps = 0;
  /** sum of the running copies' nominal rates, Gb/s (what the cap compares against) */
  private nominalGbps = 0;
  /** traffic the running copies offer to the network, Gb/s (after the cap, before the network's delivered share) */
  offeredGbps = 0;
  started = 0;
  completed = 0;
  discarded = 0;
  aborted = 0;
  bytesMoved = 0;
  completedBytes = 0;
  private readonly scratch = new Int32Array(SCAN_PER_TICK);
  /** during a pass: the servers that can take a copy (believed alive, reported, a free incoming stream), and where each sits in the list (-1: not in it) */
  private readonly targets: { list: Int32Array; n: number };
  private readonly targetPos: Int32Array;
  gate: RecoveryGate;
  /** whether anything is under way (the tick does nothing when idle) */
  private active = false;
  /** set when something changed copy rates since the last pass (for the page; rates are recomputed every pass) */
  private ratesDirty = true;
  private ticksSinceRates = 0;
  private checkedAt = -1;
  /** time of the last replication pass */
  private lastStep = 0;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;
  private readonly net: Network;
  private readonly detector: HeartbeatDetector;

  constructor(
    c: EngineContext,
    private readonly table: ChunkTable,
    private readonly placement: Placement,
    private readonly host: RereplicationHost,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers, net: this.net, detector: this.detector } = c);
    const { sim, topo } = c;
    this.outStreams = new Uint16Array(topo.nodes);
    this.inStreams = new Uint16Array(topo.nodes);
    this.diskStreams = new Uint16Array(topo.disks);
    this.incoming = new Uint16Array(topo.disks);
    this.rackGbps = new Float32Array(topo.racks);
    this.targets = { list: new Int32Array(topo.nodes), n: 0 };
    this.targetPos = new Int32Array(topo.nodes).fill(-1);
    this.gate = { allowStarts: () => true, maxGbps: () => sim.params['recovery.maxGbps'] };
    const t = (name: string, get: () => ArrayBufferView) => sim.track('pangu.copy.' + name, get);
    t('chunk', () => this.cChunk.subarray(0, this.n));
    t('srcRid', () => this.cSrcRid.subarray(0, this.n));
    t('src', () => this.cSrc.subarray(0, this.n));
    t('dst', () => this.cDst.subarray(0, this.n));
    t('left', () => this.cLeft.subarray(0, this.n));
    t('rate', () => this.cRate.subarray(0, this.n));
    t('outStreams', () => this.outStreams);
    t('inStreams', () => this.inStreams);
    t('diskStreams', () => this.diskStreams);
    t('incoming', () => this.incoming);
    t('rackGbps', () => this.rackGbps);
    for (const k of [
      'started',
      'completed',
      'discarded',
      'aborted',
      'bytesMoved',
      'nominalGbps',
      'nicGbps',
      'uplinkGbps',
      'peakGbps',
      'offeredGbps',
      'ticksSinceRates',
      'checkedAt',
      'lastStep',
    ] as const)
      sim.trackScalar('pangu.copy.' + k, () => this[k]);
  }

  /** Something that changes copy rates happened (a server's state, a switch, a disk's speed). */
  markDirty(): void {
    this.ratesDirty = true;
  }

  get copying(): number {
    return this.n;
  }

  /** Bytes still to move for the copies under way. */
  bytesLeft(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.cLeft[i];
    return s;
  }

  /**
   * Each tick, before the network settles. Every `recovery.scheduleMs` (HDFS: 3 s) the
   * master's replication pass runs: bytes move for the window just ended (at the rates
   * set for it and the network's delivered share), finished copies become replicas,
   * doomed copies abort, new copies start and rates are set for the next window. In
   * between, the copies' traffic is added to the rack uplinks as it stands.
   */
  tickDemand(): void {
    if (!this.active && this.n === 0 && this.table.queue.size === 0) return;
    const now = this.sim.now;
    const period = this.sim.params['recovery.scheduleMs'];
    if (!this.active) {
      this.active = true;
      this.lastStep = now - period;
    }
    if (now - this.lastStep >= period) {
      this.advance(now - this.lastStep);
      this.lastStep = now;
      if (this.table.invalidations !== this.checkedAt) {
        this.checkedAt = this.table.invalidations;
        this.checkRunning();
      }
      this.schedule();
      this.computeRates();
    } else {
      const demand = this.net.uplinkDemand;
      for (let r = 0; r < demand.length; r++) demand[r] += this.rackGbps[r];
    }
    if (this.n === 0 && this.table.queue.size === 0) {
      this.active = false;
      this.rackGbps.fill(0);
      this.nicGbps = this.uplinkGbps = this.coreGbps = this.offeredGbps = 0;
    }
  }

  /** Moves bytes for a window of `windowMs` at the copies' rates; finished copies become replicas. */
  private advance(windowMs: number): void {
    if (this.n === 0) {
      this.nicGbps = this.uplinkGbps = this.coreGbps = 0;
      return;
    }
    const dtMs = windowMs;
    const rackOf = this.topo.rackOf;
    const dpn = this.topo.disksPerNode;
    let nic = 0,
      up = 0;
    const { cRate, cSrc, cDst, cLeft } = this;
    const net = this.net;
    const perMBps = MB * (dtMs / 1000);
    let moved = 0;
    let lastRack = -1,
      lastShare = 1;
    for (let i = 0, n = this.n; i < n; i++) {
      const rate = cRate[i];
      if (rate <= 0) continue;
      const sr = rackOf[(cSrc[i] / dpn) | 0];
      const dr = rackOf[(cDst[i] / dpn) | 0];
      let share = 1;
      if (sr !== dr) {
        if (sr !== lastRack) {
          lastRack = sr;
          lastShare = net.deliveredShare(sr);
        }
        const ds = net.deliveredShare(dr);
        share = lastShare < ds ? lastShare : ds;
      }
      const eff = rate * share;
      const want = eff * perMBps;
      const bytes = cLeft[i] < want ? cLeft[i] : want;
      cLeft[i] -= bytes;
      moved += bytes;
      nic += eff;
      if (sr !== dr) up += eff;
    }
    this.bytesMoved += moved;
    this.nicGbps = (nic * 8) / 1000;
    this.uplinkGbps = this.coreGbps = (up * 8) / 1000;
    if (this.nicGbps > this.peakGbps) this.peakGbps = this.nicGbps;
    for (let i = this.n - 1; i >= 0; i--) if (this.cLeft[i] <= 0) this.complete(i);
  }

  private checkRunning(): void {
    const t = this.table;
    const h = this.host;
    const belief = this.detector.belief;
    const dpn = this.topo.disksPerNode;
    const { cChunk, cSrc, cDst, cSrcRid } = this;
    const { flags, slotDisk, diskFlags, diskDirty } = t;
    const { diskFailed, diskBelief } = h;
    // Only copies from or to a disk that changed since the last check can have gone bad.
    for (let i = this.n - 1; i >= 0; i--) {
      const s = cSrc[i];
      const d = cDst[i];
      if (!diskDirty[s] && !diskDirty[d]) continue;
      const bad =
        flags[cChunk[i]] & C_LOST ||
        slotDisk[cSrcRid[i]] !== s ||
        !(diskFlags[s] & F_SRC) ||
        diskFailed[s] || // read error, reported at once
        diskFailed[d] || // write error, reported at once
        diskBelief[d] !== D_NORMAL ||
        belief[(d / dpn) | 0] === DEAD;
      if (bad) {
        this.aborted++;
        this.stop(i);
      }
    }
    t.clearDirty();
  }

  private stop(i: number): void {
    const dpn = this.topo.disksPerNode;
    const s = this.cSrc[i],
      d = this.cDst[i];
    this.outStreams[(s / dpn) | 0]--;
    this.inStreams[(d / dpn) | 0]--;
    this.diskStreams[s]--;
    this.diskStreams[d]--;
    this.incoming[d]--;
    this.ratesDirty = true;
    this.nominalGbps -= this.nominal(s, d);
    if (this.nominalGbps < 1e-9 || this.n === 1) this.nominalGbps = 0; // (the disk share may have changed live)
    const c = this.cChunk[i];
    const last = --this.n;
    if (i !== last) {
      this.cChunk[i] = this.cChunk[last];
      this.cSrcRid[i] = this.cSrcRid[last];
      this.cSrc[i] = this.cSrc[last];
      this.cDst[i] = this.cDst[last];
      this.cLeft[i] = this.cLeft[last];
      this.cRate[i] = this.cRate[last];
    }
    this.table.setBusy(c, false);
  }

  private complete(i: number): void {
    const t = this.table;
    const c = this.cChunk[i];
    const d = this.cDst[i];
    const srcRid = this.cSrcRid[i];
    this.stop(i);
    if (t.flags[c] & C_LOST || t.live[c] >= t.target[c]) {
      this.discarded++;
      return;
    }
    if (t.addReplica(c, d) < 0) {
      // Every slot taken: forget the replica the master counts least (on a dead server, then a suspect disk).
      const S = t.slots;
      let victim = -1,
        worst = 99;
      for (let s = 0; s < S; s++) {
        const rid = c * S + s;
        const dk = t.slotDisk[rid];
        if (dk < 0 || rid === srcRid) continue;
        const f = t.diskFlags[dk];
        const rank = f & F_LIVE ? 9 : f & F_SRC ? 1 : 0;
        if (rank < worst) {
          worst = rank;
          victim = rid;
        }
      }
      if (victim < 0 || worst === 9) {
        this.discarded++;
        return;
      }
      t.removeReplica(victim);
      this.sim.count('replicasForgotten');
      t.addReplica(c, d);
    }
    this.completed++;
    this.completedBytes += this.host.chunkBytes;
  }

  /** Nominal rate of a copy between two disks, Gb/s, with no sharing (what the cap budgets). */
  private nominal(s: number, d: number): number {
    const share = this.gate.diskShare?.() ?? this.sim.params['recovery.diskShare'];
    const mb = this.topo.diskMBps;
    const sl = this.host.diskSlow;
    return (Math.min((mb[s] * share) / sl[s], (mb[d] * share) / sl[d]) * 8) / 1000;
  }

  private schedule(): void {
    const t = this.table;
    const q = t.queue;
    if (q.size === 0 || !this.gate.allowStarts()) return;
    const p = this.sim.params;
    const cap = this.gate.maxGbps();
    if (this.nominalGbps >= cap) return;
    const maxPer = this.gate.maxStreamsPerNode?.() ?? p['recovery.maxStreamsPerNode'];
    const policy = p['storage.placement'] as PlacementPolicy;
    const sw = p['storage.scatterWidth'];
    const rng = this.sim.rng.get('pangu.recovery');
    const csRng = this.sim.rng.get('pangu.copysets');
    const dpn = this.topo.disksPerNode;
    const h = this.host;
    const belief = this.detector.belief;
    const lists = t.lists;
    const capacity = h.diskCapacity;
    const unreported = h.reports.unreported;
    const ok = (d: number) =>
      h.diskBelief[d] === D_NORMAL && belief[(d / dpn) | 0] === ALIVE && !unreported[(d / dpn) | 0] && lists.len[d] + this.incoming[d] < capacity;
    const free = (node: number) => this.inStreams[node] < maxPer;
    this.listTargets(maxPer);
    let scanned = 0,
      misses = 0;
    for (let b = 0; b < q.nBuckets; b++) {
      const k = q.take(b, SCAN_PER_TICK - scanned, this.scratch);
      scanned += k;
      for (let j = 0; j < k; j++) {
        const c = this.scratch[j];
        if (t.queue.bucketOf[c] === 0 || t.flags[c] & C_BUSY) continue;
        const src = this.pickSource(c, maxPer);
        if (src < 0) {
          if (++misses >= GIVE_UP_AFTER) return;
          continue;
        }
        const dst = this.placement.pickTarget(c, policy, sw, ok, free, rng, csRng, this.targets);
        if (dst < 0) {
          if (++misses >= GIVE_UP_AFTER) return;
          continue;
        }
        misses = 0;
        this.start(c, src, dst);
        if (this.inStreams[(dst / dpn) | 0] >= maxPer) this.dropTarget((dst / dpn) | 0);
        if (this.nominalGbps >= cap) return;
      }
      if (scanned >= SCAN_PER_TICK) return;
    }
  }

  /** The servers a copy may go to in this pass (the rest of the check is per disk, in `ok`). */
  private listTargets(maxPer: number): void {
    const belief = this.detector.belief;
    const unreported = this.host.reports.unreported;
    const { list } = this.targets;
    const pos = this.targetPos;
    let n = 0;
    for (let node = 0; node < pos.length; node++) {
      if (belief[node] === ALIVE && !unreported[node] && this.inStreams[node] < maxPer) {
        pos[node] = n;
        list[n++] = node;
      } else pos[node] = -1;
    }
    this.targets.n = n;
  }

  /** A server whose incoming streams are all taken leaves the pass's list. */
  private dropTarget(node: number): void {
    const p = this.targetPos[node];
    if (p < 0) return;
    const t = this.targets;
    const last = t.list[--t.n];
    t.list[p] = last;
    this.targetPos[last] = p;
    this.targetPos[node] = -1;
  }

  /** A replica to copy from: one the master counts (else a suspect disk's), on the least busy server with a free stream. */
  private pickSource(c: number, maxPer: number): number {
    const t = this.table;
    const S = t.slots;
    const dpn = this.topo.disksPerNode;
    let best = -1,
      bestScore = Infinity;
    for (let s = 0; s < S; s++) {
      const rid = c * S + s;
      const d = t.slotDisk[rid];
      if (d < 0) continue;
      const f = t.diskFlags[d];
      if (!(f & F_SRC)) continue;
      const streams = this.outStreams[(d / dpn) | 0];
      if (streams >= maxPer) continue;
      const score = (f & F_LIVE ? 0 : 1000) + streams;
      if (score < bestScore) {
        bestScore = score;
        best = rid;
      }
    }
    return best;
  }

  private start(c: number, srcRid: number, dst: number): void {
    if (this.n === this.cChunk.length) this.grow();
    const i = this.n++;
    const s = this.table.slotDisk[srcRid];
    const dpn = this.topo.disksPerNode;
    this.cChunk[i] = c;
    this.cSrcRid[i] = srcRid;
    this.cSrc[i] = s;
    this.cDst[i] = dst;
    this.cLeft[i] = this.host.chunkBytes;
    this.cRate[i] = 0;
    this.outStreams[(s / dpn) | 0]++;
    this.inStreams[(dst / dpn) | 0]++;
    this.diskStreams[s]++;
    this.diskStreams[dst]++;
    this.incoming[dst]++;
    this.ratesDirty = true;
    this.nominalGbps += this.nominal(s, dst);
    this.started++;
    this.table.setBusy(c, true);
  }

  private computeRates(): void {
    this.ratesDirty = false;
    this.ticksSinceRates = 0;
    this.rackGbps.fill(0);
    const p = this.sim.params;
    const share = this.gate.diskShare?.() ?? p['recovery.diskShare'];
    const nicMBps = (p['network.nicGbps'] * 1000) / 8;
    const cap = this.gate.maxGbps();
    const mb = this.topo.diskMBps;
    const sl = this.host.diskSlow;
    const nodeSlow = this.servers.slow;
    const dpn = this.topo.disksPerNode;
    const rackOf = this.topo.rackOf;
    const { truth, torUp } = this.servers;
    const { cSrc, cDst, cRate, diskStreams, outStreams, inStreams } = this;
    const n = this.n;
    const rackGbps = this.rackGbps;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = cSrc[i],
        d = cDst[i];
      const sn = (s / dpn) | 0,
        dn = (d / dpn) | 0;
      const sr = rackOf[sn],
        dr = rackOf[dn];
      if (truth[sn] !== 0 || truth[dn] !== 0 || torUp[sr] === 0 || torUp[dr] === 0) {
        cRate[i] = 0;
        continue;
      }
      const rs = (mb[s] * share) / (sl[s] * diskStreams[s] * nodeSlow[sn]);
      const rd = (mb[d] * share) / (sl[d] * diskStreams[d] * nodeSlow[dn]);
      const o = outStreams[sn],
        k = inStreams[dn];
      const rn = nicMBps / (o > k ? o : k);
      const r = rs < rd ? (rs < rn ? rs : rn) : rd < rn ? rd : rn;
      cRate[i] = r;
      total += r;
      if (sr !== dr) rackGbps[sr] += (r * 8) / 1000;
    }
    const totalGbps = (total * 8) / 1000;
    const scale = totalGbps > cap ? (cap > 0 ? cap / totalGbps : 0) : 1;
    this.offeredGbps = totalGbps * scale;
    if (scale !== 1) {
      // the cap binds: every copy slowed alike, the uplink demand summed again at the scaled rates
      rackGbps.fill(0);
      for (let i = 0; i < n; i++) {
        const r = (cRate[i] *= scale);
        if (r <= 0) continue;
        const sr = rackOf[(cSrc[i] / dpn) | 0];
        if (sr !== rackOf[(cDst[i] / dpn) | 0]) rackGbps[sr] += (r * 8) / 1000;
      }
    }
    const demand = this.net.uplinkDemand;
    for (let r = 0; r < demand.length; r++) demand[r] += rackGbps[r];
  }

  private grow(): void {
    const cap = this.cChunk.length * 2;
    const gi = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.cChunk = gi(this.cChunk);
    this.cSrcRid = gi(this.cSrcRid);
    this.cSrc = gi(this.cSrc);
    this.cDst = gi(this.cDst);
    const l = new Float64Array(cap);
    l.set(this.cLeft);
    this.cLeft = l;
    const r = new Float32Array(cap);
    r.set(this.cRate);
    this.cRate = r;
  }
}
