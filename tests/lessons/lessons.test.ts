/**
 * Every lesson, walked headless step by step as a class would with "Do it" and
 * "watch" (src/lessons/steps.ts walkStep: act, then run until the promise holds or
 * the watch gives up): the promise each step narrates (its `check`) must hold in
 * the engine. `LESSON=id` walks just one.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { Engine } from '../../worker/engine/engine';
import { ACTIONS } from '../../worker/scenario/actions';
import { walkStep } from '../../src/lessons/steps';
import { VIEW_IDS } from './viewIds';

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

  it('name only views the page has (or will: writes)', () => {
    for (const l of LESSONS) for (const s of l.steps) if (s.view) expect(VIEW_IDS, `${l.id}: ${s.view}`).toContain(s.view);
  });

  const only = process.env.LESSON;
  for (const lesson of LESSONS.filter((l) => !only || l.id === only))
    it(`${lesson.id}: every step's promise holds`, () => {
      const e = new Engine(lesson.scenario);
      lesson.steps.forEach((step, i) => {
        const { frame: f, held } = walkStep(e, step);
        if (step.check)
          expect(held, `${lesson.id} step ${i + 1} (${step.title.en}) at t=${f.t}: ${JSON.stringify({ counts: f.counts, coreUtil: f.coreUtil, storage: { lost: f.storage.lost, under: f.storage.underReplicated, suspect: f.storage.suspectDisks, offline: f.storage.offlineDisks }, recovery: { policy: f.recovery.policy, demand: f.recovery.demandGbps, delivered: f.recovery.deliveredGbps }, writes: { mode: f.writes.mode, p50: f.writes.p50Ms, p99: f.writes.p99Ms, lost: f.writes.ackedLost, mem: f.writes.memoryBytes }, counters: f.counters })}`).toBe(true);
      });
    }, 600_000);
});
