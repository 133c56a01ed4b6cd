import { describe, expect, it } from 'vitest';
import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import { presetByName } from '../../../worker/scenario/presets';

/**
 * The deployment presets at the whole 5,000 servers (the figures depend on scale):
 * the old way's stop and Dayu's come out of sizes, bandwidths and steps.
 */
const MIN = 60_000,
  HOUR = 60 * MIN;
const lean = {
  'workload.enabled': false,
  'scheduler.enabled': false,
  'storage.chunks': 10_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'faults.powerCycleFailure': 0,
};
function preset(name: string, until: number, extra: Record<string, number | string | boolean> = {}) {
  const s = presetByName(name)!.scenario;
  const e = new Engine({ ...defaultScenario(), params: { ...s.params, ...lean, ...extra }, timeline: s.timeline });
  // until the deployment is over (checked every 5 simulated minutes), at most `until`
  const started = s.timeline[0].t;
  while (e.now < until && (e.now <= started || e.ops.deploy.busy)) e.runUntil(Math.min(until, e.now + 5 * MIN));
  return e;
}

describe('deployment presets at 5,000 servers (O1, Dayu)', () => {
  it('the old way’s stop is mostly the single-source copy; Dayu’s stop holds no copy at all', () => {
    const old = preset('deploy-cold-single', 6 * HOUR);
    const o = old.ops.deploy.status();
    expect(o.phase).toBe('idle');
    expect(o.way).toBe('old');
    expect(o.onTarget).toBe(5000);
    // the copy inside the stop is 4,999 × package ÷ (source NIC × efficiency)
    const p = old.sim.params;
    const copyMs =
      ((4999 * (p['deploy.packageMB'] + p['deploy.configMB']) * 8) / (p['network.nicGbps'] * 1000 * p['deploy.unpacedEfficiency'])) * 1000;
    expect(o.stopFillMs.copying / copyMs).toBeGreaterThan(0.98);
    expect(o.stopFillMs.copying / copyMs).toBeLessThan(1.02);
    expect(o.stopFillMs.copying).toBeGreaterThan(o.serviceDowntimeMs / 2);

    const dayu = preset('deploy-p2p', HOUR);
    const n = dayu.ops.deploy.status();
    expect(n.phase).toBe('idle');
    expect(n.way).toBe('p2p');
    expect(n.onTarget).toBe(5000);
    expect(n.stopFillMs.copying).toBe(0);
    expect(n.serviceDowntimeMs * 5).toBeLessThan(o.serviceDowntimeMs);
    expect(n.distributionMs * 20).toBeLessThan(o.distributionMs);
  });

  it('staging alone (one source, copied beside the running version) gives Dayu’s stop but hours of copying first', () => {
    const staged = preset('deploy-cold-single', 6 * HOUR, { 'deploy.separateConfig': true }).ops.deploy.status();
    const dayu = preset('deploy-p2p', HOUR).ops.deploy.status();
    expect(staged.way).toBe('staged');
    expect(staged.stopFillMs).toEqual(dayu.stopFillMs);
    expect(staged.distributionMs).toBeGreaterThan(HOUR);
    expect(staged.totalMs).toBeGreaterThan(staged.distributionMs);
  });
});
