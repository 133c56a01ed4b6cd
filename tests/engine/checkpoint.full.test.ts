/**
 * The long variant of checkpoint.test.ts (npm run test:full): for every preset, on a
 * 400-server cluster, random live perturbations, random checkpoint moments and a random
 * target — restoring and running on equals a straight replay, and the recorded future
 * plays again the same; a fresh engine adopting a portable checkpoint of a random
 * moment has the sender's hash and runs on as a replay; forks, more runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../worker/engine/engine';
import { CheckpointStore } from '../../worker/engine/core/checkpointStore';
import { PRESETS } from '../../worker/scenario/presets';
import {
  CHECKPOINTS,
  HORIZON,
  MIN,
  TIME,
  actions,
  history,
  replayHash,
  runWith,
  seedOf,
  small,
  travel,
  tryPerturb,
  type Size,
} from './checkpointRuns';

const SIZE: Size = { nodes: 400, chunks: 100_000 };

describe('every preset: restoring and running on equals a straight replay; a carried checkpoint too', () => {
  for (const p of PRESETS) {
    it(p.name, () => {
      const scenario = small(p.scenario, SIZE);
      fc.assert(
        fc.property(history(SIZE), CHECKPOINTS, TIME, TIME, (hist, cps, target, carry) => {
          const { e, store, end } = runWith(scenario, hist, cps);
          const recorded = e.scenario();
          expect(travel(e, store, target)).toBe(replayHash(recorded, target));
          e.runUntil(HORIZON);
          expect(e.hash()).toBe(end);
          // carried to a fresh engine of the recorded scenario at another moment
          travel(e, store, carry);
          const side = new Engine(recorded);
          const sideStore = new CheckpointStore(side);
          sideStore.take();
          sideStore.adopt(structuredClone(store.portable()));
          side.runUntil(HORIZON);
          expect(side.hash()).toBe(end);
        }),
        { numRuns: 1, seed: seedOf(p.name) },
      );
    });
  }

  it('forks keep the checkpoints before them and later moments still replay exactly', () => {
    const scenario = small(PRESETS[0].scenario, SIZE);
    fc.assert(
      fc.property(
        history(SIZE),
        CHECKPOINTS,
        TIME,
        actions(SIZE),
        fc.integer({ min: 1, max: 5 * MIN }),
        TIME,
        (hist, cps, fork, act, after, back) => {
          const { e, store } = runWith(scenario, hist, cps);
          travel(e, store, fork);
          e.discardFuture();
          const kept = store.times().filter((t) => t <= fork);
          store.dropFrom(e.now, e.applied);
          expect(store.times()).toEqual(kept);
          tryPerturb(e, act);
          e.runUntil(fork + after);
          store.take();
          const end = e.hash();
          const recorded = e.scenario();
          expect(end).toBe(replayHash(recorded, fork + after, true));
          const t = Math.min(back, fork + after);
          expect(travel(e, store, t)).toBe(replayHash(recorded, t));
          e.runUntil(fork + after);
          expect(e.hash()).toBe(end);
        },
      ),
      { numRuns: 4 },
    );
  });
});
