/**
 * The pure logic of walking a lesson: where a lesson link points (`#lesson=ID&step=N`,
 * N counted from 1, plus `present=1` for presenter mode), moving between steps, and
 * how long a step's "watch" may run. The page (LessonPanel) and the headless walker
 * (tests/lessons) share it, so "run until the promise holds" means the same in both.
 */
import type { Frame } from '../../worker/contract';
import type { Lesson, LessonAct, LessonStep } from './types';
import { parseLink, withKeys, type LinkWrite } from '../lib/link';

export interface LessonLink {
  /** the lesson named in the link, or null (none, or unknown) */
  lesson: string | null;
  /** the step, 0-based (the link counts from 1) */
  step: number;
  present: boolean;
}

/** Reads the lesson, step and presenter mode from a page address or its hash (src/lib/link.ts's one rule). Unknown lessons give null; steps outside the lesson give its first or last. */
export function parseLessonLink(link: string, lessons: readonly Lesson[]): LessonLink {
  const l = parseLink(link, { views: [], lessons });
  return { lesson: l.lesson, step: l.step, present: l.present };
}

export function clampStep(lesson: Lesson, i: number): number {
  return Math.min(Math.max(0, Math.trunc(i)), lesson.steps.length - 1);
}

/** The next step's index, or null at the last one. */
export function nextStep(lesson: Lesson, i: number): number | null {
  return i + 1 < lesson.steps.length ? i + 1 : null;
}
/** The previous step's index, or null at the first one. */
export function prevStep(_lesson: Lesson, i: number): number | null {
  return i > 0 ? i - 1 : null;
}

/**
 * The hash (without '#') with the lesson state written into `hash`'s other keys
 * (language, view, scenario …), which are kept. `fresh` (a lesson just opened from
 * the menu) drops the scenario and time of an earlier share link: the lesson's own
 * scenario runs instead.
 */
export function withLessonState(hash: string, state: LessonState, fresh = false): string {
  return withKeys('#' + hash.replace(/^#/, ''), lessonKeys(state), fresh).replace(/^#/, '');
}

/** The lesson state an address keeps: `revealed` — the current step's prediction was made or skipped, so its expectation shows. */
export interface LessonState {
  lesson: string | null;
  step: number;
  present: boolean;
  revealed?: boolean;
}

/** The address keys for the lesson state: each set, or null to remove it. */
export function lessonKeys(state: LessonState): LinkWrite {
  return {
    lesson: state.lesson,
    step: state.lesson ? String(state.step + 1) : null,
    present: state.present ? '1' : null,
    revealed: state.lesson && state.revealed ? '1' : null,
  };
}

/** The share-link keys for the lesson state (added to the share hash). */
export function lessonShareKeys(state: LessonState): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.lesson) {
    out.lesson = state.lesson;
    out.step = String(state.step + 1);
    if (state.revealed) out.revealed = '1';
  }
  if (state.present) out.present = '1';
  return out;
}

/** What the classroom remembers of a run that a rewind can make untrue. */
export interface RunMarks {
  /** ✓ per step: the simulated time the promise was confirmed */
  held: Record<number, number>;
  /** the engine's answer per step, `final` once kept with the ✓ */
  answers: Record<number, { v: number; final: boolean }>;
  /** the simulated time "Do it" applied the current step's actions, or null */
  didAt: number | null;
  /** the simulated time the current step was entered */
  enteredAt: number;
}

/**
 * The marks after the run went back to simulated time `t` (a rewind or an earlier
 * moment loaded): a ✓ confirmed after `t` is taken back (that moment has not happened
 * in this run yet), with the answer kept with it, which reads live again; "Do it" done
 * at or after `t` is undone (a rewind lands just before the entries at its time); the
 * step counts as entered no later than `t`. Returns null when nothing changes.
 */
export function afterRewind(m: RunMarks, t: number): RunMarks | null {
  const late = Object.keys(m.held)
    .map(Number)
    .filter((k) => m.held[k] > t);
  const undo = m.didAt !== null && m.didAt >= t;
  if (!late.length && !undo && m.enteredAt <= t) return null;
  const held = { ...m.held };
  const answers = { ...m.answers };
  for (const k of late) {
    delete held[k];
    if (answers[k]) answers[k] = { v: answers[k].v, final: false };
  }
  return { held, answers, didAt: undo ? null : m.didAt, enteredAt: Math.min(m.enteredAt, t) };
}

/**
 * Whether a running watch ends on this frame. A first watch ends when the promise is
 * confirmed during it (at or after it began) or holds now, or its time is up. "Watch
 * again" (`again`: the step was confirmed before this watch began) runs its planned
 * time: the ✓ it already has must not stop it on its first frame.
 */
export function watchEnds(
  step: LessonStep,
  f: Frame,
  startedAt: number,
  heldAt: number | undefined,
  again = false,
): { done: boolean; held: boolean } {
  if (again) return { done: f.t >= startedAt + (step.watch?.ms ?? 0), held: false };
  if (heldAt !== undefined && heldAt >= startedAt) return { done: true, held: true };
  return watchDone(step, f, startedAt);
}

/** A step's "watch" gives up (pauses without a tick) after this many times its planned time. */
export const WATCH_SLACK = 2;

/** How a step's "watch" runs: at what speed, and for at most how long (simulated ms). 0: nothing to watch. */
export function watchPlan(step: LessonStep): { speed: number; capMs: number } {
  if (!step.watch) return { speed: 60, capMs: 0 };
  return { speed: step.watch.speed, capMs: step.check ? step.watch.ms * WATCH_SLACK : step.watch.ms };
}

/** Whether a running watch should stop on this frame: the promise holds, or the time is up. */
export function watchDone(step: LessonStep, f: Frame, startedAt: number): { done: boolean; held: boolean } {
  const held = !!step.check && step.check(f);
  if (held) return { done: true, held };
  const { capMs } = watchPlan(step);
  return { done: f.t >= startedAt + capMs, held: false };
}

/** What the headless walker drives: the engine, or anything with its four calls. */
export interface Steppable {
  readonly now: number;
  runUntil(t: number): void;
  perturb(action: string, args: Record<string, unknown>): unknown;
  frame(): Frame;
}

/**
 * Walks one step as a class would with "Do it": the actions, then run until the
 * promise holds (checked every `slice` of simulated time, about what one frame
 * covers on the page) or the watch gives up. Returns the last frame and whether the
 * promise held.
 */
export function walkStep(sim: Steppable, step: LessonStep, acts: LessonAct[] = step.act ?? []): { frame: Frame; held: boolean } {
  for (const a of acts) sim.perturb(a.action, a.args ?? {});
  const start = sim.now;
  const { capMs } = watchPlan(step);
  const slice = Math.max(1000, Math.round((step.watch?.ms ?? 0) / 50));
  let f = sim.frame();
  for (;;) {
    const w = watchDone(step, f, start);
    if (w.held) return { frame: f, held: true };
    if (w.done || capMs === 0) return { frame: f, held: !step.check };
    sim.runUntil(Math.min(start + capMs, sim.now + slice));
    f = sim.frame();
  }
}

/**
 * Whether a step's actions have been done since it was entered: by "Do it", or by
 * hand (each action's name in the timeline at or after `since`). A step without
 * actions needs none. Its ✓ waits for this, so a promise that happens to hold
 * before the class acts is not ticked.
 */
export function actsDone(
  step: LessonStep,
  timeline: readonly { t: number; action: string }[],
  since: number,
  didIt: boolean,
  now = Infinity,
): boolean {
  if (!step.act?.length || didIt) return true;
  // entries after now are a recorded future (after a rewind): not done yet
  return step.act.every((a) => timeline.some((e) => e.t >= since && e.t <= now && e.action === a.action));
}
