/**
 * The Pangu master's operation latencies as histograms (P7): half-octave bins from
 * 0.05 ms, whole counts. A tick's operations are spread over the bins as a fixed
 * part (handler time and the backlog's wait) plus an exponential queueing wait,
 * capped at the client's RPC timeout; percentiles read back geometric within a bin.
 */
import * as dm from '../core/detmath';

/** bins: bin k holds latencies up to 0.05 ms × 2^(k/2) */
export const LAT_BINS = 44;
export const binEdge = (k: number) => 0.05 * dm.pow(2, (k + 1) / 2);
export const binOf = (ms: number) => Math.max(0, Math.min(LAT_BINS - 1, Math.ceil(2 * dm.log2(Math.max(ms, 1e-9) / 0.05)) - 1));

/**
 * Adds `n` latencies (a fixed part — service and the backlog's wait — plus an
 * exponential queueing wait with mean `wait`, at most `cap`) to a histogram row, in
 * whole counts that sum to n (cumulative rounding).
 */
export function spreadExp(h: Float64Array, off: number, n: number, fixed: number, wait: number, cap: number): void {
  if (n <= 0) return;
  if (wait < 1e-6 || fixed >= cap) {
    h[off + binOf(Math.min(fixed, cap))] += n;
    return;
  }
  let prev = 0;
  const last = binOf(cap);
  for (let k = binOf(fixed); k <= last; k++) {
    const hi = binEdge(k);
    const F = k === last ? 1 : hi <= fixed ? 0 : 1 - dm.exp(-(hi - fixed) / wait);
    const cum = Math.round(n * F);
    h[off + k] += cum - prev;
    prev = cum;
    if (cum === n) break;
  }
}

/** Percentile q (0–1) of one histogram row of LAT_BINS, ms, at most `capMs`; 0 when empty. */
export function percentileOf(h: Float64Array, q: number, capMs: number): number {
  let n = 0;
  for (let k = 0; k < LAT_BINS; k++) n += h[k];
  if (n === 0) return 0;
  let c = 0;
  for (let k = 0; k < LAT_BINS; k++) {
    if (c + h[k] >= q * n) {
      const f = h[k] > 0 ? (q * n - c) / h[k] : 1;
      // geometric within the half-octave; nothing waits past the client's timeout
      return Math.min(capMs, binEdge(k - 1) * dm.pow(2, f / 2));
    }
    c += h[k];
  }
  return binEdge(LAT_BINS - 1);
}
