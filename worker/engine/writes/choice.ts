/**
 * Which servers take a stream's writes, and whether a server accepts (P5's rules,
 * also used by the pipeline modes for what applies to them).
 *
 * A server accepts only when: it is up and reachable, the master does not believe
 * it dead; the disk it would write is healthy in the master's eyes (`diskBelief`
 * normal) and not failed; the disk is not near full (`writes.diskFullShare` of its
 * capacity in chunks); and, for the redo log, its memory and I/O queue are not
 * overloaded (unflushed bytes under `writes.memoryLimitMB`; the flush work queued
 * for the disk at the last tick doable within `writes.ioQueueLimitMs`, and no flush
 * on it past its deadline). The server judges by what it sees — its queue, its
 * memory — not by the disk's true speed: a disk that turns slow is noticed when the
 * flush work piles up. A server that refuses is skipped and the client picks another.
 *
 * Isolation (`writes.isolation`, redo log): `rack` — every memory server in a
 * different rack and its copies spread over the power feeds as evenly as they go (a
 * different feed each where there are enough), so one rack's or one feed's power
 * loss never takes every copy; `none` — the client takes
 * the nearest servers, those of its own rack (lowest latency), then any. The
 * pipeline modes place replicas as Pangu does: different servers and racks.
 */
import type { Rng } from '../core/rng';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import { DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import { D_NORMAL } from '../pangu/slowDisk';
import type { EngineContext } from '../context';

export interface StorageView {
  readonly diskBelief: Uint8Array;
  readonly diskFailed: Uint8Array;
  readonly diskCapacity: number;
  /** replicas on disk d */
  diskReplicas(d: number): number;
}

/** What a server's redo log holds (redoLog.ts): its unflushed memory, its disks' overdue flushes and I/O queue. */
export interface MemoryView {
  readonly nodeMem: Float64Array;
  readonly diskOverdue: Uint16Array;
  readonly diskQueueMs: Float32Array;
}

export interface AdmissionLimits {
  memoryBytes: number;
  ioQueueMs: number;
  fullShare: number;
  /** redo log: memory and I/O-queue rules apply */
  redo: boolean;
}

/** why a server refused (counted) */
export const REFUSE_REACH = 1,
  REFUSE_DISK = 2,
  REFUSE_FULL = 3,
  REFUSE_MEMORY = 4,
  REFUSE_IO = 5;
export const REFUSE_NAMES = ['', 'unreachable', 'disk unhealthy', 'disk near full', 'memory full', 'I/O queue overloaded'] as const;

export class TargetChoice {
  /** refusals per reason (index REFUSE_*) over the run */
  readonly refusals = new Float64Array(6);
  private readonly domainUsed: Uint16Array;
  private readonly rackUsed: Uint8Array;
  /** servers reachable (up, switch up, not believed dead) as counted at the first search of this tick; −1: not yet counted */
  private reachableNow = -1;

  private readonly topo: Topology;
  private readonly servers: Servers;
  private readonly detector: HeartbeatDetector;

  constructor(
    c: EngineContext,
    private readonly storage: StorageView,
    private readonly memory: MemoryView,
  ) {
    ({ topo: this.topo, servers: this.servers, detector: this.detector } = c);
    const topo = c.topo;
    this.domainUsed = new Uint16Array(topo.powerDomains);
    this.rackUsed = new Uint8Array(topo.racks);
  }

  reachable(n: number): boolean {
    return this.servers.truth[n] === UP && this.servers.torUp[this.topo.rackOf[n]] === 1 && this.detector.belief[n] !== DEAD;
  }

  /** A new tick: what servers look like may have changed since the last search. */
  newTick(): void {
    this.reachableNow = -1;
  }

  private countReachable(): number {
    let c = 0;
    for (let n = 0; n < this.topo.nodes; n++) if (this.reachable(n)) c++;
    return c;
  }

  /** 0 when server n accepts writes to disk d, else the REFUSE_* reason. */
  refuses(n: number, d: number, lim: AdmissionLimits): number {
    if (!this.reachable(n)) return REFUSE_REACH;
    const st = this.storage;
    if (st.diskFailed[d] || st.diskBelief[d] !== D_NORMAL) return REFUSE_DISK;
    if (st.diskReplicas(d) >= lim.fullShare * st.diskCapacity) return REFUSE_FULL;
    if (!lim.redo) return 0;
    const m = this.memory;
    if (m.nodeMem[n] >= lim.memoryBytes) return REFUSE_MEMORY;
    if (m.diskOverdue[d] > 0 || m.diskQueueMs[d] >= lim.ioQueueMs) return REFUSE_IO;
    return 0;
  }

  /** A disk of server n that accepts, starting at a random one; −1 if none (the refusal is counted). */
  private diskOf(n: number, lim: AdmissionLimits, rng: Rng): number {
    const dpn = this.topo.disksPerNode;
    const k0 = rng.int(dpn);
    let why = 0;
    for (let k = 0; k < dpn; k++) {
      const d = n * dpn + ((k0 + k) % dpn);
      const r = this.refuses(n, d, lim);
      if (r === 0) return d;
      why = r;
      if (r === REFUSE_REACH || r === REFUSE_MEMORY) break; // the server itself refuses
    }
    // The master never offers a server it cannot reach: only live servers' refusals count.
    if (why !== REFUSE_REACH) this.refusals[why]++;
    return -1;
  }

  /**
   * Picks k servers (and a disk on each) for a stream written from `writer`, into
   * nodes/disks; returns how many it found (k, or fewer when the cluster cannot offer them).
   * `isolation`: 'rack' (racks and, where possible, power domains distinct), 'none'
   * (nearest first), or 'pangu' (racks distinct: the pipeline's placement).
   */
  choose(
    writer: number,
    k: number,
    isolation: 'rack' | 'none' | 'pangu',
    lim: AdmissionLimits,
    rng: Rng,
    nodes: Int32Array,
    disks: Int32Array,
  ): number {
    const topo = this.topo;
    const nodesN = topo.nodes;
    const npr = topo.nodesPerRack;
    const rackOf = topo.rackOf;
    let found = 0;
    // Nobody but the writer reachable (the whole cluster cut off or believed dead): no search can
    // find anyone, and it would draw up to 64·k random servers per stream per tick to learn that.
    if (this.reachableNow < 0) this.reachableNow = this.countReachable();
    if (this.reachableNow - (this.reachable(writer) ? 1 : 0) <= 0) return 0;
    // rack isolation: power feeds as distinct as they can be (each feed at most ⌈k ÷ feeds⌉ copies)
    const perDomain = isolation === 'rack' ? Math.ceil(k / topo.powerDomains) : k;
    const distinctRacks = isolation !== 'none' && topo.racks >= k;
    const taken = (n: number) => {
      if (n === writer) return true;
      for (let i = 0; i < found; i++) if (nodes[i] === n) return true;
      return false;
    };
    const fits = (n: number) => {
      if (taken(n)) return false;
      const r = rackOf[n];
      if (distinctRacks && this.rackUsed[r]) return false;
      if (this.domainUsed[topo.domainOf[r]] >= perDomain) return false;
      return true;
    };
    const take = (n: number, d: number) => {
      nodes[found] = n;
      disks[found] = d;
      found++;
      const r = rackOf[n];
      this.rackUsed[r] = 1;
      this.domainUsed[topo.domainOf[r]]++;
    };
    if (isolation === 'none') {
      // Nearest first: the writer's own rack, in a random order.
      const r = rackOf[writer];
      const size = topo.rackSize[r];
      const o = rng.int(size);
      for (let i = 0; i < size && found < k; i++) {
        const n = r * npr + ((o + i) % size);
        if (!fits(n)) continue;
        const d = this.diskOf(n, lim, rng);
        if (d >= 0) take(n, d);
      }
    }
    // Random servers that fit the rule, a bounded number of tries per target.
    for (let tries = 0; found < k && tries < 64 * k; tries++) {
      const n = rng.int(nodesN);
      if (!fits(n)) continue;
      const d = this.diskOf(n, lim, rng);
      if (d >= 0) take(n, d);
    }
    for (let i = 0; i < found; i++) {
      const r = rackOf[nodes[i]];
      this.rackUsed[r] = 0;
      this.domainUsed[topo.domainOf[r]] = 0;
    }
    return found;
  }
}
