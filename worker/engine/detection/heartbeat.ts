/**
 * What the master believes about each server, kept apart from the truth. Every
 * heartbeat period the detector passes over all servers at once: a reachable
 * server's heartbeat arrives unless the network drops it (loss rises with link
 * load, see `Network.heartbeatLoss`); a server silent for `suspectAfterMs` is
 * suspect, for `deadAfterMs` dead. Declaring a healthy server dead is counted as
 * false (it was up and reachable; only its heartbeats were lost) — the seed of the
 * mirror storm.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import type { Network } from '../cluster/network';
import { ALIVE, SUSPECT, DEAD } from '../../contract';

/** The master's belief about a server: the numbers are the page's too (worker/contract.ts). */
export { ALIVE, SUSPECT, DEAD, BELIEF_NAMES } from '../../contract';

export class HeartbeatDetector {
  readonly belief: Uint8Array;
  readonly lastHeard: Float64Array;
  /** 1 where the server's reports reach the master but are unusable (corrupted state, F7) */
  readonly garbled: Uint8Array;
  /** called when the master declares a server dead, and when a dead one is heard again */
  readonly onDead: ((node: number) => void)[] = [];
  readonly onAlive: ((node: number) => void)[] = [];
  /** 1 while the master is down (issue 4): no heartbeat is judged, belief stays as it was */
  frozen = 0;
  private readonly lossByRack: Float32Array;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly servers: Servers,
    private readonly net: Network,
  ) {
    this.belief = new Uint8Array(topo.nodes);
    this.lastHeard = new Float64Array(topo.nodes);
    this.garbled = new Uint8Array(topo.nodes);
    sim.track('detector.garbled', () => this.garbled);
    this.lossByRack = new Float32Array(topo.racks);
    sim.track('detector.belief', () => this.belief);
    sim.track('detector.lastHeard', () => this.lastHeard);
    sim.trackScalar('detector.frozen', () => this.frozen);
    sim.on(EV.HEARTBEAT, () => this.pass());
    sim.at(sim.params['detection.heartbeatIntervalMs'], EV.HEARTBEAT);
  }

  /** One pass of the detector over every server. */
  pass(): void {
    const sim = this.sim;
    const p = sim.params;
    const now = sim.now;
    if (this.frozen) {
      sim.after(p['detection.heartbeatIntervalMs'], EV.HEARTBEAT);
      return;
    }
    const rng = sim.rng.get('heartbeat');
    for (let r = 0; r < this.topo.racks; r++) this.lossByRack[r] = this.net.heartbeatLoss(r);
    const suspectAfter = p['detection.suspectAfterMs'];
    const deadAfter = p['detection.deadAfterMs'];
    const { truth, torUp } = this.servers;
    const rackOf = this.topo.rackOf;
    for (let i = 0; i < this.belief.length; i++) {
      const r = rackOf[i];
      if (truth[i] === UP && torUp[r] === 1 && this.garbled[i] === 0) {
        const loss = this.lossByRack[r];
        if (loss === 0 || rng.next() >= loss) this.lastHeard[i] = now;
      }
      const silence = now - this.lastHeard[i];
      const b = silence >= deadAfter ? DEAD : silence >= suspectAfter ? SUSPECT : ALIVE;
      const old = this.belief[i];
      if (b === old) continue;
      this.belief[i] = b;
      if (b === DEAD) {
        sim.count('nodesDeclaredDead');
        // False: the server is up and its path to the master works; only heartbeats were lost.
        const falsely = truth[i] === UP && torUp[r] === 1;
        if (falsely) sim.count('falselyDeclaredDead');
        sim.note({ code: falsely ? 'node.falselyDead' : 'node.declaredDead', node: i, rack: r });
        for (const f of this.onDead) f(i);
      } else if (old === DEAD) {
        sim.note({ code: 'node.rejoined', node: i, rack: r });
        for (const f of this.onAlive) f(i);
      }
    }
    sim.after(p['detection.heartbeatIntervalMs'], EV.HEARTBEAT);
  }

  /**
   * A new master takes over: it has heard nobody yet, so it gives every server it does
   * not already believe dead a fresh grace period instead of declaring the cluster dead.
   */
  grace(): void {
    const now = this.sim.now;
    for (let i = 0; i < this.belief.length; i++) if (this.belief[i] !== DEAD) this.lastHeard[i] = now;
  }

  counts() {
    let suspect = 0,
      dead = 0,
      falselyDead = 0,
      undetected = 0;
    const truth = this.servers.truth;
    for (let i = 0; i < this.belief.length; i++) {
      const b = this.belief[i];
      if (b === SUSPECT) suspect++;
      else if (b === DEAD) {
        dead++;
        if (this.servers.reachable(i)) falselyDead++;
      } else if (truth[i] !== UP) undetected++;
    }
    return { suspect, believedDead: dead, falselyDead, undetected };
  }
}
