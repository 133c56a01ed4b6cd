/**
 * Every lesson, walked headless step by step as a class would with "Do it" and
 * "watch" (src/lessons/steps.ts walkStep: act, then run until the promise holds or
 * the watch gives up): the promise each step narrates (its `check`) must hold in
 * the engine. `LESSON=id` walks just one. The long statistical walks (LONG_WALKS:
 * mtbf) are in lessons.full.test.ts, run by `npm run test:full`.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { ACTIONS } from '../../worker/scenario/actions';
import { VIEW_IDS } from './viewIds';
import { LONG_WALKS, walkLesson } from './walk';

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

  it('the long walks name real lessons', () => {
    for (const id of LONG_WALKS) expect(LESSONS.map((l) => l.id)).toContain(id);
  });

  const only = process.env.LESSON;
  for (const lesson of LESSONS.filter((l) => (only ? l.id === only : !LONG_WALKS.includes(l.id))))
    it(`${lesson.id}: every step's promise holds`, () => walkLesson(lesson));
});
