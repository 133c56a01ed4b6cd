/**
 * Slow-disk handling (P6, F3). Truth: each disk has a slow-down factor (1 = healthy).
 * Access times follow a simple queueing model: mean = (1 / disk speed) × slow factor
 * ÷ (1 − utilization), utilization rising with the server's load; individual access
 * times are exponential around that mean. The master times every access: in each
 * window a disk's share of accesses slower than `detection.slowAccessFactor` × the
 * cluster mean is measured (binomial noise for `detection.diskAccessesPerWindow`
 * timed accesses). Above `detection.slowDiskShare` for `detection.slowDiskWindows`
 * windows running, the disk becomes suspect — the master's belief, which a busy
 * healthy disk can earn too. Then, in three steps: (1) no new data goes to it;
 * (2) its replicas stop counting, so every chunk on it gets a copy elsewhere;
 * (3) once everything on it has full redundancy elsewhere it is taken offline.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Servers } from '../cluster/servers';
import type { BackgroundWorkload } from '../workload/background';
import { D_SUSPECT, D_OFFLINE } from '../../contract';
import * as dm from '../core/detmath';
import type { EngineContext } from '../context';

/** The master's belief about a disk: the numbers are the page's too (worker/contract.ts). */
export { D_NORMAL, D_SUSPECT, D_OFFLINE, D_FAILED, DISK_BELIEF_NAMES } from '../../contract';

export interface SlowDiskHost {
  readonly diskFailed: Uint8Array;
  readonly diskSlow: Float32Array;
  readonly diskBelief: Uint8Array;
  suspect(disk: number): void;
  /** Step 3: offline the disk if all its data has full redundancy elsewhere; true when it did. */
  tryOffline(disk: number): boolean;
}

export class SlowDiskDetector {
  /** consecutive windows each disk was measured slow */
  readonly windows: Uint8Array;
  /** last measured share of slow accesses (0 where too small to matter) */
  readonly share: Float32Array;
  clusterMeanMs = 0;
  /** ms per MB of each disk when healthy and idle */
  private readonly invSpeed: Float32Array;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;
  private readonly workload: BackgroundWorkload;

  constructor(
    c: EngineContext,
    private readonly host: SlowDiskHost,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers, workload: this.workload } = c);
    const { sim, topo } = c;
    this.windows = new Uint8Array(topo.disks);
    this.share = new Float32Array(topo.disks);
    this.invSpeed = new Float32Array(topo.disks);
    for (let d = 0; d < topo.disks; d++) this.invSpeed[d] = 1000 / topo.diskMBps[d];
    sim.track('pangu.slow.windows', () => this.windows);
    sim.track('pangu.slow.share', () => this.share);
    sim.trackScalar('pangu.slow.clusterMean', () => this.clusterMeanMs);
    sim.on(EV.SLOW_DISK_CHECK, () => this.check());
    sim.after(sim.params['detection.slowDiskCheckMs'], EV.SLOW_DISK_CHECK);
  }

  /** Mean access time of a disk in ms for a 1 MB access (the model; truth, not belief). */
  meanAccessMs(d: number): number {
    const node = (d / this.topo.disksPerNode) | 0;
    const rho = Math.min(0.95, this.workload.load[node] * this.sim.params['storage.diskUtilPerLoad']);
    return ((1000 / this.topo.diskMBps[d]) * this.host.diskSlow[d]) / (1 - rho);
  }

  check(): void {
    const p = this.sim.params;
    this.sim.after(p['detection.slowDiskCheckMs'], EV.SLOW_DISK_CHECK);
    if (!p['detection.slowDiskEnabled']) return;
    const { diskFailed, diskSlow, diskBelief } = this.host;
    const dpn = this.topo.disksPerNode;
    const load = this.workload.load;
    const util = p['storage.diskUtilPerLoad'];
    const inv = this.invSpeed;
    const truth = this.servers.truth;
    const torUp = this.servers.torUp;
    const rackOf = this.topo.rackOf;
    // Thresholds come from the cluster mean of the previous window (the first window only measures it).
    const mean = this.clusterMeanMs;
    const thr = p['detection.slowAccessFactor'] * mean;
    const shareLimit = p['detection.slowDiskShare'];
    const needWindows = p['detection.slowDiskWindows'];
    const accesses = p['detection.diskAccessesPerWindow'];
    // A disk whose expected share is below half the limit cannot plausibly reach it: skip the draw.
    const cutoff = mean > 0 ? thr / dm.log(2 / shareLimit) : Infinity;
    const rng = this.sim.rng.get('pangu.slowDisk');
    const windows = this.windows;
    const share = this.share;
    let sum = 0,
      n = 0;
    for (let node = 0; node < this.topo.nodes; node++) {
      if (truth[node] !== 0 || !torUp[rackOf[node]]) continue;
      const rho = Math.min(0.95, load[node] * util);
      const qf = 1 / (1 - rho);
      for (let d = node * dpn, e = d + dpn; d < e; d++) {
        const b = diskBelief[d];
        if (diskFailed[d] || b >= D_OFFLINE) continue;
        const m = inv[d] * diskSlow[d] * qf;
        sum += m;
        n++;
        if (b === D_SUSPECT) {
          this.host.tryOffline(d);
          continue;
        }
        if (m < cutoff) {
          windows[d] = 0;
          share[d] = 0;
          continue;
        }
        const pr = dm.exp(-thr / m);
        const obs = pr + rng.normal() * Math.sqrt((pr * (1 - pr)) / accesses);
        share[d] = obs;
        if (obs >= shareLimit) {
          if (++windows[d] >= needWindows) {
            windows[d] = 0;
            this.host.suspect(d);
            // Step 3 may apply at once when the disk holds nothing that needs it.
            this.host.tryOffline(d);
          }
        } else windows[d] = 0;
      }
    }
    if (n > 0) this.clusterMeanMs = sum / n;
  }
}
