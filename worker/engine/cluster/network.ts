/**
 * The network as flows over three tiers (C3): server NIC → top-of-rack uplink →
 * core, on the primary network or, during maintenance, the backup network with a
 * fraction of its capacity (F6). Each tick, mechanisms add their demand (client
 * traffic, re-replication, deployment) per rack in Gb/s; the network turns demand
 * into utilization and the share of traffic actually delivered, and utilization
 * into heartbeat loss.
 */
import type { Sim } from '../sim';
import type { Topology } from './topology';

export class Network {
  /** demand this tick leaving each rack over its uplink, Gb/s */
  readonly uplinkDemand: Float32Array;
  /** utilization of each rack uplink (demand ÷ capacity; may exceed 1) */
  readonly uplinkUtil: Float32Array;
  coreDemand = 0;
  coreUtil = 0;
  /** 1 while primary traffic runs on the backup network */
  onBackup = 0;
  /** extra packet loss on a rack's links: a network that comes and goes (F3) */
  readonly flakyLoss: Float32Array;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
  ) {
    this.uplinkDemand = new Float32Array(topo.racks);
    this.uplinkUtil = new Float32Array(topo.racks);
    this.flakyLoss = new Float32Array(topo.racks);
    sim.track('network.uplinkUtil', () => this.uplinkUtil);
    sim.track('network.flakyLoss', () => this.flakyLoss);
    sim.trackScalar('network.coreUtil', () => this.coreUtil);
    sim.trackScalar('network.onBackup', () => this.onBackup);
  }

  /** Capacity of one rack's uplink in Gb/s on the network now in use. */
  uplinkCapacity(rack: number): number {
    const p = this.sim.params;
    const full = (this.topo.rackSize[rack] * p['network.nicGbps']) / p['network.rackOversubscription'];
    return this.onBackup ? full * p['network.backupCapacity'] : full;
  }

  /** Core capacity in Gb/s on the network now in use. */
  coreCapacity(): number {
    const p = this.sim.params;
    const uplinks = (this.topo.nodes * p['network.nicGbps']) / p['network.rackOversubscription'];
    const full = uplinks / p['network.coreOversubscription'];
    return this.onBackup ? full * p['network.backupCapacity'] : full;
  }

  beginTick(): void {
    this.uplinkDemand.fill(0);
  }

  /** Turns this tick's demand into utilization. */
  endTick(): void {
    let core = 0;
    for (let r = 0; r < this.topo.racks; r++) {
      const d = this.uplinkDemand[r];
      core += d;
      this.uplinkUtil[r] = d / this.uplinkCapacity(r);
    }
    this.coreDemand = core;
    this.coreUtil = core / this.coreCapacity();
    const key = this.onBackup ? 'peakBackupUtilization' : 'peakCoreUtilization';
    this.sim.peak(key, this.coreUtil);
  }

  /** Share of demand a rack's traffic actually gets through uplink and core (max-min would refine this). */
  deliveredShare(rack: number): number {
    const u = Math.max(this.uplinkUtil[rack], this.coreUtil);
    return (u <= 1 ? 1 : 1 / u) * (1 - this.flakyLoss[rack]);
  }

  /** Probability that one heartbeat from a server in this rack is lost on the way to the master. */
  heartbeatLoss(rack: number): number {
    const p = this.sim.params;
    const a = lossAt(this.uplinkUtil[rack], p['network.lossKnee'], p['network.lossFull']);
    const b = lossAt(this.coreUtil, p['network.lossKnee'], p['network.lossFull']);
    const base = p['network.baseLoss'];
    return 1 - (1 - base) * (1 - a) * (1 - b) * (1 - this.flakyLoss[rack]);
  }
}

/** Loss grows quadratically from 0 at the knee to 1 at `full` utilization: queues fill, then overflow. */
export function lossAt(util: number, knee: number, full: number): number {
  if (util <= knee) return 0;
  if (util >= full) return 1;
  const x = (util - knee) / (full - knee);
  return x * x;
}
