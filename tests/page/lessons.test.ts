/**
 * The classroom's pure logic: lesson links (lesson, step, presenter mode) read from
 * and written into the address beside its other keys, step navigation, and the
 * "watch until the promise holds" rule shared by the page and the headless walker.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/lessons';
import {
  actsDone,
  clampStep,
  lessonShareKeys,
  nextStep,
  parseLessonLink,
  prevStep,
  walkStep,
  watchDone,
  watchPlan,
  WATCH_SLACK,
  withLessonState,
  type Steppable,
} from '../../src/lessons/steps';
import type { Lesson, LessonStep } from '../../src/lessons/types';
import type { Frame } from '../../worker/contract';

const rackDark = LESSONS.find((l) => l.id === 'rack-dark')!;

describe('lesson links', () => {
  it('there are twelve lessons, numbered 1 to 12 in order, each with steps', () => {
    expect(LESSONS.map((l) => Number(l.title.en.split(' · ')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(LESSONS.map((l) => Number(l.title.zh.split(' · ')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const l of LESSONS) expect(l.steps.length).toBeGreaterThan(0);
  });

  it('read the lesson and the step (counted from 1) from a whole address or a hash', () => {
    expect(parseLessonLink('https://x.org/lab/#lesson=rack-dark&step=3&lang=zh', LESSONS)).toEqual({ lesson: 'rack-dark', step: 2, present: false });
    expect(parseLessonLink('#step=2&lesson=redo-log&present=1', LESSONS)).toEqual({ lesson: 'redo-log', step: 1, present: true });
    expect(parseLessonLink('lesson=mtbf', LESSONS)).toEqual({ lesson: 'mtbf', step: 0, present: false });
  });

  it('clamp steps into the lesson and ignore what is not a step', () => {
    const n = rackDark.steps.length;
    expect(parseLessonLink('#lesson=rack-dark&step=99', LESSONS).step).toBe(n - 1);
    expect(parseLessonLink('#lesson=rack-dark&step=0', LESSONS).step).toBe(0);
    expect(parseLessonLink('#lesson=rack-dark&step=-4', LESSONS).step).toBe(0);
    expect(parseLessonLink('#lesson=rack-dark&step=2.5', LESSONS).step).toBe(0);
    expect(parseLessonLink('#lesson=rack-dark&step=abc', LESSONS).step).toBe(0);
    expect(clampStep(rackDark, n + 2)).toBe(n - 1);
  });

  it('give no lesson for an unknown id or none, but keep presenter mode', () => {
    expect(parseLessonLink('#lesson=nope&step=2', LESSONS)).toEqual({ lesson: null, step: 0, present: false });
    expect(parseLessonLink('#s=abc&present=1', LESSONS)).toEqual({ lesson: null, step: 0, present: true });
    expect(parseLessonLink('', LESSONS)).toEqual({ lesson: null, step: 0, present: false });
  });

  it('write the state beside the other keys, and drop them again', () => {
    const h = withLessonState('#lang=zh&view=storm&s=AAA&t=5000', { lesson: 'mirror-storm', step: 1, present: true });
    const q = new URLSearchParams(h);
    expect(Object.fromEntries(q)).toEqual({ lang: 'zh', view: 'storm', s: 'AAA', t: '5000', lesson: 'mirror-storm', step: '2', present: '1' });
    expect(parseLessonLink('#' + h, LESSONS)).toEqual({ lesson: 'mirror-storm', step: 1, present: true });
    const left = new URLSearchParams(withLessonState(h, { lesson: null, step: 0, present: false }));
    expect([...left.keys()].sort()).toEqual(['lang', 's', 't', 'view']);
  });

  it('a lesson opened fresh drops an earlier scenario and time from the address', () => {
    const q = new URLSearchParams(withLessonState('lang=en&s=AAA&t=5', { lesson: 'mtbf', step: 0, present: false }, true));
    expect(q.has('s')).toBe(false);
    expect(new URLSearchParams(withLessonState('lang=en&z=BBB&t=5', { lesson: 'mtbf', step: 0, present: false }, true)).has('z')).toBe(false);
    expect(q.has('t')).toBe(false);
    expect(q.get('lang')).toBe('en');
    expect(q.get('lesson')).toBe('mtbf');
  });

  it('share keys carry lesson, step and presenter mode only when set', () => {
    expect(lessonShareKeys({ lesson: 'slow', step: 1, present: false })).toEqual({ lesson: 'slow', step: '2' });
    expect(lessonShareKeys({ lesson: null, step: 3, present: true })).toEqual({ present: '1' });
    expect(lessonShareKeys({ lesson: null, step: 0, present: false })).toEqual({});
  });
});

describe('step navigation', () => {
  it('next and previous stop at the ends', () => {
    const n = rackDark.steps.length;
    expect(nextStep(rackDark, 0)).toBe(1);
    expect(nextStep(rackDark, n - 1)).toBeNull();
    expect(prevStep(rackDark, 1)).toBe(0);
    expect(prevStep(rackDark, 0)).toBeNull();
    // walking forward visits every step once
    const seen: number[] = [0];
    for (let k: number | null = 0; (k = nextStep(rackDark, k)) !== null;) seen.push(k);
    expect(seen).toEqual(rackDark.steps.map((_, i) => i));
  });
});

const frame = (t: number, extra: Partial<Frame> = {}) => ({ t, counts: { powerOff: 0 }, ...extra }) as unknown as Frame;

describe('watch', () => {
  const step: LessonStep = {
    title: { en: 'x', zh: 'x' },
    say: { en: 'x', zh: 'x' },
    act: [{ action: 'rack-power-off', args: { rack: 3 } }],
    tryLabel: { en: 'x', zh: 'x' },
    watch: { ms: 60_000, speed: 10 },
    check: (f) => f.counts.powerOff >= 40,
  };

  it('runs at the step speed, and gives up after the slack', () => {
    expect(watchPlan(step)).toEqual({ speed: 10, capMs: 60_000 * WATCH_SLACK });
    expect(watchPlan({ ...step, check: undefined })).toEqual({ speed: 10, capMs: 60_000 });
    expect(watchPlan({ ...step, watch: undefined }).capMs).toBe(0);
  });

  it('stops when the promise holds, or when the time is up', () => {
    expect(watchDone(step, frame(1000), 0)).toEqual({ done: false, held: false });
    expect(watchDone(step, frame(1000, { counts: { powerOff: 40 } } as Partial<Frame>), 0)).toEqual({ done: true, held: true });
    expect(watchDone(step, frame(60_000 * WATCH_SLACK), 0)).toEqual({ done: true, held: false });
  });

  it('a step with actions is ticked only once they are done, by Do it or by hand', () => {
    expect(actsDone(step, [], 0, false)).toBe(false);
    expect(actsDone(step, [], 0, true)).toBe(true);
    expect(actsDone(step, [{ t: 5000, action: 'rack-power-off' }], 1000, false)).toBe(true);
    // done before the step was entered: not this step's doing
    expect(actsDone(step, [{ t: 500, action: 'rack-power-off' }], 1000, false)).toBe(false);
    expect(actsDone({ ...step, act: undefined }, [], 0, false)).toBe(true);
    // after a rewind the recorded future is not done yet
    expect(actsDone(step, [{ t: 5000, action: 'rack-power-off' }], 1000, false, 4000)).toBe(false);
    expect(actsDone(step, [{ t: 5000, action: 'rack-power-off' }], 1000, false, 5000)).toBe(true);
  });

  /** A fake engine: rack power goes off (powerOff 40) once simulated time reaches `offAt`. */
  function fake(offAt: number) {
    const calls: string[] = [];
    let now = 0;
    const sim: Steppable = {
      get now() {
        return now;
      },
      runUntil(t) {
        now = t;
      },
      perturb(a) {
        calls.push(a);
        return null;
      },
      frame: () => frame(now, { counts: { powerOff: now >= offAt ? 40 : 0 } } as Partial<Frame>),
    };
    return { sim, calls };
  }

  it('the headless walker acts, then runs in slices until the promise holds', () => {
    const { sim, calls } = fake(30_000);
    const r = walkStep(sim, step);
    expect(calls).toEqual(['rack-power-off']);
    expect(r.held).toBe(true);
    expect(r.frame.t).toBeGreaterThanOrEqual(30_000);
    expect(r.frame.t).toBeLessThan(32_000); // stopped at the first slice where it held
  });

  it('the walker gives up at the cap when the promise never holds', () => {
    const { sim } = fake(Infinity);
    const r = walkStep(sim, step);
    expect(r.held).toBe(false);
    expect(r.frame.t).toBe(60_000 * WATCH_SLACK);
  });
});

describe('every lesson', () => {
  it('names a view, an action with a label, or a promise in each step', () => {
    for (const l of LESSONS as Lesson[]) for (const s of l.steps) expect(!!(s.check || s.act || s.watch), `${l.id}: ${s.title.en}`).toBe(true);
  });
});

describe('lesson readouts', () => {
  it('read in the class’s language: no engine words left in Chinese', async () => {
    const { Engine } = await import('../../worker/engine/engine');
    const { defaultScenario } = await import('../../worker/scenario/schema');
    const e = new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 400, 'recovery.policy': 'naive', 'writes.mode': 'redo-log' } });
    e.perturb('network-maintenance', {});
    e.runUntil(20_000);
    const f = e.frame();
    let seen = 0;
    for (const l of LESSONS)
      for (const r of l.readout ?? []) {
        const zh = r.value(f, 'zh');
        const en = r.value(f, 'en');
        expect(zh.length).toBeGreaterThan(0);
        expect(zh, `${l.id}: ${r.label.en}`).not.toMatch(/\b(naive|guarded|pipeline|redo-log|majority|backup)\b/);
        if (zh !== en) seen++;
      }
    expect(seen).toBeGreaterThanOrEqual(3); // policy, write mode, backup network
  });
});
