/**
 * Ground truth about servers and racks: power, crashes, boots, slowness, the
 * top-of-rack switches. Changes happen as events; the derived `truth` byte per
 * server is what the rest of the engine and the page read.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from './topology';

/** True state of a server. */
export const UP = 0, BOOTING = 1, CRASHED = 2, POWER_OFF = 3, GONE = 4;
export const TRUTH_NAMES = ['up', 'booting', 'crashed', 'power-off', 'gone'] as const;

export class Servers {
  /** derived true state per server (UP … GONE) */
  readonly truth: Uint8Array;
  readonly crashed: Uint8Array;
  readonly gone: Uint8Array;
  /** slow-down factor per server: 1 normal, 10 = runs at a tenth of its speed */
  readonly slow: Float32Array;
  /** time the current boot completes */
  readonly bootUntil: Float64Array;
  /** bumped at each crash, so a stale repair event is ignored */
  readonly epoch: Uint32Array;
  readonly rackPower: Uint8Array;
  readonly torUp: Uint8Array;
  dcPower = 1;
  /** Called whenever a server's truth changes: (node, before, after). */
  readonly listeners: ((node: number, before: number, after: number) => void)[] = [];

  constructor(private readonly sim: Sim, readonly topo: Topology) {
    const n = topo.nodes;
    this.truth = new Uint8Array(n);
    this.crashed = new Uint8Array(n);
    this.gone = new Uint8Array(n);
    this.slow = new Float32Array(n).fill(1);
    this.bootUntil = new Float64Array(n);
    this.epoch = new Uint32Array(n);
    this.rackPower = new Uint8Array(topo.racks).fill(1);
    this.torUp = new Uint8Array(topo.racks).fill(1);
    for (const [name, arr] of Object.entries({ truth: this.truth, crashed: this.crashed, gone: this.gone, slow: this.slow, bootUntil: this.bootUntil, epoch: this.epoch, rackPower: this.rackPower, torUp: this.torUp }))
      sim.track('servers.' + name, () => arr);
    sim.trackScalar('servers.dcPower', () => this.dcPower);
    sim.on(EV.NODE_BOOTED, (node) => this.refresh(node));
  }

  powered(node: number): boolean {
    return this.dcPower === 1 && this.rackPower[this.topo.rackOf[node]] === 1;
  }

  /** Up and its switch works: it can talk to the master and to clients. */
  reachable(node: number): boolean {
    return this.truth[node] === UP && this.torUp[this.topo.rackOf[node]] === 1;
  }

  refresh(node: number): void {
    const before = this.truth[node];
    const after = this.gone[node]
      ? GONE
      : !this.powered(node)
        ? POWER_OFF
        : this.crashed[node]
          ? CRASHED
          : this.sim.now < this.bootUntil[node]
            ? BOOTING
            : UP;
    if (after === before) return;
    this.truth[node] = after;
    for (const l of this.listeners) l(node, before, after);
  }

  private startBoot(node: number): void {
    const boot = this.sim.params['cluster.bootMs'];
    const t = this.sim.now + Math.round(boot * (0.8 + 0.4 * this.sim.rng.get('boot').next()));
    this.bootUntil[node] = t;
    this.sim.at(t, EV.NODE_BOOTED, node);
  }

  crash(node: number): boolean {
    if (this.gone[node] || this.crashed[node]) return false;
    this.crashed[node] = 1;
    this.epoch[node]++;
    this.refresh(node);
    return true;
  }

  restart(node: number): boolean {
    if (this.gone[node]) return false;
    this.crashed[node] = 0;
    this.slow[node] = 1;
    if (this.powered(node)) this.startBoot(node);
    this.refresh(node);
    return true;
  }

  setSlow(node: number, factor: number): void {
    this.slow[node] = factor;
  }

  /** A server that will never return, with its disks. */
  destroy(node: number): boolean {
    if (this.gone[node]) return false;
    this.gone[node] = 1;
    this.epoch[node]++;
    this.refresh(node);
    return true;
  }

  private rackNodes(rack: number, f: (node: number) => void): void {
    const npr = this.topo.nodesPerRack;
    const end = Math.min(this.topo.nodes, (rack + 1) * npr);
    for (let i = rack * npr; i < end; i++) f(i);
  }

  setRackPower(rack: number, on: boolean): boolean {
    const v = on ? 1 : 0;
    if (this.rackPower[rack] === v) return false;
    this.rackPower[rack] = v;
    this.rackNodes(rack, (i) => {
      if (on && this.powered(i) && !this.gone[i]) this.startBootIfNeeded(i);
      this.refresh(i);
    });
    return true;
  }

  /** A power feed fails or returns: every rack on it at once (F5). */
  setDomainPower(domain: number, on: boolean): number {
    let changed = 0;
    for (let r = 0; r < this.topo.racks; r++) if (this.topo.domainOf[r] === domain && this.setRackPower(r, on)) changed++;
    return changed;
  }

  setDcPower(on: boolean): boolean {
    const v = on ? 1 : 0;
    if (this.dcPower === v) return false;
    this.dcPower = v;
    for (let i = 0; i < this.topo.nodes; i++) {
      if (on && this.powered(i) && !this.gone[i]) this.startBootIfNeeded(i);
      this.refresh(i);
    }
    return true;
  }

  /** After power returns every server boots, a crashed one included (power cycling clears the crash). */
  private startBootIfNeeded(node: number): void {
    this.crashed[node] = 0;
    this.startBoot(node);
  }

  setTor(rack: number, up: boolean): boolean {
    const v = up ? 1 : 0;
    if (this.torUp[rack] === v) return false;
    this.torUp[rack] = v;
    return true;
  }

  counts() {
    const c = new Int32Array(5);
    for (let i = 0; i < this.truth.length; i++) c[this.truth[i]]++;
    let slow = 0;
    for (let i = 0; i < this.slow.length; i++) if (this.slow[i] > 1) slow++;
    return { up: c[UP], booting: c[BOOTING], crashed: c[CRASHED], powerOff: c[POWER_OFF], gone: c[GONE], slow };
  }
}
