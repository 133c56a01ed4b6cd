/**
 * Replica placement (P3), selectable live with `storage.placement`:
 *  - `rack-aware` (default): every replica of a chunk on a different server and a
 *    different rack, so one rack failure never takes all copies;
 *  - `random`: different servers only;
 *  - `copyset` (Cidon et al. 2013): the servers are cut into copysets — groups of R
 *    servers from `scatterWidth / (R−1)` random permutations, racks kept distinct —
 *    and a chunk's replicas all live in one copyset, which bounds the number of
 *    distinct replica sets and so the chance that F simultaneous failures hit one.
 * The same policy chooses initial places and the targets of new copies; disks are
 * drawn uniformly at random among those that pass the caller's check (capacity,
 * what the master believes about the disk and its server).
 */
import type { Rng } from '../core/rng';
import type { Topology } from '../cluster/topology';
import type { ChunkTable } from './chunks';
import { markRange } from '../core/dirty';

export type PlacementPolicy = 'rack-aware' | 'random' | 'copyset';
export const PLACEMENTS: readonly PlacementPolicy[] = ['rack-aware', 'random', 'copyset'];

export interface Copysets {
  r: number;
  scatterWidth: number;
  count: number;
  /** members of each copyset, r per set */
  members: Int32Array;
  /** copysets of each node: perNode entries per node, -1 unused */
  nodeSets: Int32Array;
  perNode: number;
}

/** Builds copysets: P = ceil(S/(R−1)) permutations of the servers, cut into groups of R in distinct racks. */
export function buildCopysets(topo: Topology, r: number, scatterWidth: number, rng: Rng): Copysets {
  const n = topo.nodes;
  const perms = Math.max(1, Math.ceil(scatterWidth / Math.max(1, r - 1)));
  const groups = Math.floor(n / r);
  const members = new Int32Array(perms * groups * r);
  const nodeSets = new Int32Array(n * perms).fill(-1);
  const fill = new Int32Array(n);
  const perm = new Int32Array(n);
  const rackOf = topo.rackOf;
  let count = 0;
  for (let p = 0; p < perms; p++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (let g = 0; g < groups; g++) {
      const base = g * r;
      // Keep racks distinct inside a group: swap a clashing member with a later server.
      for (let k = 1; k < r; k++) {
        const clash = (x: number) => {
          for (let m = 0; m < k; m++) if (rackOf[perm[base + m]] === rackOf[x]) return true;
          return false;
        };
        if (!clash(perm[base + k])) continue;
        for (let j = base + k + 1; j < n; j++)
          if (!clash(perm[j])) {
            const t = perm[base + k];
            perm[base + k] = perm[j];
            perm[j] = t;
            break;
          }
      }
      for (let k = 0; k < r; k++) {
        const node = perm[base + k];
        members[count * r + k] = node;
        if (fill[node] < perms) nodeSets[node * perms + fill[node]++] = count;
      }
      count++;
    }
  }
  return { r, scatterWidth, count, members: members.subarray(0, count * r), nodeSets, perNode: perms };
}

export class Placement {
  private copysetCache: Copysets | null = null;
  /** scratch: nodes and racks already holding a replica of the chunk being placed */
  private readonly exNodes = new Int32Array(16);
  private readonly exRacks = new Int32Array(16);
  private nEx = 0;
  /** times a copyset placement found no usable copyset and fell back to rack-aware */
  fallbacks = 0;

  constructor(
    private readonly topo: Topology,
    private readonly table: ChunkTable,
  ) {}

  copysets(r: number, scatterWidth: number, rng: Rng): Copysets {
    const c = this.copysetCache;
    if (c && c.r === r && c.scatterWidth === scatterWidth) return c;
    this.copysetCache = buildCopysets(this.topo, r, scatterWidth, rng);
    return this.copysetCache;
  }

  /** The copysets in use now, if any were built. */
  currentCopysets(): Copysets | null {
    return this.copysetCache;
  }

  /**
   * Initial placement of every chunk into `table.slotDisk` (all disks usable, each
   * holding at most `capacity` replicas). `count` receives replicas per disk.
   */
  placeAll(policy: PlacementPolicy, scatterWidth: number, capacity: number, rng: Rng, csRng: Rng): void {
    const t = this.table;
    const S = t.slots;
    const dpn = this.topo.disksPerNode;
    const disks = this.topo.disks;
    const rackOf = this.topo.rackOf;
    const count = new Int32Array(disks);
    const nodes = new Int32Array(S);
    const racks = new Int32Array(S);
    const rackAware = policy !== 'random';
    const maxR = S - 1;
    const cs = policy === 'copyset' ? this.copysets(maxR, scatterWidth, csRng) : null;
    // Distinct servers (and racks) for every replica must exist, or the draw below never ends
    // (the scenario's cross-checks refuse such settings; this is the engine's own guard).
    const spread = rackAware ? this.topo.racks : this.topo.nodes;
    if (t.chunks > 0 && spread < maxR)
      throw new RangeError(`placement: ${maxR} replicas per chunk on distinct ${rackAware ? 'racks' : 'servers'}, but the cluster has ${spread}`);
    for (let c = 0; c < t.chunks; c++) {
      const r = t.target[c];
      const base = c * S;
      if (cs && cs.count > 0 && this.placeInCopyset(c, r, cs, capacity, count, rng)) continue;
      let k = 0;
      let tries = 0;
      while (k < r) {
        const d = rng.int(disks);
        const node = (d / dpn) | 0;
        const rack = rackOf[node];
        let ok = count[d] < capacity || tries > 1000;
        for (let m = 0; m < k && ok; m++) if (nodes[m] === node || (rackAware && racks[m] === rack)) ok = false;
        tries++;
        // bounded: past 1,000 tries capacity is ignored and any distinct rack (server) will do, which
        // at least 1 in `disks` draws reaches when the spread suffices; so far past that, something is wrong
        if (tries > 1000 + 1000 * disks) throw new RangeError(`placement: no place found for chunk ${c}'s replica ${k + 1} of ${r}`);
        if (!ok) continue;
        nodes[k] = node;
        racks[k] = rack;
        t.slotDisk[base + k] = d;
        count[d]++;
        k++;
      }
    }
    markRange(t.slotDisk, 0, t.slotDisk.length); // every chunk's slots written (here and in placeInCopyset), for checkpoints' dirty marks
  }

  private placeInCopyset(c: number, r: number, cs: Copysets, capacity: number, count: Int32Array, rng: Rng): boolean {
    const dpn = this.topo.disksPerNode;
    const S = this.table.slots;
    for (let attempt = 0; attempt < 8; attempt++) {
      const primary = rng.int(this.topo.nodes);
      let nSets = 0;
      while (nSets < cs.perNode && cs.nodeSets[primary * cs.perNode + nSets] >= 0) nSets++;
      if (nSets === 0) continue;
      const set = cs.nodeSets[primary * cs.perNode + rng.int(nSets)];
      // The primary first, then the set's other members in order, r in all.
      let k = 0;
      let ok = true;
      const chosen = this.exNodes;
      chosen[k++] = primary;
      for (let m = 0; m < cs.r && k < r; m++) {
        const node = cs.members[set * cs.r + m];
        if (node !== primary) chosen[k++] = node;
      }
      for (let m = 0; m < r && ok; m++) {
        const d0 = chosen[m] * dpn;
        let d = d0 + rng.int(dpn);
        for (let i = 0; i < dpn && count[d] >= capacity; i++) d = d0 + ((d - d0 + 1) % dpn);
        if (count[d] >= capacity) ok = false;
        else this.exRacks[m] = d;
      }
      if (!ok) continue;
      for (let m = 0; m < r; m++) {
        this.table.slotDisk[c * S + m] = this.exRacks[m];
        count[this.exRacks[m]]++;
      }
      return true;
    }
    return false;
  }

  private loadExclusions(c: number): void {
    const t = this.table;
    const S = t.slots;
    const dpn = this.topo.disksPerNode;
    this.nEx = 0;
    for (let s = 0; s < S; s++) {
      const d = t.slotDisk[c * S + s];
      if (d < 0) continue;
      const node = (d / dpn) | 0;
      this.exNodes[this.nEx] = node;
      this.exRacks[this.nEx] = this.topo.rackOf[node];
      this.nEx++;
    }
  }

  private excluded(node: number, rackAware: boolean): boolean {
    const rack = this.topo.rackOf[node];
    for (let i = 0; i < this.nEx; i++) if (this.exNodes[i] === node || (rackAware && this.exRacks[i] === rack)) return true;
    return false;
  }

  /**
   * A disk for one new replica of chunk c under the policy: on a server (and, unless
   * `random`, a rack) holding none of its replicas, whose disk passes `ok` and whose
   * server has a free stream (`free`). -1 if none found; -2 when copyset placement
   * has a target that is only busy (wait for it rather than leave the copyset).
   * `servers` lists the only servers that can pass (`n` of them): the draw is a server
   * among them and a disk on it — a uniform draw over the passing disks, without tries
   * that hit a server the master knows it cannot use (dead, unreported, every stream busy).
   */
  pickTarget(
    c: number,
    policy: PlacementPolicy,
    scatterWidth: number,
    ok: (disk: number) => boolean,
    free: (node: number) => boolean,
    rng: Rng,
    csRng: Rng,
    servers: { readonly list: Int32Array; readonly n: number },
  ): number {
    this.loadExclusions(c);
    const dpn = this.topo.disksPerNode;
    if (policy === 'copyset' && this.nEx > 0) {
      const cs = this.copysets(this.table.slots - 1, scatterWidth, csRng);
      const d = this.pickInCopyset(cs, ok, free, rng);
      if (d !== -1) return d;
      this.fallbacks++;
    }
    const rackAware = policy !== 'random';
    const n = servers.n;
    if (n === 0) return -1;
    for (let tries = 0; tries < 64; tries++) {
      const node = servers.list[rng.int(n)];
      const d = node * dpn + rng.int(dpn);
      if (this.excluded(node, rackAware) || !free(node) || !ok(d)) continue;
      return d;
    }
    return -1;
  }

  /** A disk on a member of a copyset that contains every current replica's server (-2: only busy ones). */
  private pickInCopyset(cs: Copysets, ok: (disk: number) => boolean, free: (node: number) => boolean, rng: Rng): number {
    const first = this.exNodes[0];
    const dpn = this.topo.disksPerNode;
    let busy = false;
    for (let j = 0; j < cs.perNode; j++) {
      const set = cs.nodeSets[first * cs.perNode + j];
      if (set < 0) break;
      let all = true;
      for (let i = 1; i < this.nEx && all; i++) {
        let found = false;
        for (let m = 0; m < cs.r; m++) if (cs.members[set * cs.r + m] === this.exNodes[i]) found = true;
        all = found;
      }
      if (!all) continue;
      for (let m = 0; m < cs.r; m++) {
        const node = cs.members[set * cs.r + m];
        if (this.excluded(node, true)) continue;
        const d0 = node * dpn;
        const start = rng.int(dpn);
        for (let i = 0; i < dpn; i++) {
          const d = d0 + ((start + i) % dpn);
          if (!ok(d)) continue;
          if (free(node)) return d;
          busy = true;
          break;
        }
      }
    }
    return busy ? -2 : -1;
  }
}
