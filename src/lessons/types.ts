/**
 * A lesson is a scenario plus narration: short steps, each saying what to look at,
 * what to try, and what should happen and why. A step's `check` reads a frame and
 * says whether what the narration promises has happened — the page shows a tick,
 * and tests/lessons run every lesson headless to prove each promise in the engine.
 */
import type { Frame } from '../../worker/contract';
import type { Scenario } from '../../worker/scenario/schema';
import type { Lang } from '../lib/i18n';
import type { FigureSource } from '../lib/sources';

export type Text = { en: string; zh: string };

export interface LessonAct {
  action: string;
  args?: Record<string, number | string>;
}

export interface LessonStep {
  title: Text;
  /** what to look at, and why */
  say: Text;
  /** the main view to show for this step */
  view?: string;
  /** what to try: the actions the "Do it" button applies (the user may do them by hand instead) */
  act?: LessonAct[];
  tryLabel?: Text;
  /** after acting, let this much simulated time pass, at this speed */
  watch?: { ms: number; speed: number };
  /** what should happen */
  expect?: Text;
  /** whether it has: evaluated on the frame */
  check?: (f: Frame) => boolean;
  /**
   * The question the class answers before the step's expectation is shown (predict,
   * then reveal): "What should happen" stays hidden, and "Do it" / "Watch" wait,
   * until a prediction is made or skipped. The engine's answer is read from the frame.
   */
  predict?: Prediction;
}

/**
 * A prediction: a number to estimate (with its unit and a sensible input range) or a
 * choice among options. `answer` reads the engine's answer from a frame (a number in
 * `unit`, or the index of the right option): live while the step runs, kept as it was
 * when the step's promise was confirmed. `explain` is the narration shown at the
 * reveal: why the engine's answer is what it is, and what a wrong guess missed.
 */
export type Prediction =
  | {
      kind: 'number';
      question: Text;
      unit: Text;
      /** the input's range and step (a guess outside it is refused with a message naming the range) */
      min: number;
      max: number;
      step?: number;
      answer: (f: Frame) => number;
      explain: Text;
    }
  | {
      kind: 'choice';
      question: Text;
      options: Text[];
      answer: (f: Frame) => number;
      explain: Text;
    };

/** A live figure the lesson panel shows beside the narration (what the promises are judged on). */
export interface Readout {
  label: Text;
  value: (f: Frame, lang: Lang) => string;
  /** what the figure follows from, for its source marker (default: src/lib/readoutSources.ts by label) */
  sources?: FigureSource;
}

export interface Lesson {
  id: string;
  title: Text;
  summary: Text;
  /** mechanism ids of ../shared/docs/mechanisms.md this lesson teaches */
  mechanisms: string[];
  scenario: Scenario;
  steps: LessonStep[];
  /** live figures shown under the narration in every step */
  readout?: Readout[];
}
