// The writes view's pure helpers: flush-timeline lanes and spans (on a real engine's
// records, before and after a rack loses the only memory copies), log marks,
// latency CDFs and quantiles against the engine's, the percentile axis, live
// parameter and power state from the timeline, and the writes.* log phrases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario } from '../../worker/scenario/schema';
import { afterFlushes } from '../engine/writes/moments';
import type { TimelineView } from '../../worker/contract';
import { BINS, BINS_PER_OCTAVE, binOf, MIN_MS, quantileMs } from '../../worker/engine/writes/latency';
import type { LogEntry } from '../../worker/contract';
import { phraseLog, registerPhrases } from '../../src/lib/i18n';
import { PHRASES, STRINGS } from '../../src/views/writes/strings';
import {
  buildLanes,
  cdf,
  clockLabel,
  clockMs,
  pickWrite,
  cdfDomain,
  collectMarks,
  copySpan,
  fmtMs,
  H_DISK,
  H_MEMORY,
  H_MEMORY_LOST,
  laneKey,
  logTicks,
  lostTotal,
  quantile,
  tailDepth,
  vulnerableSpan,
} from '../../src/views/writes/model';

const MIN = 60_000;
const SMALL = { 'cluster.nodes': 400, 'storage.chunks': 20_000, 'scheduler.enabled': false };

function engine(params: Record<string, string | number | boolean>, timeline: { t: number; action: string; args: Record<string, number> }[] = []) {
  return new Engine({ ...defaultScenario(), seed: 3, params: { ...SMALL, ...params }, timeline });
}

/** A hand-made view: one record per entry, holders given as [node, arrive, flush, state, end]. */
function view(recs: { stream: number; issue: number; ack: number; lost?: 0 | 1; h: [number, number, number, number, number][] }[]): TimelineView {
  const n = recs.length,
    H = Math.max(1, ...recs.map((r) => r.h.length));
  const v: TimelineView = {
    n,
    holders: H,
    stream: Int32Array.from(recs.map((r) => r.stream)),
    mode: new Uint8Array(n).fill(1),
    lost: Uint8Array.from(recs.map((r) => r.lost ?? 0)),
    issue: Float64Array.from(recs.map((r) => r.issue)),
    ack: Float32Array.from(recs.map((r) => r.ack)),
    node: new Int32Array(n * H).fill(-1),
    arrive: new Float32Array(n * H),
    flush: new Float32Array(n * H).fill(-1),
    state: new Uint8Array(n * H),
    end: new Float32Array(n * H).fill(-1),
  };
  recs.forEach((r, i) =>
    r.h.forEach(([node, arrive, flush, state, end], j) => {
      const o = i * H + j;
      v.node[o] = node;
      v.arrive[o] = arrive;
      v.flush[o] = flush;
      v.state[o] = state;
      v.end[o] = end;
    }),
  );
  return v;
}

describe('flush timeline lanes and spans', () => {
  it('lanes: lost row, then per stream its client row and its servers in order of first appearance, then master and power', () => {
    const v = view([
      {
        stream: 2,
        issue: 0,
        ack: 1,
        h: [
          [30, 0.1, 200, H_DISK, -1],
          [31, 0.1, 210, H_DISK, -1],
        ],
      },
      {
        stream: 0,
        issue: 5,
        ack: 1,
        h: [
          [7, 0.1, 200, H_DISK, -1],
          [8, 0.1, 200, H_DISK, -1],
        ],
      },
      {
        stream: 2,
        issue: 9,
        ack: 1,
        h: [
          [31, 0.1, -1, H_MEMORY, -1],
          [44, 0.1, -1, H_MEMORY, -1],
        ],
      },
    ]);
    const lanes = buildLanes(v);
    expect(lanes.map((l) => (l.kind === 'server' ? `${l.stream}:${l.node}` : l.kind === 'client' ? `c${l.stream}` : l.kind))).toEqual([
      'lost',
      'c0',
      '0:7',
      '0:8',
      'c2',
      '2:30',
      '2:31',
      '2:44',
      'master',
      'power',
    ]);
    expect(buildLanes(null).map((l) => l.kind)).toEqual(['lost', 'master', 'power']);
    expect(laneKey(2, 31)).not.toBe(laneKey(0, 31));
  });

  it('a copy is only in memory from arrival to its flush, its end, or now while still in memory', () => {
    const v = view([
      {
        stream: 0,
        issue: 1000,
        ack: 0.5,
        h: [
          [1, 0.2, 300, H_DISK, -1],
          [2, 0.2, -1, H_MEMORY, -1],
          [3, 0.2, -1, H_MEMORY_LOST, 700],
        ],
      },
    ]);
    const a = copySpan(v, 0, 0, 5000)!;
    expect(a.arrive).toBeCloseTo(1000.2, 4);
    expect(a).toMatchObject({ memEnd: 1300, flushed: true, open: false });
    expect(copySpan(v, 0, 1, 5000)).toMatchObject({ memEnd: 5000, flushed: false, open: true });
    expect(copySpan(v, 0, 2, 5000)).toMatchObject({ memEnd: 1700, flushed: false, open: false, state: H_MEMORY_LOST });
  });

  it('the vulnerability window runs from the ack to the first copy on disk; none when a disk had it before the ack (pipeline)', () => {
    const redo = view([
      {
        stream: 0,
        issue: 0,
        ack: 0.5,
        h: [
          [1, 0.2, 400, H_DISK, -1],
          [2, 0.2, 300, H_DISK, -1],
        ],
      },
    ]);
    expect(vulnerableSpan(redo, 0, 10_000)).toEqual({ from: 0.5, to: 300, open: false });
    const open = view([{ stream: 0, issue: 0, ack: 0.5, h: [[1, 0.2, -1, H_MEMORY, -1]] }]);
    expect(vulnerableSpan(open, 0, 900)).toEqual({ from: 0.5, to: 900, open: true });
    const lost = view([
      {
        stream: 0,
        issue: 0,
        ack: 0.5,
        lost: 1,
        h: [
          [1, 0.2, -1, H_MEMORY_LOST, 600],
          [2, 0.2, -1, H_MEMORY_LOST, 650],
        ],
      },
    ]);
    expect(vulnerableSpan(lost, 0, 9000)).toEqual({ from: 0.5, to: 650, open: false });
    const pipeline = view([
      {
        stream: 0,
        issue: 0,
        ack: 40,
        h: [
          [1, 0.2, 20, H_DISK, -1],
          [2, 0.5, 39, H_DISK, -1],
        ],
      },
    ]);
    expect(vulnerableSpan(pipeline, 0, 9000)).toBeNull();
  });

  it('the write under the pointer: a server row picks the copy whose memory span covers the time (or the nearest within the tolerance), a client row the nearest ack', () => {
    const v = view([
      {
        stream: 0,
        issue: 1000,
        ack: 0.5,
        h: [
          [7, 0.2, 300, H_DISK, -1],
          [8, 0.2, 320, H_DISK, -1],
        ],
      },
      {
        stream: 0,
        issue: 2000,
        ack: 0.5,
        h: [
          [7, 0.2, 300, H_DISK, -1],
          [8, 0.2, 320, H_DISK, -1],
        ],
      },
      { stream: 1, issue: 2000, ack: 0.5, h: [[7, 0.2, 300, H_DISK, -1]] },
    ]);
    const lanes = buildLanes(v);
    const s0n8 = lanes.find((l) => l.kind === 'server' && l.stream === 0 && l.node === 8);
    expect(pickWrite(v, s0n8, 1200, 5000, 10)).toEqual({ r: 0, j: 1 });
    expect(pickWrite(v, s0n8, 2325, 5000, 10)).toEqual({ r: 1, j: 1 });
    expect(pickWrite(v, s0n8, 1700, 5000, 10)).toBeNull();
    const c1 = lanes.find((l) => l.kind === 'client' && l.stream === 1);
    expect(pickWrite(v, c1, 2003, 5000, 10)).toEqual({ r: 2, j: -1 });
    expect(pickWrite(v, lanes[0], 2000, 5000, 10)).toBeNull(); // the lost row
    expect(clockMs(605_042.7)).toBe('10:05.042');
  });

  it('on an engine: every record’s servers have lanes; cutting the rack of a non-isolated sampled stream shows its writes lost, copies ended in memory with a time', () => {
    const params = { 'writes.mode': 'redo-log', 'writes.isolation': 'none' };
    // stream 0's copies are all on rack 0: cut it ≥ 100 ms after a tick, before any of them flushes again
    const pre = engine(params);
    pre.runUntil(2 * MIN);
    const cut = afterFlushes(pre, 0, 2 * MIN + 100, 0);
    const e = engine(params, [{ t: cut, action: 'rack-power-off', args: { rack: 0 } }]);
    e.runUntil(cut - 1);
    const before = e.writes.timelineView();
    expect(before.n).toBeGreaterThan(20);
    const lanes = buildLanes(before);
    const keys = new Set(lanes.flatMap((l) => (l.kind === 'server' ? [laneKey(l.stream, l.node)] : [])));
    for (let r = 0; r < before.n; r++)
      for (let j = 0; j < before.holders; j++) {
        const o = r * before.holders + j;
        if (before.node[o] < 0) continue;
        expect(keys.has(laneKey(before.stream[r], before.node[o]))).toBe(true);
        const sp = copySpan(before, r, j, e.now)!;
        expect(sp.memEnd).toBeGreaterThanOrEqual(sp.arrive);
      }
    // stream 0 writes from rack 0 and, without isolation, keeps its copies there
    let lostBefore = 0;
    for (let r = 0; r < before.n; r++) lostBefore += before.lost[r];
    expect(lostBefore).toBe(0);
    e.runUntil(cut + 2000);
    const after = e.writes.timelineView();
    const lostRecs: number[] = [];
    for (let r = 0; r < after.n; r++) if (after.lost[r]) lostRecs.push(r);
    expect(lostRecs.length).toBeGreaterThan(0);
    for (const r of lostRecs) {
      expect(after.stream[r]).toBe(0);
      const w = vulnerableSpan(after, r, e.now)!;
      expect(w.open).toBe(false);
      expect(after.issue[r] + after.ack[r]).toBeLessThanOrEqual(cut);
      expect(w.to).toBeCloseTo(cut, 1); // the copies ended when the power went (float32 offsets)
      for (let j = 0; j < after.holders; j++) {
        const o = r * after.holders + j;
        if (after.node[o] >= 0) expect(after.state[o]).toBe(H_MEMORY_LOST);
      }
    }
    expect(e.writes.frame().ackedLost).toBeGreaterThan(0);
  });
});

describe('log marks', () => {
  const entry = (seq: number, code: string, t = seq * 10): LogEntry => ({ seq, t, code });
  it('keeps the write path’s and power entries newer than the last seen, oldest first, capped', () => {
    const log = [
      entry(5, 'writes.ackedLost'),
      entry(4, 'node.restart'),
      entry(3, 'rack.powerOff'),
      entry(2, 'writes.flushTimeout'),
      entry(1, 'writes.writeError'),
    ];
    const a = collectMarks([], log, 1);
    expect(a.seenSeq).toBe(5);
    expect(a.marks.map((m) => m.code)).toEqual(['writes.flushTimeout', 'rack.powerOff', 'writes.ackedLost']);
    const same = collectMarks(a.marks, log, a.seenSeq);
    expect(same.marks).toBe(a.marks);
    const more = collectMarks(a.marks, [entry(7, 'dc.powerOff'), entry(6, 'writes.scrubCorrupt'), ...log], a.seenSeq, 4);
    expect(more.marks.map((m) => m.seq)).toEqual([3, 5, 6, 7]);
  });
});

describe('latency', () => {
  const hist = () => {
    const h = new Float64Array(BINS);
    for (const [ms, n] of [
      [0.3, 500],
      [0.9, 400],
      [15, 90],
      [120, 10],
    ] as const)
      h[binOf(ms)] += n;
    return h;
  };
  it('quantiles equal the engine’s; the CDF climbs to 1 over the non-empty bins', () => {
    const h = hist();
    for (const q of [0.5, 0.9, 0.99, 0.999]) expect(quantile(h, q, MIN_MS, BINS_PER_OCTAVE)).toBeCloseTo(quantileMs(h, q), 9);
    const c = cdf(h, MIN_MS, BINS_PER_OCTAVE);
    expect(c[0].p).toBe(0);
    expect(c[c.length - 1].p).toBeCloseTo(1, 12);
    for (let i = 1; i < c.length; i++) {
      expect(c[i].ms).toBeGreaterThan(c[i - 1].ms);
      expect(c[i].p).toBeGreaterThanOrEqual(c[i - 1].p);
    }
    // half the writes are at 0.3 ms: the CDF passes 0.5 at the bin holding 0.3 ms
    const at = c.find((p) => p.p >= 0.5)!;
    expect(at.ms).toBeGreaterThan(0.3);
    expect(at.ms).toBeLessThan(0.3 * 1.2);
    expect(cdf(new Float64Array(BINS), MIN_MS, BINS_PER_OCTAVE)).toEqual([]);
    const [lo, hi] = cdfDomain([c]);
    expect(lo).toBe(0.1);
    expect(hi).toBe(1000);
    expect(logTicks(lo, hi)).toEqual([0.1, 1, 10, 100, 1000]);
  });
  it('the percentile axis spaces p50 < p90 < p99 < p99.9 by decades of the tail', () => {
    expect(tailDepth(0)).toBe(0);
    expect(tailDepth(0.9)).toBeCloseTo(1, 9);
    expect(tailDepth(0.99)).toBeCloseTo(2, 9);
    expect(tailDepth(0.9999)).toBe(3);
    expect(tailDepth(1)).toBe(3);
  });
  it('formats latencies for reading', () => {
    expect(fmtMs(0.24)).toBe('240 µs');
    expect(fmtMs(7.25)).toBe('7.3 ms');
    expect(fmtMs(62)).toBe('62 ms');
    expect(fmtMs(31_000)).toBe('31 s');
    expect(fmtMs(0)).toBe('0');
    expect(clockLabel(605_000)).toBe('10:05');
    expect(clockLabel(3_600_000 + 65_000)).toBe('1:01:05');
    // before the run's start (the timeline's first 40 s): a minus sign, never '-1:-35'
    expect(clockLabel(-95_000)).toBe('−1:35');
    expect(clockLabel(26 * 3_600_000)).toBe('26:00:00');
  });
});

describe('losses', () => {
  it('sum over causes', () => {
    expect(lostTotal({ 'rack-power': 3, crash: 2 })).toBe(5);
    expect(lostTotal(undefined)).toBe(0);
  });
});

describe('strings and log phrases', () => {
  it('both languages have every key', () => {
    expect(Object.keys(STRINGS.zh).sort()).toEqual(Object.keys(STRINGS.en).sort());
  });
  it('every writes.* code the engine notes has a phrase in both languages, with its numbers', () => {
    const dir = join(fileURLToPath(new URL('.', import.meta.url)), '../../worker/engine/writes');
    const codes = new Set<string>();
    for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/code: '(writes\.\w+)'/g)) codes.add(m[1]);
    expect(codes.size).toBeGreaterThanOrEqual(4);
    registerPhrases(PHRASES);
    for (const code of codes) {
      expect(PHRASES.en[code], code).toBeTypeOf('function');
      expect(PHRASES.zh[code], code).toBeTypeOf('function');
    }
    const e: LogEntry = { seq: 1, t: 0, code: 'writes.ackedLost', v: 50, rack: 17, node: 690, s: 'rack-power' };
    expect(phraseLog('en', e)).toContain('50');
    expect(phraseLog('en', e)).toContain('rack power');
    expect(phraseLog('zh', e)).toContain('机架断电');
    const to: LogEntry = { seq: 2, t: 0, code: 'writes.flushTimeout', node: 12, rack: 0, disk: 144, v: 30_500 };
    expect(phraseLog('en', to)).toContain('30.5 s');
    expect(phraseLog('zh', to)).toContain('30.5');
  });
});
