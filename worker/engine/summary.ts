/**
 * The JSON summary of a run (`../shared/docs/cli.md`): always-present fields plus
 * one group per mechanism. Names are a public interface: keep them, add freely.
 */
import type { Engine } from './engine';
import { encodeHash } from '../scenario/codec';

export const SUMMARY_SCHEMA_VERSION = 1;
/** Where the app is served when the caller names no other (the README's serve command). */
export const DEFAULT_APP_URL = 'http://localhost:4173/';

export interface Summary {
  schemaVersion: number;
  scenario: string;
  seed: number;
  simulatedMs: number;
  wallMs: number;
  events: number;
  stateHash: string;
  shareUrl: string;
  /** chunks and replicas: real storage.chunkMB chunks and their copies; chunkGroups: the groups the engine stores them in (storage.chunks) */
  cluster: { nodes: number; racks: number; disks: number; chunks: number; replicas: number; chunkGroups?: number };
  faults: { nodeFailures: number; diskFailures?: number };
  detection: {
    nodesDeclaredDead: number;
    falselyDeclaredDead: number;
    corruptedPeak: number;
    slowDisksDetected?: number;
    slowDisksFalselyDetected?: number;
    disksAutoOfflinedPeak?: number;
  };
  network: { peakCoreUtilization: number; peakBackupUtilization: number };
  [group: string]: unknown;
}

export function buildSummary(e: Engine, wallMs: number, appUrl = DEFAULT_APP_URL): Summary {
  const c = e.sim.counters;
  const s = e.scenario();
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    scenario: s.name,
    seed: s.seed,
    simulatedMs: e.now,
    wallMs: Math.round(wallMs),
    events: e.sim.events,
    stateHash: e.hash(),
    shareUrl: `${appUrl}#${encodeHash(s, { t: String(e.now) })}`,
    cluster: {
      nodes: e.topo.nodes,
      racks: e.topo.racks,
      disks: e.topo.disks,
      chunks: e.pangu.realChunks,
      replicas: e.pangu.table.replicas * e.pangu.chunksPerGroup,
      chunkGroups: e.pangu.table.chunks,
    },
    faults: { nodeFailures: c.nodeFailures ?? 0, diskFailures: c.diskFailures ?? 0 },
    detection: {
      nodesDeclaredDead: c.nodesDeclaredDead ?? 0,
      falselyDeclaredDead: c.falselyDeclaredDead ?? 0,
      corruptedPeak: c.corruptedPeak ?? 0,
      slowDisksDetected: c.slowDisksDetected ?? 0,
      slowDisksFalselyDetected: c.slowDisksFalselyDetected ?? 0,
      disksAutoOfflinedPeak: e.pangu.offlinePeak,
    },
    network: { peakCoreUtilization: r3(c.peakCoreUtilization ?? 0), peakBackupUtilization: r3(c.peakBackupUtilization ?? 0) },
    ...e.ops.summaryGroups(c),
    storage: e.pangu.summary(),
    scheduler: e.fuxi.summary(),
    writes: e.writes.summary(),
    recovery: e.recovery.summary(),
  };
}
