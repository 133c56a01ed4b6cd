// The scheduler view's pure helpers (timeline rows, threshold line, histogram
// statistics, live parameter values), the rack view's scheduler mode and
// blacklist marks, the sched.* log phrases, and the worker's slowdown tally.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JobDetail } from '../../worker/api';
import { BLACKLIST_BIT, SLOW_BIT } from '../../worker/contract';
import { SLOWDOWN_EDGES, slowdownBin, slowdownTally } from '../../worker/engine/fuxi/views';
import { computeLayout, drawRacks, type RackFrame } from '../../src/views/rackView';
import { FALSE_BLACKLIST_RING, LOAD_DOWN_FILL, SCHED_LEVEL_FILL, TRUTH_INK } from '../../src/lib/palette';
import { phraseLog, registerPhrases, type Lang } from '../../src/lib/i18n';
import { PHRASES, STRINGS } from '../../src/views/scheduler/strings';
import {
  barKind,
  binLabel,
  clampThreshold,
  fmtSpan,
  fmtX,
  histStats,
  minuteTicks,
  quantile,
  thresholdPath,
  timelineRows,
} from '../../src/views/scheduler/model';
import { fuxiEngine, MIN } from '../engine/fuxi/helpers';

type Inst = JobDetail['instances'][number];
const inst = (o: Partial<Inst> & { index: number }): Inst => ({
  state: 'done',
  node: o.index,
  rack: 0,
  start: 0,
  end: 600_000,
  expectedEnd: null,
  speed: 1,
  straggler: false,
  backup: false,
  rackLocal: true,
  twin: null,
  ...o,
});
function job(instances: Inst[], o: Partial<JobDetail> = {}): JobDetail {
  return {
    id: 7,
    group: 0,
    state: 'running',
    tasks: instances.length,
    done: 0,
    running: 0,
    pending: 0,
    progress: 0,
    arrivedAt: 0,
    ageMs: 0,
    idealMs: 600_000,
    inputRack: -1,
    stragglers: 0,
    backups: 0,
    slowServers: [],
    meanRunMs: 600_000,
    slowThresholdMs: 1_800_000,
    finishedAt: null,
    slowdown: null,
    instances,
    ...o,
  };
}

describe('timeline rows', () => {
  it('puts each backup right under the attempt it backs up, and classifies bars', () => {
    const j = job([
      inst({ index: 0 }),
      inst({ index: 1, state: 'running', end: null, expectedEnd: 6_000_000, straggler: true, twin: 3 }),
      inst({ index: 2 }),
      inst({ index: 3, state: 'running', start: 1_800_000, end: null, expectedEnd: 2_400_000, backup: true, twin: 1 }),
      inst({ index: 4, state: 'killed', start: 100_000, end: 500_000 }),
      inst({ index: 5, state: 'lost', end: null }),
    ]);
    const tl = timelineRows(j, 2_000_000);
    expect(tl.rows.map((r) => r.index)).toEqual([0, 1, 3, 2, 4, 5]);
    expect(tl.rows.map((r) => r.kind)).toEqual(['done', 'straggler', 'backup', 'done', 'killed', 'lost']);
    // running bars end now; the straggler's expected end (6,000 s) is clipped to twice the elapsed span
    const s = tl.rows[1];
    expect(s.x1).toBe(2_000_000);
    expect(tl.t1).toBe(4_000_000);
    expect(s.expected).toBe(4_000_000);
    expect(s.clipped).toBe(true);
    expect(tl.rows[2].clipped).toBe(false);
    // ratios to the mean, threshold per row = start + threshold
    expect(tl.rows[0].ratio).toBeCloseTo(1);
    expect(s.ratio).toBeCloseTo(2_000_000 / 600_000);
    expect(tl.rows[2].threshold).toBe(1_800_000 + 1_800_000);
  });
  it('caps the number of rows and says how many are hidden', () => {
    const tl = timelineRows(job(Array.from({ length: 100 }, (_, k) => inst({ index: k }))), 1_000_000, 80);
    expect(tl.rows).toHaveLength(80);
    expect(tl.hidden).toBe(20);
  });
  it('has no ratio or threshold while the mean is unknown', () => {
    const tl = timelineRows(
      job([inst({ index: 0, state: 'running', end: null, expectedEnd: 900_000 })], { meanRunMs: 0, slowThresholdMs: null }),
      100_000,
    );
    expect(tl.rows[0].ratio).toBeNull();
    expect(tl.rows[0].threshold).toBeNull();
    expect(
      thresholdPath(
        tl.rows,
        (t) => t,
        (k) => k * 10,
        10,
      ),
    ).toBe('');
  });
  it('draws the threshold as one stepped line through the rows', () => {
    const tl = timelineRows(job([inst({ index: 0, start: 0 }), inst({ index: 1, start: 100 })], { slowThresholdMs: 1000 }), 2000);
    expect(
      thresholdPath(
        tl.rows,
        (t) => t / 10,
        (k) => k * 20,
        20,
        20,
      ),
    ).toBe('M100,0V20H110V40');
    expect(
      thresholdPath(
        tl.rows,
        (t) => t / 10,
        (k) => k * 20,
        20,
        5,
      ),
    ).toBe('M100,0V20M110,20V40');
  });
  it('a backup that straggles is shown as a straggler', () => {
    expect(barKind(inst({ index: 0, backup: true, straggler: true }))).toBe('straggler');
  });
});

describe('slowdown histograms', () => {
  const edges = SLOWDOWN_EDGES;
  it('bins on a log scale with open ends', () => {
    expect(edges[0]).toBeCloseTo(0.5);
    expect(edges[3]).toBeCloseTo(1);
    expect(edges[edges.length - 1]).toBeCloseTo(32);
    expect(slowdownBin(0.1)).toBe(0);
    expect(slowdownBin(1)).toBe(4);
    expect(slowdownBin(0.99)).toBe(3);
    expect(slowdownBin(1000)).toBe(edges.length);
    expect(binLabel(edges, 0)).toBe('<0.5');
    expect(binLabel(edges, edges.length)).toBe('≥32');
    expect(binLabel(edges, 4)).toBe('1–1.3');
  });
  it('median and 90th percentile interpolate inside a bin; empty is NaN', () => {
    const bins = new Array(edges.length + 1).fill(0);
    bins[slowdownBin(1.1)] = 90; // [1, 1.26)
    bins[slowdownBin(5)] = 10; // [5.04..)? → some bin above 4
    const h = { n: 100, sum: 90 * 1.1 + 10 * 5, max: 5, bins };
    const s = histStats(h, edges);
    expect(s.median).toBeGreaterThanOrEqual(1);
    expect(s.median).toBeLessThan(edges[4]);
    expect(s.p90).toBeLessThanOrEqual(edges[4] + 1e-9);
    expect(quantile(h, edges, 0.95)).toBeGreaterThan(4);
    expect(s.mean).toBeCloseTo(1.49);
    expect(s.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(histStats({ n: 0, sum: 0, max: 0, bins: bins.map(() => 0) }, edges).median).toBeNaN();
  });
});

describe('small formatters and parameters', () => {
  it('formats factors and spans', () => {
    expect(fmtX(0.634)).toBe('0.63');
    expect(fmtX(2.345)).toBe('2.3');
    expect(fmtX(12.6)).toBe('13');
    expect(fmtX(NaN)).toBe('–');
    expect(fmtSpan(65_000)).toBe('1:05');
    expect(fmtSpan(3_725_000)).toBe('1:02:05');
  });
  it('puts axis ticks on round minutes, no more than asked', () => {
    expect(minuteTicks(60 * 60_000, 7)).toEqual([0, 10, 20, 30, 40, 50, 60].map((m) => m * 60_000));
    expect(minuteTicks(4 * 60_000, 10)).toEqual([0, 1, 2, 3, 4].map((m) => m * 60_000));
    expect(minuteTicks(95 * 60_000, 4).length).toBeLessThanOrEqual(5);
  });
  it('clamps the threshold slider to 1.5–10 in halves', () => {
    expect(clampThreshold(1.1)).toBe(1.5);
    expect(clampThreshold(3.2)).toBe(3);
    expect(clampThreshold(99)).toBe(10);
    expect(clampThreshold(NaN)).toBe(3);
  });
});

describe('rack view: scheduler mode and the blacklist mark', () => {
  function frame(nodes = 400, perRack = 40): RackFrame & { scheduler: { nodeAlloc: Uint8Array } } {
    const racks = Math.ceil(nodes / perRack);
    return {
      nodes,
      racks,
      nodesPerRack: perRack,
      nodeState: new Uint8Array(nodes),
      nodeLoad: new Uint8Array(nodes),
      rackFlags: new Uint8Array(racks),
      scheduler: { nodeAlloc: new Uint8Array(nodes) },
    };
  }
  function recorder() {
    const ops: { op: string; style: string; rects: number }[] = [];
    let rects = 0;
    const ctx = {
      canvas: { width: 800, height: 600 },
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      font: '',
      textBaseline: '',
      setTransform() {},
      fillRect() {},
      strokeRect() {},
      moveTo() {},
      lineTo() {},
      save() {},
      restore() {},
      clip() {},
      fillText() {},
      beginPath() {
        rects = 0;
      },
      rect() {
        rects++;
      },
      closePath() {
        rects++;
      },
      fill() {
        ops.push({ op: 'fill', style: String(ctx.fillStyle), rects });
      },
      stroke() {
        ops.push({ op: 'stroke', style: String(ctx.strokeStyle), rects });
      },
    };
    return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
  }
  const opts = { transform: { x: 0, y: 0, k: 1 }, dpr: 1, focus: -1, focusRack: -1, labels: false };

  it('colours servers by cores in use, down servers apart', () => {
    const f = frame();
    f.scheduler.nodeAlloc.fill(255);
    f.scheduler.nodeAlloc[0] = 0;
    f.nodeState[1] = 2; // crashed
    const { ctx, ops } = recorder();
    expect(drawRacks(ctx, f, computeLayout(400, 10, 40, 800, 600), { ...opts, mode: 'scheduler' })).toBe(400);
    const fills = ops.filter((o) => o.op === 'fill');
    expect(fills.find((o) => o.style === SCHED_LEVEL_FILL[SCHED_LEVEL_FILL.length - 1])?.rects).toBe(398);
    expect(fills.find((o) => o.style === SCHED_LEVEL_FILL[0])?.rects).toBe(1);
    expect(fills.find((o) => o.style === LOAD_DOWN_FILL)?.rects).toBe(1);
  });
  for (const mode of ['state', 'load', 'scheduler'] as const) {
    it(`marks blacklisted servers in ${mode} mode, and rings only the healthy ones`, () => {
      const f = frame();
      f.nodeState[3] = BLACKLIST_BIT; // healthy, blacklisted: falsely
      f.nodeState[4] = BLACKLIST_BIT | SLOW_BIT; // truly slow
      f.nodeState[5] = BLACKLIST_BIT | 2; // crashed while blacklisted: not false
      const { ctx, ops } = recorder();
      drawRacks(ctx, f, computeLayout(400, 10, 40, 800, 600), { ...opts, mode });
      // bars: one fill per ink batch; three servers in total
      const marks = ops.filter((o) => o.op === 'fill' && (TRUTH_INK as readonly string[]).concat(['#FFFFFF', '#000000']).includes(o.style));
      expect(marks.reduce((a, o) => a + o.rects, 0)).toBeGreaterThanOrEqual(3 + 1); // 3 bars + 1 slow flag
      const rings = ops.filter((o) => o.op === 'stroke' && o.style === FALSE_BLACKLIST_RING);
      expect(rings.reduce((a, o) => a + o.rects, 0)).toBe(1);
    });
  }
});

describe('sched.* log phrases', () => {
  const dir = fileURLToPath(new URL('../../worker/engine/fuxi', import.meta.url));
  registerPhrases(PHRASES);
  const codes = new Set<string>();
  for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(sched\.[A-Za-z]+)'/g)) codes.add(m[1]);
  it('finds the scheduler’s codes in its source', () => {
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'sched.blacklisted',
        'sched.falselyBlacklisted',
        'sched.masterBack',
        'sched.masterFail',
        'sched.released',
        'sched.rerun',
        'sched.lostReported',
        'sched.healthBlacklisted',
        'sched.healthFalselyBlacklisted',
        'sched.healthLifted',
      ]),
    );
  });
  it('has a phrase for every code in both languages, with the server and values as text', () => {
    for (const lang of ['en', 'zh'] as Lang[])
      for (const code of codes) {
        expect(PHRASES[lang][code], `${lang} ${code}`).toBeTypeOf('function');
        const s = phraseLog(lang, { seq: 0, t: 0, code, node: 1234, rack: 30, v: 10_000 });
        expect(s).not.toContain(code);
        expect(s).not.toContain('undefined');
      }
    expect(phraseLog('en', { seq: 0, t: 0, code: 'sched.falselyBlacklisted', node: 7, rack: 0, v: 3 })).toContain('#7');
    expect(phraseLog('zh', { seq: 0, t: 0, code: 'sched.masterFail', v: 10_000 })).toContain('10');
  });
  it('the view dictionary has every key in both languages', () => {
    expect(Object.keys(STRINGS.zh).sort()).toEqual(Object.keys(STRINGS.en).sort());
    for (const v of Object.values(STRINGS.zh)) expect(v.length).toBeGreaterThan(0);
  });
});

describe('slowdown tally (worker)', () => {
  it('counts finished jobs by handling on / off for their whole life; a job that saw the change counts as mixed', () => {
    const e = fuxiEngine({ 'scheduler.jobsPerServerHour': 6 });
    const tally = slowdownTally(e);
    expect(slowdownTally(e)).toBe(tally); // attached once
    let total = 0;
    const arrivals: { at: number; done: number }[] = [];
    e.fuxi.jobTaps.push((_id, at) => {
      total++;
      arrivals.push({ at, done: e.now });
    });
    e.runUntil(30 * MIN);
    const a = tally.view();
    expect(a.handling).toBe(true);
    expect(a.on.n).toBe(total);
    expect(a.off.n).toBe(0);
    expect(a.on.bins.reduce((x, y) => x + y, 0)).toBe(a.on.n);
    e.perturb('set', { path: 'scheduler.slowDetection', value: false });
    const changedAt = e.now;
    expect(tally.view().since).toBe(changedAt); // asking notices the change at once
    e.runUntil(100 * MIN);
    const b = tally.view();
    expect(b.handling).toBe(false);
    expect(b.since).not.toBeNull();
    expect(b.on.n + b.off.n + b.mixed).toBe(total);
    // jobs that arrived before the change and finished after it are never "off"
    const straddling = arrivals.filter((x) => x.at < changedAt && x.done >= changedAt).length;
    expect(straddling).toBeGreaterThan(0);
    expect(b.mixed).toBe(straddling);
    expect(b.off.n).toBe(total - a.on.n - straddling);
    expect(b.off.n).toBeGreaterThan(0);
  });
});
