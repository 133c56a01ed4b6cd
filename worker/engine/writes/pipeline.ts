/**
 * The latency of a write (P4 and its alternatives), from what the cluster really is
 * at that moment: network hops and each disk's true speed, slow-down factor and load.
 *
 *  - hop: same rack `writes.rackHopUs`; across racks `writes.coreHopUs`, stretched
 *    by queueing on the busier of the two uplinks and the core (1 ÷ (1 − u), u ≤ 0.9);
 *    plus the write's serialization on a NIC. A lost packet (flaky network, links
 *    past their knee) costs a retransmission timeout (`writes.retransmitMs`).
 *  - disk: a write costs `writes.diskAccessMs` positioning plus size ÷ throughput,
 *    times the disk's true slow factor; the disk is an M/M/1 queue whose utilization
 *    is its background load (server load × `storage.diskUtilPerLoad`) plus the
 *    writes it takes, times the slow factor (capped at 0.95); the response time is
 *    exponential with mean service ÷ (1 − ρ) — tens of ms, over 100 ms on a busy or
 *    slow disk.
 *  - pipeline (P4): client → replica 1 → 2 → 3; each replica forwards at once and
 *    writes its disk; success when the last has written and the acks are back:
 *    max over replicas i of (2 × hops up to i + disk time of i).
 *  - majority (Pangu today, 2 of 3): the client sends to all replicas at once and
 *    succeeds when a majority has written: the 2nd fastest of (2 × hop + disk time).
 *  - redo log (P5): the client sends to its memory servers at once and succeeds when
 *    all have the write in memory: max of (2 × hop + memory ack), the ack being
 *    `writes.memoryAckUs` of CPU time, stretched by the server's slowness and load.
 *
 * A cohort's latency is not computed write by write: each tick a bounded number of
 * streams draw one realization of all three paths (same hops, same disk draws) and
 * add their writes since their last draw to the histograms with it — an unbiased
 * Monte Carlo estimate of the latency distribution at constant cost per tick.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Servers } from '../cluster/servers';
import type { Network } from '../cluster/network';
import { lossAt } from '../cluster/network';
import type { BackgroundWorkload } from '../workload/background';
import * as dm from '../core/detmath';
import type { EngineContext } from '../context';
import { marksOf, tracked, type DirtyBlocks } from '../core/dirty';

/** quantiles of the unit exponential at 4096 evenly spaced probabilities (a draw = a lookup) */
export const EXP = (() => {
  const t = new Float64Array(4096);
  for (let i = 0; i < 4096; i++) t[i] = -dm.log(1 - (i + 0.5) / 4096);
  return t;
})();

export interface DiskView {
  readonly diskSlow: Float32Array;
  readonly diskFailed: Uint8Array;
}

export class WriteLatencyModel {
  /** disk utilization from the write streams' synchronous writes (pipeline, majority) at their rate */
  readonly diskWriteUtil: Float64Array;
  /** packet loss per rack this tick */
  readonly rackLoss: Float32Array;
  // per-tick constants
  private rackHop = 0;
  private coreHop = 0;
  private ser = 0;
  private svc = 0;
  private access = 0;
  private sizeBytes = 0;
  private util = 0;
  private memAck = 0;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;
  private readonly net: Network;
  private readonly workload: BackgroundWorkload;

  constructor(
    c: EngineContext,
    private readonly disks: DiskView,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers, net: this.net, workload: this.workload } = c);
    const { sim, topo } = c;
    this.diskWriteUtil = new Float64Array(topo.disks);
    this.#utilMarks = marksOf(tracked(this.diskWriteUtil));
    this.rackLoss = new Float32Array(topo.racks);
    sim.track('writes.diskWriteUtil', () => this.diskWriteUtil);
    sim.track('writes.rackLoss', () => this.rackLoss);
  }

  /** Reads this tick's parameters and the network's state. */
  begin(_dtMs: number): void {
    const p = this.sim.params;
    this.rackHop = p['writes.rackHopUs'] / 1000;
    this.coreHop = p['writes.coreHopUs'] / 1000;
    this.sizeBytes = p['writes.sizeKB'] * 1024;
    this.ser = (this.sizeBytes * 8) / (p['network.nicGbps'] * 1e6); // ms
    this.access = p['writes.diskAccessMs'];
    this.util = p['storage.diskUtilPerLoad'];
    this.memAck = p['writes.memoryAckUs'] / 1000;
    const knee = p['network.lossKnee'],
      full = p['network.lossFull'],
      base = p['network.baseLoss'];
    const core = lossAt(this.net.coreUtil, knee, full);
    const up = this.net.uplinkUtil,
      flaky = this.net.flakyLoss;
    for (let r = 0; r < this.topo.racks; r++) {
      const u = up[r];
      const a = u > knee ? lossAt(u, knee, full) : 0;
      this.rackLoss[r] = 1 - (1 - base) * (1 - a) * (1 - core) * (1 - flaky[r]);
    }
  }

  /** dirty marks of diskWriteUtil for checkpoints (core/dirty.ts; bookkeeping, not state): addUtil marks */
  readonly #utilMarks: DirtyBlocks;

  /** Adds (or removes) a standing utilization on disk d. */
  addUtil(d: number, u: number): void {
    const x = this.diskWriteUtil[d] + u;
    this.diskWriteUtil[d] = x > 1e-9 ? x : 0;
    this.#utilMarks.mark(d);
  }

  /** Disk time of one write (no queueing), ms, at normal speed. */
  writeServiceMs(d: number): number {
    return this.access + this.sizeBytes / (this.topo.diskMBps[d] * 1000);
  }

  /** Disk d's utilization (0–0.95) with its true slow factor: background + writes. */
  diskRho(d: number): number {
    const node = (d / this.topo.disksPerNode) | 0;
    const bg = this.workload.load[node] * this.util;
    const r = (bg + this.diskWriteUtil[d]) * this.disks.diskSlow[d];
    return r > 0.95 ? 0.95 : r;
  }

  /** Mean response time of one write on disk d whose service time is `svcMs`, ms. */
  diskMeanWith(d: number, svcMs: number): number {
    const slow = this.disks.diskSlow[d];
    const bg = this.workload.load[(d / this.topo.disksPerNode) | 0] * this.util;
    let r = (bg + this.diskWriteUtil[d]) * slow;
    if (r > 0.95) r = 0.95;
    return (svcMs * slow) / (1 - r);
  }

  /** Mean response time of one write on disk d, ms. */
  diskMeanMs(d: number): number {
    return (this.writeServiceMs(d) * this.disks.diskSlow[d]) / (1 - this.diskRho(d));
  }

  /**
   * Bytes disk d (of `mbps` MB/s when healthy) can flush for the redo log in dt: one
   * positioning per batch, then streaming, in the share of time its background load
   * leaves (at least half: a fair I/O scheduler), all stretched by its true slow factor.
   */
  flushCapacity(d: number, mbps: number, dtMs: number): number {
    const slow = this.disks.diskSlow[d];
    const bgRho = this.workload.load[(d / this.topo.disksPerNode) | 0] * this.util * slow;
    const share = bgRho < 0.5 ? 1 - bgRho : 0.5;
    const t = dtMs * share - this.access * slow;
    return t > 0 ? (t * mbps * 1000) / slow : 0;
  }

  /** One-way latency of a write from server a to server b, ms. */
  hopMs(a: number, b: number): number {
    const ra = this.topo.rackOf[a],
      rb = this.topo.rackOf[b];
    if (ra === rb) return this.rackHop + this.ser;
    const up = this.net.uplinkUtil;
    let u = this.net.coreUtil;
    if (up[ra] > u) u = up[ra];
    if (up[rb] > u) u = up[rb];
    if (u > 0.9) u = 0.9;
    return this.coreHop / (1 - u) + this.ser;
  }

  /** Memory ack time of server n (mean), ms: CPU time stretched by slowness and load. */
  memoryAckMs(n: number): number {
    const load = this.workload.load[n];
    return (this.memAck * this.servers.slow[n]) / (1 - (load > 0.9 ? 0.9 : load));
  }
}
