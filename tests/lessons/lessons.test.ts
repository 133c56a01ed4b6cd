/**
 * Every lesson, walked headless step by step as a class would with "Do it": the
 * promise each step narrates (its `check`) must hold in the engine.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { Engine } from '../../worker/engine/engine';
import { ACTIONS } from '../../worker/scenario/actions';

describe('lessons', () => {
  it('have distinct ids, text in both languages, and only known actions', () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS)
      for (const s of l.steps) {
        for (const t of [s.title, s.say, s.expect, s.tryLabel].filter(Boolean)) {
          expect(t!.en.length).toBeGreaterThan(3);
          expect(t!.zh.length).toBeGreaterThan(1);
        }
        for (const a of s.act ?? []) expect(ACTIONS[a.action], a.action).toBeDefined();
        if (s.act) expect(s.tryLabel).toBeDefined();
      }
  });

  for (const lesson of LESSONS)
    it(`${lesson.id}: every step's promise holds`, () => {
      const e = new Engine(lesson.scenario);
      lesson.steps.forEach((step, i) => {
        for (const a of step.act ?? []) e.perturb(a.action, a.args ?? {});
        if (step.watch) e.runUntil(e.now + step.watch.ms);
        if (step.check) {
          const f = e.frame();
          expect(step.check(f), `${lesson.id} step ${i + 1} (${step.title.en}) at t=${f.t}: ${JSON.stringify({ counts: f.counts, storage: { lost: f.storage.lost, under: f.storage.underReplicated, suspect: f.storage.suspectDisks, offline: f.storage.offlineDisks }, counters: f.counters })}`).toBe(true);
        }
      });
    }, 600_000);
});
