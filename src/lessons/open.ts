/**
 * Classroom actions the panel, the menu and the keyboard share: open a lesson (its
 * scenario loads, the address says which), move between steps, presenter mode.
 */
import type { SimClient } from '../lib/simClient.svelte';
import { lessonById } from './lessons';
import { nextStep, prevStep, watchDone, watchPlan } from './steps';
import { classroom, clearDraft, currentLesson, goToStep, syncUrl } from './classroom.svelte';
import { answerOn, readGuess } from './predict';

/** Opens a lesson at a step (0-based): loads its scenario fresh and shows the panel. */
export async function openLesson(client: SimClient, id: string, step = 0): Promise<void> {
  const l = lessonById(id);
  if (!l) return;
  if (classroom.watching) client.pause();
  classroom.lesson = id;
  classroom.step = Math.min(Math.max(0, step), l.steps.length - 1);
  classroom.open = true;
  classroom.held = {};
  classroom.guesses = {};
  classroom.answers = {};
  classroom.did = false;
  classroom.didAt = null;
  clearDraft();
  classroom.watching = null;
  classroom.gaveUp = null;
  classroom.enteredAt = 0;
  syncUrl(true);
  await client.load({ scenario: l.scenario });
}

/** Shows the panel again at the step the class left. */
export function resumeLesson(): void {
  if (!classroom.lesson) return;
  classroom.open = true;
  syncUrl();
}

/** Moves to the next (+1) or previous (−1) step of the open lesson; false when there is none. */
export function stepBy(client: SimClient, delta: 1 | -1): boolean {
  const l = currentLesson();
  if (!l || !classroom.open) return false;
  const k = delta > 0 ? nextStep(l, classroom.step) : prevStep(l, classroom.step);
  if (k === null) return false;
  goTo(client, k);
  return true;
}

export function goTo(client: SimClient, k: number): void {
  if (classroom.watching) client.pause();
  classroom.gaveUp = null;
  goToStep(k, client.frame?.t ?? 0);
}

export function setPresent(on: boolean): void {
  classroom.present = on;
  syncUrl();
}

/**
 * Reveals the current step: takes the class's prediction (`guess`: an option's index;
 * without it, the typed draft for a number) or, with none, counts it as skipped — then
 * the step's expectation and the engine's answer show. A draft that is not a number
 * in the step's range is refused: `draftProblem` says why and nothing is revealed.
 * False when there is nothing to reveal (no lesson open, no question, already revealed).
 */
export function reveal(guess?: number | null): boolean {
  const l = currentLesson();
  const k = classroom.step;
  const p = l?.steps[k]?.predict;
  if (!l || !classroom.open || !p || k in classroom.guesses) return false;
  let g: number | null = guess ?? null;
  if (guess === undefined && p.kind === 'number' && classroom.draft.trim() !== '') {
    const r = readGuess(p, classroom.draft);
    if (!r.ok) {
      classroom.draftProblem = r.problem;
      return false;
    }
    g = r.value;
  }
  if (guess === undefined && p.kind === 'choice' && classroom.draft !== '') g = Number(classroom.draft);
  classroom.guesses = { ...classroom.guesses, [k]: g };
  clearDraft();
  syncUrl();
  return true;
}

/**
 * A lesson opened at a later step starts on a fresh cluster: this does the earlier
 * steps first, as "Do it" would — each step's actions through the normal perturb
 * path, then paused stepping until its promise holds (ticking it) or its watch
 * gives up — and arrives at the current step.
 */
export async function catchUp(client: SimClient): Promise<void> {
  const l = currentLesson();
  if (!l || classroom.catchingUp) return;
  const target = classroom.step;
  classroom.catchingUp = true;
  classroom.watching = null;
  client.pause();
  try {
    for (let k = 0; k < target; k++) {
      const st = l.steps[k];
      // the earlier steps' questions count as skipped: the class did not answer them
      if (st.predict && !(k in classroom.guesses)) classroom.guesses = { ...classroom.guesses, [k]: null };
      for (const a of st.act ?? []) if (!(await client.perturb(a.action, a.args ?? {}))) return;
      const start = client.frame?.t ?? 0;
      const { capMs } = watchPlan(st);
      const slice = Math.max(1000, Math.round((st.watch?.ms ?? 0) / 50));
      for (let f = client.frame; f && classroom.step === target && classroom.lesson === l.id; f = client.frame) {
        const w = watchDone(st, f, start);
        if (w.held) {
          classroom.held = { ...classroom.held, [k]: f.t };
          if (st.predict) classroom.answers = { ...classroom.answers, [k]: { v: answerOn(st.predict, f), final: true } };
        }
        if (w.done || capMs === 0) break;
        await client.step(Math.min(slice, start + capMs - f.t));
      }
    }
  } finally {
    classroom.catchingUp = false;
    classroom.enteredAt = client.frame?.t ?? 0;
  }
}
