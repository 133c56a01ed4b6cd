// The scheduler's warm start said on the page: jobs that arrived before the run began
// are told apart (a job 1:07 old at 0:06 is no mystery), on the engine's own job list.
import { describe, expect, it } from 'vitest';
import { beforeRun, runStartMark, warmCount, warmSpanMs } from '../../src/views/scheduler/warmStart';
import { Engine } from '../../worker/engine/engine';
import { listJobs } from '../../worker/engine/fuxi/views';
import { defaultScenario } from '../../worker/scenario/schema';
import { PARAMS } from '../../worker/scenario/params';

const small = (warm: boolean) => ({ ...defaultScenario(), params: { 'cluster.nodes': 400, 'scheduler.warmStart': warm } });

describe('warm start', () => {
  it('marks the jobs that arrived before time 0, and only those', () => {
    expect(beforeRun(-1)).toBe(true);
    expect(beforeRun(0)).toBe(false);
    expect(warmCount([{ arrivedAt: -5 }, { arrivedAt: 0 }, { arrivedAt: 3 }, { arrivedAt: -1 }])).toBe(2);
    expect(warmSpanMs(60)).toBe(2 * 60 * 60_000);
  });
  it('draws "run began" on a timeline that starts before it', () => {
    expect(runStartMark(-60_000, 6_000)).toBe(0);
    expect(runStartMark(1_000, 6_000)).toBeNull();
    expect(runStartMark(-60_000, -1)).toBeNull();
  });
  it('on a real run at 0:06: the old jobs are the warm start, within its span', () => {
    const e = new Engine(small(true));
    e.runUntil(6_000);
    const { jobs } = listJobs(e, { limit: 40, sort: 'oldest' });
    expect(jobs.length).toBeGreaterThan(0);
    expect(warmCount(jobs)).toBe(jobs.length); // the oldest 40 all arrived before 0:00
    const span = warmSpanMs(PARAMS['scheduler.workMaxMinutes'].default as number);
    for (const j of jobs) expect(j.ageMs).toBeLessThanOrEqual(6_000 + span);
    const cold = new Engine(small(false));
    cold.runUntil(6_000);
    expect(warmCount(listJobs(cold, { limit: 40 }).jobs)).toBe(0);
  });
});
