/**
 * Dirty marks for checkpoints (core/checkpoint.ts): which blocks of a big typed array
 * were written since the last checkpoint, so a capture shares the unwritten blocks
 * with the previous checkpoint without comparing them (the compare of ~60 MB of chunk
 * table that does not change was most of a capture's cost), and a restore writes back
 * only the blocks that differ.
 *
 * Bookkeeping, not state: the marks live beside the array (a WeakMap keyed by it, or a
 * writer's `#private` field — neither is walked by a capture nor covered by the state
 * hash), so marking never changes a run.
 *
 * An array is on this path only once registered with `tracked(a)`; every in-place write
 * to it must then mark what it wrote (`markDirty`, `markRange`, or a `DirtyBlocks`
 * taken once for a loop). A write that does not would be missed by the next capture —
 * so only arrays whose every writer is instrumented are registered, the rest are
 * compared as before, and the tests capture through each instrumented path and compare
 * bytes (tests/engine/checkpointDirty.test.ts; `capture(…, { verify: true })` also
 * compares the unmarked blocks and throws on a missed write). Rules for a tracked array:
 * written only by code that marks; no lasting views of it (a subarray kept elsewhere
 * would write around the marks: a capture that finds two views of one buffer compares
 * them instead); a grown replacement is a new array (register it too, or it is compared).
 */

/** Bytes per checkpoint block (the unit of sharing and of marks). */
export const BLOCK = 16 * 1024;
const BLOCK_SHIFT = 14;

/** The marks of one typed array: one byte per block, set when any element in it was written. */
export class DirtyBlocks {
  /** 1 where a block was written since `base` */
  readonly bits: Uint8Array;
  /** elements per block = 2^shift */
  readonly shift: number;
  /**
   * The checkpoint this array's unmarked blocks equal (its blocks of this array), or
   * null: none known (every block must be compared). Set by a capture or a restore.
   */
  base: object | null = null;

  constructor(byteLength: number, bytesPerElement: number) {
    this.bits = new Uint8Array(Math.max(1, Math.ceil(byteLength / BLOCK)));
    this.shift = BLOCK_SHIFT - (31 - Math.clz32(bytesPerElement));
  }

  /** Marks the block holding element i. */
  mark(i: number): void {
    this.bits[i >>> this.shift] = 1;
  }

  /** Marks the blocks holding elements [from, to). */
  markRange(from: number, to: number): void {
    if (to <= from) return;
    this.bits.fill(1, from >>> this.shift, ((to - 1) >>> this.shift) + 1);
  }

  /** Now equal to checkpoint `base` everywhere. */
  clean(base: object | null): void {
    this.bits.fill(0);
    this.base = base;
  }
}

export type Typed = ArrayBufferView & { readonly BYTES_PER_ELEMENT: number };

const registry = new WeakMap<ArrayBufferView, DirtyBlocks>();

/** Registers `a` for dirty marks (every block counts as written until the next checkpoint); returns it. */
export function tracked<T extends Typed>(a: T): T {
  if (!registry.has(a)) {
    const m = new DirtyBlocks(a.byteLength, a.BYTES_PER_ELEMENT);
    m.bits.fill(1);
    registry.set(a, m);
  }
  return a;
}

/**
 * Registers arrays of one length and element size that are written at the same indices
 * (a table's columns) under one set of marks: marking index i marks it in all of them
 * (a write to one column makes the others' block compared too — never missed). Returns
 * the shared marks, for the writers to keep (e.g. in a `#private` field).
 */
export function trackedTogether(arrays: readonly Typed[]): DirtyBlocks {
  const a0 = arrays[0];
  for (const a of arrays)
    if (a.byteLength !== a0.byteLength || a.BYTES_PER_ELEMENT !== a0.BYTES_PER_ELEMENT || registry.has(a))
      throw new Error('trackedTogether: arrays of one length and element size, not tracked yet');
  const m = new DirtyBlocks(a0.byteLength, a0.BYTES_PER_ELEMENT);
  m.bits.fill(1);
  for (const a of arrays) registry.set(a, m);
  return m;
}

/** The marks of a tracked array (undefined: not tracked, compared at every capture). */
export function dirtyOf(a: ArrayBufferView): DirtyBlocks | undefined {
  return registry.get(a);
}

/** A no-op stand-in for an untracked array's marks (so a loop can mark unconditionally). */
const NONE = new DirtyBlocks(BLOCK, 1);

/** The marks to update while writing `a` in a loop (a no-op stand-in when `a` is not tracked). */
export function marksOf(a: ArrayBufferView): DirtyBlocks {
  return registry.get(a) ?? NONE;
}

/** Marks element i of `a` written. */
export function markDirty(a: ArrayBufferView, i: number): void {
  registry.get(a)?.mark(i);
}

/** Marks elements [from, to) of `a` written. */
export function markRange(a: ArrayBufferView, from: number, to: number): void {
  registry.get(a)?.markRange(from, to);
}
