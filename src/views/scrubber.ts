/**
 * The timeline scrubber's pure parts: pixel → simulated time, the action ticks (past
 * and recorded future), and its words in both languages.
 */
import { makeTr } from '../lib/i18n';
import type { TimelineEntry } from '../../worker/api';

/**
 * The simulated time under pixel `px` of a bar `width` wide showing 0…end, clamped to
 * it, in whole seconds — the resolution the hover label shows, so the moment shown is
 * exactly the moment a click lands on.
 */
export function scrubT(px: number, width: number, end: number): number {
  if (!(width > 0) || !(end > 0)) return 0;
  return Math.floor(Math.max(0, Math.min(end, (px / width) * end)) / 1000) * 1000;
}

/**
 * Alert marks for a bar `width` px wide showing 0…end: one per pixel column that has
 * alerts (a storm fires hundreds), with how many fired there.
 */
export function alertColumns(times: readonly number[], width: number, end: number): { x: number; n: number }[] {
  if (!(width > 0) || !(end > 0)) return [];
  const cols = new Map<number, number>();
  for (const t of times) {
    if (!(t >= 0 && t <= end)) continue;
    const x = Math.round((t / end) * width);
    cols.set(x, (cols.get(x) ?? 0) + 1);
  }
  return [...cols].map(([x, n]) => ({ x, n }));
}

export interface ScrubTick {
  key: string;
  t: number;
  /** the action with its arguments, plain text */
  label: string;
  /** recorded after now: replayed by playing on, dropped by the next action after a rewind */
  future: boolean;
}

/** One tick per recorded action; entries at the same time keep their order in the key. */
export function scrubTicks(timeline: readonly TimelineEntry[], now: number, rewound: boolean): ScrubTick[] {
  return timeline.map((e, i) => ({
    key: `${i}:${e.t}:${e.action}`,
    t: e.t,
    label: actionLabel(e.action, e.args),
    future: e.t > now || (rewound && e.t === now),
  }));
}

/** An action's name with its arguments, as plain text (never HTML). */
export function actionLabel(action: string, args?: Record<string, unknown>): string {
  const a = args
    ? Object.entries(args)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')
    : '';
  return a ? `${action} ${a}` : action;
}

export const st = makeTr({
  en: {
    timeline: 'Run timeline',
    aria: 'Run timeline: arrow keys or a click jump back (rewind) or forward',
    idle: 'Click the timeline to jump back to any moment; acting from there forks the run.',
    rewound: 'Rewound: play to watch the same future again, or act to fork the run (the old future is dropped).',
    replaying: 'Going there…',
    back: 'Jump back to {t} (exact replay)',
    alerts: '{n} alert{s} fired here',
    fwd: 'Run forward to {t}',
    history: 'Rebuilding the history of this stretch (the link loaded without it, to open sooner): a jump back into it replays from {t} first.',
    backFar: 'Back to {t} (replays from {h})',
    rebuilding: 'History rebuilt up to {h} so far',
  },
  zh: {
    timeline: '运行时间线',
    aria: '运行时间线：方向键或点击可跳回（回放）或前进',
    idle: '点击时间线跳回任意时刻；从那里再操作就会分叉出新的运行。',
    rewound: '已跳回：继续播放会重演同一个未来；做任何操作则分叉（丢弃原来的未来）。',
    replaying: '正在前往…',
    back: '跳回 {t}（精确重放）',
    alerts: '此处触发 {n} 条告警',
    fwd: '前进到 {t}',
    history: '这一段的历史正在重建（链接加载时没有保存它，以便更快打开）：跳回这里要先从 {t} 重放。',
    backFar: '跳回 {t}（从 {h} 重放）',
    rebuilding: '历史已重建到 {h}',
  },
});
