/**
 * Checkpoints of a whole object graph (the engine), restored in place.
 *
 * `capture(roots)` walks every object reachable from the roots once and records, for
 * each, its own enumerable properties (primitives as values, objects as references),
 * an array's elements, a Map's or Set's entries, and a typed array's bytes. `restore`
 * writes all of it back into the same objects: identities are kept, so closures that
 * close over their owners (handlers, `sim.track` getters) stay valid; a field that was
 * later pointed at a new object (a grown typed array, a new job) points at the old one
 * again, whose contents are restored too; objects created after the capture become
 * unreachable. No per-mechanism code, so a new field cannot be forgotten.
 *
 * Not captured: functions (kept as references; their captured variables are not
 * walked — state held only in a closure must be reachable as an object, or given as
 * an extra root), symbol keys, non-enumerable properties, objects in `skip`.
 *
 * Typed-array bytes are kept in blocks of BLOCK bytes; a block equal to the one the
 * previous checkpoint holds for the same array at the same place is shared, not
 * copied, so consecutive checkpoints cost only what changed. For arrays with dirty
 * marks (core/dirty.ts: the chunk table's big columns, the audit log's counts) a block
 * not written since the previous checkpoint is shared without comparing it, and a
 * restore writes back only the blocks that differ from what the array holds. Fresh full blocks come
 * from a `BlockPool` when one is given (slabs of blocks, and blocks given back when no
 * checkpoint holds them any more): copying into an existing block costs a tenth of
 * allocating a new one (a 64 KB `slice()` each made a first capture 285 ms, mostly
 * allocation and the collections it triggers).
 */

import { BLOCK as DIRTY_BLOCK, dirtyOf, type DirtyBlocks } from './dirty';

/**
 * 16 KB: what changes between two checkpoints is dense in a few arrays (the event heap,
 * Fuxi's instance slots) and sparse elsewhere; over an hour, 16 KB blocks hold about half
 * the bytes 64 KB blocks did (measured at default scale: 9.1 vs 17.1 MB), smaller ones
 * little less (4 KB: 6.7 MB) at four times the blocks to keep track of.
 */
export const BLOCK = DIRTY_BLOCK;
/** partial blocks a pool made (views on the front of a full block, which they occupy whole) */
const partOfBlock = new WeakSet<Uint8Array>();
/** blocks per slab a pool allocates at once (1 MB) */
const SLAB_BLOCKS = 64;

/** Full-size blocks for captures: allocated a slab at a time, reused once given back. */
export class BlockPool {
  private readonly free: Uint8Array[] = [];
  private readonly mine = new WeakSet<Uint8Array>();
  /** bytes of blocks allocated and not held by anyone (ready for reuse) */
  get freeBytes(): number {
    return this.free.length * BLOCK;
  }
  take(): Uint8Array {
    const b = this.free.pop();
    if (b) return b;
    const slab = new ArrayBuffer(BLOCK * SLAB_BLOCKS);
    for (let i = SLAB_BLOCKS - 1; i >= 1; i--) this.adopt(new Uint8Array(slab, i * BLOCK, BLOCK));
    const first = new Uint8Array(slab, 0, BLOCK);
    this.mine.add(first);
    return first;
  }
  /** A block of `n` ≤ BLOCK bytes (an array's last, partial block: a view on the front of a full one). */
  takePart(n: number): Uint8Array {
    const full = this.take();
    if (n === BLOCK) return full;
    this.mine.delete(full);
    const b = full.subarray(0, n);
    this.mine.add(b);
    partOfBlock.add(b);
    return b;
  }
  /** Takes back a block no checkpoint holds any more (blocks it did not make are left to the collector). */
  give(b: Uint8Array): void {
    if (!this.mine.delete(b)) return;
    this.adopt(b.length === BLOCK ? b : new Uint8Array(b.buffer, b.byteOffset, BLOCK));
  }
  private adopt(b: Uint8Array): void {
    this.mine.add(b);
    this.free.push(b);
  }
  /** Whether this pool made `b` (a full block in one of its slabs). */
  owns(b: Uint8Array): boolean {
    return this.mine.has(b);
  }
  /**
   * `b` was spilled (its bytes are in a file now): its memory goes back to the pool as a
   * new block, while `b` itself stays the spilled block's identity in every checkpoint
   * holding it (and must not be given back: see `give`).
   */
  recycle(b: Uint8Array): void {
    if (this.mine.delete(b)) this.adopt(new Uint8Array(b.buffer, b.byteOffset, BLOCK));
  }
}

/**
 * A file of BLOCK-sized slots where full blocks of older checkpoints go when the memory
 * budget is full (the disk tier: OPFS in the browser's worker, a temporary file in
 * Node; worker/blockFile*.ts). Bytes, not state: where a block lives never changes a run.
 */
export interface BlockFile {
  /** writes `bytes` from slot on (one block or several of consecutive slots; the file grows as needed) */
  write(slot: number, bytes: Uint8Array): void;
  /** reads `into.length` bytes at slot into `into` */
  read(slot: number, into: Uint8Array): void;
  /** cuts the file to its first `slots` slots (giving the disk back) */
  truncate(slots: number): void;
  close(): void;
}

/**
 * Blocks whose bytes are in a file (the block object stays their identity; its memory was
 * given back to its pool and holds other bytes now): every read of a block goes through
 * `bytesOf`, `materialize` or `restore`, which look here first.
 */
const spilledAt = new WeakMap<Uint8Array, { file: BlockFile; slot: number }>();

/** staging for spills: runs of consecutive slots go to the file in one write (a write a block cost ~40–80 µs) */
const stage = new Uint8Array(64 * BLOCK);

/**
 * Writes blocks to their slots of `file` (`slots[i]` for `blocks[i]`), blocks of
 * consecutive slots in one write each; from then on their bytes are read from there.
 * Throws (the file refused a write) with the blocks before the failing run spilled; the
 * return value of a successful call is the number spilled (all).
 */
export function spillBlocks(blocks: readonly Uint8Array[], slots: readonly number[], file: BlockFile): number {
  const order = blocks.map((_, i) => i).sort((a, b) => slots[a] - slots[b]);
  let i = 0;
  while (i < order.length) {
    let j = i + 1;
    while (j < order.length && j - i < 64 && slots[order[j]] === slots[order[j - 1]] + 1) j++;
    if (j - i === 1) file.write(slots[order[i]], blocks[order[i]]);
    else {
      for (let k = i; k < j; k++) stage.set(blocks[order[k]], (k - i) * BLOCK);
      // the last block may be partial: the run ends with its own bytes
      file.write(slots[order[i]], stage.subarray(0, (j - i - 1) * BLOCK + blocks[order[j - 1]].length));
    }
    for (let k = i; k < j; k++) spilledAt.set(blocks[order[k]], { file, slot: slots[order[k]] });
    i = j;
  }
  return order.length;
}

/** The file slot of a spilled block (undefined: in memory). */
export function spilledSlot(b: Uint8Array): number | undefined {
  return spilledAt.get(b)?.slot;
}

/** A plain block's bytes: itself, or (spilled) read into `into`. */
function bytesOf(b: Uint8Array, into: Uint8Array): Uint8Array {
  const s = spilledAt.get(b);
  if (!s) return b;
  const to = into.length === b.length ? into : into.subarray(0, b.length);
  s.file.read(s.slot, to);
  return to;
}

/**
 * A block kept as the words where it differs from a full block of an earlier checkpoint
 * (its base, held as long as the patch is): what changes sparsely between checkpoints —
 * a few replicas moved in a 16 KB block of the chunk table, a counter in a column —
 * costs 6 bytes a word instead of a 16 KB copy. Made when at most PATCH_WORDS of the
 * block's 4,096 words differ; restored as the base, then the words.
 */
export class Patch {
  /** the bytes it stands for (a full block) */
  readonly length = BLOCK;
  readonly byteLength = BLOCK;
  constructor(
    readonly base: Uint8Array,
    /** word positions in the block */
    readonly at: Uint16Array,
    readonly words: Int32Array,
  ) {}
  /** bytes it holds itself (not its base): the two arrays and their objects */
  get cost(): number {
    return this.at.byteLength + this.words.byteLength + PATCH_OVERHEAD;
  }
}
/** A checkpoint's piece of a typed array: its bytes, or a patch on an earlier block. */
export type Block = Uint8Array | Patch;
/** At most this many differing words (of 4,096) make a patch: 3 KB against a 16 KB copy. */
export const PATCH_WORDS = 512;
/** rough bytes of a patch's three objects */
const PATCH_OVERHEAD = 160;

/** Memory a block holds of its own (a patch: not its base; a spilled block: none). */
export const blockCost = (b: Block): number => (b instanceof Patch ? b.cost : spilledAt.has(b) ? 0 : partOfBlock.has(b) ? BLOCK : b.byteLength);

const scratch = new Uint8Array(BLOCK);
/** a patch's base read back from a file (patchOf's, while `scratch` holds the block it compares) */
const scratchBase = new Uint8Array(BLOCK);
/** A block's bytes (a patch written out, or a spilled block read back, into a scratch block valid until the next call). */
export function materialize(b: Block): Uint8Array {
  if (!(b instanceof Patch)) return bytesOf(b, scratch);
  const base = bytesOf(b.base, scratch);
  if (base !== scratch) scratch.set(base);
  applyPatch(b, new Int32Array(scratch.buffer, 0, BLOCK >> 2));
  return scratch;
}
function applyPatch(p: Patch, w: Int32Array): void {
  const at = p.at,
    words = p.words;
  for (let k = 0; k < at.length; k++) w[at[k]] = words[k];
}

/**
 * `part` (a full, 4-byte aligned block) as a patch on `base`, or null when more than
 * PATCH_WORDS words differ (`part` equal to `base` is an empty patch: the caller shares base).
 */
function patchOf(base: Uint8Array, part: Uint8Array): Patch | null {
  const x = new Int32Array(part.buffer, part.byteOffset, BLOCK >> 2);
  const was = bytesOf(base, scratchBase);
  const y = new Int32Array(was.buffer, was.byteOffset, BLOCK >> 2);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && ++n > PATCH_WORDS) return null;
  const at = new Uint16Array(n);
  const words = new Int32Array(n);
  for (let i = 0, k = 0; k < n; i++)
    if (x[i] !== y[i]) {
      at[k] = i;
      words[k++] = x[i];
    }
  return new Patch(base, at, words);
}

type Typed = ArrayBufferView & { readonly length?: number };

interface PlainRec {
  k: 0;
  o: Record<string, unknown>;
  keys: string[];
  vals: unknown[];
}
interface ArrayRec {
  k: 1;
  o: unknown[];
  vals: unknown[];
}
interface MapRec {
  k: 2;
  o: Map<unknown, unknown>;
  keys: unknown[];
  vals: unknown[];
}
interface SetRec {
  k: 3;
  o: Set<unknown>;
  vals: unknown[];
}
interface BytesRec {
  k: 4;
  o: ArrayBufferView;
  blocks: Block[];
  /** the array's dirty marks, when it had them and no other view of its buffer was walked (a restore may then skip equal blocks) */
  marks: DirtyBlocks | null;
}
type Rec = PlainRec | ArrayRec | MapRec | SetRec | BytesRec;

export interface GraphCheckpoint {
  readonly recs: Rec[];
  /** typed array → its blocks (for sharing with the next checkpoint) */
  readonly blocksOf: Map<ArrayBufferView, Block[]>;
  /** bytes of typed-array blocks (and patches) this checkpoint made (not shared with the previous one) */
  readonly newBytes: number;
  /** all typed-array bytes it refers to (shared or not) */
  readonly bytes: number;
  /**
   * object properties, array elements and map entries it recorded of its own (records equal
   * to the previous checkpoint's are shared, not counted), plus one per record and block
   * reference: a rough measure of its JS-heap cost
   */
  readonly slots: number;
}

/** Whether two recorded lists hold the same values (the same objects, equal primitives). */
function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

function isTyped(o: object): o is Typed {
  return ArrayBuffer.isView(o);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.byteLength;
  if (n !== b.byteLength) return false;
  if ((a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0 && (n & 15) === 0) {
    const x = new Int32Array(a.buffer, a.byteOffset, n >> 2);
    const y = new Int32Array(b.buffer, b.byteOffset, n >> 2);
    // four words a step, one branch: a quarter fewer cycles than word by word
    for (let i = 0; i < x.length; i += 4)
      if (((x[i] ^ y[i]) | (x[i + 1] ^ y[i + 1]) | (x[i + 2] ^ y[i + 2]) | (x[i + 3] ^ y[i + 3])) !== 0) return false;
    return true;
  }
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A capture's options beyond the graph. */
export interface CaptureOptions {
  /** compare the blocks dirty marks say are unwritten too, and throw if one differs (tests: a write that was not marked) */
  verify?: boolean;
  /** ignore dirty marks: compare every block (tests: the reference a marked capture must equal) */
  noMarks?: boolean;
  /**
   * an array's last, partial block from the pool too when it fills at least a quarter of one
   * (it takes a whole block, but can be spilled and its memory reused — the store with a
   * disk tier asks for it; smaller ones are kept as copies of their own size)
   */
  poolParts?: boolean;
}

/**
 * Copies a view's bytes into blocks, sharing those equal to `prev`'s blocks at the same
 * place; `clean` (dirty marks relative to `prev`) says which are equal without comparing.
 * A full block that differs from `prev`'s in few words becomes a patch on it (on its
 * base, when `prev`'s block is itself a patch). When every block is `prev`'s, the list
 * is `prev` itself (a store then holds it as one: the chunk table's ~3,000 unwritten
 * blocks cost one reference a capture, not one each).
 */
function copyBlocks(
  v: ArrayBufferView,
  prev: Block[] | undefined,
  pool: BlockPool | undefined,
  clean: DirtyBlocks | null,
  verify: boolean,
  poolParts: boolean,
): { blocks: Block[]; fresh: number } {
  if (prev && clean && !verify && prev.length === Math.ceil(v.byteLength / BLOCK) && clean.bits.indexOf(1) < 0) return { blocks: prev, fresh: 0 };
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const blocks: Block[] = [];
  const aligned = (v.byteOffset & 3) === 0;
  let fresh = 0;
  const odds = patchOdds.get(v);
  const tryPatches = !odds || odds.skip === 0;
  let tried = 0,
    made = 0;
  for (let off = 0, i = 0; off < bytes.length; off += BLOCK, i++) {
    const old = prev?.[i];
    const unwritten = old !== undefined && clean !== null && clean.bits[i] === 0;
    if (unwritten && !verify) {
      blocks.push(old);
      continue;
    }
    const part = bytes.subarray(off, Math.min(bytes.length, off + BLOCK)); // (after the marks: ~5,000 views a capture, mostly unwritten)
    if (unwritten) {
      if (!sameBytes(materialize(old), part))
        throw new Error(`checkpoint: block ${i} of a dirty-tracked ${v.constructor.name} (${v.byteLength} bytes) was written without a mark`);
      blocks.push(old);
      continue;
    }
    if (old && sameBytes(materialize(old), part)) {
      blocks.push(old);
      continue;
    }
    const base = old instanceof Patch ? old.base : old;
    let p: Patch | null = null;
    if (tryPatches && base && aligned && part.length === BLOCK) {
      tried++;
      p = patchOf(base, part);
      if (p) made++;
    }
    if (p && p.at.length === 0) blocks.push(base!);
    else if (p) {
      blocks.push(p);
      fresh += p.cost;
    } else {
      let b: Uint8Array;
      if (pool && (part.length === BLOCK || (poolParts && part.length >= BLOCK / 4))) {
        b = pool.takePart(part.length);
        b.set(part);
      } else b = part.slice();
      blocks.push(b);
      fresh += blockCost(b);
    }
  }
  if (!tryPatches) odds!.skip--;
  else if (tried >= PATCH_TRIES && made * 16 < tried) patchOdds.set(v, { skip: PATCH_REST });
  else if (odds) patchOdds.delete(v);
  return { blocks: prev && fresh === 0 && sameList(blocks, prev) ? prev : blocks, fresh };
}

/**
 * Arrays whose changed blocks were (nearly) never patchable at their last capture — the
 * event heap and Fuxi's instance slots change most of a block between checkpoints — skip
 * the attempt (a scan of the block) for the next PATCH_REST captures, then try again:
 * ~2 ms of a ~12 ms capture at default scale. Bookkeeping beside the arrays, like the
 * dirty marks: it changes how a checkpoint stores a block, never what it holds.
 */
const patchOdds = new WeakMap<ArrayBufferView, { skip: number }>();
/** an array with at least this many changed full blocks, fewer than 1 in 16 of them patchable, rests */
const PATCH_TRIES = 4;
const PATCH_REST = 7;

/**
 * Records everything reachable from `roots`. `prev` (the previous checkpoint of the
 * same graph) lets unchanged typed-array blocks be shared; `pool` supplies fresh ones.
 */
export function capture(
  roots: readonly object[],
  skip: ReadonlySet<object> = new Set(),
  prev?: GraphCheckpoint,
  pool?: BlockPool,
  opts: CaptureOptions = {},
): GraphCheckpoint {
  const seen = new Set<object>(skip);
  const recs: Rec[] = [];
  const blocksOf = new Map<ArrayBufferView, Block[]>();
  const stack: object[] = [];
  /** typed arrays met, their bytes copied after the walk (once it is known which share a buffer) */
  const typed: BytesRec[] = [];
  const views = new Map<ArrayBufferLike, number>();
  let newBytes = 0;
  let bytes = 0;
  let slots = 0;
  /**
   * the previous checkpoint's records by object: a record equal to its predecessor is
   * shared (most of the graph — configuration, structure, handlers — does not change
   * between checkpoints: ~17,000 of ~18,000 values at default scale), so a checkpoint's
   * JS-heap cost is what changed
   */
  const before = new Map<object, Rec>();
  if (prev) for (const r of prev.recs) if (r.k !== 4) before.set(r.o, r);
  const visit = (v: unknown): void => {
    if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      stack.push(v);
    }
  };
  for (const r of roots) visit(r);
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (isTyped(o)) {
      const rec: BytesRec = { k: 4, o, blocks: [], marks: null };
      recs.push(rec);
      typed.push(rec);
      views.set(o.buffer, (views.get(o.buffer) ?? 0) + 1);
      continue;
    }
    if (o instanceof ArrayBuffer) throw new Error('checkpoint: a bare ArrayBuffer in the state is not supported (hold typed arrays)');
    const was = before.get(o);
    if (Array.isArray(o)) {
      const vals = o.slice();
      for (const v of vals) visit(v);
      if (was?.k === 1 && sameList(was.vals, vals)) recs.push(was);
      else {
        recs.push({ k: 1, o, vals });
        slots += vals.length;
      }
    } else if (o instanceof Map) {
      const keys: unknown[] = [];
      const vals: unknown[] = [];
      for (const [k, v] of o) {
        keys.push(k);
        vals.push(v);
        visit(k);
        visit(v);
      }
      if (was?.k === 2 && sameList(was.keys, keys) && sameList(was.vals, vals)) recs.push(was);
      else {
        recs.push({ k: 2, o, keys, vals });
        slots += 2 * keys.length;
      }
    } else if (o instanceof Set) {
      const vals = [...o];
      for (const v of vals) visit(v);
      if (was?.k === 3 && sameList(was.vals, vals)) recs.push(was);
      else {
        recs.push({ k: 3, o, vals });
        slots += vals.length;
      }
    } else if (o instanceof WeakMap || o instanceof WeakSet || o instanceof Promise) {
      throw new Error(`checkpoint: a ${o.constructor.name} in the state cannot be captured`);
    } else {
      const rec = o as Record<string, unknown>;
      let keys = Object.keys(rec);
      const vals = new Array<unknown>(keys.length);
      for (let i = 0; i < keys.length; i++) {
        const v = rec[keys[i]];
        vals[i] = v;
        visit(v);
      }
      if (was?.k === 0 && sameList(was.keys, keys)) {
        if (sameList(was.vals, vals)) {
          recs.push(was);
          continue;
        }
        keys = was.keys; // the same names: one list for both
      } else slots += keys.length;
      recs.push({ k: 0, o: rec, keys, vals });
      slots += vals.length;
    }
  }
  for (const r of typed) {
    const o = r.o;
    // marks are trusted only for an array that is the one view of its buffer here
    const m = opts.noMarks || views.get(o.buffer) !== 1 ? null : (dirtyOf(o) ?? null);
    const before = prev?.blocksOf.get(o);
    const { blocks, fresh } = copyBlocks(o, before, pool, m && prev && m.base === prev ? m : null, opts.verify === true, opts.poolParts === true);
    r.blocks = blocks;
    r.marks = m;
    blocksOf.set(o, blocks);
    newBytes += fresh;
    bytes += o.byteLength;
    slots += blocks.length;
  }
  slots += recs.length;
  const c: GraphCheckpoint = { recs, blocksOf, newBytes, bytes, slots };
  for (const r of typed) if (r.marks) r.marks.clean(c);
  return c;
}

/** Writes a checkpoint back into the objects it was taken from. */
export function restore(c: GraphCheckpoint): void {
  const restored: DirtyBlocks[] = [];
  for (const r of c.recs) {
    switch (r.k) {
      // a property or element is written only where it differs: a store, even of the same value, to a field V8
      // tracks as constant invalidates the optimized code that embedded it (the first replay after a first
      // restore ran ~4× slower at default scale while all of it recompiled, 2026-12-07)
      case 0: {
        const o = r.o;
        if (!sameList(Object.keys(o), r.keys)) {
          // properties added or removed since: the whole record, in its order
          const want = new Set(r.keys);
          for (const k of Object.keys(o)) if (!want.has(k)) delete o[k];
          for (let i = 0; i < r.keys.length; i++) o[r.keys[i]] = r.vals[i];
        } else for (let i = 0; i < r.keys.length; i++) if (!Object.is(o[r.keys[i]], r.vals[i])) o[r.keys[i]] = r.vals[i];
        break;
      }
      case 1: {
        const o = r.o;
        if (o.length !== r.vals.length) {
          o.length = r.vals.length;
          for (let i = 0; i < r.vals.length; i++) o[i] = r.vals[i];
        } else for (let i = 0; i < r.vals.length; i++) if (!Object.is(o[i], r.vals[i])) o[i] = r.vals[i];
        break;
      }
      case 2:
        r.o.clear();
        for (let i = 0; i < r.keys.length; i++) r.o.set(r.keys[i], r.vals[i]);
        break;
      case 3:
        r.o.clear();
        for (const v of r.vals) r.o.add(v);
        break;
      case 4: {
        const bytes = new Uint8Array(r.o.buffer, r.o.byteOffset, r.o.byteLength);
        // with marks: a block unwritten since the marks' checkpoint, which holds this very block, is already equal
        // (the marks are cleaned once every array is written: columns may share them)
        const m = r.marks;
        if (m) restored.push(m);
        const now = m && m.base ? (m.base as GraphCheckpoint).blocksOf?.get(r.o) : undefined;
        const held = (i: number) => now !== undefined && m!.bits[i] === 0 && now[i] === r.blocks[i];
        let off = 0;
        for (let i = 0; i < r.blocks.length; i++) {
          const b = r.blocks[i];
          if (held(i)) {
            off += b.length;
            continue;
          }
          if (b instanceof Patch) {
            writeBlock(b.base, bytes, off);
            applyPatch(b, new Int32Array(bytes.buffer, bytes.byteOffset + off, BLOCK >> 2));
            off += b.length;
            continue;
          }
          const s = spilledAt.get(b);
          if (!s) {
            bytes.set(b, off);
            off += b.length;
            continue;
          }
          // the following blocks of the array spilled to the following slots of the file: one read for the run (a restore
          // of a state days away reads thousands of blocks back; a call to the file costs far more than its 16 KB)
          let len = b.length;
          let j = i + 1;
          for (; j < r.blocks.length; j++) {
            const n = r.blocks[j];
            const ns = n instanceof Patch || held(j) ? undefined : spilledAt.get(n);
            if (!ns || ns.file !== s.file || ns.slot !== s.slot + (j - i)) break;
            len += n.length;
          }
          s.file.read(s.slot, bytes.subarray(off, off + len));
          off += len;
          i = j - 1;
        }
        break;
      }
    }
  }
  for (const m of restored) m.clean(c);
}

/** Writes a plain block's bytes into `bytes` at `off` (a spilled one read straight from its file). */
function writeBlock(b: Uint8Array, bytes: Uint8Array, off: number): void {
  const s = spilledAt.get(b);
  if (s) s.file.read(s.slot, bytes.subarray(off, off + b.length));
  else bytes.set(b, off);
}

/** Unique typed-array block bytes held by a set of checkpoints (shared blocks counted once, a patch's base too). */
export function heldBytes(cs: readonly GraphCheckpoint[]): number {
  const seen = new Set<Block>();
  let n = 0;
  const count = (b: Block) => {
    if (seen.has(b)) return;
    seen.add(b);
    n += blockCost(b);
    if (b instanceof Patch) count(b.base);
  };
  for (const c of cs) for (const bl of c.blocksOf.values()) for (const b of bl) count(b);
  return n;
}
