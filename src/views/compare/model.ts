/**
 * The compare view's pure parts (unit-tested without a browser): the scenario a fork
 * starts from, each side's actions since the fork, servers per rack by state for the
 * mini maps, the key figures with their difference, shared chart scales and the
 * lockstep pair's step size.
 */
import type { Frame, Scenario, TimelineEntry } from '../../../worker/api';
import { BOOTING, DEAD, nodeBelief, nodeTruth, RACK_TOR_DOWN, UP } from '../../../worker/contract';

export type SideId = 'A' | 'B';
export const SIDES: readonly SideId[] = ['A', 'B'];

/**
 * The run's timeline up to the moment `now`: every entry at or before it (before it
 * when the run was just rewound to `now`: the rewind stops before what is recorded
 * there, and those entries belong to the future it keeps).
 */
export function forkTimeline(timeline: readonly TimelineEntry[], now: number, rewound: boolean): TimelineEntry[] {
  return timeline.filter((e) => (rewound ? e.t < now : e.t <= now)).map((e) => ({ t: e.t, action: e.action, args: { ...e.args } }));
}

/** The scenario one side of a fork loads (to `until = now`): the run's own, its future dropped. */
export function forkScenario(base: Scenario, timeline: readonly TimelineEntry[], now: number, rewound: boolean, side: SideId): Scenario {
  return { ...base, name: `${base.name}-fork-${side}`.slice(0, 80), timeline: forkTimeline(timeline, now, rewound) };
}

/** A side's actions since the fork: the entries after the ones it was loaded with. */
export function actionsSinceFork(timeline: readonly TimelineEntry[], forkLen: number): TimelineEntry[] {
  return timeline.slice(Math.max(0, forkLen));
}

/** Classes of servers in a rack tile, drawn bottom to top in this order. */
export const RACK_CLASSES = ['falselyDead', 'believedDead', 'undetected', 'booting', 'up'] as const;
export type RackClass = (typeof RACK_CLASSES)[number];
export const NCLASS = RACK_CLASSES.length;
const C_FALSE = 0,
  C_DEAD = 1,
  C_UNDET = 2,
  C_BOOT = 3,
  C_UP = 4;

/**
 * Servers per rack and class (racks × NCLASS counts, class order as RACK_CLASSES):
 * falsely dead (up and reachable, believed dead), believed dead (and truly down or
 * cut off), down but not noticed yet, booting, up.
 */
export function rackShares(nodeState: Uint8Array, rackFlags: Uint8Array, racks: number, perRack: number): Uint16Array {
  const out = new Uint16Array(racks * NCLASS);
  const n = Math.min(nodeState.length, racks * perRack);
  for (let i = 0; i < n; i++) {
    const s = nodeState[i];
    const r = (i / perRack) | 0;
    const truth = nodeTruth(s),
      belief = nodeBelief(s);
    let c: number;
    if (belief === DEAD) c = truth === UP && !(rackFlags[r] & RACK_TOR_DOWN) ? C_FALSE : C_DEAD;
    else if (truth === UP) c = C_UP;
    else if (truth === BOOTING) c = C_BOOT;
    else c = C_UNDET;
    out[r * NCLASS + c]++;
  }
  return out;
}

/** Totals per class over all racks. */
export function classTotals(shares: Uint16Array): number[] {
  const t = new Array<number>(NCLASS).fill(0);
  for (let i = 0; i < shares.length; i++) t[i % NCLASS] += shares[i];
  return t;
}

/** Rack tiles laid out in a grid `width` CSS px wide: columns, rows, tile size and the gap. */
export interface TileLayout {
  cols: number;
  rows: number;
  w: number;
  h: number;
  gap: number;
  width: number;
  height: number;
}

export function tileLayout(width: number, racks: number, maxHeight = 110): TileLayout {
  const gap = 2;
  const cols = racks <= 25 ? racks : 25;
  const rows = Math.max(1, Math.ceil(racks / Math.max(1, cols)));
  const w = Math.max(3, Math.floor((Math.max(40, width) - (cols - 1) * gap) / Math.max(1, cols)));
  const h = Math.max(4, Math.min(Math.round(w * 1.1), Math.floor((maxHeight - (rows - 1) * gap) / rows)));
  return { cols, rows, w, h, gap, width: cols * w + (cols - 1) * gap, height: rows * h + (rows - 1) * gap };
}

/** The rack under a point (CSS px from the map's top-left), or −1. */
export function tileAt(l: TileLayout, racks: number, x: number, y: number): number {
  if (x < 0 || y < 0) return -1;
  const c = Math.floor(x / (l.w + l.gap)),
    r = Math.floor(y / (l.h + l.gap));
  if (c >= l.cols || r >= l.rows) return -1;
  if (x - c * (l.w + l.gap) >= l.w || y - r * (l.h + l.gap) >= l.h) return -1;
  const rack = r * l.cols + c;
  return rack < racks ? rack : -1;
}

/** The key figures compared, in display order. */
export const FIGURE_IDS = [
  'believedDead',
  'trulyDown',
  'falselyDead',
  'underReplicated',
  'lost',
  'recoveryGbps',
  'coreUtil',
  'jobSlowdown',
  'masterP99',
  'ackedLost',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];
export type FigureKind = 'count' | 'gbps' | 'pct' | 'ratio' | 'ms';
export const FIGURE_KIND: Record<FigureId, FigureKind> = {
  believedDead: 'count',
  trulyDown: 'count',
  falselyDead: 'count',
  underReplicated: 'count',
  lost: 'count',
  recoveryGbps: 'gbps',
  coreUtil: 'pct',
  jobSlowdown: 'ratio',
  masterP99: 'ms',
  ackedLost: 'count',
};

/** What figures need from a frame (a real Frame satisfies it). */
export type FigureFrame = Pick<Frame, 'nodes' | 'coreUtil'> & {
  counts: Pick<Frame['counts'], 'up' | 'believedDead' | 'falselyDead'>;
  storage: Pick<Frame['storage'], 'underReplicatedChunks' | 'lostChunks'>;
  recovery: Pick<Frame['recovery'], 'deliveredGbps'>;
  scheduler: { counts: Pick<Frame['scheduler']['counts'], 'jobsCompleted' | 'meanJobSlowdown'> };
  ops: Pick<Frame['ops'], 'masterP99Ms'>;
  writes?: Pick<Frame['writes'], 'ackedLost'>;
};

/**
 * Mean slowdown of the jobs finished since the fork, from the whole-run mean and count
 * now and at the fork (NaN when none has finished since).
 */
export function slowdownSince(
  now: { jobsCompleted: number; meanJobSlowdown: number },
  atFork: { jobsCompleted: number; meanJobSlowdown: number } | null,
): number {
  const n0 = atFork?.jobsCompleted ?? 0,
    m0 = atFork?.meanJobSlowdown ?? 0;
  const n = now.jobsCompleted - n0;
  if (!(n > 0)) return NaN;
  return Math.max(1, (now.meanJobSlowdown * now.jobsCompleted - m0 * n0) / n);
}

/** One figure's value in a frame. */
export function figureValue(id: FigureId, f: FigureFrame, atFork: FigureFrame | null): number {
  switch (id) {
    case 'believedDead':
      return f.counts.believedDead;
    case 'trulyDown':
      return f.nodes - f.counts.up;
    case 'falselyDead':
      return f.counts.falselyDead;
    case 'underReplicated':
      return f.storage.underReplicatedChunks;
    case 'lost':
      return f.storage.lostChunks;
    case 'recoveryGbps':
      return f.recovery.deliveredGbps;
    case 'coreUtil':
      return f.coreUtil;
    case 'jobSlowdown':
      return slowdownSince(f.scheduler.counts, atFork?.scheduler.counts ?? null);
    case 'masterP99':
      return f.ops.masterP99Ms;
    case 'ackedLost':
      return f.writes?.ackedLost ?? 0;
  }
}

export interface FigureRow {
  id: FigureId;
  kind: FigureKind;
  a: number;
  b: number;
  /** b − a (NaN when either is unknown) */
  diff: number;
  /** which side is worse (every figure here is "more is worse"), or null when equal */
  worse: SideId | null;
}

/** Small differences that are rounding, not a difference. */
const EPS: Record<FigureKind, number> = { count: 0.5, gbps: 0.005, pct: 0.005, ratio: 0.005, ms: 0.5 };

export function figureRows(a: FigureFrame | null, b: FigureFrame | null, atFork: FigureFrame | null): FigureRow[] {
  return FIGURE_IDS.map((id) => {
    const kind = FIGURE_KIND[id];
    const va = a ? figureValue(id, a, atFork) : NaN,
      vb = b ? figureValue(id, b, atFork) : NaN;
    const diff = vb - va;
    const worse = Number.isFinite(diff) && Math.abs(diff) > EPS[kind] ? (diff > 0 ? 'B' : 'A') : null;
    return { id, kind, a: va, b: vb, diff, worse };
  });
}

/** A figure as text (the difference with a sign when `signed`). */
export function formatFigure(kind: FigureKind, v: number, signed = false): string {
  if (!Number.isFinite(v)) return '–';
  const sign = signed ? (v > 0 ? '+' : v < 0 ? '−' : '±') : v < 0 ? '−' : '';
  const x = Math.abs(v);
  switch (kind) {
    case 'count':
      return sign + (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : Math.round(x).toLocaleString('en-US'));
    case 'gbps':
      return sign + (x >= 100 ? String(Math.round(x)) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' Gb/s';
    case 'pct':
      return sign + `${Math.round(x * 100)} %`;
    case 'ratio':
      return signed ? sign + x.toFixed(2) : `${x.toFixed(2)}×`;
    case 'ms':
      return sign + (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
  }
}

/** The largest value of any of the named series in any of the frames since `since` (at least `min`): one y-scale for both sides. */
export function sharedTop(
  frames: readonly (Pick<Frame, 'series'> | null | undefined)[],
  names: readonly string[],
  since: number,
  min: number,
): number {
  let m = min;
  for (const f of frames) {
    if (!f) continue;
    const t = f.series.t;
    for (const name of names) {
      const v = f.series.series[name];
      if (!v) continue;
      for (let i = 0; i < Math.min(t.length, v.length); i++) if (t[i] >= since && v[i] > m) m = v[i];
    }
  }
  return m;
}

/** Speeds the pair runs at (× real time). */
export const PAIR_SPEEDS = [10, 60, 600, 3600] as const;
/** Most wall time one lockstep tick may cover, so a slow tick does not become a jump. */
export const MAX_TICK_WALL_MS = 250;

/** Simulated ms one lockstep tick advances both sides: speed × wall time since the last tick, bounded; whole ms, at least 1. */
export function pairStepMs(speed: number, wallMs: number): number {
  const w = Math.min(MAX_TICK_WALL_MS, Math.max(0, wallMs));
  return Math.max(1, Math.round(speed * w));
}

/** What one press of "step" advances the pair. */
export function pairStepFor(speed: number): number {
  if (speed < 60) return 10_000;
  if (speed < 600) return 60_000;
  if (speed < 3600) return 300_000;
  return 600_000;
}
