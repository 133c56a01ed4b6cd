/**
 * The event log: what happened, newest last, as codes with targets and values so
 * the page can phrase them in either language. A bounded ring: old entries roll
 * off; counts per code are kept for the whole run.
 */
export interface LogEntry {
  seq: number;
  t: number;
  code: string;
  node?: number;
  rack?: number;
  disk?: number;
  v?: number;
  /** a short detail, e.g. a parameter path (rendered as text, never HTML) */
  s?: string;
  /** Whether this was a user/timeline action rather than something the cluster did. */
  user?: boolean;
}

export class EventLog {
  private readonly ring: (LogEntry | undefined)[];
  private next = 0;
  readonly counts = new Map<string, number>();
  /** Called with every entry as it is added (the audit log keeps its own longer record). */
  readonly taps: ((e: LogEntry) => void)[] = [];
  constructor(readonly capacity = 4096) {
    this.ring = new Array(capacity);
  }
  get seq(): number {
    return this.next;
  }
  add(e: Omit<LogEntry, 'seq'>): void {
    const entry = { seq: this.next, ...e } as LogEntry;
    this.ring[this.next % this.capacity] = entry;
    this.next++;
    this.counts.set(e.code, (this.counts.get(e.code) ?? 0) + 1);
    for (const f of this.taps) f(entry);
  }
  /** Entries with seq ≥ from, oldest first, at most `max` (the newest ones). */
  since(from: number, max = 200): LogEntry[] {
    const start = Math.max(from, this.next - this.capacity, this.next - max, 0);
    const out: LogEntry[] = [];
    for (let s = start; s < this.next; s++) out.push(this.ring[s % this.capacity]!);
    return out;
  }
  hashInto(h: { u32(x: number): void; f64(x: number): void; str(s: string): void }): void {
    h.u32(this.next);
    for (const k of [...this.counts.keys()].sort()) {
      h.str(k);
      h.u32(this.counts.get(k)!);
    }
  }
}
