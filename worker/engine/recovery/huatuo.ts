/**
 * Huatuo (R4), the closed repair loop. A monitor polls every `huatuo.pollMs`; it finds
 * bad disks — failed ones the master knows of, and slow ones the master took offline
 * (P6) — and takes each out of service for a repair try (`huatuo.repairMinutes`). With
 * probability `huatuo.repairSuccess` the disk is fit again and goes back into service
 * empty (`pangu.returnDisk`); otherwise Huatuo files a repair ticket. Staff swap the
 * ticketed disks in batches every `huatuo.batchIntervalHours` — the only human step; at
 * its next poll the monitor finds each new disk and adds it, empty, automatically.
 *
 * System disks: each server has one; it fails at its own field rate
 * (`faults.systemDiskMtbfHours`, apart from the data disks' F2 rate) and takes its server down. Huatuo files a ticket at once (a server
 * without its system disk cannot be repaired remotely); once staff have swapped it the
 * server's OS is reinstalled and the software redeployed (`huatuo.reinstallMinutes`),
 * then it boots and rejoins.
 *
 * Counters: `repairTickets`, `disksReplaced` (the summary's `ops` group), plus
 * `huatuoRepaired` and `systemDiskFailures`.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import type { Pangu } from '../pangu/pangu';
import { D_FAILED, D_OFFLINE } from '../pangu/slowDisk';
import type { EngineContext } from '../context';

/** Huatuo's state of a data disk. */
export const H_OK = 0,
  H_REPAIR = 1,
  H_TICKET = 2,
  H_NEW = 3;
export const HUATUO_DISK_NAMES = ['in service', 'repairing', 'ticket', 'new disk'] as const;
/** Huatuo's state of a server's system disk. */
export const S_OK = 0,
  S_TICKET = 1,
  S_REINSTALL = 2;

const HOUR = 3_600_000,
  MIN = 60_000;

export interface HuatuoCounts {
  repairing: number;
  ticketed: number;
  /** swapped by staff, not yet found by the monitor */
  newDisks: number;
  systemDiskTickets: number;
  reinstalling: number;
}

export class Huatuo {
  /** Huatuo's state per data disk (H_OK …) */
  readonly disk: Uint8Array;
  /** per disk, bumped at each repair start so a stale end is ignored */
  readonly token: Uint16Array;
  /** truth: 1 where a server's system disk has failed */
  readonly sysFailed: Uint8Array;
  /** Huatuo's state per server system disk (S_OK …) */
  readonly sys: Uint8Array;
  readonly counts: HuatuoCounts = { repairing: 0, ticketed: 0, newDisks: 0, systemDiskTickets: 0, reinstalling: 0 };
  nextBatchAt = 0;
  /** when staff last visited (0: the run's start) */
  lastBatchAt = 0;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;

  constructor(
    c: EngineContext,
    private readonly pangu: Pangu,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers } = c);
    const { sim, topo } = c;
    this.disk = new Uint8Array(topo.disks);
    this.token = new Uint16Array(topo.disks);
    this.sysFailed = new Uint8Array(topo.nodes);
    this.sys = new Uint8Array(topo.nodes);
    sim.track('huatuo.disk', () => this.disk);
    sim.track('huatuo.token', () => this.token);
    sim.track('huatuo.sysFailed', () => this.sysFailed);
    sim.track('huatuo.sys', () => this.sys);
    for (const k of ['repairing', 'ticketed', 'newDisks', 'systemDiskTickets', 'reinstalling'] as const)
      sim.trackScalar('huatuo.' + k, () => this.counts[k]);
    sim.trackScalar('huatuo.nextBatchAt', () => this.nextBatchAt);
    sim.trackScalar('huatuo.lastBatchAt', () => this.lastBatchAt);
    sim.on(EV.HUATUO_POLL, () => this.poll());
    sim.on(EV.HUATUO_REPAIR_DONE, (d, tok) => this.repairDone(d, tok));
    sim.on(EV.HUATUO_BATCH, () => this.batch());
    sim.on(EV.SYSTEM_DISK_FAIL, () => this.systemDiskFails());
    sim.on(EV.HUATUO_REINSTALL_DONE, (node) => this.reinstalled(node));
    const p = sim.params;
    sim.after(p['huatuo.pollMs'], EV.HUATUO_POLL);
    this.nextBatchAt = p['huatuo.batchIntervalHours'] * HOUR;
    sim.at(this.nextBatchAt, EV.HUATUO_BATCH);
    this.scheduleSystemDiskFailure();
  }

  private nodeOf(d: number): number {
    return (d / this.topo.disksPerNode) | 0;
  }

  // ---- the monitor ---------------------------------------------------------------

  poll(): void {
    const p = this.sim.params;
    this.sim.after(p['huatuo.pollMs'], EV.HUATUO_POLL);
    if (!p['huatuo.enabled']) return;
    const pg = this.pangu;
    const { diskBelief } = pg;
    const { truth, torUp } = this.servers;
    const rackOf = this.topo.rackOf;
    const dpn = this.topo.disksPerNode;
    const work = pg.failedDisks + pg.offlineDisks + this.counts.newDisks;
    for (let node = 0; node < this.topo.nodes && work > 0; node++) {
      // Huatuo reaches a disk through its server's agent.
      if (truth[node] !== UP || !torUp[rackOf[node]]) continue;
      for (let d = node * dpn, e = d + dpn; d < e; d++) {
        const h = this.disk[d];
        if (h === H_NEW) {
          this.setDisk(d, H_OK);
          pg.returnDisk(d);
          this.sim.note({ code: 'huatuo.diskAdded', disk: d, node, rack: rackOf[node] });
        } else if (h === H_OK && (diskBelief[d] === D_FAILED || diskBelief[d] === D_OFFLINE)) {
          this.setDisk(d, H_REPAIR);
          const tok = ++this.token[d];
          this.sim.after(Math.round(p['huatuo.repairMinutes'] * MIN), EV.HUATUO_REPAIR_DONE, d, tok);
          this.sim.note({ code: 'huatuo.repairStarted', disk: d, node, rack: rackOf[node] });
        }
      }
    }
    // System disks: a server down with a failed system disk gets a ticket at once.
    for (let node = 0; node < this.topo.nodes; node++)
      if (this.sysFailed[node] && this.sys[node] === S_OK) {
        this.setSys(node, S_TICKET);
        this.sim.count('repairTickets');
        this.sim.note({ code: 'huatuo.systemDiskTicket', node, rack: rackOf[node] });
      }
  }

  private repairDone(d: number, tok: number): void {
    if (this.token[d] !== tok || this.disk[d] !== H_REPAIR) return;
    const node = this.nodeOf(d);
    const rack = this.topo.rackOf[node];
    if (this.servers.gone[node]) {
      this.setDisk(d, H_OK); // the server is gone; nothing to repair
      return;
    }
    if (this.sim.rng.get('huatuo.repair').chance(this.sim.params['huatuo.repairSuccess'])) {
      this.setDisk(d, H_OK);
      this.pangu.returnDisk(d);
      this.sim.count('huatuoRepaired');
      this.sim.note({ code: 'huatuo.repaired', disk: d, node, rack });
    } else {
      this.setDisk(d, H_TICKET);
      this.sim.count('repairTickets');
      this.sim.note({ code: 'huatuo.ticket', disk: d, node, rack });
    }
  }

  // ---- staff ------------------------------------------------------------------------

  /** Staff swap every ticketed disk and system disk in one visit. */
  private batch(): void {
    if (this.sim.now !== this.nextBatchAt) return; // a visit moved by a new interval
    const p = this.sim.params;
    this.lastBatchAt = this.sim.now;
    this.nextBatchAt = this.sim.now + Math.round(p['huatuo.batchIntervalHours'] * HOUR);
    this.sim.at(this.nextBatchAt, EV.HUATUO_BATCH);
    if (this.counts.ticketed + this.counts.systemDiskTickets === 0) return;
    let n = 0;
    if (this.counts.ticketed > 0)
      for (let d = 0; d < this.disk.length; d++)
        if (this.disk[d] === H_TICKET) {
          this.setDisk(d, H_NEW);
          n++;
        }
    if (this.counts.systemDiskTickets > 0)
      for (let node = 0; node < this.sys.length; node++)
        if (this.sys[node] === S_TICKET) {
          this.setSys(node, S_REINSTALL);
          this.sysFailed[node] = 0;
          n++;
          this.sim.after(Math.round(p['huatuo.reinstallMinutes'] * MIN), EV.HUATUO_REINSTALL_DONE, node);
        }
    this.sim.count('disksReplaced', n);
    this.sim.note({ code: 'huatuo.batchReplaced', v: n });
  }

  /**
   * `huatuo.batchIntervalHours` changed live: the next visit moves at once to the last
   * visit + the new interval (now, if that is already past).
   */
  intervalChanged(): void {
    const at = Math.max(this.sim.now, this.lastBatchAt + Math.round(this.sim.params['huatuo.batchIntervalHours'] * HOUR));
    if (at === this.nextBatchAt) return;
    this.sim.queue.removeWhere((kind) => kind === EV.HUATUO_BATCH);
    this.nextBatchAt = at;
    this.sim.at(at, EV.HUATUO_BATCH);
  }

  // ---- system disks -------------------------------------------------------------------

  private systemDiskGapMs(): number {
    const p = this.sim.params;
    // System disks fail at their own (field) rate, not the data disks' datasheet rate × multiplier.
    const rate = this.topo.nodes / (p['faults.systemDiskMtbfHours'] * HOUR);
    return rate > 0 ? 1 / rate : Infinity;
  }

  private scheduleSystemDiskFailure(): void {
    const gap = this.systemDiskGapMs();
    const dt = Number.isFinite(gap) ? Math.max(1, Math.round(this.sim.rng.get('faults.systemDisk').exp(gap))) : HOUR;
    this.sim.after(dt, EV.SYSTEM_DISK_FAIL);
  }

  private systemDiskFails(): void {
    if (Number.isFinite(this.systemDiskGapMs())) {
      const node = this.sim.rng.get('faults.systemDisk').int(this.topo.nodes);
      this.failSystemDisk(node);
    }
    this.scheduleSystemDiskFailure();
  }

  /** A server's system disk fails: the server goes down until Huatuo has it swapped and reinstalled. */
  failSystemDisk(node: number): boolean {
    if (this.sysFailed[node] || this.servers.gone[node] || this.sys[node] !== S_OK) return false;
    this.sysFailed[node] = 1;
    this.sim.count('systemDiskFailures');
    if (this.servers.crash(node)) this.sim.count('nodeFailures');
    this.sim.note({ code: 'node.systemDiskFailed', node, rack: this.topo.rackOf[node] });
    return true;
  }

  private reinstalled(node: number): void {
    if (this.sys[node] !== S_REINSTALL) return;
    this.setSys(node, S_OK);
    this.servers.restart(node);
    this.sim.note({ code: 'huatuo.redeployed', node, rack: this.topo.rackOf[node] });
  }

  // ---- counts -------------------------------------------------------------------------

  private setDisk(d: number, s: number): void {
    const c = this.counts;
    const old = this.disk[d];
    if (old === s) return;
    if (old === H_REPAIR) c.repairing--;
    else if (old === H_TICKET) c.ticketed--;
    else if (old === H_NEW) c.newDisks--;
    if (s === H_REPAIR) c.repairing++;
    else if (s === H_TICKET) c.ticketed++;
    else if (s === H_NEW) c.newDisks++;
    this.disk[d] = s;
  }

  private setSys(node: number, s: number): void {
    const c = this.counts;
    const old = this.sys[node];
    if (old === S_TICKET) c.systemDiskTickets--;
    else if (old === S_REINSTALL) c.reinstalling--;
    if (s === S_TICKET) c.systemDiskTickets++;
    else if (s === S_REINSTALL) c.reinstalling++;
    this.sys[node] = s;
  }
}
