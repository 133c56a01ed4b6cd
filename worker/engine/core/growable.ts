/**
 * Growable typed arrays: the engine's hot state lives in typed arrays of a fixed
 * length, and the few that must grow (the event heap, job and attempt slots, queues,
 * per-disk lists, redo-log segments) are replaced by a longer copy. One helper for
 * that instead of a hand-written "allocate twice the capacity and .set()" per file.
 *
 * Capacities are the caller's choice (usually doubling): a tracked array's length is
 * part of the state hash, so growth must happen at the same moments to the same
 * lengths on every run.
 */

export type TypedArray = Int8Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** A new array of the same kind, `length` long, holding `a`'s first min(a.length, length) elements (the rest zero). */
export function resized<T extends TypedArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a.length > length ? (a.subarray(0, length) as T) : a);
  return b;
}

/** `a` itself when it has room for index `need - 1`, else a copy doubled (repeatedly) until it has. */
export function withRoom<T extends TypedArray>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = Math.max(1, a.length * 2);
  while (cap < need) cap *= 2;
  return resized(a, cap);
}
