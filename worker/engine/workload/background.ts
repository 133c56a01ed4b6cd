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

  constructor(private readonly sim: Sim, private readonly topo: Topology, private readonly servers: Servers) {
    this.load = new Float32Array(topo.nodes);
    this.rackBias = new Float32Array(topo.racks);
    const rng = sim.rng.get('workload');
    const mean = sim.params['workload.cpuMean'];
    const v = sim.params['workload.variability'];
    for (let r = 0; r < topo.racks; r++) this.rackBias[r] = (rng.next() - 0.5) * v;
    for (let i = 0; i < topo.nodes; i++) this.load[i] = clamp01(mean + this.rackBias[topo.rackOf[i]] + (rng.next() - 0.5) * v);
    sim.track('workload.load', () => this.load);
    sim.track('workload.rackBias', () => this.rackBias);
  }

  /** Advances loads by dt and adds this tick's client traffic to the network. */
  tick(dtMs: number, net: Network): void {
    const p = this.sim.params;
    const enabled = p['workload.enabled'];
    const mean = p['workload.cpuMean'];
    const v = p['workload.variability'];
    const rng = this.sim.rng.get('workload');
    const theta = Math.min(1, dtMs / 600_000); // reverts over ~10 minutes
    const sigma = v * Math.sqrt(dtMs / 60_000) * 0.5;
    const gbps = p['workload.nodeGbps'] * p['workload.crossRackShare'];
    const truth = this.servers.truth;
    const load = this.load;
    const rackOf = this.topo.rackOf;
    const demand = net.uplinkDemand;
    for (let i = 0; i < load.length; i++) {
      if (!enabled || truth[i] !== UP) {
        load[i] = 0;
        continue;
      }
      const target = mean + this.rackBias[rackOf[i]];
      let x = load[i] + theta * (target - load[i]) + sigma * (rng.next() - 0.5) * 3.46; // unit-variance uniform
      x = clamp01(x);
      load[i] = x;
      if (this.servers.torUp[rackOf[i]]) demand[rackOf[i]] += mean > 0 ? (gbps * x) / mean : 0;
    }
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
