/**
 * The command line as a hostile user types it (issue 13): ~100 cases of unknown flags,
 * built-in names, bad numbers, huge values, missing values, bad files and links. Each
 * exits with status 2 and one line on stderr naming what was wrong — never a stack
 * trace, nothing on stdout. Run in-process through the CLI's own `main` (a process
 * start costs seconds here); a few through `npm run sim` itself.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { main } from '../../worker/cli';
import { parseCli } from '../../worker/cliArgs';
import { bytesToBase64Url, toBase64Url } from '../../worker/scenario/codec';
import { MAX_SCENARIO_BYTES } from '../../worker/scenario/json';
import { MAX_SIM_MS } from '../../worker/scenario/schema';

/** Runs the CLI in-process: exit status and what it wrote. */
function run(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'ftl-hostile-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
mkdirSync(join(dir, 'folder.json'));
const big = (n: number, c = 'x') => c.repeat(n);
const deepJson = '['.repeat(50_000) + ']'.repeat(50_000);

/** [argv, what the one line must say] */
const CASES: [string[], RegExp][] = [
  // unknown flags and stray words
  [['--frobnicate'], /^sim: unknown option "--frobnicate" \(options: --scenario/],
  [['-x'], /unknown option "-x"/],
  [['--JSON'], /unknown option "--JSON"/],
  [['--help'], /unknown option "--help"/],
  [['--'], /unknown option "--"/],
  [['---'], /unknown option "---"/],
  [['json'], /unknown option "json"/],
  [[''], /unknown option ""/],
  [['--json=yes'], /--json takes no value \(got "--json=yes"\)/],
  [['--list=1'], /--list takes no value/],
  [['--until=1h', 'extra'], /unknown option "extra"/],
  [[big(100_000, '-')], /unknown option "-{50,}…/],
  // built-in names
  [['--toString'], /unknown option "--toString"/],
  [['--constructor'], /unknown option "--constructor"/],
  [['--__proto__'], /unknown option "--__proto__"/],
  [['--hasOwnProperty'], /unknown option "--hasOwnProperty"/],
  [['--scenario', 'constructor'], /--scenario: unknown preset "constructor"/],
  [['--scenario', 'toString'], /unknown preset "toString"/],
  [['--scenario', '__proto__'], /unknown preset "__proto__"/],
  [['--scenario', 'hasOwnProperty'], /unknown preset "hasOwnProperty"/],
  [['--scenario', 'valueOf'], /unknown preset "valueOf"/],
  [['--set', 'constructor=1'], /--set: unknown parameter "constructor"/],
  [['--set', '__proto__=1'], /--set: unknown parameter "__proto__"/],
  [['--set', 'toString=x'], /--set: unknown parameter "toString"/],
  [['--set', 'hasOwnProperty=true'], /--set: unknown parameter "hasOwnProperty"/],
  [['--set', 'cluster.constructor=1'], /--set: unknown parameter "cluster.constructor"/],
  [['--at', '5m', 'constructor'], /--at 5m constructor: unknown action "constructor"/],
  [['--at', '5m', '__proto__'], /unknown action "__proto__"/],
  [['--at', '5m', 'toString'], /unknown action "toString"/],
  [['--at', '5m', 'valueOf:x=1'], /unknown action "valueOf"/],
  [['--at', '5m', 'node-crash:constructor=1'], /node-crash: unknown argument "constructor" \(takes node\)/],
  [['--at', '5m', 'node-crash:__proto__=1'], /node-crash: unknown argument "__proto__"/],
  [['--at', '5m', 'node-crash:toString=1'], /node-crash: unknown argument "toString"/],
  [['--at', '5m', 'dc-power-off:hasOwnProperty=1'], /dc-power-off: unknown argument "hasOwnProperty" \(takes none\)/],
  [['--at', '5m', 'set:path=constructor,value=1'], /unknown parameter "constructor"/],
  [['--at', '5m', 'set:path=__proto__,value=1'], /unknown parameter "__proto__"/],
  // bad numbers
  [['--seed', '-1'], /--seed: "-1" is not a whole number from 0 to 4294967295/],
  [['--seed', '1.5'], /--seed: "1.5"/],
  [['--seed', '0x10'], /--seed: "0x10"/],
  [['--seed', ' 12'], /--seed: " 12"/],
  [['--seed', '4294967296'], /--seed: "4294967296"/],
  [['--seed', '1e3'], /--seed: "1e3"/],
  [['--seed', ''], /--seed: ""/],
  [['--seed', 'NaN'], /--seed: "NaN"/],
  [['--until', '-5s'], /--until: "-5s" is not a duration/],
  [['--until', '0x10'], /--until: "0x10" is not a duration/],
  [['--until', '1e3'], /--until: "1e3" is not a duration/],
  [['--until', ''], /--until: "" is not a duration/],
  [['--until', ' 1h'], /--until: " 1h" is not a duration/],
  [['--until', '1h30m'], /--until: "1h30m" is not a duration/],
  [['--until', '10y'], /--until: "10y" is not a duration/],
  [['--until', 'Infinity'], /--until: "Infinity" is not a duration/],
  [['--until', '1.2.3s'], /--until: "1.2.3s" is not a duration/],
  [['--set', 'cluster.nodes=0x10'], /--set: cluster.nodes: expected a number, got "0x10"/],
  [['--set', 'cluster.nodes= 12 '], /--set: cluster.nodes: expected a number, got " 12 "/],
  [['--set', 'cluster.nodes='], /--set: cluster.nodes: expected a number, got ""/],
  [['--set', 'cluster.nodes=1e400'], /--set: cluster.nodes: expected a number, got Infinity/],
  [['--set', 'cluster.nodes=NaN'], /--set: cluster.nodes: expected a number, got "NaN"/],
  [['--set', 'cluster.nodes=[1]'], /--set: cluster.nodes: expected a number, got "\[1\]"/],
  [['--set', 'cluster.nodes={}'], /--set: cluster.nodes: expected a number, got "\{\}"/],
  [['--set', 'cluster.nodes=true'], /--set: cluster.nodes: expected a number, got "true"/],
  [['--set', 'cluster.nodes=1_000'], /--set: cluster.nodes: expected a number, got "1_000"/],
  [['--set', 'cluster.nodes=0'], /--set: cluster.nodes: 0 is out of range \[1, 20000\]/],
  [['--set', 'cluster.nodes=12.5'], /--set: cluster.nodes: expected a whole number, got 12.5/],
  [['--set', 'workload.enabled=yes'], /--set: workload.enabled: expected true or false, got "yes"/],
  [['--set', 'storage.placement=Random'], /--set: storage.placement: expected one of rack-aware, random, copyset, got "Random"/],
  [['--at', '5m', 'rack-power-off:rack=0x10'], /rack-power-off: rack="0x10" is not a rack id \(0 to 124\)/],
  [['--at', '5m', 'rack-power-off:rack=-1'], /rack=-1 is not a rack id/],
  [['--at', '5m', 'rack-power-off:rack=1e400'], /rack=Infinity is not a rack id/],
  [['--at', '5m', 'rack-power-off:rack=abc'], /rack="abc" is not a rack id/],
  [['--at', '5m', 'rack-power-off:rack=1.5'], /rack=1.5 is not a rack id/],
  [['--at', '5m', 'slow-random-disks:fraction=2'], /fraction=2 must be a fraction from 0 to 1/],
  [['--at', '5m', 'slow-random-disks:fraction=NaN'], /fraction="NaN" must be a fraction/],
  [['--at', '5m', 'node-slow:factor=0'], /factor=0 must be a slow-down factor/],
  [['--at', '5m', 'fail-random-nodes:count=1,fraction=0.1'], /give count or fraction, not both/],
  // huge values
  [['--until', '1001d'], /--until: "1001d" is longer than 1000 days \(86400000000 ms\)/],
  [['--until', '99999999999999999999d'], /--until: "9{20}d" is longer than 1000 days/],
  [['--until', String(MAX_SIM_MS + 1)], /is longer than 1000 days/],
  [['--at', '1001d', 'dc-power-off'], /--at: "1001d" is longer than 1000 days/],
  [['--set', 'cluster.nodes=1e9'], /cluster.nodes: 1000000000 is out of range/],
  [['--seed', '99999999999999999999'], /--seed: "9{20}"/],
  [['--set', 'x=' + big(100_000)], /--set: unknown parameter "x"/],
  [['--set', big(100_000) + '=1'], /--set: unknown parameter "x{50,}…/],
  [['--scenario', big(100_000)], /--scenario: unknown preset "x{50,}…/],
  [['--at', '5m', big(100_000)], /unknown action "x{50,}…/],
  [['--at', '5m', 'node-crash:node=' + big(100_000, '9')], /node=Infinity is not a node id/],
  [['--set', 'storage.placement=' + big(100_000)], /got "x{50,}…/],
  // missing values
  [['--scenario'], /--scenario: missing value/],
  [['--set'], /--set: missing value/],
  [['--seed'], /--seed: missing value/],
  [['--until'], /--until: missing value/],
  [['--at'], /--at: missing value/],
  [['--at', '5m'], /--at: missing value/],
  [['--at=5m'], /--at: missing value/],
  [['--set', 'cluster.nodes'], /--set: "cluster.nodes" is not PATH=VALUE/],
  [['--set', '=5'], /--set: "=5" is not PATH=VALUE/],
  [['--at', '5m', 'node-crash:node'], /--at: "node" in "node-crash:node" is not key=value/],
  [['--at', '5m', 'node-crash:node='], /is not key=value/],
  [['--at', '5m', 'node-crash:=1'], /is not key=value/],
  [['--at', '5m', 'node-crash:node=1,node=2'], /--at: "node" is given twice/],
  [['--at', '5m', 'set:path=workload.nodeGbps'], /set: missing argument "value"/],
  // settings no run can satisfy
  [['--set', 'cluster.nodes=40'], /storage.placement=rack-aware .* makes 1 rack/],
  [['--set', 'cluster.nodes=2', '--set', 'storage.placement=random'], /need 3 different servers, but cluster.nodes=2/],
  [['--set', 'writes.writerRack=200'], /writes.writerRack=200 is not a rack/],
  [
    ['--set', 'cluster.nodes=80', '--set', 'storage.placement=random', '--at', '1m', 'set:path=storage.placement,value=rack-aware'],
    /set: storage.placement=rack-aware is refused: .* makes 2 racks/,
  ],
  // bad files
  [['--scenario', join(dir, 'nope.json')], /--scenario: cannot read .*nope.json: ENOENT/],
  [['--scenario', join(dir, 'folder.json')], /--scenario: cannot read .*folder.json: not a file/],
  [['--scenario', file('empty.json', '')], /empty.json is not valid JSON/],
  [['--scenario', file('cut.json', '{"seed": 1,')], /cut.json is not valid JSON/],
  [['--scenario', file('null.json', 'null')], /scenario: expected a JSON object/],
  [['--scenario', file('list.json', '[]')], /scenario: expected a JSON object/],
  [['--scenario', file('text.json', '"x"')], /scenario: expected a JSON object/],
  [['--scenario', file('seedtext.json', '{"seed":"1"}')], /scenario.seed: expected a whole number from 0 to 4294967295, got "1"/],
  [['--scenario', file('proto.json', '{"__proto__": {"seed": 5}}')], /scenario: unknown field "__proto__"/],
  [['--scenario', file('deep.json', deepJson)], /deep.json is JSON nested more than 32 deep/],
  [['--scenario', file('huge.json', ' '.repeat(MAX_SCENARIO_BYTES + 1) + '{}')], /huge.json: \d+ bytes, a scenario file is at most 4000000/],
  [['--scenario', file('binary.json', new Uint8Array([0, 255, 254, 1, 2, 3]))], /binary.json is not valid JSON/],
  [['--scenario', file('bom.json', '\uFEFF{}')], /bom.json is not valid JSON/],
  [
    ['--scenario', file('late.json', '{"timeline":[{"t":1e13,"action":"dc-power-off"}]}')],
    /timeline\[0\].t: expected a whole number of ms from 0 to 86400000000/,
  ],
  [['--scenario', file('nodes.json', '{"params":{"cluster.nodes":"5000"}}')], /cluster.nodes: expected a number, got "5000"/],
  // bad links
  [['--scenario', '#s=%%%'], /share link: the scenario is not valid base64url/],
  [['--scenario', '#z=abcd'], /share link: the compressed scenario \(z=…\) is (damaged|incomplete)/],
  [['--scenario', '#z='], /share link: the scenario \(z=…\) is empty/],
  [['--scenario', '#preset=nope'], /link: no scenario named "nope"/],
  [['--scenario', '#preset=constructor'], /link: no scenario named "constructor"/],
  [['--scenario', 'http://x/#t=5'], /--scenario: the link "http:\/\/x\/#t=5" carries no scenario/],
  [['--scenario', '#s=' + toBase64Url('{"params":{"x":' + '['.repeat(1000) + ']'.repeat(1000) + '}}')], /nested more than 32 deep/],
  [['--scenario', '#z=' + bytesToBase64Url(deflateSync(new Uint8Array(20_000_000).fill(32)))], /unpacks to more than 4000000 bytes/],
  [['--scenario', '#s=' + big(300_000, 'A')], /share link: 300003 characters, at most 200000/],
];

describe('the CLI refuses hostile input with one line and status 2', () => {
  it(`has ~90 cases (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(90));

  for (const [argv, msg] of CASES) {
    const label = argv.map((a) => (a.length > 40 ? a.slice(0, 37) + '…' : a)).join(' ');
    it(label || '(empty argument)', () => {
      const r = run(argv);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n').length).toBe(1);
      expect(r.stderr).toMatch(/^sim: /);
      expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack frame
      expect(r.stderr.length).toBeLessThan(1000);
      expect(r.stderr).toMatch(msg);
    });
  }

  it('valid uses of the same features still parse', () => {
    const o = parseCli([
      '--at=5m',
      'node-crash:node=3',
      '--until=90s',
      '--seed=0',
      '--set=workload.nodeGbps=0.5',
      '--set',
      'storage.placement="random"',
    ]);
    expect(o.scenario.timeline).toEqual([{ t: 300_000, action: 'node-crash', args: { node: 3 } }]);
    expect(o.untilMs).toBe(90_000);
    expect(o.scenario.seed).toBe(0);
    expect(o.scenario.params).toMatchObject({ 'workload.nodeGbps': 0.5, 'storage.placement': 'random' });
    expect(parseCli(['--until', '1000d']).untilMs).toBe(MAX_SIM_MS);
  });
});

describe('npm run sim, as documented', () => {
  const npm = (...args: string[]) => spawnSync('npm', ['run', 'sim', '--', ...args], { encoding: 'utf8', cwd: process.cwd() });

  it('`npm run sim -- --json` prints clean JSON on stdout (no npm banner)', () => {
    const r = npm('--json', '--until', '1m');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.simulatedMs).toBe(60_000);
    expect(s.shareUrl).toMatch(/#z=/);
  });

  it('bad input through npm: status 2, one line on stderr, nothing on stdout', () => {
    const r = npm('--at', '5m', 'constructor');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^sim: --at 5m constructor: unknown action "constructor"/)]);
  });
});
