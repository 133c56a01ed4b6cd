/**
 * What-if analysis beside the simulation (Copysets, Cidon et al. 2013): if F of the
 * N servers failed at once, chosen at random, what would the current placement lose?
 *
 * In real chunks (`whatIfReal`, what the page and the CLI show): every real chunk has
 * its own replica set (replicaSets.ts); q(r) = C(F, r) / C(N, r) for any one set,
 * expected lost = Σ_r N_r · q(r) (exact), and P(any loss) = 1 − Π_r (1 − q(r))^K_r
 * with K_r the expected distinct sets in use, Σ_S (1 − e^−λ_S) — the paper's formula
 * at the real counts. The functions below it answer the same for the stored chunk
 * groups (kept for the group model's own checks):
 * A chunk whose replicas sit on r distinct servers is lost when all r are among the
 * F: q(r) = C(F, r) / C(N, r). Expected lost chunks = Σ over chunks of q(r) (exact,
 * by linearity, for any placement). P(any loss) = 1 − Π over the K distinct replica
 * sets actually in use of (1 − q) — the paper's approximation, treating sets as
 * independent. K is counted from the real placement, so random, rack-aware and
 * copyset placement can be compared under the same F.
 */
import type { ChunkTable } from './chunks';
import { F_PRESENT } from './chunks';
import * as dm from '../core/detmath';
import type { ReplicaSetField } from './replicaSets';

export interface WhatIfResult {
  /** servers in the cluster */
  n: number;
  /** servers that fail at once */
  f: number;
  /** real chunks counted */
  chunks: number;
  /** per replica count r: chunks with r copies, distinct replica sets K, and q */
  byReplicas: { r: number; chunks: number; sets: number; q: number }[];
  /** distinct replica sets in use (all r), expected from the field */
  sets: number;
  expectedLostChunks: number;
  expectedLostBytes: number;
  /** probability that at least one chunk is lost */
  pLoss: number;
}

/** q = C(f, r) / C(n, r), computed as a product to stay in range. */
export function qAllInFailed(n: number, f: number, r: number): number {
  if (r <= 0) return 1;
  if (f < r) return 0;
  let q = 1;
  for (let i = 0; i < r; i++) q *= (f - i) / (n - i);
  return q;
}

/** P(loss) over K sets of probability q each: 1 − (1 − q)^K, stable for tiny q. */
export function pAnyLoss(q: number, k: number): number {
  if (q >= 1) return k > 0 ? 1 : 0;
  return -dm.expm1(k * dm.log1p(-q));
}

/** Copyset placement's K with scatter width S (the paper): (S / (R−1)) · (N / R). */
export function copysetSets(n: number, r: number, scatterWidth: number): number {
  return (scatterWidth / Math.max(1, r - 1)) * (n / r);
}

export interface ReplicaSets {
  version: number;
  /** per r (index), the number of chunks and distinct server sets */
  chunks: number[];
  sets: number[];
}

/**
 * Counts distinct server sets among the chunks' existing replicas, per replica
 * count. Keys pack up to three 17-bit server ids into one double; longer sets fall
 * back to strings (rare: R > 3).
 */
export function countReplicaSets(t: ChunkTable, disksPerNode: number): ReplicaSets {
  const S = t.slots;
  const chunks: number[] = new Array(S + 1).fill(0);
  const sets: number[] = new Array(S + 1).fill(0);
  const keys: Float64Array[] = [];
  const fill: number[] = new Array(S + 1).fill(0);
  for (let r = 0; r <= S; r++) keys.push(new Float64Array(0));
  // First pass: how many chunks per r.
  for (let c = 0; c < t.chunks; c++) if (t.present[c] > 0) chunks[t.present[c]]++;
  for (let r = 1; r <= Math.min(3, S); r++) keys[r] = new Float64Array(chunks[r]);
  const strings = new Map<number, Set<string>>();
  const nodes = new Int32Array(S);
  for (let c = 0; c < t.chunks; c++) {
    const r = t.present[c];
    if (r === 0) continue;
    let k = 0;
    for (let s = 0; s < S; s++) {
      const d = t.slotDisk[c * S + s];
      if (d >= 0 && t.diskFlags[d] & F_PRESENT) nodes[k++] = (d / disksPerNode) | 0;
    }
    // sort the k (≤ slots) node ids
    for (let i = 1; i < k; i++) {
      const x = nodes[i];
      let j = i - 1;
      while (j >= 0 && nodes[j] > x) {
        nodes[j + 1] = nodes[j];
        j--;
      }
      nodes[j + 1] = x;
    }
    if (r <= 3) {
      let key = 0;
      for (let i = 0; i < k; i++) key = key * 131072 + nodes[i];
      keys[r][fill[r]++] = key;
    } else {
      let set = strings.get(r);
      if (!set) strings.set(r, (set = new Set()));
      set.add(Array.from(nodes.subarray(0, k)).join(','));
    }
  }
  for (let r = 1; r <= S; r++) {
    if (r <= 3) {
      const a = keys[r].subarray(0, fill[r]).sort();
      let distinct = 0;
      for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) distinct++;
      sets[r] = distinct;
    } else sets[r] = strings.get(r)?.size ?? 0;
  }
  return { version: t.version, chunks, sets };
}

/** Chunks that would be lost if exactly the servers marked in `failed` lost their data (a trial, no state change). */
export function lossIfFailed(t: ChunkTable, disksPerNode: number, failed: Uint8Array): number {
  const S = t.slots;
  let lost = 0;
  for (let c = 0; c < t.chunks; c++) {
    if (t.present[c] === 0) continue;
    let all = true;
    for (let s = 0; s < S && all; s++) {
      const d = t.slotDisk[c * S + s];
      if (d >= 0 && t.diskFlags[d] & F_PRESENT && !failed[(d / disksPerNode) | 0]) all = false;
    }
    if (all) lost++;
  }
  return lost;
}

/** The what-if in real chunks, at the real counts (see the top of this file). */
export function whatIfReal(field: ReplicaSetField, n: number, f: number, chunkBytes: number): WhatIfResult {
  const byReplicas: WhatIfResult['byReplicas'] = [];
  let expected = 0,
    logSurvive = 0,
    total = 0,
    sets = 0;
  for (let r = 1; r < field.realByR.length; r++) {
    const N = field.realByR[r];
    if (N === 0) continue;
    const q = qAllInFailed(n, f, r);
    const k = field.expectedSets(r);
    byReplicas.push({ r, chunks: N, sets: k, q });
    expected += N * q;
    total += N;
    sets += k;
    logSurvive += q >= 1 ? (k > 0 ? -Infinity : 0) : k * dm.log1p(-q);
  }
  return {
    n,
    f,
    chunks: total,
    byReplicas,
    sets,
    expectedLostChunks: expected,
    expectedLostBytes: expected * chunkBytes,
    pLoss: -dm.expm1(logSurvive),
  };
}

/** The Copysets comparison the page shows every frame: 1 % of the servers failing at once, for this run's placement and for copyset placement. */
export interface OnePercentWhatIf {
  /** servers failing at once (1 % of the cluster, rounded) */
  servers: number;
  /** this run's placement: P(any real chunk lost), expected lost, and the expected size of a loss when one happens (expected ÷ P) */
  pLoss: number;
  expectedLostChunks: number;
  lossIfAnyChunks: number;
  /** the same real chunks under copyset placement with `storage.scatterWidth` (the paper's K per replica count) */
  copysetPLoss: number;
  copysetLossIfAnyChunks: number;
}

/**
 * The what-if under copyset placement for the same real chunks (`realByR[r]`: real
 * chunks of r copies): K_r = copysetSets(n, r, S) sets, each in use with probability
 * 1 − e^−N_r/K_r (each holds N_r/K_r chunks on average, tens of thousands at the
 * defaults), q(r) as for any policy. Expected loss is the same as any placement's; the
 * chance of a loss falls with K, so a loss, when it comes, is bigger.
 */
export function whatIfCopyset(realByR: readonly number[], n: number, f: number, scatterWidth: number): { pLoss: number; expectedLostChunks: number } {
  let expected = 0,
    logSurvive = 0;
  for (let r = 1; r < realByR.length; r++) {
    const N = realByR[r];
    if (!(N > 0)) continue;
    const q = qAllInFailed(n, f, r);
    const K = copysetSets(n, r, scatterWidth);
    const inUse = K > 0 ? -K * dm.expm1(-N / K) : 0;
    expected += N * q;
    logSurvive += q >= 1 ? (inUse > 0 ? -Infinity : 0) : inUse * dm.log1p(-q);
  }
  return { pLoss: -dm.expm1(logSurvive), expectedLostChunks: expected };
}

/** The loss's expected size when one happens: expected ÷ P(any), 0 when no loss can happen. */
export function lossIfAny(expected: number, pLoss: number): number {
  return pLoss > 0 ? expected / pLoss : 0;
}

/** 1 % of `n` servers failing at once: the run's own field against copyset placement on the same real chunks. */
export function onePercentWhatIf(field: ReplicaSetField, n: number, scatterWidth: number, chunkBytes: number): OnePercentWhatIf {
  const f = Math.round(n / 100);
  const own = whatIfReal(field, n, f, chunkBytes);
  const cs = whatIfCopyset(field.realByR, n, f, scatterWidth);
  return {
    servers: f,
    pLoss: own.pLoss,
    expectedLostChunks: own.expectedLostChunks,
    lossIfAnyChunks: lossIfAny(own.expectedLostChunks, own.pLoss),
    copysetPLoss: cs.pLoss,
    copysetLossIfAnyChunks: lossIfAny(cs.expectedLostChunks, cs.pLoss),
  };
}
