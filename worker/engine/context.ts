/**
 * The shared context of the engine's mechanisms: the `Sim` (clock, event queue, seeded
 * streams, log, counters, state registry) and the cluster every mechanism reads — the
 * topology, the servers' ground truth, the network, the master's belief (the
 * heartbeat detector) and the background load. The `Engine` is one (it holds all
 * six); a mechanism takes the context instead of the same five or six parameters,
 * plus what is particular to it.
 */
import type { Sim } from './sim';
import type { Topology } from './cluster/topology';
import type { Servers } from './cluster/servers';
import type { Network } from './cluster/network';
import type { HeartbeatDetector } from './detection/heartbeat';
import type { BackgroundWorkload } from './workload/background';

export interface EngineContext {
  readonly sim: Sim;
  readonly topo: Topology;
  readonly servers: Servers;
  readonly net: Network;
  readonly detector: HeartbeatDetector;
  readonly workload: BackgroundWorkload;
}
