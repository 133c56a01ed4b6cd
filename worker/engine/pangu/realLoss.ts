/**
 * Real chunks lost in the run (issue 14 §1), counted over the replica-set field of
 * replicaSets.ts as data is destroyed.
 *
 * When a server x loses data (a disk fails, or the server is gone for good), the
 * real chunks lost at that moment are those whose copy on x was on what just went
 * and whose other copies are all on data destroyed earlier and not yet re-created.
 * For a set S = {x} ∪ A the count is a fresh Poisson draw with mean
 * λ_S · dx · Π_{a∈A} g_a, where
 *  - dx: the share of x's copies that just went: destroyed disks (holding data) ÷
 *    disks per server (a real chunk's copy on a server sits on one of its disks,
 *    uniformly, as its group's does); 1 when the whole server goes;
 *  - g_a: the share of a's copies destroyed and not yet re-created: over a's
 *    destroyed disks, (1 / disks per server) × the share of the groups that had a
 *    copy there and still have fewer copies than their file asks for (0 < present <
 *    target) — the group model's recovery progress.
 * Exact for failures at one instant (every g = its destroyed share, the count over
 * sets wholly inside the failed servers, as in `lossInside`); across time the
 * approximations are (1) a chunk's other copies are re-created independently of each
 * other, at the pace the group model re-creates the groups of those disks (the real
 * master copies the chunks with fewest copies first, so this slightly overstates
 * loss after sequential failures), (2) a group re-created and hit again counts as
 * short for both disks, (3) g is re-read at most once per simulated instant.
 * Sets are enumerated while there are ≤ LIVE_MAX_SETS per event (≥ ~700 servers
 * with destroyed, unrecovered data at once for r = 3); past that one summed
 * Poisson draw (same distribution) replaces the per-set draws.
 */
import type { ChunkTable } from './chunks';
import type { ReplicaSetField } from './replicaSets';

/** Most sets enumerated for one destroying event. */
export const LIVE_MAX_SETS = 250_000;

interface OpenDisk {
  disk: number;
  node: number;
  /** group ids that had a copy on the disk when its data was destroyed */
  groups: Int32Array;
}

export class RealLoss {
  /** real chunks lost so far */
  lost = 0;
  /** real chunks lost since the owner last read it (one log line per cause) */
  pending = 0;
  /** destroying events counted (each event's draws are salted with its number) */
  events = 0;
  /** events whose count used the summed draw (too many sets to enumerate) */
  summedEvents = 0;
  /** sets looked at over the run */
  setsVisited = 0;
  /** simulated time g was last re-read */
  gTime = -1;
  /** per server: share of its replicas destroyed and not yet re-created */
  readonly g: Float64Array;
  private openDisks: OpenDisk[] = [];
  private openNodes = new Int32Array(0);

  constructor(
    private readonly field: ReplicaSetField,
    private readonly table: ChunkTable,
    private readonly disksPerNode: number,
    private readonly now: () => number,
  ) {
    this.g = new Float64Array(field.topo.nodes);
  }

  /** Re-reads every open disk's unrecovered groups (at most once per instant); closes disks with none. */
  private refresh(): void {
    const t = this.table;
    const now = this.now();
    if (now === this.gTime) return;
    this.gTime = now;
    for (const n of this.openNodes) this.g[n] = 0;
    const keep: OpenDisk[] = [];
    for (const o of this.openDisks) {
      let short = 0;
      for (const c of o.groups) if (t.present[c] > 0 && t.present[c] < t.target[c]) short++;
      if (short === 0) continue;
      keep.push(o);
      this.g[o.node] = Math.min(1, this.g[o.node] + short / o.groups.length / this.disksPerNode);
    }
    this.openDisks = keep;
    this.rebuildNodes();
  }

  private rebuildNodes(): void {
    const seen = new Set<number>();
    for (const o of this.openDisks) if (this.g[o.node] > 0) seen.add(o.node);
    this.openNodes = Int32Array.from(seen).sort();
  }

  /**
   * Server `node`'s `disks` just lost their data (call while their replicas are still
   * in the map). Returns real chunks lost by it.
   */
  destroyed(node: number, disks: readonly number[]): number {
    const t = this.table;
    const lists = t.lists;
    let holding = 0;
    for (const d of disks) if (lists.len[d] > 0) holding++;
    if (holding === 0) return 0;
    this.refresh();
    const dx = Math.min(1, holding / this.disksPerNode);
    const others = this.openNodes.filter((n) => n !== node);
    this.events++;
    const res = this.field.lossWith(node, dx, others, this.g, this.events, LIVE_MAX_SETS);
    this.setsVisited += res.sets;
    if (!res.perSet) this.summedEvents++;
    this.lost += res.lost;
    this.pending += res.lost;
    for (const d of disks) {
      const n = lists.len[d];
      if (n === 0) continue;
      const groups = new Int32Array(n);
      for (let i = 0; i < n; i++) groups[i] = (lists.get(d, i) / t.slots) | 0;
      this.openDisks.push({ disk: d, node, groups });
    }
    this.g[node] = Math.min(1, this.g[node] + dx);
    this.rebuildNodes();
    return res.lost;
  }

  /** The open disks as numbers, for the state hash: disk, groups, ids… */
  hashView(): Int32Array {
    let n = 0;
    for (const o of this.openDisks) n += 2 + o.groups.length;
    const out = new Int32Array(n);
    let k = 0;
    for (const o of this.openDisks) {
      out[k++] = o.disk;
      out[k++] = o.groups.length;
      out.set(o.groups, k);
      k += o.groups.length;
    }
    return out;
  }

  /** Disks whose destroyed data is not yet all re-created. */
  openDiskCount(): number {
    return this.openDisks.length;
  }
}
