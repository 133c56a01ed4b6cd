import { describe, expect, it } from 'vitest';
import { engine, HOUR, MIN } from './helpers';
import { H_TICKET } from '../../../worker/engine/recovery/huatuo';
import { Engine } from '../../../worker/engine/engine';

describe('Huatuo: a live change of the staff interval moves the next visit at once', () => {
  const ticketed = (interval: number) => {
    const e = engine({ 'huatuo.repairSuccess': 0, 'huatuo.batchIntervalHours': interval, 'huatuo.pollMs': 60_000, 'huatuo.repairMinutes': 10 });
    e.runUntil(MIN);
    e.perturb('disk-fail', { disk: 321 });
    e.runUntil(20 * MIN);
    expect(e.recovery.huatuo.disk[321]).toBe(H_TICKET);
    return e;
  };

  it('shorter: last visit + new interval, not the old schedule', () => {
    const e = ticketed(24);
    e.runUntil(HOUR);
    e.perturb('set', { path: 'huatuo.batchIntervalHours', value: 2 });
    expect(e.recovery.huatuo.nextBatchAt).toBe(2 * HOUR); // last visit: the start
    e.runUntil(2 * HOUR - 1);
    expect(e.recovery.huatuo.disk[321]).toBe(H_TICKET);
    expect(e.sim.counters.disksReplaced ?? 0).toBe(0);
    e.runUntil(2 * HOUR);
    expect(e.recovery.huatuo.disk[321]).not.toBe(H_TICKET); // swapped (and perhaps already found by the monitor)
    expect(e.sim.counters.disksReplaced).toBe(1);
    expect(e.recovery.huatuo.lastBatchAt).toBe(2 * HOUR);
    // and the visits go on at the new interval, once each
    e.runUntil(6 * HOUR + 1);
    expect(e.recovery.huatuo.lastBatchAt).toBe(6 * HOUR);
    expect(e.recovery.huatuo.nextBatchAt).toBe(8 * HOUR);
  });

  it('already past: the staff come now; longer: the visit is put off', () => {
    const e = ticketed(24);
    e.runUntil(3 * HOUR);
    e.perturb('set', { path: 'huatuo.batchIntervalHours', value: 1 });
    expect(e.recovery.huatuo.nextBatchAt).toBe(3 * HOUR);
    e.runUntil(3 * HOUR);
    expect(e.sim.counters.disksReplaced).toBe(1);
    expect(e.recovery.huatuo.disk[321]).not.toBe(H_TICKET);
    expect(e.recovery.huatuo.nextBatchAt).toBe(4 * HOUR);
    e.perturb('set', { path: 'huatuo.batchIntervalHours', value: 10 });
    expect(e.recovery.huatuo.nextBatchAt).toBe(13 * HOUR);
    e.runUntil(12 * HOUR);
    expect(e.recovery.huatuo.lastBatchAt).toBe(3 * HOUR); // no visit at 4 h from the old schedule
  });

  it('replays from the recorded timeline to the same state', () => {
    const live = ticketed(24);
    live.runUntil(HOUR);
    live.perturb('set', { path: 'huatuo.batchIntervalHours', value: 2 });
    live.runUntil(3 * HOUR);
    const replay = new Engine(live.scenario());
    replay.runUntil(3 * HOUR);
    expect(replay.hash()).toBe(live.hash());
  });
});
