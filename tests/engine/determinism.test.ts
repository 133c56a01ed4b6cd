import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario, type Scenario } from '../../worker/scenario/schema';

const small = (over: Partial<Scenario> = {}): Scenario => ({
  ...defaultScenario(),
  params: { 'cluster.nodes': 400, 'faults.nodeMtbfHours': 20 },
  ...over,
});
const MIN = 60_000;

describe('determinism', () => {
  it('same scenario → same hash; another seed → another hash', () => {
    const a = new Engine(small());
    const b = new Engine(small());
    const c = new Engine(small({ seed: 2 }));
    for (const e of [a, b, c]) e.runUntil(30 * MIN);
    expect(a.sim.counters.nodeFailures).toBeGreaterThan(0); // the run actually did something
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).not.toBe(c.hash());
  });

  it('the hash does not depend on how time is sliced', () => {
    const whole = new Engine(small());
    whole.runUntil(20 * MIN);
    const sliced = new Engine(small());
    for (let t = 0; t <= 20 * MIN; t += 777) sliced.runUntil(t);
    sliced.runUntil(20 * MIN);
    expect(sliced.hash()).toBe(whole.hash());
  });

  it('live perturbations replay exactly from the recorded timeline', () => {
    const live = new Engine(small());
    live.runUntil(5 * MIN);
    live.perturb('rack-power-off', { rack: 3 });
    live.perturb('node-crash', {}); // random target, from the seeded stream
    live.runUntil(7 * MIN + 123);
    live.perturb('network-maintenance');
    live.runUntil(9 * MIN);
    live.perturb('set', { path: 'detection.deadAfterMs', value: 30000 });
    live.runUntil(15 * MIN);
    const replay = new Engine(live.scenario());
    replay.runUntil(15 * MIN);
    expect(replay.hash()).toBe(live.hash());
    expect(replay.scenario().timeline).toEqual(live.scenario().timeline);
    // and the perturbations mattered
    const untouched = new Engine(small());
    untouched.runUntil(15 * MIN);
    expect(untouched.hash()).not.toBe(live.hash());
  });

  it('a perturbation recorded before a scripted future entry keeps both in time order', () => {
    const e = new Engine(small({ timeline: [{ t: 10 * MIN, action: 'rack-power-off', args: { rack: 1 } }] }));
    e.runUntil(2 * MIN);
    e.perturb('rack-power-off', { rack: 2 });
    e.runUntil(12 * MIN);
    expect(e.scenario().timeline.map((x) => [x.t, x.args.rack])).toEqual([
      [2 * MIN, 2],
      [10 * MIN, 1],
    ]);
    expect(e.servers.rackPower[1]).toBe(0);
    expect(e.servers.rackPower[2]).toBe(0);
  });

  it('refuses to run backwards', () => {
    const e = new Engine(small());
    e.runUntil(1000);
    expect(() => e.runUntil(999)).toThrow(/before now/);
  });
});
