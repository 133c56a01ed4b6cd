import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario, type Scenario } from '../../../worker/scenario/schema';
import type { TimelineEntry } from '../../../worker/scenario/actions';
import { MAXT, L_FLUSHING, RING } from '../../../worker/engine/writes/redoLog';
import { D_NORMAL } from '../../../worker/engine/pangu/slowDisk';
import { BINS, binLowerMs, binOf, quantileMs } from '../../../worker/engine/writes/latency';
import { H_DISK, H_MEMORY_LOST } from '../../../worker/engine/writes/flushTimeline';
import { presetByName } from '../../../worker/scenario/presets';
import { afterFlushes } from './moments';
import { SimApi } from '../../../worker/api';

const MIN = 60_000;
/** a small cluster: 400 servers in 10 racks, 2 power feeds */
const SMALL = { 'cluster.nodes': 400, 'storage.chunks': 20_000, 'scheduler.enabled': false };

function scenario(params: Record<string, number | string | boolean>, timeline: TimelineEntry[] = [], seed = 1): Scenario {
  return { ...defaultScenario(), seed, params: { ...SMALL, ...params }, timeline };
}

function run(params: Record<string, number | string | boolean>, timeline: TimelineEntry[] = [], until = 5 * MIN, seed = 1): Engine {
  const e = new Engine(scenario(params, timeline, seed));
  e.runUntil(until);
  return e;
}

/** Writes held by rack r's clients: streams whose writer is on rack r. */
function streamsOnRack(e: Engine, r: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < e.writes.streams; s++) if (e.topo.rackOf[e.writes.load.writer[s]] === r) out.push(s);
  return out;
}

describe('latency histograms', () => {
  it('bins are logarithmic: every value falls in the bin whose edges hold it', () => {
    for (const ms of [0.01, 0.0999, 0.25, 1, 1.3, 7, 19.5, 100, 1234, 9000]) {
      const b = binOf(ms);
      expect(binLowerMs(b)).toBeLessThanOrEqual(ms * (1 + 1e-12));
      expect(binLowerMs(b + 1)).toBeGreaterThan(ms);
    }
    expect(binOf(1e9)).toBe(BINS - 1);
    expect(binOf(0)).toBe(0);
    const h = new Float64Array(BINS);
    h[binOf(1)] = 50;
    h[binOf(100)] = 50;
    expect(quantileMs(h, 0.5)).toBeLessThan(1.2);
    expect(quantileMs(h, 0.99)).toBeGreaterThan(90);
  });
});

describe('client writes', () => {
  it('every tick issues whole writes at the configured rate, counted exactly', () => {
    const e = run({ 'writes.streams': 40, 'writes.ratePerStream': 12.5 }, [], 2 * MIN);
    // 120 s of writes (issued at the ticks 1 s … 120 s) × 12.5 writes × 40 streams, whole writes only
    expect(e.writes.acked).toBe(Math.floor(120 * 12.5) * 40);
    const f = e.frame().writes;
    expect(f.ackedPerSec).toBeGreaterThan(0);
    expect(f.latency.pipeline.length).toBe(BINS);
  });

  it('switched off with writes.enabled (or workload.enabled) = false', () => {
    expect(run({ 'writes.enabled': false }, [], MIN).writes.acked).toBe(0);
    expect(run({ 'workload.enabled': false }, [], MIN).writes.acked).toBe(0);
  });
});

describe('pipeline (P4) vs redo log (P5) vs majority', () => {
  it('pipeline latency is tens of ms with a tail past 100 ms; the redo log answers in about a millisecond; majority is between', () => {
    const pipe = run({ 'writes.mode': 'pipeline' }, [], 10 * MIN).summary(0).writes as Record<string, number>;
    const redo = run({ 'writes.mode': 'redo-log' }, [], 10 * MIN).summary(0).writes as Record<string, number>;
    const maj = run({ 'writes.mode': 'majority' }, [], 10 * MIN).summary(0).writes as Record<string, number>;
    expect(pipe.p50LatencyMs).toBeGreaterThan(10);
    expect(pipe.p50LatencyMs).toBeLessThan(100);
    expect(pipe.p99LatencyMs).toBeGreaterThan(redo.p99LatencyMs * 10);
    expect(pipe.p50LatencyMs).toBeGreaterThan(redo.p50LatencyMs * 5);
    expect(redo.p50LatencyMs).toBeLessThan(3);
    expect(maj.p50LatencyMs).toBeLessThan(pipe.p50LatencyMs);
    expect(maj.p50LatencyMs).toBeGreaterThan(redo.p50LatencyMs);
  });

  it('slow disks stretch pipeline latency past 100 ms but not the redo log’s', () => {
    const e = run({ 'writes.mode': 'pipeline' }, [{ t: MIN, action: 'slow-random-disks', args: { fraction: 0.05, factor: 10 } }], 4 * MIN);
    const v = e.writes.latencyView();
    expect(v.rows.pipeline.p99Ms).toBeGreaterThan(100);
    expect(v.rows['redo-log'].p99Ms).toBeLessThan(5);
  });
});

describe('redo log: loss, honestly counted', () => {
  it('an isolated redo log loses no acknowledged write when any one rack loses power (memory servers on distinct racks and feeds)', () => {
    for (const rack of [0, 3, 7]) {
      const e = run(
        { 'writes.mode': 'redo-log', 'writes.isolation': 'rack' },
        [{ t: 2 * MIN + 400, action: 'rack-power-off', args: { rack } }],
        4 * MIN,
        2 + rack,
      );
      expect(e.writes.redo.lostWrites).toBe(0);
      expect(e.writes.acked).toBeGreaterThan(0);
      // every stream's current memory servers: distinct racks and power domains
      const w = e.writes;
      for (let s = 0; s < w.streams; s++) {
        const k = w.tN[s];
        const racks = new Set<number>(),
          doms = new Set<number>();
        for (let i = 0; i < k; i++) {
          const r = e.topo.rackOf[w.tNode[s * MAXT + i]];
          racks.add(r);
          doms.add(e.topo.domainOf[r]);
        }
        expect(racks.size).toBe(k);
        expect(doms.size).toBe(Math.min(k, e.topo.powerDomains));
      }
    }
  });

  it('a power feed (domain) failure loses nothing either when the copies are on distinct feeds', () => {
    const e = run(
      { 'writes.mode': 'redo-log', 'writes.memoryCopies': 2 },
      [{ t: 2 * MIN + 300, action: 'power-domain-off', args: { domain: 1 } }],
      3 * MIN,
    );
    expect(e.writes.redo.lostWrites).toBe(0);
  });

  it('a non-isolated redo log loses the unflushed writes of the clients on a rack that loses power — and only those', () => {
    const cut = 2 * MIN + 400;
    const e = new Engine(
      scenario({ 'writes.mode': 'redo-log', 'writes.isolation': 'none' }, [{ t: cut, action: 'rack-power-off', args: { rack: 3 } }]),
    );
    e.runUntil(cut - 1);
    const victims = streamsOnRack(e, 3);
    expect(victims.length).toBeGreaterThan(0);
    // all memory copies of those clients sit on their own rack
    for (const s of victims) for (let i = 0; i < e.writes.tN[s]; i++) expect(e.topo.rackOf[e.writes.tNode[s * MAXT + i]]).toBe(3);
    e.runUntil(4 * MIN);
    const lost = e.writes.redo.lostWrites;
    expect(lost).toBeGreaterThan(0);
    expect(e.writes.redo.lostByCause[0]).toBe(lost); // rack power
    // at most the writes of the last flush interval (+ one tick) of those clients
    const rate = e.sim.params['writes.ratePerStream'];
    expect(lost).toBeLessThanOrEqual(victims.length * rate * 2);
    expect(e.sim.log.since(0, 4096).some((x) => x.code === 'writes.ackedLost' && x.s === 'rack-power')).toBe(true);
  });

  it('loss equals the unflushed window: with a 10 s flush interval, crashing all holders loses ~9–10 s of one stream', () => {
    const e = new Engine(scenario({ 'writes.mode': 'redo-log', 'writes.flushIntervalMs': 10_000, 'writes.streams': 20 }));
    e.runUntil(2 * MIN + 500);
    const w = e.writes;
    const holders = Array.from({ length: w.tN[0] }, (_, i) => w.tNode[i]);
    const shared = new Set<number>();
    for (let s = 1; s < w.streams; s++) for (let i = 0; i < w.tN[s]; i++) if (holders.includes(w.tNode[s * MAXT + i])) shared.add(s);
    for (const node of holders) e.perturb('node-crash', { node });
    const rate = e.sim.params['writes.ratePerStream'];
    // stream 0 loses between 9 s and 10.5 s of writes; streams sharing all three servers would lose too (none here)
    expect(shared.size === 0 || w.redo.lostWrites >= 9 * rate).toBe(true);
    if (shared.size === 0) {
      expect(w.redo.lostWrites).toBeGreaterThanOrEqual(9 * rate);
      expect(w.redo.lostWrites).toBeLessThanOrEqual(10.5 * rate);
    }
    expect(w.redo.lostByCause[3]).toBe(w.redo.lostWrites); // crash
    // one crash alone loses nothing
    const e2 = new Engine(scenario({ 'writes.mode': 'redo-log', 'writes.flushIntervalMs': 10_000, 'writes.streams': 20 }));
    e2.runUntil(2 * MIN + 500);
    e2.perturb('node-crash', { node: e2.writes.tNode[0] });
    e2.runUntil(3 * MIN);
    expect(e2.writes.redo.lostWrites).toBe(0);
  });

  it('a whole-machine-room power cut loses the unflushed window in redo-log mode, nothing with pipeline or majority acks', () => {
    const tl: TimelineEntry[] = [{ t: 2 * MIN + 500, action: 'dc-power-off', args: {} }];
    const redo = run({ 'writes.mode': 'redo-log' }, tl, 3 * MIN);
    const rate = redo.sim.params['writes.ratePerStream'] * redo.writes.streams;
    expect(redo.writes.redo.lostWrites).toBeGreaterThan(0);
    expect(redo.writes.redo.lostWrites).toBeLessThanOrEqual(rate * 2);
    expect(redo.writes.redo.lostByCause[2]).toBe(redo.writes.redo.lostWrites);
    expect(run({ 'writes.mode': 'pipeline' }, tl, 3 * MIN).writes.redo.lostWrites).toBe(0);
    expect(run({ 'writes.mode': 'majority' }, tl, 3 * MIN).writes.redo.lostWrites).toBe(0);
  });

  it('a whole-room cut loses about the same at any moment of a tick: the servers flush at their own phases, the clients write at theirs', () => {
    // Before, every server flushed at the tick and every client wrote at the same instants: a cut at the tick lost
    // a whole second (the batch had just started), one 5–39 ms after it nothing at all. Now each segment loses what
    // arrived since the latest flush of its holders (the least of three phases: about a quarter of a second).
    const lost: number[] = [];
    for (const d of [0, 5, 10, 20, 39, 100, 500, 999]) {
      const e = run({ 'writes.mode': 'redo-log' }, [{ t: 2 * MIN + d, action: 'dc-power-off', args: {} }], 2 * MIN + 2000);
      const w = e.writes;
      const perSec = e.sim.params['writes.ratePerStream'] * w.streams;
      expect(w.redo.lostByCause[2], `cut ${d} ms after the tick`).toBe(w.redo.lostWrites);
      expect(w.redo.lostWrites, `cut ${d} ms after the tick`).toBeGreaterThan(0.1 * perSec);
      expect(w.redo.lostWrites, `cut ${d} ms after the tick`).toBeLessThan(0.5 * perSec);
      lost.push(w.redo.lostWrites);
    }
    expect(Math.max(...lost) / Math.min(...lost)).toBeLessThan(1.5);
  });

  it('a UPS lets servers write their memory out before the room goes dark: a minute saves every write, 5 ms nothing, and a crash is no power cut', () => {
    const tl: TimelineEntry[] = [{ t: 2 * MIN + 500, action: 'dc-power-off', args: {} }];
    const none = run({ 'writes.mode': 'redo-log' }, tl, 3 * MIN).writes.redo;
    const brief = run({ 'writes.mode': 'redo-log', 'writes.upsMs': 5 }, tl, 3 * MIN).writes.redo;
    const minute = run({ 'writes.mode': 'redo-log', 'writes.upsMs': MIN }, tl, 3 * MIN).writes.redo;
    expect(none.lostWrites).toBeGreaterThan(0);
    expect(none.upsSavedBytes).toBe(0);
    // a minute of battery outlasts any flush of the second of writes a server holds
    expect(minute.lostWrites).toBe(0);
    expect(minute.upsSavedBytes).toBeGreaterThan(0);
    // 5 ms is not enough to position the disk for a batch (8 ms): as if there were none
    expect(brief.lostWrites).toBe(none.lostWrites);
    expect(brief.upsLostWrites).toBe(brief.lostWrites);
    // a crash is not a power cut: the UPS does not come into it
    const e = new Engine(scenario({ 'writes.mode': 'redo-log', 'writes.flushIntervalMs': 10_000, 'writes.streams': 20, 'writes.upsMs': MIN }));
    e.runUntil(2 * MIN + 500);
    for (const node of [e.writes.tNode[0], e.writes.tNode[1], e.writes.tNode[2]]) e.perturb('node-crash', { node });
    e.runUntil(3 * MIN);
    expect(e.writes.redo.upsSavedBytes).toBe(0);
  });

  it('a switch failure makes memory servers unreachable but loses nothing: they keep flushing', () => {
    const e = run({ 'writes.mode': 'redo-log', 'writes.isolation': 'none' }, [{ t: 2 * MIN + 400, action: 'tor-down', args: { rack: 3 } }], 4 * MIN);
    expect(e.writes.redo.lostWrites).toBe(0);
  });

  it('the sampled timeline shows arrival, ack and flush per server, and marks lost writes', () => {
    const params = { 'writes.mode': 'redo-log', 'writes.isolation': 'none' };
    // stream 0's copies are all on rack 0: cut it ≥ 100 ms after a tick, before any of them flushes again
    const cut = afterFlushes(run(params, [], 2 * MIN), 0, 2 * MIN + 100, 0);
    const e = run(params, [{ t: cut, action: 'rack-power-off', args: { rack: 0 } }], 3 * MIN);
    const v = e.writes.timelineView();
    expect(v.n).toBeGreaterThan(50);
    let flushed = 0,
      lost = 0;
    for (let r = 0; r < v.n; r++) {
      if (v.lost[r]) lost++;
      for (let j = 0; j < v.holders; j++) {
        const o = r * v.holders + j;
        if (v.node[o] < 0) continue;
        expect(v.arrive[o]).toBeGreaterThan(0);
        expect(v.arrive[o]).toBeLessThanOrEqual(v.ack[r] + 1e-3);
        if (v.state[o] === H_DISK) {
          flushed++;
          expect(v.flush[o]).toBeGreaterThan(v.ack[r]);
          expect(v.flush[o]).toBeLessThan(e.sim.params['writes.flushDeadlineMs']);
        }
      }
    }
    expect(flushed).toBeGreaterThan(0);
    // stream 0 writes from rack 0: its last unflushed writes died with the rack
    expect(lost).toBeGreaterThan(0);
    expect(Array.from(v.state).includes(H_MEMORY_LOST)).toBe(true);
    // filtered by server: only records held there
    const node = v.node[0];
    const f = e.writes.timelineView(node);
    expect(f.n).toBeGreaterThan(0);
    for (let r = 0; r < f.n; r++) expect(Array.from(f.node.subarray(r * f.holders, (r + 1) * f.holders))).toContain(node);
  });
});

describe('redo log: deadlines, errors, admission', () => {
  it('a flush past its deadline always tells the master at once: it copies the data, the disk becomes suspect', () => {
    const deadline = 30_000;
    const e = new Engine(
      scenario({ 'writes.mode': 'redo-log' }, [{ t: MIN + 300, action: 'slow-random-disks', args: { fraction: 0.05, factor: 200 } }]),
    );
    const r = e.writes.redo;
    const dt = e.sim.params['engine.tickMs'];
    for (let t = MIN; t <= 3 * MIN; t += dt) {
      e.runUntil(t);
      for (let a = 0; a < r.nActive; a++) {
        const g = r.active[a];
        const s = r.segStream[g];
        for (let j = 0; j < r.segN[g]; j++) {
          const l = g * MAXT + j;
          if (r.lState[l] !== L_FLUSHING) continue;
          const idx = r.lIdx[l];
          if (idx >= r.r0[s] + r.rLen[s]) continue;
          const age = t - (r.rT[s * RING + (idx & (RING - 1))] - dt);
          if (age > deadline) {
            // past the deadline: reported, and the master no longer trusts the disk
            expect(r.lOver[l]).toBe(1);
            expect(e.pangu.diskBelief[r.lDisk[l]]).not.toBe(D_NORMAL);
            expect(r.lSafe[l]).toBeGreaterThanOrEqual(Math.min(r.segEnd[g] < 0 ? r.cum[s] : r.segEnd[g], r.cum[s]) - 1e-6);
          }
        }
      }
    }
    expect(r.flushTimeouts).toBeGreaterThan(0);
    expect(e.writes.reportsToMaster).toBeGreaterThanOrEqual(r.flushTimeouts);
    const reports = e.sim.log.since(0, 4096).filter((x) => x.code === 'writes.flushTimeout');
    expect(reports.length).toBe(r.flushTimeouts);
    for (const x of reports) {
      expect(x.v!).toBeGreaterThan(deadline);
      expect(x.v!).toBeLessThanOrEqual(deadline + 2 * dt);
      expect(e.pangu.diskBelief[x.disk!]).not.toBe(D_NORMAL);
    }
    expect(r.lostWrites).toBe(0);
    expect(r.maxFlushDelayMs).toBeGreaterThan(deadline);
    const s = e.summary(0).writes as Record<string, number>;
    expect(s.flushTimeouts).toBe(r.flushTimeouts);
  });

  it('a write error (the disk failed) raises an alarm and tells the master; nothing is lost', () => {
    const e = new Engine(scenario({ 'writes.mode': 'redo-log' }));
    e.runUntil(MIN + 300);
    const disk = e.writes.tDisk[0];
    e.perturb('disk-fail', { disk });
    e.runUntil(MIN + 5000);
    expect(e.writes.redo.writeErrors).toBeGreaterThanOrEqual(1);
    expect(e.writes.redo.lostWrites).toBe(0);
    expect(e.sim.log.since(0, 4096).some((x) => x.code === 'writes.writeError' && x.disk === disk)).toBe(true);
    expect(e.ops.monitoring.firingNow).toBeGreaterThan(0);
    expect(e.frame().ops).toBeTruthy();
    // the stream moved to another disk
    expect(Array.from(e.writes.tDisk.subarray(0, e.writes.tN[0]))).not.toContain(disk);
  });

  it('servers refuse when their memory is full; the client picks others, or stalls', () => {
    const e = run({ 'writes.mode': 'redo-log', 'writes.memoryLimitMB': 1, 'writes.flushIntervalMs': 5000 }, [], 2 * MIN);
    expect(e.writes.choice.refusals[4]).toBeGreaterThan(0);
    for (let n = 0; n < e.topo.nodes; n++) expect(e.writes.redo.nodeMem[n]).toBeLessThan(1e6 + 5 * 16 * 1024 * 25 * 6);
  });

  it('servers refuse disks the master believes unhealthy', () => {
    const e = new Engine(scenario({ 'writes.mode': 'redo-log' }));
    e.runUntil(MIN);
    const d = e.writes.tDisk[0];
    e.pangu.suspect(d);
    e.runUntil(MIN + 9000); // servers' acceptance is re-asked every few ticks
    expect(Array.from(e.writes.tDisk.subarray(0, e.writes.tN[0]))).not.toContain(d);
    expect(e.writes.choice.refusals[2]).toBeGreaterThan(0);
  });
});

describe('scrubbing', () => {
  it('finds corrupt replicas and reports them: the master drops them and re-replication restores redundancy', () => {
    const e = run({ 'writes.corruptionPerDiskYear': 100, 'writes.scrubIntervalHours': 1 }, [], 3 * 3_600_000);
    const sc = e.writes.scrub;
    expect(sc.corrupted).toBeGreaterThan(10);
    expect(sc.found).toBeGreaterThan(0);
    expect(sc.found + sc.vanished + sc.pending + sc.untracked).toBe(sc.corrupted);
    expect(sc.detectMsSum / sc.found).toBeLessThanOrEqual(3_600_000);
    expect(e.pangu.rereplication.completed).toBeGreaterThan(0);
    expect(e.sim.log.counts.get('writes.scrubCorrupt')).toBe(sc.found);
  });
});

describe('determinism and views', () => {
  it('same seed, same hash, however the run is sliced; another seed differs', () => {
    const tl: TimelineEntry[] = [
      { t: 70_000, action: 'rack-power-off', args: { rack: 2 } },
      { t: 90_000, action: 'slow-random-disks', args: { fraction: 0.03, factor: 200 } },
      { t: 100_000, action: 'set', args: { path: 'writes.mode', value: 'redo-log' } },
    ];
    const params = { 'writes.isolation': 'none' };
    const a = new Engine(scenario(params, tl));
    a.runUntil(4 * MIN);
    const b = new Engine(scenario(params, tl));
    for (let t = 3_333; t < 4 * MIN; t += 3_333) b.runUntil(t);
    b.runUntil(4 * MIN);
    expect(a.hash()).toBe(b.hash());
    expect(a.writes.acked).toBeGreaterThan(0);
    const c = new Engine(scenario(params, tl, 2));
    c.runUntil(4 * MIN);
    expect(c.hash()).not.toBe(a.hash());
  });

  it('frame and summary carry the write path', () => {
    const e = run({ 'writes.mode': 'redo-log' }, [], 2 * MIN);
    const f = e.frame().writes;
    expect(f.mode).toBe('redo-log');
    expect(f.memoryBytes).toBeGreaterThan(0);
    expect(f.nodeMemory.length).toBe(e.topo.nodes);
    expect(f.timeline.n).toBeGreaterThan(0);
    expect(f.p99Ms['redo-log']).toBeLessThan(f.p99Ms.pipeline);
    const s = e.summary(0).writes as Record<string, unknown>;
    for (const k of ['acked', 'ackedLost', 'p50LatencyMs', 'p99LatencyMs', 'maxFlushDelayMs']) expect(typeof s[k]).toBe('number');
    expect(Object.keys(s.lostByCause as object)).toEqual(['rack-power', 'domain-power', 'dc-power', 'crash', 'destroyed']);
  });

  it('the write presets parse and name the modes they compare', () => {
    for (const name of ['redo-log-rack-power', 'redo-log-no-isolation', 'redo-log-dc-power', 'redo-log-slow-disks', 'pipeline-vs-redo']) {
      const p = presetByName(name);
      expect(p).toBeTruthy();
      expect(typeof p!.scenario.params['writes.mode']).toBe('string');
    }
  });

  it('switching the mode live drains the redo log: every buffer reaches disk, nothing is lost', () => {
    const e = run({ 'writes.mode': 'redo-log' }, [{ t: 2 * MIN, action: 'set', args: { path: 'writes.mode', value: 'pipeline' } }], 2 * MIN + 10_000);
    expect(e.writes.redo.memoryBytes).toBe(0);
    expect(e.writes.redo.nActive).toBe(0);
    expect(e.writes.redo.lostWrites).toBe(0);
    expect(e.frame().writes.nodeMemory.length).toBe(0);
  });

  it('the API answers writeTimeline (filtered by server) and writeLatency', () => {
    const api = new SimApi({ now: () => 0, later: () => {} });
    api.load({ scenario: scenario({ 'writes.mode': 'redo-log' }), until: MIN });
    const all = api.writeTimeline();
    expect(all.n).toBeGreaterThan(0);
    const node = all.node[0];
    const one = api.writeTimeline(node);
    expect(one.n).toBeGreaterThan(0);
    expect(one.n).toBeLessThanOrEqual(all.n);
    expect(() => api.writeTimeline(-1)).toThrow(RangeError);
    const lat = api.writeLatency();
    expect(lat.mode).toBe('redo-log');
    expect(lat.rows.actual.writes).toBeGreaterThan(0);
    expect(lat.rows.pipeline.p50Ms).toBeGreaterThan(lat.rows['redo-log'].p50Ms);
    expect(lat.rows.flushDelay.total.length).toBe(BINS);
  });
});
