import { describe, expect, it } from 'vitest';
import { matchFeeders, servableMB, swarmScratch, swarmTick, type SwarmInput } from '../../../worker/engine/ops/swarm';

/**
 * Dayu's multi-point transfer as a swarm of pieces (ops/swarm.ts), alone: a server
 * serves only whole pieces it held when the tick began, so the spread takes rounds and
 * grows with the logarithm of the number of servers.
 */
const RACK = 40;
function input(nodes: number, o: Partial<SwarmInput> = {}): SwarmInput {
  return {
    nodes,
    racks: Math.ceil(nodes / RACK),
    nodesPerRack: RACK,
    sizeMB: 2000,
    pieceMB: 64,
    flowMbps: 400,
    uploadFlows: 4,
    seedFlowsPerRack: 2,
    uplinkShare: 0.2,
    uplinkMbps: () => 100_000,
    receiverMbps: () => 10_000,
    reachable: () => true,
    inScope: new Uint8Array(nodes).fill(1),
    ...o,
  };
}
/** Seconds (1 s ticks) until every server holds the package. */
function spread(inp: SwarmInput): { s: number; crossMax: number } {
  const have = new Float32Array(inp.nodes);
  have[0] = inp.sizeMB;
  const cross = new Float64Array(inp.racks);
  const sc = swarmScratch(inp.nodes, inp.racks);
  let crossMax = 0;
  for (let s = 1; s < 100_000; s++) {
    cross.fill(0);
    const r = swarmTick(inp, have, cross, 1000, sc);
    for (const c of cross) crossMax = Math.max(crossMax, c);
    if (r.left === 0) return { s, crossMax };
  }
  throw new Error('the swarm never finished');
}

describe('P2P swarm of pieces (O1)', () => {
  it('serves whole pieces only', () => {
    expect(servableMB(63.9, 2000, 64)).toBe(0);
    expect(servableMB(130, 2000, 64)).toBe(128);
    expect(servableMB(2000, 2000, 64)).toBe(2000);
  });

  it('a holder keeps serving new servers once its first are done: holders multiply each round', () => {
    // one feeder with 2 slots, four receivers: the two closest to done are served
    const have = new Float32Array([100, 50, 0, 10, 0]);
    const serv = new Float32Array([100, 0, 0, 0, 0]);
    const fed: number[] = [];
    matchFeeders(
      Int32Array.from([1, 3, 2, 4]),
      Int32Array.from([0]),
      (i) => have[i],
      (i) => serv[i],
      2,
      (to) => fed.push(to),
    );
    expect(fed).toEqual([1, 3]);
  });

  it('store and forward with one upload flow: every doubling of the servers adds one round', () => {
    // the whole package is one piece: a server passes it on only once it holds all of it
    const one = (n: number) => spread(input(n, { pieceMB: 2000, uploadFlows: 1 })).s;
    const t = [160, 320, 640, 1280, 2560].map(one);
    const steps = t.slice(1).map((x, i) => x - t[i]);
    // a round across racks: 2,000 MB at 2 × 400 Mb/s = 20 s
    for (const d of steps) {
      expect(d).toBeGreaterThanOrEqual(19);
      expect(d).toBeLessThanOrEqual(22);
    }
    // logarithmic, not linear: 16× the servers, not 16× the time
    expect(t[4]).toBeLessThan(t[0] * 2);
  });

  it('with pieces the copies pipeline: far faster than store and forward, still growing with the log of the servers', () => {
    const piped = (n: number) => spread(input(n)).s;
    const whole = (n: number) => spread(input(n, { pieceMB: 2000 })).s;
    const a = piped(400),
      b = piped(6400);
    expect(a * 2).toBeLessThan(whole(400));
    expect(b).toBeGreaterThanOrEqual(a); // more rounds
    expect(b).toBeLessThan(a * 1.5); // but 16× the servers cost few
  });

  it('paces each rack’s cross-rack traffic under its share of the uplink', () => {
    const inp = input(1600, { uplinkMbps: () => 4000 });
    const { crossMax } = spread(inp);
    expect(crossMax).toBeGreaterThan(0);
    expect(crossMax).toBeLessThanOrEqual(0.2 * 4000 + 1e-6);
  });

  it('an unreachable server neither receives nor serves; the rest finish', () => {
    const nodes = 400;
    const down = new Set([1, 2, 3, 41, 80]);
    const inp = input(nodes, { reachable: (i) => !down.has(i) });
    const have = new Float32Array(nodes);
    have[0] = inp.sizeMB;
    const sc = swarmScratch(nodes, inp.racks);
    let r = swarmTick(inp, have, new Float64Array(inp.racks), 1000, sc);
    for (let k = 0; k < 2000 && r.left > 0; k++) r = swarmTick(inp, have, new Float64Array(inp.racks), 1000, sc);
    expect(r.left).toBe(0);
    for (const i of down) expect(have[i]).toBe(0);
  });
});
