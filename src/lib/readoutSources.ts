/**
 * What each lesson readout's figure follows from (issue 14 §3), for its source marker:
 * by the readout's English label, until a lesson names its own (`Readout.sources`);
 * a readout in neither says it is measured under the settings its lesson changes.
 * tests/page/sources.test.ts fails on a parameter without provenance. All are measured in the run except where `given` says the figure is a
 * setting's value.
 */
import type { FigureSource } from './sources';

const UNDER = ['storage.replication', 'detection.deadAfterMs', 'recovery.outDelayMs', 'recovery.policy', 'recovery.maxGbps'];
const LOST = ['storage.placement', 'storage.scatterWidth', 'storage.replication', 'faults.powerCycleFailure'];
const POWER = ['cluster.nodesPerRack', 'cluster.racksPerPowerDomain', 'cluster.powerOnDomainIntervalMs', 'cluster.bootMs'];
const DEAD = ['detection.heartbeatIntervalMs', 'detection.suspectAfterMs', 'detection.deadAfterMs'];

export const READOUT_SOURCES: Record<string, FigureSource> = {
  'disks failed': { params: ['faults.diskMtbfHours', 'faults.diskFailureMultiplier', 'cluster.disksPerNode'], compare: 'schroeder-gibson' },
  'servers failed': { params: ['faults.nodeMtbfHours', 'faults.systemDiskMtbfHours'] },
  'disks’ share of failures': { params: ['faults.diskMtbfHours', 'faults.diskFailureMultiplier', 'faults.nodeMtbfHours'] },
  'simulated days': { params: ['faults.diskMtbfHours'] },
  'chunks under-replicated': { params: UNDER },
  'chunks lost': { params: LOST, compare: 'copysets' },
  'without power': { params: POWER },
  'gone for good': { params: ['faults.powerCycleFailure'], compare: 'copysets' },
  'chunks unavailable': { params: ['storage.replication', 'storage.placement', 'cluster.nodesPerRack'] },
  'if 1 % fail at once: chance of a loss (this run / copyset)': { params: LOST, compare: 'copysets' },
  'chunks in a loss, when one comes (this run / copyset)': { params: LOST, compare: 'copysets' },
  'believed dead': { params: DEAD },
  'task instances rerun elsewhere (Fuxi)': { params: ['scheduler.jobsPerServerHour', 'scheduler.masterFailoverMs'] },
  'recovery.outDelayMs (the wait)': { params: ['recovery.outDelayMs'], given: true, compare: 'gfs-availability' },
  'chunk-hours one copy short': { params: ['recovery.outDelayMs', 'detection.deadAfterMs', 'cluster.bootMs'] },
  'copied for servers that came back': { params: ['recovery.outDelayMs', 'detection.deadAfterMs', 'cluster.bootMs'] },
  'truly down': { params: ['network.backupCapacity', 'workload.nodeGbps'] },
  'core network load': { params: ['network.coreOversubscription', 'network.backupCapacity', 'workload.nodeGbps', 'workload.crossRackShare'] },
  'recovery asked / delivered': { params: ['recovery.policy', 'recovery.maxGbps', 'recovery.maxStreamsPerNode', 'recovery.naiveStreamsPerNode'] },
  'recovery policy': { params: ['recovery.policy'], given: true, compare: 'ebs-2011' },
  'corrupted detectors': { params: ['faults.gossipIntervalMs', 'faults.gossipFanout'], compare: 's3-2008' },
  'falsely dead': { params: [...DEAD, 'network.lossKnee', 'network.lossFull'] },
  'servers up': { params: ['faults.nodeMtbfHours', 'cluster.bootMs'] },
  'blacklisted (falsely)': {
    params: ['scheduler.slowFactor', 'scheduler.blacklistJobs', 'scheduler.markWindowMs', 'scheduler.blacklistCap'],
    compare: 'fuxi',
  },
  'suspect disks': { params: ['detection.slowAccessFactor', 'detection.slowDiskShare', 'detection.slowDiskWindows'], compare: 'fail-slow' },
  'disks offline / cap': { params: ['recovery.autoOfflineCap'], compare: 'fail-slow' },
  'write mode': { params: ['writes.mode'], given: true },
  'pipeline p50 / p99': { params: ['writes.diskAccessMs', 'writes.rackHopUs', 'writes.coreHopUs'] },
  'redo log p50 / p99': { params: ['writes.memoryAckUs', 'writes.memoryCopies', 'writes.rackHopUs'], compare: 'pangu' },
  'unflushed in memory': { params: ['writes.flushIntervalMs', 'writes.flushDeadlineMs', 'writes.memoryLimitMB'] },
  'acknowledged writes lost': { params: ['writes.memoryCopies', 'writes.isolation'] },
  'to full redundancy (the drill: ≈ 3 h)': {
    params: [...POWER, 'master.safeModeShare', 'master.reportUsPerChunk', 'recovery.maxGbps'],
    compare: 'hdfs',
  },
  'master p99 latency': { params: ['master.threads', 'master.createMs', 'master.protection', 'master.userQpsLimit'] },
  'deployment phase': { params: ['deploy.separateConfig'] },
  'package on servers': { params: ['deploy.packageMB', 'deploy.uploadFlows', 'deploy.pieceMB', 'deploy.flowMbps', 'deploy.unpacedEfficiency'] },
  'master ops served /s': { params: ['master.clientQps', 'deploy.masterLoadUsPerFile'] },
  'service stopped so far': {
    params: ['deploy.stopMs', 'deploy.installMs', 'deploy.switchMs', 'deploy.masterLoadUsPerFile', 'deploy.serverStartMs'],
  },
  'flushes past the 30 s deadline': { params: ['writes.flushDeadlineMs', 'writes.flushIntervalMs', 'writes.diskAccessMs'] },
  'writes refused by a server': { params: ['writes.ioQueueLimitMs', 'writes.diskFullShare', 'writes.memoryLimitMB'] },
  'other users’ p99, best / worst': { params: ['master.threads', 'master.protection', 'master.userQpsLimit', 'master.userFileQuota'] },
  'the flooding user’s p99': { params: ['master.floodQps', 'master.protection', 'master.userQpsLimit', 'master.userBurst'] },
  'cluster slowed by the master': { params: ['master.slowdownMax', 'master.metadataShare'] },
  'Fuxi jobs running': { params: ['scheduler.jobsPerServerHour', 'scheduler.instancesMin', 'scheduler.instancesMax'] },
  'circuit breaker': { params: ['recovery.largeFailureShare', 'recovery.largeBacklogShare', 'recovery.resumeFraction'], compare: 'ebs-2011' },
  'with fewer copies for': { params: ['recovery.largeFailureShare', 'recovery.largeBacklogShare', 'recovery.maxGbps'] },
  'disks looking slow (healthy) / offline / cap': {
    params: ['detection.slowAccessFactor', 'detection.slowDiskShare', 'recovery.autoOfflineCap'],
    compare: 'fail-slow',
  },
  'truly slow disks still serving': { params: ['recovery.autoOfflineCap', 'detection.slowDiskWindows'], compare: 'fail-slow' },
  'alerts firing': { params: ['ops.logSampleRate'] },
  'Huatuo: repairing / ticket / new disk': { params: ['huatuo.pollMs', 'huatuo.repairMinutes', 'huatuo.repairSuccess', 'huatuo.batchIntervalHours'] },
  'system disks: ticket / reinstalling': { params: ['faults.systemDiskMtbfHours', 'huatuo.reinstallMinutes', 'huatuo.batchIntervalHours'] },
};

/**
 * A readout's source: its own, else by its label, else (a readout newer than this map)
 * measured in the run under the settings its lesson changes.
 */
export function readoutSource(r: { label: { en: string }; sources?: FigureSource }, lessonParams: Record<string, unknown> = {}): FigureSource {
  return r.sources ?? READOUT_SOURCES[r.label.en] ?? { params: Object.keys(lessonParams) };
}
