/**
 * The scenario: everything a run depends on. Seed, parameter overrides (only what
 * differs from the defaults) and a timeline of perturbations with their simulated
 * times. Version 1; see docs/scenario.md.
 */
import { checkAction, type TimelineEntry } from './actions';
import { coerceParam, crossCheck, defaultParams, type ParamValue, type Params, show } from './params';

export const SCENARIO_VERSION = 1;
export const MAX_TIMELINE = 10_000;
/**
 * The latest simulated time anything may ask for: a link's `t=`, the CLI's `--until`
 * and `--at`, a timeline entry's `t` (1,000 days, in ms).
 */
export const MAX_SIM_MS = 1000 * 86_400_000;

export interface Scenario {
  v: number;
  name: string;
  seed: number;
  params: Record<string, ParamValue>;
  timeline: TimelineEntry[];
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export function defaultScenario(): Scenario {
  return { v: SCENARIO_VERSION, name: 'default', seed: 1, params: {}, timeline: [] };
}

/** Full parameter set: defaults with the scenario's overrides applied. */
export function resolveParams(s: Scenario): Params {
  const p = defaultParams() as Record<string, ParamValue>;
  for (const [k, v] of Object.entries(s.params)) p[k] = v;
  return p as Params;
}

/**
 * Validates untrusted input (parsed JSON from a file or URL) into a Scenario.
 * Throws ScenarioError with a message naming the first thing that is wrong.
 */
export function parseScenario(input: unknown): Scenario {
  const fail = (m: string): never => {
    throw new ScenarioError(m);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('scenario: expected a JSON object');
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['v', 'name', 'seed', 'params', 'timeline'].includes(k)) fail(`scenario: unknown field ${show(k)}`);
  const v = o.v === undefined ? SCENARIO_VERSION : o.v;
  if (v !== SCENARIO_VERSION) fail(`scenario: version ${show(v)} is not supported (this build reads version ${SCENARIO_VERSION})`);
  const name = o.name === undefined ? 'custom' : o.name;
  if (typeof name !== 'string' || name.length > 80) fail(`scenario.name: expected text of at most 80 characters, got ${show(name)}`);
  const seed = o.seed === undefined ? 1 : o.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    fail(`scenario.seed: expected a whole number from 0 to 4294967295, got ${show(seed)}`);
  const rawParams = o.params === undefined ? {} : o.params;
  if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams))
    fail(`scenario.params: expected an object of path → value, got ${show(rawParams)}`);
  const params: Record<string, ParamValue> = {};
  for (const [k, val] of Object.entries(rawParams as object)) {
    try {
      params[k] = coerceParam(k, val);
    } catch (e) {
      fail(`scenario.params: ${(e as Error).message}`);
    }
  }
  const s: Scenario = { v: SCENARIO_VERSION, name: name as string, seed: seed as number, params, timeline: [] };
  const full = resolveParams(s);
  const cross = crossCheck(full);
  if (cross.length) fail(`scenario.params: ${cross[0]}`);
  const tl = o.timeline === undefined ? [] : o.timeline;
  if (!Array.isArray(tl)) fail(`scenario.timeline: expected a list, got ${show(tl)}`);
  const list = tl as unknown[];
  if (list.length > MAX_TIMELINE) fail(`scenario.timeline: ${list.length} entries, at most ${MAX_TIMELINE}`);
  // the parameters as the timeline's `set` entries leave them, for the next entry's checks
  const running = { ...full };
  let last = 0;
  list.forEach((e, i) => {
    const where = `scenario.timeline[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) fail(`${where}: expected {t, action, args}, got ${show(e)}`);
    const en = e as Record<string, unknown>;
    const t = en.t;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_SIM_MS)
      fail(`${where}.t: expected a whole number of ms from 0 to ${MAX_SIM_MS} (1,000 days), got ${show(t)}`);
    if ((t as number) < last) fail(`${where}.t: ${t} is earlier than the entry before it (${last}); the timeline must be in time order`);
    last = t as number;
    if (typeof en.action !== 'string') fail(`${where}.action: expected an action name, got ${show(en.action)}`);
    const args = en.args === undefined ? {} : en.args;
    if (typeof args !== 'object' || args === null || Array.isArray(args)) fail(`${where}.args: expected an object, got ${show(args)}`);
    try {
      const checked = checkAction(en.action as string, args as Record<string, unknown>, running);
      if (en.action === 'set') (running as Record<string, ParamValue>)[checked.path as string] = coerceParam(checked.path as string, checked.value);
      s.timeline.push({ t: t as number, action: en.action as string, args: checked });
    } catch (err) {
      fail(`${where}: ${(err as Error).message}`);
    }
  });
  return s;
}

/** Canonical JSON (stable key order) for files and URLs. */
export function scenarioToJSON(s: Scenario): string {
  const params: Record<string, ParamValue> = {};
  for (const k of Object.keys(s.params).sort()) params[k] = s.params[k];
  return JSON.stringify({ v: s.v, name: s.name, seed: s.seed, params, timeline: s.timeline });
}

export type { Params };
