/**
 * Recovery policies (R1–R3, F6), as pure rules over a small view of the cluster:
 * what re-replication may do now (start copies, how fast, how many per server, how
 * much of a disk) and whether a suspect disk may be taken offline.
 *
 * - `naive`: the EC2 2011 way — a server that looks dead has its data re-created at
 *   once, as fast as the sources' disks and NICs can push (no per-server throttle, no
 *   cluster cap), and suspect disks go offline without a cap.
 * - `guarded`: the articles' way — throttled recovery (HDFS-like per-server streams,
 *   a per-stream disk share, a cluster cap, at most `recovery.maxCoreShare` of the
 *   core of the network in use, and only the core's headroom below
 *   `recovery.coreHeadroomUtil` — client traffic comes first); at most `recovery.autoOfflineCap` of all disks
 *   offlined automatically at any time (R3); and a circuit breaker (guard.ts) that
 *   switches automatic recovery off when the fault looks large (R2).
 * - `off`: no automatic re-replication and no automatic offlining.
 * While the file-system master is down or in safe mode nothing new is decided.
 */
import type { Params } from '../../scenario/params';

export type Policy = 'guarded' | 'naive' | 'off';
export const POLICIES: readonly Policy[] = ['guarded', 'naive', 'off'];

/** What the rules look at. */
export interface PolicyView {
  policy: Policy;
  /** circuit breaker open (guarded only) */
  tripped: boolean;
  /** the master is down, or in safe mode after a restart */
  masterBusy: boolean;
  /** core capacity of the network in use, Gb/s */
  coreCapacityGbps: number;
  /** core traffic other than recovery now, Gb/s */
  coreOtherGbps: number;
}

/** No limit, as a number the rates can be scaled by. */
export const UNLIMITED_GBPS = 1e9;

export function allowStarts(v: PolicyView): boolean {
  if (v.masterBusy || v.policy === 'off') return false;
  return v.policy === 'naive' || !v.tripped;
}

/** The cluster-wide cap on recovery traffic, Gb/s. 0 stalls the copies under way (load is shed). */
export function maxGbps(v: PolicyView, p: Params): number {
  if (v.policy === 'off') return 0;
  if (v.policy === 'naive') return UNLIMITED_GBPS;
  if (v.tripped) return 0;
  const headroom = Math.max(0, p['recovery.coreHeadroomUtil'] * v.coreCapacityGbps - v.coreOtherGbps);
  return Math.min(p['recovery.maxGbps'], p['recovery.maxCoreShare'] * v.coreCapacityGbps, headroom);
}

export function maxStreamsPerNode(v: PolicyView, p: Params): number {
  return v.policy === 'naive' ? p['recovery.naiveStreamsPerNode'] : p['recovery.maxStreamsPerNode'];
}

export function diskShare(v: PolicyView, p: Params): number {
  return v.policy === 'naive' ? 1 : p['recovery.diskShare'];
}

/** Most disks that may be offline automatically at once under this policy (guarded: the 1 % cap, R3). */
export function offlineLimit(v: PolicyView, p: Params, disks: number): number {
  if (v.masterBusy || v.policy === 'off') return 0;
  if (v.policy === 'naive') return disks;
  if (v.tripped) return 0;
  return Math.floor(p['recovery.autoOfflineCap'] * disks);
}
