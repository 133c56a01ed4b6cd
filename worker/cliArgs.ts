/**
 * The headless run's command line (`../shared/docs/cli.md`), parsed into a scenario
 * and a run length. Pure: every bad input throws a UsageError whose message is the
 * one line the CLI prints before exiting with status 2.
 */
import { readFileSync } from 'node:fs';
import { checkAction } from './scenario/actions';
import { decodeLink } from './scenario/codec';
import { coerceParam } from './scenario/params';
import { PRESETS, presetByName } from './scenario/presets';
import { parseScenario, resolveParams, type Scenario } from './scenario/schema';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOptions {
  scenario: Scenario;
  untilMs: number;
  json: boolean;
  list: boolean;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `6h`, `100d`, `250ms`; a bare number is milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${what}: "${text}" is not a duration (use e.g. 90s, 30m, 6h, 100d, or milliseconds)`);
  const ms = Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']);
  if (ms > 1000 * UNITS.d) throw new UsageError(`${what}: ${text} is longer than 1000 days`);
  return ms;
}

/** `name` or `name:key=value,key=value`; values are numbers or words. */
export function parseActionText(text: string): { action: string; args: Record<string, string | number> } {
  const [name, rest] = splitOnce(text, ':');
  const args: Record<string, string | number> = {};
  if (rest !== undefined && rest !== '') {
    for (const part of rest.split(',')) {
      const [k, v] = splitOnce(part, '=');
      if (!k || v === undefined || v === '') throw new UsageError(`--at: "${part}" in "${text}" is not key=value`);
      args[k] = /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v) ? Number(v) : v;
    }
  }
  return { action: name, args };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** A value for --set: JSON when it parses, else the bare word. */
export function parseSetValue(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function loadScenario(ref: string): Scenario {
  const preset = presetByName(ref);
  if (preset) return structuredClone(preset.scenario);
  const looksLikeLink = /^(https?:|[?#])/.test(ref) || /(^|[?#&])s=/.test(ref);
  if (looksLikeLink) {
    const s = decodeLink(ref);
    if (!s) throw new UsageError(`--scenario: the link "${ref.slice(0, 60)}" carries no scenario (expected #s=…)`);
    return s;
  }
  if (ref.endsWith('.json')) {
    let text: string;
    try {
      text = readFileSync(ref, 'utf8');
    } catch (e) {
      throw new UsageError(`--scenario: cannot read ${ref}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--scenario: ${ref} is not valid JSON: ${(e as Error).message}`);
    }
    return parseScenario(json);
  }
  throw new UsageError(`--scenario: unknown preset "${ref}" (known: ${PRESETS.map((p) => p.name).join(', ')}; or a .json file, or a share URL)`);
}

export function parseCli(argv: string[]): CliOptions {
  let scenarioRef = 'default';
  const sets: [string, string][] = [];
  const ats: [string, string][] = [];
  let seed: number | undefined;
  let untilMs = 3_600_000;
  let json = false;
  let list = false;
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
        if (!k || v === undefined) throw new UsageError(`--set: "${kv}" is not PATH=VALUE`);
        sets.push([k, v]);
        break;
      }
      case '--at': {
        need(i, '--at', 2);
        ats.push([argv[i + 1], argv[i + 2]]);
        i += 2;
        break;
      }
      case '--seed': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 0xffffffff) throw new UsageError(`--seed: "${v}" is not a whole number from 0 to 4294967295`);
        seed = n;
        break;
      }
      case '--until':
        untilMs = parseDuration(value(), '--until');
        break;
      case '--json':
        json = true;
        break;
      case '--list':
        list = true;
        break;
      default:
        throw new UsageError(`unknown option "${a}" (options: --scenario, --set, --at, --seed, --until, --json, --list)`);
    }
  }
  const scenario = loadScenario(scenarioRef);
  for (const [k, v] of sets) {
    try {
      scenario.params[k] = coerceParam(k, parseSetValue(v));
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
      throw new UsageError(`--at ${time} ${text}: ${(e as Error).message}`);
    }
  }
  s.timeline.sort((x, y) => x.t - y.t); // stable: same-time entries keep their order
  return { scenario: s, untilMs, json, list };
}
