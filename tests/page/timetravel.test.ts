import { describe, expect, it } from 'vitest';
import { alertColumns, scrubT } from '../../src/views/scrubber';
import { formatClock } from '../../src/lib/format';
import { tr } from '../../src/lib/i18n';

describe('the run timeline for time travel', () => {
  it('lands on whole seconds, so the hover label is exactly the landing moment', () => {
    for (const px of [0, 1, 137.3, 299.9, 512, 600]) {
      const t = scrubT(px, 600, 3 * 3_600_000 + 1234);
      expect(t % 1000).toBe(0);
      // the label shows seconds: the label of the landing moment is the hover label
      expect(formatClock(t)).toBe(formatClock(scrubT(px, 600, 3 * 3_600_000 + 1234)));
    }
    expect(scrubT(137.3, 600, 3_600_000)).toBe(823_000); // 823.8 s, floored
  });

  it('folds alerts into one mark per pixel column, counting them, and ignores times off the bar', () => {
    const cols = alertColumns([0, 1000, 1500, 600_000, 3_600_000, -5, 4_000_000], 600, 3_600_000);
    expect(cols).toEqual([
      { x: 0, n: 3 },
      { x: 100, n: 1 },
      { x: 600, n: 1 },
    ]);
    expect(alertColumns([1000], 0, 3_600_000)).toEqual([]);
  });

  it('has the progress overlay in both languages with the same placeholders', () => {
    for (const lang of ['en', 'zh'] as const) {
      const s = tr(lang, 'replayReached', { p: 42, t: '0d 01:00:00', target: '0d 08:00:00' });
      expect(s).toContain('42');
      expect(s).toContain('0d 01:00:00');
      expect(s).toContain('0d 08:00:00');
      expect(tr(lang, 'replayCancel')).not.toBe('');
    }
  });
});
