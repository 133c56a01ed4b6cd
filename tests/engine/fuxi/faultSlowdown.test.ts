import { describe, expect, it } from 'vitest';
import { fuxiEngine, MIN } from './helpers';

/**
 * Fuxi under faults (issue 14), the quick checks: the cohort's bound while jobs still
 * run, and the job level of the blacklist keeping its own bound. The walks to
 * completion at 0 %, 5 % and 10 % faults: faultSlowdown.full.test.ts.
 */
const lean = { 'storage.chunks': 5000, 'writes.enabled': false, 'scheduler.cohortStartMs': 30 * MIN, 'scheduler.cohortMs': 30 * MIN };

describe('Fuxi under faults: the cohort and the job-level blacklist', () => {
  it('before the cohort is complete, the jobs still running count at their age: no slow job is hidden', () => {
    const e = fuxiEngine({ ...lean, 'scheduler.jobBlacklistMax': 2 });
    e.perturb('slow-random-nodes', { fraction: 0.1, factor: 10 });
    e.runUntil(45 * MIN);
    const s = e.fuxi.cohort.summary();
    expect(s.complete).toBe(false);
    expect(s.running).toBeGreaterThan(0);
    expect(s.meanSlowdownSoFar).toBeGreaterThan(0);
    // a job that has not finished still adds its age ÷ ideal: the bound differs from the finished-only mean
    expect(s.meanSlowdownSoFar).not.toBe(s.meanSlowdown);
    // the job level keeps its own bound: no job lists more than scheduler.jobBlacklistMax servers, and some reached it
    const J = e.fuxi.jobs;
    let most = 0;
    for (let j = 0; j < J.hw; j++) most = Math.max(most, J.blN[j]);
    expect(most).toBe(2);
  });
});
