/**
 * The API tests' shared plumbing: a SimApi exposed over a real MessageChannel with
 * Comlink, as the page talks to its worker; the clocks they drive it with; the small
 * time-travel cluster. Not a test file (no `.test.`).
 */
import * as Comlink from 'comlink';
import { SimApi, type Clock } from '../../worker/api';
import { wallClock } from '../../worker/wallClock';
import { defaultScenario, type Scenario } from '../../worker/scenario/schema';
import type { BlockFile } from '../../worker/engine/core/checkpoint';

export const MIN = 60_000;

/** The worker's own clock (worker/wallClock.ts). */
export const realClock: Clock = wallClock();

/**
 * A clock whose wall time advances 5 ms at every reading: the engine's work (and so
 * where checkpoints fall and where a replay yields) is measured the same way on any
 * machine, however busy.
 */
export function tickClock(): Clock {
  let w = 0;
  return { now: () => (w += 5), later: realClock.later };
}

/** A small cluster (400 servers, 100,000 chunks), a checkpoint every simulated minute of engine work unless `over` says otherwise, a network change at 5–9 min. */
export const small = (over: Record<string, unknown> = {}): Scenario => ({
  ...defaultScenario(),
  params: { 'cluster.nodes': 400, 'storage.chunks': 100_000, 'timeTravel.spacingMs': MIN, ...over },
  timeline: [
    { t: 5 * MIN, action: 'network-maintenance', args: {} },
    { t: 9 * MIN, action: 'network-restore', args: {} },
  ],
});

let channels: MessageChannel[] = [];
/** A SimApi behind a MessageChannel: the Comlink proxy the page would hold, and the object itself. */
export function connect(clock: Clock, disk: BlockFile | null = null) {
  const ch = new MessageChannel();
  channels.push(ch);
  const impl = new SimApi(clock, (v, t) => Comlink.transfer(v, t), disk);
  Comlink.expose(impl, ch.port1 as unknown as Comlink.Endpoint);
  return { api: Comlink.wrap<SimApi>(ch.port2 as unknown as Comlink.Endpoint), impl };
}
/** Closes the channels connect() opened: each test file calls it from its own afterEach (modules are shared between files, so a hook registered here would run for the first importer only). */
export function closeChannels(): void {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
  channels = [];
}
