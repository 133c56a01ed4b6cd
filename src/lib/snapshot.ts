/**
 * Export → PNG: redraws what is on screen inside one element into a canvas. Not a
 * browser screenshot (a page cannot take one); instead a small painter walks the
 * element's visible boxes in document order and draws
 *  - every <canvas> as it is (the rack view),
 *  - every <svg> as an image of itself, serialized with its computed styles inlined,
 *  - element backgrounds and borders as rectangles, and text with its computed font
 *    and colour,
 *  - a text field's value and a drop-down's chosen option as text in their boxes.
 * That covers this page's views (canvas, SVG charts, text, bars and swatches); it
 * ignores shadows, rounded corners, gradients and form controls' native look.
 */

type Box = { x0: number; y0: number; x1: number; y1: number };

const SVG_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

function visibleColour(c: string): boolean {
  return !!c && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c);
}

function intersect(a: Box, r: DOMRect): Box {
  return { x0: Math.max(a.x0, r.left), y0: Math.max(a.y0, r.top), x1: Math.min(a.x1, r.right), y1: Math.min(a.y1, r.bottom) };
}

function clipTo(ctx: CanvasRenderingContext2D, b: Box): void {
  ctx.beginPath();
  ctx.rect(b.x0, b.y0, Math.max(0, b.x1 - b.x0), Math.max(0, b.y1 - b.y0));
  ctx.clip();
}

/** The SVG as a standalone image (styles inlined, since class-based styles do not travel). */
export function svgImageUrl(svg: SVGSVGElement): string {
  const r = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const d = dst[i] as SVGElement;
    d.removeAttribute('class');
    d.setAttribute('style', SVG_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(r.width));
  clone.setAttribute('height', String(r.height));
  clone.style.overflow = 'visible';
  const text = new XMLSerializer().serializeToString(clone);
  return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
}

function loadImage(url: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = url;
  });
}

function applyTransform(text: string, cs: CSSStyleDeclaration): string {
  if (cs.textTransform === 'uppercase') return text.toUpperCase();
  if (cs.textTransform === 'lowercase') return text.toLowerCase();
  return text;
}

function drawText(ctx: CanvasRenderingContext2D, node: Text, cs: CSSStyleDeclaration): void {
  const raw = cs.whiteSpace.startsWith('pre') ? node.data : node.data.replace(/\s+/g, ' ');
  if (!raw.trim()) return;
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  if (!rects.length) return;
  ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  ctx.fillStyle = cs.color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const text = applyTransform(raw, cs);
  if (rects.length === 1) {
    ctx.fillText(text.trim(), rects[0].left, rects[0].top + rects[0].height / 2);
    return;
  }
  // Wrapped text: fill each line box with as many words as fit in it.
  const words = text.trim().split(' ');
  let w = 0;
  for (let k = 0; k < rects.length && w < words.length; k++) {
    const r = rects[k];
    let lineText = words[w++];
    while (w < words.length && (k === rects.length - 1 || ctx.measureText(lineText + ' ' + words[w]).width <= r.width + 1))
      lineText += ' ' + words[w++];
    ctx.fillText(lineText, r.left, r.top + r.height / 2);
  }
}

function paintBox(ctx: CanvasRenderingContext2D, r: DOMRect, cs: CSSStyleDeclaration): void {
  if (visibleColour(cs.backgroundColor)) {
    ctx.fillStyle = cs.backgroundColor;
    ctx.fillRect(r.left, r.top, r.width, r.height);
  }
  const side = (w: string, c: string, s: string, x: number, y: number, ww: number, hh: number) => {
    if (parseFloat(w) > 0 && s !== 'none' && s !== 'hidden' && visibleColour(c)) {
      ctx.fillStyle = c;
      ctx.fillRect(x, y, ww, hh);
    }
  };
  const t = parseFloat(cs.borderTopWidth),
    b = parseFloat(cs.borderBottomWidth),
    l = parseFloat(cs.borderLeftWidth),
    rt = parseFloat(cs.borderRightWidth);
  side(cs.borderTopWidth, cs.borderTopColor, cs.borderTopStyle, r.left, r.top, r.width, t);
  side(cs.borderBottomWidth, cs.borderBottomColor, cs.borderBottomStyle, r.left, r.bottom - b, r.width, b);
  side(cs.borderLeftWidth, cs.borderLeftColor, cs.borderLeftStyle, r.left, r.top, l, r.height);
  side(cs.borderRightWidth, cs.borderRightColor, cs.borderRightStyle, r.right - rt, r.top, rt, r.height);
}

/**
 * What a form control shows as text, drawn in its box: a text field's value, a
 * drop-down's chosen option (its arrow is drawn at the right); null for any other
 * element (its children are painted instead). A <select>'s <option>s have no boxes
 * of their own, so without this it came out an empty box.
 */
export function controlText(el: Element): string | null {
  if (el instanceof HTMLInputElement) return /^(text|number|search|)$/.test(el.type) ? el.value : null;
  if (el instanceof HTMLSelectElement) {
    if (el.multiple || el.size > 1) return null;
    const o = el.selectedOptions[0];
    return o ? (o.label || o.text).replace(/\s+/g, ' ').trim() : '';
  }
  return null;
}

async function paint(ctx: CanvasRenderingContext2D, el: Element, clip: Box): Promise<void> {
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || parseFloat(cs.opacity) === 0) return;
  if (el instanceof HTMLElement && el.hidden) return;
  const r = el.getBoundingClientRect();
  const shown = cs.visibility !== 'hidden';
  if (el instanceof HTMLCanvasElement || el instanceof SVGSVGElement || el instanceof HTMLImageElement) {
    if (!shown || r.width < 1 || r.height < 1 || r.right < clip.x0 || r.left > clip.x1 || r.bottom < clip.y0 || r.top > clip.y1) return;
    ctx.save();
    clipTo(ctx, el instanceof SVGSVGElement ? clip : intersect(clip, r));
    if (el instanceof HTMLCanvasElement) {
      if (el.width && el.height) ctx.drawImage(el, r.left, r.top, r.width, r.height);
    } else {
      const img = el instanceof SVGSVGElement ? await loadImage(svgImageUrl(el)) : el.complete ? el : null;
      if (img) ctx.drawImage(img, r.left, r.top, r.width, r.height);
    }
    ctx.restore();
    return;
  }
  if (shown) {
    ctx.save();
    clipTo(ctx, clip);
    paintBox(ctx, r, cs);
    ctx.restore();
  }
  const inner = cs.overflowX !== 'visible' || cs.overflowY !== 'visible' ? intersect(clip, r) : clip;
  if (inner.x1 <= inner.x0 || inner.y1 <= inner.y0) return;
  const control = shown ? controlText(el) : null;
  if (control !== null) {
    ctx.save();
    clipTo(ctx, intersect(inner, r));
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    ctx.fillStyle = cs.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(control, r.left + parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth), r.top + r.height / 2);
    if (el instanceof HTMLSelectElement) {
      ctx.textAlign = 'right';
      ctx.fillText('▾', r.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth) - 2, r.top + r.height / 2);
    }
    ctx.restore();
    return;
  }
  // A closed <details> shows only its summary.
  const closed = el instanceof HTMLDetailsElement && !el.open;
  for (const child of el.childNodes) {
    if (closed && !(child instanceof HTMLElement && child.tagName === 'SUMMARY')) continue;
    if (child.nodeType === Node.TEXT_NODE) {
      if (!shown) continue;
      ctx.save();
      clipTo(ctx, inner);
      drawText(ctx, child as Text, cs);
      ctx.restore();
    } else if (child instanceof Element) {
      await paint(ctx, child, inner);
    }
  }
}

/**
 * A PNG of `root` as it is on screen, with a caption strip on top (e.g. scenario,
 * view and simulated time). Pixel ratio as the screen's, at most 2.
 */
export async function snapshotPng(root: HTMLElement, caption: string): Promise<Blob> {
  const r = root.getBoundingClientRect();
  const scale = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  const strip = 26;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(r.width * scale);
  canvas.height = Math.round((r.height + strip) * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  const page = getComputedStyle(document.body);
  ctx.fillStyle = visibleColour(page.backgroundColor) ? page.backgroundColor : '#fbfbf8';
  ctx.fillRect(0, 0, r.width, r.height + strip);
  ctx.fillStyle = '#1b1b1b';
  ctx.font = `600 14px ${page.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(caption, 8, strip / 2);
  ctx.fillStyle = '#d6d6d0';
  ctx.fillRect(0, strip - 1, r.width, 1);
  ctx.translate(-r.left, strip - r.top);
  await paint(ctx, root, { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom });
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be encoded'))), 'image/png'),
  );
}

/** Offers a file to the user (the browser's download). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
