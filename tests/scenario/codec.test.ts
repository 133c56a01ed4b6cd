import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeLink, encodeHash, toBase64Url, fromBase64Url, MAX_URL_CHARS } from '../../worker/scenario/codec';
import { parseScenario, ScenarioError, defaultScenario, type Scenario, scenarioToJSON } from '../../worker/scenario/schema';
import { PARAMS, type ParamSpec } from '../../worker/scenario/params';
import { ACTIONS } from '../../worker/scenario/actions';

/** Any valid value for a parameter, from its spec. */
const paramValue = (s: ParamSpec): fc.Arbitrary<number | string | boolean> =>
  s.kind === 'number'
    ? s.int
      ? fc.integer({ min: s.min, max: Math.min(s.max, s.min + 1_000_000) })
      : fc.double({ min: s.min, max: s.max, noNaN: true, noDefaultInfinity: true })
    : s.kind === 'bool'
      ? fc.boolean()
      : fc.constantFrom(...s.values);

const liveParams = Object.entries(PARAMS).filter(([, s]) => !(s as ParamSpec).structural && (s as ParamSpec).kind !== 'number');
const entry = fc.oneof(
  fc.record({ action: fc.constant('node-crash'), args: fc.record({ node: fc.integer({ min: 0, max: 4999 }) }) }),
  fc.record({ action: fc.constant('rack-power-off'), args: fc.record({ rack: fc.integer({ min: 0, max: 124 }) }) }),
  fc.record({
    action: fc.constant('node-slow'),
    args: fc.record({ node: fc.integer({ min: 0, max: 4999 }), factor: fc.integer({ min: 1, max: 100 }) }),
  }),
  fc.record({ action: fc.constant('network-maintenance'), args: fc.constant({}) }),
  fc.record({ action: fc.constant('fail-random-nodes'), args: fc.record({ fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
  ...(liveParams.length
    ? [
        fc
          .constantFrom(...liveParams)
          .chain(([path, s]) =>
            paramValue(s as ParamSpec).map((value) => ({ action: 'set', args: { path, value: typeof value === 'boolean' ? String(value) : value } })),
          ),
      ]
    : []),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    name: fc.string({ maxLength: 80 }),
    overrides: fc.subarray(['workload.nodeGbps', 'detection.deadAfterMs', 'faults.nodeMtbfHours', 'workload.enabled', 'network.backupCapacity']),
    values: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
    entries: fc.array(fc.tuple(fc.integer({ min: 0, max: 1e9 }), entry), { maxLength: 20 }),
  })
  .map(({ seed, name, overrides, entries }) => {
    const params: Record<string, number | string | boolean> = {};
    for (const k of overrides) {
      const s = PARAMS[k as keyof typeof PARAMS] as ParamSpec;
      params[k] =
        s.kind === 'bool'
          ? !s.default
          : s.kind === 'number'
            ? s.int
              ? Math.max(s.min, Math.min(s.max, s.default + 1000))
              : Math.min(s.max, s.default * 1.5)
            : s.default;
    }
    const timeline = entries.map(([t, e]) => ({ t, ...e })).sort((a, b) => a.t - b.t);
    return { v: 1, name, seed, params, timeline } as Scenario;
  });

describe('scenario codec', () => {
  it('round-trips any valid scenario through a share link', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const parsed = parseScenario(JSON.parse(JSON.stringify(s)));
        const link = 'https://x.example/sub/path/?lang=zh#' + encodeHash(parsed, { t: '123' });
        const back = decodeLink(link)!;
        expect(scenarioToJSON(back)).toBe(scenarioToJSON(parsed));
        // also from just the hash, or from a query string
        expect(scenarioToJSON(decodeLink('#' + encodeHash(parsed))!)).toBe(scenarioToJSON(parsed));
        expect(scenarioToJSON(decodeLink('?' + encodeHash(parsed))!)).toBe(scenarioToJSON(parsed));
      }),
      { numRuns: 200 },
    );
  });

  it('base64url round-trips any unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (t) => {
        expect(fromBase64Url(toBase64Url(t))).toBe(t);
      }),
    );
  });

  it('a link without a scenario is a plain visit', () => {
    expect(decodeLink('https://x.example/')).toBeNull();
    expect(decodeLink('#lang=en')).toBeNull();
  });

  it('every truncation of a link either decodes to a valid scenario or fails with a ScenarioError', () => {
    const s = parseScenario({ ...defaultScenario(), timeline: [{ t: 5, action: 'rack-power-off', args: { rack: 3 } }] });
    const link = '#' + encodeHash(s);
    for (let n = 0; n < link.length; n++) {
      const cut = link.slice(0, n);
      try {
        const got = decodeLink(cut);
        if (got) expect(() => parseScenario(got)).not.toThrow();
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as Error).message.length).toBeGreaterThan(10);
      }
    }
  });

  it('random garbage never escapes as anything but a ScenarioError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (junk) => {
        try {
          decodeLink('#s=' + junk);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random JSON never escapes as anything but a ScenarioError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        try {
          parseScenario(j);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
        }
      }),
      { numRuns: 500 },
    );
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', [1, 2], /expected a JSON object/],
    ['unknown field', { seed: 1, evil: true }, /unknown field "evil"/],
    ['future version', { v: 99 }, /version 99 is not supported/],
    ['negative seed', { seed: -1 }, /scenario.seed/],
    ['unknown parameter', { params: { 'cluster.nodez': 5 } }, /unknown parameter "cluster.nodez".*cluster.nodes/],
    ['parameter out of range', { params: { 'cluster.nodes': 1e9 } }, /cluster.nodes: 1000000000 is out of range/],
    ['parameter of wrong type', { params: { 'workload.enabled': 'maybe' } }, /workload.enabled: expected true or false/],
    ['prototype pollution', JSON.parse('{"params": {"__proto__": {"x": 1}}}'), /unknown parameter "__proto__"/],
    ['cross-parameter', { params: { 'detection.suspectAfterMs': 90000, 'detection.deadAfterMs': 60000 } }, /suspectAfterMs must not exceed/],
    ['unknown action', { timeline: [{ t: 0, action: 'rm-rf', args: {} }] }, /timeline\[0\]: unknown action "rm-rf"/],
    ['target out of range', { timeline: [{ t: 0, action: 'rack-power-off', args: { rack: 125 } }] }, /rack=125 is not a rack id \(0 to 124\)/],
    [
      'time out of order',
      {
        timeline: [
          { t: 10, action: 'dc-power-off' },
          { t: 5, action: 'dc-power-on' },
        ],
      },
      /earlier than the entry before/,
    ],
    [
      'structural set',
      { timeline: [{ t: 0, action: 'set', args: { path: 'cluster.nodes', value: 10 } }] },
      /can only be set when the scenario is loaded/,
    ],
    ['unknown arg', { timeline: [{ t: 0, action: 'dc-power-off', args: { rack: 1 } }] }, /unknown argument "rack" \(takes none\)/],
  ];
  for (const [what, input, msg] of bad)
    it(`rejects ${what} with a message naming it`, () => {
      expect(() => parseScenario(input)).toThrow(ScenarioError);
      expect(() => parseScenario(input)).toThrow(msg);
    });

  it('rejects an oversized link before decoding it', () => {
    expect(() => decodeLink('#s=' + 'A'.repeat(MAX_URL_CHARS))).toThrow(/at most/);
  });

  it('every catalogue action has a doc line', () => {
    for (const a of Object.values(ACTIONS)) expect(a.doc.length).toBeGreaterThan(10);
  });
});

describe('preset links', () => {
  it('a preset name in a link opens that preset; an unknown one is named in the error', () => {
    const s = decodeLink('http://x/#preset=mirror-storm&view=storm');
    expect(s?.name).toBe('mirror-storm');
    expect(s?.timeline.some((e) => e.action === 'network-maintenance')).toBe(true);
    // a copy: changing it leaves the preset alone
    s!.timeline.length = 0;
    expect(decodeLink('#preset=mirror-storm')!.timeline.length).toBeGreaterThan(0);
    expect(() => decodeLink('#preset=<b>nope</b>')).toThrow(/no scenario named "<b>nope<\/b>"/);
    // a full scenario wins over a name
    const h = encodeHash(defaultScenario(), {});
    expect(decodeLink(`#${h}&preset=mirror-storm`)?.name).toBe('default');
  });
});
