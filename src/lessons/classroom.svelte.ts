/**
 * The classroom's page state: which lesson and step are open, whether the panel is
 * shown (the class may leave the script and come back), presenter mode, and per
 * step the engine's confirmation (✓) and a running "watch". Kept in the address
 * (`lesson=ID&step=N&present=1`) with replaceState, beside the page's other keys.
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
  /** a running watch: the step and the simulated time it started */
  watching: null as { step: number; start: number } | null,
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
  if (link.lesson !== classroom.lesson) {
    classroom.held = {};
    classroom.watching = null;
    classroom.gaveUp = null;
  }
  classroom.lesson = link.lesson;
  classroom.step = link.step;
  classroom.open = !!link.lesson;
  classroom.did = false;
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

/** The lesson keys for a share link. */
export function shareKeys(): Record<string, string> {
  return lessonShareKeys({ lesson: classroom.open ? classroom.lesson : null, step: classroom.step, present: classroom.present });
}

/** Writes the state into the address bar (no history entry, no reload). */
export function syncUrl(fresh = false): void {
  writeKeys(lessonKeys({ lesson: classroom.open ? classroom.lesson : null, step: classroom.step, present: classroom.present }), fresh);
}

export function goToStep(i: number, t: number): void {
  const l = currentLesson();
  if (!l) return;
  const s = clampStep(l, i);
  if (s !== classroom.step) {
    classroom.step = s;
    classroom.did = false;
  }
  classroom.watching = null;
  classroom.enteredAt = t;
  syncUrl();
}
