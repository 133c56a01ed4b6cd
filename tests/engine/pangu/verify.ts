/**
 * Test oracle: rebuilds everything the chunk table keeps incrementally (disk lists,
 * back-index, per-chunk counters, queue membership, totals) from the slot table and
 * the per-disk flags, and lists every difference. Empty list = consistent.
 */
import { C_BUSY, C_LOST, type ChunkTable, F_LIVE, F_PRESENT, F_REACH, F_SRC } from '../../../worker/engine/pangu/chunks';

export function verifyTable(t: ChunkTable, max = 10): string[] {
  const errs: string[] = [];
  const err = (m: string) => {
    if (errs.length < max) errs.push(m);
  };
  const S = t.slots;
  const disks = t.diskFlags.length;
  const count = new Int32Array(disks);
  let replicas = 0,
    under = 0,
    unavailable = 0,
    lost = 0,
    queued = 0;
  for (let c = 0; c < t.chunks; c++) {
    let present = 0,
      reach = 0,
      live = 0,
      avail = 0;
    for (let s = 0; s < S; s++) {
      const rid = c * S + s;
      const d = t.slotDisk[rid];
      if (d < 0) continue;
      count[d]++;
      const p = t.slotPos[rid];
      if (p >= t.lists.len[d] || t.lists.get(d, p) !== rid) err(`replica ${rid} (chunk ${c}) not at its back-index ${p} on disk ${d}`);
      const f = t.diskFlags[d];
      if (f & F_PRESENT) present++;
      if (f & F_REACH) reach++;
      if (f & F_LIVE) live++;
      if (f & F_SRC) avail++;
    }
    if (t.present[c] !== present) err(`chunk ${c}: present ${t.present[c]} ≠ ${present}`);
    if (t.reach[c] !== reach) err(`chunk ${c}: reach ${t.reach[c]} ≠ ${reach}`);
    if (t.live[c] !== live) err(`chunk ${c}: live ${t.live[c]} ≠ ${live}`);
    if (t.avail[c] !== avail) err(`chunk ${c}: avail ${t.avail[c]} ≠ ${avail}`);
    replicas += present;
    const isLost = (t.flags[c] & C_LOST) !== 0;
    if (isLost) lost++;
    if (present === 0 && !isLost) err(`chunk ${c}: no copy left but not marked lost`);
    if (!isLost && live < t.target[c]) under++;
    if (!isLost && reach === 0) unavailable++;
    const want = !isLost && live < t.target[c] && !(t.flags[c] & C_BUSY) && avail > 0;
    const b = t.queue.bucketOf[c] - 1;
    if (want !== b >= 0) err(`chunk ${c}: queued=${b >= 0}, should be ${want}`);
    if (want && b !== live) err(`chunk ${c}: in bucket ${b}, live ${live}`);
    if (b >= 0) {
      queued++;
      if (t.queue.buckets[b][t.queue.pos[c]] !== c) err(`chunk ${c}: queue back-index wrong`);
    }
  }
  for (let d = 0; d < disks; d++) if (count[d] !== t.lists.len[d]) err(`disk ${d}: list has ${t.lists.len[d]}, slots say ${count[d]}`);
  if (t.replicas !== replicas) err(`replicas ${t.replicas} ≠ ${replicas}`);
  if (t.underReplicated !== under) err(`underReplicated ${t.underReplicated} ≠ ${under}`);
  if (t.unavailable !== unavailable) err(`unavailable ${t.unavailable} ≠ ${unavailable}`);
  if (t.lost !== lost) err(`lost ${t.lost} ≠ ${lost}`);
  if (t.queue.size !== queued) err(`queue size ${t.queue.size} ≠ ${queued}`);
  return errs;
}

/** Violations of placement: two replicas of one chunk on one server (or, with `racks`, in one rack). */
export function placementViolations(t: ChunkTable, disksPerNode: number, rackOf: Int32Array, racks: boolean): number {
  const S = t.slots;
  let bad = 0;
  const nodes = new Int32Array(S);
  for (let c = 0; c < t.chunks; c++) {
    let k = 0;
    let ok = true;
    for (let s = 0; s < S; s++) {
      const d = t.slotDisk[c * S + s];
      if (d < 0) continue;
      const n = (d / disksPerNode) | 0;
      for (let i = 0; i < k; i++) if (nodes[i] === n || (racks && rackOf[nodes[i]] === rackOf[n])) ok = false;
      nodes[k++] = n;
    }
    if (!ok) bad++;
  }
  return bad;
}
