/**
 * What the mirror storm's four loop figures follow from (issue 14 §3): the parameters
 * each source marker lists (src/lib/SourceMark.svelte), by the loop's stage id
 * (stormLoop.ts). Every path must have a provenance entry (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../../lib/sources';
import type { StageId } from './stormLoop';

export const STORM_SOURCES = {
  /** core and busiest uplink utilisation */
  overload: {
    params: [
      'workload.nodeGbps',
      'workload.crossRackShare',
      'network.nicGbps',
      'network.rackOversubscription',
      'network.coreOversubscription',
      'network.backupCapacity',
      'network.lossKnee',
    ],
  },
  /** servers whose heartbeats are missing */
  heartbeats: { params: ['detection.heartbeatIntervalMs', 'detection.suspectAfterMs', 'network.lossKnee', 'network.lossFull', 'network.baseLoss'] },
  /** servers believed dead that are up */
  falseDead: { params: ['detection.heartbeatIntervalMs', 'detection.deadAfterMs', 'network.lossKnee', 'network.lossFull'] },
  /** re-replication traffic asked for and delivered */
  rereplication: {
    params: [
      'recovery.policy',
      'recovery.outDelayMs',
      'recovery.maxGbps',
      'recovery.maxStreamsPerNode',
      'recovery.naiveStreamsPerNode',
      'recovery.maxCoreShare',
      'storage.chunkMB',
    ],
  },
} as const satisfies Record<StageId, FigureSource>;
