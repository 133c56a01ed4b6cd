// One hash in Node and in every browser: for several presets at several simulated
// times, the state hash the page's engine (in Chromium's worker) computes equals the
// hash the CLI's engine (`npm run sim`: the same Engine in Node) computes. The engine's
// transcendental functions are its own (worker/engine/core/detmath.ts); with
// Math.exp/log/pow/cos the two differed already at t = 0 (Fuxi's job sizes).
import { expect, test } from '@playwright/test';
import { Engine } from '../../worker/engine/engine';
import { presetByName } from '../../worker/scenario/presets';
import { computeHash, simTime } from './helpers';

const MIN = 60_000;

/**
 * The state hash of a preset at simulated time t in this Node process: what
 * `npm run sim -- --scenario <preset> --until <t> --json` prints as stateHash (worker/cli.ts
 * builds the same Engine and runs it to t), without starting a process per case.
 */
function nodeHash(preset: string, t: number): string {
  const p = presetByName(preset);
  if (!p) throw new Error(`no preset named ${preset}`);
  const e = new Engine(structuredClone(p.scenario));
  e.runUntil(t);
  return e.hash();
}

// Times chosen to land inside what each preset is about (the storm on the backup network,
// the machine room without power, memory copies lost) while keeping the page's load —
// the engine replaying up to t — short.
const CASES: { preset: string; times: number[] }[] = [
  { preset: 'default', times: [0, 30 * MIN] },
  { preset: 'mirror-storm-night', times: [12 * MIN] }, // at t = 0 its hash is the default's (same seed)
  { preset: 'drill-dc-power', times: [11 * MIN] },
  { preset: 'redo-log-dc-power', times: [10.5 * MIN] },
];

for (const { preset, times } of CASES) {
  for (const t of times) {
    test(`${preset} at t = ${t / MIN} min: the page's state hash equals the CLI's`, async ({ page }) => {
      // the link's t= makes the page's worker run to t before it reports ready; Node
      // computes the same run meanwhile (the two share the machine's cores)
      await page.goto(`./#preset=${preset}&t=${t}`);
      const inNode = nodeHash(preset, t);
      await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
      await expect(page.getByTestId('load-error')).toHaveCount(0);
      expect(await simTime(page)).toBe(t);
      const inBrowser = await computeHash(page);
      expect(inBrowser.t).toBe(t);
      expect({ preset, t, hash: inBrowser.hash }).toEqual({ preset, t, hash: inNode });
    });
  }
}
