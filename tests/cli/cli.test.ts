import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli, parseDuration, parseActionText, UsageError } from '../../worker/cliArgs';
import { decodeLink } from '../../worker/scenario/codec';
import { Engine } from '../../worker/engine/engine';

const sim = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'worker/cli.ts', ...args], { encoding: 'utf8', cwd: process.cwd() });

describe('cli arguments', () => {
  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('6h')).toBe(21_600_000);
    expect(parseDuration('100d')).toBe(8_640_000_000);
    expect(parseDuration('1500')).toBe(1500);
    expect(parseDuration('250ms')).toBe(250);
    expect(() => parseDuration('soon')).toThrow(UsageError);
    expect(() => parseDuration('-5s')).toThrow(/not a duration/);
  });

  it('parses actions with arguments', () => {
    expect(parseActionText('dc-power-off')).toEqual({ action: 'dc-power-off', args: {} });
    expect(parseActionText('node-slow:node=3,factor=10')).toEqual({ action: 'node-slow', args: { node: 3, factor: 10 } });
    expect(() => parseActionText('node-slow:node')).toThrow(/not key=value/);
  });

  it('builds a scenario from a preset, --set, --seed and --at', () => {
    const o = parseCli([
      '--scenario',
      'rack-drill',
      '--set',
      'workload.enabled=false',
      '--seed',
      '7',
      '--at',
      '5m',
      'tor-down:rack=3',
      '--until',
      '2h',
      '--json',
    ]);
    expect(o.scenario.seed).toBe(7);
    expect(o.scenario.params['workload.enabled']).toBe(false);
    expect(o.scenario.timeline.map((e) => [e.t, e.action])).toEqual([
      [300_000, 'tor-down'],
      [600_000, 'rack-power-off'],
      [2_400_000, 'rack-power-on'],
    ]);
    expect(o.untilMs).toBe(7_200_000);
    expect(o.json).toBe(true);
  });

  it('names what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [['--scenario', 'nope'], /unknown preset "nope" \(known: default/],
      [['--set', 'cluster.nodes=0'], /cluster.nodes: 0 is out of range/],
      [['--set', 'nodes=5'], /unknown parameter "nodes"/],
      [['--at', '5m', 'explode'], /unknown action "explode"/],
      [['--at', '5m', 'rack-power-off:rack=999'], /rack=999 is not a rack id \(0 to 124\)/],
      [['--until', 'forever'], /--until: "forever" is not a duration/],
      [['--seed', 'x'], /--seed: "x"/],
      [['--frobnicate'], /unknown option "--frobnicate"/],
      [['--scenario', '/nonexistent.json'], /cannot read \/nonexistent.json: ENOENT/],
      [['--scenario', '#s=%%%'], /not valid base64url/],
      [['--at', '5m'], /--at: missing value/],
    ];
    for (const [argv, msg] of cases) expect(() => parseCli(argv), argv.join(' ')).toThrow(msg);
  });
});

describe('npm run sim', () => {
  it('--json prints exactly one summary object whose share URL replays the same hash', () => {
    const r = sim('--json', '--until', '10m', '--at', '2m', 'rack-power-off:rack=5', '--set', 'cluster.nodes=800');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const s = JSON.parse(lines[0]);
    for (const k of ['schemaVersion', 'scenario', 'seed', 'simulatedMs', 'wallMs', 'events', 'stateHash', 'shareUrl', 'cluster'])
      expect(s).toHaveProperty(k);
    expect(s.cluster).toMatchObject({ nodes: 800, racks: 20, disks: 9600 });
    expect(s.simulatedMs).toBe(600_000);
    expect(s.detection.nodesDeclaredDead).toBe(40);
    expect(typeof s.faults.nodeFailures).toBe('number');
    const e = new Engine(decodeLink(s.shareUrl)!);
    e.runUntil(600_000);
    expect(e.hash()).toBe(s.stateHash);
  });

  it('a scenario file and its share URL give the same run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftl-'));
    const file = join(dir, 's.json');
    // (masters powered elsewhere, so the master stays up to declare the room dead; issue 4 puts them in the room by default)
    writeFileSync(
      file,
      JSON.stringify({ seed: 3, params: { 'cluster.nodes': 200, 'master.sharesRoomPower': false }, timeline: [{ t: 1000, action: 'dc-power-off' }] }),
    );
    const a = JSON.parse(sim('--scenario', file, '--until', '3m', '--json').stdout);
    const b = JSON.parse(sim('--scenario', a.shareUrl, '--until', '3m', '--json').stdout);
    expect(b.stateHash).toBe(a.stateHash);
    expect(a.detection.nodesDeclaredDead).toBe(200);
  });

  it('bad input exits 2 with one line on stderr and nothing on stdout', () => {
    const r = sim('--set', 'storage.nonsense=1');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.stderr).toMatch(/^sim: --set: unknown parameter "storage.nonsense"/);
    const bad = join(mkdtempSync(join(tmpdir(), 'ftl-')), 'bad.json');
    writeFileSync(bad, '{"seed": 1,');
    const r2 = sim('--scenario', bad);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/is not valid JSON/);
  });

  it('--list names every preset', () => {
    const r = sim('--list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^default\s+/m);
    expect(r.stdout).toMatch(/^network-maintenance\s+/m);
  });
});
