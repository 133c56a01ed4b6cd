import { describe, expect, it } from 'vitest';
import { mergeLog } from '../../src/lib/logMerge';
import type { LogEntry } from '../../worker/contract';

const entries = (from: number, to: number): LogEntry[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, t: (from + i) * 1000, code: 'x' }));
const seqs = (log: LogEntry[]) => log.map((e) => e.seq);

describe("the page's log", () => {
  it('puts new entries on top, newest first, within what it keeps', () => {
    const kept = mergeLog([], entries(0, 3), 200);
    expect(seqs(kept)).toEqual([3, 2, 1, 0]);
    expect(seqs(mergeLog(kept, entries(4, 5), 200))).toEqual([5, 4, 3, 2, 1, 0]);
    expect(seqs(mergeLog(kept, entries(4, 5), 5))).toEqual([5, 4, 3, 2, 1]);
    expect(mergeLog(kept, [], 200)).toBe(kept);
  });

  it('after a move the whole log comes again: what it repeats replaces the kept entries, each entry once', () => {
    const kept = mergeLog([], entries(0, 9), 200); // the page had entries 0–9
    const after = mergeLog(kept, entries(0, 6), 200); // a landing's frame: the whole log there, 0–6
    expect(seqs(after)).toEqual([6, 5, 4, 3, 2, 1, 0]);
    // a later landing further on: 0–12 again (a restored checkpoint), none twice
    const later = mergeLog(after, entries(0, 12), 200);
    expect(new Set(seqs(later)).size).toBe(later.length);
    expect(seqs(later)[0]).toBe(12);
  });
});
