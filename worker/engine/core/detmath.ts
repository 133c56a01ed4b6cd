/**
 * Deterministic elementary functions: the same bits in Node and in every browser.
 *
 * ECMAScript leaves the precision of Math.exp, log, pow, sin, cos, … (and of `**`) to
 * the engine ("implementation-approximated", ECMA-262 §21.3.2), and Chromium's differ
 * from Node's in the last bit on a few percent of inputs — enough to change the state
 * hash. Everything here is built only from what the spec pins down exactly:
 *  - the IEEE-754 basic operations + − × ÷ on Numbers, each correctly rounded
 *    (round-to-nearest-even, ECMA-262 §6.1.6.1) and never fused into an FMA;
 *  - Math.sqrt: "the result is the square root of x" with no approximation clause,
 *    i.e. correctly rounded like the IEEE-754 squareRoot operation (ECMA-262 §21.3.2.32;
 *    contrast §21.3.2 "implementation-approximated" for exp/log/pow/sin/…);
 *  - Math.floor/ceil/trunc/round/abs/min/max/fround, reading a Number's exponent bits
 *    through a shared Float64Array/Uint32Array view, and a table of exact powers of two.
 *
 * Methods (constants as published with Sun's fdlibm, which most libms share):
 *  - log: x = 2^k·m, √2/2 ≤ m < √2, s = (m−1)/(m+1), ln m = 2s + s·R(s²) with fdlibm's
 *    minimax R (error ≤ 2^-58.45), s carried as a double-double so ln m is good to
 *    ~2^-60; then k·ln2 added with an error-free sum: nearly correctly rounded.
 *  - exp: x = k·ln2 + r, |r| ≤ ln2/2, exp(r) = 1 + r + r·c/(2 − c) with fdlibm's
 *    rational remez form (error < 1 ulp), then an exact scale by 2^k.
 *  - pow(x, y) = 2^(y·log2|x|) with log2|x| and the product as double-doubles (Dekker's
 *    exact products, no FMA), so the error stays under ~1 ulp for |y·log2 x| up to ~50
 *    and grows slowly beyond; pow(2, k) and other exact powers of two are exact.
 *  - log2 = k + log2 m (exact at powers of two); log1p = log(fl(1+x)) + the sum's lost
 *    part; expm1 from exp's reduction without its 1 (no cancellation).
 *  - no sin/cos: rng.normal uses Marsaglia's polar method (log and sqrt only).
 * tests/engine/detmath.test.ts checks accuracy against Math.* and the special values.
 * Measured against 200-bit references (mpmath) on ~40,000 seeded inputs: log ≤ 0.504 ulp,
 * log2 ≤ 0.507, log1p ≤ 0.51, exp ≤ 0.76 (bit-identical to Node's Math.exp there), expm1
 * ≤ 0.75, pow ≤ 0.83 (Node's Math.* ≤ 0.71–0.90). Cost: 2–4× a Math.* call (tens of ns);
 * the engine makes ~0.3 M rng.normal and ~30 k rng.exp draws per simulated hour.
 */

const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);
/** index of the high (sign, exponent, top of mantissa) word in U */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42 fee00000: k·LN2_HI exact for |k| < 2^21
const LN2_LO = 1.90821492927058770002e-10; // ln2 − LN2_HI
const LN2 = 0.6931471805599453; // Math.LN2, 0x3fe62e42 fefa39ef
const LN2_TAIL = 2.3190468138462996e-17; // ln2 − LN2
const LOG2E = 1.4426950408889634; // Math.LOG2E, 1/ln2 rounded
const LOG2E_TAIL = 2.0355273740931033e-17; // 1/ln2 − LOG2E
const TWO54 = 18014398509481984; // 2^54
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

// ln(1+f) = 2s + s·R(z), z = s², s = f/(2+f): fdlibm's Lg1..Lg7
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

// exp(r) = 1 + r + r·c/(2−c), c = r − z·(P1 + z·(P2 + …)), z = r²: fdlibm's P1..P5
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const EXP_OVER = 7.09782712893383973096e2; // above: exp overflows
const EXP_UNDER = -7.4513321910194110842e2; // below: exp underflows to 0
const HALF_LN2 = 0.34657359027997264;
const TINY = 3.725290298461914e-9; // 2^-28: exp(x) = 1 + x below

/** The rounding error of a·b (exact: a·b = fl(a·b) + mulErr(a, b, fl(a·b))), Dekker. */
function mulErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * 2^-e at [e + 1023] for e in [-1023, 1024] (a table read instead of writing bits and
 * reading them back as a float, which stalls the CPU): powers of two, every entry exact.
 */
const INV_POW2 = new Float64Array(2048);
for (let e = 0, v = 1; e <= 1024; e++, v *= 0.5) INV_POW2[e + 1023] = v;
for (let e = 0, v = 1; e >= -1023; e--, v *= 2) INV_POW2[e + 1023] = v;

/** 2^k as a Number, for integer k in [-1024, 1023]. */
function pow2(k: number): number {
  return INV_POW2[1023 - k];
}

/** y·2^k, y ≈ 1, exact unless the result overflows or is subnormal (then one rounding). */
function scale(y: number, k: number): number {
  if (k >= -1022 && k <= 1023) return y * pow2(k);
  if (k > 1023) return y * pow2(1023) * pow2(Math.min(k - 1023, 1023));
  return y * pow2(Math.max(k + 1000, -1022)) * pow2(-1000);
}

/** 2^k · exp(hi − lo), |hi − lo| ≤ ~ln2/2 (lo carries bits hi cannot). */
function expReduced(hi: number, lo: number, k: number): number {
  const r = hi - lo;
  const z = r * r;
  const c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return k === 0 ? y : scale(y, k);
}

// lnParts' outputs: x = 2^K · m, ln m = LH + LL (a double-double, |ln m| ≤ ln2/2)
let K = 0;
let LH = 0;
let LL = 0;

/** Splits a finite x > 0 into 2^K·m, √2/2 ≤ m < √2, and ln m as LH + LL (~2^-60 rel.). */
function lnParts(x: number): void {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    // subnormal: scale into the normal range first
    x *= TWO54;
    k = -54;
  }
  F[0] = x;
  const hx = U[HI];
  // x = 2^e·m; a mantissa ≥ √2 (0x3ff6a09e…) takes one more power of two, m < 1
  const e = (hx >>> 20) - ((hx & 0x000fffff) >= 0x6a09e ? 1022 : 1023);
  K = k + e;
  const f = x * INV_POW2[e + 1023] - 1; // the scaling is exact, and so is − 1 (Sterbenz)
  if (f === 0) {
    LH = 0;
    LL = 0;
    return;
  }
  // s = f / (2 + f) as a double-double sh + sl
  const dh = 2 + f;
  const dl = f - (dh - 2);
  const sh = f / dh;
  const p = sh * dh;
  const sl = (f - p - mulErr(sh, dh, p) - sh * dl) / dh;
  const z = sh * sh;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  const tail = 2 * sl + sh * R;
  const h = 2 * sh + tail;
  LH = h;
  LL = tail - (h - 2 * sh);
}

/** Natural logarithm, ≤ ~0.5 ulp from exact; log(1) = 0, log(0) = −∞, log(x < 0) = NaN. */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN; // negatives, −0 handled by x === 0, NaN
  if (x === Infinity) return x;
  lnParts(x);
  if (K === 0) return LH + LL;
  // K·ln2 + LH + LL with the big addition error-free
  const a = K * LN2_HI; // exact
  const s = a + LH;
  const bb = s - a;
  const err = a - (s - bb) + (LH - bb);
  return s + (err + (LL + K * LN2_LO));
}

/** log2(x); exact for powers of two. */
export function log2(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  lnParts(x);
  const ph = LH * LOG2E;
  const pl = mulErr(LH, LOG2E, ph) + (LH * LOG2E_TAIL + LL * LOG2E);
  if (K === 0) return ph + pl;
  const s = K + ph; // |K| ≥ 1 > |ph|: the error of this sum is exact below
  return s + (K - s + ph + pl);
}

/** e^x, < 1 ulp; exp(0) = 1, exp(−∞) = 0, overflow → ∞. */
export function exp(x: number): number {
  if (x !== x) return x;
  if (x > EXP_OVER) return Infinity;
  if (x < EXP_UNDER) return 0;
  const ax = Math.abs(x);
  if (ax <= HALF_LN2) return ax < TINY ? 1 + x : expReduced(x, 0, 0);
  const k = Math.round(x * LOG2E);
  return expReduced(x - k * LN2_HI, k * LN2_LO, k);
}

/** log(1 + x), ≤ ~1 ulp: log of u = fl(1 + x) plus what that sum lost, c/u. */
export function log1p(x: number): number {
  if (!(x > -1)) return x === -1 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const u = 1 + x;
  if (u === 1) return x; // |x| < 2^-53 (keeps −0)
  const c = x <= 1 ? x - (u - 1) : 1 - (u - x); // 1 + x = u + c exactly
  lnParts(u);
  const ll = LL + c / u;
  if (K === 0) return LH + ll;
  const a = K * LN2_HI;
  const s = a + LH;
  const bb = s - a;
  const err = a - (s - bb) + (LH - bb);
  return s + (err + (ll + K * LN2_LO));
}

/**
 * e^x − 1, ≤ ~1.5 ulp: x = k·ln2 + r as in exp, e = e^r − 1 from the same rational
 * form without the 1, then 2^k·(e + 1 − 2^-k) — no cancellation near 0.
 */
export function expm1(x: number): number {
  if (x !== x) return x;
  if (x > EXP_OVER) return Infinity;
  if (x < -38) return -1; // e^x < 2^-54: −1 + e^x rounds to −1
  const ax = Math.abs(x);
  if (ax < 5.551115123125783e-17) return x; // 2^-54: x + x²/2 rounds to x (keeps −0)
  let k = 0;
  let hi = x;
  let lo = 0;
  if (ax > HALF_LN2) {
    k = Math.round(x * LOG2E);
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
  }
  if (k > 60 || k < -1) return k > 60 ? expReduced(hi, lo, k) : expReduced(hi, lo, k) - 1;
  const r = hi - lo;
  const z = r * r;
  const c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))));
  const e = hi - (lo - (r * c) / (2 - c)); // e^r − 1
  if (k === 0) return e;
  if (k === -1) return 0.5 * e - 0.5;
  return (e + (1 - pow2(-k))) * pow2(k);
}

/** 2^(h + l) for a double-double exponent; |h| may be anything. */
function exp2dd(h: number, l: number): number {
  if (h > 1024) return Infinity;
  if (h < -1080) return 0;
  const n = Math.round(h);
  const r = h - n; // exact: h and n are within ½ of each other
  // (r + l)·ln2 as th + tl
  const th = r * LN2;
  const tl = mulErr(r, LN2, th) + (r * LN2_TAIL + l * LN2);
  return expReduced(th, -tl, n);
}

/**
 * x^y, with the special values of ECMAScript's Number::exponentiate (pow(x, NaN) = NaN,
 * pow(±1, ±∞) = NaN, pow(negative, non-integer) = NaN, …). Exact for powers of two
 * with integer exponents; elsewhere within ~1 ulp for moderate |y·log2 x|.
 */
export function pow(x: number, y: number): number {
  if (y !== y) return NaN;
  if (y === 0) return 1;
  if (x !== x) return NaN;
  if (y === 1) return x;
  if (y === -1) return 1 / x; // correctly rounded
  if (y === 2) return x * x; // correctly rounded
  const ax = Math.abs(x);
  if (y === Infinity || y === -Infinity) {
    if (ax === 1) return NaN;
    return ax > 1 === y > 0 ? Infinity : 0;
  }
  const yInt = Math.floor(y) === y;
  const odd = yInt && Math.abs(y) < 9007199254740992 && y % 2 !== 0;
  const negative = odd && (x < 0 || (x === 0 && 1 / x < 0));
  if (ax === 0 || ax === Infinity) {
    const big = (ax === 0) !== y > 0; // 0^negative and ∞^positive are ∞
    return negative ? (big ? -Infinity : -0) : big ? Infinity : 0;
  }
  if (x < 0 && !yInt) return NaN;
  if (ax === 1) return negative ? -1 : 1;
  // log2|x| as a double-double, then times y
  lnParts(ax);
  const ph = LH * LOG2E;
  const pl = mulErr(LH, LOG2E, ph) + (LH * LOG2E_TAIL + LL * LOG2E);
  const lh = K + ph;
  const ll = K === 0 ? pl : K - lh + ph + pl;
  const qh = y * lh;
  const r = exp2dd(qh, mulErr(y, lh, qh) + y * ll);
  return negative ? -r : r;
}
