import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { copysetSets, pAnyLoss, qAllInFailed } from '../../../worker/engine/pangu/whatIf';
import { placementViolations, verifyTable } from './verify';

const MIN = 60_000;
const quiet = {
  'cluster.nodes': 400,
  'storage.chunks': 50_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'recovery.outDelayMs': 0,
};
const engine = (params: Record<string, number | string | boolean> = {}) => new Engine({ ...defaultScenario(), params: { ...quiet, ...params } });
const runToFull = (e: Engine, limitMs: number) => {
  const end = e.now + limitMs;
  while (e.now < end && (e.pangu.table.underReplicated > 0 || e.pangu.rereplication.copying > 0)) e.runUntil(e.now + MIN);
};

describe('placement policies', () => {
  it('rack-aware: no two replicas on one server or in one rack, also after re-replicating two racks', () => {
    // Two racks are 20 % of this small cluster: the guarded policy's circuit breaker and core-headroom rule (issue 4) are off here.
    const e = engine({ 'storage.chunks': 20_000, 'recovery.largeFailureShare': 1, 'recovery.largeBacklogShare': 1, 'recovery.coreHeadroomUtil': 10 });
    const { table: t } = e.pangu;
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, true)).toBe(0);
    e.runUntil(MIN);
    e.perturb('rack-power-off', { rack: 2 });
    e.perturb('rack-power-off', { rack: 7 });
    e.runUntil(e.now + 3 * MIN);
    expect(t.underReplicated).toBeGreaterThan(0);
    runToFull(e, 24 * 60 * MIN);
    expect(t.underReplicated).toBe(0);
    expect(e.pangu.rereplication.completed).toBeGreaterThan(400);
    // Every slot, counted or not, respects the rule.
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, true)).toBe(0);
    expect(verifyTable(t)).toEqual([]);
  });

  it('random: distinct servers, but racks repeat', () => {
    const e = engine({ 'storage.placement': 'random' });
    const t = e.pangu.table;
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, false)).toBe(0);
    // 10 racks, 3 replicas: most chunks would share a rack by chance.
    expect(placementViolations(t, e.topo.disksPerNode, e.topo.rackOf, true)).toBeGreaterThan(10_000);
  });

  it('copyset: replica sets come from the copysets, far fewer distinct sets than random', () => {
    const cs = engine({ 'storage.placement': 'copyset', 'storage.scatterWidth': 4 });
    const rnd = engine({ 'storage.placement': 'random' });
    const ra = engine();
    const kc = cs.pangu.replicaSets().sets[3];
    const kr = rnd.pangu.replicaSets().sets[3];
    const ka = ra.pangu.replicaSets().sets[3];
    expect(placementViolations(cs.pangu.table, 12, cs.topo.rackOf, false)).toBe(0);
    // K for copysets is bounded by (S/(R−1))·(N/R) = 2 · 133 (the paper's formula)
    expect(kc).toBeLessThanOrEqual(Math.ceil(copysetSets(400, 3, 4)));
    expect(kr).toBeGreaterThan(40_000);
    expect(ka).toBeGreaterThan(40_000);
    // so P(loss) when 2 % of servers fail is far lower
    expect(cs.pangu.whatIf(8).pLoss).toBeLessThan(rnd.pangu.whatIf(8).pLoss / 5);
  });

  it('copyset placement is also used for new replicas while the copyset has room', () => {
    const e = engine({ 'storage.placement': 'copyset', 'storage.scatterWidth': 4 });
    const before = e.pangu.replicaSets().sets[3];
    e.runUntil(MIN);
    e.perturb('disk-fail', { disk: 500 });
    runToFull(e, 6 * 60 * MIN);
    expect(e.pangu.table.underReplicated).toBe(0);
    // a failed disk does not take its server out of the copysets: targets stay inside them
    expect(e.pangu.replicaSets().sets[3]).toBeLessThanOrEqual(before + 2);
    expect(placementViolations(e.pangu.table, 12, e.topo.rackOf, false)).toBe(0);
  });

  it('the placement can be switched live; new replicas follow the new policy', () => {
    const e = engine({ 'storage.placement': 'random' });
    e.runUntil(MIN);
    const before = e.pangu.table.slotDisk.slice();
    e.perturb('set', { path: 'storage.placement', value: 'rack-aware' });
    e.perturb('fail-random-nodes', { count: 2 });
    e.runUntil(e.now + 3 * MIN);
    runToFull(e, 12 * 60 * MIN);
    const r = e.pangu.rereplication.completed;
    expect(r).toBeGreaterThan(100);
    expect(placementViolations(e.pangu.table, 12, e.topo.rackOf, false)).toBe(0);
    // each new replica sits in a rack holding no other copy of its chunk
    const t = e.pangu.table;
    const rackOfDisk = (d: number) => e.topo.rackOf[(d / 12) | 0];
    let checked = 0;
    for (let i = 0; i < t.slotDisk.length; i++) {
      const d = t.slotDisk[i];
      if (d < 0 || d === before[i]) continue;
      const c = (i / t.slots) | 0;
      for (let s = 0; s < t.slots; s++) {
        const o = t.slotDisk[c * t.slots + s];
        if (o >= 0 && c * t.slots + s !== i) expect(rackOfDisk(o)).not.toBe(rackOfDisk(d));
      }
      checked++;
    }
    expect(checked).toBe(r);
  });
});

describe('what-if loss analysis (Copysets formula)', () => {
  it('q, P(loss) and expected loss follow the formula and agree with trials', () => {
    expect(qAllInFailed(5000, 50, 3)).toBeCloseTo((50 * 49 * 48) / (5000 * 4999 * 4998), 15);
    expect(pAnyLoss(1e-6, 1e6)).toBeCloseTo(1 - Math.exp(-1), 6);
    const e = engine({ 'storage.placement': 'random' });
    const w = e.pangu.whatIf(40);
    // in real chunks (50,000 groups × chunksPerGroup), with the expected distinct sets of the replica-set field
    const real = e.pangu.realChunks;
    expect(real).toBe(50_000 * e.pangu.chunksPerGroup);
    expect(w.byReplicas).toEqual([{ r: 3, chunks: real, sets: w.sets, q: qAllInFailed(400, 40, 3) }]);
    expect(w.expectedLostChunks).toBeCloseTo(real * qAllInFailed(400, 40, 3), 6);
    expect(w.pLoss).toBeCloseTo(pAnyLoss(qAllInFailed(400, 40, 3), w.sets), 9);
    const trials = e.pangu.whatIfTrials(40, 60, 9);
    // mean of 60 trials within a few standard errors of the expectation (≈ 28,000 chunks)
    expect(trials.meanLost).toBeGreaterThan(w.expectedLostChunks * 0.8);
    expect(trials.meanLost).toBeLessThan(w.expectedLostChunks * 1.2);
    expect(e.hash()).toBe(engine({ 'storage.placement': 'random' }).hash()); // read-only
  });

  it('a fail-random-nodes run loses about what the formula expects', () => {
    let lost = 0,
      expected = 0;
    for (const seed of [1, 2, 3, 4]) {
      const e = new Engine({ ...defaultScenario(), seed, params: { ...quiet, 'storage.placement': 'random' } });
      expected += e.pangu.whatIf(40).expectedLostChunks;
      e.perturb('fail-random-nodes', { count: 40 });
      lost += e.pangu.realLoss.lost;
    }
    expect(lost).toBeGreaterThan(expected * 0.7);
    expect(lost).toBeLessThan(expected * 1.3);
  });
});
