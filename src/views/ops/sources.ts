/**
 * What the Operations and Deploy views' headline figures follow from (issue 14 §3): the
 * parameters each source marker lists (src/lib/SourceMark.svelte). Every path must have
 * a provenance entry (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../../lib/sources';

const ALERT_RULES = [
  'ops.alertEvalMs',
  'ops.nodeDownForMs',
  'ops.rackDownShare',
  'ops.linkUtilAlert',
  'ops.linkForMs',
  'ops.masterLatencyAlertMs',
  'ops.masterRejectAlertQps',
  'ops.falseDeadAlert',
] as const;

/** The Operations view's key figures. */
export const OPS_SOURCES = {
  firing: { params: ALERT_RULES },
  fired: { params: ALERT_RULES },
  meanDelay: { params: ['ops.alertEvalMs', 'ops.nodeDownForMs', 'ops.linkForMs', 'ops.masterLatencyForMs', 'detection.deadAfterMs'] },
  serversDown: { params: ['faults.nodeMtbfHours', 'faults.nodeRepairHours', 'faults.systemDiskMtbfHours', 'cluster.bootMs'] },
  masterLat: { params: ['master.clientQps', 'master.threads', 'master.lookupMs', 'master.openMs', 'master.createMs', 'master.filesPerCostDoubling'] },
  coreNet: { params: ['workload.nodeGbps', 'workload.crossRackShare', 'network.nicGbps', 'network.coreOversubscription'] },
} as const satisfies Record<string, FigureSource>;

/** The Deploy view's status figures. */
export const DEPLOY_SOURCES = {
  transferred: {
    params: [
      'deploy.packageMB',
      'deploy.configMB',
      'deploy.separateConfig',
      'deploy.flowMbps',
      'deploy.uploadFlows',
      'deploy.pieceMB',
      'deploy.singleConcurrency',
    ],
  },
  onTarget: {
    params: ['deploy.execConcurrency', 'deploy.rollingBatchRacks', 'deploy.stopMs', 'deploy.installMs', 'deploy.switchMs', 'deploy.serverStartMs'],
  },
  stopped: { params: ['deploy.execConcurrency', 'deploy.rollingBatchRacks', 'deploy.stopMs', 'deploy.serverStartMs'] },
  rate: {
    params: ['deploy.flowMbps', 'deploy.uploadFlows', 'deploy.seedFlowsPerRack', 'deploy.uplinkShare', 'deploy.unpacedEfficiency', 'network.nicGbps'],
  },
} as const satisfies Record<string, FigureSource>;
