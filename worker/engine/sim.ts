/**
 * The simulation context every mechanism works on: clock, queue, random streams,
 * parameters, log and counters, plus a registry of the typed arrays that hold the
 * state (for the hash). Pure: no DOM, no wall clock, no unseeded randomness.
 */
import { EventQueue } from './core/queue';
import { Streams } from './core/rng';
import { StateHasher } from './core/hash';
import { EventLog, type LogEntry } from './log';
import type { Params } from '../scenario/params';

export type Handler = (a: number, b: number) => void;

export class Sim {
  now = 0;
  events = 0;
  readonly queue = new EventQueue(4096);
  readonly rng: Streams;
  readonly log = new EventLog();
  /** Whole-run counters, reported in the summary. Insertion order is hashed. */
  readonly counters: Record<string, number> = {};
  /** bumped at each live change of `params` (a `set` action): frames resend the values then (FrameConfig.version) */
  paramsVersion = 0;
  private readonly handlers: (Handler | undefined)[] = [];
  private readonly arrays: { name: string; get: () => ArrayBufferView }[] = [];
  private readonly scalars: { name: string; get: () => number }[] = [];
  private readonly pop = new Float64Array(4);

  constructor(
    readonly params: Params,
    readonly seed: number,
  ) {
    this.rng = new Streams(seed);
  }

  on(kind: number, h: Handler): void {
    if (this.handlers[kind]) throw new Error(`event kind ${kind} has a handler already`);
    this.handlers[kind] = h;
  }

  at(time: number, kind: number, a = 0, b = 0): void {
    this.queue.push(time < this.now ? this.now : time, kind, a, b);
  }
  after(delay: number, kind: number, a = 0, b = 0): void {
    this.at(this.now + delay, kind, a, b);
  }

  /** Runs every event with time ≤ limit; leaves `now` at the last event's time. */
  processUntil(limit: number): void {
    const out = this.pop;
    while (this.queue.peekTime() <= limit) {
      this.queue.pop(out);
      this.now = out[0];
      this.events++;
      const h = this.handlers[out[1]];
      if (!h) throw new Error(`no handler for event kind ${out[1]}`);
      h(out[2], out[3]);
    }
  }

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }
  peak(name: string, value: number): void {
    if (!(name in this.counters) || value > this.counters[name]) this.counters[name] = value;
  }

  note(e: Omit<LogEntry, 'seq' | 't'>): void {
    this.log.add({ t: this.now, ...e });
  }

  /** Registers state for the hash; `get` is called at hash time (arrays may be replaced as they grow). */
  track(name: string, get: () => ArrayBufferView): void {
    this.arrays.push({ name, get });
  }
  trackScalar(name: string, get: () => number): void {
    this.scalars.push({ name, get });
  }

  hash(): string {
    const h = new StateHasher();
    h.f64(this.now);
    h.f64(this.events);
    this.queue.hashInto(h);
    for (const n of this.rng.names()) {
      h.str(n);
      h.array(this.rng.get(n).s);
    }
    for (const a of this.arrays) {
      h.str(a.name);
      h.array(a.get());
    }
    for (const s of this.scalars) {
      h.str(s.name);
      h.f64(s.get());
    }
    for (const [k, v] of Object.entries(this.counters)) {
      h.str(k);
      h.f64(v);
    }
    this.log.hashInto(h);
    return h.digest();
  }
}
