// The compare view's pure model: the fork's scenario reproduces the run exactly (also
// right after a rewind), each side's actions since the fork, servers per rack by state,
// the key figures with B − A, shared chart tops, rack tiles, lockstep step sizes, and
// both languages.
import { describe, expect, it } from 'vitest';
import { SimApi } from '../../worker/api';
import type { TimelineEntry } from '../../worker/api';
import { defaultScenario } from '../../worker/scenario/schema';
import { BELIEF_SHIFT, RACK_TOR_DOWN } from '../../worker/contract';
import {
  actionsSinceFork,
  classTotals,
  figureRows,
  forkScenario,
  forkTimeline,
  formatFigure,
  NCLASS,
  pairStepFor,
  pairStepMs,
  RACK_CLASSES,
  rackShares,
  sharedTop,
  slowdownSince,
  tileAt,
  tileLayout,
  type FigureFrame,
} from '../../src/views/compare/model';
import { t, tw } from '../../src/views/compare/strings';

const MIN = 60_000;
// re-copying starts when a server is declared dead (no down→out wait), so a dark rack shows at once
const small = () => ({ ...defaultScenario(), name: 'compare-test', params: { 'cluster.nodes': 400, 'recovery.outDelayMs': 0 } });
const api = () => new SimApi({ now: () => 0, later: () => {} });

describe('the fork', () => {
  const tl: TimelineEntry[] = [
    { t: MIN, action: 'rack-power-off', args: { rack: 2 } },
    { t: 3 * MIN, action: 'network-maintenance', args: {} },
    { t: 5 * MIN, action: 'rack-power-on', args: { rack: 2 } },
  ];

  it('keeps the timeline up to now (before now right after a rewind) and copies it', () => {
    expect(forkTimeline(tl, 3 * MIN, false).map((e) => e.t)).toEqual([MIN, 3 * MIN]);
    expect(forkTimeline(tl, 3 * MIN, true).map((e) => e.t)).toEqual([MIN]);
    expect(forkTimeline(tl, 10 * MIN, false)).toHaveLength(3);
    const copy = forkTimeline(tl, MIN, false);
    (copy[0].args as Record<string, number>).rack = 9;
    expect(tl[0].args.rack).toBe(2);
    const sc = forkScenario({ ...small(), timeline: tl }, tl, 4 * MIN, false, 'B');
    expect(sc.name).toBe('compare-test-fork-B');
    expect(sc.timeline).toHaveLength(2);
    expect(actionsSinceFork([...sc.timeline, { t: 4 * MIN, action: 'dc-power-off', args: {} }], sc.timeline.length)).toEqual([
      { t: 4 * MIN, action: 'dc-power-off', args: {} },
    ]);
  });

  it('loaded to now, reproduces the main run’s state exactly; later the sides differ only by what was done to them', () => {
    const main = api();
    main.load({ scenario: { ...small(), timeline: tl.filter((e) => e.action !== 'network-maintenance') } });
    main.step(4 * MIN); // past a scripted action; the one at 5 min is the run's future
    main.perturb('fail-random-nodes', { count: 3 });
    main.step(30_000);
    const now = main.status().t;
    const base = main.scenario();
    const sides = (['A', 'B'] as const).map((id) => {
      const s = api();
      s.load({ scenario: forkScenario(base, base.timeline, now, false, id), until: now });
      return s;
    });
    expect(sides.map((s) => s.hash())).toEqual([main.hash(), main.hash()]);
    // the main run's scripted future (power back at 5 min) is not part of the fork
    expect(sides[0].scenario().timeline.some((e) => e.t > now)).toBe(false);
    sides[1].perturb('rack-power-off', { rack: 7 });
    for (const s of sides) s.step(3 * MIN);
    const [fa, fb] = sides.map((s) => s.frame());
    expect(fa.t).toBe(fb.t);
    expect(fb.storage.underReplicatedChunks).toBeGreaterThan(fa.storage.underReplicatedChunks);
    const rows = figureRows(fa, fb, null);
    const under = rows.find((r) => r.id === 'underReplicated')!;
    expect(under.worse).toBe('B');
    expect(under.diff).toBe(fb.storage.underReplicatedChunks - fa.storage.underReplicatedChunks);
  });

  it('right after a rewind, leaves out what is recorded at that moment (it has not happened yet)', () => {
    const main = api();
    main.load({ scenario: small() });
    main.step(2 * MIN);
    main.perturb('rack-power-off', { rack: 3 });
    main.step(2 * MIN);
    main.rewind(2 * MIN);
    const base = main.scenario();
    const fork = api();
    fork.load({ scenario: forkScenario(base, base.timeline, 2 * MIN, true, 'A'), until: 2 * MIN });
    expect(fork.hash()).toBe(main.hash());
    const wrong = api();
    wrong.load({ scenario: forkScenario(base, base.timeline, 2 * MIN, false, 'A'), until: 2 * MIN });
    expect(wrong.hash()).not.toBe(main.hash());
  });
});

describe('racks by state', () => {
  const st = (truth: number, belief: number) => truth | (belief << BELIEF_SHIFT);
  it('counts falsely dead, believed dead, unnoticed, booting and up per rack', () => {
    // 2 racks × 4 servers; rack 1's ToR is down, so its "dead" up server is cut off, not falsely dead
    const ns = new Uint8Array([st(0, 0), st(0, 2), st(2, 2), st(3, 0), st(1, 1), st(0, 2), st(0, 1), st(4, 2)]);
    const flags = new Uint8Array([0, RACK_TOR_DOWN]);
    const s = rackShares(ns, flags, 2, 4);
    const at = (r: number, c: (typeof RACK_CLASSES)[number]) => s[r * NCLASS + RACK_CLASSES.indexOf(c)];
    expect([at(0, 'up'), at(0, 'falselyDead'), at(0, 'believedDead'), at(0, 'undetected'), at(0, 'booting')]).toEqual([1, 1, 1, 1, 0]);
    expect([at(1, 'up'), at(1, 'falselyDead'), at(1, 'believedDead'), at(1, 'booting')]).toEqual([1, 0, 2, 1]);
    expect(classTotals(s).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('lays 125 racks out in tiles and finds the rack under a point', () => {
    const l = tileLayout(420, 125);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(125);
    expect(l.width).toBeLessThanOrEqual(420);
    expect(l.height).toBeLessThanOrEqual(110);
    expect(tileAt(l, 125, 1, 1)).toBe(0);
    expect(tileAt(l, 125, (l.w + l.gap) * 3 + 1, (l.h + l.gap) * 2 + 1)).toBe(2 * l.cols + 3);
    expect(tileAt(l, 125, l.w + 0.5, 1)).toBe(-1); // in the gap
    expect(tileAt(l, 125, l.width + 5, 1)).toBe(-1);
    expect(tileAt(l, 120, (l.w + l.gap) * 24 + 1, (l.h + l.gap) * 4 + 1)).toBe(-1); // past the last rack
  });
});

describe('figures', () => {
  const frame = (
    o: Partial<{ up: number; dead: number; under: number; gbps: number; jobs: number; mean: number; p99: number; lost: number }>,
  ): FigureFrame => ({
    nodes: 5000,
    coreUtil: 0.3,
    counts: { up: o.up ?? 5000, believedDead: o.dead ?? 0, falselyDead: 0 },
    storage: { underReplicatedChunks: o.under ?? 0, lostChunks: 0 },
    recovery: { deliveredGbps: o.gbps ?? 0 },
    scheduler: { counts: { jobsCompleted: o.jobs ?? 100, meanJobSlowdown: o.mean ?? 1.2 } },
    ops: { masterP99Ms: o.p99 ?? 20 },
    writes: { ackedLost: o.lost ?? 0 },
  });

  it('gives each figure for A and B, B − A and the worse side', () => {
    const rows = figureRows(frame({ up: 4990, dead: 10 }), frame({ up: 4950, dead: 50, under: 1234, p99: 20.2 }), null);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by.trulyDown.a).toBe(10);
    expect(by.trulyDown.b).toBe(50);
    expect(by.believedDead.diff).toBe(40);
    expect(by.underReplicated.worse).toBe('B');
    expect(by.masterP99.worse).toBeNull(); // 0.2 ms is rounding
    expect(by.coreUtil.worse).toBeNull();
    expect(figureRows(null, frame({}), null)[0].worse).toBeNull();
  });

  it('counts jobs’ slowdown since the fork, not over the whole run', () => {
    // 100 jobs at 1.2 before the fork, then 50 more averaging 3 → whole-run mean 1.8
    const fork = { jobsCompleted: 100, meanJobSlowdown: 1.2 };
    expect(slowdownSince({ jobsCompleted: 150, meanJobSlowdown: 1.8 }, fork)).toBeCloseTo(3, 6);
    expect(slowdownSince({ jobsCompleted: 100, meanJobSlowdown: 1.2 }, fork)).toBeNaN();
    const rows = figureRows(frame({ jobs: 150, mean: 1.8 }), frame({ jobs: 110, mean: 1.2 }), frame({ jobs: 100, mean: 1.2 }));
    const sd = rows.find((r) => r.id === 'jobSlowdown')!;
    expect(sd.a).toBeCloseTo(3, 6);
    expect(sd.b).toBeCloseTo(1.2, 6);
    expect(sd.worse).toBe('A');
  });

  it('formats figures and signed differences', () => {
    expect(formatFigure('count', 12345)).toBe('12,345');
    expect(formatFigure('count', -40, true)).toBe('−40');
    expect(formatFigure('count', 2_500_000, true)).toBe('+2.50 M');
    expect(formatFigure('gbps', 123.4)).toBe('123 Gb/s');
    expect(formatFigure('pct', 0.456)).toBe('46 %');
    expect(formatFigure('ratio', 1.5)).toBe('1.50×');
    expect(formatFigure('ms', 2500)).toBe('2.5 s');
    expect(formatFigure('ms', NaN)).toBe('–');
  });

  it('puts both sides’ charts on one scale: the top of either since the fork', () => {
    const f = (v: number[]) => ({ series: { t: new Float64Array([0, 10_000, 20_000]), series: { x: new Float32Array(v) } } });
    expect(sharedTop([f([900, 5, 7]), f([1, 2, 30])], ['x'], 10_000, 10)).toBe(30);
    expect(sharedTop([f([900, 5, 7]), null], ['x', 'missing'], 0, 10)).toBe(900);
    expect(sharedTop([f([1, 2, 3])], ['x'], 0, 10)).toBe(10);
  });
});

describe('lockstep', () => {
  it('steps both sides by speed × wall time, bounded, in whole ms', () => {
    expect(pairStepMs(60, 16)).toBe(960);
    expect(pairStepMs(3600, 2000)).toBe(900_000); // a stalled tick does not jump
    expect(pairStepMs(10, 0)).toBe(1);
    expect(pairStepFor(10)).toBe(10_000);
    expect(pairStepFor(3600)).toBe(600_000);
  });
});

describe('words', () => {
  it('has both languages with the same placeholders', () => {
    expect(t('en', 'forkHere', { t: '0d 00:10:00' })).toContain('0d 00:10:00');
    expect(t('zh', 'forkHere', { t: '0d 00:10:00' })).toContain('0d 00:10:00');
    expect(t('zh', 'share', { s: 'B' })).toContain('B');
    expect(tw('en', 'clsNames', 0)).toBe('falsely dead');
    expect(tw('zh', 'clsNames', RACK_CLASSES.length - 1)).toBe('运行中');
    expect(tw('en', 'policyNames', 2)).toBe('off');
  });
});
