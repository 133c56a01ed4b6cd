// The rack view's geometry and drawing, without a browser: layout fits, hit-testing
// inverts drawing, and a frame draws every server once with the right batches.
import { describe, expect, it } from 'vitest';
import { BELIEF_SHIFT, RACK_TOR_DOWN, SLOW_BIT } from '../../worker/contract';
import { cellRect, computeLayout, drawRacks, hitTest, rackOrigin, type RackFrame } from '../../src/views/rackView';
import { FALSE_DEAD_RING, TRUTH_FILL } from '../../src/lib/palette';
import { formatClock, stepMsFor } from '../../src/lib/format';
import { phraseLog, tr } from '../../src/lib/i18n';

function frame(nodes = 5000, perRack = 40): RackFrame {
  const racks = Math.ceil(nodes / perRack);
  return { nodes, racks, nodesPerRack: perRack, nodeState: new Uint8Array(nodes), nodeLoad: new Uint8Array(nodes), rackFlags: new Uint8Array(racks) };
}

/** A 2D context that records what is filled and stroked. */
function recorder(w = 1280, h = 720) {
  const ops: { op: string; style: string; rects: number }[] = [];
  let rects = 0;
  const ctx = {
    canvas: { width: w, height: h },
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    setTransform() {},
    fillRect() {},
    strokeRect() {},
    beginPath() {
      rects = 0;
    },
    rect() {
      rects++;
    },
    moveTo() {},
    lineTo() {},
    closePath() {
      rects++;
    },
    fill() {
      ops.push({ op: 'fill', style: String(ctx.fillStyle), rects });
    },
    stroke() {
      ops.push({ op: 'stroke', style: String(ctx.strokeStyle), rects });
    },
    save() {},
    restore() {},
    clip() {},
    fillText() {},
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

describe('computeLayout', () => {
  for (const [w, h] of [
    [935, 660],
    [1400, 960],
    [400, 300],
    [1920, 1080],
  ]) {
    it(`fits 125 racks × 40 in ${w}×${h}`, () => {
      const l = computeLayout(5000, 125, 40, w, h);
      const last = cellRect(l, 4999);
      expect(l.cell).toBeGreaterThanOrEqual(1);
      expect(l.ox).toBeGreaterThanOrEqual(0);
      expect(l.oy).toBeGreaterThanOrEqual(0);
      for (let r = 0; r < 125; r++) {
        const o = rackOrigin(l, r);
        expect(o.x + l.cols * l.cell).toBeLessThanOrEqual(w + 1e-9);
        expect(o.y + l.header + l.rows * l.cell).toBeLessThanOrEqual(h + 1e-9);
      }
      expect(last.x + last.size).toBeLessThanOrEqual(w);
    });
  }
  it('uses the space: cells at 1280×720 are at least 4 px', () => {
    expect(computeLayout(5000, 125, 40, 935, 650).cell).toBeGreaterThanOrEqual(4);
  });
});

describe('hitTest', () => {
  const l = computeLayout(5000, 125, 40, 935, 660);
  it('maps every cell centre back to its server, also zoomed and panned', () => {
    for (const t of [
      { x: 0, y: 0, k: 1 },
      { x: -300, y: -120, k: 3.5 },
    ]) {
      for (let n = 0; n < 5000; n += 37) {
        const c = cellRect(l, n);
        const px = t.x + (c.x + c.size / 2) * t.k,
          py = t.y + (c.y + c.size / 2) * t.k;
        expect(hitTest(l, t, px, py)).toEqual({ kind: 'node', node: n, rack: Math.floor(n / 40) });
      }
    }
  });
  it('finds rack headers and misses gaps', () => {
    const o = rackOrigin(l, 17);
    expect(hitTest(l, { x: 0, y: 0, k: 1 }, o.x + 2, o.y + 2)).toEqual({ kind: 'rack', rack: 17 });
    expect(hitTest(l, { x: 0, y: 0, k: 1 }, o.x - l.gapX / 2, o.y + 20)).toBeNull();
    expect(hitTest(l, { x: 0, y: 0, k: 1 }, 0, 0)).toBeNull();
  });
  it('ignores the empty slots of a partial last rack', () => {
    const l2 = computeLayout(4990, 125, 40, 935, 660);
    const o = rackOrigin(l2, 124);
    const p = cellRect(l2, 124 * 40 + 39);
    expect(hitTest(l2, { x: 0, y: 0, k: 1 }, p.x + p.size / 2, p.y + p.size / 2)).toBeNull();
    expect(o.x).toBeGreaterThanOrEqual(0);
  });
});

describe('drawRacks', () => {
  const opts = { transform: { x: 0, y: 0, k: 1 }, dpr: 2, mode: 'state' as const, focus: -1, focusRack: -1, labels: true };
  it('draws all 5,000 servers, batched by true state', () => {
    const f = frame();
    f.nodeState[10] = 2; // crashed
    f.nodeState[11] = 4; // gone
    const { ctx, ops } = recorder();
    const l = computeLayout(5000, 125, 40, 935, 660);
    expect(drawRacks(ctx, f, l, opts)).toBe(5000);
    const fills = ops.filter((o) => o.op === 'fill');
    expect(fills.find((o) => o.style === TRUTH_FILL[0])?.rects).toBe(4998);
    expect(fills.find((o) => o.style === TRUTH_FILL[2])?.rects).toBe(1);
    expect(fills.find((o) => o.style === TRUTH_FILL[4])?.rects).toBe(1);
  });
  it('rings a server that is up but believed dead, not one that is really down or cut off', () => {
    const f = frame();
    f.nodeState[5] = 0 | (2 << BELIEF_SHIFT); // false dead
    f.nodeState[6] = 2 | (2 << BELIEF_SHIFT); // truly crashed, believed dead
    f.nodeState[45] = 0 | (2 << BELIEF_SHIFT); // up but its rack's switch is down
    f.rackFlags[1] = RACK_TOR_DOWN;
    f.nodeState[7] = SLOW_BIT;
    const { ctx, ops } = recorder();
    drawRacks(ctx, f, computeLayout(5000, 125, 40, 935, 660), opts);
    expect(ops.find((o) => o.style === FALSE_DEAD_RING)?.rects).toBe(1);
  });
  it('culls racks outside the view when zoomed in', () => {
    const { ctx } = recorder();
    const l = computeLayout(5000, 125, 40, 935, 660);
    const n = drawRacks(ctx, frame(), l, { ...opts, transform: { x: 0, y: 0, k: 8 } });
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(5000);
  });
});

describe('page text', () => {
  it('formats the simulated clock as d hh:mm:ss', () => {
    expect(formatClock(0)).toBe('0d 00:00:00');
    expect(formatClock(90_061_000)).toBe('1d 01:01:01');
  });
  it('steps grow with speed', () => {
    expect(stepMsFor(1)).toBe(1000);
    expect(stepMsFor(3600)).toBe(600_000);
  });
  it('phrases log codes in both languages, unknown codes plainly, placeholders as text', () => {
    const e = { seq: 1, t: 0, code: 'node.crash', node: 7, rack: 0 };
    expect(phraseLog('en', e)).toContain('#7');
    expect(phraseLog('zh', e)).toContain('宕机');
    expect(phraseLog('en', { seq: 2, t: 0, code: 'chunk.lost', s: '<b>x</b>' })).toBe('chunk.lost · <b>x</b>');
    expect(tr('en', 'failRandom', { n: 5 })).toBe('Fail 5 random servers');
    expect(tr('zh', 'failRandom', { n: 5 })).toContain('5');
  });
});
