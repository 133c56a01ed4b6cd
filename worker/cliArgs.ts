/**
 * The headless run's command line (`../shared/docs/cli.md`), parsed into a scenario
 * and a run length. Pure: every bad input throws a UsageError whose message is the
 * one line the CLI prints before exiting with status 2.
 */
import { readFileSync, statSync } from 'node:fs';
import { checkAction } from './scenario/actions';
import { decodeLink } from './scenario/codec';
import { MAX_SCENARIO_BYTES, parseJsonText } from './scenario/json';
import { DECIMAL, paramFromText, show } from './scenario/params';
import { PRESETS, presetByName } from './scenario/presets';
import { MAX_SIM_MS, MAX_TIMELINE, parseScenario, resolveParams, type Scenario } from './scenario/schema';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOptions {
  scenario: Scenario;
  untilMs: number;
  json: boolean;
  list: boolean;
  /** --list-params: print the parameter catalogue with each figure's provenance */
  listParams: boolean;
}

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `30m`, `6h`, `100d`, `250ms`; a bare number is milliseconds. At most MAX_SIM_MS (1,000 days), the page link's limit too. */
export function parseDuration(text: string, what = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text);
  if (!m) throw new UsageError(`${what}: ${show(text)} is not a duration (use e.g. 90s, 30m, 6h, 100d, or milliseconds)`);
  const ms = Math.round(Number(m[1]) * UNITS[(m[2] ?? 'ms') as keyof typeof UNITS]);
  if (!(ms <= MAX_SIM_MS)) throw new UsageError(`${what}: ${show(text)} is longer than 1000 days (${MAX_SIM_MS} ms)`);
  return ms;
}

/** `name` or `name:key=value,key=value`; values are numbers (plain decimals) or words. */
export function parseActionText(text: string): { action: string; args: Record<string, string | number> } {
  const [name, rest] = splitOnce(text, ':');
  // Object.fromEntries makes every key an own property (`__proto__` too), so the action check can refuse it by name.
  const entries: [string, string | number][] = [];
  if (rest !== undefined && rest !== '') {
    for (const part of rest.split(',')) {
      const [k, v] = splitOnce(part, '=');
      if (!k || v === undefined || v === '') throw new UsageError(`--at: ${show(part)} in ${show(text)} is not key=value`);
      if (entries.some(([k2]) => k2 === k)) throw new UsageError(`--at: ${show(k)} is given twice in ${show(text)}`);
      entries.push([k, DECIMAL.test(v) ? Number(v) : v]);
    }
  }
  return { action: name, args: Object.fromEntries(entries) };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** Text from the command line in a message: cut at 60 characters, unquoted (file names, links). */
const cut = (t: string) => (t.length > 60 ? t.slice(0, 59) + '…' : t);

function readScenarioFile(ref: string): string {
  const fail = (why: string) => new UsageError(`--scenario: cannot read ${cut(ref)}: ${why}`);
  let size: number;
  try {
    const st = statSync(ref);
    if (!st.isFile()) throw fail('not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw fail((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  if (size > MAX_SCENARIO_BYTES) throw fail(`${size} bytes, a scenario file is at most ${MAX_SCENARIO_BYTES}`);
  try {
    return readFileSync(ref, 'utf8');
  } catch (e) {
    throw fail((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

function loadScenario(ref: string): Scenario {
  const preset = presetByName(ref);
  if (preset) return structuredClone(preset.scenario);
  const looksLikeLink = /^(https?:|[?#])/.test(ref) || /(^|[?#&])[szt]=/.test(ref) || /(^|[?#&])preset=/.test(ref);
  if (looksLikeLink) {
    const s = decodeLink(ref);
    if (!s) throw new UsageError(`--scenario: the link ${show(ref)} carries no scenario (expected #z=…, #s=… or #preset=…)`);
    return s;
  }
  if (ref.endsWith('.json')) return parseScenario(parseJsonText(readScenarioFile(ref), `--scenario: ${cut(ref)}`));
  throw new UsageError(`--scenario: unknown preset ${show(ref)} (known: ${PRESETS.map((p) => p.name).join(', ')}; or a .json file, or a share URL)`);
}

export function parseCli(argv: string[]): CliOptions {
  let scenarioRef = 'default';
  const sets: [string, string][] = [];
  const ats: [string, string][] = [];
  let seed: number | undefined;
  let untilMs = 3_600_000;
  let json = false;
  let list = false;
  let listParams = false;
  const need = (i: number, flag: string, n = 1) => {
    if (argv.length - i - 1 < n) throw new UsageError(`${flag}: missing value`);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') ? splitOnce(a, '=') : [a, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      need(i, flag);
      return argv[++i];
    };
    switch (flag) {
      case '--scenario':
        scenarioRef = value();
        break;
      case '--set': {
        const kv = value();
        const [k, v] = splitOnce(kv, '=');
        if (!k || v === undefined) throw new UsageError(`--set: ${show(kv)} is not PATH=VALUE`);
        sets.push([k, v]);
        break;
      }
      case '--at': {
        if (inline !== undefined) {
          need(i, '--at');
          ats.push([inline, argv[++i]]);
        } else {
          need(i, '--at', 2);
          ats.push([argv[i + 1], argv[i + 2]]);
          i += 2;
        }
        break;
      }
      case '--seed': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 0xffffffff) throw new UsageError(`--seed: ${show(v)} is not a whole number from 0 to 4294967295`);
        seed = n;
        break;
      }
      case '--until':
        untilMs = parseDuration(value(), '--until');
        break;
      case '--json':
      case '--list':
      case '--list-params':
        if (inline !== undefined) throw new UsageError(`${flag} takes no value (got ${show(a)})`);
        if (flag === '--json') json = true;
        else if (flag === '--list-params') listParams = true;
        else list = true;
        break;
      default:
        throw new UsageError(`unknown option ${show(a)} (options: --scenario, --set, --at, --seed, --until, --json, --list, --list-params)`);
    }
  }
  const scenario = loadScenario(scenarioRef);
  for (const [k, v] of sets) {
    try {
      const value = paramFromText(k, v);
      scenario.params[k] = value;
    } catch (e) {
      throw new UsageError(`--set: ${(e as Error).message}`);
    }
  }
  if (seed !== undefined) scenario.seed = seed;
  // Revalidate the whole (cross-parameter checks), then add the --at entries in time order.
  let s: Scenario;
  try {
    s = parseScenario(scenario);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const p = resolveParams(s);
  for (const [time, text] of ats) {
    const t = parseDuration(time, '--at');
    const { action, args } = parseActionText(text);
    try {
      s.timeline.push({ t, action, args: checkAction(action, args, p) });
    } catch (e) {
      throw new UsageError(`--at ${cut(time)} ${cut(text)}: ${(e as Error).message}`);
    }
  }
  if (s.timeline.length > MAX_TIMELINE) throw new UsageError(`--at: the timeline has ${s.timeline.length} entries, at most ${MAX_TIMELINE}`);
  s.timeline.sort((x, y) => x.t - y.t); // stable: same-time entries keep their order
  // The whole once more, in time order (a `set` must leave the parameters consistent for what follows).
  try {
    s = parseScenario(s);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { scenario: s, untilMs, json, list, listParams };
}
