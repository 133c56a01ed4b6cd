// The Recovery pane's redundancy figures as events with moments: the episode under way
// (since when, how long) and the one before it (how long, over by when) are told apart,
// so "1.5 h" and "6.7 min" no longer read as one contradicting the other. Checked on the
// engine's own status of a real run: a disk fails by itself, then a whole rack goes dark.
import { describe, expect, it } from 'vitest';
import { recoveryEpisodes } from '../../src/views/storage/episodes';
import { Engine } from '../../worker/engine/engine';
import { recoveryStatus } from '../../worker/engine/pangu/inspect';
import { defaultScenario } from '../../worker/scenario/schema';

const MIN = 60_000;

describe('recovery episodes', () => {
  it('at full redundancy: no episode under way, the last one ended by now', () => {
    const e = recoveryEpisodes({ degradedForMs: -1, etaMs: 0, lastTimeToFullRedundancyMs: 6.7 * MIN, maxTimeToFullRedundancyMs: 9 * MIN }, 60 * MIN);
    expect(e.current).toBeNull();
    expect(e.previous).toEqual({ tookMs: 6.7 * MIN, endedBy: 60 * MIN });
    expect(e.longestMs).toBe(9 * MIN);
  });
  it('during an episode: its start, and the previous one over by that start', () => {
    const e = recoveryEpisodes(
      { degradedForMs: 90 * MIN, etaMs: 2 * MIN, lastTimeToFullRedundancyMs: 6.7 * MIN, maxTimeToFullRedundancyMs: 6.7 * MIN },
      150 * MIN,
    );
    expect(e.current).toEqual({ since: 60 * MIN, forMs: 90 * MIN, etaMs: 2 * MIN });
    expect(e.previous?.endedBy).toBe(60 * MIN);
  });
  it('before any episode ended: nothing to compare with', () => {
    const e = recoveryEpisodes({ degradedForMs: 0, etaMs: Infinity, lastTimeToFullRedundancyMs: 0, maxTimeToFullRedundancyMs: 0 }, 5 * MIN);
    expect(e.previous).toBeNull();
    expect(e.longestMs).toBeNull();
    expect(e.current?.since).toBe(5 * MIN);
  });
  it('on a real run: the episode under way began after the one reported as the last had ended', () => {
    const e = new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 400 } });
    // run until one episode has ended by itself (random disk and server faults)
    let t = 0;
    while (recoveryStatus(e.pangu).lastTimeToFullRedundancyMs === 0 && t < 24 * 60 * MIN) e.runUntil((t += 10 * MIN));
    const first = recoveryStatus(e.pangu);
    expect(first.lastTimeToFullRedundancyMs).toBeGreaterThan(0);
    e.perturb('rack-power-off', { rack: 3 });
    e.runUntil((t += 30 * MIN));
    const ep = recoveryEpisodes(recoveryStatus(e.pangu), e.now);
    expect(ep.current).not.toBeNull();
    // the two figures are two events: the one under way started after the last one ended
    expect(ep.previous!.endedBy).toBe(ep.current!.since);
    expect(ep.current!.since).toBeGreaterThanOrEqual(t - 30 * MIN);
    expect(ep.previous!.tookMs).toBe(first.lastTimeToFullRedundancyMs);
    expect(ep.current!.forMs).toBeLessThanOrEqual(30 * MIN);
  });
});
