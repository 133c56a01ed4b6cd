/**
 * What the Writes view's key figures follow from (issue 14 §3): the parameters each
 * source marker lists (src/lib/SourceMark.svelte). Every path must have a provenance
 * entry (tests/page/sources.test.ts).
 */
import type { FigureSource } from '../../lib/sources';

export const WRITES_SOURCES = {
  acked: { params: ['writes.streams', 'writes.ratePerStream', 'writes.mode', 'writes.memoryCopies', 'writes.ioQueueLimitMs'] },
  lost: {
    params: ['writes.mode', 'writes.memoryCopies', 'writes.isolation', 'writes.flushIntervalMs', 'writes.flushDeadlineMs', 'writes.writerRack'],
  },
  timeouts: { params: ['writes.flushDeadlineMs', 'writes.flushIntervalMs', 'writes.diskAccessMs', 'writes.ioQueueLimitMs', 'writes.diskFullShare'] },
  scrub: { params: ['writes.scrubIntervalHours', 'writes.corruptionPerDiskYear'] },
  memory: { params: ['writes.memoryLimitMB', 'writes.flushIntervalMs', 'writes.streams', 'writes.ratePerStream', 'writes.sizeKB'] },
} as const satisfies Record<string, FigureSource>;
