/**
 * `npm run sim`: the engine, headless. See ../shared/docs/cli.md and docs/cli.md.
 * Bad input → one line on stderr, exit 2, nothing on stdout. An engine that fails
 * during the run → one line on stderr naming the simulated time, exit 1 (the stack
 * only with FEITIAN_DEBUG=1).
 */
import { pathToFileURL } from 'node:url';
import { Engine } from './engine/engine';
import { parseCli, UsageError } from './cliArgs';
import { PRESETS } from './scenario/presets';
import { formatCatalogue, paramCatalogue } from './scenario/provenance';
import { ScenarioError } from './scenario/schema';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Reads the arguments (`parseCli`): the options, or the exit status 2 after one line on stderr. */
export function readArgs(argv: string[], io: CliIo = processIo): ReturnType<typeof parseCli> | 2 {
  try {
    return parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError || e instanceof RangeError) {
      io.err(`sim: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

const oneLine = (m: string) => m.replace(/[\r\n]+/g, ' ');

export function main(argv: string[], io: CliIo = processIo): number {
  const opts = readArgs(argv, io);
  if (opts === 2) return 2;
  if (opts.listParams) {
    io.out(opts.json ? JSON.stringify(paramCatalogue()) + '\n' : formatCatalogue(paramCatalogue()));
    return 0;
  }
  if (opts.list) {
    if (opts.json) io.out(JSON.stringify(PRESETS.map((p) => ({ name: p.name, summary: p.summary }))) + '\n');
    else for (const p of PRESETS) io.out(`${p.name.padEnd(22)} ${p.summary}\n`);
    return 0;
  }
  const t0 = performance.now(); // allow-wallclock
  let engine: Engine | undefined;
  try {
    engine = new Engine(opts.scenario);
    const step = 3_600_000;
    let lastReport = t0;
    // at least one runUntil: `--until 0` is the state after the events at t = 0, as the
    // page's `t=0` is (tests/e2e/hash.spec.ts)
    do {
      engine.runUntil(Math.min(opts.untilMs, engine.now + step));
      const now = performance.now(); // allow-wallclock
      if (now - lastReport > 2000) {
        io.err(`sim: ${(engine.now / 3_600_000).toFixed(1)} h simulated…\n`);
        lastReport = now;
      }
    } while (engine.now < opts.untilMs);
  } catch (e) {
    const at = engine ? `at ${engine.now} ms simulated` : 'while building the cluster';
    io.err(`sim: the engine failed ${at}: ${oneLine(String((e as Error)?.message ?? e))}\n`);
    if (process.env.FEITIAN_DEBUG) io.err(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  }
  const summary = engine.summary(performance.now() - t0, process.env.FEITIAN_APP_URL || undefined); // allow-wallclock
  if (opts.json) {
    io.out(JSON.stringify(summary) + '\n');
  } else {
    for (const [k, v] of Object.entries(summary)) io.out(`${k.padEnd(14)} ${typeof v === 'object' ? JSON.stringify(v) : v}\n`);
  }
  return 0;
}

// Run when started as the program (`tsx worker/cli.ts`), not when a test imports `main`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
