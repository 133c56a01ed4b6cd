/**
 * Fuzzing the parsers of untrusted input (issue 13): the share-link decoder, the
 * scenario parser and the CLI argument parser, with random strings, truncations and
 * byte mutations of real links (the presets'), built-in names, deep nesting, huge and
 * non-finite numbers and long strings. Every input either yields a valid scenario or
 * fails with the parser's own error (ScenarioError; the CLI's UsageError), whose
 * message is one line of bounded length — the per-case work is bounded by
 * construction (inputs are bounded; the decoder bounds link length, unpacked size and
 * nesting; messages never echo more than 60 characters of a value).
 *
 * FUZZ_RUNS sets the total number of cases (default 1,000, a few seconds);
 * `npm run fuzz` runs 100,000. FUZZ_SEED replays a failing run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { bytesToBase64Url, decodeLink, encodeHash, linkTime, toBase64Url } from '../../worker/scenario/codec';
import { MAX_SIM_MS, MAX_TIMELINE, parseScenario, type Scenario, ScenarioError, scenarioToJSON } from '../../worker/scenario/schema';
import { ACTIONS } from '../../worker/scenario/actions';
import { PARAMS, type ParamSpec } from '../../worker/scenario/params';
import { PRESETS } from '../../worker/scenario/presets';
import { parseCli, UsageError } from '../../worker/cliArgs';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** This property's share of the total, at least 5 cases. */
const runs = (share: number) => ({ numRuns: Math.max(5, Math.round(TOTAL * share)), ...(SEED === undefined ? {} : { seed: SEED }) });

/** Longest message a refusal may have: the longest catalogue list (~600 characters) plus bounded echoes. */
const MAX_MESSAGE = 1200;

const BUILT_INS = [
  'hasOwnProperty',
  'constructor',
  'toString',
  '__proto__',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'prototype',
  'length',
  'then',
];
const PATHS = Object.keys(PARAMS);
const ACTION_NAMES = Object.keys(ACTIONS);
const ARG_NAMES = [...new Set(Object.values(ACTIONS).flatMap((a) => Object.keys(a.args)))];

/** Either a valid scenario (checked again) or the parser's own error with a bounded one-line message. */
function expectScenarioOrRefusal(f: () => Scenario | null, errors: (new (...a: never[]) => Error)[] = [ScenarioError]): void {
  let s: Scenario | null;
  try {
    s = f();
  } catch (e) {
    if (!errors.some((E) => e instanceof E)) throw e; // anything else escaping is the bug
    const m = (e as Error).message;
    expect(m.length).toBeGreaterThan(10);
    expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(m).not.toMatch(/[\r\n]/);
    expect(m).not.toMatch(/Maximum call stack|\[object Object\]|undefined is not|Cannot read prop/);
    return;
  }
  if (s) {
    expect(() => parseScenario(JSON.parse(scenarioToJSON(s)))).not.toThrow();
    expect(s.timeline.length).toBeLessThanOrEqual(MAX_TIMELINE);
    for (const e of s.timeline) expect(e.t).toBeLessThanOrEqual(MAX_SIM_MS);
  }
}

// ── arbitraries ───────────────────────────────────────────────────────────────────

const nest = (depth: number, leaf: unknown, obj: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = obj ? { a: v } : [v];
  return v;
};
const longString = fc.integer({ min: 100, max: 200_000 }).map((n) => 'x'.repeat(n));
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, 2 ** 53 + 2, 1e21, 2 ** 32, 1e13, MAX_SIM_MS, MAX_SIM_MS + 1, 0.1 + 0.2),
);
const hostileText = fc.oneof(
  fc.constantFrom(...BUILT_INS),
  fc.constantFrom(
    '0x10',
    ' 12 ',
    '12',
    '',
    '1e400',
    'NaN',
    'Infinity',
    '-0',
    'true',
    '[1]',
    '{}',
    '<b>x</b>',
    '\u0000',
    '\uD800',
    '%%%',
    'random',
    'naive',
    'redo-log',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  longString,
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  hostileText,
  fc.constantFrom(null, true, false, undefined, [1], {}, [], [[]], { '': 1 }),
  fc.integer({ min: 1, max: 100_000 }).chain((d) => fc.boolean().map((o) => nest(d, 1, o))),
  fc.jsonValue({ maxDepth: 3 }),
);
const hostileKey = fc.oneof(
  fc.constantFrom(...BUILT_INS),
  fc.constantFrom(...PATHS),
  fc.constantFrom(...ARG_NAMES),
  fc.string({ maxLength: 20 }),
  longString,
);
/** A value for a parameter, valid or near its edges. */
const paramValue = (path: string): fc.Arbitrary<unknown> => {
  const s = PARAMS[path as keyof typeof PARAMS] as ParamSpec;
  const valid =
    s.kind === 'number'
      ? s.int
        ? fc.integer({ min: s.min, max: s.max })
        : fc.double({ min: s.min, max: s.max, noNaN: true })
      : s.kind === 'bool'
        ? fc.boolean()
        : fc.constantFrom(...s.values);
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
};
const params = fc.oneof(
  fc
    .dictionary(fc.constantFrom(...PATHS), fc.constant(0), { maxKeys: 4 })
    .chain((d) => fc.record(Object.fromEntries(Object.keys(d).map((k) => [k, paramValue(k)])))),
  fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }),
  hostileValue,
);
const args = fc.oneof(
  fc.dictionary(fc.constantFrom(...ARG_NAMES), fc.oneof(fc.nat({ max: 6000 }), fc.double({ min: 0, max: 2 }), hostileValue), { maxKeys: 3 }),
  fc.record({
    path: fc.oneof(fc.constantFrom(...PATHS), hostileText),
    value: fc.oneof(fc.nat(), fc.constantFrom('true', 'false', 'random', 'naive'), hostileValue),
  }),
  fc.dictionary(hostileKey, hostileValue, { maxKeys: 2 }),
  hostileValue,
);
const entry = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { t: fc.oneof(fc.nat({ max: 10_000_000 }), hostileNumber), action: fc.oneof(fc.constantFrom(...ACTION_NAMES), hostileText), args },
      { requiredKeys: ['t', 'action'] },
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);
/** Scenario-shaped input: every field valid, missing or hostile. */
const scenarioish = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        v: fc.oneof(fc.constant(1), hostileValue),
        name: fc.oneof(fc.string({ maxLength: 80 }), hostileValue),
        seed: fc.oneof(fc.nat(), hostileNumber, hostileValue),
        params,
        timeline: fc.oneof(
          fc
            .array(entry, { maxLength: 8 })
            .map((l) =>
              [...l].sort((a, b) =>
                typeof a === 'object' && typeof b === 'object' && a && b && 't' in a && 't' in b && typeof a.t === 'number' && typeof b.t === 'number'
                  ? a.t - b.t
                  : 0,
              ),
            ),
          hostileValue,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }) },
  { weight: 1, arbitrary: hostileValue },
);

/** Real links: every preset's, compressed (z=) and plain (s=). */
const REAL = PRESETS.flatMap((p) => [
  encodeHash(p.scenario, { t: '600000', view: 'racks' }),
  's=' + toBase64Url(scenarioToJSON(p.scenario)) + '&t=600000',
]);
const realLink = fc.constantFrom(...REAL);

// ── properties ────────────────────────────────────────────────────────────────────

describe('fuzz: the link decoder', () => {
  it('random strings, alone or as the scenario of a link', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,400}$/)),
        fc.constantFrom('', '#s=', '#z=', '?s=', '#preset=', 'https://x/#z=', '#t='),
        (junk, prefix) => {
          expectScenarioOrRefusal(() => decodeLink(prefix + junk));
          try {
            const t = linkTime(prefix + junk);
            if (t !== null) expect(t).toBeLessThanOrEqual(MAX_SIM_MS);
          } catch (e) {
            expect(e).toBeInstanceOf(ScenarioError);
          }
        },
      ),
      runs(0.16),
    );
  });

  it('truncations of real links', () => {
    fc.assert(
      fc.property(realLink, fc.double({ min: 0, max: 1, noNaN: true }), (link, f) => {
        expectScenarioOrRefusal(() => decodeLink('#' + link.slice(0, Math.floor(link.length * f))));
      }),
      runs(0.1),
    );
  });

  it('character mutations of real links', () => {
    const mutation = fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.constantFrom('A', '_', '-', '=', '&', '%', '#', '+', ' ', 'z=', 's=', ''), fc.string({ maxLength: 3 })),
      ),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(realLink, mutation, (link, muts) => {
        let l = link;
        for (const [at, c] of muts) {
          const i = Math.floor(at * l.length);
          l = l.slice(0, i) + c + l.slice(i + 1);
        }
        expectScenarioOrRefusal(() => decodeLink('#' + l));
      }),
      runs(0.12),
    );
  });

  it('byte mutations of real links’ compressed data and JSON text', () => {
    const flips = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...PRESETS), flips, fc.boolean(), (p, fl, compressed) => {
        const json = new TextEncoder().encode(scenarioToJSON(p.scenario));
        const bytes = compressed ? deflateSync(json) : json;
        for (const [at, b] of fl) bytes[Math.floor(at * bytes.length)] = b;
        expectScenarioOrRefusal(() => decodeLink(compressed ? '#z=' + bytesToBase64Url(bytes) : '#s=' + bytesToBase64Url(bytes)));
      }),
      runs(0.12),
    );
  });

  it('hostile scenarios carried in links (JSON text, plain and compressed)', () => {
    fc.assert(
      fc.property(scenarioish, fc.boolean(), (input, compressed) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(input);
        } catch {
          return; // not expressible as JSON text (nested too deep to stringify)
        }
        if (text === undefined) return;
        const bytes = new TextEncoder().encode(text);
        expectScenarioOrRefusal(() => decodeLink((compressed ? '#z=' : '#s=') + bytesToBase64Url(compressed ? deflateSync(bytes) : bytes)));
      }),
      runs(0.1),
    );
  });

  it('deep nesting as text, compressed past the link length limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 50_000 }),
        fc.constantFrom('[', '{"a":'),
        fc.constantFrom('', '{"params":{"cluster.nodes":', '{"timeline":[{"t":0,"action":"node-crash","args":{"node":'),
        (d, open, wrap) => {
          const close = open === '[' ? ']' : '}';
          const tail = wrap ? (wrap.includes('timeline') ? '}}]}' : '}}') : '';
          const text = wrap + open.repeat(d) + '1' + close.repeat(d) + tail;
          expectScenarioOrRefusal(() => decodeLink('#z=' + bytesToBase64Url(deflateSync(new TextEncoder().encode(text)))));
        },
      ),
      runs(0.04),
    );
  });
});

describe('fuzz: the scenario parser', () => {
  it('hostile scenario-shaped objects (built-in names, deep values, huge and non-finite numbers, long strings)', () => {
    fc.assert(
      fc.property(scenarioish, (input) => expectScenarioOrRefusal(() => parseScenario(input))),
      runs(0.14),
    );
  });

  it('every valid scenario round-trips encode → decode to an equal scenario', () => {
    const valid = fc
      .record({
        seed: fc.nat(),
        name: fc.string({ maxLength: 80, unit: 'grapheme' }),
        params: fc.dictionary(fc.constantFrom(...PATHS), fc.constant(0), { maxKeys: 6 }),
        n: fc.nat({ max: 30 }),
        ts: fc.array(fc.nat({ max: MAX_SIM_MS }), { maxLength: 30 }),
      })
      .chain(({ seed, name, params: ks, ts }) => {
        const live = PATHS.filter((k) => !(PARAMS[k as keyof typeof PARAMS] as ParamSpec).structural);
        const set = fc
          .constantFrom(...live)
          .chain((path) =>
            paramValue(path).map((value) => ({ action: 'set', args: { path, value: typeof value === 'boolean' ? String(value) : value } })),
          );
        const act = fc.oneof(
          fc.record({
            action: fc.constantFrom('node-crash', 'node-restart', 'system-disk-fail'),
            args: fc.record({ node: fc.nat({ max: 399 }) }, { requiredKeys: [] }),
          }),
          fc.record({
            action: fc.constantFrom('rack-power-off', 'tor-down', 'network-stable'),
            args: fc.record({ rack: fc.nat({ max: 9 }) }, { requiredKeys: [] }),
          }),
          fc.record({
            action: fc.constantFrom('slow-random-disks', 'slow-random-nodes'),
            args: fc.record(
              { fraction: fc.double({ min: 0, max: 1, noNaN: true }), factor: fc.double({ min: 1, max: 1000, noNaN: true }) },
              { requiredKeys: [] },
            ),
          }),
          fc.record({
            action: fc.constantFrom(...ACTION_NAMES.filter((a) => Object.keys(ACTIONS[a].args).length === 0 && !ACTIONS[a].required)),
            args: fc.constant({}),
          }),
          set,
        );
        return fc.record(Object.fromEntries(Object.keys(ks).map((k) => [k, paramValue(k)]))).chain((p) =>
          fc.array(act, { minLength: ts.length, maxLength: ts.length }).map((acts) => ({
            seed,
            name,
            params: { ...p, 'cluster.nodes': 400 },
            timeline: acts.map((a, i) => ({ t: [...ts].sort((x, y) => x - y)[i], ...a })),
          })),
        );
      });
    let accepted = 0;
    let tried = 0;
    fc.assert(
      fc.property(valid, (input) => {
        let s: Scenario;
        tried++;
        try {
          s = parseScenario(input);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError); // random parameter mixes may be inconsistent: refused by name
          return;
        }
        accepted++;
        const back = decodeLink('https://x.example/lab/?lang=zh#' + encodeHash(s, { t: '5', view: 'racks' }));
        expect(back).toEqual(s);
        expect(scenarioToJSON(back!)).toBe(scenarioToJSON(s));
      }),
      runs(0.1),
    );
    // the property is not vacuous: random parameter mixes are accepted 30–47 % of the time (twelve seeds, 100 cases,
    // 2026-12-07); a third, the bound before, failed a CI run at 32 of 100 — a fifth is ~4 standard deviations below
    expect(accepted).toBeGreaterThan(tried / 5);
  });
});

describe('fuzz: the CLI argument parser', () => {
  const FLAGS = [
    '--scenario',
    '--set',
    '--at',
    '--seed',
    '--until',
    '--json',
    '--list',
    '--',
    '-',
    '--json=1',
    '--at=5m',
    '--set=cluster.nodes=400',
    '--until=1h',
    '--seed=7',
    '--frobnicate',
    '--toString',
    '--__proto__',
  ];
  const VALUES = [
    'default',
    'rack-drill',
    'constructor',
    '__proto__',
    'toString',
    '5m',
    '1h',
    '1001d',
    '0x10',
    ' 12',
    '-1',
    '1e400',
    '',
    'NaN',
    'cluster.nodes=400',
    'cluster.nodes=40',
    'cluster.nodes=0x10',
    'storage.placement=random',
    '__proto__=1',
    'constructor=1',
    'workload.enabled=maybe',
    'node-crash',
    'node-crash:node=3',
    'node-crash:constructor=1',
    'node-crash:node=1,node=2',
    'rack-power-off:rack=999',
    'set:path=recovery.policy,value=naive',
    'set:path=__proto__,value=1',
    'dc-power-off',
    '#preset=rack-drill',
    '#preset=constructor',
    '#z=abc',
    '#s=%%%',
    'http://x/#t=5',
    REAL[0].slice(0, 200),
    '#' + REAL[1],
  ];
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...FLAGS) },
    { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 1, arbitrary: hostileText },
  );

  it('random command lines parse to a valid scenario or fail with a UsageError/ScenarioError', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        let until = 0;
        expectScenarioOrRefusal(() => {
          const o = parseCli(argv);
          until = o.untilMs;
          return o.scenario;
        }, [UsageError, ScenarioError]);
        expect(until).toBeLessThanOrEqual(MAX_SIM_MS);
      }),
      runs(0.12),
    );
  });
});
