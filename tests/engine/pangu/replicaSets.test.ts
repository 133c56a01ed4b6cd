/**
 * Real chunks' replica sets (worker/engine/pangu/replicaSets.ts) against the Copysets
 * closed form, over many seeds: for random, rack-aware and copyset placement, f of n
 * servers fail at once; the empirical P(any loss) and mean lost chunks over T trials
 * (each a new seed: a new Poisson field and a new failed set) must agree with
 *   P(loss) = 1 − Π_r (1 − q_r)^K_r,  E[lost] = Σ_r N_r · q_r,  q_r = C(f, r) / C(n, r),
 * K_r the expected distinct sets in use. Bounds: |p̂ − p| ≤ 4.5·√(p(1−p)/T) + the
 * paper's independence gap where it applies (stated per case), and |mean − E| ≤
 * 4.5 · sample sd / √T — a false failure has probability < 1e−5 per check.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../worker/engine/core/rng';
import { buildCopysets, type PlacementPolicy } from '../../../worker/engine/pangu/placement';
import {
  choose,
  elementarySymmetric,
  type FieldTopology,
  poissonInv,
  qInside,
  ReplicaSetField,
  setUniform,
} from '../../../worker/engine/pangu/replicaSets';
import { whatIfReal } from '../../../worker/engine/pangu/whatIf';
import type { Topology } from '../../../worker/engine/cluster/topology';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { defaultParams } from '../../../worker/scenario/params';
import { Sim } from '../../../worker/engine/sim';

/** trials (seeds) per case: here a quick run; replicaSets.full.test.ts sets REPLICA_SETS_T for the heavy one */
const T = Number(process.env.REPLICA_SETS_T ?? 500);
const N_NODES = 300;
const PER_RACK = 10;
const topo = (() => {
  const rackOf = new Int32Array(N_NODES);
  for (let i = 0; i < N_NODES; i++) rackOf[i] = Math.floor(i / PER_RACK);
  return { nodes: N_NODES, racks: N_NODES / PER_RACK, rackOf, nodesPerRack: PER_RACK };
})();

/** A run's context as the field reads it: a Sim of this seed placing by `policy`, over `t`. */
const context = (policy: PlacementPolicy, seed: number, t: FieldTopology) => ({
  sim: new Sim({ ...defaultParams(), 'storage.placement': policy }, seed),
  topo: t,
});

function field(policy: PlacementPolicy, seed: number, realByR: number[], scatter = 4): ReplicaSetField {
  const cs = policy === 'copyset' ? buildCopysets(topo as unknown as Topology, 3, scatter, new Rng(seed, 77)) : null;
  return new ReplicaSetField(context(policy, seed, topo), realByR, cs);
}

/** f distinct random servers, sorted, and their mask. */
function failedSet(rng: Rng, f: number): { ids: Int32Array; mark: Uint8Array } {
  const ids = new Int32Array(N_NODES);
  for (let i = 0; i < N_NODES; i++) ids[i] = i;
  const mark = new Uint8Array(N_NODES);
  for (let i = 0; i < f; i++) {
    const j = i + rng.int(N_NODES - i);
    const x = ids[j];
    ids[j] = ids[i];
    ids[i] = x;
    mark[x] = 1;
  }
  return { ids: ids.slice(0, f).sort(), mark };
}

function trials(policy: PlacementPolicy, realByR: number[], f: number, T: number) {
  const rng = new Rng(12345, policy.length);
  let withLoss = 0;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < T; k++) {
    const fl = field(policy, 1000 + k, realByR);
    const { ids, mark } = failedSet(rng, f);
    const lost = fl.lossInside(ids, mark).lost;
    if (lost > 0) withLoss++;
    sum += lost;
    sum2 += lost * lost;
  }
  const mean = sum / T;
  const sd = Math.sqrt(Math.max(0, sum2 / T - mean * mean));
  return { p: withLoss / T, mean, sd };
}

function expectAgrees(
  policy: PlacementPolicy,
  realByR: number[],
  f: number,
  T: number,
  gap: number,
): { p: number; closed: number; mean: number; expected: number } {
  const closed = whatIfReal(field(policy, 1, realByR), N_NODES, f, 64e6);
  const got = trials(policy, realByR, f, T);
  const p = closed.pLoss;
  if (process.env.REPLICA_SETS_LOG) console.log(policy, f, T, { pHat: got.p, pClosed: p, mean: got.mean, expected: closed.expectedLostChunks });
  expect(p).toBeGreaterThan(0.05); // the case must be informative: neither 0 nor 1
  expect(p).toBeLessThan(0.95);
  expect(Math.abs(got.p - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / T) + gap);
  expect(Math.abs(got.mean - closed.expectedLostChunks)).toBeLessThanOrEqual((4.5 * got.sd) / Math.sqrt(T));
  return { p: got.p, closed: p, mean: got.mean, expected: closed.expectedLostChunks };
}

describe('real chunks: the Poisson replica-set field', () => {
  it('the inverse Poisson CDF has the Poisson mean and P(0), exactly and in the normal range', () => {
    for (const lambda of [0.01, 0.7, 3, 40, 900]) {
      const T = 4000;
      let s = 0,
        zeros = 0;
      for (let i = 0; i < T; i++) {
        const k = poissonInv((i + 0.5) / T, lambda); // stratified uniforms: the mean is ~exact
        s += k;
        if (k === 0) zeros++;
      }
      expect(Math.abs(s / T - lambda)).toBeLessThan(Math.max(0.002, lambda * 0.002));
      expect(Math.abs(zeros / T - Math.exp(-lambda))).toBeLessThan(1.5 / T);
    }
    // monotone in λ for one u (what makes thinning coherent)
    const u = 0.987;
    let last = 0;
    for (let lambda = 0; lambda < 50; lambda += 0.37) {
      const k = poissonInv(u, lambda);
      expect(k).toBeGreaterThanOrEqual(last);
      last = k;
    }
  });

  it('set uniforms: order of hashing fixed, different salts and sets differ, values in [0, 1)', () => {
    const a = setUniform(7, [1, 2, 3], 3, 0);
    expect(a).toBe(setUniform(7, Int32Array.of(1, 2, 3), 3, 0));
    expect(a).not.toBe(setUniform(7, [1, 2, 4], 3, 0));
    expect(a).not.toBe(setUniform(7, [1, 2, 3], 3, 1));
    expect(a).not.toBe(setUniform(8, [1, 2, 3], 3, 0));
    let s = 0,
      outside = 0;
    for (let i = 0; i < 20000; i++) {
      const x = setUniform(3, [i, i + 1, i + 5], 3, 0);
      if (!(x >= 0 && x < 1)) outside++;
      s += x;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / 20000 - 0.5)).toBeLessThan(0.01);
  });

  it('the placement probabilities of each policy sum to 1 over the sets', () => {
    const small = { nodes: 12, racks: 4, rackOf: Int32Array.from({ length: 12 }, (_, i) => (i < 2 ? 0 : i < 5 ? 1 : i < 9 ? 2 : 3)) };
    for (const policy of ['random', 'rack-aware'] as const) {
      const fl = new ReplicaSetField(context(policy, 1, small), [0, 0, 0, 100], null);
      let sum = 0;
      const s = new Int32Array(3);
      for (let a = 0; a < 12; a++)
        for (let b = a + 1; b < 12; b++)
          for (let c = b + 1; c < 12; c++) {
            s[0] = a;
            s[1] = b;
            s[2] = c;
            sum += fl.mass(s, 3);
          }
      expect(sum).toBeCloseTo(1, 12);
    }
    const cs = field('copyset', 5, [0, 0, 0, 100]).copysetEntries(3)!;
    expect(cs.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // distinct sets: S / (R − 1) permutations × n / R groups
    expect(cs.count).toBe(2 * (N_NODES / 3));
    expect(elementarySymmetric([1, 2, 3, 4], 4, 2)).toBe(35);
    expect(choose(300, 3)).toBeCloseTo(4_455_100, 3);
  });

  it('random placement: P(loss) and mean lost chunks agree with the closed form over T seeds', () => {
    // λ per set = 30,000 / C(300, 3) ≈ 0.0067: the paper's 1 − (1 − q)^K and the Poisson field's 1 − e^(−λ·C(f,3)) differ by < 0.003 here
    const r = expectAgrees('random', [0, 0, 0, 30_000], 10, T, 0.003);
    expect(r.expected).toBeCloseTo(30_000 * qInside(N_NODES, 10, 3), 9);
  });

  it('rack-aware placement (30 racks of 10): agrees over T seeds', () => {
    // whether F holds two servers of one rack moves P(loss) per trial; the paper's formula averages that away (gap allowance 0.01)
    expectAgrees('rack-aware', [0, 0, 0, 30_000], 10, T, 0.01);
  });

  it('copyset placement (scatter width 4, 200 copysets): agrees over T seeds, and loses far more rarely than random at the same f', () => {
    const c = expectAgrees('copyset', [0, 0, 0, 30_000], 30, T, 0.01);
    const rnd = whatIfReal(field('random', 1, [0, 0, 0, 30_000]), N_NODES, 30, 64e6);
    expect(rnd.pLoss).toBeGreaterThan(0.999);
    expect(c.closed).toBeLessThan(0.3);
    // the same expected loss: placement moves the chance, not the mean
    expect(c.expected).toBeCloseTo(rnd.expectedLostChunks, 6);
  });

  it('two replica counts at once (a share of files with 2 copies): agrees over T seeds', () => {
    expectAgrees('random', [0, 0, 300, 20_000], 8, T, 0.005);
  });

  it('same seed, same counts; a different seed, a different field', () => {
    const { ids: some, mark } = failedSet(new Rng(4, 4), 40);
    // with one whole copyset of seed 9's among the failed, so copyset placement loses something too
    const cs9 = field('copyset', 9, [0, 0, 0, 3_000_000]).copysetEntries(3)!;
    for (const n of cs9.members.subarray(0, 3)) mark[n] = 1;
    const ids = Int32Array.from(mark.reduce<number[]>((a, m, i) => (m ? [...a, i] : a), []));
    expect(ids.length).toBeGreaterThanOrEqual(some.length);
    for (const policy of ['random', 'rack-aware', 'copyset'] as const) {
      const a = field(policy, 9, [0, 0, 0, 3_000_000]).lossInside(ids, mark);
      const b = field(policy, 9, [0, 0, 0, 3_000_000]).lossInside(ids, mark);
      expect(b).toEqual(a);
      expect(a.perSet).toBe(true);
      expect(a.lost).toBeGreaterThan(0);
      const other = field(policy, 10, [0, 0, 0, 3_000_000]).lossInside(ids, mark);
      expect(other.lost).not.toBe(a.lost);
    }
  });

  it('past the enumeration bound one summed draw keeps the mean', () => {
    const fl = field('random', 3, [0, 0, 0, 30_000]);
    const all = Int32Array.from({ length: N_NODES }, (_, i) => i);
    const mark = new Uint8Array(N_NODES).fill(1);
    const res = fl.lossInside(all, mark); // C(300, 3) = 4.46 M sets > 250 k: summed
    expect(res.perSet).toBe(false);
    expect(Math.abs(res.lost - 30_000)).toBeLessThan(4.5 * Math.sqrt(30_000));
  });
});

describe('real chunks in the engine', () => {
  const quiet = {
    'cluster.nodes': 400,
    'storage.chunks': 20_000,
    'faults.nodeMtbfHours': 1e9,
    'faults.diskFailureMultiplier': 0,
  };
  const engine = (params: Record<string, number | string>, seed = 1) =>
    new Engine({ ...defaultScenario(), seed, params: { ...quiet, ...params } as Record<string, number> });

  it('counts real chunks at the real data volume, and servers lost at one instant lose exactly what the field counts for them', () => {
    for (const placement of ['random', 'rack-aware', 'copyset']) {
      const e = engine({ 'storage.placement': placement });
      const p = e.pangu;
      // 400 × 12 disks × 2 TB × 0.6 full ÷ 3 copies ÷ 64 MB
      expect(p.realChunks).toBe(p.chunksPerGroup * 20_000);
      expect(Math.abs(p.realChunks - (400 * 12 * 2e12 * 0.6) / 3 / 64e6) / p.realChunks).toBeLessThan(0.01);
      e.runUntil(60_000);
      e.perturb('fail-random-nodes', { count: 30 });
      const gone = Int32Array.from(e.servers.truth.reduce<number[]>((a, s, i) => (s === 4 ? [...a, i] : a), []));
      expect(gone.length).toBe(30);
      const mark = new Uint8Array(400);
      for (const n of gone) mark[n] = 1;
      const want = p.sets.lossInside(gone, mark).lost;
      const s = e.summary(0);
      expect(s.storage).toMatchObject({ lostChunks: want, lostBytes: want * 64e6 });
      expect(s.cluster.chunks).toBe(p.realChunks);
      expect(e.frame().storage.lostChunks).toBe(want);
      if (placement === 'random') expect(want).toBeGreaterThan(0);
    }
  });

  it('sequential failures: the same scenario gives the same counts and hash; recovery in between lowers the loss', () => {
    // every disk of 3 servers fails, 1 s apart or 10 min apart (time to re-create a server's data first)
    const run = (gapMs: number) => {
      const e = engine(
        { 'cluster.nodes': 200, 'storage.placement': 'random', 'storage.chunks': 10_000, 'storage.diskFill': 0.05, 'recovery.outDelayMs': 0 },
        3,
      );
      e.runUntil(60_000);
      for (let n = 0; n < 3; n++) {
        for (let d = 0; d < 12; d++) e.perturb('disk-fail', { disk: (n * 31 + 7) * 12 + d });
        e.runUntil(e.now + gapMs);
      }
      return { lost: e.pangu.realLoss.lost, hash: e.hash(), events: e.pangu.realLoss.events, groups: e.pangu.table.underReplicated };
    };
    const a = run(1000);
    expect(run(1000)).toEqual(a);
    expect(a.events).toBe(36);
    expect(a.lost).toBeGreaterThan(0); // seed 3: the one triple of the three servers held chunks (λ ≈ 0.95)
    const slow = run(10 * 60_000);
    expect(slow.groups).toBe(0); // all re-created: nothing of the first two servers was left when the third went
    expect(slow.lost).toBeLessThanOrEqual(a.lost);
    expect(slow.lost).toBe(0);
  });
});
