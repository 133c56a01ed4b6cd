import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { searchLog } from '../../../worker/engine/ops/views';

const MIN = 60_000;
const quiet = {
  'cluster.nodes': 400,
  'storage.chunks': 20_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'faults.powerCycleFailure': 0,
  'scheduler.enabled': false,
};
const engine = (params: Record<string, number | string | boolean> = {}) => new Engine({ ...defaultScenario(), params: { ...quiet, ...params } });
const OPS = ['master.create', 'master.open', 'master.delete', 'master.lookup'];

describe('the audit log (O2)', () => {
  it('counts every master operation exactly: what users sent, by type', () => {
    const e = engine({ 'master.clientQps': 8000 });
    e.runUntil(10 * MIN);
    const a = e.ops.audit;
    const p = e.sim.params;
    // whole operations only: per user and type the count trails the ideal by less than one
    const seconds = (Math.floor(e.now / p['engine.tickMs']) + 1) * (p['engine.tickMs'] / 1000); // ticks so far, the one at 0 included
    const ideal = [
      p['master.createShare'],
      p['master.openShare'],
      p['master.deleteShare'],
      1 - p['master.createShare'] - p['master.openShare'] - p['master.deleteShare'],
    ].map((s) => p['master.clientQps'] * s * seconds);
    OPS.forEach((t, k) => {
      const n = a.total(t);
      expect(n).toBeLessThanOrEqual(ideal[k] + 1e-6);
      expect(n).toBeGreaterThan(ideal[k] - p['master.users'] - 1);
      expect(a.total(t, 'ok')).toBe(n); // nothing rejected in a quiet cluster
    });
    // the search over the whole run agrees with the totals, and QPS matches the rate
    const q = e.ops.audit.query({ type: OPS, from: 0, buckets: 10 });
    expect(q.exact).toBe(true);
    OPS.forEach((t) => expect(q.counts[t]).toBe(a.total(t)));
    expect(q.total).toBe(OPS.reduce((s, t) => s + a.total(t), 0));
    const mid = q.qps.perType['master.open'].slice(2, 8);
    for (const x of mid) expect(x).toBeCloseTo(8000 * p['master.openShare'], -1);
  });

  it('keeps every engine event: counts match the event log even after old entries roll off', () => {
    const e = engine({ 'ops.logEventEntries': 1000, 'faults.nodeMtbfHours': 2, 'faults.nodeRepairHours': 0.1 }); // ~200 failures an hour
    e.runUntil(3 * 60 * MIN);
    const a = e.ops.audit;
    expect(a.eventRing.seq).toBeGreaterThan(1000); // the ring wrapped
    let events = 0;
    for (const [code, n] of e.sim.log.counts) {
      expect(a.total(code, 'event')).toBe(n);
      events += n;
    }
    expect(a.eventRing.seq).toBe(events);
    // the daily counts hold the same
    const day = a.dayCounts(0)!;
    for (const [code, n] of e.sim.log.counts) expect(day[code]).toBe(n);
  });

  it('buckets roll off with their counts kept in the whole-run and daily totals', () => {
    const e = engine({ 'ops.logBuckets': 60, 'ops.logBucketMs': 10_000 }); // 10 minutes of buckets
    e.runUntil(30 * MIN);
    const a = e.ops.audit;
    const q = a.query({ type: 'master.open' });
    expect(q.retainedFrom).toBeGreaterThanOrEqual(20 * MIN - 10_000);
    expect(q.counts['master.open']).toBeLessThan(a.total('master.open') / 2); // only the last 10 minutes
    expect(a.dayCounts(0)!['master.open']).toBe(a.total('master.open'));
  });

  it('searches by server, disk, file id, result and time; counts crash-type events per server per day', () => {
    const e = engine({ 'master.protection': true, 'ops.logSampleRate': 0.01 });
    e.runUntil(2 * MIN);
    e.perturb('node-crash', { node: 77 });
    e.runUntil(3 * MIN);
    e.perturb('node-restart', { node: 77 });
    e.runUntil(8 * MIN);
    e.perturb('node-crash', { node: 77 });
    e.perturb('node-crash', { node: 5 });
    e.runUntil(9 * MIN);
    const byNode = searchLog(e, { node: 77, type: ['node.crash', 'node.restart'] });
    expect(byNode.exact).toBe(false);
    expect(byNode.counts).toEqual({ 'node.crash': 2, 'node.restart': 1 });
    expect(byNode.entries.map((x) => x.type)).toEqual(['node.crash', 'node.restart', 'node.crash']); // newest first
    const inTime = searchLog(e, { node: 77, type: 'node.crash', from: 5 * MIN, to: 9 * MIN });
    expect(inTime.counts).toEqual({ 'node.crash': 1 });
    // a sampled create: find it again by its file id and by its disk
    const creates = searchLog(e, { type: 'master.create', result: 'ok', limit: 5 });
    expect(creates.entries.length).toBeGreaterThan(0);
    const c = creates.entries[0];
    const byFile = searchLog(e, { file: c.file });
    expect(byFile.entries.some((x) => x.type === 'master.create' && x.t === c.t && x.file === c.file)).toBe(true);
    const byDisk = searchLog(e, { disk: c.disk, type: 'master.create' });
    expect(byDisk.entries.every((x) => x.disk === c.disk)).toBe(true);
    expect(byDisk.matched).toBeGreaterThan(0);
    const crashes = e.ops.audit.crashesByServer(0);
    expect(crashes[0]).toEqual({ node: 77, rack: e.topo.rackOf[77], count: 2 });
    expect(crashes.find((x) => x.node === 5)!.count).toBe(1);
    expect(() => searchLog(e, { result: 'nope' })).toThrow(RangeError);
    expect(() => searchLog(e, { node: 400 })).toThrow(RangeError);
    expect(() => searchLog(e, { evil: 1 })).toThrow(RangeError);
  });

  it('a flood of errors is counted exactly though only some are kept individually', () => {
    const e = engine({ 'master.protection': true });
    e.runUntil(MIN);
    e.perturb('file-flood', { files: 1_000_000, user: 2 });
    e.runUntil(5 * MIN);
    const a = e.ops.audit;
    const rejected = a.total('master.create', 'throttled') + a.total('master.create', 'quota') + a.total('master.create', 'busy');
    expect(rejected).toBeGreaterThan(100_000);
    expect(a.unlogged).toBeGreaterThan(0);
    // rejected ops in the summary are exactly those in the log (timeouts included)
    const all = ['ok', 'quota', 'throttled', 'busy', 'timeout'] as const;
    let notOk = 0;
    for (const t of OPS) for (const r of all) if (r !== 'ok') notOk += a.total(t, r);
    expect(e.sim.counters.masterRejectedOps).toBe(notOk);
    // per-user search of the kept entries finds only that user's
    const u = searchLog(e, { user: 2, result: 'throttled', limit: 50 });
    expect(u.entries.length).toBeGreaterThan(0);
    expect(u.entries.every((x) => x.user === 2)).toBe(true);
  });
});
