import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { presetByName } from '../../../worker/scenario/presets';
import type { TimelineEntry } from '../../../worker/scenario/actions';

const MIN = 60_000,
  HOUR = 60 * MIN;
// The whole 5,000 servers (the figures depend on scale), without the parts deployment does not need.
const lean = {
  'workload.enabled': false,
  'scheduler.enabled': false,
  'storage.chunks': 10_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'faults.powerCycleFailure': 0,
};
const small = { ...lean, 'cluster.nodes': 400 };

function run(params: Record<string, number | string | boolean>, timeline: TimelineEntry[], until: number) {
  const e = new Engine({ ...defaultScenario(), params, timeline });
  e.runUntil(until);
  return e;
}
const preset = (name: string, until: number) => {
  const s = presetByName(name)!.scenario;
  return run({ ...s.params, ...lean }, s.timeline, until);
};

describe('deployment (O1, Dayu)', () => {
  it('the presets reproduce the articles’ before and after from sizes, bandwidths and steps', () => {
    const old = preset('deploy-cold-single', 6 * HOUR);
    const o = old.ops.deploy.status();
    expect(o.phase).toBe('idle');
    expect(o.version).toBe(2);
    expect(o.onTarget).toBe(5000);
    // a cold upgrade took 4–5 h
    expect(o.serviceDowntimeMs).toBeGreaterThanOrEqual(4 * HOUR);
    expect(o.serviceDowntimeMs).toBeLessThanOrEqual(5 * HOUR);
    // …and most of it was copying from one source: 5,000 × package ÷ (source NIC × efficiency)
    const p = old.sim.params;
    const copyMs =
      ((4999 * (p['deploy.packageMB'] + p['deploy.configMB']) * 8) / (p['network.nicGbps'] * 1000 * p['deploy.unpacedEfficiency'])) * 1000;
    expect(o.distributionMs / copyMs).toBeGreaterThan(0.98);
    expect(o.distributionMs / copyMs).toBeLessThan(1.02);

    const dayu = preset('deploy-p2p', HOUR);
    const n = dayu.ops.deploy.status();
    expect(n.phase).toBe('idle');
    expect(n.onTarget).toBe(5000);
    // the service stop came down to 20–30 min
    expect(n.serviceDowntimeMs).toBeGreaterThanOrEqual(20 * MIN);
    expect(n.serviceDowntimeMs).toBeLessThanOrEqual(30 * MIN);
    // the P2P rollout is far faster than one source, and happens while the service runs
    expect(n.distributionMs * 20).toBeLessThan(o.distributionMs);
    expect(n.distributionMs + n.serviceDowntimeMs).toBeLessThan(n.totalMs + 1);
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
    e.runUntil(2 * HOUR);
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
      e.runUntil(e.now + 3 * HOUR);
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
    const live = new Engine({ ...defaultScenario(), params: { ...small, 'scheduler.enabled': true, 'workload.enabled': true } });
    live.runUntil(MIN);
    live.perturb('deploy-start', { method: 'p2p', mode: 'rolling' });
    live.runUntil(20 * MIN);
    live.perturb('file-flood', { files: 1_000_000 });
    live.runUntil(30 * MIN);
    live.perturb('deploy-rollback');
    live.runUntil(50 * MIN);
    const replay = new Engine(live.scenario());
    replay.runUntil(50 * MIN);
    expect(replay.hash()).toBe(live.hash());
  });
});
