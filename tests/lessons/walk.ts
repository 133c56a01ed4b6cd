/**
 * Walks a lesson headless as a class would (src/lessons/steps.ts walkStep: act, then
 * run until the promise holds or the watch gives up) and asserts every step's promise.
 */
import { expect } from 'vitest';
import type { Lesson } from '../../src/lessons/types';
import { Engine } from '../../worker/engine/engine';
import { walkStep } from '../../src/lessons/steps';
import { answerOn } from '../../src/lessons/predict';

/**
 * Lessons whose walk is a long statistical run at full scale (mtbf: five simulated
 * days of 60,000 disks, ≈ 30 s on a quiet 2-core machine): walked by
 * lessons.full.test.ts (`npm run test:full`), not by `npm test`.
 */
export const LONG_WALKS: readonly string[] = ['mtbf'];

export function walkLesson(lesson: Lesson): void {
  const e = new Engine(lesson.scenario);
  lesson.steps.forEach((step, i) => {
    const p = step.predict;
    // the engine's answer stands beside the prediction from the reveal (on arriving at the step) to the ✓
    if (p) expect(answerOn(p, e.frame()), `${lesson.id} step ${i + 1}: the prediction's answer at the reveal`).not.toBeNaN();
    const { frame: f, held } = walkStep(e, step);
    if (p) {
      const v = answerOn(p, f);
      expect(v, `${lesson.id} step ${i + 1}: the prediction's answer at the ✓`).not.toBeNaN();
      if (p.kind === 'choice') expect(p.options[v], `${lesson.id} step ${i + 1}: answer ${v} is one of the options`).toBeDefined();
      else expect(v >= p.min && v <= p.max, `${lesson.id} step ${i + 1}: answer ${v} within the input's range ${p.min}–${p.max}`).toBe(true);
    }
    if (step.check)
      expect(
        held,
        `${lesson.id} step ${i + 1} (${step.title.en}) at t=${f.t}: ${JSON.stringify({ counts: f.counts, coreUtil: f.coreUtil, storage: { lost: f.storage.lost, under: f.storage.underReplicated, suspect: f.storage.suspectDisks, offline: f.storage.offlineDisks }, recovery: { policy: f.recovery.policy, demand: f.recovery.demandGbps, delivered: f.recovery.deliveredGbps }, writes: { mode: f.writes.mode, p50: f.writes.p50Ms, p99: f.writes.p99Ms, lost: f.writes.ackedLost, mem: f.writes.memoryBytes }, counters: f.counters })}`,
      ).toBe(true);
  });
}
