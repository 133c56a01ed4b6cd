/**
 * Predict, then reveal (issue 16 §1): reading the class's guess, judging it against the
 * engine's answer, the end-of-lesson summary; and what a rewind takes back (a ✓ confirmed
 * later, "Do it" done later), "Watch again" running its time, the revealed flag in the
 * lesson's address keys.
 */
import { describe, expect, it } from 'vitest';
import { answerOn, formatAnswer, judge, readGuess, showValue, summarize } from '../../src/lessons/predict';
import { afterRewind, lessonKeys, lessonShareKeys, watchEnds, withLessonState } from '../../src/lessons/steps';
import type { Lesson, LessonStep, Prediction } from '../../src/lessons/types';
import type { Frame } from '../../worker/contract';
import { LESSONS } from '../../src/lessons/lessons';

const num: Extract<Prediction, { kind: 'number' }> = {
  kind: 'number',
  question: { en: 'How many?', zh: '多少？' },
  unit: { en: 'disks', zh: '块' },
  min: 0,
  max: 60_000,
  answer: (f) => f.t,
  explain: { en: 'Because.', zh: '因为。' },
};
const choice: Prediction = {
  kind: 'choice',
  question: { en: 'Which?', zh: '哪个？' },
  options: [
    { en: 'None', zh: '没有' },
    { en: 'Some', zh: '一些' },
  ],
  answer: () => 1,
  explain: { en: 'Because.', zh: '因为。' },
};
const frameAt = (t: number) => ({ t }) as Frame;

describe('reading a guess', () => {
  it('takes plain numbers, decimals, thousands separators and full-width digits', () => {
    expect(readGuess(num, '5')).toEqual({ ok: true, value: 5 });
    expect(readGuess(num, ' 4.5 ')).toEqual({ ok: true, value: 4.5 });
    expect(readGuess(num, '4,5')).toEqual({ ok: true, value: 4.5 });
    expect(readGuess(num, '24,000')).toEqual({ ok: true, value: 24000 });
    expect(readGuess(num, '24 000')).toEqual({ ok: true, value: 24000 });
    expect(readGuess(num, '１２')).toEqual({ ok: true, value: 12 });
    expect(readGuess(num, '0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses what is not a number in the range, saying what was wrong in both languages', () => {
    const empty = readGuess(num, '  ');
    expect(empty.ok).toBe(false);
    expect(!empty.ok && empty.problem.en).toBe('Type a number between 0 and 60,000, or skip.');
    const word = readGuess(num, 'about five');
    expect(!word.ok && word.problem.en).toBe('“about five” is not a number: type one between 0 and 60,000.');
    expect(!word.ok && word.problem.zh).toContain('不是一个数');
    const big = readGuess(num, '70000');
    expect(!big.ok && big.problem.en).toBe('70,000 is out of range: type a number between 0 and 60,000.');
    expect(readGuess(num, '-1').ok).toBe(false);
    expect(readGuess(num, '1e3').ok).toBe(false);
    expect(readGuess(num, 'Infinity').ok).toBe(false);
    // long text is shown bounded
    const long = readGuess(num, 'x'.repeat(500));
    expect(!long.ok && long.problem.en.length).toBeLessThan(100);
  });
});

describe('judging and showing', () => {
  it('a number is right within 15 % (or ±0.5), close within a factor of two (or ±2), else off', () => {
    expect(judge(num, 4, 4.3)).toBe('right');
    expect(judge(num, 1, 1)).toBe('right');
    expect(judge(num, 3, 5)).toBe('close');
    expect(judge(num, 0, 1)).toBe('close');
    expect(judge(num, 10_000, 1)).toBe('off');
    expect(judge(num, 100, 24_000)).toBe('off');
    expect(judge(num, 5, NaN)).toBe('off');
  });

  it('a choice is right only when it is the engine’s', () => {
    expect(judge(choice, 1, 1)).toBe('right');
    expect(judge(choice, 0, 1)).toBe('off');
  });

  it('formats answers for a class: grouped thousands, one decimal below 100, the unit or the option', () => {
    expect(formatAnswer(24131.6)).toBe('24,132');
    expect(formatAnswer(4.26)).toBe('4.3');
    expect(formatAnswer(0.123)).toBe('0.12');
    expect(formatAnswer(NaN)).toBe('—');
    expect(showValue(num, 5, 'en')).toBe('5 disks');
    expect(showValue(num, 5, 'zh')).toBe('5 块');
    expect(showValue(choice, 1, 'zh')).toBe('一些');
    expect(showValue(choice, 7, 'en')).toBe('—');
  });

  it('the engine’s answer is NaN when the answer function fails or is not finite', () => {
    expect(answerOn(num, frameAt(3))).toBe(3);
    expect(answerOn({ answer: () => Infinity }, frameAt(0))).toBeNaN();
    expect(
      answerOn(
        {
          answer: () => {
            throw new Error('no');
          },
        },
        frameAt(0),
      ),
    ).toBeNaN();
  });
});

describe('the end-of-lesson summary', () => {
  const lesson: Lesson = {
    ...LESSONS[0],
    steps: [
      { title: { en: 'A', zh: '甲' }, say: { en: 'a', zh: '甲' }, predict: num },
      { title: { en: 'B', zh: '乙' }, say: { en: 'b', zh: '乙' } },
      { title: { en: 'C', zh: '丙' }, say: { en: 'c', zh: '丙' }, predict: choice },
      { title: { en: 'D', zh: '丁' }, say: { en: 'd', zh: '丁' }, predict: num },
    ],
  };

  it('lists the revealed questions in order: the guess (or skipped), the engine’s answer, the verdict once confirmed', () => {
    const rows = summarize(lesson, { 2: 0, 0: 4 }, { 0: { v: 4.3, final: true }, 2: { v: 1, final: false } });
    expect(rows.map((r) => [r.step, r.guess, r.answer, r.confirmed, r.verdict])).toEqual([
      [0, 4, 4.3, true, 'right'],
      [2, 0, 1, false, 'off'],
    ]);
    const skipped = summarize(lesson, { 3: null }, {});
    expect(skipped).toHaveLength(1);
    expect([skipped[0].guess, skipped[0].verdict, skipped[0].answer]).toEqual([null, null, NaN]);
  });
});

describe('a rewind takes back what has not happened yet', () => {
  const marks = { held: { 0: 1000, 1: 5000 }, answers: { 0: { v: 3, final: true }, 1: { v: 7, final: true } }, didAt: 4000, enteredAt: 3000 };

  it('a ✓ confirmed after the moment is un-ticked, its answer live again; "Do it" done at or after it is undone', () => {
    const m = afterRewind(marks, 3500)!;
    expect(m.held).toEqual({ 0: 1000 });
    expect(m.answers).toEqual({ 0: { v: 3, final: true }, 1: { v: 7, final: false } });
    expect(m.didAt).toBeNull();
    expect(m.enteredAt).toBe(3000);
    // a rewind lands just before the entries at its time: "Do it" at exactly that time is undone too
    expect(afterRewind(marks, 4000)!.didAt).toBeNull();
    expect(afterRewind(marks, 4500)!.didAt).toBe(4000);
  });

  it('before the step was entered, the step counts as entered then; nothing to take back gives null', () => {
    expect(afterRewind(marks, 500)!.enteredAt).toBe(500);
    expect(afterRewind(marks, 500)!.held).toEqual({});
    expect(afterRewind(marks, 6000)).toBeNull();
    expect(afterRewind({ ...marks, didAt: null }, 5000)).toBeNull();
  });
});

describe('watching', () => {
  const step: LessonStep = {
    title: { en: 'x', zh: 'x' },
    say: { en: 'x', zh: 'x' },
    watch: { ms: 1000, speed: 10 },
    check: (f) => f.t >= 0,
  };

  it('a first watch ends when the promise holds; "Watch again" after a ✓ runs its planned time', () => {
    expect(watchEnds(step, frameAt(100), 100, undefined)).toEqual({ done: true, held: true });
    expect(watchEnds(step, frameAt(100), 50, 60)).toEqual({ done: true, held: true });
    expect(watchEnds(step, frameAt(100), 100, 20, true)).toEqual({ done: false, held: false });
    expect(watchEnds(step, frameAt(1100), 100, 20, true)).toEqual({ done: true, held: false });
  });
});

describe('the revealed flag in the address', () => {
  it('is written for a revealed step of an open lesson, and removed otherwise', () => {
    expect(lessonKeys({ lesson: 'mtbf', step: 0, present: false, revealed: true })).toEqual({
      lesson: 'mtbf',
      step: '1',
      present: null,
      revealed: '1',
    });
    expect(lessonKeys({ lesson: 'mtbf', step: 0, present: false }).revealed).toBeNull();
    expect(lessonKeys({ lesson: null, step: 0, present: false, revealed: true }).revealed).toBeNull();
    expect(lessonShareKeys({ lesson: 'mtbf', step: 1, present: true, revealed: true })).toEqual({
      lesson: 'mtbf',
      step: '2',
      revealed: '1',
      present: '1',
    });
    expect(lessonShareKeys({ lesson: 'mtbf', step: 1, present: false })).toEqual({ lesson: 'mtbf', step: '2' });
    expect(withLessonState('#lang=zh&revealed=1', { lesson: 'mtbf', step: 2, present: false })).toBe('lang=zh&lesson=mtbf&step=3');
    expect(withLessonState('#lang=zh', { lesson: 'mtbf', step: 2, present: false, revealed: true })).toBe('lang=zh&lesson=mtbf&step=3&revealed=1');
  });
});
