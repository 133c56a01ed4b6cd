/**
 * F7, the S3 outage of July 2008: one corrupted bit in the servers' shared state
 * (gossiped without a checksum) spread from server to server until the system went
 * down, with no hardware fault at all. Here: a server whose detector state is
 * corrupted passes it on to `faults.gossipFanout` random servers every gossip round;
 * the master cannot use a corrupted server's reports, stops hearing it and in time
 * declares it dead — though in truth it is up. It spreads until operators stop
 * server-to-server traffic and clear the state (`detector-clear`), as S3's did.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import type { HeartbeatDetector } from '../detection/heartbeat';

export class DetectorCorruption {
  /** 1 where the server holds corrupted gossip state */
  readonly corrupted: Uint8Array;
  count = 0;
  /** 1 while a gossip round is in the queue (rounds run only while corruption exists) */
  private scheduled = 0;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly servers: Servers,
    detector: HeartbeatDetector,
  ) {
    this.corrupted = detector.garbled; // the master's view of a corrupted server is garbage
    sim.on(EV.GOSSIP, () => this.round());
    sim.trackScalar('corruption.count', () => this.count);
    sim.trackScalar('corruption.scheduled', () => this.scheduled);
  }

  corrupt(node: number): void {
    if (this.corrupted[node]) return;
    this.infect(node);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = 1;
    this.sim.after(this.sim.params['faults.gossipIntervalMs'], EV.GOSSIP);
  }

  clear(): number {
    const n = this.count;
    this.corrupted.fill(0);
    this.count = 0;
    return n;
  }

  private infect(node: number): void {
    this.corrupted[node] = 1;
    this.count++;
  }

  /** One gossip round: every corrupted server that is running passes its state on. */
  private round(): void {
    this.scheduled = 0;
    if (this.count === 0) return;
    const rng = this.sim.rng.get('faults.gossip');
    const fanout = this.sim.params['faults.gossipFanout'];
    const n = this.topo.nodes;
    const { truth } = this.servers;
    // Snapshot the senders first: state infected this round gossips from the next.
    const senders: number[] = [];
    for (let i = 0; i < n; i++) if (this.corrupted[i] && truth[i] === UP) senders.push(i);
    let fresh = 0;
    for (const _ of senders) {
      for (let k = 0; k < fanout; k++) {
        const j = rng.int(n);
        if (!this.corrupted[j] && truth[j] === UP) {
          this.infect(j);
          fresh++;
        }
      }
    }
    if (fresh) this.sim.note({ code: 'detector.spread', v: this.count });
    this.sim.peak('corruptedPeak', this.count);
    this.schedule();
  }
}
