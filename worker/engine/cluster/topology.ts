/**
 * The cluster's shape (C1–C4): servers in racks, racks in power domains, disks on
 * servers, hardware generations per rack. Ids are dense integers: server i is in
 * rack floor(i / nodesPerRack); disk d belongs to server floor(d / disksPerNode).
 */
import type { Params } from '../../scenario/params';

export const GEN_OLD = 0,
  GEN_MID = 1,
  GEN_NEW = 2;

export interface Topology {
  nodes: number;
  racks: number;
  nodesPerRack: number;
  disksPerNode: number;
  disks: number;
  powerDomains: number;
  /** rack of each server */
  rackOf: Int32Array;
  /** hardware generation of each server (0 old, 1 middle, 2 new) */
  gen: Uint8Array;
  /** relative CPU speed of each server */
  cpu: Float32Array;
  /** sequential throughput of each disk in MB/s */
  diskMBps: Float32Array;
  /** number of servers in each rack (the last rack may be partial) */
  rackSize: Int32Array;
  /** power domain of each rack */
  domainOf: Int32Array;
}

export function buildTopology(p: Params): Topology {
  const nodes = p['cluster.nodes'];
  const npr = p['cluster.nodesPerRack'];
  const dpn = p['cluster.disksPerNode'];
  const racks = Math.ceil(nodes / npr);
  const rpd = p['cluster.racksPerPowerDomain'];
  const powerDomains = Math.ceil(racks / rpd);
  const rackOf = new Int32Array(nodes);
  const rackSize = new Int32Array(racks);
  for (let i = 0; i < nodes; i++) {
    const r = (i / npr) | 0;
    rackOf[i] = r;
    rackSize[r]++;
  }
  const domainOf = new Int32Array(racks);
  for (let r = 0; r < racks; r++) domainOf[r] = (r / rpd) | 0;

  // Racks were bought in batches: the first racks are the oldest generation.
  const oldRacks = Math.round(racks * p['hardware.oldShare']);
  const newRacks = Math.round(racks * p['hardware.newShare']);
  const genOfRack = (r: number) => (r < oldRacks ? GEN_OLD : r >= racks - newRacks ? GEN_NEW : GEN_MID);
  const gen = new Uint8Array(nodes);
  const cpu = new Float32Array(nodes);
  const diskMBps = new Float32Array(nodes * dpn);
  const cpuOf = [p['hardware.oldCpu'], 1, p['hardware.newCpu']];
  const mbpsOf = [p['hardware.oldDiskMBps'], p['hardware.diskMBps'], p['hardware.newDiskMBps']];
  for (let i = 0; i < nodes; i++) {
    const g = genOfRack(rackOf[i]);
    gen[i] = g;
    cpu[i] = cpuOf[g];
    diskMBps.fill(mbpsOf[g], i * dpn, (i + 1) * dpn);
  }
  return { nodes, racks, nodesPerRack: npr, disksPerNode: dpn, disks: nodes * dpn, powerDomains, rackOf, gen, cpu, diskMBps, rackSize, domainOf };
}
