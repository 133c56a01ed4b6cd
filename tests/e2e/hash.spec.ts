// One hash in Node and in every browser: for several presets at several simulated
// times, the state hash the page's engine (in Chromium's worker) computes equals the
// hash the CLI's engine (`npm run sim`: the same Engine in Node) computes. The engine's
// transcendental functions are its own (worker/engine/core/detmath.ts); with
// Math.exp/log/pow/cos the two differed already at t = 0 (Fuxi's job sizes).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { Engine } from '../../worker/engine/engine';
import { presetByName } from '../../worker/scenario/presets';
import type { Scenario } from '../../worker/scenario/schema';
import { engineStamp, expectSimTime } from './helpers';

const MIN = 60_000;
/**
 * Each preset on 1,000 servers instead of 5,000: the same mechanisms and the same maths,
 * at a fifth of the replay time (the point is equality, not scale; on a busy 2-core
 * machine five full-scale replays in two engines each ran close to the test timeout).
 */
const NODES = 1000;

function scenarioOf(preset: string): Scenario {
  const p = presetByName(preset);
  if (!p) throw new Error(`no preset named ${preset}`);
  const s = structuredClone(p.scenario);
  return { ...s, params: { ...s.params, 'cluster.nodes': NODES } };
}

/**
 * The state hash of a preset at simulated time t in this Node process: what
 * `npm run sim -- --scenario <preset> --set cluster.nodes=1000 --until <t> --json` prints
 * as stateHash (worker/cli.ts builds the same Engine and runs it to t), without
 * starting a process per case.
 */
function nodeHash(preset: string, t: number): string {
  const e = new Engine(scenarioOf(preset));
  e.runUntil(t);
  return e.hash();
}

/** The same from the CLI itself (a process: `tsx worker/cli.ts … --json`), for one case. */
async function cliHash(preset: string, t: number): Promise<string> {
  const args = ['worker/cli.ts', '--scenario', preset, '--set', `cluster.nodes=${NODES}`, '--until', String(t), '--json'];
  const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', args, { maxBuffer: 1 << 24 });
  return (JSON.parse(stdout) as { stateHash: string }).stateHash;
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
      // The link (the preset's scenario on NODES servers) with t= makes the page's worker
      // run to t before it reports ready; Node computes the same run meanwhile. At t = 0,
      // where the hashes first parted, the CLI process itself is asked too.
      const viaCli = t === 0 ? cliHash(preset, t) : null;
      const link = Buffer.from(JSON.stringify(scenarioOf(preset)), 'utf8').toString('base64url');
      await page.goto(`./#s=${link}&t=${t}`);
      const inNode = nodeHash(preset, t);
      await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
      await expect(page.getByTestId('load-error')).toHaveCount(0);
      await expectSimTime(page, t); // the first frame of the loaded run may follow the ready phase
      // the page's SimClient.hash(): what the run info's "Compute hash" shows
      const inBrowser = await engineStamp(page);
      expect(inBrowser.t).toBe(t);
      expect({ preset, t, hash: inBrowser.hash }).toEqual({ preset, t, hash: inNode });
      if (viaCli) expect(await viaCli).toBe(inBrowser.hash);
    });
  }
}
