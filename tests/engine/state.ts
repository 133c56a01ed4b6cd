/**
 * "The same state" for tests that cannot compare whole state hashes (e.g. two runs
 * whose event queues differ on purpose): every tracked array compared as raw bytes
 * (Buffer.equals, no JS arrays of numbers), every tracked scalar, every random
 * stream's state and the log's hash. Returns the names that differ, so a failure
 * says where.
 */
import type { Engine } from '../../worker/engine/engine';
import { StateHasher } from '../../worker/engine/core/hash';

type Tracked = {
  arrays: { name: string; get(): ArrayBufferView }[];
  scalars: { name: string; get(): number }[];
};

/** The bytes of a typed array, as a view (no copy). */
export const bytesOf = (v: ArrayBufferView): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** Byte-for-byte equality of two typed arrays (of any element type). */
export const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean => bytesOf(a).equals(bytesOf(b));

function logHash(e: Engine): string {
  const h = new StateHasher();
  e.sim.log.hashInto(h);
  return h.digest();
}

/**
 * Names of the parts of the state (beside the event queue and the event count) that
 * differ between engines a and b: tracked arrays and scalars, random streams, the log.
 */
export function stateDiff(a: Engine, b: Engine): string[] {
  const ta = a.sim as unknown as Tracked,
    tb = b.sim as unknown as Tracked;
  const out: string[] = [];
  const names = (t: Tracked) => [...t.arrays.map((x) => 'array ' + x.name), ...t.scalars.map((x) => 'scalar ' + x.name)].join('\n');
  if (names(ta) !== names(tb)) return ['the tracked names themselves'];
  ta.arrays.forEach((x, i) => {
    if (!sameBytes(x.get(), tb.arrays[i].get())) out.push(x.name);
  });
  ta.scalars.forEach((x, i) => {
    if (!Object.is(x.get(), tb.scalars[i].get())) out.push(x.name);
  });
  const streams = a.sim.rng.names();
  if (streams.join() !== b.sim.rng.names().join()) out.push('random stream names');
  else for (const n of streams) if (!sameBytes(a.sim.rng.get(n).s, b.sim.rng.get(n).s)) out.push('random stream ' + n);
  if (a.now !== b.now) out.push('now');
  if (logHash(a) !== logHash(b)) out.push('log');
  return out;
}
