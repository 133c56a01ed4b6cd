import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resized, withRoom } from '../../worker/engine/core/growable';

describe('growable typed arrays (core/growable.ts)', () => {
  it('resized keeps the kind, takes exactly the asked length, keeps the prefix and zero-fills the rest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 40 }), fc.nat(60), (xs, n) => {
        for (const a of [Int32Array.from(xs), Float64Array.from(xs), Int16Array.from(xs)]) {
          const b = resized(a, n);
          expect(b.constructor).toBe(a.constructor);
          expect(b.length).toBe(n);
          expect(b).not.toBe(a);
          for (let i = 0; i < n; i++) expect(b[i]).toBe(i < a.length ? a[i] : 0);
        }
      }),
    );
  });

  it('resized of a subarray copies only that window (a queue compacting its live part)', () => {
    const a = Uint32Array.from([9, 9, 1, 2, 3, 9]);
    expect(Array.from(resized(a.subarray(2, 5), 6))).toEqual([1, 2, 3, 0, 0, 0]);
  });

  it('withRoom returns the same array while it fits, else a doubled copy with the contents', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    expect(withRoom(a, 4)).toBe(a);
    const b = withRoom(a, 5);
    expect(b.length).toBe(8);
    expect(Array.from(b.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(withRoom(new Int32Array(0), 3).length).toBe(4);
    expect(withRoom(a, 33).length).toBe(64);
  });
});
