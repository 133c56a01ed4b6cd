/**
 * Engine benchmark at the default 5,000-server scenario: build time, simulated
 * seconds per wall second with the default workload, frame build time and size.
 * Targets (issue 2): build ≤ 1 s; ≥ 3,600× real time; frame ≤ 2 ms and ≤ 256 KB.
 */
import { Engine } from '../worker/engine/engine';
import { frameTransferables, type Frame } from '../worker/engine/frame';
import { defaultScenario } from '../worker/scenario/schema';

export function frameBytes(f: Frame): number {
  const bufs = frameTransferables(f).reduce((s, b) => s + b.byteLength, 0);
  const rest = JSON.stringify(f, (k, v) => (ArrayBuffer.isView(v) ? undefined : v)).length;
  return bufs + rest;
}

export function benchEngine() {
  const t0 = performance.now();
  const e = new Engine(defaultScenario());
  const buildMs = performance.now() - t0;

  e.runUntil(600_000); // warm-up: 10 simulated minutes
  const simMs = 2 * 3_600_000;
  const t1 = performance.now();
  e.runUntil(e.now + simMs);
  const runWall = performance.now() - t1;
  const speed = simMs / runWall; // simulated ms per wall ms = × real time

  const frames = 200;
  let bytes = 0;
  let worst = 0;
  const t2 = performance.now();
  for (let i = 0; i < frames; i++) {
    const a = performance.now();
    e.runUntil(e.now + 1000);
    const b = performance.now();
    const f = e.frame(e.sim.log.seq - 50);
    const c = performance.now();
    worst = Math.max(worst, c - b);
    bytes = frameBytes(f);
    void a;
  }
  const frameLoop = performance.now() - t2;
  const tf = performance.now();
  for (let i = 0; i < frames; i++) e.frame(e.sim.log.seq - 50);
  const frameMs = (performance.now() - tf) / frames;

  const th = performance.now();
  const hash = e.hash();
  const hashMs = performance.now() - th;
  return {
    nodes: e.topo.nodes,
    disks: e.topo.disks,
    buildMs: round(buildMs),
    realTimeFactor: Math.round(speed),
    simulatedHoursPerWallSecond: round(speed / 3600),
    frameMs: round(frameMs),
    worstFrameMs: round(worst),
    frameBytes: bytes,
    hashMs: round(hashMs),
    eventsPerSimHour: Math.round(e.sim.events / (e.now / 3_600_000)),
    heapMB: round(process.memoryUsage().heapUsed / 1e6),
    stateHash: hash,
    frameLoopMs: round(frameLoop),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

export const ENGINE_TARGETS = { buildMs: 1000, realTimeFactor: 3600, frameMs: 2, frameBytes: 256 * 1024 };
