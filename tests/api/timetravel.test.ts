/**
 * Time travel through the API as the page uses it (Comlink over a real MessageChannel):
 * rewinds and seeks from checkpoints land on the straight replay's hash; a fork drops
 * the checkpoints after it; long replays report progress and can be cancelled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import fc from 'fast-check';
import type { SimApi } from '../../worker/api';
import { closeChannels, connect as connectApi, MIN, small, tickClock } from './channel';
import { Engine } from '../../worker/engine/engine';
import type { Scenario } from '../../worker/scenario/schema';
import { encodeHash } from '../../worker/scenario/codec';
import { parseLink, runInput } from '../../src/lib/link';
import { forkScenario } from '../../src/views/compare/model';
import { forkScenario as policyFork } from '../../src/views/storm/stormLoop';
import { nodeBlockFile } from '../../worker/blockFileNode';
import type { BlockFile } from '../../worker/engine/core/checkpoint';

const connect = (disk: BlockFile | null = null) => connectApi(tickClock(), disk);
afterEach(closeChannels);

function replay(s: Scenario, t: number, entriesAtT: boolean): string {
  const e = new Engine(s);
  e.runUntil(t, entriesAtT);
  return e.hash();
}

/** Polls until the replay under way has moved past its start (engine state, not wall time). */
async function progressed(api: Comlink.Remote<SimApi>) {
  for (;;) {
    const p = await api.progress();
    if (p && p.t > p.from) return p;
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('time travel over a MessageChannel', () => {
  it('rewinds and seeks to random moments land on the straight replay, from checkpoints', async () => {
    const { api } = connect();
    await api.load({ scenario: small() });
    for (let t = 15_000; t <= 12 * MIN; t += 15_000) {
      await api.step(15_000);
      if (t === 3 * MIN) await api.perturb('rack-power-off', { rack: 4 });
      if (t === 7 * MIN) await api.perturb('node-crash', { node: 17 });
    }
    const cps = await api.checkpoints();
    expect(cps.times.length).toBeGreaterThan(3);
    expect(cps.times[0]).toBe(0);
    expect(cps.bytes).toBeGreaterThan(0);
    const recorded = await api.scenario();
    const end = 12 * MIN;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: end }), fc.integer({ min: 0, max: end }), async (back, fwd) => {
        const f = await api.goTo(back);
        expect(f?.t).toBe(back);
        expect(await api.hash()).toBe(replay(recorded, back, false));
        // forward again, through the recorded future (entries at the target applied)
        const to = Math.max(back, fwd);
        await api.goTo(to);
        expect(await api.hash()).toBe(replay(recorded, to, to !== back));
      }),
      { numRuns: 6 },
    );
    // the synchronous calls take the same path
    await api.seek(end);
    await api.rewind(5 * MIN);
    expect(await api.hash()).toBe(replay(recorded, 5 * MIN, false));
    expect((await api.scenario()).timeline).toEqual(recorded.timeline);
  });

  it('with the disk tier: memory stays within its budget, moves from spilled checkpoints land on the replay, a new load gives the file back', async () => {
    const real = nodeBlockFile();
    const cuts: number[] = [];
    const { api } = connect({ ...real, truncate: (slots) => (cuts.push(slots), real.truncate(slots)) });
    // the 400-server state is ~19 MB: a 24 MB budget spills within minutes
    await api.load({ scenario: small({ 'timeTravel.budgetMB': 24, 'timeTravel.diskMB': 64 }) });
    for (let t = 15_000; t <= 30 * MIN; t += 15_000) {
      await api.step(15_000);
      if (t === 3 * MIN) await api.perturb('rack-power-off', { rack: 4 });
    }
    const cps = await api.checkpoints();
    expect(cps.times.length).toBeGreaterThan(4); // more than the few whose blocks stay in memory
    expect(cps.diskBytes).toBeGreaterThan(0);
    expect(cps.disk).toBe('on');
    expect(cps.bytes).toBeLessThanOrEqual(24 * 2 ** 20);
    const recorded = await api.scenario();
    for (const t of [MIN + 7_000, 11 * MIN, 30_000, 6 * MIN + 1_000]) {
      await api.goTo(t);
      expect(await api.hash()).toBe(replay(recorded, t, false));
    }
    // a compare side started from this run's checkpoint of an early moment (its blocks read back from the file)
    await api.goTo(90_000);
    const stamp = await api.hashStamp();
    const p = (await api.forkState())!;
    const { api: side } = connect();
    const sa = forkScenario(recorded, recorded.timeline, stamp.t, false, 'A');
    expect((await side.loadAsync({ scenario: sa, until: stamp.t, fork: p }))?.forked).toEqual({ from: 'checkpoint' });
    expect(await side.hashStamp()).toEqual(stamp);
    // a fork from an early moment, then on
    await api.goTo(2 * MIN);
    await api.perturb('tor-down', { rack: 1 });
    await api.step(2 * MIN);
    expect(await api.hash()).toBe(replay(await api.scenario(), 4 * MIN, true));
    expect(cuts).toEqual([]);
    await api.load({ scenario: small() });
    expect((await api.checkpoints()).diskBytes).toBe(0);
    expect(cuts).toEqual([0]);
  });

  it('a fork keeps the checkpoints before it, drops the rest, and the forked run replays exactly', async () => {
    const { api } = connect();
    await api.load({ scenario: small() });
    for (let i = 0; i < 40; i++) await api.step(15_000);
    const before = (await api.checkpoints()).times;
    expect(before.some((t) => t > 4 * MIN)).toBe(true);
    await api.goTo(4 * MIN);
    await api.perturb('tor-down', { rack: 2 });
    const after = (await api.checkpoints()).times;
    // those before it stay (and the landing's own, at 4 min, taken once the move's frame was out); none after it
    expect(after.filter((t) => t < 4 * MIN)).toEqual(before.filter((t) => t < 4 * MIN));
    expect(Math.max(...after)).toBeLessThanOrEqual(4 * MIN);
    const forked = await api.scenario();
    expect(forked.timeline.map((x) => x.action)).toEqual(['tor-down']); // the scripted future was discarded
    await api.step(3 * MIN);
    expect(await api.hash()).toBe(replay(forked, 7 * MIN, true));
    await api.goTo(5 * MIN);
    expect(await api.hash()).toBe(replay(forked, 5 * MIN, false));
  });

  it('a long share link loads in slices with progress; its result is the straight replay', async () => {
    const { api } = connect();
    const s = small({ 'timeTravel.spacingMs': 20 * MIN });
    const target = 40 * MIN;
    // a share link as the page sends it: read once (src/lib/link.ts), then its scenario and time
    const link = parseLink('#' + encodeHash(s, { t: String(target) }), { views: [], lessons: [] });
    const loading = api.loadAsync(runInput(link));
    const p = await progressed(api);
    expect(p.kind).toBe('load');
    expect(p.target).toBe(target);
    expect(p.percent).toBeGreaterThan(0);
    expect(p.percent).toBeLessThan(100);
    const info = await loading;
    expect(info?.t).toBe(target);
    expect(await api.progress()).toBeNull();
    expect(await api.hash()).toBe(replay(s, target, true));
  });

  it('cancelling a load keeps the run from before; cancelling a seek returns to the moment before it', async () => {
    const { api } = connect();
    await api.load({ scenario: small() });
    await api.step(2 * MIN);
    const was = await api.hashStamp();
    const loading = api.loadAsync({ scenario: small({ 'timeTravel.spacingMs': 20 * MIN }), until: 600 * MIN });
    await progressed(api);
    expect(await api.cancel()).toBe(true);
    expect(await loading).toBeNull();
    expect(await api.hashStamp()).toEqual(was);
    expect((await api.scenario()).timeline).toHaveLength(2);

    const seeking = api.goTo(600 * MIN);
    const p = await progressed(api);
    expect(p.kind).toBe('seek');
    await api.cancel();
    expect(await seeking).toBeNull();
    expect(await api.hashStamp()).toEqual(was);
    expect(await api.cancel()).toBe(false); // nothing under way
    // acting during a replay is refused with a reason
    const again = api.goTo(600 * MIN);
    await progressed(api);
    await expect(api.perturb('node-crash', { node: 1 })).rejects.toThrow(/replaying the run/);
    // a new move replaces the one under way
    const f = await api.goTo(MIN);
    expect(await again).toBeNull();
    expect(f?.t).toBe(MIN);
    expect(await api.hash()).toBe(replay(small(), MIN, false));
  });

  it('a long link answers progress at once, before the new engine is built; a cancel then keeps the run from before', async () => {
    const { api } = connect();
    await api.load({ scenario: small() });
    const was = await api.hashStamp();
    const loading = api.loadAsync({ scenario: small({ 'timeTravel.spacingMs': 20 * MIN }), until: 300 * MIN });
    // the first answer: the load is under way at 0 % (no engine of the link's scenario exists yet)
    const p = await api.progress();
    expect(p).toEqual({ kind: 'load', from: 0, target: 300 * MIN, t: 0, percent: 0 });
    expect(await api.cancel()).toBe(true);
    expect(await loading).toBeNull();
    expect(await api.hashStamp()).toEqual(was);
    expect(await api.progress()).toBeNull();
  });

  it('a move leaves a checkpoint of its landing moment: going back there is a restore, no replay', async () => {
    const { api } = connect();
    await api.load({ scenario: small({ 'timeTravel.spacingMs': 20 * MIN }) });
    for (let i = 0; i < 48; i++) await api.step(15_000); // 12 min: only the t = 0 checkpoint by the engine-work rule
    const back = 6 * MIN + 30_000;
    expect((await api.checkpoints()).lastMove).toBeNull();
    await api.goTo(back);
    // where the move's time went: a restore of the t = 0 checkpoint, then a replay of the whole way
    const first = (await api.checkpoints()).lastMove!;
    expect([first.restored, first.replaySimMs]).toEqual([true, back]);
    expect(first.restoreMs).toBeGreaterThanOrEqual(0);
    expect(first.replayMs).toBeGreaterThanOrEqual(0);
    // taken once the frame is out (a task after the move's answer): wait for it on the worker's state
    while (!(await api.checkpoints()).times.includes(back)) await new Promise((r) => setTimeout(r, 5));
    await api.goTo(11 * MIN);
    const ran = (await api.checkpoints()).ranMs;
    await api.goTo(back);
    expect((await api.checkpoints()).ranMs).toBe(ran); // restored, not replayed
    expect((await api.checkpoints()).lastMove).toMatchObject({ restored: true, replaySimMs: 0 });
    expect(await api.hash()).toBe(replay(await api.scenario(), back, false));
  });
});

/** smaller still for the compare sides (three workers each): 120 servers, 10,000 chunks, a checkpoint every 20 simulated minutes of engine work */
const tiny = (over: Record<string, unknown> = {}): Scenario =>
  small({ 'cluster.nodes': 120, 'storage.chunks': 10_000, 'timeTravel.spacingMs': 20 * MIN, ...over });

describe('compare sides start from a checkpoint transferred to them', () => {
  it("a side loaded with the main run's checkpoint has its hash at the fork and replayed nothing; it runs on as its own scenario replays", async () => {
    const { api: main } = connect();
    await main.load({ scenario: tiny() });
    for (let i = 1; i <= 12; i++) {
      await main.step(MIN);
      if (i === 3) await main.perturb('rack-power-off', { rack: 1 });
      if (i === 7) await main.perturb('node-slow', { node: 17, factor: 20 });
    }
    const stamp = await main.hashStamp();
    const base = await main.scenario();
    const p = (await main.forkState())!; // transferred over the channel
    expect(p.t).toBe(stamp.t);
    expect(p.hash).toBe(stamp.hash);
    expect(p.bytes.byteLength).toBeGreaterThan(0);

    // side A: the compare view's fork (the run so far, its future dropped)
    const { api: side } = connect();
    const sa = forkScenario(base, base.timeline, stamp.t, false, 'A');
    const ia = await side.loadAsync({ scenario: sa, until: stamp.t, fork: p });
    expect(ia?.forked).toEqual({ from: 'checkpoint' });
    expect(await side.hashStamp()).toEqual(stamp); // same state, same event count: the main run's
    expect((await side.checkpoints()).ranMs).toBe(0); // nothing replayed (a replay from 0 would have run 12 min)
    // it runs on as a straight replay of its own scenario does, and can rewind to before the fork
    await side.step(2 * MIN);
    const aHash = await side.hash();
    expect(aHash).toBe(replay(sa, stamp.t + 2 * MIN, true));
    await side.goTo(2 * MIN);
    expect(await side.hash()).toBe(replay(sa, 2 * MIN, false));

    // naive vs guarded from now (a `set` at the fork moment), from the same checkpoint, in the same worker loaded anew
    const sb = policyFork(base, base.timeline, stamp.t, 'guarded');
    const ib = await side.loadAsync({ scenario: sb, until: stamp.t, fork: p });
    expect(ib?.forked).toEqual({ from: 'checkpoint' });
    expect((await side.checkpoints()).ranMs).toBe(0);
    await side.step(2 * MIN);
    expect(await side.hash()).toBe(replay(sb, stamp.t + 2 * MIN, true));
    expect(await side.hash()).not.toBe(aHash);
  });

  it("a fork from a rewound run (the entries at that moment not applied) lands on the main run's state", async () => {
    const { api: main } = connect();
    await main.load({ scenario: tiny() });
    await main.step(6 * MIN);
    await main.goTo(5 * MIN); // network-maintenance is recorded at 5 min: the rewind stops before it
    const stamp = await main.hashStamp();
    const base = await main.scenario();
    const p = (await main.forkState())!;
    const { api: side } = connect();
    const sc = forkScenario(base, base.timeline, stamp.t, true, 'A');
    expect(sc.timeline).toHaveLength(0);
    const info = await side.loadAsync({ scenario: sc, until: stamp.t, fork: p });
    expect(info?.forked).toEqual({ from: 'checkpoint' });
    expect(await side.hashStamp()).toEqual(stamp);
  });

  it('a checkpoint of another run is refused with the reason, and the side replays instead', async () => {
    const { api: main } = connect();
    await main.load({ scenario: tiny() });
    await main.step(2 * MIN);
    const p = (await main.forkState())!;
    const { api: side } = connect();
    const other = { ...tiny({ 'cluster.nodes': 160 }), timeline: [] };
    const info = await side.loadAsync({ scenario: other, until: 2 * MIN, fork: p });
    expect(info?.forked?.from).toBe('replay');
    expect(info?.forked && 'why' in info.forked ? info.forked.why : '').toMatch(/another graph/);
    expect(await side.hash()).toBe(replay(other, 2 * MIN, true));
    expect((await side.checkpoints()).ranMs).toBe(2 * MIN);
  });
});
