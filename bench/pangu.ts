/**
 * Pangu benchmark (issue 3), `npx tsx bench/pangu.ts`: placing the default
 * 1,000,000 chunks; recovering a whole rack at default scale (wall and simulated
 * time); memory per replica; building 10,000,000 chunks; the default engine's speed
 * with and without the chunk table; the what-if count of replica sets.
 * Targets: placement ≤ 1 s; rack recovery ≤ 5 s wall; ≤ 60 bytes per replica;
 * engine build ≤ 1 s; ≥ 3,600× real time. Prints one JSON object, then human lines.
 */
import { Engine } from '../worker/engine/engine';
import { defaultScenario } from '../worker/scenario/schema';
import { defaultParams } from '../worker/scenario/params';
import { Sim } from '../worker/engine/sim';
import { buildTopology } from '../worker/engine/cluster/topology';
import { buildFiles, ChunkTable } from '../worker/engine/pangu/chunks';
import { Placement } from '../worker/engine/pangu/placement';

const now = () => performance.now(); // allow-wallclock
const HOUR = 3_600_000;

/** Files + placement + lists and counters for `chunks` chunks on the default cluster. */
function place(chunks: number, policy: 'rack-aware' | 'random' | 'copyset' = 'rack-aware') {
  const p = { ...defaultParams(), 'storage.chunks': chunks };
  const sim = new Sim(p, 1);
  const topo = buildTopology(p);
  const mem0 = process.memoryUsage();
  const t0 = now();
  const files = buildFiles(chunks, p['storage.chunksPerFile'], 3, 0, sim.rng.get('pangu.files'));
  const t = new ChunkTable(files, 3, topo.disks, topo.disksPerNode, () => 0);
  new Placement(topo, t).placeAll(policy, p['storage.scatterWidth'], 1_000_000, sim.rng.get('pangu.placement'), sim.rng.get('pangu.copysets'));
  t.finishBuild();
  const ms = now() - t0;
  const mem1 = process.memoryUsage();
  const used = mem1.arrayBuffers + mem1.heapUsed - (mem0.arrayBuffers + mem0.heapUsed);
  return {
    ms,
    replicas: t.replicas,
    tableBytes: t.byteLength(),
    bytesPerReplica: t.byteLength() / t.replicas,
    processBytesPerReplica: used / t.replicas,
  };
}

function speed(params: Record<string, number | string | boolean>, hours: number) {
  const t0 = now();
  const e = new Engine({ ...defaultScenario(), params });
  const buildMs = now() - t0;
  e.runUntil(600_000);
  const t1 = now();
  e.runUntil(e.now + hours * HOUR);
  return { buildMs, speedX: (hours * HOUR) / (now() - t1) };
}

function rackRecovery(rack: number) {
  const e = new Engine(defaultScenario());
  e.runUntil(60_000);
  const p = e.pangu;
  const t = p.table;
  const start = e.now;
  const t0 = now();
  const npr = e.topo.nodesPerRack;
  // The rack's 40 servers never come back (with their 480 disks): everything on them must be re-created.
  for (let n = rack * npr; n < (rack + 1) * npr; n++) e.servers.destroy(n);
  const replicasLost = 3 * t.chunks - t.replicas;
  let peakUnder = 0;
  while (e.now < start + 48 * HOUR) {
    e.runUntil(e.now + 60_000);
    peakUnder = Math.max(peakUnder, t.underReplicated);
    if (e.now > start + 10 * 60_000 && t.underReplicated === 0 && p.rereplication.copying === 0) break;
  }
  const wallMs = now() - t0;
  return {
    replicasLost,
    bytes: replicasLost * p.chunkBytes,
    simulatedMs: t.lastTimeToRedundancyMs,
    detectionDelayMs: e.sim.params['detection.deadAfterMs'],
    wallMs,
    lost: t.lost,
    peakUnder,
    peakGbps: p.rereplication.peakGbps,
    peakCoreUtil: e.sim.counters.peakCoreUtilization ?? 0,
    falselyDead: e.sim.counters.falselyDeclaredDead ?? 0,
    done: t.underReplicated === 0,
  };
}

function whatIfCost() {
  const e = new Engine(defaultScenario());
  const t0 = now();
  const w = e.pangu.whatIf(50);
  const ms = now() - t0;
  return { ms, sets: w.sets, pLoss: w.pLoss, expectedLostChunks: w.expectedLostChunks };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const placeDefault = [place(1_000_000), place(1_000_000), place(1_000_000)].sort((a, b) => a.ms - b.ms)[1];
const place10M = place(10_000_000);
const rack = rackRecovery(17);
const withChunks = speed({}, 3);
const withoutChunks = speed({ 'storage.chunks': 0, 'detection.slowDiskEnabled': false }, 3);
const wi = whatIfCost();
const out = {
  placeDefault: { ms: r1(placeDefault.ms), bytesPerReplica: r1(placeDefault.bytesPerReplica), tableMB: r1(placeDefault.tableBytes / 1e6) },
  place10M: {
    ms: r1(place10M.ms),
    bytesPerReplica: r1(place10M.bytesPerReplica),
    processBytesPerReplica: r1(place10M.processBytesPerReplica),
    tableMB: r1(place10M.tableBytes / 1e6),
  },
  rackRecovery: { ...rack, wallMs: r1(rack.wallMs), peakGbps: r1(rack.peakGbps), peakCoreUtil: Math.round(rack.peakCoreUtil * 1000) / 1000 },
  engine: {
    buildMs: r1(withChunks.buildMs),
    speedX: Math.round(withChunks.speedX),
    buildMsWithoutChunks: r1(withoutChunks.buildMs),
    speedXWithoutChunks: Math.round(withoutChunks.speedX),
  },
  whatIf: { ms: r1(wi.ms), sets: wi.sets, pLoss: wi.pLoss, expectedLostChunks: wi.expectedLostChunks },
};
console.log(JSON.stringify(out));
const ok = (b: boolean) => (b ? 'ok ' : 'MISS');
console.log(
  `${ok(out.placeDefault.ms <= 1000)} place 1,000,000 chunks × 3: ${out.placeDefault.ms} ms (target ≤ 1 s), ${out.placeDefault.bytesPerReplica} B/replica in typed arrays (≤ 60), ${out.placeDefault.tableMB} MB`,
);
console.log(
  `${ok(out.place10M.bytesPerReplica <= 60)} build 10,000,000 chunks × 3: ${out.place10M.ms} ms, ${out.place10M.bytesPerReplica} B/replica (${out.place10M.processBytesPerReplica} by process.memoryUsage), ${out.place10M.tableMB} MB`,
);
console.log(
  `${ok(rack.wallMs <= 5000)} recover rack 17 destroyed (${rack.replicasLost} replicas, ${(rack.bytes / 1e12).toFixed(0)} TB): ${(rack.simulatedMs / 60_000).toFixed(1)} simulated min to full redundancy (after ${rack.detectionDelayMs / 1000} s detection), ${out.rackRecovery.wallMs} ms wall (≤ 5 s); peak ${out.rackRecovery.peakGbps} Gb/s, core util peak ${out.rackRecovery.peakCoreUtil}, ${rack.lost} chunks lost`,
);
console.log(
  `${ok(out.engine.buildMs <= 1000 && out.engine.speedX >= 3600)} default engine: build ${out.engine.buildMs} ms (≤ 1 s), ${out.engine.speedX}× real time (≥ 3,600×); without chunks: build ${out.engine.buildMsWithoutChunks} ms, ${out.engine.speedXWithoutChunks}×`,
);
console.log(
  `     what-if (F = 50 of 5,000): ${out.whatIf.ms} ms to count ${out.whatIf.sets} replica sets; P(loss) ${out.whatIf.pLoss.toFixed(3)}, expected ${out.whatIf.expectedLostChunks.toFixed(2)} chunks`,
);
