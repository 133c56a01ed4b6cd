/**
 * The write path seen from outside (issue 5: P4, P5): what the frame carries
 * (`WritesFrame`), the CLI summary's `writes` group, and the API's views — the
 * latency histograms per mode, the flush timeline's lanes. Fresh copies and plain
 * objects, read from `Writes` and its parts; nothing here changes state.
 */
import type { Writes } from './writes';
import { REFUSE_NAMES } from './choice';
import { CAUSES, MAXT } from './redoLog';
import type { TimelineView } from './flushTimeline';
import { BINS, BINS_PER_OCTAVE, MIN_MS, MODES, ROW_ACTUAL, ROW_FLUSH, ROW_MAJORITY, ROW_PIPELINE, ROW_REDO } from './latency';

/** sampled records in each frame (the API gives the whole ring) */
export const FRAME_TIMELINE = 160;

export interface WritesFrame {
  enabled: boolean;
  mode: string;
  streams: number;
  /** acknowledged writes over the run */
  acked: number;
  /** acknowledged writes per second in the last tick */
  ackedPerSec: number;
  /** acknowledged writes later lost (redo log), and per cause */
  ackedLost: number;
  lostByCause: Record<string, number>;
  /** a UPS on power cuts (writes.upsMs; 0: none): bytes it let servers write out after the cut, acknowledged writes lost in cuts despite it */
  ups: { ms: number; savedBytes: number; lostWrites: number };
  /** writes the clients could not place (no accepting servers) */
  stalled: number;
  /** unflushed redo-log bytes in all servers' memory now */
  memoryBytes: number;
  /** age of the oldest unflushed write now, ms (−1: none) */
  oldestUnflushedMs: number;
  maxFlushDelayMs: number;
  flushTimeouts: number;
  writeErrors: number;
  refusals: number;
  scrubFound: number;
  /** histogram bins: BINS bins, binsPerOctave per octave from minMs (bin b's lower edge = minMs × 2^(b>>3) × (1 + (b&7)/8)) */
  bins: number;
  binsPerOctave: number;
  minMs: number;
  /** recent window (~1 min) per mode — the mode in use as it happened, the others as the same writes would have fared */
  latency: { pipeline: Uint32Array; 'redo-log': Uint32Array; majority: Uint32Array };
  /** recent p50 / p99 per mode, ms */
  p50Ms: { pipeline: number; 'redo-log': number; majority: number };
  p99Ms: { pipeline: number; 'redo-log': number; majority: number };
  /** recent memory-to-disk flush delays (first holder of each segment) */
  flushDelay: Uint32Array;
  /** unflushed redo-log memory per server, 0–255 of writes.memoryLimitMB (1 = some); empty while no server holds any (pipeline modes) */
  nodeMemory: Uint8Array;
  /** sampled writes (see flushTimeline.ts) */
  timeline: TimelineView;
}

export interface LatencyRow {
  /** whole run, writes per bin */
  total: Uint32Array;
  /** recent window (~1 min, decayed) */
  recent: Uint32Array;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  writes: number;
}

export interface WriteLatencyView {
  mode: string;
  bins: number;
  binsPerOctave: number;
  minMs: number;
  /** pipeline, redo-log, majority (the mode in use as it happened, the others for the same writes), actual (as they happened), flushDelay (memory → disk) */
  rows: Record<'pipeline' | 'redo-log' | 'majority' | 'actual' | 'flushDelay', LatencyRow>;
}

export interface WriteLane {
  stream: number;
  node: number;
  disk: number;
}

export type WritesSummary = ReturnType<typeof writesSummary>;

const round2 = (x: number) => Math.round(x * 100) / 100;

function byCause(w: Writes): Record<string, number> {
  const out: Record<string, number> = {};
  CAUSES.forEach((c, i) => (out[c] = w.redo.lostByCause[i]));
  return out;
}

export function writesFrame(w: Writes): WritesFrame {
  const p = w.d.sim.params;
  const h = w.hist;
  const r = w.redo;
  const n = w.d.topo.nodes;
  // per-server unflushed memory; empty while nothing is unflushed (pipeline modes)
  const nodeMemory = new Uint8Array(r.memoryBytes > 0 || r.nActive > 0 ? n : 0);
  const scale = 255 / Math.max(1, p['writes.memoryLimitMB'] * 1e6);
  if (r.memoryBytes > 0)
    for (let i = 0; i < n; i++) {
      const m = r.nodeMem[i];
      if (m > 0) nodeMemory[i] = Math.max(1, Math.min(255, Math.round(m * scale)));
    }
  const q = (row: number, x: number) => round2(h.quantile(row, x, true));
  return {
    enabled: w.enabled,
    mode: p['writes.mode'],
    streams: w.streams,
    acked: w.acked,
    ackedPerSec: w.ackedPerSec,
    ackedLost: r.lostWrites,
    lostByCause: byCause(w),
    ups: { ms: p['writes.upsMs'], savedBytes: Math.round(r.upsSavedBytes), lostWrites: r.upsLostWrites },
    stalled: w.stalled,
    memoryBytes: Math.round(r.memoryBytes),
    oldestUnflushedMs: Math.round(r.oldestUnflushedMs),
    maxFlushDelayMs: Math.round(r.maxFlushDelayMs),
    flushTimeouts: r.flushTimeouts,
    writeErrors: r.writeErrors,
    refusals: refusalsTotal(w),
    scrubFound: w.scrub.found,
    bins: BINS,
    binsPerOctave: BINS_PER_OCTAVE,
    minMs: MIN_MS,
    latency: { pipeline: h.row(ROW_PIPELINE, true), 'redo-log': h.row(ROW_REDO, true), majority: h.row(ROW_MAJORITY, true) },
    p50Ms: { pipeline: q(ROW_PIPELINE, 0.5), 'redo-log': q(ROW_REDO, 0.5), majority: q(ROW_MAJORITY, 0.5) },
    p99Ms: { pipeline: q(ROW_PIPELINE, 0.99), 'redo-log': q(ROW_REDO, 0.99), majority: q(ROW_MAJORITY, 0.99) },
    flushDelay: h.row(ROW_FLUSH, true),
    nodeMemory,
    timeline: w.timeline.view(-1, FRAME_TIMELINE),
  };
}

export function refusalsTotal(w: Writes): number {
  let s = 0;
  for (const x of w.choice.refusals) s += x;
  return s;
}

/** cli.md `writes` group, plus detail. */
export function writesSummary(w: Writes) {
  const h = w.hist;
  const r = w.redo;
  const p = w.d.sim.params;
  const byMode: Record<string, { p50Ms: number; p99Ms: number; writes: number }> = {};
  MODES.forEach(
    (m, row) => (byMode[m] = { p50Ms: round2(h.quantile(row, 0.5)), p99Ms: round2(h.quantile(row, 0.99)), writes: Math.round(h.count(row)) }),
  );
  const refusals: Record<string, number> = {};
  REFUSE_NAMES.forEach((name, i) => {
    if (i > 0) refusals[name] = w.choice.refusals[i];
  });
  return {
    acked: w.acked,
    ackedLost: r.lostWrites,
    p50LatencyMs: round2(h.quantile(ROW_ACTUAL, 0.5)),
    p99LatencyMs: round2(h.quantile(ROW_ACTUAL, 0.99)),
    maxFlushDelayMs: Math.round(r.maxFlushDelayMs),
    mode: p['writes.mode'],
    isolation: p['writes.isolation'],
    memoryCopies: p['writes.memoryCopies'],
    lostByCause: byCause(w),
    lostBytes: Math.round(r.lostBytes),
    stalledWrites: w.stalled,
    flushTimeouts: r.flushTimeouts,
    writeErrors: r.writeErrors,
    reportsToMaster: w.reportsToMaster,
    rescuedBytes: Math.round(r.rescuedBytes),
    memoryPeakBytes: Math.round(r.memoryPeakBytes),
    refusals,
    reselections: w.reselections,
    latencyByMode: byMode,
    p50FlushDelayMs: round2(h.quantile(ROW_FLUSH, 0.5)),
    p99FlushDelayMs: round2(h.quantile(ROW_FLUSH, 0.99)),
    scrubCorruptions: w.scrub.corrupted,
    scrubFound: w.scrub.found,
    scrubMeanDetectHours: w.scrub.found > 0 ? round2(w.scrub.detectMsSum / w.scrub.found / 3_600_000) : 0,
  };
}

/** API: the servers and disks each sampled stream's redo log is in now (the flush timeline's lanes). */
export function lanesView(w: Writes): WriteLane[] {
  const r = w.redo;
  const out: WriteLane[] = [];
  for (let s = 0; s < r.sampleStreams; s++) {
    const g = r.cur[s];
    if (g < 0) continue;
    for (let j = 0; j < r.segN[g]; j++) out.push({ stream: s, node: r.lNode[g * MAXT + j], disk: r.lDisk[g * MAXT + j] });
  }
  return out;
}

/** API: latency histograms per mode, whole run and recent. */
export function latencyView(w: Writes): WriteLatencyView {
  const h = w.hist;
  const rows = { pipeline: ROW_PIPELINE, 'redo-log': ROW_REDO, majority: ROW_MAJORITY, actual: ROW_ACTUAL, flushDelay: ROW_FLUSH } as const;
  const out = {} as WriteLatencyView['rows'];
  for (const [name, row] of Object.entries(rows) as [keyof typeof rows, number][])
    out[name] = {
      total: h.row(row),
      recent: h.row(row, true),
      p50Ms: round2(h.quantile(row, 0.5)),
      p99Ms: round2(h.quantile(row, 0.99)),
      p999Ms: round2(h.quantile(row, 0.999)),
      writes: Math.round(h.count(row)),
    };
  return { mode: w.d.sim.params['writes.mode'], bins: BINS, binsPerOctave: BINS_PER_OCTAVE, minMs: MIN_MS, rows: out };
}
