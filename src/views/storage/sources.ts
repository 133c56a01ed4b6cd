/**
 * What the storage view's headline figures follow from (issue 14 §3): the parameters
 * each source marker lists (src/lib/SourceMark.svelte). Every path must have a
 * provenance entry (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../../lib/sources';

export const STORAGE_SOURCES = {
  chunks: { params: ['storage.chunkMB', 'storage.diskFill', 'storage.diskTB', 'cluster.disksPerNode', 'cluster.nodes', 'storage.chunks'] },
  replicas: { params: ['storage.replication', 'storage.reducedReplicaShare'] },
  under: {
    params: [
      'storage.replication',
      'detection.deadAfterMs',
      'recovery.outDelayMs',
      'recovery.policy',
      'recovery.maxGbps',
      'recovery.maxStreamsPerNode',
    ],
  },
  lost: { params: ['storage.placement', 'storage.scatterWidth', 'storage.replication', 'faults.powerCycleFailure'], compare: 'copysets' },
  unavailable: { params: ['storage.replication', 'storage.placement', 'cluster.nodesPerRack'] },
  failedDisks: { params: ['faults.diskMtbfHours', 'faults.diskFailureMultiplier'] },
  placement: { params: ['storage.placement'], given: true },
} as const satisfies Record<string, FigureSource>;
