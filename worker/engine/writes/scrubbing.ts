/**
 * Background scrubbing (P5, "检测与复制阶段"): data can rot silently on a disk that
 * otherwise works (latent sector errors, bad checksums). Corruptions arrive as one
 * Poisson stream over the cluster, `writes.corruptionPerDiskYear` per disk and year
 * (ours), each hitting one replica on a random disk. A background pass reads every
 * disk once per `writes.scrubIntervalHours`, each disk at its own phase; the pass
 * that reaches a corrupt replica reports it to the master, which drops the copy from
 * its map — the chunk is then under-replicated and re-replication copies a good one
 * (or, if it was the last copy, the chunk is lost, counted by Pangu).
 * Until found, a corrupt replica still counts as a good copy in the master's eyes.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';

const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;
const CAP = 4096;

export interface ScrubHost {
  readonly diskFailed: Uint8Array;
  /** replicas on disk d */
  replicasOn(d: number): number;
  /** replica id at position i of disk d's list */
  replicaAt(d: number, i: number): number;
  /** disk of replica rid now (−1 when gone) */
  diskOfReplica(rid: number): number;
  /** the master drops a corrupt replica (re-replication follows) */
  dropCorrupt(rid: number, disk: number): void;
}

export class Scrubbing {
  readonly pendRid = new Int32Array(CAP).fill(-1);
  readonly pendDisk = new Int32Array(CAP);
  readonly pendAt = new Float64Array(CAP);
  corrupted = 0;
  found = 0;
  /** corruptions that vanished before the scrubber came (their disk failed, the replica moved) */
  vanished = 0;
  /** corruptions not tracked because CAP were pending at once (counted only) */
  untracked = 0;
  /** sum of time from corruption to discovery, ms */
  detectMsSum = 0;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly host: ScrubHost,
  ) {
    sim.on(EV.WRITES_CORRUPT, () => this.corrupt());
    sim.on(EV.WRITES_SCRUB_FOUND, (slot, rid) => this.scrubbed(slot, rid));
    sim.track('writes.scrub.pendRid', () => this.pendRid);
    sim.track('writes.scrub.pendDisk', () => this.pendDisk);
    sim.track('writes.scrub.pendAt', () => this.pendAt);
    for (const k of ['corrupted', 'found', 'vanished', 'untracked', 'detectMsSum'] as const) sim.trackScalar('writes.scrub.' + k, () => this[k]);
    this.schedule();
  }

  private meanGapMs(): number {
    const rate = (this.topo.disks * this.sim.params['writes.corruptionPerDiskYear']) / YEAR;
    return rate > 0 ? 1 / rate : Infinity;
  }

  private schedule(): void {
    const gap = this.meanGapMs();
    const dt = Number.isFinite(gap) ? Math.max(1, Math.round(this.sim.rng.get('writes.scrub').exp(gap))) : HOUR;
    this.sim.after(dt, EV.WRITES_CORRUPT);
  }

  /** When the scrubber next reads disk d (each disk has its own phase in the pass). */
  nextVisit(d: number): number {
    const interval = this.sim.params['writes.scrubIntervalHours'] * HOUR;
    const phase = ((d * 0.6180339887498949) % 1) * interval;
    const now = this.sim.now;
    const k = Math.floor((now - phase) / interval) + 1;
    return Math.max(now + 1, phase + k * interval);
  }

  private corrupt(): void {
    this.schedule();
    if (!Number.isFinite(this.meanGapMs())) return;
    const rng = this.sim.rng.get('writes.scrub');
    const d = rng.int(this.topo.disks);
    const n = this.host.replicasOn(d);
    if (this.host.diskFailed[d] || n === 0) return;
    const rid = this.host.replicaAt(d, rng.int(n));
    this.corrupted++;
    let slot = -1;
    for (let i = 0; i < CAP; i++)
      if (this.pendRid[i] < 0) {
        slot = i;
        break;
      }
    if (slot < 0) {
      this.untracked++;
      return;
    }
    this.pendRid[slot] = rid;
    this.pendDisk[slot] = d;
    this.pendAt[slot] = this.sim.now;
    this.sim.at(this.nextVisit(d), EV.WRITES_SCRUB_FOUND, slot, rid);
  }

  private scrubbed(slot: number, rid: number): void {
    if (this.pendRid[slot] !== rid) return;
    const d = this.pendDisk[slot];
    this.pendRid[slot] = -1;
    if (this.host.diskFailed[d] || this.host.diskOfReplica(rid) !== d) {
      this.vanished++;
      return;
    }
    this.found++;
    this.detectMsSum += this.sim.now - this.pendAt[slot];
    this.host.dropCorrupt(rid, d);
  }

  get pending(): number {
    let n = 0;
    for (let i = 0; i < CAP; i++) if (this.pendRid[i] >= 0) n++;
    return n;
  }
}
