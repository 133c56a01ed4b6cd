/**
 * A share link's load replays without checkpoints, and the run's history is filled in
 * behind it (worker/history.ts): these tests hold the load to that, and every way the
 * run can be used meanwhile — waiting, moving back at once, acting, cancelling, forking
 * a compare side — to the straight replay's hash. They wait on the worker's state
 * (`checkpoints().behind`), never on wall time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimApi } from '../../worker/api';
import { closeChannels, connect as connectApi, MIN, realClock, small as smallRun, tickClock } from './channel';
import { Engine } from '../../worker/engine/engine';
import type { Scenario } from '../../worker/scenario/schema';
import { FLOOR_YIELDS } from '../../worker/timeTravel';
import { liveTarget, mirrorEntry } from '../../worker/history';
import { Servers } from '../../worker/engine/cluster/servers';

const small = (over: Record<string, unknown> = {}): Scenario => smallRun({ 'timeTravel.spacingMs': 5 * MIN, ...over });
const connect = () => connectApi(tickClock());
afterEach(() => {
  vi.restoreAllMocks();
  closeChannels();
});

function replay(s: Scenario, t: number, entriesAtT = true): string {
  const e = new Engine(s);
  e.runUntil(t, entriesAtT);
  return e.hash();
}

/** Waits until the history has taken the live engine's place (the worker's state, polled). */
async function historyDone(api: { checkpoints(): Promise<{ behind: number | null }> | { behind: number | null } }) {
  while ((await api.checkpoints()).behind !== null) await new Promise((r) => setTimeout(r, 5));
}

describe('the history of a share link, filled in behind its load', () => {
  it('the load takes no checkpoint; the history fills in while idle, spaced as a played run, and takes the live place with the same state', async () => {
    const impl = new SimApi(tickClock());
    const s = small();
    const until = 60 * MIN;
    await impl.loadAsync({ scenario: s, until });
    // at once (before any idle time): no checkpoint, not even at t = 0; the engine replayed the whole span
    const at = impl.checkpoints();
    expect(at.times).toEqual([]);
    expect(at.behind).toBe(0);
    expect(at.ranMs).toBe(until);
    // where its time went (the benches' split): the whole span replayed, the engine's work a part of the replay
    const lt = at.lastLoad!;
    expect(lt.replaySimMs).toBe(until);
    expect(lt.buildMs).toBeGreaterThan(0);
    expect(lt.workMs).toBeGreaterThan(0);
    expect(lt.workMs).toBeLessThan(lt.replayMs);
    const live = impl.hashStamp();
    expect(live.hash).toBe(replay(s, until));
    const first = impl.frame(); // the page's first frame: the log so far
    expect(first.log.length).toBeGreaterThan(0);

    await historyDone(impl);
    const cps = impl.checkpoints();
    expect(impl.hashStamp()).toEqual(live); // the history's engine is the same state
    // and the same log, entry for entry: the next frame sends nothing the page already has, and the config again
    const next = impl.frame();
    expect(next.log).toEqual([]);
    expect(next.logSeq).toBe(first.logSeq);
    expect(next.config).not.toBeNull();
    expect(cps.times[0]).toBe(0);
    expect(cps.times.length).toBeGreaterThanOrEqual(until / (FLOOR_YIELDS * 5 * MIN)); // t = 0 and at least one a floor's span
    const gaps = cps.times.slice(1).map((t, i) => t - cps.times[i]);
    expect(Math.max(...gaps, until - cps.times[cps.times.length - 1])).toBeLessThanOrEqual((FLOOR_YIELDS + 0.5) * 5 * MIN); // the floor's span, and a step of half the spacing
    // and the run goes on as the straight replay does
    impl.step(3 * MIN);
    expect(impl.hash()).toBe(replay(s, until + 3 * MIN));
  });

  it('a rewind before any history exists builds it and lands on the replay; the linked moment is reached again from its checkpoints', async () => {
    const { api } = connect();
    const s = small();
    const until = 40 * MIN;
    await api.loadAsync({ scenario: s, until });
    const linked = await api.hashStamp();
    const f = await api.goTo(7 * MIN); // inside the network maintenance
    expect(f?.t).toBe(7 * MIN);
    expect(await api.hash()).toBe(replay(s, 7 * MIN, false));
    expect((await api.checkpoints()).behind).toBeNull(); // the history is the run now
    await api.goTo(until);
    expect(await api.hashStamp()).toEqual(linked);
  });

  it('actions made while the history is behind are in it: it catches up to the same state, and a rewind before them replays them again', async () => {
    const { api } = connect();
    const s = small();
    await api.loadAsync({ scenario: s, until: 20 * MIN });
    await api.perturb('node-crash', { node: 3 });
    await api.step(2 * MIN);
    await api.perturb('rack-power-off', { rack: 2 });
    await api.step(MIN);
    const recorded = await api.scenario();
    expect(recorded.timeline).toHaveLength(4);
    const now = await api.hashStamp();
    expect(now.hash).toBe(replay(recorded, 23 * MIN));
    await historyDone(api);
    expect(await api.hashStamp()).toEqual(now);
    await api.goTo(21 * MIN);
    expect(await api.hash()).toBe(replay(recorded, 21 * MIN, false));
    await api.goTo(23 * MIN);
    expect(await api.hashStamp()).toEqual(now);
  });

  it('a move back through the history, cancelled, leaves the live run where it was; the history keeps what it ran', async () => {
    const { api } = connect();
    const s = small({ 'timeTravel.spacingMs': 20 * MIN });
    await api.loadAsync({ scenario: s, until: 300 * MIN });
    const was = await api.hashStamp();
    const moving = api.goTo(290 * MIN);
    for (;;) {
      const p = await api.progress();
      if (p && p.t > p.from) {
        expect(p.kind).toBe('rewind');
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await api.cancel();
    expect(await moving).toBeNull();
    expect(await api.hashStamp()).toEqual(was);
    expect((await api.checkpoints()).behind).toBeGreaterThan(0);
    await historyDone(api);
    expect(await api.hashStamp()).toEqual(was);
  });

  it("a compare side's checkpoint: the history is completed first when that is quick", async () => {
    const { api } = connect();
    const s = small();
    await api.loadAsync({ scenario: s, until: 10 * MIN });
    // let the history be built and its speed known, not finished
    while ((await api.checkpoints()).behind === 0) await new Promise((r) => setTimeout(r, 1));
    const stamp = await api.hashStamp();
    const p = await api.forkState();
    expect(p?.t).toBe(10 * MIN);
    expect((await api.checkpoints()).behind).toBeNull();
    expect(await api.hashStamp()).toEqual(stamp);
  });
});

describe('the history behind a link, as the run is used meanwhile (review of session 10)', () => {
  it('a link load cancelled before the first history slice: the run before it still gets its history', async () => {
    const impl = new SimApi(tickClock());
    const s = small();
    await impl.loadAsync({ scenario: s, until: 30 * MIN });
    const was = impl.hashStamp();
    const other = impl.loadAsync({ scenario: small({ 'timeTravel.spacingMs': 20 * MIN }), until: 600 * MIN });
    while (!impl.progress() || impl.progress()!.t <= impl.progress()!.from) await new Promise((r) => setTimeout(r, 2));
    impl.cancel();
    expect(await other).toBeNull();
    expect(impl.hashStamp()).toEqual(was);
    await historyDone(impl);
    expect(impl.hashStamp()).toEqual(was);
    expect(impl.checkpoints().times[0]).toBe(0);
  });

  it('a failed link-loaded run recovers by a move back, and the action that failed is in the history', async () => {
    const impl = new SimApi(tickClock());
    const s = small();
    await impl.loadAsync({ scenario: s, until: 20 * MIN });
    vi.spyOn(Servers.prototype, 'crash').mockImplementation(() => {
      throw new TypeError('injected');
    });
    expect(() => impl.perturb('node-crash', { node: 3 })).toThrow(/injected/);
    vi.restoreAllMocks();
    expect(impl.failure()?.message).toContain('injected');
    const f = await impl.goTo(10 * MIN);
    expect(f?.t).toBe(10 * MIN);
    expect(impl.failure()).toBeNull();
    expect(impl.hash()).toBe(replay(s, 10 * MIN, false));
    // the recorded future holds the action that failed, as a capturing run's would
    expect(impl.scenario().timeline.map((x) => x.action)).toEqual(['network-maintenance', 'network-restore', 'node-crash']);
  });

  it('a long seek on a link-loaded run, cancelled, returns to the present from a checkpoint of it, not by replaying the history', async () => {
    // the real clock: whether the seek saves the present first is decided on its expected wall time (≥ SAVE_PRESENT_MS),
    // which only a slower machine makes longer; the tick clock's readings make every move look instant
    const impl = new SimApi(realClock);
    const s = small({ 'timeTravel.spacingMs': 20 * MIN });
    await impl.loadAsync({ scenario: s, until: 300 * MIN });
    const was = impl.hashStamp();
    const seeking = impl.goTo(900 * MIN);
    while (!impl.progress() || impl.progress()!.t <= impl.progress()!.from) await new Promise((r) => setTimeout(r, 2));
    const ran = impl.checkpoints().ranMs;
    impl.cancel();
    expect(await seeking).toBeNull();
    expect(impl.hashStamp()).toEqual(was);
    expect(impl.checkpoints().ranMs).toBe(ran); // restored: nothing replayed to come back
  });

  it('acting after a rewind to the present forks the history too: it is kept, and catches up to the forked run', async () => {
    // a clock whose timers run only when the test says: the history is built and has run one slice, no more
    let w = 0;
    const queue: (() => void)[] = [];
    const impl = new SimApi({ now: () => (w += 5), later: (fn) => void queue.push(fn) });
    const runQueued = () => queue.splice(0).forEach((fn) => fn());
    const s: Scenario = { ...small(), timeline: [...small().timeline, { t: 120 * MIN, action: 'network-maintenance', args: {} }] };
    let loaded = false;
    const loading = impl.loadAsync({ scenario: s, until: 60 * MIN }).then(() => (loaded = true));
    while (!loaded) {
      runQueued();
      await new Promise((r) => setTimeout(r, 0));
    }
    await loading;
    runQueued(); // the history built
    runQueued(); // and one slice run
    const behind = impl.checkpoints().behind!;
    expect(behind).toBeGreaterThan(0);
    expect(behind).toBeLessThan(60 * MIN);
    impl.rewind(60 * MIN); // at the present: the scripted entry at 120 min is a future now
    impl.perturb('node-crash', { node: 5 }); // forks: that future is dropped, in the history too
    expect(impl.checkpoints().behind).toBe(behind); // kept, not dropped and rebuilt from 0
    while (impl.checkpoints().behind !== null) {
      expect(queue.length).toBeGreaterThan(0); // a slice is always scheduled until the history is the run
      runQueued();
    }
    const forked = impl.scenario();
    expect(forked.timeline.map((x) => x.action)).toEqual(['network-maintenance', 'network-restore', 'node-crash']);
    impl.step(70 * MIN);
    expect(impl.hash()).toBe(replay(forked, 130 * MIN));
  });
});

describe('history pieces', () => {
  it('liveTarget: the live moment with or without the entries at it, null when only some are applied', () => {
    const s = small();
    const e = new Engine(s);
    e.runUntil(5 * MIN, false);
    expect(liveTarget(e)).toEqual({ t: 5 * MIN, entriesAtT: false });
    e.perturb('node-crash', { node: 1 }); // recorded at 5 min before the scripted entry there
    expect(liveTarget(e)).toBeNull();
    e.runUntil(5 * MIN, true);
    expect(liveTarget(e)).toEqual({ t: 5 * MIN, entriesAtT: true });
  });

  it('mirrorEntry records a live action at the same place, and refuses a history past it', () => {
    const s = small();
    const live = new Engine(s);
    const h = new Engine(s);
    live.runUntil(7 * MIN);
    h.runUntil(2 * MIN);
    const entry = live.perturb('node-crash', { node: 9 });
    mirrorEntry(h, live, entry);
    expect(h.timeline).toEqual(live.timeline);
    h.runUntil(7 * MIN);
    expect(h.hash()).toBe(live.hash());
    const later = new Engine(s);
    later.runUntil(10 * MIN);
    const e2 = live.perturb('node-crash', { node: 10 });
    expect(() => mirrorEntry(later, live, e2)).toThrow(/cannot record/);
  });
});
