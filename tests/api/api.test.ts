/**
 * The worker API exactly as the page uses it: through Comlink over a real
 * MessageChannel (Node's), with frames transferred.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { SimApi, type Clock } from '../../worker/api';
import { wallClock } from '../../worker/wallClock';
import type { Frame } from '../../worker/engine/frame';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario } from '../../worker/scenario/schema';
import { parseLink, runInput } from '../../src/lib/link';

const realClock: Clock = wallClock();
const small = { ...defaultScenario(), params: { 'cluster.nodes': 400 } };

let channels: MessageChannel[] = [];
function connect(clock = realClock) {
  const ch = new MessageChannel();
  channels.push(ch);
  const impl = new SimApi(clock, (v, t) => Comlink.transfer(v, t));
  Comlink.expose(impl, ch.port1 as unknown as Comlink.Endpoint);
  return { api: Comlink.wrap<SimApi>(ch.port2 as unknown as Comlink.Endpoint), impl };
}
afterEach(() => {
  for (const c of channels) {
    c.port1.close();
    c.port2.close();
  }
  channels = [];
});

describe('SimApi over a MessageChannel', () => {
  it('loads, steps, perturbs and hashes like the engine itself', async () => {
    const { api } = connect();
    const info = await api.load({ scenario: small });
    expect(info.nodes).toBe(400);
    expect(info.error).toBeUndefined();
    await api.step(60_000);
    const entry = await api.perturb('rack-power-off', { rack: 2 });
    expect(entry).toEqual({ t: 60_000, action: 'rack-power-off', args: { rack: 2 } });
    const f = await api.step(120_000);
    expect(f.counts.powerOff).toBe(40);
    expect(f.counts.believedDead).toBe(40);
    const direct = new Engine({ ...small, timeline: [entry] });
    direct.runUntil(180_000);
    expect(await api.hash()).toBe(direct.hash());
  });

  it('a share link replays to the same hash at the same time', async () => {
    const { api } = connect();
    await api.load({ scenario: small });
    await api.step(30_000);
    await api.perturb('node-crash', {});
    await api.perturb('network-maintenance', {});
    await api.step(95_500);
    const link = 'http://localhost:4173/sub/#' + (await api.shareHash({ lang: 'zh' }));
    const hash = await api.hash();
    const { api: other } = connect();
    // as the page does: the address read once (src/lib/link.ts), the worker sent its scenario and time
    const info = await other.load(runInput(parseLink(link, { views: [], lessons: [] })));
    expect(info.t).toBe(125_500);
    expect(info.scenario.timeline.length).toBe(2);
    expect(await other.hash()).toBe(hash);
  });

  it('a bad scenario or time loads the default scenario at its start and says what was wrong (a bad link is the page’s to read: link.test.ts)', async () => {
    const { api } = connect();
    const info = await api.load({ scenario: { seed: 1, timeline: [{ t: 0, action: 'rack-power-off', args: { rack: 999 } }] } });
    expect(info.error).toMatch(/rack=999 is not a rack id/);
    expect(info.nodes).toBe(5000);
    for (const until of [-1, '60000' as unknown as number]) {
      const bad = await api.load({ scenario: small, until });
      expect(bad.error).toMatch(/^load: until=.* is not a simulated time in ms/);
      expect(bad.t).toBe(0);
      expect(bad.nodes).toBe(5000);
    }
    // an address is not an input any more: the page parses it and sends the scenario and time
    const link = await api.load({ scenario: small, link: '#t=60000' } as never);
    expect(link.error).toBeUndefined();
    expect(link.t).toBe(0);
  });

  it('rejects bad commands with a RangeError that crosses the channel', async () => {
    const { api } = connect();
    await api.load({ scenario: small });
    await expect(api.perturb('rack-power-off', { rack: 999 })).rejects.toThrow(/not a rack id/);
    await expect(api.setSpeed(0)).rejects.toThrow(/speed/);
    await expect(api.inspectNode(-1)).rejects.toThrow(/no server/);
  });

  it('streams frames while playing, advancing time at the set speed, with transferred buffers', async () => {
    const { api } = connect();
    await api.load({ scenario: small });
    await api.setSpeed(1000);
    const frames: Frame[] = [];
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    await api.subscribe(
      Comlink.proxy((f: Frame) => {
        frames.push(f);
        if (frames.length === 20) resolve();
      }),
    );
    await api.play();
    await done;
    await api.unsubscribe();
    expect(frames[0].nodeState).toBeInstanceOf(Uint8Array);
    expect(frames[0].nodeState.length).toBe(400);
    const t = frames.map((f) => f.t);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThanOrEqual(t[i - 1]);
    expect(t[t.length - 1]).toBeGreaterThan(t[0]);
    await api.pause();
    const t1 = (await api.status()).t;
    await new Promise((r) => setTimeout(r, 50));
    expect((await api.status()).t).toBe(t1);
  });

  it('the frame loop advances by speed × wall time (fake clock)', async () => {
    let wall = 0;
    const pending: (() => void)[] = [];
    const clock: Clock = { now: () => wall, later: (fn) => void pending.push(fn) };
    const impl = new SimApi(clock);
    impl.load({ scenario: small });
    impl.setSpeed(600);
    impl.play();
    const seen: number[] = [];
    impl.subscribe((f) => void seen.push(f.t));
    for (let i = 0; i < 5; i++) {
      wall += 16;
      const fn = pending.shift()!;
      fn();
      await new Promise((r) => setTimeout(r, 0));
    }
    // first loop at wall 16 (after the subscribe at 0), then every 16 ms: 600 × 16 ms each
    expect(seen).toEqual([9600, 19200, 28800, 38400, 48000]);
  });

  it('paused, frames go out only when something changed, or every PAUSED_FRAME_MS (fake clock)', async () => {
    let wall = 0;
    const pending: (() => void)[] = [];
    const clock: Clock = { now: () => wall, later: (fn) => void pending.push(fn) };
    const impl = new SimApi(clock);
    impl.load({ scenario: small });
    let frames = 0;
    impl.subscribe(() => void frames++);
    const loops = async (n: number) => {
      for (let i = 0; i < n; i++) {
        wall += 16;
        pending.shift()!();
        await new Promise((r) => setTimeout(r, 0));
      }
    };
    await loops(1); // the loaded run's first frame
    expect(frames).toBe(1);
    await loops(10); // 160 ms paused, nothing changed: none
    expect(frames).toBe(1);
    await loops(6); // past 250 ms since the last: one, so the page knows the worker lives
    expect(frames).toBe(2);
    impl.perturb('node-crash', { node: 3 }); // an action while paused: on the next loop
    await loops(1);
    expect(frames).toBe(3);
    impl.step(1000); // a step moves the clock: on the next loop
    await loops(1);
    expect(frames).toBe(4);
    impl.play(); // playing: every loop
    await loops(5);
    expect(frames).toBe(9);
  });
});

describe('rewind and fork', () => {
  it('rewinds to an earlier moment exactly, replays the same future, and forks on the next action', () => {
    const impl = new SimApi(realClock);
    impl.load({ scenario: small });
    impl.step(60_000);
    const hashAt1m = impl.hash();
    impl.perturb('rack-power-off', { rack: 1 });
    impl.step(120_000);
    const hashAt3m = impl.hash();
    // back to 1 min: same state as then
    impl.rewind(60_000);
    expect(impl.status().t).toBe(60_000);
    expect(impl.hash()).toBe(hashAt1m);
    // watch again: the recorded power cut happens again
    impl.step(120_000);
    expect(impl.hash()).toBe(hashAt3m);
    // rewind and act differently: the old future is gone
    impl.rewind(30_000);
    impl.perturb('rack-power-off', { rack: 7 });
    expect(impl.scenario().timeline).toEqual([{ t: 30_000, action: 'rack-power-off', args: { rack: 7 } }]);
    impl.step(150_000);
    expect(impl.hash()).not.toBe(hashAt3m);
    expect(() => impl.rewind(999_999)).toThrow(/not between 0 and now/);
  });
});
