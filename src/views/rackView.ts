/**
 * The rack view's geometry and drawing, as plain functions over a frame's typed
 * arrays: `computeLayout` fits every rack into the canvas, `hitTest` maps a point
 * back to a server or a rack header, `drawRacks` paints one frame. No DOM besides
 * the 2D context passed in, so all of it is unit-testable.
 */
import {
  BELIEF_MASK,
  BELIEF_SHIFT,
  BLACKLIST_BIT,
  DEAD as B_DEAD,
  RACK_POWER_OFF,
  RACK_TOR_DOWN,
  SLOW_BIT,
  SUSPECT as B_SUSPECT,
  TRUTH_MASK,
} from '../../worker/contract';
import {
  CANVAS_BG,
  FALSE_DEAD_RING,
  FOCUS_RING,
  LABEL_INK,
  LOAD_DOWN_FILL,
  LOAD_LEVEL_FILL,
  LOAD_LEVEL_INK,
  LOAD_LEVELS,
  RACK_HEADER,
  RACK_HEADER_OFF,
  RACK_HEADER_TOR,
  TRUTH_FILL,
  TRUTH_INK,
  FALSE_BLACKLIST_RING,
  SCHED_LEVEL_FILL,
  SCHED_LEVEL_INK,
  SCHED_LEVELS,
} from '../lib/palette';

/** What drawing needs from a frame (a real Frame satisfies it). */
export interface RackFrame {
  nodes: number;
  racks: number;
  nodesPerRack: number;
  nodeState: Uint8Array;
  nodeLoad: Uint8Array;
  rackFlags: Uint8Array;
  /** Fuxi: cores in use per server, 0–255 (the 'scheduler' colour mode) */
  scheduler?: { nodeAlloc: Uint8Array };
}

export interface RackLayout {
  nodes: number;
  racks: number;
  perRack: number;
  /** cells across and down inside one rack */
  cols: number;
  rows: number;
  racksPerRow: number;
  rackRows: number;
  /** cell pitch in CSS px (at zoom 1) */
  cell: number;
  /** rack header (label band) height */
  header: number;
  gapX: number;
  gapY: number;
  /** top-left of the first rack (centres the grid) */
  ox: number;
  oy: number;
  /** size of the canvas the layout was made for */
  width: number;
  height: number;
}

const COL_CHOICES = [1, 2, 3, 4, 5, 6, 8, 10, 20, 40, 50, 100, 200];
const GAP_X = 6,
  GAP_Y = 5,
  MIN_LABEL_W = 26;

/** The largest cell size at which every rack fits in width × height, racks kept whole. */
export function computeLayout(nodes: number, racks: number, perRack: number, width: number, height: number): RackLayout {
  let best: RackLayout | null = null;
  let bestScore = -Infinity;
  for (const cols of COL_CHOICES) {
    if (cols > perRack) break;
    const rows = Math.ceil(perRack / cols);
    for (let rpr = 1; rpr <= racks; rpr++) {
      const rackRows = Math.ceil(racks / rpr);
      // Header grows with the cell, within 12–20 px.
      const cellW = (width - (rpr - 1) * GAP_X) / (rpr * cols);
      let cell = Math.min(cellW, 60);
      for (let iter = 0; iter < 3; iter++) {
        const header = headerFor(cell);
        const cellH = (height - rackRows * header - (rackRows - 1) * GAP_Y) / (rackRows * rows);
        cell = Math.min(cellW, cellH, 60);
      }
      cell = Math.floor(cell * 2) / 2;
      if (cell < 1) continue;
      const header = headerFor(cell);
      // Prefer labels that fit and cells not too stretched: score is the cell size,
      // penalized when a rack is narrower than its label.
      const score = cell - (cols * cell < MIN_LABEL_W ? 100 : 0);
      if (score > bestScore) {
        bestScore = score;
        const w = rpr * cols * cell + (rpr - 1) * GAP_X;
        const h = rackRows * (header + rows * cell) + (rackRows - 1) * GAP_Y;
        best = {
          nodes,
          racks,
          perRack,
          cols,
          rows,
          racksPerRow: rpr,
          rackRows,
          cell,
          header,
          gapX: GAP_X,
          gapY: GAP_Y,
          ox: Math.floor((width - w) / 2),
          oy: Math.floor((height - h) / 2),
          width,
          height,
        };
      }
    }
  }
  if (!best) {
    // A canvas too small for anything: one-pixel cells, clipped.
    const cols = Math.min(perRack, 4),
      rows = Math.ceil(perRack / cols),
      rpr = Math.max(1, Math.ceil(Math.sqrt(racks)));
    best = {
      nodes,
      racks,
      perRack,
      cols,
      rows,
      racksPerRow: rpr,
      rackRows: Math.ceil(racks / rpr),
      cell: 1,
      header: 12,
      gapX: GAP_X,
      gapY: GAP_Y,
      ox: 0,
      oy: 0,
      width,
      height,
    };
  }
  return best;
}

function headerFor(cell: number): number {
  return Math.round(Math.max(12, Math.min(20, cell * 1.3)));
}

/** Top-left of a rack block (its header) in content coordinates. */
export function rackOrigin(l: RackLayout, rack: number): { x: number; y: number } {
  const c = rack % l.racksPerRow,
    r = (rack / l.racksPerRow) | 0;
  return { x: l.ox + c * (l.cols * l.cell + l.gapX), y: l.oy + r * (l.header + l.rows * l.cell + l.gapY) };
}

/** A server's cell (pitch square, gap included) in content coordinates. */
export function cellRect(l: RackLayout, node: number): { x: number; y: number; size: number } {
  const rack = (node / l.perRack) | 0,
    i = node - rack * l.perRack;
  const o = rackOrigin(l, rack);
  return { x: o.x + (i % l.cols) * l.cell, y: o.y + l.header + ((i / l.cols) | 0) * l.cell, size: l.cell };
}

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}
export const IDENTITY: ViewTransform = { x: 0, y: 0, k: 1 };

export type Hit = { kind: 'node'; node: number; rack: number } | { kind: 'rack'; rack: number } | null;

/** What is under a point given in canvas CSS pixels. */
export function hitTest(l: RackLayout, t: ViewTransform, px: number, py: number): Hit {
  const x = (px - t.x) / t.k - l.ox,
    y = (py - t.y) / t.k - l.oy;
  if (x < 0 || y < 0) return null;
  const bw = l.cols * l.cell,
    bh = l.header + l.rows * l.cell;
  const c = Math.floor(x / (bw + l.gapX)),
    r = Math.floor(y / (bh + l.gapY));
  if (c >= l.racksPerRow) return null;
  const rack = r * l.racksPerRow + c;
  if (rack >= l.racks) return null;
  const rx = x - c * (bw + l.gapX),
    ry = y - r * (bh + l.gapY);
  if (rx >= bw || ry >= bh) return null;
  if (ry < l.header) return { kind: 'rack', rack };
  const i = Math.floor((ry - l.header) / l.cell) * l.cols + Math.floor(rx / l.cell);
  const node = rack * l.perRack + i;
  if (i >= l.perRack || node >= l.nodes) return null;
  return { kind: 'node', node, rack };
}

export type ColourMode = 'state' | 'load' | 'scheduler';

export interface DrawOptions {
  transform: ViewTransform;
  dpr: number;
  mode: ColourMode;
  /** server to outline (hover or open menu), -1 for none */
  focus: number;
  /** rack to outline, -1 for none */
  focusRack: number;
  /** draw rack labels (text) */
  labels: boolean;
}

/** Per-server drawing class: fill index and marks, computed once per frame. */
const DEAD = B_DEAD << BELIEF_SHIFT,
  SUSPECT = B_SUSPECT << BELIEF_SHIFT;

/**
 * Paints a frame. Returns how many server cells were drawn (inside the view).
 * Cells are batched by fill so a frame costs a handful of fills, not 5,000.
 */
export function drawRacks(ctx: CanvasRenderingContext2D, f: RackFrame, l: RackLayout, o: DrawOptions): number {
  const { dpr, transform: t } = o;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = CANVAS_BG;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);

  // Visible region in content coordinates (cull racks outside it).
  const vx0 = -t.x / t.k,
    vy0 = -t.y / t.k,
    vx1 = vx0 + l.width / t.k,
    vy1 = vy0 + l.height / t.k;
  const bw = l.cols * l.cell,
    bh = l.header + l.rows * l.cell;
  const visible: number[] = [];
  for (let r = 0; r < f.racks; r++) {
    const p = rackOrigin(l, r);
    if (p.x + bw < vx0 || p.x > vx1 || p.y + bh < vy0 || p.y > vy1) continue;
    visible.push(r);
  }

  const cell = l.cell;
  const gap = cell * t.k >= 5 ? Math.min(1, cell * 0.15) : 0;
  const s = cell - gap;
  const alloc = o.mode === 'scheduler' ? f.scheduler?.nodeAlloc : undefined;
  const byLoad = o.mode === 'load' || !!alloc;
  const levels = alloc ? SCHED_LEVELS : LOAD_LEVELS;
  const nFill = byLoad ? levels + 1 : TRUTH_FILL.length;
  const fills: string[] = alloc ? [...SCHED_LEVEL_FILL, LOAD_DOWN_FILL] : byLoad ? [...LOAD_LEVEL_FILL, LOAD_DOWN_FILL] : [...TRUTH_FILL];
  const inks: string[] = alloc ? [...SCHED_LEVEL_INK, '#000000'] : byLoad ? [...LOAD_LEVEL_INK, '#000000'] : [...TRUTH_INK];
  const st = f.nodeState,
    ld = alloc ?? f.nodeLoad;
  const fillOf = (n: number): number => {
    const tr = st[n] & TRUTH_MASK;
    if (!byLoad) return tr;
    return tr <= 1 ? Math.min(levels - 1, (ld[n] * levels) >> 8) : levels;
  };

  // Rack headers.
  for (const r of visible) {
    const p = rackOrigin(l, r);
    const fl = f.rackFlags[r];
    ctx.fillStyle = fl & RACK_POWER_OFF ? RACK_HEADER_OFF : fl & RACK_TOR_DOWN ? RACK_HEADER_TOR : RACK_HEADER;
    ctx.fillRect(p.x, p.y, bw - gap, l.header - 1);
  }

  // Cell fills, one path per fill.
  let drawn = 0;
  for (let c = 0; c < nFill; c++) {
    ctx.beginPath();
    let any = false;
    for (const r of visible) {
      const p = rackOrigin(l, r);
      const first = r * l.perRack,
        last = Math.min(f.nodes, first + l.perRack);
      for (let n = first; n < last; n++) {
        if (fillOf(n) !== c) continue;
        const i = n - first;
        ctx.rect(p.x + (i % l.cols) * cell, p.y + l.header + ((i / l.cols) | 0) * cell, s, s);
        any = true;
        drawn++;
      }
    }
    if (any) {
      ctx.fillStyle = fills[c];
      ctx.fill();
    }
  }

  // Marks: belief (hollow square = suspect, filled square = believed dead), slow (corner flag),
  // on the scheduler's blacklist (bar along the bottom edge).
  const m = s * 0.56,
    mo = (s - m) / 2,
    lw = Math.max(s * 0.14, 0.6);
  const flag = s * 0.42,
    bar = Math.max(s * 0.26, 0.8);
  const marked: number[] = [];
  for (const r of visible) {
    const first = r * l.perRack,
      last = Math.min(f.nodes, first + l.perRack);
    for (let n = first; n < last; n++) if (st[n] & (BELIEF_MASK | SLOW_BIT | BLACKLIST_BIT)) marked.push(n);
  }
  for (let c = 0; c < nFill; c++) {
    let anyDead = false,
      anySuspect = false,
      anySlow = false,
      anyBl = false;
    for (const n of marked) {
      if (fillOf(n) !== c) continue;
      const b = st[n] & BELIEF_MASK;
      anyDead ||= b === DEAD;
      anySuspect ||= b === SUSPECT;
      anySlow ||= (st[n] & SLOW_BIT) !== 0;
      anyBl ||= (st[n] & BLACKLIST_BIT) !== 0;
    }
    ctx.fillStyle = ctx.strokeStyle = inks[c];
    ctx.lineWidth = lw;
    for (const kind of [DEAD, SUSPECT, SLOW_BIT, BLACKLIST_BIT]) {
      if (!(kind === DEAD ? anyDead : kind === SUSPECT ? anySuspect : kind === SLOW_BIT ? anySlow : anyBl)) continue;
      ctx.beginPath();
      for (const n of marked) {
        const v = st[n];
        if (fillOf(n) !== c) continue;
        if (kind === SLOW_BIT || kind === BLACKLIST_BIT ? !(v & kind) : (v & BELIEF_MASK) !== kind) continue;
        const q = cellRect(l, n);
        if (kind === DEAD) ctx.rect(q.x + mo, q.y + mo, m, m);
        else if (kind === SUSPECT) ctx.rect(q.x + mo + lw / 2, q.y + mo + lw / 2, m - lw, m - lw);
        else if (kind === BLACKLIST_BIT) ctx.rect(q.x, q.y + s - bar, s, bar);
        else {
          ctx.moveTo(q.x + s - flag, q.y);
          ctx.lineTo(q.x + s, q.y);
          ctx.lineTo(q.x + s, q.y + flag);
          ctx.closePath();
        }
      }
      if (kind === SUSPECT) ctx.stroke();
      else ctx.fill();
    }
  }

  // Rings that stand out in any mode, round the servers a belief is wrong about: one
  // stroke of `colour` round every server of the visible racks (but those with a
  // `skipRack` flag) whose state byte `wrong` picks.
  const rw = Math.max(cell * 0.18, 1.2 / t.k);
  const rings = (colour: string, wrong: (v: number) => boolean, skipRack: number) => {
    ctx.beginPath();
    let anyRing = false;
    for (const r of visible) {
      if (f.rackFlags[r] & skipRack) continue;
      const p = rackOrigin(l, r);
      const first = r * l.perRack,
        last = Math.min(f.nodes, first + l.perRack);
      for (let n = first; n < last; n++) {
        if (!wrong(st[n])) continue;
        const i = n - first;
        ctx.rect(p.x + (i % l.cols) * cell + rw / 2, p.y + l.header + ((i / l.cols) | 0) * cell + rw / 2, s - rw, s - rw);
        anyRing = true;
      }
    }
    if (anyRing) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = rw;
      ctx.stroke();
    }
  };
  // False dead: up and reachable, yet believed dead.
  rings(FALSE_DEAD_RING, (v) => (v & TRUTH_MASK) === 0 && (v & BELIEF_MASK) === DEAD, RACK_TOR_DOWN | RACK_POWER_OFF);
  // Falsely blacklisted: healthy (up, not slow) yet on the scheduler's blacklist.
  rings(FALSE_BLACKLIST_RING, (v) => (v & BLACKLIST_BIT) !== 0 && !(v & SLOW_BIT) && (v & TRUTH_MASK) === 0, 0);

  // Unreachable racks (ToR down): diagonal hatching over the cells.
  for (const r of visible) {
    if (!(f.rackFlags[r] & RACK_TOR_DOWN) || f.rackFlags[r] & RACK_POWER_OFF) continue;
    const p = rackOrigin(l, r);
    const y0 = p.y + l.header,
      h = l.rows * cell;
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, y0, bw, h);
    ctx.clip();
    ctx.beginPath();
    const step = Math.max(cell * 1.5, 4);
    for (let d = -h; d < bw; d += step) {
      ctx.moveTo(p.x + d, y0 + h);
      ctx.lineTo(p.x + d + h, y0);
    }
    ctx.strokeStyle = 'rgba(0,0,0,0.55)';
    ctx.lineWidth = Math.max(cell * 0.12, 0.8 / t.k);
    ctx.stroke();
    ctx.restore();
  }

  // Labels.
  if (o.labels && l.header * t.k >= 9) {
    const fs = Math.min(l.header - 3, 13, 24 / t.k); // stays readable, not huge, when zoomed in
    ctx.font = `600 ${fs}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (const r of visible) {
      const p = rackOrigin(l, r);
      const fl = f.rackFlags[r];
      ctx.fillStyle = fl & RACK_POWER_OFF ? '#FFFFFF' : LABEL_INK;
      const mark = fl & RACK_TOR_DOWN && !(fl & RACK_POWER_OFF) ? ' ×' : '';
      ctx.fillText(`R${r}${mark}`, p.x + 2, p.y + (l.header - 1) / 2 + 0.5, bw - 3);
    }
  }

  // Focus outlines.
  if (o.focusRack >= 0 && o.focusRack < f.racks) {
    const p = rackOrigin(l, o.focusRack);
    ctx.strokeStyle = FOCUS_RING;
    ctx.lineWidth = 2 / t.k;
    ctx.strokeRect(p.x - 1 / t.k, p.y - 1 / t.k, bw + 2 / t.k - gap, bh + 2 / t.k - gap);
  }
  if (o.focus >= 0 && o.focus < f.nodes) {
    const c = cellRect(l, o.focus);
    const w = Math.max(2 / t.k, cell * 0.15);
    ctx.strokeStyle = '#FFFFFF';
    ctx.lineWidth = w * 2.2;
    ctx.strokeRect(c.x - w, c.y - w, s + 2 * w, s + 2 * w);
    ctx.strokeStyle = FOCUS_RING;
    ctx.lineWidth = w;
    ctx.strokeRect(c.x - w, c.y - w, s + 2 * w, s + 2 * w);
  }
  return drawn;
}
