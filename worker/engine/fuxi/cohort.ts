/**
 * A fixed set of jobs followed to completion (issue 14, "Fuxi under faults"): the
 * jobs that arrive in [scheduler.cohortStartMs, + scheduler.cohortMs). The mean
 * slowdown over finished jobs alone hides the jobs that never finish; the cohort says
 * how many of its jobs are still running, and its mean counts only once all are done
 * (`complete`); until then `meanSlowdownSoFar` counts the running ones at their age, a
 * lower bound that does not hide them. Compare runs that differ only in their faults:
 * the same seed gives the same arrivals, so the cohort is the same jobs.
 */
import type { Sim } from '../sim';
import type { Jobs } from './jobs';

export interface CohortSummary {
  fromMs: number;
  toMs: number;
  /** cohort jobs finished */
  done: number;
  /** cohort jobs still running or queued */
  running: number;
  /** every cohort job has finished (and the window is over) */
  complete: boolean;
  /** mean actual ÷ ideal duration of the finished cohort jobs */
  meanSlowdown: number;
  maxSlowdown: number;
  /**
   * Mean over every cohort job that has arrived, counting a job still running as its
   * age ÷ ideal duration so far: a lower bound on the cohort's mean that a job which
   * never finishes keeps raising (equal to meanSlowdown once the cohort is complete).
   */
  meanSlowdownSoFar: number;
}

export class Cohort {
  done = 0;
  sum = 0;
  max = 0;

  constructor(
    private readonly sim: Sim,
    private readonly jobs: Jobs,
    taps: ((id: number, arrivedAt: number, slowdown: number) => void)[],
  ) {
    for (const k of ['done', 'sum', 'max'] as const) sim.trackScalar('fuxi.cohort.' + k, () => this[k]);
    taps.push((_id, at, slowdown) => this.finished(at, slowdown));
  }

  private window(): [number, number] {
    const p = this.sim.params;
    const from = p['scheduler.cohortStartMs'];
    return [from, from + p['scheduler.cohortMs']];
  }

  private finished(arrivedAt: number, slowdown: number): void {
    const [from, to] = this.window();
    if (arrivedAt < from || arrivedAt >= to) return;
    this.done++;
    this.sum += slowdown;
    if (slowdown > this.max) this.max = slowdown;
  }

  /** O(jobs held), on demand only. */
  summary(): CohortSummary {
    const [from, to] = this.window();
    const J = this.jobs;
    let running = 0,
      soFar = 0;
    for (let j = 0; j < J.hw; j++)
      if (J.active[j] === 1 && J.arrive[j] >= from && J.arrive[j] < to) {
        running++;
        soFar += (this.sim.now - J.arrive[j]) / J.work[j];
      }
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      fromMs: from,
      toMs: to,
      done: this.done,
      running,
      complete: this.sim.now >= to && running === 0,
      meanSlowdown: r3(this.done ? this.sum / this.done : 0),
      maxSlowdown: r3(this.max),
      meanSlowdownSoFar: r3(this.done + running ? (this.sum + soFar) / (this.done + running) : 0),
    };
  }
}
