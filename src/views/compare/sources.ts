/**
 * What each figure of the Compare view's table follows from (issue 14 §3): the parameters
 * its source marker lists (src/lib/SourceMark.svelte), by figure id (model.ts). Both
 * sides share them; what differs is what was done to each side. Every path must have a
 * provenance entry (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../../lib/sources';
import type { FigureId } from './model';

export const COMPARE_SOURCES = {
  believedDead: { params: ['detection.heartbeatIntervalMs', 'detection.deadAfterMs', 'network.lossKnee'] },
  trulyDown: { params: ['faults.nodeMtbfHours', 'faults.nodeRepairHours', 'cluster.bootMs'] },
  falselyDead: { params: ['detection.deadAfterMs', 'network.lossKnee', 'network.lossFull'] },
  underReplicated: { params: ['storage.replication', 'detection.deadAfterMs', 'recovery.outDelayMs', 'recovery.policy', 'recovery.maxGbps'] },
  lost: { params: ['storage.placement', 'storage.scatterWidth', 'storage.replication', 'faults.powerCycleFailure'], compare: 'copysets' },
  recoveryGbps: { params: ['recovery.policy', 'recovery.maxGbps', 'recovery.maxStreamsPerNode', 'recovery.maxCoreShare'] },
  coreUtil: { params: ['workload.nodeGbps', 'workload.crossRackShare', 'network.coreOversubscription'] },
  jobSlowdown: { params: ['scheduler.slowDetection', 'scheduler.backupInstances', 'scheduler.blacklistJobs', 'scheduler.blacklistCap'] },
  masterP99: { params: ['master.clientQps', 'master.threads', 'master.lookupMs', 'master.protection'] },
  ackedLost: { params: ['writes.mode', 'writes.memoryCopies', 'writes.isolation', 'writes.flushIntervalMs'] },
} as const satisfies Record<FigureId, FigureSource>;
