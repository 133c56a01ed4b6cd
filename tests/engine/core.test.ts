import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../worker/engine/core/queue';
import { Rng, Streams } from '../../worker/engine/core/rng';
import { StateHasher } from '../../worker/engine/core/hash';

describe('EventQueue', () => {
  it('pops in (time, insertion) order for any pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 300 }), (items) => {
        const q = new EventQueue(2); // small capacity: exercises growth
        items.forEach(([t, k], i) => q.push(t, k, i));
        const expected = items.map(([t, k], i) => ({ t, k, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        const out = new Float64Array(4);
        const got: { t: number; k: number; i: number }[] = [];
        while (q.pop(out)) got.push({ t: out[0], k: out[1], i: out[2] });
        expect(got).toEqual(expected);
      }),
    );
  });

  it('interleaved push/pop keeps the order', () => {
    const q = new EventQueue(4);
    const out = new Float64Array(4);
    q.push(10, 1);
    q.push(5, 2);
    q.pop(out);
    expect(out[1]).toBe(2);
    q.push(7, 3);
    q.push(10, 4);
    const order: number[] = [];
    while (q.pop(out)) order.push(out[1]);
    expect(order).toEqual([3, 1, 4]);
  });

  it('removeWhere drops exactly the matching events and keeps order', () => {
    const q = new EventQueue();
    for (let i = 0; i < 100; i++) q.push(100 - i, i % 3, i);
    expect(q.removeWhere((k) => k === 1)).toBe(33);
    const out = new Float64Array(4);
    let last = -1;
    let n = 0;
    while (q.pop(out)) {
      expect(out[1]).not.toBe(1);
      expect(out[0]).toBeGreaterThanOrEqual(last);
      last = out[0];
      n++;
    }
    expect(n).toBe(67);
  });

  it('pops in (time, sequence) order through pushes, pops and bulk removals mixed', () => {
    // a reference list kept sorted by hand; times repeat often so the sequence decides ties
    const q = new EventQueue(2);
    const ref: { t: number; s: number; a: number }[] = [];
    let seq = 0,
      x = 12345;
    const rnd = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
    const out = new Float64Array(4);
    for (let step = 0; step < 4000; step++) {
      const op = rnd(10);
      if (op < 6) {
        const t = rnd(50);
        q.push(t, 1, seq);
        ref.push({ t, s: seq, a: seq });
        seq++;
      } else if (op < 9) {
        ref.sort((p, r) => p.t - r.t || p.s - r.s);
        const want = ref.shift();
        expect(q.pop(out)).toBe(want !== undefined);
        if (want) expect([out[0], out[2]]).toEqual([want.t, want.a]);
      } else {
        const m = 2 + rnd(5);
        const removed = q.removeWhere((_k, a) => a % m === 0);
        const before = ref.length;
        for (let i = ref.length - 1; i >= 0; i--) if (ref[i].a % m === 0) ref.splice(i, 1);
        expect(removed).toBe(before - ref.length);
      }
      expect(q.size).toBe(ref.length);
    }
  });

  it('rejects a time that is not a finite non-negative number', () => {
    const q = new EventQueue();
    expect(() => q.push(NaN, 1)).toThrow(/invalid event time/);
    expect(() => q.push(-1, 1)).toThrow(/invalid event time/);
    expect(() => q.push(Infinity, 1)).toThrow(/invalid event time/);
  });
});

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42),
      b = new Rng(42),
      c = new Rng(43);
    const xa = Array.from({ length: 10 }, () => a.nextU32());
    const xb = Array.from({ length: 10 }, () => b.nextU32());
    const xc = Array.from({ length: 10 }, () => c.nextU32());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('draws uniformly enough: mean, int range, exponential mean', () => {
    const r = new Rng(7);
    let sum = 0,
      expSum = 0;
    const buckets = new Array(10).fill(0);
    const N = 200_000;
    let lo = 1,
      hi = 0;
    for (let i = 0; i < N; i++) {
      const x = r.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      sum += x;
      buckets[r.int(10)]++;
      expSum += r.exp(5);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(sum / N).toBeCloseTo(0.5, 2);
    for (const b of buckets) expect(Math.abs(b - N / 10)).toBeLessThan(N / 100);
    expect(expSum / N).toBeGreaterThan(4.9);
    expect(expSum / N).toBeLessThan(5.1);
  });

  it('named streams are independent of creation order', () => {
    const s1 = new Streams(9),
      s2 = new Streams(9);
    s1.get('a');
    const fromS1 = s1.get('b').nextU32();
    const fromS2 = s2.get('b').nextU32(); // 'a' never created
    expect(fromS1).toBe(fromS2);
    expect(new Streams(9).get('a').nextU32()).not.toBe(new Streams(9).get('b').nextU32());
  });
});

describe('StateHasher', () => {
  it('changes when any byte of an array changes, including unaligned tails', () => {
    const base = new Uint8Array(37).map((_, i) => i);
    const digest = (a: Uint8Array) => {
      const h = new StateHasher();
      h.array(a);
      return h.digest();
    };
    const d0 = digest(base);
    expect(digest(base.slice())).toBe(d0);
    for (const i of [0, 5, 35, 36]) {
      const c = base.slice();
      c[i] ^= 1;
      expect(digest(c)).not.toBe(d0);
    }
    expect(digest(base.subarray(1))).not.toBe(d0);
  });

  it('hashes floats by bits (0 and -0 differ, NaN is stable)', () => {
    const d = (x: number) => {
      const h = new StateHasher();
      h.f64(x);
      return h.digest();
    };
    expect(d(0)).not.toBe(d(-0));
    expect(d(NaN)).toBe(d(NaN));
    expect(d(1)).not.toBe(d(1 + Number.EPSILON));
  });
});
