// The storage view's rack strip: a replica marker (a disc over its server's cell, with
// a white outline) lies wholly inside the canvas for every server, at 400 servers (large
// cells: the markers used to stand out of the canvas, top and bottom) and at 5,000.
import { describe, expect, it } from 'vitest';
import { STRIP_MARKER_OUTLINE, stripCell, stripLayout, stripMarkerRadius } from '../../src/views/storage/storageDraw';

const CLUSTERS = [
  { nodes: 400, racks: 10, perRack: 40 },
  { nodes: 5000, racks: 125, perRack: 40 },
  { nodes: 1000, racks: 25, perRack: 40 },
];
const SIZES = [
  [580, 200],
  [760, 200],
  [900, 260],
  [1400, 300],
  [500, 130],
];

describe('rack strip replica markers', () => {
  for (const k of CLUSTERS)
    for (const [w, h] of SIZES)
      it(`stay inside a ${w}×${h} canvas on ${k.nodes} servers`, () => {
        const l = stripLayout(k.nodes, k.racks, k.perRack, w, h);
        expect(l.width).toBe(w);
        expect(l.height).toBe(h);
        const s = l.cell >= 4 ? l.cell - 0.8 : l.cell;
        const reach = stripMarkerRadius(l.cell) + STRIP_MARKER_OUTLINE;
        for (let n = 0; n < k.nodes; n++) {
          const c = stripCell(l, n);
          const cx = c.x + s / 2,
            cy = c.y + s / 2;
          expect(cx - reach, `server ${n} left`).toBeGreaterThanOrEqual(0);
          expect(cy - reach, `server ${n} top`).toBeGreaterThanOrEqual(0);
          expect(cx + reach, `server ${n} right`).toBeLessThanOrEqual(w);
          expect(cy + reach, `server ${n} bottom`).toBeLessThanOrEqual(h);
        }
      });

  it('a marker is legible on small cells and no wider than about its cell on large ones', () => {
    expect(stripMarkerRadius(2)).toBeGreaterThanOrEqual(7);
    expect(stripMarkerRadius(18) * 2).toBeLessThan(18 * 2);
    expect(stripMarkerRadius(18)).toBeGreaterThan((18 * Math.SQRT2) / 2);
  });
});
