/**
 * Input as a hostile user writes it (issue 13): built-in names, infeasible settings,
 * deep nesting, huge values, text for numbers, long links. Each case must fail with
 * the parser's own ScenarioError naming the field — or load a valid scenario.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import {
  bytesToBase64Url,
  decodeLink,
  encodeHash,
  inflateText,
  LinkTooLongError,
  linkTime,
  MAX_HASH_CHARS,
  MAX_URL_CHARS,
  toBase64Url,
  tryEncodeHash,
} from '../../worker/scenario/codec';
import { defaultScenario, MAX_SIM_MS, MAX_TIMELINE, parseScenario, ScenarioError, scenarioToJSON } from '../../worker/scenario/schema';
import { checkAction } from '../../worker/scenario/actions';
import { crossCheck, defaultParams, paramFromText, show } from '../../worker/scenario/params';
import { jsonDepth, MAX_JSON_DEPTH, MAX_SCENARIO_BYTES, parseJsonText } from '../../worker/scenario/json';
import { PRESETS } from '../../worker/scenario/presets';
import { Engine } from '../../worker/engine/engine';
import { applyAction } from '../../worker/engine/actions';
import { buildTopology } from '../../worker/engine/cluster/topology';
import { buildFiles, ChunkTable } from '../../worker/engine/pangu/chunks';
import { Placement } from '../../worker/engine/pangu/placement';
import { Rng } from '../../worker/engine/core/rng';

const BUILT_INS = [
  'hasOwnProperty',
  'constructor',
  'toString',
  '__proto__',
  'valueOf',
  'isPrototypeOf',
  'toLocaleString',
  'propertyIsEnumerable',
  '__defineGetter__',
];

/** The ScenarioError parseScenario throws for this input (fails the test if it accepts it or throws anything else). */
function refusal(input: unknown): string {
  try {
    parseScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${show(input)}`);
}
/** `input` as a JSON text parsed (so `__proto__` is an own key, as from a file or link). */
const fromJson = (text: string) => JSON.parse(text) as unknown;

describe('names are looked up only among the catalogues’ own entries', () => {
  for (const n of BUILT_INS) {
    it(`"${n}" is no action, argument, parameter or preset`, () => {
      expect(refusal({ timeline: [{ t: 0, action: n, args: {} }] })).toMatch(`scenario.timeline[0]: unknown action "${n}"`);
      expect(refusal(fromJson(`{"timeline":[{"t":0,"action":"node-crash","args":{"${n}":1}}]}`))).toMatch(
        `node-crash: unknown argument "${n}" (takes node)`,
      );
      expect(refusal(fromJson(`{"timeline":[{"t":0,"action":"dc-power-off","args":{"${n}":"x"}}]}`))).toMatch(`unknown argument "${n}" (takes none)`);
      expect(refusal(fromJson(`{"params":{"${n}":1}}`))).toMatch(`scenario.params: unknown parameter "${n}"`);
      expect(refusal({ timeline: [{ t: 0, action: 'set', args: { path: n, value: 1 } }] })).toMatch(`unknown parameter "${n}"`);
      expect(() => decodeLink(`#preset=${n}`)).toThrow(`link: no scenario named "${n}"`);
      expect(() => checkAction(n, {}, defaultParams())).toThrow(RangeError);
    });
  }

  it('the engine applies no effect by a built-in name (a scenario that slipped past the parser)', () => {
    const e = new Engine(parseScenario({ params: { 'cluster.nodes': 400 } }));
    for (const n of BUILT_INS) expect(() => applyAction(e, n, {}), n).toThrow(`action "${n}" has no effect in this engine`);
  });

  it('a live perturbation by a built-in name is refused before anything is applied', () => {
    const e = new Engine(parseScenario({ params: { 'cluster.nodes': 400 } }));
    const h = e.hash();
    for (const n of BUILT_INS) expect(() => e.perturb(n, {})).toThrow(/unknown action/);
    expect(() => e.perturb('node-crash', fromJson('{"constructor": 3}') as Record<string, unknown>)).toThrow(/unknown argument "constructor"/);
    expect(() => e.perturb('set', { path: 'toString', value: 1 })).toThrow(/unknown parameter "toString"/);
    expect(e.hash()).toBe(h);
    expect(e.scenario().timeline).toEqual([]);
  });
});

describe('settings in range that no run can satisfy are refused by name', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'fewer racks than replicas, rack-aware',
      { 'cluster.nodes': 40 },
      /storage.placement=rack-aware .* storage.replication=3 .* cluster.nodes=40 at cluster.nodesPerRack=40 makes 1 rack/,
    ],
    ['fewer racks than replicas, copyset', { 'cluster.nodes': 80, 'storage.placement': 'copyset' }, /storage.placement=copyset .* makes 2 racks/],
    [
      'fewer servers than replicas, random',
      { 'cluster.nodes': 2, 'storage.placement': 'random' },
      /storage.replication=3 replicas per chunk need 3 different servers, but cluster.nodes=2/,
    ],
    ['six replicas on five racks', { 'cluster.nodes': 200, 'storage.replication': 6 }, /makes 5 racks/],
    [
      'copyset scatter width beyond the cluster',
      { 'cluster.nodes': 400, 'storage.placement': 'copyset', 'storage.scatterWidth': 400 },
      /storage.scatterWidth=400 .* cluster.nodes=400/,
    ],
    [
      'copyset table too large',
      { 'cluster.nodes': 20000, 'cluster.disksPerNode': 4, 'storage.placement': 'copyset', 'storage.scatterWidth': 5000, 'storage.replication': 2 },
      /builds 100000000 copyset memberships/,
    ],
    [
      'redo log with more memory servers than the cluster',
      { 'cluster.nodes': 3, 'storage.chunks': 1000, 'storage.placement': 'random', 'writes.mode': 'redo-log', 'writes.memoryCopies': 3 },
      /writes.memoryCopies=3 .* cluster.nodes=3/,
    ],
    [
      'more data than the disks hold',
      { 'cluster.nodes': 3, 'storage.placement': 'random', 'cluster.disksPerNode': 1 },
      /storage.chunks=1000000 × storage.replication=3 copies of storage.chunkMB=64 MB need 192 TB, more than the 6 TB of/,
    ],
    [
      'instances larger than any server (cores)',
      { 'scheduler.instanceCores': 64, 'scheduler.coresPerNode': 24 },
      /scheduler.instanceCores=64 per instance fit on no server of scheduler.coresPerNode=24/,
    ],
    ['instances larger than any server (memory)', { 'scheduler.instanceMemGB': 200 }, /scheduler.instanceMemGB=200 .* scheduler.memPerNodeGB=96/],
    [
      'a writer rack that does not exist',
      { 'cluster.nodes': 400, 'writes.writerRack': 10 },
      /writes.writerRack=10 is not a rack: .* makes 10 racks \(0 to 9/,
    ],
  ];
  for (const [what, params, msg] of cases)
    it(what, () => {
      expect(refusal({ params })).toMatch(/^scenario.params: /);
      expect(refusal({ params })).toMatch(msg);
    });

  it('what is feasible still loads: 3 racks for 3 replicas, 3 servers under random placement, no chunks at all', () => {
    for (const params of [
      { 'cluster.nodes': 120 },
      { 'cluster.nodes': 3, 'storage.placement': 'random', 'storage.chunks': 3000 },
      { 'cluster.nodes': 40, 'storage.chunks': 0 },
    ]) {
      const e = new Engine(parseScenario({ params }));
      e.runUntil(10_000);
      expect(e.now).toBe(10_000);
    }
  });

  it('a live `set` may not make the parameters inconsistent either', () => {
    const p = { ...defaultParams(), 'cluster.nodes': 80, 'storage.placement': 'random' as const };
    expect(crossCheck(p)).toEqual([]);
    expect(() => checkAction('set', { path: 'storage.placement', value: 'rack-aware' }, p)).toThrow(
      /set: storage.placement=rack-aware is refused: .*makes 2 racks/,
    );
    expect(() => checkAction('set', { path: 'detection.suspectAfterMs', value: 90_000 }, defaultParams())).toThrow(/suspectAfterMs must not exceed/);
    // in a timeline, the check sees the parameters as the earlier `set` entries left them
    expect(refusal({ timeline: [{ t: 0, action: 'set', args: { path: 'detection.deadAfterMs', value: 5000 } }] })).toMatch(
      /timeline\[0\]: set: detection.deadAfterMs=5000 is refused/,
    );
    const ok = parseScenario({
      timeline: [
        { t: 0, action: 'set', args: { path: 'detection.suspectAfterMs', value: 4000 } },
        { t: 1, action: 'set', args: { path: 'detection.deadAfterMs', value: 5000 } },
      ],
    });
    expect(ok.timeline.length).toBe(2);
  });

  it('the engine’s placement fails loudly instead of searching for ever when the settings slip past the checks', () => {
    // The Engine revalidates its scenario; build the placement's inputs by hand to reach its own guard.
    expect(() => new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 40 } })).toThrow(ScenarioError);
    const p = { ...defaultParams(), 'cluster.nodes': 40, 'storage.chunks': 100 };
    const topo = buildTopology(p);
    const rng = new Rng(1);
    const table = new ChunkTable(buildFiles(100, 8, 3, 0, rng), 3, topo.disks, topo.disksPerNode, () => 0);
    for (const [policy, msg] of [
      ['rack-aware', /placement: 3 replicas per chunk on distinct racks, but the cluster has 1$/],
      ['copyset', /distinct racks/],
    ] as const)
      expect(() => new Placement(topo, table).placeAll(policy, 10, 1000, rng, rng)).toThrow(msg);
    const two = buildTopology({ ...p, 'cluster.nodes': 2 });
    const t2 = new ChunkTable(buildFiles(100, 8, 3, 0, rng), 3, two.disks, two.disksPerNode, () => 0);
    expect(() => new Placement(two, t2).placeAll('random', 10, 1000, rng, rng)).toThrow(/on distinct servers, but the cluster has 2$/);
  });
});

describe('one limit for the simulated time', () => {
  it('timeline t, link t= and (tests/cli) --until share MAX_SIM_MS, 1,000 days', () => {
    expect(MAX_SIM_MS).toBe(86_400_000_000);
    expect(parseScenario({ timeline: [{ t: MAX_SIM_MS, action: 'dc-power-off' }] }).timeline[0].t).toBe(MAX_SIM_MS);
    expect(refusal({ timeline: [{ t: MAX_SIM_MS + 1, action: 'dc-power-off' }] })).toMatch(
      /timeline\[0\].t: expected a whole number of ms from 0 to 86400000000 \(1,000 days\), got 86400000001/,
    );
    expect(refusal({ timeline: [{ t: 1e13, action: 'dc-power-off' }] })).toMatch(/got 10000000000000/);
    expect(linkTime('#preset=default&t=' + MAX_SIM_MS)).toBe(MAX_SIM_MS);
    expect(linkTime('#preset=default')).toBeNull();
    for (const t of [String(MAX_SIM_MS + 1), '1e11', '100000000000', '-1', '0x10', ' 12', '', '1.5', 'Infinity', '9'.repeat(400)])
      expect(() => linkTime('#preset=default&t=' + encodeURIComponent(t)), t).toThrow(
        /share link: t=.* is not a simulated time in ms from 0 to 86400000000/,
      );
    expect(() => linkTime('#t=' + '9'.repeat(400))).toThrow(/^.{0,200}$/);
  });
});

describe('deep nesting and size', () => {
  it('the depth scan counts brackets outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[{{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    expect(jsonDepth('['.repeat(1e6))).toBe(MAX_JSON_DEPTH + 1); // stops counting early
  });

  it('a link nested a hundred thousand deep fails with a ScenarioError naming it, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const z = bytesToBase64Url(deflateSync(new TextEncoder().encode(deep)));
    expect(z.length).toBeLessThan(MAX_URL_CHARS);
    expect(() => decodeLink('#z=' + z)).toThrow(ScenarioError);
    expect(() => decodeLink('#z=' + z)).toThrow(`share link: the scenario is JSON nested more than ${MAX_JSON_DEPTH} deep`);
    const nested = `{"params":{"cluster.nodes":${'['.repeat(40_000)}1${']'.repeat(40_000)}}}`;
    expect(() => decodeLink('#s=' + toBase64Url(nested))).toThrow(/nested more than 32 deep/);
  });

  it('a deep value built in memory (not from text) is shown cut, not recursed into', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(refusal({ params: { 'cluster.nodes': v } })).toMatch(/^scenario.params: cluster.nodes: expected a number, got \[\[\[\[/);
    let o: unknown = {};
    for (let i = 0; i < 100_000; i++) o = { a: o };
    expect(refusal({ timeline: [{ t: 0, action: 'node-crash', args: { node: o } }] })).toMatch(/node=\{"a":\{"a":/);
    expect(refusal({ name: o })).toMatch(/scenario.name: expected text/);
  });

  it('a zip bomb stops at the size limit with a clear message', () => {
    const bomb = deflateSync(new Uint8Array(50_000_000).fill(32), { level: 9 }); // 50 MB of spaces in ~50 KB
    const z = bytesToBase64Url(bomb);
    expect(z.length).toBeLessThan(MAX_URL_CHARS);
    expect(() => decodeLink('#z=' + z)).toThrow(`share link: the scenario unpacks to more than ${MAX_SCENARIO_BYTES} bytes`);
    expect(() => inflateText(bomb, 1000)).toThrow(/more than 1000 bytes/);
  });

  it('oversized JSON text is refused before parsing', () => {
    expect(() => parseJsonText(' '.repeat(MAX_SCENARIO_BYTES + 1), 'x')).toThrow(
      `x is ${MAX_SCENARIO_BYTES + 1} characters of JSON, at most ${MAX_SCENARIO_BYTES}`,
    );
  });
});

describe('messages echo input bounded', () => {
  const big = 'k'.repeat(1_000_000);
  const inputs: [string, unknown][] = [
    ['a 1 MB unknown field', { [big]: 1 }],
    ['a 1 MB parameter name', { params: { [big]: 1 } }],
    ['a 1 MB parameter value', { params: { 'storage.placement': big } }],
    ['a 1 MB action name', { timeline: [{ t: 0, action: big }] }],
    ['a 1 MB argument name', { timeline: [{ t: 0, action: 'node-crash', args: { [big]: 1 } }] }],
    ['a 1 MB argument value', { timeline: [{ t: 0, action: 'deploy-start', args: { method: big } }] }],
    ['a 1 MB set path', { timeline: [{ t: 0, action: 'set', args: { path: big, value: 1 } }] }],
    ['a 1 MB set value', { timeline: [{ t: 0, action: 'set', args: { path: 'storage.placement', value: big } }] }],
    ['a 1 MB array', { seed: new Array(1_000_000).fill(7) }],
    ['a 1 MB version', { v: big }],
  ];
  for (const [what, input] of inputs)
    it(what, () => {
      const m = refusal(input);
      expect(m.length).toBeLessThan(800);
      expect(m).toMatch(/…/);
    });

  it('show() is faithful and cut at 60 characters', () => {
    expect(show('12')).toBe('"12"');
    expect(show([1])).toBe('[1]');
    expect(show({})).toBe('{}');
    expect(show({ a: [1, 'x', null, true] })).toBe('{"a":[1,"x",null,true]}');
    expect(show(undefined)).toBe('nothing');
    expect(show(-0)).toBe('-0');
    expect(show(NaN)).toBe('NaN');
    expect(show('x'.repeat(100))).toBe('"' + 'x'.repeat(58) + '…');
    expect(show('x'.repeat(100)).length).toBe(60);
    expect(show(new Array(1e6).fill(1)).length).toBe(60);
  });

  it('a link-level message does not echo a long preset name or time', () => {
    expect(() => decodeLink('#preset=' + 'p'.repeat(100_000))).toThrow(/^link: no scenario named "p{30,40}…/);
  });
});

describe('numbers must be numbers', () => {
  const wrong: [unknown, string][] = [
    ['0x10', 'got "0x10"'],
    [' 12 ', 'got " 12 "'],
    ['12', 'got "12"'],
    ['', 'got ""'],
    [[1], 'got [1]'],
    [{}, 'got {}'],
    [true, 'got true'],
    [null, 'got null'],
  ];
  for (const [v, shown] of wrong)
    it(`${JSON.stringify(v)} is no parameter value, no target and no fraction`, () => {
      expect(refusal({ params: { 'cluster.nodes': v } })).toBe(`scenario.params: cluster.nodes: expected a number, got ${shown.slice(4)}`);
      expect(refusal({ timeline: [{ t: 0, action: 'rack-power-off', args: { rack: v } }] })).toMatch(
        `rack-power-off: rack=${shown.slice(4)} is not a rack id`,
      );
      expect(refusal({ timeline: [{ t: 0, action: 'slow-random-disks', args: { fraction: v } }] })).toMatch(
        `fraction=${shown.slice(4)} must be a fraction`,
      );
      expect(refusal({ seed: v })).toMatch(`scenario.seed: expected a whole number from 0 to 4294967295, ${shown}`);
      expect(refusal({ timeline: [{ t: v, action: 'dc-power-off' }] })).toMatch(
        `timeline[0].t: expected a whole number of ms from 0 to 86400000000 (1,000 days), ${shown}`,
      );
    });

  it('text from a command line (--set) is a number only as a plain decimal', () => {
    expect(paramFromText('cluster.nodes', '1000')).toBe(1000);
    expect(paramFromText('workload.nodeGbps', '0.5')).toBe(0.5);
    expect(paramFromText('workload.nodeGbps', '1e-1')).toBe(0.1);
    expect(paramFromText('faults.nodeMtbfHours', '1e6')).toBe(1e6);
    for (const t of ['0x10', ' 12', '12 ', '', '+5', '1_000', '0b1', 'Infinity', 'NaN', '1e400', '[1]', '"12"'])
      expect(() => paramFromText('cluster.nodes', t), t).toThrow(/cluster.nodes: (expected a number|expected a whole number|.* is out of range)/);
    expect(paramFromText('workload.enabled', 'false')).toBe(false);
    expect(paramFromText('storage.placement', 'random')).toBe('random');
    expect(paramFromText('storage.placement', '"random"')).toBe('random');
    expect(() => paramFromText('storage.placement', 'RANDOM')).toThrow(/expected one of rack-aware, random, copyset, got "RANDOM"/);
  });
});

describe('compressed share links', () => {
  it('a 10,000-action run (the most a timeline holds) gives a link its own decoder reads, far shorter than before', () => {
    const s = parseScenario({
      ...defaultScenario(),
      timeline: Array.from({ length: MAX_TIMELINE }, (_, i) => ({
        t: i * 997,
        action: i % 2 ? 'node-restart' : 'node-crash',
        args: { node: (i * 7919) % 5000 },
      })),
    });
    const hash = encodeHash(s, { t: String(MAX_TIMELINE * 997), lang: 'zh' });
    const plain = 's=' + toBase64Url(scenarioToJSON(s));
    expect(plain.length).toBeGreaterThan(MAX_URL_CHARS); // what the old s= link needed
    expect(hash.length).toBeLessThan(MAX_HASH_CHARS);
    expect(hash.startsWith('z=')).toBe(true);
    expect(scenarioToJSON(decodeLink('https://x.example/lab/#' + hash)!)).toBe(scenarioToJSON(s));
  });

  it('old s= links still open, and z= wins when both are given', () => {
    const a = parseScenario({ seed: 5, timeline: [{ t: 5, action: 'rack-power-off', args: { rack: 3 } }] });
    const b = parseScenario({ seed: 6 });
    expect(decodeLink('#s=' + toBase64Url(scenarioToJSON(a)))).toEqual(a);
    expect(decodeLink(`#s=${toBase64Url(scenarioToJSON(a))}&${encodeHash(b)}`)?.seed).toBe(6);
  });

  it('every preset round-trips through its link', () => {
    for (const p of PRESETS) expect(scenarioToJSON(decodeLink('#' + encodeHash(p.scenario))!), p.name).toBe(scenarioToJSON(p.scenario));
  });

  it('a run too long for a link says so: LinkTooLongError (a ScenarioError), or tryEncodeHash’s reason', () => {
    // 10,000 `set` entries with values that do not compress, and a page key that cannot either
    const s = parseScenario({
      timeline: Array.from({ length: MAX_TIMELINE }, (_, i) => ({
        t: i,
        action: 'set',
        args: { path: 'workload.nodeGbps', value: ((i * 2654435761) % 1e9) / 3e6 },
      })),
    });
    const extra = { note: 'x'.repeat(60_000).replace(/x/g, (_, i: number) => String.fromCharCode(65 + ((i * 7919) % 26))) };
    expect(() => encodeHash(s, extra)).toThrow(LinkTooLongError);
    expect(() => encodeHash(s, extra)).toThrow(
      /share link: this run is too long for a link \(\d+ characters, at most 196000\); export the scenario as JSON instead/,
    );
    const r = tryEncodeHash(s, extra);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/too long for a link/);
    const fine = tryEncodeHash(s);
    expect(fine.ok).toBe(true);
    if (fine.ok) expect(decodeLink('#' + fine.hash)?.timeline.length).toBe(MAX_TIMELINE);
  });

  it('damaged compressed data fails with a ScenarioError naming the link', () => {
    const hash = encodeHash(PRESETS.find((p) => p.name === 'repair-loop')!.scenario);
    const z = hash.slice(2);
    expect(() => decodeLink('#z=' + z.slice(0, (z.length >> 3) * 4))).toThrow(/share link: the compressed scenario \(z=…\) is (incomplete|damaged)/);
    expect(() => decodeLink('#z=')).toThrow('share link: the scenario (z=…) is empty');
    expect(() => decodeLink('#z=%%%')).toThrow(/not valid base64url/);
    expect(() => decodeLink('#z=' + toBase64Url('{"v":1}'))).toThrow(ScenarioError);
  });
});
