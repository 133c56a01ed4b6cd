/**
 * The redo-log lesson's power cuts, at the moments a browser makes them. The page pauses
 * on a ✓ in the first frame after the promise holds, and steps 6 and 8 come true at a
 * flush tick, so "Do it" on steps 7 and 9 cuts the power a few to a few dozen simulated
 * ms after a tick; the headless walker (walk.ts) checks at whole seconds and cuts exactly
 * on one. With every server flushing at the tick, a cut 5–39 ms after it lost no
 * acknowledged write at all, and the browser walk failed step 9 (and then 7); each
 * server now flushes at its own phase (worker/engine/writes/redoLog.ts flushPhase).
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import { walkStep } from '../../src/lessons/steps';
import { Engine } from '../../worker/engine/engine';
import { TimeTravel } from '../../worker/timeTravel';

const lesson = LESSONS.find((l) => l.id === 'redo-log')!;
/** after the tick the promise came true at: 0 (the headless walker's moment), a frame or two at 60×, half a tick */
const OFFSETS = [0, 5, 19, 38, 500];

describe('redo-log lesson: its power cuts lose acknowledged writes wherever in a tick they land', () => {
  it('step 7 (rack 17, isolation off) and step 9 (the whole room)', () => {
    const e = new Engine(lesson.scenario);
    let clock = 0;
    const tt = new TimeTravel(e, [], () => clock++); // a clock only for its spacing rules; checkpoints are taken by hand here
    const tick = e.sim.params['engine.tickMs'];
    for (const [upTo, step] of [
      [6, 6],
      [8, 8],
    ] as const) {
      for (let i = upTo === 6 ? 0 : 6; i < upTo; i++) expect(walkStep(e, lesson.steps[i]).held, `step ${i + 1}`).toBe(true);
      const at = tt.checkpoint();
      const nextTick = Math.ceil(e.now / tick) * tick;
      for (const d of OFFSETS) {
        tt.restore(at);
        e.discardFuture();
        e.runUntil(nextTick + d);
        const { held, frame } = walkStep(e, lesson.steps[step]);
        const cause = step === 6 ? 'rack-power' : 'dc-power';
        expect(held, `step ${step + 1} cut ${d} ms after a tick: ${cause} lost ${frame.writes.lostByCause[cause]}`).toBe(true);
      }
      tt.restore(at);
      e.discardFuture();
    }
  });
});
