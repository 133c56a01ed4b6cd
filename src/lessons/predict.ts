/**
 * Predict, then reveal: the pure logic of a step's question. Reading a guess typed
 * by the class (a number in the step's unit, within its range), judging it against
 * the engine's answer, formatting both, and the end-of-lesson summary of a student's
 * own answers (kept in the page only). The panel, the keys and the tests share it.
 */
import type { Lang } from '../lib/i18n';
import type { Lesson, Prediction, Text } from './types';

/** A read guess, or why it could not be read (in both languages). */
export type GuessRead = { ok: true; value: number } | { ok: false; problem: Text };

const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : String(v));

/**
 * Reads a number the class typed for a `number` prediction: digits with an optional
 * decimal point (`.` or `,` before at most two decimals), thousands separated by `,`
 * or spaces (1,000 / 1 000), full-width digits as a Chinese keyboard types them; it
 * must lie within the prediction's range. Anything else is refused with a message
 * that says what was wrong.
 */
export function readGuess(p: Extract<Prediction, { kind: 'number' }>, text: string): GuessRead {
  const range = { en: `between ${fmt(p.min)} and ${fmt(p.max)}`, zh: `${fmt(p.min)} 到 ${fmt(p.max)} 之间` };
  let s = text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[，]/g, ',')
    .trim();
  if (s === '') return { ok: false, problem: { en: `Type a number ${range.en}, or skip.`, zh: `请输入 ${range.zh} 的数，或者跳过。` } };
  // thousands separators: 1,000,000 or 1 000 000; a lone comma before one or two decimals is a decimal comma
  if (/^-?\d{1,3}([, ]\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/[, ]/g, '');
  else if (/^-?\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
  const v = /^-?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(v)) {
    const shown = text.length > 20 ? text.slice(0, 20) + '…' : text;
    return { ok: false, problem: { en: `“${shown}” is not a number: type one ${range.en}.`, zh: `“${shown}”不是一个数：请输入 ${range.zh} 的数。` } };
  }
  if (v < p.min || v > p.max)
    return {
      ok: false,
      problem: { en: `${fmt(v)} is out of range: type a number ${range.en}.`, zh: `${fmt(v)} 超出范围：请输入 ${range.zh} 的数。` },
    };
  return { ok: true, value: v };
}

/** How a guess compares with the engine's answer. */
export type Verdict = 'right' | 'close' | 'off';

/**
 * Right: a choice that matches, or a number within 15 % of the engine's (or ±0.5, for
 * small counts); close: within a factor of two (or ±2); off: anything further.
 */
export function judge(p: Prediction, guess: number, answer: number): Verdict {
  if (!Number.isFinite(answer)) return 'off';
  if (p.kind === 'choice') return guess === answer ? 'right' : 'off';
  const d = Math.abs(guess - answer);
  if (d <= Math.max(0.5, 0.15 * Math.abs(answer))) return 'right';
  if (d <= Math.max(2, 0.5 * Math.abs(answer))) return 'close';
  return 'off';
}

/** A number as the class reads it: grouped thousands, at most one decimal below 100 (two below 1). */
export function formatAnswer(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 100) return Math.round(v).toLocaleString('en-US');
  const r = a < 1 ? Math.round(v * 100) / 100 : Math.round(v * 10) / 10;
  return String(r);
}

/** A guess or an answer in the class's language: the number with its unit, or the option's text. */
export function showValue(p: Prediction, v: number, lang: Lang): string {
  if (p.kind === 'choice') return p.options[v]?.[lang] ?? '—';
  const u = p.unit[lang];
  return u ? `${formatAnswer(v)} ${u}` : formatAnswer(v);
}

/** The engine's answer on a frame, or NaN when the answer function fails or gives no finite number. */
export function answerOn<F>(p: { answer: (f: F) => number }, f: F): number {
  try {
    const v = p.answer(f);
    return Number.isFinite(v) ? v : NaN;
  } catch {
    return NaN;
  }
}

/** One line of the end-of-lesson summary. */
export interface SummaryRow {
  step: number;
  title: Text;
  /** the class's guess; null: skipped */
  guess: number | null;
  /** the engine's answer (kept when the step's promise was confirmed; the last one seen otherwise); NaN: none seen */
  answer: number;
  /** whether `answer` is the one confirmed with the step's promise */
  confirmed: boolean;
  verdict: Verdict | null;
}

/**
 * The student's answers in a lesson: one row per step with a prediction that was
 * revealed (guessed or skipped), in step order.
 */
export function summarize(
  lesson: Lesson,
  guesses: Readonly<Record<number, number | null>>,
  answers: Readonly<Record<number, { v: number; final: boolean }>>,
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  lesson.steps.forEach((s, k) => {
    if (!s.predict || !(k in guesses)) return;
    const g = guesses[k];
    const a = answers[k];
    const answer = a ? a.v : NaN;
    rows.push({ step: k, title: s.title, guess: g, answer, confirmed: !!a?.final, verdict: g === null || !a ? null : judge(s.predict, g, answer) });
  });
  return rows;
}
