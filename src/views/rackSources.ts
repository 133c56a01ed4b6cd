/**
 * What the rack view's counts follow from (issue 14 §3), as the two source markers in
 * the legend list them (src/lib/SourceMark.svelte): the servers' true state, and what
 * the master and Fuxi believe of them. RackSummary.svelte speaks the same counts to
 * screen readers. Every path must have a provenance entry (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../lib/sources';

export const RACK_SOURCES = {
  truth: {
    params: [
      'cluster.nodes',
      'faults.nodeMtbfHours',
      'faults.nodeRepairHours',
      'faults.systemDiskMtbfHours',
      'faults.powerCycleFailure',
      'cluster.bootMs',
    ],
  },
  belief: {
    params: [
      'detection.heartbeatIntervalMs',
      'detection.suspectAfterMs',
      'detection.deadAfterMs',
      'faults.gossipIntervalMs',
      'scheduler.blacklistJobs',
      'scheduler.blacklistCap',
    ],
  },
} as const satisfies Record<string, FigureSource>;
