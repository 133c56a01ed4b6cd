/**
 * The Recovery pane's "back to full redundancy" figures as events with their moments.
 * The engine (pangu/chunks.ts) counts one *episode* from the moment a first chunk is
 * short of a copy until none is: overlapping faults make one episode, and a whole
 * rack's takes far longer than one disk's. So "short of copies for 1.5 h" (the episode
 * under way) and "took 6.7 min" (the one before it) are two different events: each
 * figure here says which, and when. Pure, unit-tested (tests/page/recoveryFigures.test.ts).
 */
import type { RecoveryStatus } from '../../../worker/api';
import { makeTr } from '../../lib/i18n';

export interface RecoveryEpisodes {
  /** the episode under way: when it began (sim ms), how long so far, the estimate to full at the current rate; null at full redundancy */
  current: { since: number; forMs: number; etaMs: number } | null;
  /** the last episode that ended: how long it took, and the moment it ended by (the current one's start, or now) */
  previous: { tookMs: number; endedBy: number } | null;
  /** the longest episode that ended in this run, null before any ended */
  longestMs: number | null;
}

type Figures = Pick<RecoveryStatus, 'degradedForMs' | 'etaMs' | 'lastTimeToFullRedundancyMs' | 'maxTimeToFullRedundancyMs'>;

/** The figures of a recovery status taken at simulated time `t`. */
export function recoveryEpisodes(s: Figures, t: number): RecoveryEpisodes {
  const current = s.degradedForMs >= 0 ? { since: t - s.degradedForMs, forMs: s.degradedForMs, etaMs: s.etaMs } : null;
  return {
    current,
    previous: s.lastTimeToFullRedundancyMs > 0 ? { tookMs: s.lastTimeToFullRedundancyMs, endedBy: current ? current.since : t } : null,
    longestMs: s.maxTimeToFullRedundancyMs > 0 ? s.maxTimeToFullRedundancyMs : null,
  };
}

const en = {
  shortSince: 'chunks short of a copy since {t}',
  soFar: 'so far',
  eta: 'full again at the current copy rate in',
  previous: 'the episode before (over by {t}) took',
  lastEnded: 'the last episode took',
  longest: 'longest episode in this run',
  noneYet: 'none ended yet',
  episodeNote:
    'An episode runs from the first chunk short of a copy until none is; faults that overlap make one episode. A failed disk’s is short, a whole rack’s long.',
};
const zh: Record<keyof typeof en, string> = {
  shortSince: '自 {t} 起有数据块缺副本',
  soFar: '至今',
  eta: '按当前复制速度，恢复完整还需',
  previous: '上一次（在 {t} 之前结束）用时',
  lastEnded: '上一次用时',
  longest: '本次运行中最长的一次',
  noneYet: '尚无结束的',
  episodeNote: '一次“降级”从第一个数据块缺副本开始，到没有数据块缺副本为止；重叠的故障算作一次。坏一块磁盘恢复得快，整个机架则慢得多。',
};

/** The pane's words for these figures (en/zh). */
export const episodeText = makeTr({ en, zh });
