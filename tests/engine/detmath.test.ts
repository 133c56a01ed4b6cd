// The engine's own elementary functions (worker/engine/core/detmath.ts): accurate
// against Math.* on seeded inputs and against correctly rounded reference values, exact
// at the special points, monotone where draws depend on it — and a source scan that
// keeps implementation-defined Math functions out of worker/engine/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as dm from '../../worker/engine/core/detmath';
import { Rng } from '../../worker/engine/core/rng';

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);

/** The next Number after x towards +∞ (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  u64[0] += x > 0 ? 1n : -1n;
  return f64[0];
}

/** |a − b| in units in the last place of b (both finite). */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const ab = Math.abs(b);
  const ulp = ab < 2.2250738585072014e-308 ? Number.MIN_VALUE : nextUp(ab) - ab;
  return Math.abs(a - b) / ulp;
}

type Fn = (x: number) => number;
interface Case {
  name: string;
  ours: Fn;
  ref: Fn;
  /** seeded inputs over the ranges the engine uses and beyond */
  inputs: (r: Rng) => number;
}

const CASES: Case[] = [
  { name: 'exp, |x| ≤ 1', ours: dm.exp, ref: Math.exp, inputs: (r) => 2 * r.next() - 1 },
  { name: 'exp, whole range', ours: dm.exp, ref: Math.exp, inputs: (r) => 1450 * r.next() - 740 },
  { name: 'log, (0, 1] (rng.exp)', ours: dm.log, ref: Math.log, inputs: (r) => 1 - r.next() },
  { name: 'log, near 1', ours: dm.log, ref: Math.log, inputs: (r) => 1 + (r.next() - 0.5) * 1e-6 },
  { name: 'log, whole range', ours: dm.log, ref: Math.log, inputs: (r) => 2 ** (2000 * r.next() - 1000) * (1 + r.next()) },
  { name: 'log2, whole range', ours: dm.log2, ref: Math.log2, inputs: (r) => 2 ** (2000 * r.next() - 1000) * (1 + r.next()) },
  { name: 'log1p, (-1, 0) (whatIf)', ours: dm.log1p, ref: Math.log1p, inputs: (r) => -(10 ** (-15 * r.next())) * 0.999 },
  { name: 'log1p, (-1, 10)', ours: dm.log1p, ref: Math.log1p, inputs: (r) => 11 * r.next() - 0.999 },
  { name: 'expm1, small', ours: dm.expm1, ref: Math.expm1, inputs: (r) => (r.next() - 0.5) * 10 ** (-16 * r.next()) },
  { name: 'expm1, (-40, 40)', ours: dm.expm1, ref: Math.expm1, inputs: (r) => 80 * r.next() - 40 },
  { name: 'pow(2, y), half-octave edges', ours: (y) => dm.pow(2, y), ref: (y) => Math.pow(2, y), inputs: (r) => 60 * r.next() - 30 },
  { name: 'pow(rho, y) (master queue)', ours: (y) => dm.pow(0.987654321, y), ref: (y) => Math.pow(0.987654321, y), inputs: (r) => 1 + 12 * r.next() },
  {
    name: 'pow(x, 7.3), x over 2^±40',
    ours: (x) => dm.pow(x, 7.3),
    ref: (x) => Math.pow(x, 7.3),
    inputs: (r) => 2 ** (80 * r.next() - 40),
  },
];

describe('detmath accuracy', () => {
  for (const c of CASES) {
    it(`${c.name}: within 2 ulp of Math.* (each is < 1 ulp from exact) and mostly identical`, () => {
      const r = new Rng(20261206, c.name.length);
      let same = 0;
      let worst = 0;
      const n = 4000;
      for (let i = 0; i < n; i++) {
        const x = c.inputs(r);
        const a = c.ours(x);
        const b = c.ref(x);
        if (Object.is(a, b)) {
          same++;
          continue;
        }
        expect(Number.isFinite(a) && Number.isFinite(b), `${c.name}(${x}) = ${a}, Math: ${b}`).toBe(true);
        worst = Math.max(worst, ulps(a, b));
      }
      expect(worst).toBeLessThanOrEqual(2);
      // a systematic error (a wrong coefficient or constant) would make most results differ
      expect(same / n).toBeGreaterThan(0.7);
    });
  }

  // Correctly rounded values (200-bit arithmetic, mpmath): ours within 1 ulp, mostly 0.
  const EXACT: [string, Fn, number, number][] = [
    ['exp', dm.exp, 1, 2.718281828459045],
    ['exp', dm.exp, -5.8622788172215223, 0.0028447536171179516],
    ['exp', dm.exp, 0.5, 1.6487212707001282],
    ['exp', dm.exp, 700, 1.0142320547350045e304],
    ['exp', dm.exp, -700, 9.85967654375977e-305],
    ['log', dm.log, 0.65263113449327648, -0.42674318757404783],
    ['log', dm.log, 10, 2.302585092994046],
    ['log', dm.log, 1e-300, -690.7755278982137],
    ['log', dm.log, Number.MIN_VALUE, -744.4400719213812],
    ['log', dm.log, Number.MAX_VALUE, 709.782712893384],
    ['log2', dm.log2, 10, 3.321928094887362],
    ['log2', dm.log2, 0.73000001884065568, -0.45403159366002227],
    ['log1p', dm.log1p, -0.11334069992337183, -0.12029447409326907],
    ['log1p', dm.log1p, 1e-10, 9.9999999995e-11],
    ['expm1', dm.expm1, 1e-10, 1.00000000005e-10],
    ['expm1', dm.expm1, -0.37168398700858563, -0.31042787815491851],
    ['expm1', dm.expm1, 1, 1.718281828459045],
  ];
  it('agrees with correctly rounded reference values to within 1 ulp', () => {
    for (const [name, f, x, want] of EXACT) expect(ulps(f(x), want), `${name}(${x})`).toBeLessThanOrEqual(1);
  });

  it('pow matches reference values', () => {
    expect(ulps(dm.pow(2, -3.4494569338858128), 0.091539807360747891)).toBeLessThanOrEqual(1);
    expect(ulps(dm.pow(0.5, 0.5), Math.SQRT1_2)).toBeLessThanOrEqual(1);
    expect(ulps(dm.pow(10, -5), 1e-5)).toBeLessThanOrEqual(1);
  });
});

describe('detmath special values', () => {
  it('exp', () => {
    expect(dm.exp(0)).toBe(1);
    expect(dm.exp(-0)).toBe(1);
    expect(dm.exp(Infinity)).toBe(Infinity);
    expect(dm.exp(-Infinity)).toBe(0);
    expect(dm.exp(NaN)).toBeNaN();
    expect(dm.exp(710)).toBe(Infinity);
    expect(dm.exp(-746)).toBe(0);
    expect(ulps(dm.exp(1), Math.E)).toBeLessThanOrEqual(1);
    expect(dm.exp(1e-300)).toBe(1);
    // subnormal results
    expect(ulps(dm.exp(-740), Math.exp(-740))).toBeLessThanOrEqual(1);
    expect(dm.exp(-745)).toBe(Number.MIN_VALUE);
  });

  it('log and log2', () => {
    expect(Object.is(dm.log(1), 0)).toBe(true);
    expect(dm.log(0)).toBe(-Infinity);
    expect(dm.log(-0)).toBe(-Infinity);
    expect(dm.log(-1)).toBeNaN();
    expect(dm.log(-Infinity)).toBeNaN();
    expect(dm.log(NaN)).toBeNaN();
    expect(dm.log(Infinity)).toBe(Infinity);
    expect(dm.log(2)).toBe(Math.LN2);
    expect(dm.log(10)).toBe(Math.LN10);
    expect(dm.log(Math.E)).toBe(1);
    expect(ulps(dm.log(1e-320), -736.8272408909739)).toBeLessThanOrEqual(1); // subnormal input
    expect(Object.is(dm.log2(1), 0)).toBe(true);
    expect(dm.log2(0)).toBe(-Infinity);
    expect(dm.log2(-2)).toBeNaN();
    expect(dm.log2(Infinity)).toBe(Infinity);
    // exact at every power of two, subnormals included
    for (let k = -1074; k <= 1023; k++) expect(dm.log2(2 ** k)).toBe(k);
    for (let k = -1022; k <= 1023; k++) expect(dm.log(2 ** k)).toBe(k === 0 ? 0 : Math.log(2 ** k));
  });

  it('log1p and expm1 keep tiny arguments and signed zeros', () => {
    expect(Object.is(dm.log1p(-0), -0)).toBe(true);
    expect(Object.is(dm.log1p(0), 0)).toBe(true);
    expect(dm.log1p(-1)).toBe(-Infinity);
    expect(dm.log1p(-2)).toBeNaN();
    expect(dm.log1p(Infinity)).toBe(Infinity);
    expect(dm.log1p(NaN)).toBeNaN();
    expect(dm.log1p(1e-300)).toBe(1e-300);
    expect(Object.is(dm.expm1(-0), -0)).toBe(true);
    expect(dm.expm1(-Infinity)).toBe(-1);
    expect(dm.expm1(-50)).toBe(-1);
    expect(dm.expm1(Infinity)).toBe(Infinity);
    expect(dm.expm1(710)).toBe(Infinity);
    expect(dm.expm1(NaN)).toBeNaN();
    expect(dm.expm1(1e-300)).toBe(1e-300);
    expect(dm.expm1(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
  });

  it('pow: every special case as ECMAScript specifies it (Math.pow is exact there)', () => {
    const S = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 1.5, -1.5, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e-310];
    for (const x of S)
      for (const y of S) {
        const want = Math.pow(x, y);
        const got = dm.pow(x, y);
        const special = Number.isNaN(want) || !Number.isFinite(want) || want === 0 || Math.abs(want) === 1;
        if (special) expect(Object.is(got, want), `pow(${x}, ${y}) = ${got}, want ${want}`).toBe(true);
        else expect(ulps(got, want), `pow(${x}, ${y})`).toBeLessThanOrEqual(1);
      }
  });

  it('pow: powers of two exact, small integer powers exact', () => {
    for (let k = -1074; k <= 1023; k++) expect(dm.pow(2, k)).toBe(2 ** k);
    for (let k = -1074; k <= 1023; k += 7) expect(dm.pow(0.5, -k)).toBe(2 ** k);
    for (let k = 0; k <= 22; k++) expect(dm.pow(10, k)).toBe(Number(`1e${k}`));
    for (let k = 0; k <= 33; k++) expect(dm.pow(3, k)).toBe(3 ** k);
    expect(dm.pow(-2, 3)).toBe(-8);
    expect(dm.pow(-2, -3)).toBe(-0.125);
    expect(dm.pow(-8, 1 / 3)).toBeNaN();
    expect(dm.pow(2, 1024)).toBe(Infinity);
    expect(dm.pow(2, -1075)).toBe(0);
    expect(dm.pow(-2, 1025)).toBe(-Infinity);
  });
});

describe('detmath monotonicity', () => {
  // Draws map uniform numbers through these (rng.exp, job sizes, the write table):
  // adjacent inputs must never come out in the wrong order.
  const MONO: [string, Fn, (r: Rng) => number][] = [
    ['log', dm.log, (r) => 2 ** (60 * r.next() - 50)],
    ['log near 1', dm.log, (r) => 1 + (r.next() - 0.5) * 1e-3],
    ['log2', dm.log2, (r) => 2 ** (60 * r.next() - 30)],
    ['exp', dm.exp, (r) => 100 * r.next() - 50],
    ['log1p', dm.log1p, (r) => 2 * r.next() - 0.99],
    ['expm1', dm.expm1, (r) => 4 * r.next() - 2],
    ['pow(2, y)', (y) => dm.pow(2, y), (r) => 40 * r.next() - 20],
    ['pow(x, 1.7)', (x) => dm.pow(x, 1.7), (r) => 100 * r.next()],
  ];
  for (const [name, f, inputs] of MONO)
    it(`${name} is non-decreasing over runs of adjacent floats`, () => {
      const r = new Rng(7, name.length);
      for (let i = 0; i < 300; i++) {
        let x = inputs(r);
        let prev = f(x);
        for (let j = 0; j < 40; j++) {
          x = nextUp(x);
          const v = f(x);
          expect(v, `${name} at ${x}`).toBeGreaterThanOrEqual(prev);
          prev = v;
        }
      }
    });

  it('rng.exp is monotone in the uniform draw, and rng.normal has mean 0 and variance 1', () => {
    const r = new Rng(99);
    let s = 0;
    let s2 = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03); // standard error 0.005
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04); // standard error 0.007
    let m = 0;
    for (let i = 0; i < n; i++) m += r.exp(2);
    expect(Math.abs(m / n - 2)).toBeLessThan(0.06); // standard error 0.01
  });
});

// ---- the guard: no implementation-defined Math function under worker/engine/ ----

/**
 * Math functions whose results ECMAScript leaves to the engine ("implementation-
 * approximated", ECMA-262 §21.3.2). Math.sqrt is not among them: §21.3.2.32 defines it
 * as the square root, i.e. correctly rounded like IEEE-754 squareRoot, the same bits
 * everywhere — so it stays allowed. floor/ceil/trunc/round/abs/min/max/fround/imul/clz32
 * are exact by definition.
 */
const BANNED = /\bMath\s*\.\s*(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/;
/**
 * `**` is Number::exponentiate, also implementation-approximated; a power of two
 * literals (`2 ** 20`) is a constant every engine folds exactly and is let through.
 */
const POWER = /(\S+)\s*\*\*\s*(\S+)/g;
const INT = /^\(?-?\d+\)?[;,)]*$/;

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Offending lines in one file's source: `path:line: text`. */
export function scanSource(path: string, src: string): string[] {
  const out: string[] = [];
  stripComments(src)
    .split('\n')
    .forEach((line, i) => {
      let bad = BANNED.test(line);
      for (const m of line.matchAll(POWER)) if (!(INT.test(m[1]) && INT.test(m[2]))) bad = true;
      if (bad) out.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('source scan: worker/engine/ uses detmath, not Math.exp/log/pow/sin/…', () => {
  it('catches what it is meant to catch (and not comments, sqrt or integer constants)', () => {
    expect(scanSource('x.ts', 'const a = Math.exp(b);')).toHaveLength(1);
    expect(scanSource('x.ts', 'const a = Math.log2(b) + 1;')).toHaveLength(1);
    expect(scanSource('x.ts', 'const a = Math .cos(b);')).toHaveLength(1);
    expect(scanSource('x.ts', 'const a = 2 ** k;')).toHaveLength(1);
    expect(scanSource('x.ts', 'const a = x**0.5;')).toHaveLength(1);
    expect(scanSource('x.ts', 'const a = Math.sqrt(b) * Math.floor(c); // Math.exp in a comment')).toHaveLength(0);
    expect(scanSource('x.ts', '/** Math.pow(2, k) — see `2 ** k` */\nconst n = 512 * 2 ** 20;')).toHaveLength(0);
  });

  it('finds no implementation-defined Math call in worker/engine/**', () => {
    const root = join(__dirname, '../../worker/engine');
    const files = tsFiles(root);
    expect(files.length).toBeGreaterThan(30);
    const offending = files.flatMap((f) => scanSource(relative(join(root, '../..'), f), readFileSync(f, 'utf8')));
    expect(offending, 'use worker/engine/core/detmath.ts instead').toEqual([]);
  });
});
