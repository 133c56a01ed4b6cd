// The storm view's figures that must not contradict each other or the scenario: the
// hint that knows the run's timeline (no "press Network maintenance" where the scenario
// does it), and the log scale that shows a storm of tens beside a cluster of thousands.
import { describe, expect, it } from 'vitest';
import { networkHint } from '../../src/views/storm/timelineHint';
import { chartGeometry, logAxis } from '../../src/charts/geometry';
import { presetByName } from '../../worker/scenario/presets';
import type { TimelineEntry } from '../../worker/api';

const MIN = 60_000;
const timelineOf = (name: string): TimelineEntry[] => presetByName(name)!.scenario.timeline;

describe('the storm hint and the timeline', () => {
  it('says when a preset switches networks by itself instead of asking for the button', () => {
    const tl = timelineOf('mirror-storm');
    expect(networkHint(tl, 0, false, false)).toEqual({ kind: 'scheduled', at: 10 * MIN });
    expect(networkHint(tl, 10 * MIN - 1, false, false)).toEqual({ kind: 'scheduled', at: 10 * MIN });
    // on the backup network: the scheduled restore, then nothing to press (the Restore button is there)
    expect(networkHint(tl, 10 * MIN, true, true)).toEqual({ kind: 'restore', at: 70 * MIN });
    // after the restore, with nothing left scheduled: the button again if the loop is quiet, nothing while it runs
    expect(networkHint(tl, 70 * MIN, false, false)).toEqual({ kind: 'press' });
    expect(networkHint(tl, 70 * MIN, false, true)).toBeNull();
    expect(networkHint(timelineOf('network-maintenance'), 0, false, false)?.kind).toBe('scheduled');
  });
  it('asks for the button where nothing schedules it', () => {
    expect(networkHint(timelineOf('default'), 0, false, false)).toEqual({ kind: 'press' });
    const pressed: TimelineEntry[] = [{ t: 5 * MIN, action: 'network-maintenance', args: {} }];
    expect(networkHint(pressed, 6 * MIN, true, true)).toBeNull(); // pressed here: no restore scheduled
    // an entry at exactly now has been applied already
    expect(networkHint(pressed, 5 * MIN, false, false)).toEqual({ kind: 'press' });
  });
});

describe('the log scale of the dead-servers chart', () => {
  it('ticks at 0 and powers of ten up to the next one above the data (1 only on a short axis)', () => {
    expect(logAxis(5000).tickValues).toEqual([0, 10, 100, 1000, 10_000]);
    expect(logAxis(100).tickValues).toEqual([0, 1, 10, 100]);
    expect(logAxis(10).tickValues).toEqual([0, 1, 10]);
    expect(logAxis(0).tickValues).toEqual([0, 1]);
  });
  it('gives 30 falsely dead servers beside 5,000 believed dead a visible height', () => {
    const t = new Float64Array([0, 10_000, 20_000]);
    const input = {
      t,
      values: [new Float32Array([0, 5000, 5000]), new Float32Array([0, 0, 30])],
      width: 300,
      height: 120,
      fontPx: 11,
      yMin: 10,
      format: (v: number) => String(v),
    };
    const lin = chartGeometry(input);
    const log = chartGeometry({ ...input, scale: 'log' });
    const rise = (g: typeof lin) => g.y(0) - g.y(30);
    const plot = (g: typeof lin) => g.y(0) - g.y(g.y.domain()[1]);
    expect(rise(lin) / plot(lin)).toBeLessThan(0.01); // flat on the baseline: under 1 % of the height
    expect(rise(log) / plot(log)).toBeGreaterThan(0.3); // a third of the height
    expect(log.ticks.map((k) => k.v)).toEqual([0, 10, 100, 1000, 10_000]);
    expect(log.paths[1]).not.toBe('');
  });
});
