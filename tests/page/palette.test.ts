// Colour scales that survive colour blindness (issue 8): every pair of the rack view's
// state fills and of the chart series stays apart under simulated protanopia,
// deuteranopia and tritanopia (Machado et al. 2009, full severity; CIE ΔE*ab), and the
// load and scheduler ramps keep rising in lightness under each.
import { describe, expect, it } from 'vitest';
import { LOAD_LEVEL_FILL, SCHED_LEVEL_FILL, SERIES, TRUTH_FILL } from '../../src/lib/palette';

const SIM: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function lab(hex: string, m: number[][]): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  const rgb = [lin((n >> 16) & 255), lin((n >> 8) & 255), lin(n & 255)];
  const s = m.map((r) => Math.min(1, Math.max(0, r[0] * rgb[0] + r[1] * rgb[1] + r[2] * rgb[2])));
  const X = 0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2];
  const Y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
  const Z = 0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const fx = f(X / 0.95047),
    fy = f(Y),
    fz = f(Z / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
function closestPair(colours: readonly string[], m: number[][]): number {
  let min = Infinity;
  for (let i = 0; i < colours.length; i++)
    for (let j = i + 1; j < colours.length; j++) {
      const a = lab(colours[i], m),
        b = lab(colours[j], m);
      min = Math.min(min, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
    }
  return min;
}

describe('palette under colour-vision deficiencies', () => {
  for (const [name, m] of Object.entries(SIM)) {
    it(`${name}: state fills and chart series stay distinguishable`, () => {
      // ΔE ≈ 2 is just noticeable; 12+ reads as a different colour at a glance.
      expect(closestPair(TRUTH_FILL, m)).toBeGreaterThan(12);
      expect(closestPair(Object.values(SERIES), m)).toBeGreaterThan(30);
    });
    it(`${name}: load and scheduler ramps rise in lightness`, () => {
      for (const ramp of [LOAD_LEVEL_FILL, SCHED_LEVEL_FILL]) {
        const L = ramp.map((c) => lab(c, m)[0]);
        for (let i = 1; i < L.length; i++) expect(L[i]).toBeGreaterThan(L[i - 1]);
        expect(L[L.length - 1] - L[0]).toBeGreaterThan(60);
      }
    });
  }
});
