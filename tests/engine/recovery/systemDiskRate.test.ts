import { describe, expect, it } from 'vitest';
import { engine, HOUR } from './helpers';

/** Issue 14: system disks fail at their own rate (faults.systemDiskMtbfHours), not the data disks'. */
describe('system disks fail at their own rate', () => {
  const lean = { 'scheduler.enabled': false, 'writes.enabled': false, 'workload.enabled': false, 'storage.chunks': 5000 };

  it('data disks failing fast do not make system disks fail', () => {
    // system disks at their default MTBF (300,000 h: ~0.01 expected here), not quiet's 1e9, which would make this vacuous;
    // at the data disks' rate (10,000 h ÷ 50) they would fail ~12 times
    const e = engine({ ...lean, 'faults.diskFailureMultiplier': 50, 'faults.diskMtbfHours': 10_000, 'faults.systemDiskMtbfHours': 300_000 });
    e.runUntil(6 * HOUR);
    expect(e.sim.counters.diskFailures ?? 0).toBeGreaterThan(0);
    expect(e.sim.counters.systemDiskFailures ?? 0).toBe(0);
  });

  it('system disks fail at about nodes ÷ their MTBF while data disks are quiet', () => {
    // 400 servers, MTBF 100 h: 4 an hour → about 3 in 45 min (Poisson; seeded). The same count as
    // MTBF 800 h over 6 h (the draws scale with the MTBF), in an eighth of the simulated time.
    const counts: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const e = engine({ ...lean, 'faults.systemDiskMtbfHours': 100 }, { seed });
      e.runUntil(0.75 * HOUR);
      expect(e.sim.counters.diskFailures ?? 0).toBe(0);
      counts.push(e.sim.counters.systemDiskFailures ?? 0);
    }
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    // expected 3; the mean of 8 Poisson draws has sd ≈ 0.61 (a server already down is skipped: a hair fewer)
    expect(mean).toBeGreaterThan(3 - 4 * 0.61);
    expect(mean).toBeLessThan(3 + 4 * 0.61);
  });
});
