import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import type { TimelineEntry } from '../../../worker/scenario/actions';

const MIN = 60_000,
  HOUR = 60 * MIN;
// Without the parts deployment does not need; 400 servers (the 5,000-server presets: deploy.full.test.ts).
const lean = {
  'workload.enabled': false,
  'scheduler.enabled': false,
  'storage.chunks': 10_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'faults.powerCycleFailure': 0,
};
const small = { ...lean, 'cluster.nodes': 400 },
  tiny = { ...lean, 'cluster.nodes': 200 };

/** Runs to `until`, or stops early once the deployment started by then is over (checked every 5 simulated minutes). */
function run(params: Record<string, number | string | boolean>, timeline: TimelineEntry[], until: number) {
  const e = new Engine({ ...defaultScenario(), params, timeline });
  const started = timeline.length ? timeline[timeline.length - 1].t : 0;
  while (e.now < until) {
    e.runUntil(Math.min(until, e.now + 5 * MIN));
    if (e.now > started && !e.ops.deploy.busy) break;
  }
  return e;
}

describe('deployment (O1, Dayu)', () => {
  it('three ways: the old way’s stop holds the single-source copy; staging moves it out; P2P shortens the copy itself', () => {
    const way = (sep: boolean, method: string) => {
      const e = run({ ...tiny, 'deploy.separateConfig': sep }, [{ t: MIN, action: 'deploy-start', args: { method, mode: 'cold' } }], 3 * HOUR);
      const d = e.ops.deploy.status();
      expect(d.phase).toBe('idle');
      expect(d.onTarget).toBe(200);
      // what filled the stop adds up to the stop
      const fill = Object.values(d.stopFillMs).reduce((a, b) => a + b, 0);
      expect(Math.abs(fill - d.serviceDowntimeMs)).toBeLessThanOrEqual(6);
      return d;
    };
    const old = way(false, 'single'),
      staged = way(true, 'single'),
      p2p = way(true, 'p2p'),
      p2pOld = way(false, 'p2p');
    expect([old.way, staged.way, p2p.way, p2pOld.way]).toEqual(['old', 'staged', 'p2p', 'p2p-unstaged']);
    // the old way: the whole single-source copy and an install on every server sit inside the stop
    expect(old.stopFillMs.copying).toBe(old.distributionMs);
    expect(old.stopFillMs.installing).toBeGreaterThan(0);
    expect(old.stopFillMs.switching).toBe(0);
    // staged: the same single-source copy, now before the stop; the stop only switches
    expect(staged.stopFillMs.copying).toBe(0);
    expect(staged.stopFillMs.installing).toBe(0);
    expect(staged.stopFillMs.switching).toBeGreaterThan(0);
    expect(staged.distributionMs / old.distributionMs).toBeGreaterThan(0.95);
    expect(staged.serviceDowntimeMs + staged.distributionMs).toBeLessThanOrEqual(staged.totalMs + 1000);
    // P2P staged: the copy is far shorter; the stop is the staged one (nothing of the copy is left in it)
    expect(p2p.distributionMs * 5).toBeLessThan(staged.distributionMs);
    expect(p2p.stopFillMs).toEqual(staged.stopFillMs);
    // P2P into the old layout: the copy is back in the stop, but short
    expect(p2pOld.stopFillMs.copying).toBeGreaterThan(0);
    expect(p2pOld.stopFillMs.copying * 5).toBeLessThan(old.stopFillMs.copying);
    expect(old.serviceDowntimeMs).toBeGreaterThan(p2pOld.serviceDowntimeMs);
    expect(p2pOld.serviceDowntimeMs).toBeGreaterThan(staged.serviceDowntimeMs);
    // in every cold way the master loading its namespace is part of the stop
    for (const d of [old, staged, p2p, p2pOld]) expect(d.stopFillMs.masterLoad).toBeGreaterThan(0);
  });

  it('P2P is faster than single-source for the same package, mode and layout; its traffic stays under the per-link share', () => {
    const tl = (method: string): TimelineEntry[] => [{ t: MIN, action: 'deploy-start', args: { method, mode: 'cold' } }];
    const single = run(small, tl('single'), 2 * HOUR);
    const e = new Engine({ ...defaultScenario(), params: small, timeline: tl('p2p') });
    let maxUtil = 0,
      sawTraffic = false;
    for (let t = MIN; t < 10 * MIN; t += 1000) {
      e.runUntil(t);
      if (e.ops.deploy.phase === 1) {
        for (const u of e.net.uplinkUtil) maxUtil = Math.max(maxUtil, u);
        if (e.ops.deploy.transferGbps > 0) sawTraffic = true;
      }
    }
    while (e.ops.deploy.busy && e.now < 2 * HOUR) e.runUntil(e.now + 5 * MIN);
    const s = single.ops.deploy.status(),
      p = e.ops.deploy.status();
    expect(s.onTarget).toBe(400);
    expect(p.onTarget).toBe(400);
    expect(p.distributionMs).toBeLessThan(s.distributionMs / 5);
    expect(sawTraffic).toBe(true);
    expect(maxUtil).toBeGreaterThan(0); // the transfer's demand reached the network model
    expect(maxUtil).toBeLessThanOrEqual(e.sim.params['deploy.uplinkShare'] + 1e-6);
  });

  it('single-source traffic leaves the source’s rack over its uplink', () => {
    const e = run(small, [{ t: MIN, action: 'deploy-start', args: { method: 'single', mode: 'cold' } }], MIN + 5 * 60_000);
    // staged layout: distribution comes first, while the service runs
    expect(e.ops.deploy.phase).toBe(1);
    const src = e.topo.rackOf[e.sim.params['deploy.sourceNode']];
    expect(e.net.uplinkUtil[src]).toBeGreaterThan(0);
    for (let r = 0; r < e.topo.racks; r++) if (r !== src) expect(e.net.uplinkUtil[r]).toBe(0);
  });

  it('rolling upgrades never stop the service as a whole; each batch is stopped only for its own steps', () => {
    const e = run(small, [{ t: MIN, action: 'deploy-start', args: { method: 'p2p', mode: 'rolling' } }], 4 * HOUR);
    const d = e.ops.deploy.status();
    expect(d.phase).toBe('idle');
    expect(d.onTarget).toBe(400);
    expect(d.serviceDowntimeMs).toBe(0);
    const p = e.sim.params;
    const perBatch = p['deploy.stopMs'] + p['deploy.switchMs'] + (p['deploy.configMB'] * 8000) / p['deploy.flowMbps'] + p['deploy.serverStartMs'];
    expect(d.meanServerDowntimeMs).toBeGreaterThanOrEqual(perBatch - 1000);
    expect(d.meanServerDowntimeMs).toBeLessThanOrEqual(perBatch + 4000);
    expect(e.ops.master.completedByUser(0)).toBeGreaterThan(0);
  });

  it('clients get no service during a cold stop', () => {
    const e = run(small, [{ t: MIN, action: 'deploy-start', args: { method: 'p2p', mode: 'cold' } }], MIN + 5 * MIN);
    expect(e.ops.deploy.status().stoppedNow).toBe(400);
    expect(e.ops.master.qps).toBe(0);
    expect(e.frame().ops.deployPhase).not.toBe('idle');
  });

  it('rollback is a fast switch in Dayu’s layout and a whole new copy in the old one', () => {
    const steps = (sep: boolean) => {
      const e = run(
        { ...small, 'deploy.separateConfig': sep },
        [{ t: MIN, action: 'deploy-start', args: { method: 'single', mode: 'cold' } }],
        3 * HOUR,
      );
      expect(e.ops.deploy.status().version).toBe(2);
      const dist = e.ops.deploy.status().distributionMs;
      e.perturb('deploy-rollback');
      const back = e.now + 3 * HOUR;
      while (e.ops.deploy.busy && e.now < back) e.runUntil(e.now + 5 * MIN);
      const d = e.ops.deploy.status();
      expect(d.phase).toBe('idle');
      expect(d.version).toBe(1);
      expect([...new Set(e.ops.deploy.version)]).toEqual([1]);
      return { extraCopyMs: d.distributionMs - dist, rollbackMs: d.totalMs };
    };
    const dayu = steps(true),
      old = steps(false);
    expect(dayu.extraCopyMs).toBeLessThanOrEqual(1000);
    expect(old.extraCopyMs).toBeGreaterThan(10 * MIN);
  });

  it('a configuration change alone ships little in Dayu’s layout and the whole package in the old one', () => {
    const cfg = (sep: boolean) => {
      const e = run(
        { ...small, 'deploy.separateConfig': sep },
        [{ t: MIN, action: 'deploy-start', args: { method: 'single', mode: 'cold', content: 'config' } }],
        3 * HOUR,
      );
      const d = e.ops.deploy.status();
      expect(d.version).toBe(1);
      return d;
    };
    const a = cfg(true),
      b = cfg(false);
    expect(a.sizeMB).toBe(2);
    expect(b.distributionMs).toBeGreaterThan(50 * a.distributionMs);
  });

  it('replays to the same state from the recorded timeline', () => {
    const live = new Engine({ ...defaultScenario(), params: { ...small, 'workload.enabled': true } });
    live.runUntil(MIN);
    live.perturb('deploy-start', { method: 'p2p', mode: 'rolling' });
    live.runUntil(5 * MIN);
    live.perturb('file-flood', { files: 1_000_000 });
    live.runUntil(8 * MIN);
    expect(live.ops.deploy.busy).toBe(true); // the rollback below aborts a rollout under way
    live.perturb('deploy-rollback');
    live.runUntil(20 * MIN);
    const replay = new Engine(live.scenario());
    replay.runUntil(20 * MIN);
    expect(replay.hash()).toBe(live.hash());
  });
});
