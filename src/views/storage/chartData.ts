/** Pure data helpers for the storage and storm charts. */

/** The charts' sample selection lives with the one chart component (src/charts). */
export { chartPoints } from '../../charts/geometry';

/** The formatters and the peak of a series are shared by every view: src/lib/format.ts. */
export { peakSince, formatSpan, formatCount, formatProb, formatGbps } from '../../lib/format';
