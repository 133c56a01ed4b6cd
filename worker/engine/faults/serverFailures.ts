/**
 * Hard server faults (F1): servers fail at random, independently, with mean time
 * between failures `faults.nodeMtbfHours` each; the cluster's failures form one
 * Poisson stream of rate nodes ÷ MTBF. A failed server is repaired and boots again
 * after an exponential time with mean `faults.nodeRepairHours`.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Servers } from '../cluster/servers';

const HOUR = 3_600_000;

export class ServerFailures {
  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly servers: Servers,
  ) {
    sim.on(EV.NODE_FAIL, () => this.fail());
    sim.on(EV.NODE_REPAIR, (node, epoch) => this.repair(node, epoch));
    servers.onPowerCycleFailure.push((node) => {
      this.sim.count('nodeFailures');
      this.sim.note({ code: 'node.powerCycleFailed', node, rack: this.topo.rackOf[node] });
      this.scheduleRepair(node);
    });
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const meanGap = (this.sim.params['faults.nodeMtbfHours'] * HOUR) / this.topo.nodes;
    this.sim.after(Math.max(1, Math.round(this.sim.rng.get('faults.node').exp(meanGap))), EV.NODE_FAIL);
  }

  private fail(): void {
    const rng = this.sim.rng.get('faults.node');
    const node = rng.int(this.topo.nodes);
    if (this.servers.crash(node)) {
      this.sim.count('nodeFailures');
      this.sim.note({ code: 'node.failed', node, rack: this.topo.rackOf[node] });
      this.scheduleRepair(node);
    }
    this.scheduleNext();
  }

  private scheduleRepair(node: number): void {
    const repair = Math.max(1, Math.round(this.sim.rng.get('faults.repair').exp(this.sim.params['faults.nodeRepairHours'] * HOUR)));
    this.sim.after(repair, EV.NODE_REPAIR, node, this.servers.epoch[node]);
  }

  private repair(node: number, epoch: number): void {
    if (this.servers.epoch[node] !== epoch || !this.servers.crashed[node]) return;
    this.servers.restart(node);
    this.sim.note({ code: 'node.repaired', node, rack: this.topo.rackOf[node] });
  }
}
