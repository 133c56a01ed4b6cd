/**
 * The clients that write (issue 5): `writes.streams` files are being written at
 * once, each by one client on one server (its writer), at `writes.ratePerStream`
 * writes a second of `writes.sizeKB` each. Writers are spread evenly over the racks
 * (stream s on rack s mod racks), or all on `writes.writerRack`. Writes are never
 * objects: each tick a stream issues a whole number of writes (the fractional
 * part carries over), and the rest of the write path treats them as one cohort.
 * A failure between ticks first catches the affected streams up to its moment, so
 * writes acknowledged just before it are in the accounts when it strikes.
 *
 * Clients do not write in lockstep: each stream starts at its own phase within the
 * interval between two of its writes (its carry starts at a Weyl sequence's fraction,
 * ours). Started all at 0, the 200 streams wrote at the same instants, so for the
 * first 40 ms after each flush (one write's interval at 25/s) no acknowledged write
 * was in any server's memory, and a whole-room power cut then lost none.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { weyl } from '../core/rng';

export class WriteWorkload {
  readonly streams: number;
  /** writer server of each stream */
  readonly writer: Int32Array;
  /** fractional writes carried to the next tick */
  readonly carry: Float64Array;
  /** writes issued (acknowledged or not) per stream this tick */
  readonly issued: Float64Array;
  /** time up to which each stream's writes have been issued (a failure between ticks catches up to its moment) */
  readonly lastT: Float64Array;

  constructor(
    private readonly sim: Sim,
    topo: Topology,
  ) {
    const p = sim.params;
    const n = p['writes.streams'];
    this.streams = n;
    this.writer = new Int32Array(n);
    this.carry = new Float64Array(n);
    this.issued = new Float64Array(n);
    this.lastT = new Float64Array(n);
    const npr = topo.nodesPerRack;
    const fixed = p['writes.writerRack'];
    for (let s = 0; s < n; s++) {
      this.carry[s] = weyl(s + 1);
      const rack = fixed >= 0 && fixed < topo.racks ? fixed : s % topo.racks;
      const k = fixed >= 0 ? s : Math.floor(s / topo.racks);
      const size = topo.rackSize[rack];
      this.writer[s] = rack * npr + ((k * 7) % size);
    }
    sim.track('writes.writer', () => this.writer);
    sim.track('writes.carry', () => this.carry);
    sim.track('writes.issued', () => this.issued);
    sim.track('writes.lastT', () => this.lastT);
  }

  /** Writes stream s issues from its last draw up to `now` (whole writes; the rest carries over). */
  draw(s: number, now: number, rate: number): number {
    const dtMs = now - this.lastT[s];
    this.lastT[s] = now;
    const x = (rate * dtMs) / 1000 + this.carry[s];
    const n = Math.floor(x);
    this.carry[s] = x - n;
    this.issued[s] = n;
    return n;
  }
}
