/**
 * Write-latency histograms (typed arrays, no object per write). Bins are
 * logarithmic, eight per octave, from 2⁻⁷ ms (~8 µs) up: a value's bin comes
 * straight from the bits of its float (exponent and top three mantissa bits), so
 * binning costs no logarithm. Counts are fractional (a cohort's writes may be
 * split), kept in Float64Array; frames round them into Uint32Array copies.
 *
 * Rows: one per write mode (the writes as they happened under `writes.mode`, and
 * what the same writes to the same servers would have cost under the other modes)
 * plus one for the writes as they happened whatever the mode, and one for the
 * redo log's memory-to-disk flush delay. Each row is kept twice: over the whole
 * run, and as a recent window (exponential decay, ~1 minute).
 */
import * as dm from '../core/detmath';

export const BINS_PER_OCTAVE = 8;
/** lower edge of bin 0, ms */
export const MIN_MS = 1 / 128; // 2⁻⁷, exact
export const BINS = 168; // 21 octaves: 2⁻⁷ … 2¹⁴ ms (16 s); the last bin holds everything above

export const MODES = ['pipeline', 'redo-log', 'majority'] as const;
export type WriteMode = (typeof MODES)[number];
export const ROW_PIPELINE = 0,
  ROW_REDO = 1,
  ROW_MAJORITY = 2,
  ROW_ACTUAL = 3,
  ROW_FLUSH = 4;
export const ROWS = 5;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

/** Bin of a latency in ms. */
export function binOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  f64[0] = ms * 128; // ÷ MIN_MS
  const hi = u32[HI];
  const b = (((hi >>> 20) - 1023) << 3) | ((hi >>> 17) & 7);
  return b >= BINS ? BINS - 1 : b;
}

/** Lower edge of bin b, ms. */
export function binLowerMs(b: number): number {
  return MIN_MS * dm.pow(2, b >> 3) * (1 + (b & 7) / 8);
}

/** A representative value of bin b (its midpoint), ms. */
export function binMidMs(b: number): number {
  return MIN_MS * dm.pow(2, b >> 3) * (1 + ((b & 7) + 0.5) / 8);
}

/** The q-quantile (0–1) of a histogram row, ms; 0 when empty. */
export function quantileMs(h: ArrayLike<number>, q: number, off = 0): number {
  let total = 0;
  for (let b = 0; b < BINS; b++) total += h[off + b];
  if (total <= 0) return 0;
  const want = q * total;
  let acc = 0;
  for (let b = 0; b < BINS; b++) {
    acc += h[off + b];
    if (acc >= want) return binMidMs(b);
  }
  return binMidMs(BINS - 1);
}

export class LatencyHistograms {
  /** whole run: ROWS × BINS */
  readonly total = new Float64Array(ROWS * BINS);
  /** recent window (decayed): ROWS × BINS */
  readonly recent = new Float64Array(ROWS * BINS);

  add(row: number, ms: number, count: number): void {
    const i = row * BINS + binOf(ms);
    this.total[i] += count;
    this.recent[i] += count;
  }

  /** time not yet decayed, ms (the window decays in steps of ≥ 5 s) */
  pendingDecayMs = 0;

  /** Decays the recent window by exp(−dt / windowMs), in steps of at least 5 s. */
  decay(dtMs: number, windowMs: number): void {
    this.pendingDecayMs += dtMs;
    if (this.pendingDecayMs < 5000) return;
    const f = dm.exp(-this.pendingDecayMs / windowMs);
    this.pendingDecayMs = 0;
    const r = this.recent;
    for (let i = 0; i < r.length; i++) r[i] *= f;
  }

  quantile(row: number, q: number, recent = false): number {
    return quantileMs(recent ? this.recent : this.total, q, row * BINS);
  }

  count(row: number, recent = false): number {
    const h = recent ? this.recent : this.total;
    let s = 0;
    for (let b = row * BINS, e = b + BINS; b < e; b++) s += h[b];
    return s;
  }

  /** A row as rounded counts (a fresh copy). */
  row(row: number, recent = false): Uint32Array {
    const h = recent ? this.recent : this.total;
    const out = new Uint32Array(BINS);
    for (let b = 0; b < BINS; b++) out[b] = Math.round(h[row * BINS + b]);
    return out;
  }
}
