/**
 * `npm run sim`: the engine, headless. See ../shared/docs/cli.md and docs/cli.md.
 * Bad input → one line on stderr, exit 2, nothing on stdout.
 */
import { Engine } from './engine/engine';
import { parseCli, UsageError } from './cliArgs';
import { PRESETS } from './scenario/presets';
import { ScenarioError } from './scenario/schema';

function main(argv: string[]): number {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError || e instanceof RangeError) {
      process.stderr.write(`sim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.list) {
    if (opts.json) process.stdout.write(JSON.stringify(PRESETS.map((p) => ({ name: p.name, summary: p.summary }))) + '\n');
    else for (const p of PRESETS) process.stdout.write(`${p.name.padEnd(22)} ${p.summary}\n`);
    return 0;
  }
  const t0 = performance.now(); // allow-wallclock
  const engine = new Engine(opts.scenario);
  const step = 3_600_000;
  let lastReport = t0;
  while (engine.now < opts.untilMs) {
    engine.runUntil(Math.min(opts.untilMs, engine.now + step));
    const now = performance.now();
    if (now - lastReport > 2000) {
      process.stderr.write(`sim: ${(engine.now / 3_600_000).toFixed(1)} h simulated…\n`);
      lastReport = now;
    }
  }
  const summary = engine.summary(performance.now() - t0, process.env.FEITIAN_APP_URL || undefined);
  if (opts.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
  } else {
    for (const [k, v] of Object.entries(summary)) process.stdout.write(`${k.padEnd(14)} ${typeof v === 'object' ? JSON.stringify(v) : v}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
