import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../worker/engine/engine';
import { capture, restore, BLOCK } from '../../worker/engine/core/checkpoint';
import { CheckpointStore } from '../../worker/engine/core/checkpointStore';
import { PRESETS } from '../../worker/scenario/presets';
import { parseScenario, type Scenario } from '../../worker/scenario/schema';
import type { TimelineEntry } from '../../worker/scenario/actions';

const MIN = 60_000;
const NODES = 400;
const RACKS = NODES / 40;
const DISKS = NODES * 12;
/** how far each run goes: past every preset's first entries (10 min) and the DC drills' power-on (20 min) */
const HORIZON = 21 * MIN;
/** fewer chunks than the default million: the same mechanisms, a faster run */
const CHUNKS = 100_000;

/** A preset on a small cluster, its ids folded into the small cluster's range. */
function small(s: Scenario): Scenario {
  const fold = (e: TimelineEntry): TimelineEntry => {
    const args = { ...e.args };
    if (typeof args.rack === 'number') args.rack %= RACKS;
    if (typeof args.node === 'number') args.node %= NODES;
    if (typeof args.disk === 'number') args.disk %= DISKS;
    return { ...e, args };
  };
  return parseScenario({ ...s, params: { 'storage.chunks': CHUNKS, ...s.params, 'cluster.nodes': NODES }, timeline: s.timeline.map(fold) });
}

/** Perturbations a user can make on the small cluster (every mechanism's own actions among them). */
const ACTION = fc.oneof(
  fc.record({
    action: fc.constantFrom('node-crash', 'node-restart', 'detector-corruption', 'system-disk-fail'),
    args: fc.record({ node: fc.nat(NODES - 1) }),
  }),
  fc.record({ action: fc.constant('node-slow'), args: fc.record({ node: fc.nat(NODES - 1), factor: fc.integer({ min: 2, max: 50 }) }) }),
  fc.record({
    action: fc.constantFrom('rack-power-off', 'rack-power-on', 'tor-down', 'tor-up', 'network-stable'),
    args: fc.record({ rack: fc.nat(RACKS - 1) }),
  }),
  fc.record({ action: fc.constant('network-flaky'), args: fc.record({ rack: fc.nat(RACKS - 1), loss: fc.constantFrom(0.1, 0.5) }) }),
  fc.record({
    action: fc.constantFrom(
      'detector-clear',
      'network-maintenance',
      'network-restore',
      'dc-power-off',
      'dc-power-on',
      'heal-slow-nodes',
      'heal-slow-disks',
      'scheduler-master-fail',
      'deploy-rollback',
      'master-fail',
      'recovery-resume',
    ),
    args: fc.constant({}),
  }),
  fc.record({ action: fc.constant('fail-random-nodes'), args: fc.record({ count: fc.integer({ min: 1, max: 8 }) }) }),
  fc.record({
    action: fc.constantFrom('slow-random-nodes', 'slow-random-disks'),
    args: fc.record({ fraction: fc.constantFrom(0.01, 0.05), factor: fc.constantFrom(5, 20) }),
  }),
  fc.record({ action: fc.constant('disk-fail'), args: fc.record({ disk: fc.nat(DISKS - 1) }) }),
  fc.record({ action: fc.constant('disk-slow'), args: fc.record({ disk: fc.nat(DISKS - 1), factor: fc.constantFrom(1, 10) }) }),
  fc.record({ action: fc.constant('file-flood'), args: fc.record({ files: fc.constantFrom(10_000, 1_000_000), user: fc.nat(3) }) }),
  fc.record({
    action: fc.constant('deploy-start'),
    args: fc.record({
      method: fc.constantFrom('single', 'p2p'),
      mode: fc.constantFrom('cold', 'rolling'),
      content: fc.constantFrom('binary', 'config'),
    }),
  }),
  fc.record({
    action: fc.constant('set'),
    args: fc.constantFrom(
      { path: 'recovery.policy', value: 'guarded' },
      { path: 'detection.deadAfterMs', value: 30_000 },
      { path: 'scheduler.slowDetection', value: false },
    ),
  }),
);
/** A time within the run, ms (not rounded: odd moments too). */
const TIME = fc.integer({ min: 0, max: HORIZON });
const HISTORY = fc.array(fc.record({ t: TIME, act: ACTION }), { maxLength: 5 });
const CHECKPOINTS = fc.array(TIME, { minLength: 1, maxLength: 6 });

/**
 * Runs `scenario` to the horizon with live perturbations and checkpoints at the given
 * moments; returns the engine, its store and its hash at the horizon.
 */
function runWith(scenario: Scenario, history: { t: number; act: { action: string; args: Record<string, unknown> } }[], cps: number[]) {
  const e = new Engine(scenario);
  const store = new CheckpointStore(e);
  store.take();
  const stops = [...history.map((h) => ({ t: h.t, h })), ...cps.map((t) => ({ t, h: null }))].sort((a, b) => a.t - b.t);
  for (const s of stops) {
    e.runUntil(s.t);
    if (s.h) {
      try {
        e.perturb(s.h.act.action, s.h.act.args);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err; // an argument the small cluster refuses: skipped
      }
    } else store.take();
  }
  e.runUntil(HORIZON);
  return { e, store, end: e.hash() };
}

/** Restores the best checkpoint for t (just before the entries at t) and runs there. */
function travel(e: Engine, store: CheckpointStore, t: number): string {
  const c = store.best(t, false);
  if (!c) throw new Error(`no checkpoint for ${t}`);
  store.restore(c);
  e.runUntil(t, false);
  return e.hash();
}

function replayHash(scenario: Scenario, t: number, entriesAtT = false): string {
  const e = new Engine(scenario);
  e.runUntil(t, entriesAtT);
  return e.hash();
}

describe('graph checkpoints', () => {
  it('restore writes every kind of state back in place, and drops what came later', () => {
    class Owner {
      n = 1;
      arr = new Float64Array(4);
      list: { v: number }[] = [{ v: 1 }];
      map = new Map<string, { v: number }>([['a', { v: 1 }]]);
      set = new Set([1, 2]);
    }
    const o = new Owner();
    const oldArr = o.arr;
    const item = o.list[0];
    const getter = () => o.arr; // a closure over the owner, like sim.track's
    const c = capture([o]);
    o.n = 2;
    o.arr = new Float64Array(8); // replaced by a grown array
    o.arr[0] = 5;
    oldArr[1] = 7;
    item.v = 9;
    o.list.push({ v: 3 });
    o.map.get('a')!.v = 4;
    o.map.set('b', { v: 2 });
    o.set.delete(1);
    (o as unknown as Record<string, number>).extra = 3; // a property added later
    restore(c);
    expect(o.n).toBe(1);
    expect(o.arr).toBe(oldArr);
    expect(getter()).toBe(oldArr);
    expect([...o.arr]).toEqual([0, 0, 0, 0]);
    expect(o.list).toHaveLength(1);
    expect(o.list[0]).toBe(item);
    expect(item.v).toBe(1);
    expect([...o.map.keys()]).toEqual(['a']);
    expect(o.map.get('a')!.v).toBe(1);
    expect([...o.set]).toEqual([1, 2]);
    expect('extra' in o).toBe(false);
  });

  it('shares unchanged blocks with the previous checkpoint and copies changed ones', () => {
    const o = { big: new Uint32Array((3 * BLOCK) / 4) };
    const a = capture([o]);
    expect(a.newBytes).toBe(3 * BLOCK);
    o.big[BLOCK / 4 + 5] = 1; // the second block changes
    const b = capture([o], new Set(), a);
    expect(b.newBytes).toBe(BLOCK);
    expect(b.blocksOf.get(o.big)![0]).toBe(a.blocksOf.get(o.big)![0]);
    expect(b.blocksOf.get(o.big)![1]).not.toBe(a.blocksOf.get(o.big)![1]);
    restore(a);
    expect(o.big[BLOCK / 4 + 5]).toBe(0);
    restore(b);
    expect(o.big[BLOCK / 4 + 5]).toBe(1);
  });
});

describe('engine checkpoints: restoring and running on equals a straight replay', () => {
  // Every preset's timeline (on the small cluster), random live perturbations, random
  // checkpoint moments and a random target moment.
  for (const p of PRESETS) {
    it(`${p.name}`, () => {
      const scenario = small(p.scenario);
      fc.assert(
        fc.property(HISTORY, CHECKPOINTS, TIME, (history, cps, target) => {
          const { e, store, end } = runWith(scenario, history, cps);
          const recorded = e.scenario();
          const at = travel(e, store, target);
          expect(at).toBe(replayHash(recorded, target));
          e.runUntil(HORIZON);
          expect(e.hash()).toBe(end); // the recorded future, played again from the checkpoint
        }),
        { numRuns: 1, seed: [...p.name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7) },
      );
    });
  }

  it('a fork keeps the checkpoints before it, drops the rest, and later moments still replay exactly', () => {
    const scenario = small(PRESETS[0].scenario);
    fc.assert(
      fc.property(HISTORY, CHECKPOINTS, TIME, ACTION, fc.integer({ min: 1, max: 5 * MIN }), TIME, (history, cps, fork, act, after, back) => {
        const { e, store } = runWith(scenario, history, cps);
        travel(e, store, fork);
        e.discardFuture();
        const kept = store.times().filter((t) => t <= fork);
        store.dropFrom(e.now, e.applied);
        expect(store.times()).toEqual(kept);
        try {
          e.perturb(act.action, act.args);
        } catch (err) {
          if (!(err instanceof RangeError)) throw err;
        }
        e.runUntil(fork + after);
        store.take();
        const end = e.hash();
        const recorded = e.scenario();
        expect(end).toBe(replayHash(recorded, fork + after, true));
        // back to a moment of the forked run, then forward again
        const t = Math.min(back, fork + after);
        expect(travel(e, store, t)).toBe(replayHash(recorded, t));
        e.runUntil(fork + after);
        expect(e.hash()).toBe(end);
      }),
      { numRuns: 4 },
    );
  });

  it('thins to the memory budget, keeping the first checkpoint and the newest, denser near the present', () => {
    const e = new Engine(small(PRESETS[0].scenario));
    const store = new CheckpointStore(e, [], 0);
    store.take();
    const first = store.heldBytes();
    store.budgetBytes = first * 2;
    for (let t = MIN; t <= 20 * MIN; t += MIN) {
      e.runUntil(t);
      store.take();
      expect(store.heldBytes()).toBeLessThanOrEqual(store.budgetBytes);
    }
    const times = store.times();
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(20 * MIN);
    expect(times.length).toBeGreaterThan(2);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.at(-1)!).toBeLessThanOrEqual(gaps[0]);
  });
});
