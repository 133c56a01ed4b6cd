/**
 * What the storm view tells a class to do next, from the run's timeline (the loaded
 * scenario's entries plus every action taken here, SimClient.timeline): press "Network
 * maintenance" only when nothing will do it, otherwise say when the scenario itself
 * switches networks. Pure, unit-tested (tests/page/stormFigures.test.ts).
 */
import type { TimelineEntry } from '../../../worker/api';
import { makeTr } from '../../lib/i18n';

export type NetworkHint = { kind: 'press' } | { kind: 'scheduled'; at: number } | { kind: 'restore'; at: number } | null;

/**
 * The hint at simulated time `now`: on the backup network, the scheduled restore (if
 * any; the Restore button is there otherwise); on the primary, the next scheduled
 * maintenance, or "press" when none is scheduled and the loop is quiet. An entry at
 * exactly `now` has been applied already (a timeline entry runs before the frame at its
 * time), so only later ones count.
 */
export function networkHint(timeline: readonly TimelineEntry[], now: number, onBackup: boolean, loopActive: boolean): NetworkHint {
  const next = (action: string) => timeline.find((e) => e.action === action && e.t > now);
  if (onBackup) {
    const r = next('network-restore');
    return r ? { kind: 'restore', at: r.t } : null;
  }
  const m = next('network-maintenance');
  if (m) return { kind: 'scheduled', at: m.t };
  return loopActive ? null : { kind: 'press' };
}

const en = {
  press: 'Press “Network maintenance” and play to watch it close.',
  scheduled: 'This scenario moves the traffic to the backup network by itself at {t}: press Play to watch the loop close.',
  restore: 'This scenario switches back to the primary network at {t}.',
  logScale: 'log scale',
};
const zh: Record<keyof typeof en, string> = {
  press: '点“网络维护”并运行，看循环如何闭合。',
  scheduled: '这个场景会在 {t} 自动把流量切到备用网络：点“运行”看循环如何闭合。',
  restore: '这个场景会在 {t} 切回主网络。',
  logScale: '对数刻度',
};

/** The hint's words (en/zh), and the dead-servers chart's scale. */
export const hintText = makeTr({ en, zh });
