/**
 * Ground truth about servers and racks: power, crashes, boots, slowness, the
 * top-of-rack switches. Changes happen as events; the derived `truth` byte per
 * server is what the rest of the engine and the page read.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from './topology';
import { UP, BOOTING, CRASHED, POWER_OFF, GONE } from '../../contract';

/** True state of a server: the numbers are the page's too (worker/contract.ts). */
export { UP, BOOTING, CRASHED, POWER_OFF, GONE, TRUTH_NAMES } from '../../contract';

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
  /** power feeds (F5): each feeds `cluster.racksPerPowerDomain` racks */
  readonly domainPower: Uint8Array;
  dcPower = 1;
  /** bumped at each machine-room power change, so a stale staggered power-on is ignored */
  private dcEpoch = 0;
  /** called for a server whose hardware did not survive a power cycle */
  readonly onPowerCycleFailure: ((node: number) => void)[] = [];
  /** Called whenever a server's truth changes: (node, before, after). */
  readonly listeners: ((node: number, before: number, after: number) => void)[] = [];
  /** Called when `setSlow` changes a server's slow-down factor: (node, factor). */
  readonly slowListeners: ((node: number, factor: number) => void)[] = [];

  constructor(
    private readonly sim: Sim,
    readonly topo: Topology,
  ) {
    const n = topo.nodes;
    this.truth = new Uint8Array(n);
    this.crashed = new Uint8Array(n);
    this.gone = new Uint8Array(n);
    this.slow = new Float32Array(n).fill(1);
    this.bootUntil = new Float64Array(n);
    this.epoch = new Uint32Array(n);
    this.rackPower = new Uint8Array(topo.racks).fill(1);
    this.torUp = new Uint8Array(topo.racks).fill(1);
    this.domainPower = new Uint8Array(topo.powerDomains).fill(1);
    for (const [name, arr] of Object.entries({
      truth: this.truth,
      crashed: this.crashed,
      gone: this.gone,
      slow: this.slow,
      bootUntil: this.bootUntil,
      epoch: this.epoch,
      rackPower: this.rackPower,
      torUp: this.torUp,
      domainPower: this.domainPower,
    }))
      sim.track('servers.' + name, () => arr);
    sim.trackScalar('servers.dcPower', () => this.dcPower);
    sim.trackScalar('servers.dcEpoch', () => this.dcEpoch);
    sim.on(EV.NODE_BOOTED, (node) => this.refresh(node));
    sim.on(EV.DOMAIN_ENERGIZED, (domain, epoch) => {
      if (epoch === this.dcEpoch && this.dcPower === 1) this.setDomainPower(domain, true);
    });
  }

  powered(node: number): boolean {
    const r = this.topo.rackOf[node];
    return this.dcPower === 1 && this.rackPower[r] === 1 && this.domainPower[this.topo.domainOf[r]] === 1;
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
    for (const l of this.slowListeners) l(node, factor);
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

  /** Changes power flags for some racks; servers that gain power boot, ones that lose it go dark. */
  private changePower(racks: Iterable<number>, mutate: () => void): void {
    const list = [...racks];
    const before: boolean[] = [];
    for (const r of list) this.rackNodes(r, (i) => void before.push(this.powered(i)));
    mutate();
    let k = 0;
    for (const r of list)
      this.rackNodes(r, (i) => {
        if (!before[k++] && this.powered(i) && !this.gone[i]) this.startBootIfNeeded(i);
        this.refresh(i);
      });
  }

  private racksOfDomain(domain: number): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.topo.racks; r++) if (this.topo.domainOf[r] === domain) out.push(r);
    return out;
  }

  setRackPower(rack: number, on: boolean): boolean {
    const v = on ? 1 : 0;
    if (this.rackPower[rack] === v) return false;
    this.changePower([rack], () => (this.rackPower[rack] = v));
    return true;
  }

  /** A power feed fails or returns: every rack on it at once (F5). */
  setDomainPower(domain: number, on: boolean): boolean {
    const v = on ? 1 : 0;
    if (this.domainPower[domain] === v) return false;
    this.changePower(this.racksOfDomain(domain), () => (this.domainPower[domain] = v));
    return true;
  }

  /**
   * The machine room's power. Off is instant. On is a realistic restart: power
   * feeds are energized one after another, `cluster.powerOnDomainIntervalMs` apart
   * (avoiding the inrush of 5,000 power supplies at once), then servers boot.
   */
  setDcPower(on: boolean): boolean {
    const v = on ? 1 : 0;
    if (this.dcPower === v) return false;
    this.dcEpoch++;
    const all = Array.from({ length: this.topo.racks }, (_, r) => r);
    if (!on) {
      this.changePower(all, () => (this.dcPower = 0));
      return true;
    }
    this.changePower(all, () => {
      this.dcPower = 1;
      this.domainPower.fill(0);
    });
    const gap = this.sim.params['cluster.powerOnDomainIntervalMs'];
    this.setDomainPower(0, true);
    for (let d = 1; d < this.topo.powerDomains; d++) this.sim.after(d * gap, EV.DOMAIN_ENERGIZED, d, this.dcEpoch);
    return true;
  }

  /**
   * After power returns every server boots, a crashed one included (power cycling
   * clears a hung server) — except the few whose hardware does not survive the power
   * cycle (`faults.powerCycleFailure`): they stay crashed until repaired.
   */
  private startBootIfNeeded(node: number): void {
    if (this.sim.rng.get('faults.powerCycle').chance(this.sim.params['faults.powerCycleFailure'])) {
      if (!this.crashed[node]) this.crash(node);
      for (const f of this.onPowerCycleFailure) f(node);
      return;
    }
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
