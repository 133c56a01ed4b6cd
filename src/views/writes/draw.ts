/**
 * Draws the flush timeline on a 2D canvas (CSS pixels; the caller scales for the
 * device pixel ratio). Everything is computed from the sampled records, the lanes
 * and the log marks; no allocation per record beyond a Map of lane rows.
 */
import type { TimelineView } from '../../../worker/contract';
import { CANVAS_FONT } from '../../lib/canvas';
import { clockLabel, copySpan, H_ERROR, H_MEMORY_LOST, H_RESCUED, laneKey, type Lane, type Mark, vulnerableSpan } from './model';

export const C = {
  bg: '#FBFBF8',
  laneAlt: '#EFEFEA',
  grid: '#D0D0C8',
  ink: '#222222',
  sub: '#666666',
  window: '#E69F00',
  lost: '#D55E00',
  flush: '#009E73',
  timeout: '#CC79A7',
  rescued: '#0072B2',
  error: '#7B3294',
  power: '#333333',
} as const;

export interface DrawInput {
  v: TimelineView | null;
  lanes: Lane[];
  marks: readonly Mark[];
  now: number;
  windowMs: number;
  width: number;
  height: number;
  fontPx: number;
  nodesPerRack: number;
  label: (lane: Lane) => string;
  powerLabel: (m: Mark) => string;
  toldLabel: string;
  nowLabel: string;
  /** the still part, drawn by drawLanes on a canvas of the same device-pixel size; copied, not redrawn */
  background?: HTMLCanvasElement | null;
}

export interface Layout {
  labelW: number;
  axisH: number;
  laneH: number;
  x0: number;
  x1: number;
}

export function layoutOf(width: number, height: number, lanes: number, fontPx: number): Layout {
  const labelW = Math.round(fontPx * 9);
  const axisH = Math.round(fontPx * 1.8);
  const laneH = Math.max(10, Math.min(fontPx * 2.4, (height - axisH - 4) / Math.max(1, lanes)));
  return { labelW, axisH, laneH, x0: labelW + 6, x1: width - 14 };
}

/** Draws one picture; returns how many copies (memory spans) were drawn. */
export function drawTimeline(ctx: CanvasRenderingContext2D, d: DrawInput): number {
  const { v, lanes, marks, now, windowMs, width, height, fontPx } = d;
  const L = layoutOf(width, height, lanes.length, fontPx);
  const t0 = now - windowMs;
  const sx = (L.x1 - L.x0) / windowMs;
  const X = (t: number) => L.x0 + (t - t0) * sx;
  const laneY = (i: number) => L.axisH + i * L.laneH;
  if (d.background) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(d.background, 0, 0);
    ctx.restore();
  } else drawLanes(ctx, d);

  // rows of each lane kind
  const serverRows = new Map<number, number>();
  const nodeRows = new Map<number, number[]>();
  const clientRow = new Map<number, number>();
  let lostRow = 0,
    masterRow = lanes.length - 2,
    powerRow = lanes.length - 1;
  lanes.forEach((ln, i) => {
    if (ln.kind === 'server') {
      serverRows.set(laneKey(ln.stream, ln.node), i);
      const a = nodeRows.get(ln.node);
      if (a) a.push(i);
      else nodeRows.set(ln.node, [i]);
    } else if (ln.kind === 'client') clientRow.set(ln.stream, i);
    else if (ln.kind === 'lost') lostRow = i;
    else if (ln.kind === 'master') masterRow = i;
    else powerRow = i;
  });

  // time grid (every 5 s, labelled with the simulated clock)
  ctx.font = `${Math.round(fontPx * 0.85)}px ${CANVAS_FONT}`;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'center';
  const step = 5000;
  // the run starts at 0: before that there is no time to label (the first 40 s read '-1:-35')
  for (let t = Math.max(0, Math.ceil(t0 / step) * step); t <= now; t += step) {
    const x = X(t);
    ctx.fillStyle = C.grid;
    ctx.fillRect(Math.round(x), L.axisH - 4, 1, height - L.axisH + 4);
    ctx.fillStyle = C.sub;
    if (x > L.x0 + 20 && x < L.x1 - 50) ctx.fillText(clockLabel(t), x, L.axisH - 8);
  }
  ctx.fillStyle = C.ink;
  ctx.fillRect(Math.round(X(now)), L.axisH - 6, 2, height - L.axisH + 6);
  ctx.textAlign = 'right';
  ctx.fillText(d.nowLabel, L.x1 + 10, L.axisH - 8);
  ctx.textAlign = 'left';

  ctx.save();
  ctx.beginPath();
  ctx.rect(L.x0, 0, L.x1 - L.x0 + 2, height);
  ctx.clip();

  // power cuts: full-height lines with a label
  for (const m of marks) {
    if (m.t < t0 || m.t > now) continue;
    if (!(m.code.endsWith('powerOff') || m.code.endsWith('powerOn'))) continue;
    const x = Math.round(X(m.t));
    const off = m.code.endsWith('powerOff');
    ctx.fillStyle = C.power;
    ctx.fillRect(x - (off ? 1 : 0), L.axisH, off ? 3 : 1, height - L.axisH);
    ctx.font = `600 ${Math.round(fontPx * 0.85)}px ${CANVAS_FONT}`;
    const s = d.powerLabel(m);
    const w = ctx.measureText(s).width;
    const py = L.axisH + powerRow * L.laneH + (L.laneH - fontPx * 1.2) / 2;
    ctx.fillStyle = off ? C.power : '#FFFFFF';
    ctx.fillRect(x + 3, py, w + 8, fontPx * 1.2);
    ctx.fillStyle = off ? '#FFFFFF' : C.power;
    ctx.textBaseline = 'middle';
    ctx.fillText(s, x + 7, py + fontPx * 0.6);
  }

  const barH = Math.max(6, L.laneH * 0.56);
  let drawn = 0;
  /** copies the master copied elsewhere: x, y, size — drawn last, inside the timeout rings they follow */
  const rescued: number[] = [];
  if (v) {
    const H = v.holders;
    for (let r = 0; r < v.n; r++) {
      const s = v.stream[r];
      const issue = v.issue[r];
      if (issue > now) continue;
      const ack = issue + v.ack[r];
      // server lanes: each copy's time only in memory, its arrival and its flush
      for (let j = 0; j < H; j++) {
        const o = r * H + j;
        const node = v.node[o];
        if (node < 0) continue;
        const row = serverRows.get(laneKey(s, node));
        if (row === undefined) continue;
        const sp = copySpan(v, r, j, now);
        if (!sp || sp.memEnd < t0) continue;
        const y = laneY(row) + (L.laneH - barH) / 2;
        const xa = X(sp.arrive),
          xe = X(Math.min(sp.memEnd, now));
        const lost = sp.state === H_MEMORY_LOST;
        ctx.fillStyle = lost ? C.lost : C.window;
        ctx.fillRect(xa, y, Math.max(2, xe - xa), barH);
        drawn++;
        // arrival tick
        ctx.fillStyle = C.ink;
        ctx.fillRect(xa - 1, y - 2, 2, barH + 4);
        if (sp.flushed) {
          ctx.fillStyle = C.flush;
          ctx.fillRect(xe - 2, y - 3, 4, barH + 6);
        } else if (!sp.open && sp.state === H_RESCUED) rescued.push(xe, y + barH / 2, barH * 0.6);
        else if (!sp.open && sp.state === H_ERROR) diamond(ctx, xe, y + barH / 2, barH * 0.75, C.error);
        else if (lost) cross(ctx, xe, y + barH / 2, barH * 0.6, C.lost, 3);
      }
      // client lane: the write's vulnerability window and its acknowledgement
      const crow = clientRow.get(s);
      if (crow !== undefined && ack >= t0) {
        const y = laneY(crow);
        const vs = vulnerableSpan(v, r, now);
        const lost = v.lost[r] === 1;
        if (vs) {
          ctx.fillStyle = lost ? C.lost : C.window;
          const xa = X(vs.from),
            xe = X(Math.min(vs.to, now));
          ctx.fillRect(xa, y + L.laneH * 0.3, Math.max(2, xe - xa), L.laneH * 0.4);
        }
        triangle(ctx, X(ack), y + L.laneH * 0.5, Math.max(5, L.laneH * 0.32), C.ink);
        if (lost) {
          cross(ctx, X(ack), y + L.laneH / 2, L.laneH * 0.36, C.lost, 4);
          cross(ctx, X(ack), laneY(lostRow) + L.laneH / 2, L.laneH * 0.3, C.lost, 3);
        }
      }
      // the master copied a late copy elsewhere
      for (let j = 0; j < H; j++) {
        const o = r * H + j;
        if (v.node[o] >= 0 && v.state[o] === H_RESCUED && v.end[o] >= 0) {
          const te = issue + v.end[o];
          if (te >= t0 && te <= now) rescued.push(X(te), laneY(masterRow) + L.laneH / 2, L.laneH * 0.28);
        }
      }
    }
  }

  // log marks: flush timeouts (deadline bracket, master told), write errors, losses
  ctx.textBaseline = 'middle';
  // the master's row: one "told ×k" label per cluster of nearby rings
  let toldX = -Infinity,
    toldN = 0,
    toldColour: string = C.timeout;
  const toldFlush = () => {
    if (toldN === 0) return;
    ctx.fillStyle = toldColour;
    ctx.font = `600 ${Math.round(fontPx * 0.8)}px ${CANVAS_FONT}`;
    ctx.fillText(toldN > 1 ? `${d.toldLabel} ×${toldN}` : d.toldLabel, toldX + L.laneH * 0.4, laneY(masterRow) + L.laneH / 2);
    toldN = 0;
  };
  for (const m of marks) {
    if (m.t < t0 || m.t > now) continue;
    const x = X(m.t);
    if (m.code === 'writes.flushTimeout' || m.code === 'writes.writeError') {
      const colour = m.code === 'writes.flushTimeout' ? C.timeout : C.error;
      const rows = m.node !== undefined ? nodeRows.get(m.node) : undefined;
      const my = laneY(masterRow) + L.laneH / 2;
      if (rows)
        for (const row of rows) {
          const y = laneY(row);
          if (m.code === 'writes.flushTimeout' && m.v) {
            // the 30 s the flush was given, overrun
            const xs = X(m.t - m.v);
            ctx.fillStyle = colour;
            ctx.fillRect(xs, y + 2, x - xs, 3);
            ctx.fillRect(xs, y + 2, 2, L.laneH * 0.35);
          }
          ctx.strokeStyle = colour;
          ctx.lineWidth = 2;
          ctx.setLineDash([5, 4]);
          ctx.beginPath();
          ctx.moveTo(x, y + L.laneH / 2);
          ctx.lineTo(x, my);
          ctx.stroke();
          ctx.setLineDash([]);
          ring(ctx, x, y + L.laneH / 2, L.laneH * 0.34, colour);
        }
      ring(ctx, x, my, L.laneH * 0.3, colour);
      if (x - toldX > fontPx * 5) toldFlush();
      toldX = x;
      toldN++;
      toldColour = colour;
    } else if (m.code === 'writes.ackedLost') {
      const y = laneY(lostRow) + L.laneH / 2;
      cross(ctx, x, y, L.laneH * 0.36, C.lost, 4);
      ctx.fillStyle = C.lost;
      ctx.font = `700 ${Math.round(fontPx * 0.9)}px ${CANVAS_FONT}`;
      ctx.fillText(`−${Math.round(m.v ?? 0)}`, x + L.laneH * 0.45, y);
    }
  }
  toldFlush();
  for (let i = 0; i < rescued.length; i += 3) diamond(ctx, rescued[i], rescued[i + 1], rescued[i + 2], C.rescued);
  ctx.restore();
  return drawn;
}

/** The still part of the picture: background, lane bands and lane labels (cached by the caller while lanes, size and language stay). */
export function drawLanes(ctx: CanvasRenderingContext2D, d: Pick<DrawInput, 'lanes' | 'width' | 'height' | 'fontPx' | 'label'>): void {
  const { lanes, width, height, fontPx } = d;
  const L = layoutOf(width, height, lanes.length, fontPx);
  const laneY = (i: number) => L.axisH + i * L.laneH;
  ctx.fillStyle = C.bg;
  ctx.fillRect(0, 0, width, height);
  // lane backgrounds and labels
  ctx.font = `${Math.round(fontPx * 0.95)}px ${CANVAS_FONT}`;
  ctx.textBaseline = 'middle';
  for (let i = 0; i < lanes.length; i++) {
    const y = laneY(i);
    const ln = lanes[i];
    if (ln.kind !== 'server') {
      ctx.fillStyle = C.laneAlt;
      ctx.fillRect(0, y, width, L.laneH);
    }
    if (ln.kind === 'client' && i > 0) {
      ctx.fillStyle = C.grid;
      ctx.fillRect(0, y, width, 2);
    }
    ctx.fillStyle = ln.kind === 'lost' ? C.lost : C.ink;
    ctx.font = `${ln.kind === 'server' ? '' : '600 '}${Math.round(fontPx * (L.laneH < fontPx * 1.3 ? 0.8 : 0.95))}px ${CANVAS_FONT}`;
    ctx.fillText(d.label(ln), ln.kind === 'server' ? 16 : 6, y + L.laneH / 2, L.labelW - 8);
  }
}

function triangle(ctx: CanvasRenderingContext2D, x: number, y: number, s: number, fill: string) {
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.moveTo(x, y - s);
  ctx.lineTo(x + s * 0.8, y + s * 0.6);
  ctx.lineTo(x - s * 0.8, y + s * 0.6);
  ctx.closePath();
  ctx.fill();
}

function diamond(ctx: CanvasRenderingContext2D, x: number, y: number, s: number, fill: string) {
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.moveTo(x, y - s);
  ctx.lineTo(x + s, y);
  ctx.lineTo(x, y + s);
  ctx.lineTo(x - s, y);
  ctx.closePath();
  ctx.fill();
}

function cross(ctx: CanvasRenderingContext2D, x: number, y: number, s: number, stroke: string, w: number) {
  ctx.strokeStyle = '#FFFFFF';
  ctx.lineWidth = w + 2;
  ctx.beginPath();
  ctx.moveTo(x - s, y - s);
  ctx.lineTo(x + s, y + s);
  ctx.moveTo(x + s, y - s);
  ctx.lineTo(x - s, y + s);
  ctx.stroke();
  ctx.strokeStyle = stroke;
  ctx.lineWidth = w;
  ctx.stroke();
}

function ring(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, stroke: string) {
  ctx.fillStyle = '#FFFFFF';
  ctx.strokeStyle = stroke;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.arc(x, y, Math.max(4, r), 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
}
