// The storage and storm views' pure helpers: replica classes, the rack strip's
// layout and hit test (inverse of drawing), the spread matrix's statistics and log
// colour scale, the storm loop's stages and arrows, backup periods, forked scenarios.
import { describe, expect, it } from 'vitest';
import {
  drawStrip,
  heatColour,
  logPos,
  matrixHit,
  replicaClass,
  spreadPixels,
  spreadRgb,
  spreadStats,
  stripCell,
  stripHit,
  stripLayout,
} from '../../src/views/storage/storageDraw';
import { chartPoints, formatProb, formatSpan, peakSince } from '../../src/views/storage/chartData';
import { backupBands, forkScenario, litArrows, loopClosed, loopStages, type LoopInput } from '../../src/views/storm/stormLoop';
import { STORAGE_PHRASES } from '../../src/views/storage/strings';
import { phraseLog } from '../../src/lib/i18n';
import { defaultScenario, parseScenario } from '../../worker/scenario/schema';
import { replicaSpread } from '../../worker/engine/pangu/inspect';
import { Engine } from '../../worker/engine/engine';

describe('replica classes', () => {
  it('tell destroyed, unreachable, written off and fine apart', () => {
    expect(replicaClass({ exists: false, reachable: false, counted: false })).toBe('gone');
    expect(replicaClass({ exists: true, reachable: false, counted: true })).toBe('unreachable');
    expect(replicaClass({ exists: true, reachable: true, counted: false })).toBe('writtenOff');
    expect(replicaClass({ exists: true, reachable: true, counted: true })).toBe('ok');
  });
});

describe('rack strip', () => {
  for (const [w, h] of [
    [900, 200],
    [1400, 300],
    [500, 130],
  ]) {
    it(`fits all 5,000 servers in ${w}×${h} and hit-tests each cell centre back to its server`, () => {
      const l = stripLayout(5000, 125, 40, w, h);
      expect(l.cell).toBeGreaterThanOrEqual(2);
      for (let n = 0; n < 5000; n += 7) {
        const c = stripCell(l, n);
        expect(c.x).toBeGreaterThanOrEqual(0);
        expect(c.y).toBeGreaterThanOrEqual(0);
        expect(c.x + c.size).toBeLessThanOrEqual(w + 0.01);
        expect(c.y + c.size).toBeLessThanOrEqual(h + 0.01);
        expect(stripHit(l, c.x + c.size / 2, c.y + c.size / 2)).toBe(n);
      }
      // Gaps and margins hit nothing.
      expect(stripHit(l, 1, 1)).toBe(-1);
    });
  }

  it('draws every server once and a ring per replica', () => {
    const l = stripLayout(400, 10, 40, 600, 150);
    let rects = 0,
      arcs = 0,
      fills = 0;
    const ctx = {
      canvas: { width: 600, height: 150 },
      setTransform() {},
      fillRect() {},
      strokeRect() {},
      beginPath() {},
      fillText() {},
      stroke() {},
      rect() {
        rects++;
      },
      arc() {
        arcs++;
      },
      fill() {
        fills++;
      },
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      font: '',
      textBaseline: '',
      textAlign: '',
    } as unknown as CanvasRenderingContext2D;
    const state = new Uint8Array(400);
    state[5] = 2; // crashed
    const heat = new Uint32Array(10);
    heat[3] = 9;
    const drawn = drawStrip(ctx, state, l, {
      dpr: 1,
      marks: [
        { node: 1, colour: '#000' },
        { node: 90, colour: '#111' },
      ],
      heat,
      selected: 3,
      hover: -1,
    });
    expect(drawn).toBe(400);
    expect(rects).toBe(400);
    expect(arcs).toBe(2);
    expect(fills).toBeGreaterThanOrEqual(3); // quiet grey, rack 3's heat, crashed, + markers
  });

  it('heat is null at zero and darkens with the count', () => {
    expect(heatColour(0, 10)).toBeNull();
    const lum = (c: string) =>
      c
        .match(/\d+/g)!
        .map(Number)
        .reduce((a, b) => a + b, 0);
    expect(lum(heatColour(10, 10)!)).toBeLessThan(lum(heatColour(1, 10)!));
  });
});

describe('spread matrix', () => {
  it('log scale: 1 → 0, max → 1, monotone, zero drawn as background', () => {
    expect(logPos(1, 1000)).toBe(0);
    expect(logPos(1000, 1000)).toBe(1);
    expect(logPos(10, 1000)).toBeCloseTo(1 / 3, 6);
    expect(spreadRgb(0, 1000)).toEqual([0xfb, 0xfb, 0xf8]);
    expect(spreadRgb(1000, 1000)).not.toEqual(spreadRgb(10, 1000));
    expect(matrixHit(250, 125, 3, 249)).toEqual({ a: 124, b: 1 });
    expect(matrixHit(250, 125, 250, 0)).toBeNull();
  });

  it('rack-aware has no same-rack pairs, random has some; copyset leaves rack pairs unused', () => {
    const stats = (placement: string) => {
      const e = new Engine(parseScenario({ params: { 'cluster.nodes': 400, 'storage.chunks': 20_000, 'storage.placement': placement } }));
      const m = replicaSpread(e.pangu);
      const px = spreadPixels(m.matrix, m.racks, spreadStats(m.matrix, m.racks).max);
      expect(px.length).toBe(m.racks * m.racks * 4);
      return spreadStats(m.matrix, m.racks);
    };
    const ra = stats('rack-aware'),
      rnd = stats('random'),
      cs = stats('copyset');
    expect(ra.sameRack).toBe(0);
    expect(ra.pairs).toBe(60_000);
    expect(rnd.sameRack).toBeGreaterThan(0);
    expect(Number.isInteger(rnd.sameRack)).toBe(true);
    expect(rnd.pairs).toBe(60_000);
    expect(cs.rackPairsUsed).toBeLessThanOrEqual(ra.rackPairsUsed);
  });
});

describe('chart data and formats', () => {
  it('crops to a start time and finds peaks', () => {
    const t = new Float64Array([0, 10, 20, 30]);
    const v = new Float32Array([9, 1, 5, 2]);
    const p = chartPoints(t, [v], 15);
    expect(p.idx).toEqual([2, 3]);
    expect(p.max).toBe(5);
    expect(p.last[0]).toBe(2);
    expect(peakSince(t, v, 15)).toBe(5);
    expect(peakSince(t, v)).toBe(9);
  });
  it('formats probabilities and spans readably', () => {
    expect(formatProb(0.6099)).toBe('61 %');
    expect(formatProb(0.0078)).toBe('0.78 %');
    expect(formatProb(0)).toBe('0 %');
    expect(formatSpan(95_000)).toBe('1.6 min');
    expect(formatSpan(Infinity)).toBe('∞');
  });
});

describe('storm loop', () => {
  const calm: LoopInput = {
    nodes: 5000,
    coreUtil: 0.45,
    maxUplinkUtil: 0.3,
    onBackup: false,
    suspect: 0,
    believedDead: 2,
    falselyDead: 0,
    demandGbps: 0,
    deliveredGbps: 0,
    capacityGbps: 6250,
    lossKnee: 0.85,
  };
  it('is open and dark on a calm cluster', () => {
    const s = loopStages(calm);
    expect(s.map((x) => x.active)).toEqual([false, false, false, false]);
    expect(loopClosed(s)).toBe(false);
    expect(litArrows(s)).toEqual([false, false, false, false]);
  });
  it('closes when all four stages are lit, arrows lighting between lit neighbours', () => {
    const storm = {
      ...calm,
      onBackup: true,
      coreUtil: 2.5,
      suspect: 40,
      falselyDead: 300,
      believedDead: 302,
      demandGbps: 500,
      deliveredGbps: 60,
      capacityGbps: 625,
    };
    const s = loopStages(storm);
    expect(s.every((x) => x.active)).toBe(true);
    expect(loopClosed(s)).toBe(true);
    expect(litArrows(s)).toEqual([true, true, true, true]);
    const half = loopStages({ ...storm, falselyDead: 0, suspect: 0, demandGbps: 0, deliveredGbps: 0 });
    expect(half.map((x) => x.active)).toEqual([true, false, false, false]);
    expect(litArrows(half)).toEqual([false, false, false, false]);
    expect(s[0].level).toBeGreaterThan(half[0].level - 1e-9);
  });
  it('backup periods come from the timeline, an open one ending now', () => {
    const tl = [
      { t: 100, action: 'network-maintenance', args: {} },
      { t: 300, action: 'network-restore', args: {} },
      { t: 500, action: 'network-maintenance', args: {} },
      { t: 900, action: 'network-restore', args: {} },
    ];
    expect(backupBands(tl, 700)).toEqual([
      [100, 300],
      [500, 700],
    ]);
    expect(backupBands(tl, 1000)).toEqual([
      [100, 300],
      [500, 900],
    ]);
  });
  it('a fork adds set recovery.policy at t, in time order, and stays a valid scenario', () => {
    const tl = [
      { t: 60_000, action: 'network-maintenance', args: {} },
      { t: 600_000, action: 'network-restore', args: {} },
    ];
    const s = forkScenario(defaultScenario(), tl, 120_000, 'naive');
    expect(s.timeline.map((e) => e.t)).toEqual([60_000, 120_000, 600_000]);
    expect(s.timeline[1]).toEqual({ t: 120_000, action: 'set', args: { path: 'recovery.policy', value: 'naive' } });
    expect(() => parseScenario(s)).not.toThrow();
  });
});

describe('log phrases', () => {
  it('phrase Pangu’s disk codes in both languages', () => {
    for (const code of Object.keys(STORAGE_PHRASES.en)) expect(Object.keys(STORAGE_PHRASES.zh)).toContain(code);
    const e = { seq: 1, t: 0, code: 'disk.offlined', disk: 7, node: 0, rack: 0, v: 12 };
    expect(phraseLog('en', e)).toBe('Disk 7 on server #0 taken offline; its 12 replicas are copied elsewhere');
    expect(phraseLog('zh', e)).toContain('磁盘 7');
  });
});
