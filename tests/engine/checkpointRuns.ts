/**
 * Shared by tests/engine/checkpoint.test.ts (a few chosen cases, quick) and
 * checkpoint.full.test.ts (every preset, more runs): presets on a small cluster, the
 * perturbations a user can make there, runs with checkpoints, and straight replays.
 */
import fc from 'fast-check';
import { Engine } from '../../worker/engine/engine';
import { CheckpointStore, SpillFile } from '../../worker/engine/core/checkpointStore';
import { nodeBlockFile } from '../../worker/blockFileNode';
import { parseScenario, type Scenario } from '../../worker/scenario/schema';
import type { TimelineEntry } from '../../worker/scenario/actions';

export const MIN = 60_000;
/** how far each run goes: past every preset's first entries (10 min) and the DC drills' power-on (20 min) */
export const HORIZON = 21 * MIN;

export interface Size {
  nodes: number;
  chunks: number;
}

/** A preset on a small cluster, its ids folded into the small cluster's range. */
export function small(s: Scenario, size: Size): Scenario {
  const racks = size.nodes / 40;
  const disks = size.nodes * 12;
  const fold = (e: TimelineEntry): TimelineEntry => {
    const args = { ...e.args };
    if (typeof args.rack === 'number') args.rack %= racks;
    if (typeof args.node === 'number') args.node %= size.nodes;
    if (typeof args.disk === 'number') args.disk %= disks;
    return { ...e, args };
  };
  return parseScenario({
    ...s,
    params: { 'storage.chunks': size.chunks, ...s.params, 'cluster.nodes': size.nodes },
    timeline: s.timeline.map(fold),
  });
}

export type Act = { action: string; args: Record<string, unknown> };
export type History = { t: number; act: Act }[];

/** Perturbations a user can make on the small cluster (every mechanism's own actions among them). */
export function actions(size: Size): fc.Arbitrary<Act> {
  const NODES = size.nodes;
  const RACKS = NODES / 40;
  const DISKS = NODES * 12;
  return fc.oneof(
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
}

/** A time within the run, ms (not rounded: odd moments too). */
export const TIME = fc.integer({ min: 0, max: HORIZON });
export const history = (size: Size, maxLength = 5) => fc.array(fc.record({ t: TIME, act: actions(size) }), { maxLength });
export const CHECKPOINTS = fc.array(TIME, { minLength: 1, maxLength: 6 });

/** Applies a perturbation; one the small cluster refuses (a RangeError) is skipped. */
export function tryPerturb(e: Engine, act: Act): void {
  try {
    e.perturb(act.action, act.args);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
}

/**
 * Runs `scenario` to `until` with live perturbations and checkpoints at the given
 * moments; returns the engine, its store and its hash at the end.
 */
export function runWith(scenario: Scenario, hist: History, cps: number[], until = HORIZON, disk = false) {
  const e = new Engine(scenario);
  // with the disk tier (a temporary file): every block the last few checkpoints do not hold goes there, at every capture
  const store = disk ? new CheckpointStore(e, [], 512 * 2 ** 20, new SpillFile(nodeBlockFile()), 2 ** 30) : new CheckpointStore(e);
  store.spillBatchShare = 0;
  store.take();
  const stops = [...hist.map((h) => ({ t: h.t, h })), ...cps.map((t) => ({ t, h: null }))].filter((s) => s.t <= until).sort((a, b) => a.t - b.t);
  for (const s of stops) {
    e.runUntil(s.t);
    if (s.h) tryPerturb(e, s.h.act);
    else store.take();
  }
  e.runUntil(until);
  return { e, store, end: e.hash() };
}

/** Restores the best checkpoint for t (just before the entries at t) and runs there. */
export function travel(e: Engine, store: CheckpointStore, t: number): string {
  const c = store.best(t, false);
  if (!c) throw new Error(`no checkpoint for ${t}`);
  store.restore(c);
  e.runUntil(t, false);
  return e.hash();
}

export function replayHash(scenario: Scenario, t: number, entriesAtT = false): string {
  const e = new Engine(scenario);
  e.runUntil(t, entriesAtT);
  return e.hash();
}

/** A seed from a name (each preset its own, the same every run). */
export const seedOf = (name: string) => [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7);
