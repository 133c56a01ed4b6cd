// The repair-loop view's pure helpers: disks per Huatuo state from a frame (checked
// against the engine's own arrays during a real run), tickets / replacements as step
// lines rebuilt from the audit log (ending on the run's counters), and log phrases in
// both languages for every master / recovery / Huatuo / detector code the engine emits.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopCounts, shortSpan, stepSeries, timeTicks, TICKET_CODES, BATCH_CODE } from '../../src/views/repair/model';
import { REPAIR_PHRASE_CODES } from '../../src/views/repair/strings';
import '../../src/views/storm/strings';
import '../../src/views/ops/strings';
import '../../src/views/storage/strings';
import { phraseLog } from '../../src/lib/i18n';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario } from '../../worker/scenario/schema';
import { searchLog } from '../../worker/engine/ops/views';
import { D_FAILED, D_OFFLINE, GONE } from '../../worker/contract';
import { H_OK } from '../../worker/engine/recovery/huatuo';

const MIN = 60_000,
  HOUR = 60 * MIN;
const zero = { repairing: 0, ticketed: 0, newDisks: 0, systemDiskTickets: 0, reinstalling: 0 };

describe('loopCounts', () => {
  it('puts bad disks not yet in Huatuo’s hands in “found bad”, skips gone servers, counts suspects apart', () => {
    // 3 servers × 2 disks; server 2 is gone for good
    const nodeState = new Uint8Array([0, 0, GONE]);
    const diskState = new Uint8Array([0, D_FAILED, D_OFFLINE, 1 /* suspect */, D_FAILED, D_FAILED]);
    const c = loopCounts({ diskState, nodeState, disksPerNode: 2, huatuo: { ...zero, repairing: 1 } });
    expect(c.disks).toBe(4);
    expect(c.detected).toBe(1); // two bad, one of them being repaired
    expect(c.repairing).toBe(1);
    expect(c.suspect).toBe(1);
    expect(c.inService).toBe(2);
    expect(c.inService + c.detected + c.repairing + c.ticketed + c.newDisks).toBe(c.disks);
  });

  it('never goes negative when Huatuo holds more disks than the master calls bad', () => {
    const c = loopCounts({ diskState: new Uint8Array(4), nodeState: new Uint8Array(2), disksPerNode: 2, huatuo: { ...zero, newDisks: 2 } });
    expect(c.detected).toBe(0);
    expect(c.inService).toBe(2);
  });

  it('agrees with the engine’s arrays through a run with failed and slow disks and staff visits', () => {
    const e = new Engine({
      ...defaultScenario(),
      params: {
        'cluster.nodes': 400,
        'storage.chunks': 20_000,
        'faults.nodeMtbfHours': 1e9,
        'faults.diskFailureMultiplier': 0,
        'faults.powerCycleFailure': 0,
        'huatuo.repairSuccess': 0.3,
        'huatuo.batchIntervalHours': 1,
        'huatuo.pollMs': 60_000,
        'huatuo.repairMinutes': 10,
      },
    });
    e.runUntil(MIN);
    for (let k = 0; k < 30; k++) e.perturb('disk-fail', { disk: k * 97 + 5 });
    e.perturb('slow-random-disks', { fraction: 0.005, factor: 20 });
    e.perturb('system-disk-fail', { node: 7 });
    e.perturb('fail-random-nodes', { count: 3 });
    let sawEveryState = { detected: false, repairing: false, ticketed: false, newDisks: false };
    for (let t = 90_000; t <= 3 * HOUR; t += 7 * MIN) {
      e.runUntil(t);
      const f = e.frame();
      const c = loopCounts({ diskState: f.storage.diskState, nodeState: f.nodeState, disksPerNode: f.disksPerNode, huatuo: f.recovery.huatuo });
      // rebuilt from the engine: bad in the master's view, Huatuo not holding it, server not gone
      let waiting = 0;
      for (let d = 0; d < e.topo.disks; d++) {
        const node = Math.floor(d / e.topo.disksPerNode);
        const b = e.pangu.diskBelief[d];
        if (e.servers.truth[node] !== GONE && (b === D_FAILED || b === D_OFFLINE) && e.recovery.huatuo.disk[d] === H_OK) waiting++;
      }
      expect(c.detected).toBe(waiting);
      expect(c.repairing).toBe(e.recovery.huatuo.counts.repairing);
      expect(c.ticketed).toBe(e.recovery.huatuo.counts.ticketed);
      expect(c.inService + c.detected + c.repairing + c.ticketed + c.newDisks).toBe(c.disks);
      sawEveryState = {
        detected: sawEveryState.detected || c.detected > 0,
        repairing: sawEveryState.repairing || c.repairing > 0,
        ticketed: sawEveryState.ticketed || c.ticketed > 0,
        newDisks: sawEveryState.newDisks || c.newDisks > 0 || (e.sim.counters.disksReplaced ?? 0) > 0,
      };
    }
    expect(sawEveryState).toEqual({ detected: true, repairing: true, ticketed: true, newDisks: true });

    // the step lines from the audit log end on the counters and never fall
    const log = searchLog(e, { type: [...TICKET_CODES, BATCH_CODE], from: 0, limit: 1000, buckets: 1 });
    const s = stepSeries(
      log.entries.map((x) => ({ t: x.t, type: x.type, v: x.v })),
      e.now,
      { tickets: e.sim.counters.repairTickets ?? 0, replaced: e.sim.counters.disksReplaced ?? 0 },
    );
    expect(s.tickets[0]).toBe(0);
    expect(s.replaced[0]).toBe(0);
    expect(s.tickets.at(-1)).toBe(e.sim.counters.repairTickets);
    expect(s.replaced.at(-1)).toBe(e.sim.counters.disksReplaced);
    expect(s.replaced.at(-1)).toBeGreaterThan(0);
    for (let i = 1; i < s.t.length; i++) {
      expect(s.t[i]).toBeGreaterThanOrEqual(s.t[i - 1]);
      expect(s.tickets[i]).toBeGreaterThanOrEqual(s.tickets[i - 1]);
      expect(s.replaced[i]).toBeGreaterThanOrEqual(s.replaced[i - 1]);
    }
  });
});

describe('stepSeries', () => {
  it('steps at each event and starts from what rolled off the log', () => {
    const rows = [
      { t: 5000, type: BATCH_CODE, v: 2 },
      { t: 1000, type: 'huatuo.ticket', v: 0 },
      { t: 2000, type: 'huatuo.systemDiskTicket', v: 0 },
      { t: 9000, type: 'other', v: 9 },
    ];
    const s = stepSeries(rows, 8000, { tickets: 5, replaced: 4 });
    expect(s.t).toEqual([0, 1000, 1000, 2000, 2000, 5000, 5000, 8000]);
    expect(s.tickets).toEqual([3, 3, 4, 4, 5, 5, 5, 5]);
    expect(s.replaced).toEqual([2, 2, 2, 2, 2, 2, 4, 4]);
  });
  it('spans read in the chosen language', () => {
    expect(shortSpan(30 * MIN, 'en')).toBe('30 min');
    expect(shortSpan(5 * HOUR, 'zh')).toBe('5 小时');
    expect(shortSpan(72 * HOUR, 'en')).toBe('3 d');
  });
});

describe('log phrases for issue 4’s codes', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
    });
  }
  const emitted = new Set<string>();
  for (const src of sources('worker/engine'))
    for (const m of src.matchAll(/code: '((?:master|recovery|huatuo|detector)\.[A-Za-z]+|node\.systemDiskFailed)'/g)) emitted.add(m[1]);

  it('finds the codes in the engine', () => {
    for (const c of ['huatuo.ticket', 'huatuo.batchReplaced', 'master.failed', 'node.systemDiskFailed', 'detector.corrupted'])
      expect(emitted).toContain(c);
  });
  it('phrases every one in English and Chinese, never as the raw code', () => {
    for (const code of emitted)
      for (const lang of ['en', 'zh'] as const) {
        const s = phraseLog(lang, { seq: 1, t: 0, code, node: 3, rack: 0, disk: 40, v: 2 });
        expect(s.startsWith(code), `${lang} ${code}`).toBe(false);
        if (lang === 'zh') expect(/[\u4e00-\u9fff]/.test(s), `zh ${code}: ${s}`).toBe(true);
      }
    expect(REPAIR_PHRASE_CODES.length).toBeGreaterThan(10);
  });
});

describe('the fault catalogue’s undo', () => {
  it('gives each reversible fault its opposite on the same target, and none where nothing can undo it', async () => {
    const { undoOf, actionName } = await import('../../src/views/shared/faults');
    expect(undoOf({ action: 'node-crash', args: { node: 4 } })).toEqual({ action: 'node-restart', args: { node: 4 } });
    expect(undoOf({ action: 'node-slow', args: { node: 4, factor: 10 } })).toEqual({ action: 'node-restart', args: { node: 4 } });
    expect(undoOf({ action: 'network-flaky', args: { rack: 2, loss: 0.3 } })).toEqual({ action: 'network-stable', args: { rack: 2 } });
    expect(undoOf({ action: 'power-domain-off', args: { domain: 1 } })).toEqual({ action: 'power-domain-on', args: { domain: 1 } });
    expect(undoOf({ action: 'disk-slow', args: { disk: 9, factor: 10 } })).toEqual({ action: 'disk-slow', args: { disk: 9, factor: 1 } });
    expect(undoOf({ action: 'detector-corruption', args: { node: 3 } })).toEqual({ action: 'detector-clear', args: {} });
    expect(undoOf({ action: 'slow-random-disks', args: { fraction: 0.01, factor: 10 } })).toEqual({ action: 'heal-slow-disks', args: {} });
    for (const a of ['disk-fail', 'fail-random-nodes', 'master-fail', 'system-disk-fail']) expect(undoOf({ action: a, args: {} })).toBeNull();
    expect(actionName('zh', 'tor-down')).toBe('机架交换机故障');
    const { isUndone } = await import('../../src/views/shared/faults');
    const rows: { action: string; args: Record<string, number> }[] = [
      { action: 'disk-slow', args: { disk: 9, factor: 1 } },
      { action: 'tor-up', args: { rack: 3 } },
      { action: 'tor-down', args: { rack: 2 } },
      { action: 'tor-down', args: { rack: 3 } },
      { action: 'disk-slow', args: { disk: 9, factor: 10 } },
    ];
    expect(rows.map((_, i) => isUndone(rows, i))).toEqual([false, false, false, true, true]);
  });

  it('heal-slow-nodes and heal-slow-disks bring every slow server and disk back to full speed', () => {
    const e = new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 400, 'storage.chunks': 20_000 } });
    e.runUntil(MIN);
    e.perturb('slow-random-nodes', { fraction: 0.05, factor: 10 });
    e.perturb('slow-random-disks', { fraction: 0.02, factor: 10 });
    expect(e.servers.slow.filter((x) => x > 1).length).toBe(20);
    expect(e.pangu.diskSlow.filter((x) => x > 1).length).toBeGreaterThan(50);
    e.runUntil(2 * MIN);
    e.perturb('heal-slow-nodes');
    e.perturb('heal-slow-disks');
    expect(e.servers.slow.filter((x) => x > 1).length).toBe(0);
    expect(e.pangu.diskSlow.filter((x) => x > 1).length).toBe(0);
    expect(e.sim.log.counts.get('nodes.healed')).toBe(1);
    e.runUntil(5 * MIN); // and the run goes on
  });
});

describe('the repair chart’s time axis', () => {
  it('ticks whole minutes, hours or days, at most four, so no two labels read alike (2 min read "1 min, 1 min, 1 min, 2 min")', () => {
    for (const max of [60_000, 120_000, 7 * 60_000, 3_600_000, 5 * 3_600_000, 86_400_000, 9 * 86_400_000, 400 * 86_400_000]) {
      const ticks = timeTicks(max, 4);
      expect(ticks.length, String(max)).toBeGreaterThan(0);
      expect(ticks.length, String(max)).toBeLessThanOrEqual(4);
      expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(max);
      for (const lang of ['en', 'zh'] as const) expect(new Set(ticks.map((v) => shortSpan(v, lang))).size).toBe(ticks.length);
    }
    expect(timeTicks(120_000, 4).map((v) => shortSpan(v, 'en'))).toEqual(['1 min', '2 min']);
  });
});
