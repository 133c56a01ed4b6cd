/**
 * The storage view's drawing as plain functions (unit-tested without a browser):
 * replica classes and their colours, the compact rack strip (layout, hit test,
 * paint), the per-rack heat scale and the rack × rack spread matrix on a log scale.
 */
import { TRUTH_MASK } from '../../../worker/contract';
import { CANVAS_BG, FOCUS_RING, LABEL_INK, TRUTH_FILL } from '../../lib/palette';

// ---- replicas ---------------------------------------------------------------------

/** What one replica is, truth and the master's belief together. */
export type ReplicaClass = 'ok' | 'unreachable' | 'writtenOff' | 'gone';
export const REPLICA_CLASSES: ReplicaClass[] = ['ok', 'unreachable', 'writtenOff', 'gone'];

/** Okabe–Ito: green fine, orange unreachable, reddish purple written off by mistake, vermillion destroyed. */
export const REPLICA_COLOUR: Record<ReplicaClass, string> = {
  ok: '#009E73',
  unreachable: '#E69F00',
  writtenOff: '#CC79A7',
  gone: '#D55E00',
};

export function replicaClass(r: { exists: boolean; reachable: boolean; counted: boolean }): ReplicaClass {
  if (!r.exists) return 'gone';
  if (!r.reachable) return 'unreachable';
  return r.counted ? 'ok' : 'writtenOff';
}

// ---- the rack strip -----------------------------------------------------------------

export interface StripLayout {
  racks: number;
  perRack: number;
  nodes: number;
  /** cells across and down inside one rack */
  cols: number;
  rows: number;
  racksPerRow: number;
  rackRows: number;
  cell: number;
  gap: number;
  /** left margin for rack-row labels */
  label: number;
  ox: number;
  oy: number;
  width: number;
  height: number;
}

const STRIP_COLS = [1, 2, 4, 5, 8, 10, 20, 40];
/** the largest cell the strip draws, CSS px */
const STRIP_MAX_CELL = 24;

/**
 * A replica marker's radius for a cell size: a disc over the server's cell, at least
 * 7 px (legible on a projector when 5,000 servers make cells of 2–3 px), at most a little
 * over the cell's half-diagonal (at 400 servers the cells are large: a marker 1.5 cells
 * wide hid its neighbours and stood out of the canvas).
 */
export function stripMarkerRadius(cell: number): number {
  return Math.max(7, cell * 0.8);
}
/** half the width of a marker's white outline */
export const STRIP_MARKER_OUTLINE = 2.5;
/** how far a marker (with its outline) reaches beyond its cell's edge, CSS px */
function markerOverhang(cell: number): number {
  return Math.max(0, Math.ceil(stripMarkerRadius(cell) + STRIP_MARKER_OUTLINE - cell / 2));
}

/**
 * The largest cell size at which every rack fits in width × height, racks kept
 * whole as small blocks (no header: the row's first rack number sits in a left margin).
 */
export function stripLayout(nodes: number, racks: number, perRack: number, width: number, height: number): StripLayout {
  // Margins keep replica markers (which overhang their cell) inside the canvas: at the
  // top, the bottom and the right as wide as the largest cell's overhang (the rack-row
  // labels' margin covers the left).
  const label = 30,
    gap = 3,
    top = markerOverhang(STRIP_MAX_CELL);
  height = Math.max(10, height - 2 * top);
  width = Math.max(label + 10, width - top);
  let best: StripLayout | null = null;
  for (const cols of STRIP_COLS) {
    if (cols > perRack) break;
    const rows = Math.ceil(perRack / cols);
    for (let rpr = 1; rpr <= racks; rpr++) {
      const rackRows = Math.ceil(racks / rpr);
      const cw = (width - label - (rpr - 1) * gap) / (rpr * cols);
      const ch = (height - (rackRows - 1) * gap) / (rackRows * rows);
      const cell = Math.floor(Math.min(cw, ch, STRIP_MAX_CELL) * 2) / 2;
      if (cell < 1) continue;
      if (!best || cell > best.cell || (cell === best.cell && rackRows < best.rackRows)) {
        const w: number = label + rpr * cols * cell + (rpr - 1) * gap;
        const h: number = rackRows * rows * cell + (rackRows - 1) * gap;
        best = {
          racks,
          perRack,
          nodes,
          cols,
          rows,
          racksPerRow: rpr,
          rackRows,
          cell,
          gap,
          label,
          ox: Math.floor((width - w) / 2) + label,
          oy: top + Math.floor((height - h) / 2),
          width: width + top,
          height: height + 2 * top,
        };
      }
    }
  }
  return (
    best ?? {
      racks,
      perRack,
      nodes,
      cols: 1,
      rows: perRack,
      racksPerRow: racks,
      rackRows: 1,
      cell: 1,
      gap,
      label,
      ox: label,
      oy: top,
      width: width + top,
      height: height + 2 * top,
    }
  );
}

export function stripRackOrigin(l: StripLayout, rack: number): { x: number; y: number } {
  const c = rack % l.racksPerRow,
    r = (rack / l.racksPerRow) | 0;
  return { x: l.ox + c * (l.cols * l.cell + l.gap), y: l.oy + r * (l.rows * l.cell + l.gap) };
}

export function stripCell(l: StripLayout, node: number): { x: number; y: number; size: number } {
  const rack = (node / l.perRack) | 0,
    i = node - rack * l.perRack;
  const o = stripRackOrigin(l, rack);
  return { x: o.x + (i % l.cols) * l.cell, y: o.y + ((i / l.cols) | 0) * l.cell, size: l.cell };
}

/** The server under a point (CSS px), or -1. */
export function stripHit(l: StripLayout, px: number, py: number): number {
  const x = px - l.ox,
    y = py - l.oy;
  if (x < 0 || y < 0) return -1;
  const bw = l.cols * l.cell,
    bh = l.rows * l.cell;
  const c = Math.floor(x / (bw + l.gap)),
    r = Math.floor(y / (bh + l.gap));
  if (c >= l.racksPerRow) return -1;
  const rack = r * l.racksPerRow + c;
  if (rack >= l.racks) return -1;
  const rx = x - c * (bw + l.gap),
    ry = y - r * (bh + l.gap);
  if (rx >= bw || ry >= bh) return -1;
  const i = Math.floor(ry / l.cell) * l.cols + Math.floor(rx / l.cell);
  const node = rack * l.perRack + i;
  return i < l.perRack && node < l.nodes ? node : -1;
}

/** Blues for "how many of this server's other copies live in a rack" (light → dark). */
const HEAT_STOPS = [
  [0xf0, 0xf4, 0xf8],
  [0x9e, 0xc9, 0xe2],
  [0x3b, 0x8b, 0xc2],
  [0x08, 0x3d, 0x77],
];

/** A colour for count/max on a square-root scale (small counts stay visible); zero gives null. */
export function heatColour(count: number, max: number): string | null {
  if (!(count > 0) || !(max > 0)) return null;
  const x = Math.sqrt(Math.min(1, count / max));
  return rgb(ramp(HEAT_STOPS, 0.15 + 0.85 * x));
}

export interface StripMark {
  node: number;
  colour: string;
}

export interface StripOptions {
  dpr: number;
  /** servers to ring, with their colours (replicas of the selected chunk) */
  marks: StripMark[];
  /** rack blocks to tint: other copies of the selected server's data per rack */
  heat: Uint32Array | null;
  /** the selected server, -1 for none */
  selected: number;
  hover: number;
}

/** Servers that are down are drawn in their truth colour; healthy ones in a quiet grey so the marks stand out. */
const QUIET_UP = '#C9CFCC';

/** Paints the strip; returns how many server cells were drawn. */
export function drawStrip(ctx: CanvasRenderingContext2D, nodeState: Uint8Array, l: StripLayout, o: StripOptions): number {
  const { dpr } = o;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = CANVAS_BG;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const bw = l.cols * l.cell,
    bh = l.rows * l.cell;
  const pad = l.cell >= 4 ? 0.8 : 0;
  const s = l.cell - pad;
  // Healthy servers: a quiet grey, or — when a server is selected — their rack's heat
  // (how many of the selected server's other copies live there). Down servers keep
  // their truth colour so the class sees which copies sit on dead machines.
  let heatMax = 0;
  if (o.heat) for (const x of o.heat) if (x > heatMax) heatMax = x;
  const upFill = (rack: number) => (o.heat ? (heatColour(o.heat[rack], heatMax) ?? QUIET_UP) : QUIET_UP);
  const groups = new Map<string, number[]>();
  const add = (fill: string, n: number) => {
    const g = groups.get(fill);
    if (g) g.push(n);
    else groups.set(fill, [n]);
  };
  const n = Math.min(l.nodes, nodeState.length);
  for (let i = 0; i < n; i++) {
    const tr = nodeState[i] & TRUTH_MASK;
    add(tr === 0 ? upFill((i / l.perRack) | 0) : TRUTH_FILL[tr], i);
  }
  let drawn = 0;
  for (const [fill, list] of groups) {
    ctx.beginPath();
    for (const i of list) {
      const c = stripCell(l, i);
      ctx.rect(c.x, c.y, s, s);
    }
    ctx.fillStyle = fill;
    ctx.fill();
    drawn += list.length;
  }
  // Rack-row labels.
  ctx.fillStyle = LABEL_INK;
  ctx.font = `${Math.max(10, Math.min(13, bh * 0.5))}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (let row = 0; row < l.rackRows; row++) {
    const p = stripRackOrigin(l, row * l.racksPerRow);
    ctx.fillText(`R${row * l.racksPerRow}`, p.x - 4, p.y + bh / 2);
  }
  ctx.textAlign = 'left';
  // Racks holding a copy: a black frame round the whole rack.
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 2;
  for (const m of o.marks) {
    const rp = stripRackOrigin(l, (m.node / l.perRack) | 0);
    ctx.strokeRect(rp.x - 1.5, rp.y - 1.5, bw + 2, bh + 2);
  }
  for (const [node, w] of [
    [o.selected, 3],
    [o.hover, 2],
  ] as const) {
    if (node < 0 || node >= l.nodes) continue;
    const c = stripCell(l, node);
    ctx.strokeStyle = '#FFFFFF';
    ctx.lineWidth = w + 2;
    ctx.strokeRect(c.x - 2, c.y - 2, s + 4, s + 4);
    ctx.strokeStyle = node === o.selected ? '#000000' : FOCUS_RING;
    ctx.lineWidth = w;
    ctx.strokeRect(c.x - 2, c.y - 2, s + 4, s + 4);
  }
  // Replica markers: big enough to read on a projector whatever the cell size.
  const rad = stripMarkerRadius(l.cell);
  for (const m of o.marks) {
    const c = stripCell(l, m.node);
    ctx.beginPath();
    ctx.arc(c.x + s / 2, c.y + s / 2, rad, 0, Math.PI * 2);
    ctx.lineWidth = 2 * STRIP_MARKER_OUTLINE;
    ctx.strokeStyle = '#FFFFFF';
    ctx.stroke();
    ctx.fillStyle = m.colour;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#000000';
    ctx.stroke();
  }
  return drawn;
}

// ---- the spread matrix ----------------------------------------------------------------

/** Viridis stops (dark → light), for replica-pair counts; zero is drawn as background. */
const VIRIDIS = [
  [0x44, 0x01, 0x54],
  [0x3b, 0x52, 0x8b],
  [0x21, 0x90, 0x8c],
  [0x5e, 0xc9, 0x62],
  [0xfd, 0xe7, 0x25],
];
const ZERO_RGB = [0xfb, 0xfb, 0xf8];

/** Position of a count on the log scale: 0 for 1 (or less), 1 for max. */
export function logPos(v: number, max: number): number {
  if (!(v > 0) || !(max > 1)) return v > 0 ? 1 : 0;
  return Math.min(1, Math.log(v) / Math.log(max));
}

/** RGB of a pair count on the log colour scale, light for many (so an empty diagonal reads as a white line on dark). */
export function spreadRgb(v: number, max: number): number[] {
  if (!(v > 0)) return ZERO_RGB;
  return ramp(VIRIDIS, 0.08 + 0.92 * logPos(v, max));
}

export interface SpreadStats {
  max: number;
  /** pairs with both copies in one rack */
  sameRack: number;
  pairs: number;
  /** unordered rack pairs (a < b) holding at least one replica pair */
  rackPairsUsed: number;
  rackPairs: number;
}

export function spreadStats(m: Uint32Array, racks: number): SpreadStats {
  let max = 0,
    same = 0,
    pairs = 0,
    used = 0;
  for (let a = 0; a < racks; a++) {
    // The engine counts a same-rack pair twice on the diagonal (once per ordering).
    const d = m[a * racks + a];
    same += d / 2;
    if (d > max) max = d;
    for (let b = a + 1; b < racks; b++) {
      const v = m[a * racks + b];
      if (v > 0) used++;
      if (v > max) max = v;
      pairs += v;
    }
  }
  return { max, sameRack: same, pairs: pairs + same, rackPairsUsed: used, rackPairs: (racks * (racks - 1)) / 2 };
}

/** Fills RGBA pixels (one per cell, racks × racks) for the matrix. */
export function spreadPixels(
  m: Uint32Array,
  racks: number,
  max: number,
  out: Uint8ClampedArray = new Uint8ClampedArray(racks * racks * 4),
): Uint8ClampedArray {
  for (let i = 0; i < racks * racks; i++) {
    const c = spreadRgb(m[i], max);
    out[i * 4] = c[0];
    out[i * 4 + 1] = c[1];
    out[i * 4 + 2] = c[2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The cell (row rack, column rack) under a point of a size × size square, or null. */
export function matrixHit(size: number, racks: number, px: number, py: number): { a: number; b: number } | null {
  if (px < 0 || py < 0 || px >= size || py >= size) return null;
  return { a: Math.floor((py / size) * racks), b: Math.floor((px / size) * racks) };
}

/** CSS gradient for a legend bar of the log scale. */
export function spreadLegendGradient(): string {
  const stops = Array.from({ length: 9 }, (_, i) => rgb(spreadRgb(Math.pow(1000, i / 8), 1000)));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

export function heatLegendGradient(): string {
  return `linear-gradient(to right, ${[0.02, 0.25, 0.5, 0.75, 1].map((x) => heatColour(x, 1)).join(', ')})`;
}

// ---- small helpers ------------------------------------------------------------------

function ramp(stops: number[][], x: number): number[] {
  const p = Math.max(0, Math.min(1, x)) * (stops.length - 1);
  const a = Math.floor(p),
    b = Math.min(stops.length - 1, a + 1),
    f = p - a;
  return [0, 1, 2].map((k) => Math.round(stops[a][k] + (stops[b][k] - stops[a][k]) * f));
}

export function rgb(c: number[]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
