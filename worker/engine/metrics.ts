/**
 * The charted series: a fixed set of cluster-wide figures sampled every
 * `sampleMs` of simulated time into ring buffers. Mechanisms add series by name.
 */
import { EV } from './events';
import type { Sim } from './sim';

export const SAMPLE_CAPACITY = 720;

export class Metrics {
  readonly t = new Float64Array(SAMPLE_CAPACITY);
  private readonly series = new Map<string, { buf: Float32Array; read: () => number }>();
  private n = 0;

  constructor(
    private readonly sim: Sim,
    readonly sampleMs = 10_000,
  ) {
    sim.on(EV.METRICS, () => this.sample());
    sim.at(sampleMs, EV.METRICS);
    sim.track('metrics.t', () => this.t);
    sim.trackScalar('metrics.n', () => this.n);
  }

  add(name: string, read: () => number): void {
    const buf = new Float32Array(SAMPLE_CAPACITY);
    this.series.set(name, { buf, read });
    this.sim.track('metrics.' + name, () => buf);
  }

  private sample(): void {
    const i = this.n % SAMPLE_CAPACITY;
    this.t[i] = this.sim.now;
    for (const s of this.series.values()) s.buf[i] = s.read();
    this.n++;
    this.sim.after(this.sampleMs, EV.METRICS);
  }

  /** Copies of every series in time order (oldest first). */
  snapshot(): { t: Float64Array; series: Record<string, Float32Array> } {
    const len = Math.min(this.n, SAMPLE_CAPACITY);
    const start = this.n - len;
    const t = new Float64Array(len);
    const series: Record<string, Float32Array> = {};
    for (let k = 0; k < len; k++) t[k] = this.t[(start + k) % SAMPLE_CAPACITY];
    for (const [name, s] of this.series) {
      const out = new Float32Array(len);
      for (let k = 0; k < len; k++) out[k] = s.buf[(start + k) % SAMPLE_CAPACITY];
      series[name] = out;
    }
    return { t, series };
  }
}
