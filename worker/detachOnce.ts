/**
 * Detaches a throwaway buffer viewed by every typed-array kind, once, before the engine
 * runs (the browser's worker: worker/index.ts).
 *
 * V8 (Chromium 156) compiles code that reads a typed array on the promise that no array
 * of its kind has had its buffer detached (the kind's map is "stable"); the first detach
 * breaks it and throws away every optimized function that relied on it. The worker
 * detaches buffers when it transfers a frame's arrays to the page, and after a link's
 * load its first frame goes out only once the replay is done: the engine's code,
 * optimized during that replay, was discarded at once (V8's log of the worker: ~100
 * deoptimizations "dependent prototype chain changed" within 2 ms, right after the first
 * frame) and the first move recompiled it: ~1.1 s of Maglev and TurboFan CPU on the
 * renderer's threads beside a slower engine. The first move of a 1-hour run took a median
 * 366 ms from click to frame (max 884, 16 runs), 144 (max 225) once detached here
 * (bench/browserTimetravel.ts, 2026-12-07). Detached here, before any engine code is
 * compiled, the promise is never made. Bytes, not state: nothing the engine holds.
 */
import { TYPED } from './engine/core/checkpointTransfer';

export function detachEveryTypedArrayKind(): void {
  const buffer = new ArrayBuffer(64);
  const views = Object.values(TYPED).map((K) => new K(buffer, 0, 64 / 8));
  structuredClone(buffer, { transfer: [buffer] });
  if (views.some((v) => v.byteLength !== 0)) throw new Error('detachEveryTypedArrayKind: the buffer was not detached');
}
