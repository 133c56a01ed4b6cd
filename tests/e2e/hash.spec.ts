// One hash in Node and in every browser: for several presets at several simulated
// times, the state hash the page's engine (in Chromium's worker) computes equals the
// hash the CLI (`npm run sim`, the same engine in Node) computes. The engine's
// transcendental functions are its own (worker/engine/core/detmath.ts); with
// Math.exp/log/pow/cos the two differed already at t = 0 (Fuxi's job sizes).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { computeHash, openPage, simTime } from './helpers';

const MIN = 60_000;

/**
 * The state hash of a preset at simulated time t from the CLI (`npm run sim`'s engine in
 * Node). Run as a child process so it works while the browser loads the same run.
 */
async function cliHash(preset: string, t: number): Promise<string> {
  const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['worker/cli.ts', '--scenario', preset, '--until', String(t), '--json'], {
    maxBuffer: 1 << 24,
  });
  return (JSON.parse(stdout) as { stateHash: string }).stateHash;
}

// Times chosen to land inside what each preset is about (the storm on the backup network,
// the machine room without power, memory copies lost) while keeping the page's load —
// the engine replaying up to t — short.
const CASES: { preset: string; times: number[] }[] = [
  { preset: 'default', times: [0, 30 * MIN] },
  { preset: 'mirror-storm-night', times: [0, 12 * MIN] },
  { preset: 'drill-dc-power', times: [11 * MIN] },
  { preset: 'redo-log-dc-power', times: [10.5 * MIN] },
];

for (const { preset, times } of CASES) {
  for (const t of times) {
    test(`${preset} at t = ${t / MIN} min: the page's state hash equals the CLI's`, async ({ page }) => {
      const inNode = cliHash(preset, t);
      // the link's t= makes the worker run to t before the page reports ready
      await openPage(page, `./#preset=${preset}&t=${t}`);
      await expect(page.getByTestId('load-error')).toHaveCount(0);
      expect(await simTime(page)).toBe(t);
      const inBrowser = await computeHash(page);
      expect(inBrowser.t).toBe(t);
      expect({ preset, t, hash: inBrowser.hash }).toEqual({ preset, t, hash: await inNode });
    });
  }
}
