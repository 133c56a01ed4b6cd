/**
 * The page's canvases in one place: the device pixel ratio, a backing store sized to
 * it, and an element's size as it changes. Every canvas view (racks, deploy grid,
 * replica strip, placement matrix, flush timeline, compare's mini-maps) sizes itself
 * through these, so a sharp canvas on a projector or a retina screen is written once.
 */

/**
 * The font families for text drawn on a canvas: the page's own stack (src/app.css), so
 * Chinese labels use the subset web font on a machine without a Chinese font (a canvas
 * does not fetch a font itself: the page's Chinese text already has, when lang=zh).
 */
export const CANVAS_FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'Feitian Lab SC', sans-serif";

/** The screen's device pixels per CSS pixel (1 outside a browser), at most `max`. */
export function pixelRatio(max = Infinity): number {
  return Math.min(max, (typeof window !== 'undefined' && window.devicePixelRatio) || 1);
}

/** The page's root font size in CSS px (it grows with the screen, so a drawing sized from it stays legible on a projector); `fallback` outside a browser. */
export function rootFontPx(fallback = 14): number {
  if (typeof document === 'undefined') return fallback;
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || fallback;
}

/** Backing-store pixels for a CSS size at a pixel ratio (at least 1 × 1). */
export function backingSize(cssW: number, cssH: number, dpr: number): { w: number; h: number } {
  return { w: Math.max(1, Math.round(cssW * dpr)), h: Math.max(1, Math.round(cssH * dpr)) };
}

/**
 * Sizes a canvas's backing store to cssW × cssH CSS pixels at the screen's pixel ratio
 * (at most `maxDpr`), touching it only when the size changed (a resize clears it).
 * Returns the ratio used, for `ctx.setTransform(dpr, 0, 0, dpr, 0, 0)`.
 */
export function fitCanvas(canvas: HTMLCanvasElement, cssW: number, cssH: number, maxDpr = Infinity): number {
  const dpr = pixelRatio(maxDpr);
  const b = backingSize(cssW, cssH, dpr);
  if (canvas.width !== b.w) canvas.width = b.w;
  if (canvas.height !== b.h) canvas.height = b.h;
  return dpr;
}

/** Calls `onSize(width, height)` (the element's client size) when first observed and on every resize; returns the stopper. */
export function watchSize(el: HTMLElement, onSize: (width: number, height: number) => void): () => void {
  const ro = new ResizeObserver(() => onSize(el.clientWidth, el.clientHeight));
  ro.observe(el);
  return () => ro.disconnect();
}
