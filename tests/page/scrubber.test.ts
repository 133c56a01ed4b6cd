import { describe, expect, it } from 'vitest';
import { actionLabel, scrubT, scrubTicks, st } from '../../src/views/scrubber';
import type { TimelineEntry } from '../../worker/api';

describe('the timeline scrubber', () => {
  it('maps a pixel to a simulated time, clamped to the bar', () => {
    expect(scrubT(150, 600, 3_600_000)).toBe(900_000);
    expect(scrubT(-20, 600, 3_600_000)).toBe(0);
    expect(scrubT(900, 600, 3_600_000)).toBe(3_600_000);
    expect(scrubT(10, 0, 3_600_000)).toBe(0);
  });

  it('marks recorded actions after now (and at now, after a rewind) as the future', () => {
    const tl: TimelineEntry[] = [
      { t: 60_000, action: 'rack-power-off', args: { rack: 17 } },
      { t: 120_000, action: 'rack-power-on', args: { rack: 17 } },
      { t: 120_000, action: 'network-maintenance', args: {} },
    ];
    const live = scrubTicks(tl, 120_000, false);
    expect(live.map((k) => k.future)).toEqual([false, false, false]);
    const back = scrubTicks(tl, 120_000, true);
    expect(back.map((k) => k.future)).toEqual([false, true, true]);
    expect(new Set(back.map((k) => k.key)).size).toBe(3);
    expect(back[0].label).toBe('rack-power-off rack=17');
    expect(actionLabel('network-maintenance', {})).toBe('network-maintenance');
  });

  it('speaks both languages with the same placeholders', () => {
    expect(st('en', 'back', { t: '0d 00:10:00' })).toContain('0d 00:10:00');
    expect(st('zh', 'back', { t: '0d 00:10:00' })).toContain('0d 00:10:00');
    expect(st('zh', 'idle')).not.toBe(st('en', 'idle'));
  });
});
