/**
 * The classroom's page state: which lesson and step are open, whether the panel is
 * shown (the class may leave the script and come back), presenter mode, and per
 * step the engine's confirmation (✓), the class's prediction and the engine's answer,
 * and a running "watch". Kept in the address (`lesson=ID&step=N&revealed=1&present=1`)
 * with replaceState, beside the page's other keys. Predictions stay in the page: nothing
 * is sent anywhere, and a share link says only whether the step was revealed.
 */
import { lessonById } from './lessons';
import { clampStep, lessonKeys, lessonShareKeys } from './steps';
import { runInput, writeKeys, type PageLink } from '../lib/link';
import type { Lesson } from './types';

export const classroom = $state({
  lesson: null as string | null,
  step: 0,
  /** the lesson panel is shown (false: the class left the script; the lesson is kept to come back to) */
  open: false,
  present: false,
  /** ✓ per step index: the simulated time the engine confirmed the promise */
  held: {} as Record<number, number>,
  /** the simulated time the current step was entered (its promise counts from there) */
  enteredAt: 0,
  /** "Do it" pressed for the current step */
  did: false,
  /** the simulated time "Do it" applied the current step's actions (a rewind before it undoes them), or null */
  didAt: null as number | null,
  /** per step with a prediction, once revealed: the class's guess (a number, or an option's index); null: skipped */
  guesses: {} as Record<number, number | null>,
  /** the engine's answer per revealed step: live, then kept (`final`) with the ✓ */
  answers: {} as Record<number, { v: number; final: boolean }>,
  /** the guess being typed or picked for the current step (the reveal key takes it) */
  draft: '',
  /** why the draft could not be taken, or null */
  draftProblem: null as { en: string; zh: string } | null,
  /** a running watch: the step, the simulated time it started, and whether the step was confirmed before ("Watch again": runs its planned time) */
  watching: null as { step: number; start: number; again?: boolean } | null,
  /** the step whose last watch ran out without the promise holding */
  gaveUp: null as number | null,
  /** the earlier steps are being done (catchUp) */
  catchingUp: false,
});

export function currentLesson(): Lesson | undefined {
  return lessonById(classroom.lesson);
}

/** Takes the lesson state from a read address (src/lib/link.ts); returns the lesson to load when the address names one without a scenario of its own. */
export function readLink(link: PageLink): Lesson | null {
  classroom.present = link.present;
  // a new load runs from its start (or a shared moment): what was confirmed in the run before is not true of it
  classroom.held = {};
  classroom.answers = {};
  classroom.watching = null;
  classroom.gaveUp = null;
  if (link.lesson !== classroom.lesson) classroom.guesses = {};
  classroom.lesson = link.lesson;
  classroom.step = link.step;
  classroom.open = !!link.lesson;
  classroom.did = false;
  classroom.didAt = null;
  classroom.enteredAt = 0;
  clearDraft();
  // a link made after the reveal shows the expectation (the guess itself stays with whoever made it)
  if (link.lesson && link.revealed && !(link.step in classroom.guesses)) classroom.guesses = { ...classroom.guesses, [link.step]: null };
  return link.lesson && link.source.kind !== 'shared' ? lessonById(link.lesson)! : null;
}

/**
 * What App loads for an address: a lesson link without a scenario of its own (s=/z=)
 * opens the lesson's scenario; anything else (a share link, made mid-lesson or not, a
 * preset, nothing) loads the address's scenario to its time. Why its scenario could not
 * be read goes along, to be shown with the load.
 */
export function loadInput(link: PageLink): { scenario?: Lesson['scenario']; until?: number; problems: readonly string[] } {
  const lesson = readLink(link);
  const problems = link.scenarioProblem === null ? [] : [link.scenarioProblem];
  return lesson ? { scenario: lesson.scenario, problems } : { ...runInput(link), problems };
}

/** Whether the current step's prediction was made or skipped (false for a step without one). */
export function revealed(k = classroom.step): boolean {
  return !!currentLesson()?.steps[k]?.predict && k in classroom.guesses;
}

/** The lesson keys for a share link. */
export function shareKeys(): Record<string, string> {
  return lessonShareKeys({
    lesson: classroom.open ? classroom.lesson : null,
    step: classroom.step,
    present: classroom.present,
    revealed: revealed(),
  });
}

/** Writes the state into the address bar (no history entry, no reload). */
export function syncUrl(fresh = false): void {
  writeKeys(
    lessonKeys({ lesson: classroom.open ? classroom.lesson : null, step: classroom.step, present: classroom.present, revealed: revealed() }),
    fresh,
  );
}

export function clearDraft(): void {
  classroom.draft = '';
  classroom.draftProblem = null;
}

export function goToStep(i: number, t: number): void {
  const l = currentLesson();
  if (!l) return;
  const s = clampStep(l, i);
  if (s !== classroom.step) {
    classroom.step = s;
    classroom.did = false;
    classroom.didAt = null;
    clearDraft();
  }
  classroom.watching = null;
  classroom.enteredAt = t;
  syncUrl();
}
