/**
 * The warm start, said on the page: with `scheduler.warmStart` the run begins with the
 * cluster busy, as if jobs had been arriving for 2 × `scheduler.workMaxMinutes` before
 * 0:00 (worker/engine/fuxi/fuxi.ts warmStart). Those jobs arrived at a negative time, so
 * at 0:06 a job can be 1:07 old. The job list marks them and says why; a job's timeline
 * draws the moment the run began. Pure, unit-tested (tests/page/schedulerWarm.test.ts).
 */
import { makeTr } from '../../lib/i18n';

/** The mark beside the age of a job that arrived before the run began. */
export const WARM_MARK = '*';

/** Whether a job arrived before the run began (time 0). */
export function beforeRun(arrivedAt: number): boolean {
  return arrivedAt < 0;
}

/** How many of the listed jobs arrived before the run began. */
export function warmCount(rows: readonly { arrivedAt: number }[]): number {
  let n = 0;
  for (const r of rows) if (beforeRun(r.arrivedAt)) n++;
  return n;
}

/** How far back the warm start's arrivals reach, ms (2 × the longest job's work). */
export function warmSpanMs(workMaxMinutes: number): number {
  return 2 * workMaxMinutes * 60_000;
}

/**
 * Where the "run began" mark goes on a job's timeline from t0 to t1 (sim ms): at 0 when
 * the job arrived before it and 0 is in view, else null.
 */
export function runStartMark(t0: number, t1: number): number | null {
  return t0 < 0 && t1 >= 0 ? 0 : null;
}

const en = {
  note: '{mark} already running when the run began: the cluster starts busy (warm start), as if jobs had been arriving for {span} before 0:00; their age counts from that arrival.',
  tip: 'arrived {ago} before the run began (warm start)',
  runBegan: 'run began',
};
const zh: Record<keyof typeof en, string> = {
  note: '{mark} 运行开始时已在运行：集群一开始就是忙的（热启动），仿佛作业在 0:00 之前已持续到达了 {span}；作业时长从那时的到达算起。',
  tip: '在运行开始前 {ago} 到达（热启动）',
  runBegan: '运行开始',
};

/** The words of the warm start (en/zh). */
export const warmText = makeTr({ en, zh });
