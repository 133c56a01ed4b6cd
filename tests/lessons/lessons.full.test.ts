/**
 * The long statistical lesson walks (LONG_WALKS in walk.ts), at the lessons' own
 * full scale: `npm run test:full` (CI runs it too), not `npm test`.
 */
import { describe, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { LONG_WALKS, walkLesson } from './walk';

describe('lessons (long walks)', () => {
  for (const lesson of LESSONS.filter((l) => LONG_WALKS.includes(l.id)))
    // ≈ 30 s on a quiet 2-core machine in the walks project (vite.config.ts; 75–88 s under Vite’s
    // module runner, 190–200 s beside a second suite): a generous timeout for a busy one
    it(`${lesson.id}: every step's promise holds`, () => walkLesson(lesson), 300_000);
});
