/**
 * An engine that throws (issue 13): the API reports the error and the timeline entry
 * it came from, refuses to go on with the broken engine, and loads again cleanly.
 * No valid input is known to make the engine throw, so the throw is injected into one
 * real engine method (restored after each test); everything else runs for real, over
 * a real MessageChannel as the page uses it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Comlink from 'comlink';
import type { EngineFailure } from '../../worker/api';
import { closeChannels, connect as connectApi, realClock } from './channel';
import { Servers } from '../../worker/engine/cluster/servers';
import { BackgroundWorkload } from '../../worker/engine/workload/background';
import { defaultScenario, type Scenario } from '../../worker/scenario/schema';
import { boundedMessage, describeFailure, FAILURE_MESSAGE_MAX } from '../../worker/failure';

const scenario: Scenario = {
  ...defaultScenario(),
  params: { 'cluster.nodes': 400 },
  timeline: [
    { t: 10_000, action: 'rack-power-off', args: { rack: 1 } },
    { t: 30_000, action: 'node-crash', args: { node: 5 } },
  ],
};

const connect = () => connectApi(realClock).api;
afterEach(() => {
  vi.restoreAllMocks();
  closeChannels();
});

/** node-crash throws, as a bug in its effect would */
function breakCrash() {
  vi.spyOn(Servers.prototype, 'crash').mockImplementation(() => {
    throw new TypeError('injected: cannot read properties of undefined');
  });
}

describe('an engine that throws', () => {
  it('is reported with the entry being applied; the run refuses to go on until a load without it', async () => {
    breakCrash();
    const api = connect();
    await api.load({ scenario });
    await api.step(20_000); // the power-off at 10 s applies fine
    const err = await api.step(20_000).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('EngineFailure');
    expect((err as Error).message).toContain('injected');
    const f = (await api.failure())!;
    expect(f).toMatchObject({ name: 'TypeError', t: 30_000, entry: { index: 1, t: 30_000, action: 'node-crash', args: { node: 5 }, during: true } });
    // the broken engine is not advanced again, nor perturbed
    await expect(api.step(1000)).rejects.toThrow(/injected/);
    await expect(api.perturb('rack-power-on', { rack: 1 })).rejects.toThrow(/injected/);
    // the same scenario fails again, loaded to a time past the entry
    await expect(api.load({ scenario, until: 40_000 })).rejects.toThrow(/injected/);
    expect((await api.failure())?.entry?.index).toBe(1);
    // without the entry: a clean run, no failure
    const without = { ...scenario, timeline: scenario.timeline.filter((_, i) => i !== 1) };
    const info = await api.load({ scenario: without, until: 40_000 });
    expect(info.t).toBe(40_000);
    expect(await api.failure()).toBeNull();
    expect((await api.step(1000)).t).toBe(41_000);
  });

  it('a live perturbation that throws fails the run; a refused one does not', async () => {
    breakCrash();
    const api = connect();
    await api.load({ scenario: { ...scenario, timeline: [] } });
    await api.step(5000);
    const refused = await api.perturb('hasOwnProperty', {}).catch((e: Error) => e);
    expect((refused as Error).name).toBe('RangeError');
    expect(await api.failure()).toBeNull();
    await expect(api.perturb('node-crash', { node: 3 })).rejects.toThrow(/injected/);
    expect(await api.failure()).toMatchObject({ t: 5000, entry: { index: 0, action: 'node-crash', args: { node: 3 }, during: true } });
    // the recorded scenario holds the entry, so a restart can drop it by index
    expect((await api.scenario()).timeline[0]).toMatchObject({ action: 'node-crash' });
  });

  it('a throw later in the run names the last entry applied before it', async () => {
    const tick = BackgroundWorkload.prototype.tick;
    vi.spyOn(BackgroundWorkload.prototype, 'tick').mockImplementation(function (this: BackgroundWorkload, ...a: Parameters<typeof tick>) {
      if ((this as unknown as { sim: { now: number } }).sim.now >= 45_000) throw new RangeError('injected: out of range');
      return tick.apply(this, a);
    });
    const api = connect();
    await api.load({ scenario });
    await expect(api.step(60_000)).rejects.toThrow(/injected/);
    const f = (await api.failure())!;
    expect(f.t).toBeGreaterThanOrEqual(45_000);
    expect(f.entry).toMatchObject({ index: 1, action: 'node-crash', during: false });
  });

  it('during play: the frame loop stops and tells the failure sink once', async () => {
    breakCrash();
    const api = connect();
    await api.load({ scenario });
    await api.setSpeed(20_000);
    const failures: EngineFailure[] = [];
    let frames = 0;
    let lastT = 0;
    let told!: () => void;
    const once = new Promise<void>((r) => (told = r));
    await api.subscribe(
      Comlink.proxy((f: { t: number }) => {
        frames++;
        lastT = f.t;
      }),
      16,
      Comlink.proxy((f: EngineFailure) => {
        failures.push(f);
        told();
      }),
    );
    await api.play();
    await once;
    const framesThen = frames;
    // the loop keeps running (idle); another round trip shows nothing more was sent
    await api.status();
    await new Promise((r) => setTimeout(r, 100));
    await api.unsubscribe();
    expect(failures).toHaveLength(1);
    expect(failures[0].entry).toMatchObject({ index: 1, action: 'node-crash', t: 30_000 });
    expect(frames).toBe(framesThen);
    expect(lastT).toBeLessThanOrEqual(30_000);
    expect((await api.status()).playing).toBe(false);
  });
});

describe('describeFailure', () => {
  it('bounds the message and names no entry before the first one is applied', () => {
    const big = new Error('x'.repeat(1_000_000));
    expect(boundedMessage(big).length).toBe(FAILURE_MESSAGE_MAX);
    const f = describeFailure(big, 0, scenario.timeline, 0);
    expect(f.entry).toBeUndefined();
    expect(f.message.length).toBe(FAILURE_MESSAGE_MAX);
    expect(describeFailure('boom', 10_000, scenario.timeline, 1)).toMatchObject({
      name: 'Error',
      message: 'boom',
      entry: { index: 0, during: true },
    });
  });
});
