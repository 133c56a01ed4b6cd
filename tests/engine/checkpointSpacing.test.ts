/**
 * Where checkpoints fall (worker/timeTravel.ts): by engine work — simulated time or
 * events processed — not by wall time, so a machine loaded by other work spaces them
 * the same; sooner when the worker idles between runs (the idle rule); and neither rule
 * touches the run: the state after any of them equals a run without checkpoints.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { TimeTravel, IDLE_FACTOR, FLOOR_YIELDS, MIN_SPACING_SHARE, MOVE_WORK_MS, PACES_KEPT, WORK_FACTOR } from '../../worker/timeTravel';
import { defaultScenario } from '../../worker/scenario/schema';
import { MIN, small } from './checkpointRuns';

const STEP = 15_000;
const END = 16 * MIN;
const scenario = (params: Record<string, number>) =>
  small(
    { ...defaultScenario(), params: { ...params }, timeline: [{ t: 5 * MIN, action: 'rack-power-off', args: { rack: 1 } }] },
    { nodes: 120, chunks: 10_000 },
  );

/** Runs to `end` in STEP slices with the given wall clock; `idle` wall ms pass between slices. Returns the checkpoint times and the end hash. */
function drive(params: Record<string, number>, wall: () => number, between: () => void = () => {}, end = END, step = STEP) {
  const e = new Engine(scenario(params));
  const tt = new TimeTravel(e, [], wall);
  for (let t = step; t <= end; t += step) {
    tt.run(t, true, true); // as the play loop runs it (the idle rule on)
    between();
  }
  return { times: tt.store.times(), hash: e.hash(), tt, e };
}

/**
 * An engine on a scripted wall clock: every run of the engine costs `clock.slice` ms (changeable mid-run), every capture
 * `captureCost` ms.
 */
function scripted(params: Record<string, number>, captureCost: number, sliceCost = 1) {
  const clock = { w: 0, slice: sliceCost };
  const e = new Engine(scenario(params));
  const tt = new TimeTravel(e, [], () => clock.w);
  const runUntil = e.runUntil.bind(e);
  e.runUntil = (t, entriesAtT) => {
    clock.w += clock.slice;
    runUntil(t, entriesAtT);
  };
  const take = tt.store.take.bind(tt.store);
  tt.store.take = (wall) => take(wall && (() => (clock.w += captureCost)));
  return { e, tt, clock };
}

describe('checkpoint spacing', () => {
  it('by simulated time: the same moments whatever the wall clock says (a quiet machine, one 100× slower)', () => {
    const p = { 'timeTravel.spacingMs': 2 * MIN, 'timeTravel.spacingEvents': 1e8 };
    let fast = 0;
    let slow = 0;
    // every reading of the wall clock costs time, as work does; a slow machine's readings cost 100 times more
    // (slices of 5 s: a capture costs what a slice does on these clocks, and a spacing holds more than WORK_FACTOR of them)
    const a = drive(p, () => (fast += 1), undefined, 8 * MIN, 5_000);
    const b = drive(p, () => (slow += 100), undefined, 8 * MIN, 5_000);
    // no spacing of simulated time without one (the idle rule adds others: on these clocks a reading outside the engine's work costs as much as a slice)
    const gaps = a.times.slice(1).map((t, i) => t - a.times[i]);
    expect(a.times.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * MIN);
    expect(b.times).toEqual(a.times);
    expect(b.hash).toBe(a.hash);
  });

  it('by events processed, when they come sooner than the spacing in simulated time', () => {
    const p = { 'timeTravel.spacingMs': 24 * 60 * MIN, 'timeTravel.spacingEvents': 1000 };
    const e = new Engine(scenario(p));
    const tt = new TimeTravel(e, [], () => 0); // a clock that never moves: the idle rule cannot fire
    const eventsAt: number[] = [0];
    for (let t = STEP; t <= END; t += STEP) {
      const n = tt.store.size;
      const before = e.sim.events;
      tt.run(t);
      if (tt.store.size > n) {
        expect(e.sim.events - eventsAt.at(-1)!).toBeGreaterThanOrEqual(1000);
        // and not a slice late: the slice before had not reached the count yet
        expect(before - eventsAt.at(-1)!).toBeLessThan(1000);
        eventsAt.push(e.sim.events);
      }
    }
    expect(eventsAt.length).toBeGreaterThan(3);
    expect(e.sim.events / 1000).toBeGreaterThanOrEqual(eventsAt.length - 1);
  });

  it('an idle worker checkpoints sooner (denser near the present), never closer than a tenth of the spacing; the run is the same', () => {
    const p = { 'timeTravel.spacingMs': 8 * MIN, 'timeTravel.spacingEvents': 1e8 };
    let w = 0;
    const flat = drive(p, () => (w += 1));
    let v = 0;
    // the page playing at a speed the engine exceeds: a second of wall time passes between slices
    const paced = drive(
      p,
      () => (v += 1),
      () => (v += 1000),
    );
    expect(paced.hash).toBe(flat.hash);
    expect(paced.times.length).toBeGreaterThan(flat.times.length);
    const gaps = paced.times.slice(1).map((t, i) => t - paced.times[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_SPACING_SHARE * 8 * MIN);
    expect(IDLE_FACTOR).toBeGreaterThanOrEqual(10); // captures ≤ 10 % of the worker's time
    // a restore from one of them and a run on lands on the same state
    const c = paced.tt.store.best(11 * MIN, false)!;
    expect(c.t).toBeGreaterThan(8 * MIN);
    paced.tt.restore(c);
    paced.e.runUntil(END);
    expect(paced.e.hash()).toBe(flat.hash);
  });

  it('captures that cost more than a tenth of the engine work of a spacing come sparser: WORK_FACTOR captures of work apart, at most FLOOR_YIELDS spacings', () => {
    const gapsFor = (captureCost: number, sliceCost = 1) => {
      const p = { 'timeTravel.spacingMs': MIN, 'timeTravel.spacingEvents': 1e8 };
      // a slice of engine work costs 1 (ms) unless the engine is slower; a capture as much as that many slices
      const { tt } = scripted(p, captureCost, sliceCost);
      const slice = 5_000;
      const ts: number[] = [];
      for (let t = slice; t <= END; t += slice) {
        tt.run(t);
        if (tt.store.times().at(-1) !== ts.at(-1)) ts.push(tt.store.times().at(-1)!);
      }
      expect(tt.captureCost()).toBe(captureCost);
      return ts.slice(2).map((t, i) => t - ts[i + 1]); // after the first capture that could share blocks
    };
    // a capture of 1 slice: WORK_FACTOR = 18 slices of 5 s apart (1.5 min), not one simulated minute (12 slices)
    const one = gapsFor(1);
    expect(one.length).toBeGreaterThan(5);
    for (const g of one) expect(g).toBe(WORK_FACTOR * 5_000);
    // a capture of 10 slices: the floor (180 slices) gives way at FLOOR_YIELDS minutes (48 slices)
    const ten = gapsFor(10);
    expect(ten.length).toBeGreaterThan(2);
    for (const g of ten) expect(g).toBe(FLOOR_YIELDS * MIN);
    expect(WORK_FACTOR).toBeGreaterThanOrEqual(9); // captures ≤ 10 % of the engine's time
    // a slower engine (a slice costs 20 ms), a capture of 50 ms: the floor (900 ms, 45 slices) gives way once
    // MOVE_WORK_MS of engine work has passed — here already at the spacing (12 slices, 240 ms): a move replays ≤ ~that
    const slow = gapsFor(50, 20);
    expect(slow.length).toBeGreaterThan(5);
    expect(MOVE_WORK_MS).toBeLessThan(12 * 20);
    for (const g of slow) expect(g).toBe(MIN);
  });

  it('a fast spell does not stretch a gap: it closes at MOVE_WORK_MS of work at an ordinary slow pace of the gaps before', () => {
    // spacing 15 s (3 slices of 5 s), a capture of 50 ms (the floor, 900 ms, gives way at FLOOR_YIELDS spacings, 60 s,
    // or at MOVE_WORK_MS of engine work): at 20 ms a slice, a gap closes after the first slice that reaches MOVE_WORK_MS
    const p = { 'timeTravel.spacingMs': 15_000, 'timeTravel.spacingEvents': 1e8 };
    const slice = 5_000;
    const { e, tt, clock } = scripted(p, 50, 20);
    /** runs on to `end`; the gaps closed on the way */
    const gapsUntil = (end: number) => {
      const last = tt.store.times().at(-1)!;
      for (let t = e.now + slice; t <= end; t += slice) tt.run(t);
      const ts = tt.store.times().filter((x) => x >= last);
      return ts.slice(1).map((x, i) => x - ts[i]);
    };
    const slices = Math.ceil(MOVE_WORK_MS / 20);
    expect(slices).toBeLessThan(12); // (below FLOOR_YIELDS spacings, or that rule would close the gaps)
    const ordinary = gapsUntil(12 * MIN);
    expect(ordinary.length).toBeGreaterThan(PACES_KEPT);
    for (const g of ordinary.slice(2)) expect(g).toBe(slices * slice);
    const pace = tt.pace();
    expect(pace).toBe(slice / 20);
    // a spell at twice the speed: MOVE_WORK_MS of its work would take twice the slices, cut at FLOOR_YIELDS spacings
    // (60 s); the pace closes the gap at MOVE_WORK_MS × 250 of simulated time: as many slices as before
    clock.slice = 10;
    const fast = gapsUntil(24 * MIN);
    expect(fast.length).toBeGreaterThan(5);
    expect(Math.ceil((MOVE_WORK_MS * pace) / slice)).toBe(slices);
    // (the first fast gap began at the ordinary pace: it closes sooner; the pace is the slowest quarter's, so it holds
    // until all but a quarter of the last PACES_KEPT gaps were fast)
    for (const g of fast.slice(1, PACES_KEPT - (PACES_KEPT >> 2))) expect(g).toBe(slices * slice);
    // a spell that lasts: the pace follows it, and gaps widen to what its work allows (a cheaper stretch of the run,
    // not a fast spell of the machine)
    expect(tt.pace()).toBeGreaterThan(pace);
    expect(fast.at(-1)).toBe(FLOOR_YIELDS * 15_000);
  });

  it("a move's replay takes none on its way across a gap two kept checkpoints bound; past the last one, the rules apply again", () => {
    const p = { 'timeTravel.spacingMs': 2 * MIN, 'timeTravel.spacingEvents': 1e8 };
    const { tt, e } = drive(p, () => 0, undefined, 8 * MIN);
    expect(tt.store.times()).toEqual([0, 2, 4, 6, 8].map((m) => m * MIN));
    tt.restore(tt.store.best(4 * MIN, true)!);
    (e.sim.params as unknown as Record<string, number>)['timeTravel.spacingMs'] = MIN / 2; // due every half minute from here (a restore puts params back too)
    for (let t = 4 * MIN + STEP; t < 6 * MIN; t += STEP) tt.run(t, false);
    expect(tt.store.times()).toEqual([0, 2, 4, 6, 8].map((m) => m * MIN));
    for (let t = 6 * MIN; t <= 9 * MIN; t += STEP) tt.run(t);
    expect(tt.store.times().at(-1)).toBe(9 * MIN);
  });

  it('after a move: a checkpoint of the landing moment, unless the one it started from is near', () => {
    const p = { 'timeTravel.spacingMs': 10 * MIN, 'timeTravel.spacingEvents': 1e8 };
    const { tt, e } = drive(p, () => 0);
    expect(tt.store.times()).toEqual([0, 10 * MIN]);
    tt.restore(tt.store.best(7 * MIN, false)!);
    tt.run(7 * MIN, false);
    expect(tt.afterMove()?.t).toBe(7 * MIN);
    expect(tt.store.times()).toEqual([0, 7 * MIN, 10 * MIN]);
    tt.run(7 * MIN + 30_000); // half a simulated minute on: within a tenth of the spacing (1 min) of the last
    expect(tt.afterMove()).toBeNull();
    expect(e.now).toBe(7 * MIN + 30_000);
  });
});
