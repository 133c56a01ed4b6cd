/**
 * The background workload: every server has a CPU load that wanders around the
 * mean (a mean-reverting random walk, cheap uniform noise), and sends client
 * traffic in proportion to its load, part of it across racks. Down servers do no
 * work. Later mechanisms (Fuxi jobs, client writes) add their own load on top.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import type { Network } from '../cluster/network';

export class BackgroundWorkload {
  /** CPU utilization per server, 0..1 */
  readonly load: Float32Array;
  private readonly rackBias: Float32Array;
  /** client traffic leaving each rack, Gb/s, as of the last update */
  private readonly rackGbps: Float32Array;
  private lastUpdate = -1;
  /** 1 when a server changed state since the rack sums were made */
  private dirty = 1;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly servers: Servers,
  ) {
    this.load = new Float32Array(topo.nodes);
    this.rackBias = new Float32Array(topo.racks);
    this.rackGbps = new Float32Array(topo.racks);
    const rng = sim.rng.get('workload');
    const mean = sim.params['workload.cpuMean'];
    const v = sim.params['workload.variability'];
    for (let r = 0; r < topo.racks; r++) this.rackBias[r] = (rng.next() - 0.5) * v;
    for (let i = 0; i < topo.nodes; i++) this.load[i] = clamp01(mean + this.rackBias[topo.rackOf[i]] + (rng.next() - 0.5) * v);
    // A server that stops does no work from that moment.
    servers.listeners.push((node, _before, after) => {
      if (after !== UP) this.load[node] = 0;
      this.dirty = 1;
    });
    sim.track('workload.load', () => this.load);
    sim.track('workload.rackBias', () => this.rackBias);
    sim.track('workload.rackGbps', () => this.rackGbps);
    sim.trackScalar('workload.lastUpdate', () => this.lastUpdate);
    sim.trackScalar('workload.dirty', () => this.dirty);
  }

  /**
   * Every tick adds the racks' client traffic to the network; every
   * `workload.updateMs` the servers' loads take a step of their random walk.
   */
  tick(net: Network): void {
    const now = this.sim.now;
    const period = this.sim.params['workload.updateMs'];
    if (this.lastUpdate < 0 || now - this.lastUpdate >= period) {
      this.step(this.lastUpdate < 0 ? period : now - this.lastUpdate);
      this.lastUpdate = now;
      this.dirty = 1;
    }
    if (this.dirty) this.sumRacks();
    const demand = net.uplinkDemand;
    const torUp = this.servers.torUp;
    for (let r = 0; r < demand.length; r++) if (torUp[r]) demand[r] += this.rackGbps[r];
  }

  /** One step of every server's mean-reverting walk over dt. */
  private step(dtMs: number): void {
    const p = this.sim.params;
    const enabled = p['workload.enabled'];
    const mean = p['workload.cpuMean'];
    const v = p['workload.variability'];
    const rng = this.sim.rng.get('workload');
    const theta = Math.min(1, dtMs / 600_000); // reverts over ~10 minutes
    const sigma = v * Math.sqrt(dtMs / 60_000) * 0.5;
    const truth = this.servers.truth;
    const load = this.load;
    const rackOf = this.topo.rackOf;
    const bias = this.rackBias;
    for (let i = 0; i < load.length; i++) {
      if (!enabled || truth[i] !== UP) {
        load[i] = 0;
        continue;
      }
      const x = load[i] + theta * (mean + bias[rackOf[i]] - load[i]) + sigma * (rng.next() - 0.5) * 3.46; // unit-variance uniform
      load[i] = x < 0 ? 0 : x > 1 ? 1 : x;
    }
  }

  /** Client traffic per rack: each running server sends in proportion to its load. */
  private sumRacks(): void {
    const p = this.sim.params;
    const mean = p['workload.cpuMean'];
    const gbps = mean > 0 ? (p['workload.nodeGbps'] * p['workload.crossRackShare']) / mean : 0;
    const out = this.rackGbps;
    out.fill(0);
    const load = this.load;
    const rackOf = this.topo.rackOf;
    for (let i = 0; i < load.length; i++) out[rackOf[i]] += gbps * load[i];
    this.dirty = 0;
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
