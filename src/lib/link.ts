/**
 * The page's address, read once and written back in one place.
 *
 * An address (`location.href`) carries keys in its query and its hash; both are read
 * under one rule, codec.ts's `linkParams` (the hash wins over the query). What they say:
 *  - the scenario: `z=`/`s=` (a share link's own scenario) or `preset=` (a named one),
 *    none for the default cluster — decoded here with codec.ts's `decodeLink`;
 *  - `t=`: the simulated time (ms) to replay to;
 *  - the page's own keys: `view`, `lang`, `lesson`, `step` (counted from 1),
 *    `revealed=1` (the lesson step's prediction was made or skipped: its expectation
 *    shows), `present=1` (presenter mode), `embed=1` (one view for an iframe).
 * Each bad value gives a problem that names the key and shows the value bounded (an
 * address is untrusted text), and that key falls back to its default; the rest of the
 * address still counts. The worker is sent the decoded scenario and time, never the URL.
 */
import { decodeLink, linkParams, linkTime } from '../../worker/scenario/codec';
import { ScenarioError, type Scenario } from '../../worker/scenario/schema';
import { show } from '../../worker/scenario/params';
import type { Lang } from './i18n';

/** Where the run's scenario comes from. */
export type ScenarioSource = { kind: 'default' } | { kind: 'preset'; name: string; scenario: Scenario } | { kind: 'shared'; scenario: Scenario };

export interface PageLink {
  source: ScenarioSource;
  /** simulated time (ms) to replay to; null when the address gives none */
  t: number | null;
  /** a known view id, or null (the default view) */
  view: string | null;
  lang: Lang | null;
  /** a known lesson id, or null */
  lesson: string | null;
  /** the lesson's step, 0-based (the address counts from 1), within the lesson */
  step: number;
  /** the lesson step's prediction was made or skipped (its expectation shows); false without a lesson */
  revealed: boolean;
  present: boolean;
  embed: boolean;
  /** why the address's scenario or time could not be read (the default cluster runs from its start instead), or null */
  scenarioProblem: string | null;
  /** what was wrong with the page's own keys, one message per key (each key fell back to its default); empty when nothing was */
  keyProblems: string[];
}

/** What the address may name: the registered views and the lessons (with their step counts). */
export interface LinkContext {
  views: readonly string[];
  lessons: readonly { id: string; steps: readonly unknown[] }[];
}

/** The keys this module reads; every other key in an address is left alone. */
export const LINK_KEYS = ['z', 's', 'preset', 't', 'view', 'lang', 'lesson', 'step', 'revealed', 'present', 'embed'] as const;
/** The keys that say which run (scenario and time): a lesson opened afresh drops them. */
const RUN_KEYS = ['z', 's', 'preset', 't'] as const;

/** How many names a "not one of …" message lists before "…". */
const LIST_MAX = 12;

function oneOf(names: readonly string[]): string {
  const head = names.slice(0, LIST_MAX).join(', ');
  return names.length > LIST_MAX ? `${head}, …` : head;
}

/** A yes/no key (`present`, `embed`) of an address, read under the same rule without decoding the rest (false when unreadable). */
export function linkFlag(href: string, key: 'present' | 'embed'): boolean {
  try {
    return flag(linkParams(href), key, []);
  } catch {
    return false;
  }
}

const EMPTY: Omit<PageLink, 'scenarioProblem' | 'keyProblems'> = {
  source: { kind: 'default' },
  t: null,
  view: null,
  lang: null,
  lesson: null,
  step: 0,
  revealed: false,
  present: false,
  embed: false,
};

function flag(q: URLSearchParams, key: 'present' | 'embed' | 'revealed', problems: string[]): boolean {
  const v = q.get(key);
  if (v === null || v === '1' || v === 'true') return v !== null;
  if (v === '0' || v === 'false' || v === '') return false;
  problems.push(`link: ${key}=${show(v, 40)} is not 1 or 0`);
  return false;
}

/** Reads an address (a whole URL, or just its `?query` and/or `#hash`). Never throws: what is wrong is in `scenarioProblem` and `keyProblems`. */
export function parseLink(href: string, ctx: LinkContext): PageLink {
  const problems: string[] = [];
  let q: URLSearchParams;
  try {
    q = linkParams(href);
  } catch (e) {
    return { ...EMPTY, scenarioProblem: e instanceof ScenarioError ? e.message : 'link: could not read the address', keyProblems: [] };
  }

  let source: ScenarioSource = { kind: 'default' };
  let t: number | null;
  let scenarioProblem: string | null = null;
  try {
    const s = decodeLink(href);
    if (s) source = q.has('z') || q.has('s') ? { kind: 'shared', scenario: s } : { kind: 'preset', name: q.get('preset')!, scenario: s };
    t = linkTime(href);
  } catch (e) {
    // a bad scenario or time: the default cluster from its start, as before
    scenarioProblem = e instanceof ScenarioError ? e.message : `link: could not read the scenario: ${show(String((e as Error)?.message), 120)}`;
    source = { kind: 'default' };
    t = null;
  }

  const v = q.get('view');
  let view: string | null = null;
  if (v !== null && v !== '') {
    if (ctx.views.includes(v)) view = v;
    else problems.push(`link: no view named ${show(v, 40)} (views: ${oneOf(ctx.views)}); showing ${ctx.views[0] ?? 'the first'}`);
  }

  const l = q.get('lang');
  let lang: Lang | null = null;
  if (l !== null && l !== '') {
    if (l === 'en' || l === 'zh') lang = l;
    else problems.push(`link: lang=${show(l, 40)} is not a language of the page (en, zh)`);
  }

  const id = q.get('lesson');
  const lesson = id === null || id === '' ? undefined : ctx.lessons.find((x) => x.id === id);
  if (id !== null && id !== '' && !lesson) problems.push(`link: no lesson named ${show(id, 40)} (lessons: ${oneOf(ctx.lessons.map((x) => x.id))})`);
  let step = 0;
  const st = q.get('step');
  if (lesson && st !== null) {
    const n = /^\d{1,6}$/.test(st) ? Number(st) : NaN;
    const last = lesson.steps.length;
    if (n >= 1 && n <= last) step = n - 1;
    else {
      // past the end: the last step; anything else: the first
      step = n > last ? last - 1 : 0;
      problems.push(`link: step=${show(st, 40)} is not a step of lesson ${lesson.id} (1 to ${last}); showing step ${step + 1}`);
    }
  }

  return {
    source,
    t,
    view,
    lang,
    lesson: lesson?.id ?? null,
    step,
    revealed: flag(q, 'revealed', problems) && !!lesson,
    present: flag(q, 'present', problems),
    embed: flag(q, 'embed', problems),
    scenarioProblem,
    keyProblems: problems,
  };
}

/** The scenario and time the worker is sent for an address: its own scenario (or none, the default cluster) and its `t`. */
export function runInput(link: PageLink): { scenario?: Scenario; until?: number } {
  const scenario = link.source.kind === 'default' ? undefined : link.source.scenario;
  return { ...(scenario ? { scenario } : {}), ...(link.t !== null ? { until: link.t } : {}) };
}

/** The page state written into an address; null or undefined removes a key, a string sets it. */
export type LinkWrite = Partial<Record<(typeof LINK_KEYS)[number], string | null | undefined>>;

/**
 * The address `href` with `keys` written into its hash (the page writes only the hash).
 * `fresh` also drops the run's keys (scenario and time) from the hash and the query; a
 * link key in the query that the hash now sets or removes is dropped from the query, so
 * the query never says something the hash does not. Other keys are kept as they were.
 */
export function withKeys(href: string, keys: LinkWrite, fresh = false): string {
  const hashAt = href.indexOf('#');
  const base = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const hash = new URLSearchParams(hashAt >= 0 ? href.slice(hashAt + 1) : '');
  const qAt = base.indexOf('?');
  const path = qAt >= 0 ? base.slice(0, qAt) : base;
  const query = new URLSearchParams(qAt >= 0 ? base.slice(qAt + 1) : '');
  const drop = new Set<string>(fresh ? RUN_KEYS : []);
  for (const k of Object.keys(keys)) drop.add(k);
  for (const k of drop) {
    hash.delete(k);
    query.delete(k);
  }
  for (const [k, v] of Object.entries(keys)) if (v !== null && v !== undefined) hash.set(k, v);
  const qs = query.toString();
  const hs = hash.toString();
  return path + (qs ? '?' + qs : '') + (hs ? '#' + hs : '');
}

/**
 * A share address: the page's address with `hash` (a share link's hash, without '#',
 * from `SimClient.share`) as its whole hash. The query's link keys are dropped — the
 * share hash says the run — and its other keys kept.
 */
export function shareAddress(href: string, hash: string): string {
  const cleared = withKeys(href.split('#')[0], Object.fromEntries(LINK_KEYS.map((k) => [k, null])) as LinkWrite);
  return cleared + (hash ? '#' + hash : '');
}

/** Writes `url` into the address bar without a history entry, a reload or a hashchange (the page's own state). */
export function replaceAddress(url: string): void {
  if (typeof history === 'undefined') return;
  if (url !== location.href && url !== location.pathname + location.search + location.hash) history.replaceState(history.state, '', url);
}

/** Writes the page's keys into the current address (see withKeys). */
export function writeKeys(keys: LinkWrite, fresh = false): void {
  if (typeof location === 'undefined') return;
  replaceAddress(withKeys(location.href, keys, fresh));
}

/** Opens `url` as a visit would: within this page (a hashchange, which App loads) when only the hash differs. */
export function visitAddress(url: string): void {
  const at = url.indexOf('#');
  const base = at >= 0 ? url.slice(0, at) : url;
  if (base === location.href.split('#')[0]) location.hash = at >= 0 ? url.slice(at) : '';
  else location.assign(url);
}
