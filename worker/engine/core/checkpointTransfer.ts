/**
 * A checkpoint carried to another engine (the compare view's side workers): the state
 * of one run at one moment, in a form that can be structured-cloned or transferred,
 * and written into a fresh engine of the same scenario instead of replaying the run.
 *
 * A checkpoint (core/checkpoint.ts) refers to the objects it was taken from; another
 * worker has other objects. What both share is the graph at t = 0, before anything ran:
 * a fresh engine of the same scenario has the same objects, reached in the same order
 * (construction is deterministic), so the i-th object of one engine's t = 0 checkpoint
 * is the i-th object of the other's. So a portable checkpoint names
 *   - an object that existed at t = 0 by its index in the t = 0 walk (the receiver
 *     writes into its own object of that index, keeping identities as a restore does);
 *   - an object made later by its kind and, for class instances, the index of a t = 0
 *     object with the same prototype (the receiver makes it);
 *   - a function by where it sat at t = 0 (a handler, a getter: made by construction).
 * Typed-array bytes travel in one ArrayBuffer (transferable); arrays made later keep
 * their shared buffers (views of one buffer stay views of one buffer).
 * A graph whose t = 0 shape differs, an object of a class first made after t = 0, or a
 * function made after it cannot be carried: `toPortable` throws a TransferError and
 * the caller replays instead.
 */
import { materialize, type GraphCheckpoint } from './checkpoint';
import { dirtyOf } from './dirty';

/** A value in a portable record: a primitive, a reference to object `r`, or the function at `f` = [record, slot] of t = 0. */
type PValue = unknown;
interface Ref {
  r: number;
}
interface FnRef {
  f: [number, number];
}
/** one of the objects left out of checkpoints (the recorded timeline, ...): the receiver's own, by position */
interface SkipRef {
  s: number;
}

/** An object made after t = 0: what the receiver makes. */
type NewObj =
  | { k: 0; proto: number } // proto: t = 0 object with the same prototype; −1 Object.prototype; −2 null
  | { k: 1 }
  | { k: 2 }
  | { k: 3 }
  | { k: 4; ctor: string; buf: number; off: number; len: number };
/** A buffer behind a typed array made after t = 0: that of t = 0 typed array `base`, or a new one `bytes` long. */
type Buf = { base: number } | { bytes: number };

interface PRec {
  /** object id: < base count, a t = 0 object; else base count + index into `made` */
  id: number;
  k: 0 | 1 | 2 | 3 | 4;
  keys?: PValue[];
  vals?: PValue[];
  /** typed arrays: offset of its bytes in `bytes` */
  at?: number;
  len?: number;
}

export interface PortableCheckpoint {
  /** simulated time and timeline entries applied */
  t: number;
  applied: number;
  /** the state hash there (the receiver checks it) */
  hash: string;
  /** fingerprint of the t = 0 graph both must share */
  shape: string;
  base: number;
  made: NewObj[];
  bufs: Buf[];
  recs: PRec[];
  /** every typed array's bytes, one after the other */
  bytes: ArrayBuffer;
}

export class TransferError extends Error {
  override name = 'TransferError';
}

/** A fingerprint of a t = 0 checkpoint's shape: kinds, property names, lengths (FNV-1a over them). */
export function shapeOf(base: GraphCheckpoint): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  for (const r of base.recs) {
    mix(`|${r.k}`);
    if (r.k === 0) mix(r.keys.join(','));
    else if (r.k === 4) mix(`${r.o.constructor.name}:${r.o.byteLength}`);
    else mix(`#${r.vals.length}`);
  }
  return `${base.recs.length}:${(h >>> 0).toString(16)}`;
}

/** The portable form of checkpoint `now`, relative to the same graph's t = 0 checkpoint `base`. */
export function toPortable(
  base: GraphCheckpoint,
  now: GraphCheckpoint,
  stamp: { t: number; applied: number; hash: string },
  skipped: readonly object[] = [],
): PortableCheckpoint {
  const ids = new Map<object, number>();
  base.recs.forEach((r, i) => ids.set(r.o, i));
  const protoAt = new Map<object | null, number>([
    [Object.prototype, -1],
    [null, -2],
  ]);
  const fnAt = new Map<unknown, [number, number]>();
  base.recs.forEach((r, i) => {
    if (!protoAt.has(Object.getPrototypeOf(r.o))) protoAt.set(Object.getPrototypeOf(r.o), i);
    if (r.k !== 4)
      r.vals.forEach((v, j) => {
        if (typeof v === 'function' && !fnAt.has(v)) fnAt.set(v, [i, j]);
      });
  });
  const baseBuf = new Map<ArrayBufferLike, number>();
  base.recs.forEach((r, i) => {
    if (r.k === 4 && !baseBuf.has(r.o.buffer)) baseBuf.set(r.o.buffer, i);
  });
  const made: NewObj[] = [];
  const bufs: Buf[] = [];
  const bufId = new Map<ArrayBufferLike, number>();
  const n0 = base.recs.length;
  // ids for objects made after t = 0, in the order the walk met them
  for (const r of now.recs) {
    if (ids.has(r.o)) continue;
    ids.set(r.o, n0 + made.length);
    if (r.k === 0) {
      const proto = protoAt.get(Object.getPrototypeOf(r.o));
      if (proto === undefined) throw new TransferError(`a ${r.o.constructor?.name ?? 'object'} made after the start has no kind known at t = 0`);
      made.push({ k: 0, proto });
    } else if (r.k === 4) {
      const v = r.o;
      let b = bufId.get(v.buffer);
      if (b === undefined) {
        const at = baseBuf.get(v.buffer);
        b = bufs.length;
        bufs.push(at === undefined ? { bytes: v.buffer.byteLength } : { base: at });
        bufId.set(v.buffer, b);
      }
      const len = (v as unknown as { length: number }).length;
      made.push({ k: 4, ctor: v.constructor.name, buf: b, off: v.byteOffset, len });
    } else made.push({ k: r.k });
  }
  const enc = (v: unknown): PValue => {
    if (typeof v === 'function') {
      const at = fnAt.get(v);
      if (!at) throw new TransferError(`a function made after the start (${v.name || 'anonymous'}) cannot be carried`);
      return { f: at } satisfies FnRef;
    }
    if (v !== null && typeof v === 'object') {
      const id = ids.get(v);
      if (id !== undefined) return { r: id } satisfies Ref;
      const s = skipped.indexOf(v);
      if (s < 0) throw new TransferError('an object outside the checkpoint'); // cannot happen: the walk reached every object it refers to
      return { s } satisfies SkipRef;
    }
    return v;
  };
  const bytes = new Uint8Array(now.bytes);
  let at = 0;
  const recs: PRec[] = now.recs.map((r) => {
    const id = ids.get(r.o)!;
    if (r.k === 4) {
      const start = at;
      for (const b of r.blocks) {
        bytes.set(materialize(b), at);
        at += b.byteLength;
      }
      return { id, k: 4, at: start, len: at - start };
    }
    if (r.k === 0 || r.k === 2) return { id, k: r.k, keys: r.k === 0 ? r.keys : r.keys.map(enc), vals: r.vals.map(enc) };
    return { id, k: r.k, vals: r.vals.map(enc) };
  });
  return { ...stamp, shape: shapeOf(base), base: n0, made, bufs, recs, bytes: bytes.buffer };
}

/** Every typed-array kind, by constructor name (a portable checkpoint names its arrays' kinds; worker/detachOnce.ts detaches them all). */
export const TYPED: Record<string, new (b: ArrayBufferLike, off: number, len: number) => ArrayBufferView> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array: BigInt64Array as unknown as new (b: ArrayBufferLike, off: number, len: number) => ArrayBufferView,
  BigUint64Array: BigUint64Array as unknown as new (b: ArrayBufferLike, off: number, len: number) => ArrayBufferView,
};

/**
 * Writes a portable checkpoint into the graph whose t = 0 checkpoint is `base` (a fresh
 * engine of the same scenario): afterwards that graph is the sender's at the moment
 * of the checkpoint, as a restore would leave it.
 */
export function fromPortable(base: GraphCheckpoint, p: PortableCheckpoint, skipped: readonly object[] = []): void {
  const shape = shapeOf(base);
  if (shape !== p.shape || base.recs.length !== p.base)
    throw new TransferError(`the checkpoint is of another graph at t = 0 (shape ${p.shape}, here ${shape}): not the same scenario?`);
  const objs: object[] = base.recs.map((r) => r.o);
  const buffers = p.bufs.map((b) => ('base' in b ? (base.recs[b.base].o as ArrayBufferView).buffer : new ArrayBuffer(b.bytes)));
  for (const m of p.made) {
    if (m.k === 0)
      objs.push(Object.create(m.proto === -1 ? Object.prototype : m.proto === -2 ? null : Object.getPrototypeOf(base.recs[m.proto].o)) as object);
    else if (m.k === 1) objs.push([]);
    else if (m.k === 2) objs.push(new Map());
    else if (m.k === 3) objs.push(new Set());
    else {
      const C = TYPED[m.ctor];
      if (!C) throw new TransferError(`unknown typed array ${m.ctor}`);
      objs.push(new C(buffers[m.buf], m.off, m.len));
    }
  }
  const dec = (v: PValue): unknown => {
    if (v !== null && typeof v === 'object') {
      if ('f' in v) {
        const [i, j] = (v as FnRef).f;
        const r = base.recs[i];
        return r.k === 4 ? undefined : r.vals[j];
      }
      if ('s' in v) return skipped[(v as SkipRef).s];
      return objs[(v as Ref).r];
    }
    return v;
  };
  const all = new Uint8Array(p.bytes);
  for (const r of p.recs) {
    const o = objs[r.id];
    switch (r.k) {
      case 0: {
        const rec = o as Record<string, unknown>;
        const keys = r.keys as string[];
        const want = new Set(keys);
        for (const k of Object.keys(rec)) if (!want.has(k)) delete rec[k];
        for (let i = 0; i < keys.length; i++) rec[keys[i]] = dec(r.vals![i]);
        break;
      }
      case 1: {
        const a = o as unknown[];
        a.length = r.vals!.length;
        for (let i = 0; i < r.vals!.length; i++) a[i] = dec(r.vals![i]);
        break;
      }
      case 2: {
        const m = o as Map<unknown, unknown>;
        m.clear();
        for (let i = 0; i < r.keys!.length; i++) m.set(dec(r.keys![i]), dec(r.vals![i]));
        break;
      }
      case 3: {
        const s = o as Set<unknown>;
        s.clear();
        for (const v of r.vals!) s.add(dec(v));
        break;
      }
      case 4: {
        const v = o as ArrayBufferView;
        if (v.byteLength !== r.len) throw new TransferError(`typed array ${r.id}: ${r.len} bytes sent, ${v.byteLength} here`);
        new Uint8Array(v.buffer, v.byteOffset, v.byteLength).set(all.subarray(r.at!, r.at! + r.len!));
        dirtyOf(v)?.clean(null); // equal to no checkpoint of this engine now: the next capture compares it
        break;
      }
    }
  }
}
