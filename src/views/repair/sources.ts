/**
 * What the Repair view's totals follow from (issue 14 §3): the parameters each source
 * marker lists (src/lib/SourceMark.svelte). Every path must have a provenance entry
 * (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../../lib/sources';

export const REPAIR_SOURCES = {
  tickets: { params: ['faults.nodeMtbfHours', 'faults.diskMtbfHours', 'huatuo.pollMs', 'huatuo.repairSuccess'] },
  replaced: { params: ['huatuo.batchIntervalHours', 'huatuo.repairSuccess'] },
  repaired: { params: ['huatuo.repairMinutes', 'huatuo.repairSuccess'] },
  sysFailed: { params: ['faults.systemDiskMtbfHours', 'huatuo.reinstallMinutes'] },
} as const satisfies Record<string, FigureSource>;
