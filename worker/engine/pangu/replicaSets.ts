/**
 * Real chunks and their replica sets (issue 14 §1; Copysets, Cidon et al. 2013).
 *
 * The chunk table stores chunk *groups* (pangu/chunks.ts): units of bytes, traffic
 * and recovery progress, each standing for `perGroup` real `storage.chunkMB` chunks.
 * Where data-loss risk is concerned a real chunk is a chunk: every real chunk has its
 * own replica set of r servers, drawn independently from the placement policy that
 * placed the data. With N_r real chunks of r replicas, the number placed on one
 * given set S is Binomial(N_r, p_S), p_S = P(the policy picks S); with N_r in the
 * hundreds of millions and p_S tiny that is, to a very good approximation, an
 * independent Poisson(λ_S = N_r · p_S) draw per set (the multinomial's counts are
 * slightly negatively correlated; the Poisson field makes them independent and the
 * total Poisson(N_r) rather than exactly N_r — a relative difference of ~1/√N_r).
 * No set is stored: the count on S is the inverse Poisson CDF of a uniform hashed
 * from (seed, S, salt), computed on demand (`poissonInv`, detmath.exp only).
 *
 * p_S, as the placement code weights it (placement.ts, equal disks per server):
 *  - random: uniform over r-sets of servers, 1 / C(n, r);
 *  - rack-aware: servers drawn one after another uniformly among those on racks not
 *    yet used, so p_S = Σ over the r! orders of Π 1 / (n − servers on racks used so
 *    far) on distinct racks, 0 otherwise (`rackAwareMass`; uniform when racks are equal);
 *  - copyset: a primary uniform over servers, then one of its copysets uniformly, so
 *    the set {primary + the copyset's first r−1 other members} gets (1/n)·(1/sets of
 *    the primary); nothing elsewhere. Those sets are listed (`CopysetSets`).
 * Capacity limits and the placement code's rare fallbacks are ignored, and the field
 * follows the policy the data was placed with (a live switch moves new group copies,
 * not this field).
 */
import * as dm from '../core/detmath';
import type { Copysets, PlacementPolicy } from './placement';
import type { Sim } from '../sim';

// ---- hashing and the Poisson draw ---------------------------------------------------

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform in [0, 1) with 53 bits from (seed, the first r of `members` in order, salt). Same numbers in every engine: integer ops only. */
export function setUniform(seed: number, members: ArrayLike<number>, r: number, salt: number): number {
  let a = mix32((seed ^ 0x5bd1e995) >>> 0);
  let b = mix32((seed + 0x9e3779b9) >>> 0);
  for (let i = 0; i < r; i++) {
    const m = members[i] >>> 0;
    a = mix32((a ^ m) + 0x632be5ab);
    b = mix32(b + Math.imul(m ^ 0x85ebca6b, 0xc2b2ae35));
  }
  a = mix32(a ^ (salt >>> 0));
  b = mix32((b + Math.imul((salt / 4294967296) >>> 0, 0x27d4eb2f)) ^ (salt >>> 0) ^ 0x165667b1);
  return (a * 2097152 + (b >>> 11)) / 9007199254740992;
}

let memoLambda = -1;
let memoP0 = 1;

/** e^−λ, remembered for the last λ (the enumerations below reuse one λ for most sets). */
function p0Of(lambda: number): number {
  if (lambda !== memoLambda) {
    memoLambda = lambda;
    memoP0 = dm.exp(-lambda);
  }
  return memoP0;
}

/** Above this mean the normal approximation replaces the exact inverse CDF (relative error ≪ 1 %). */
export const POISSON_EXACT_MAX = 600;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e−9; log and sqrt from detmath / the spec). */
export function normalInv(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < lo) {
    const q = Math.sqrt(-2 * dm.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * dm.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * The Poisson(λ) count whose CDF first exceeds u: exact for λ ≤ POISSON_EXACT_MAX
 * (a walk up the probabilities from e^−λ), the normal approximation with continuity
 * correction above. Monotone in u and in λ for a fixed u.
 */
export function poissonInv(u: number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > POISSON_EXACT_MAX) return Math.max(0, Math.floor(lambda + Math.sqrt(lambda) * normalInv(u) + 0.5));
  let p = p0Of(lambda);
  let cdf = p;
  let k = 0;
  while (u >= cdf) {
    k++;
    p = (p * lambda) / k;
    if (p === 0 || cdf + p === cdf) {
      if (k > lambda) break;
    }
    cdf += p;
  }
  return k;
}

// ---- combinatorics --------------------------------------------------------------

/** C(n, k) as a double. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

/** Elementary symmetric polynomial e_k of the values (O(len·k)). */
export function elementarySymmetric(values: ArrayLike<number>, len: number, k: number): number {
  const e = new Float64Array(k + 1);
  e[0] = 1;
  for (let i = 0; i < len; i++) {
    const v = values[i];
    if (v === 0) continue;
    for (let j = Math.min(k, i + 1); j >= 1; j--) e[j] += e[j - 1] * v;
  }
  return e[k];
}

// ---- the field -------------------------------------------------------------------

export interface FieldTopology {
  nodes: number;
  racks: number;
  rackOf: Int32Array;
}

/**
 * What the field reads of the engine's context (an `EngineContext` is one): the run's
 * `pangu.realChunks` stream and its placement policy, and the servers' racks.
 */
export interface FieldContext {
  readonly sim: Pick<Sim, 'rng' | 'params'>;
  readonly topo: FieldTopology;
}

/** The distinct sets copyset placement can pick for chunks of r replicas, each with its p_S. */
export interface CopysetSets {
  r: number;
  count: number;
  /** r sorted server ids per entry */
  members: Int32Array;
  mass: Float64Array;
  /** entries each server is a member of: byNode[off[n] .. off[n+1]) */
  off: Int32Array;
  byNode: Int32Array;
}

/** Lists copyset placement's sets for chunks of r replicas (r ≤ the copysets' size) with their probabilities. */
export function copysetSets(cs: Copysets, nodes: number, r: number): CopysetSets {
  const R = cs.r;
  const setsOf = new Int32Array(nodes);
  for (let n = 0; n < nodes; n++) {
    let k = 0;
    while (k < cs.perNode && cs.nodeSets[n * cs.perNode + k] >= 0) k++;
    setsOf[n] = k;
  }
  const count = cs.count * R;
  const members = new Int32Array(count * r);
  const mass = new Float64Array(count);
  let e = 0;
  const tmp = new Int32Array(r);
  const seen = new Map<string, number>();
  for (let s = 0; s < cs.count; s++)
    for (let pi = 0; pi < R; pi++) {
      const primary = cs.members[s * R + pi];
      // A node in more permutation groups than perNode slots is listed for only perNode of them (placement.ts): skip the rest.
      let listed = false;
      for (let j = 0; j < setsOf[primary]; j++) if (cs.nodeSets[primary * cs.perNode + j] === s) listed = true;
      if (!listed) continue;
      let k = 0;
      tmp[k++] = primary;
      for (let m = 0; m < R && k < r; m++) {
        const node = cs.members[s * R + m];
        if (node !== primary) tmp[k++] = node;
      }
      const sorted = Array.from(tmp).sort((x, y) => x - y);
      const key = sorted.join(',');
      const at = seen.get(key);
      if (at !== undefined) {
        mass[at] += 1 / (nodes * setsOf[primary]);
        continue;
      }
      seen.set(key, e);
      members.set(sorted, e * r);
      mass[e] = 1 / (nodes * setsOf[primary]);
      e++;
    }
  const deg = new Int32Array(nodes + 1);
  for (let i = 0; i < e * r; i++) deg[members[i] + 1]++;
  for (let n = 0; n < nodes; n++) deg[n + 1] += deg[n];
  const fill = deg.slice(0, nodes);
  const byNode = new Int32Array(e * r);
  for (let i = 0; i < e; i++) for (let k = 0; k < r; k++) byNode[fill[members[i * r + k]]++] = i;
  return { r, count: e, members: members.subarray(0, e * r), mass: mass.subarray(0, e), off: deg, byNode };
}

/** Most sets enumerated for one count; past it the count is one Poisson draw of the summed mean (see `ReplicaSetField`). */
export const MAX_ENUMERATED_SETS = 250_000;

export interface LossCount {
  /** real chunks lost */
  lost: number;
  /** sets looked at */
  sets: number;
  /** false when past MAX_ENUMERATED_SETS a summed draw replaced the per-set ones */
  perSet: boolean;
}

/**
 * The replica sets of every real chunk, as a seeded Poisson field over server sets.
 * `realByR[r]`: real chunks of r replicas.
 */
export class ReplicaSetField {
  readonly rackSize: Int32Array;
  /** per r: distinct-rack r-sets (e_r of the rack sizes) */
  private readonly rackSets: number[] = [];
  private readonly csets: (CopysetSets | null)[] = [];
  private readonly dpMass: Float64Array;
  /** per r, p_S of any distinct-rack set when every rack has the same size (rack-aware), else 0 */
  private readonly equalRackMass: number[] = [];

  /** drawn from the run's `pangu.realChunks` stream: every set's count hashes it */
  readonly seed: number;
  readonly topo: FieldTopology;
  /** the policy the data was placed with (a live switch moves new group copies only) */
  readonly policy: PlacementPolicy;

  /** The field over the context's servers; `copysets`: the placement's copysets (copyset policy), else null. */
  constructor(
    c: FieldContext,
    readonly realByR: readonly number[],
    copysets: Copysets | null,
  ) {
    this.seed = c.sim.rng.get('pangu.realChunks').nextU32();
    this.topo = c.topo;
    this.policy = c.sim.params['storage.placement'] as PlacementPolicy;
    const { topo, policy } = this;
    this.rackSize = new Int32Array(topo.racks);
    for (let n = 0; n < topo.nodes; n++) this.rackSize[topo.rackOf[n]]++;
    for (let r = 0; r < realByR.length; r++) {
      this.rackSets.push(elementarySymmetric(this.rackSize, topo.racks, r));
      this.csets.push(policy === 'copyset' && copysets && realByR[r] > 0 && r >= 1 && r <= copysets.r ? copysetSets(copysets, topo.nodes, r) : null);
    }
    this.dpMass = new Float64Array(1 << Math.max(1, realByR.length));
    let equal = true;
    for (let k = 1; k < topo.racks; k++) if (this.rackSize[k] !== this.rackSize[0]) equal = false;
    for (let r = 0; r < realByR.length; r++) this.equalRackMass.push(equal && this.rackSets[r] > 0 ? 1 / this.rackSets[r] : 0);
  }

  /** Real chunks of every replica count. */
  total(): number {
    let s = 0;
    for (const x of this.realByR) s += x;
    return s;
  }

  /** The copyset entries for r replicas (copyset policy only). */
  copysetEntries(r: number): CopysetSets | null {
    return this.csets[r] ?? null;
  }

  /** p_S for rack-aware placement: sum over orders of drawing S's servers one rack at a time (0 if two share a rack). */
  rackAwareMass(s: ArrayLike<number>, r: number): number {
    const rackOf = this.topo.rackOf;
    for (let i = 0; i < r; i++) for (let j = 0; j < i; j++) if (rackOf[s[i]] === rackOf[s[j]]) return 0;
    if (this.equalRackMass[r] > 0) return this.equalRackMass[r]; // equal racks: every order gives the same product
    const h = this.dpMass;
    const full = (1 << r) - 1;
    h.fill(0, 0, full + 1);
    h[0] = 1;
    const n = this.topo.nodes;
    for (let mask = 0; mask < full; mask++) {
      const v = h[mask];
      if (v === 0) continue;
      let used = 0;
      for (let i = 0; i < r; i++) if (mask & (1 << i)) used += this.rackSize[rackOf[s[i]]];
      const step = v / (n - used);
      for (let i = 0; i < r; i++) if (!(mask & (1 << i))) h[mask | (1 << i)] += step;
    }
    return h[full];
  }

  /** p_S of sorted set s of r servers under random or rack-aware placement. */
  mass(s: ArrayLike<number>, r: number): number {
    if (this.policy === 'random') return 1 / choose(this.topo.nodes, r);
    return this.rackAwareMass(s, r);
  }

  /**
   * Expected distinct replica sets in use, Σ_S (1 − e^−λ_S), per r. Exact for random
   * and copyset; rack-aware treats its distinct-rack sets as equally likely (exact
   * when racks are equal in size).
   */
  expectedSets(r: number): number {
    const N = this.realByR[r] ?? 0;
    if (N === 0) return 0;
    const cs = this.csets[r];
    if (cs) {
      let k = 0;
      for (let e = 0; e < cs.count; e++) k -= dm.expm1(-N * cs.mass[e]);
      return k;
    }
    const K = this.policy === 'random' ? choose(this.topo.nodes, r) : this.rackSets[r];
    return K > 0 ? -K * dm.expm1(-N / K) : 0;
  }

  /**
   * Real chunks lost if exactly the servers in `failed` (sorted, distinct; `mark`
   * their 0/1 mask) lost every copy at once: Σ over sets S ⊆ failed of the count
   * on S — the run's own field (salt 0), so the same set gives the same count.
   * Past MAX_ENUMERATED_SETS sets for one r, one Poisson draw of their summed mean
   * (the same distribution; random: exact sum, rack-aware: equal-rack weights).
   */
  lossInside(failed: Int32Array, mark: Uint8Array): LossCount {
    const out: LossCount = { lost: 0, sets: 0, perSet: true };
    const f = failed.length;
    for (let r = 1; r < this.realByR.length; r++) {
      const N = this.realByR[r];
      if (N === 0 || f < r) continue;
      const cs = this.csets[r];
      if (cs) {
        for (let e = 0; e < cs.count; e++) {
          let inside = true;
          for (let k = 0; k < r && inside; k++) if (!mark[cs.members[e * r + k]]) inside = false;
          if (!inside) continue;
          out.sets++;
          out.lost += poissonInv(setUniform(this.seed, cs.members.subarray(e * r, e * r + r), r, e), N * cs.mass[e]);
        }
        continue;
      }
      if (this.policy === 'copyset') continue; // no copysets of this size: nothing placed on them
      if (choose(f, r) > MAX_ENUMERATED_SETS) {
        out.perSet = false;
        out.sets += choose(f, r);
        let mean: number;
        if (this.policy === 'random') mean = (N * choose(f, r)) / choose(this.topo.nodes, r);
        else {
          const per = new Float64Array(this.topo.racks);
          for (let i = 0; i < f; i++) per[this.topo.rackOf[failed[i]]]++;
          mean = (N * elementarySymmetric(per, this.topo.racks, r)) / this.rackSets[r];
        }
        out.lost += poissonInv(setUniform(this.seed, failed, Math.min(f, 64), 0x51ed + r), mean);
        continue;
      }
      const idx = new Int32Array(r);
      const s = new Int32Array(r);
      for (let i = 0; i < r; i++) idx[i] = i;
      for (;;) {
        for (let i = 0; i < r; i++) s[i] = failed[idx[i]];
        out.sets++;
        const lambda = N * this.mass(s, r);
        if (lambda > 0) {
          const u = setUniform(this.seed, s, r, 0);
          if (u >= p0Of(lambda)) out.lost += poissonInv(u, lambda);
        }
        let i = r - 1;
        while (i >= 0 && idx[i] === f - r + i) i--;
        if (i < 0) break;
        idx[i]++;
        for (let j = i + 1; j < r; j++) idx[j] = idx[j - 1] + 1;
      }
    }
    return out;
  }

  /**
   * Real chunks lost when server x loses the share `dx` of its replicas while each
   * server a in `open` (sorted, x excluded) has the share `g[a]` of its replicas
   * destroyed and not yet re-created: Σ over sets S = {x} ∪ A, A ⊆ open, of a draw
   * with mean λ_S · dx · Π_{a∈A} g[a] (Poisson thinning: a chunk on S is lost now if
   * its copy on x was on what just went and its other copies are among the
   * destroyed, not yet re-created ones — taken as independent). `salt` makes each
   * event's draws fresh — except a set whose factor is 1 (every copy destroyed at
   * once), which gets the field's own count (salt 0), so failures at one instant
   * lose exactly what `lossInside` counts for them. Past `maxSets` sets, one summed draw.
   */
  lossWith(x: number, dx: number, open: Int32Array, g: Float64Array, salt: number, maxSets = MAX_ENUMERATED_SETS): LossCount {
    const out: LossCount = { lost: 0, sets: 0, perSet: true };
    if (!(dx > 0)) return out;
    const m = open.length;
    const s = new Int32Array(8);
    for (let r = 1; r < this.realByR.length; r++) {
      const N = this.realByR[r];
      if (N === 0 || m < r - 1) continue;
      const cs = this.csets[r];
      if (cs) {
        for (let j = cs.off[x]; j < cs.off[x + 1]; j++) {
          const e = cs.byNode[j];
          let w = dx;
          for (let k = 0; k < r && w > 0; k++) {
            const a = cs.members[e * r + k];
            if (a !== x) w *= g[a];
          }
          if (!(w > 0)) continue;
          out.sets++;
          const sl = w === 1 ? e : (salt * 131071 + e) % 4294967296;
          out.lost += poissonInv(setUniform(this.seed, cs.members.subarray(e * r, e * r + r), r, sl), N * cs.mass[e] * w);
        }
        continue;
      }
      if (this.policy === 'copyset') continue;
      if (r === 1) {
        out.sets++;
        s[0] = x;
        out.lost += poissonInv(setUniform(this.seed, s, 1, dx === 1 ? 0 : salt), N * this.mass(s, 1) * dx);
        continue;
      }
      const k = r - 1;
      if (choose(m, k) > maxSets) {
        out.perSet = false;
        out.sets += choose(m, k);
        let mean: number;
        if (this.policy === 'random')
          mean =
            (N / choose(this.topo.nodes, r)) *
            dx *
            elementarySymmetric(
              Array.from(open, (a) => g[a]),
              m,
              k,
            );
        else {
          const per = new Float64Array(this.topo.racks);
          const rx = this.topo.rackOf[x];
          for (let i = 0; i < m; i++) if (this.topo.rackOf[open[i]] !== rx) per[this.topo.rackOf[open[i]]] += g[open[i]];
          mean = (N / this.rackSets[r]) * dx * elementarySymmetric(per, this.topo.racks, k);
        }
        s[0] = x;
        s[1] = m;
        out.lost += poissonInv(setUniform(this.seed, s, 2, salt), mean);
        continue;
      }
      const idx = new Int32Array(k);
      for (let i = 0; i < k; i++) idx[i] = i;
      for (;;) {
        let w = dx;
        for (let i = 0; i < k; i++) w *= g[open[idx[i]]];
        if (w > 0) {
          // S sorted: x inserted among the chosen (open is sorted, x not in it)
          let p = 0;
          let placed = false;
          for (let i = 0; i < k; i++) {
            const a = open[idx[i]];
            if (!placed && x < a) {
              s[p++] = x;
              placed = true;
            }
            s[p++] = a;
          }
          if (!placed) s[p] = x;
          out.sets++;
          const lambda = N * this.mass(s, r) * w;
          if (lambda > 0) {
            const u = setUniform(this.seed, s, r, w === 1 ? 0 : salt);
            if (u >= p0Of(lambda)) out.lost += poissonInv(u, lambda);
          }
        }
        let i = k - 1;
        while (i >= 0 && idx[i] === m - k + i) i--;
        if (i < 0) break;
        idx[i]++;
        for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
      }
    }
    return out;
  }
}

// ---- the closed form (Copysets) --------------------------------------------------

/** q = C(f, r) / C(n, r): the chance that one given set of r servers lies wholly inside f failed of n. */
export function qInside(n: number, f: number, r: number): number {
  if (r <= 0) return 1;
  if (f < r) return 0;
  let q = 1;
  for (let i = 0; i < r; i++) q *= (f - i) / (n - i);
  return q;
}
