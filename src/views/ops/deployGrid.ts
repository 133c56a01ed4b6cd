/**
 * The rack transfer grid of the deployment view, drawn on a canvas: one cell per
 * rack (125 at default scale), filled from the bottom by the share of the package
 * its servers hold; green when every server runs the new version, a thick
 * vermillion frame while its service is stopped, grey hatching when unreachable.
 */
import { DEPLOY_STOPPED, DEPLOY_UPGRADED, RACK_POWER_OFF, RACK_TOR_DOWN } from '../../../worker/contract';
import { gridLayout } from './opsModel';

export const GRID_COLORS = {
  empty: '#ECECE6',
  transfer: '#56B4E9',
  upgraded: '#009E73',
  stopped: '#D55E00',
  off: '#A3A3A3',
  ink: '#333333',
} as const;

export interface GridData {
  racks: number;
  /** per rack, 0–1 */
  transfer: Float32Array;
  /** per rack: DEPLOY_STOPPED, DEPLOY_UPGRADED (worker/contract.ts) */
  flags: Uint8Array;
  /** the frame's rackFlags (worker/contract.ts): no power or switch down = unreachable */
  rackFlags: Uint8Array;
}

/** Draws the grid; returns the cells drawn (for tests). */
export function drawDeployGrid(ctx: CanvasRenderingContext2D, d: GridData, w: number, h: number, dpr = 1): number {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, w, h);
  const g = gridLayout(d.racks, w, h, 3);
  const c = g.cell;
  const showLabels = c >= 22;
  ctx.font = `${Math.max(9, Math.min(14, Math.floor(c / 3)))}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  let drawn = 0;
  for (let r = 0; r < d.racks; r++) {
    const x = (r % g.cols) * (c + g.gap),
      y = Math.floor(r / g.cols) * (c + g.gap);
    const off = ((d.rackFlags[r] ?? 0) & (RACK_POWER_OFF | RACK_TOR_DOWN)) !== 0;
    const up = (d.flags[r] & DEPLOY_UPGRADED) !== 0;
    const stopped = (d.flags[r] & DEPLOY_STOPPED) !== 0;
    ctx.fillStyle = GRID_COLORS.empty;
    ctx.fillRect(x, y, c, c);
    const share = Math.max(0, Math.min(1, d.transfer[r] ?? 0));
    if (up) {
      ctx.fillStyle = GRID_COLORS.upgraded;
      ctx.fillRect(x, y, c, c);
    } else if (share > 0) {
      const hh = Math.max(1, Math.round(c * share));
      ctx.fillStyle = GRID_COLORS.transfer;
      ctx.fillRect(x, y + c - hh, c, hh);
    }
    if (off) {
      ctx.strokeStyle = GRID_COLORS.off;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let k = -c; k < c; k += 6) {
        ctx.moveTo(x + Math.max(0, k), y + Math.max(0, -k));
        ctx.lineTo(x + Math.min(c, k + c), y + Math.min(c, c - k));
      }
      ctx.stroke();
    }
    if (stopped) {
      ctx.strokeStyle = GRID_COLORS.stopped;
      ctx.lineWidth = Math.max(2, c / 8);
      const lw = ctx.lineWidth / 2;
      ctx.strokeRect(x + lw, y + lw, c - 2 * lw, c - 2 * lw);
    }
    if (showLabels) {
      ctx.fillStyle = up ? '#FFFFFF' : GRID_COLORS.ink;
      ctx.fillText(String(r), x + 3, y + 2);
    }
    drawn++;
  }
  return drawn;
}
