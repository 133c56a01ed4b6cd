/**
 * A lesson is a scenario plus narration: short steps, each saying what to look at,
 * what to try, and what should happen and why. A step's `check` reads a frame and
 * says whether what the narration promises has happened — the page shows a tick,
 * and tests/lessons run every lesson headless to prove each promise in the engine.
 */
import type { Frame } from '../../worker/contract';
import type { Scenario } from '../../worker/scenario/schema';
import type { Lang } from '../lib/i18n';

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
}

/** A live figure the lesson panel shows beside the narration (what the promises are judged on). */
export interface Readout {
  label: Text;
  value: (f: Frame, lang: Lang) => string;
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
