/**
 * The write path (issue 5: P4, P5): clients writing files on top of the cluster,
 * with the write mode chosen by `writes.mode`:
 *  - `pipeline` (P4): success when all replicas have written to disk;
 *  - `redo-log` (P5): success when `writes.memoryCopies` servers have the write in
 *    memory, flushed to disk in the background within `writes.flushDeadlineMs`;
 *  - `majority` (Pangu today): success when 2 of 3 replicas have written.
 * Composes the client workload (workload.ts), the latency model (pipeline.ts), the
 * choice of servers with isolation and admission (choice.ts), the redo log's memory
 * buffers, flushes, deadlines and exact loss (redoLog.ts), the sampled flush
 * timeline (flushTimeline.ts), scrubbing (scrubbing.ts) and the latency histograms
 * (latency.ts). Writes are cohorts per tick and stream, never objects.
 *
 * Hooks into the rest of the engine: a server losing power or crashing loses its
 * memory (`servers.listeners`); a flush timeout tells the master, which copies the
 * late data elsewhere and marks the disk suspect (Pangu P6: no new data goes to it,
 * its replicas are re-created); a write error raises an alarm (operations rule
 * `redo-write-error`); scrubbing drops corrupt replicas from Pangu's map, so
 * re-replication restores them.
 */
import type { Sim } from '../sim';
import type { Rng } from '../core/rng';
import type { Topology } from '../cluster/topology';
import { CRASHED, GONE, POWER_OFF, type Servers, UP } from '../cluster/servers';
import type { Network } from '../cluster/network';
import type { HeartbeatDetector } from '../detection/heartbeat';
import type { BackgroundWorkload } from '../workload/background';
import type { Pangu } from '../pangu/pangu';
import type { Metrics } from '../metrics';
import type { Monitoring } from '../ops/monitoring';
import { D_NORMAL } from '../pangu/slowDisk';
import { WriteWorkload } from './workload';
import { EXP, WriteLatencyModel } from './pipeline';
import { type AdmissionLimits, REFUSE_NAMES, REFUSE_REACH, TargetChoice } from './choice';
import { CAUSES, MAXT, RedoLog } from './redoLog';
import { FlushTimeline, H_DISK, H_MEMORY, type TimelineView } from './flushTimeline';
import { Scrubbing } from './scrubbing';
import { BINS, BINS_PER_OCTAVE, LatencyHistograms, MIN_MS, MODES, ROW_ACTUAL, ROW_FLUSH, ROW_MAJORITY, ROW_PIPELINE, ROW_REDO } from './latency';

/** streams whose writes are sampled for the flush timeline */
export const SAMPLE_STREAMS = 4;
/** latency realizations drawn per tick (round robin over the streams) */
export const DRAWS_PER_TICK = 16;
/** sampled records in each frame (the API gives the whole ring) */
export const FRAME_TIMELINE = 160;
/**
 * a stream's servers are asked whether they still accept (disk, fullness, memory, I/O
 * queue) every this many ticks, staggered over the streams; reachability every tick.
 * A flush that fails or falls behind is seen by the redo log itself at once.
 */
export const ADMIT_EVERY = 8;
/** the recent latency window, ms */
export const RECENT_MS = 60_000;

export interface WritesDeps {
  readonly sim: Sim;
  readonly topo: Topology;
  readonly servers: Servers;
  readonly net: Network;
  readonly detector: HeartbeatDetector;
  readonly workload: BackgroundWorkload;
  readonly pangu: Pangu;
  readonly ops: { readonly monitoring: Monitoring };
}

export interface WritesFrame {
  enabled: boolean;
  mode: string;
  streams: number;
  /** acknowledged writes over the run */
  acked: number;
  /** acknowledged writes per second in the last tick */
  ackedPerSec: number;
  /** acknowledged writes later lost (redo log), and per cause */
  ackedLost: number;
  lostByCause: Record<string, number>;
  /** writes the clients could not place (no accepting servers) */
  stalled: number;
  /** unflushed redo-log bytes in all servers' memory now */
  memoryBytes: number;
  /** age of the oldest unflushed write now, ms (−1: none) */
  oldestUnflushedMs: number;
  maxFlushDelayMs: number;
  flushTimeouts: number;
  writeErrors: number;
  refusals: number;
  scrubFound: number;
  /** histogram bins: BINS bins, binsPerOctave per octave from minMs (bin b's lower edge = minMs × 2^(b>>3) × (1 + (b&7)/8)) */
  bins: number;
  binsPerOctave: number;
  minMs: number;
  /** recent window (~1 min) per mode — the mode in use as it happened, the others as the same writes would have fared */
  latency: { pipeline: Uint32Array; 'redo-log': Uint32Array; majority: Uint32Array };
  /** recent p50 / p99 per mode, ms */
  p50Ms: { pipeline: number; 'redo-log': number; majority: number };
  p99Ms: { pipeline: number; 'redo-log': number; majority: number };
  /** recent memory-to-disk flush delays (first holder of each segment) */
  flushDelay: Uint32Array;
  /** unflushed redo-log memory per server, 0–255 of writes.memoryLimitMB (1 = some); empty while no server holds any (pipeline modes) */
  nodeMemory: Uint8Array;
  /** sampled writes (see flushTimeline.ts) */
  timeline: TimelineView;
}

export interface LatencyRow {
  /** whole run, writes per bin */
  total: Uint32Array;
  /** recent window (~1 min, decayed) */
  recent: Uint32Array;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  writes: number;
}

export interface WriteLatencyView {
  mode: string;
  bins: number;
  binsPerOctave: number;
  minMs: number;
  /** pipeline, redo-log, majority (the mode in use as it happened, the others for the same writes), actual (as they happened), flushDelay (memory → disk) */
  rows: Record<'pipeline' | 'redo-log' | 'majority' | 'actual' | 'flushDelay', LatencyRow>;
}

export class Writes {
  readonly load: WriteWorkload;
  readonly model: WriteLatencyModel;
  readonly choice: TargetChoice;
  readonly redo: RedoLog;
  readonly timeline: FlushTimeline;
  readonly scrub: Scrubbing;
  readonly hist = new LatencyHistograms();
  readonly streams: number;
  /** each stream's servers and disks (MAXT per stream) and their count */
  readonly tNode: Int32Array;
  readonly tDisk: Int32Array;
  readonly tN: Uint8Array;
  /** signature of the rules the targets were chosen under (mode, isolation, copies); 255 none */
  readonly tSig: Uint8Array;
  /** writes since the stream's last latency draw */
  readonly pend: Float64Array;
  /** write traffic leaving each rack over its uplink (the streams' standing load), Gb/s */
  readonly rackGbps: Float64Array;
  /** disk utilization each stream adds on each of its servers' disks, and one write's service time there */
  readonly tUtil: Float64Array;
  readonly tSvc: Float64Array;
  /** 1 when one of the stream's servers changed (truth, switch, the master's belief): ask them again */
  readonly dirty: Uint8Array;
  private readonly torSeen: Uint8Array;
  /** stream targets on each server */
  private readonly nodeTargets: Uint16Array;
  /** rate, write size and positioning time the standing load was computed with */
  private loadRate = 0;
  private loadSize = 0;
  private loadAccess = 0;
  acked = 0;
  stalled = 0;
  /** ticks so far (staggers the admission checks) */
  ticks = 0;
  reselections = 0;
  ackedPerSec = 0;
  reportsToMaster = 0;
  lastTimeoutAt = -1;
  lastWriteErrorAt = -1;
  private drawPtr = 0;
  private pendingLost = 0;
  private pendingCause = 0;
  private pendingNode = -1;
  private readonly tmpNodes = new Int32Array(MAXT);
  private readonly tmpDisks = new Int32Array(MAXT);
  private readonly tmpMBps = new Float32Array(MAXT);
  private readonly lim: AdmissionLimits = { memoryBytes: 0, ioQueueMs: 0, fullShare: 1, redo: false };
  /** the last realization: per mode latency, and per target arrival / disk-done offsets (ms from issue) */
  private readonly real = new Float64Array(3);
  private readonly realArrive = new Float64Array(MAXT);
  private readonly realDone = new Float64Array(MAXT);
  private readonly par = new Float64Array(MAXT);
  private readonly direct = new Float64Array(MAXT);
  private readonly rngLatency: Rng;
  private readonly rngChoice: Rng;
  private readonly rngSample: Rng;
  /** per tick: replicas of a pipeline write, the retransmission timeout */
  private replication = 3;
  private retransmitMs = 200;

  constructor(private readonly d: WritesDeps) {
    const { sim, topo, servers, net, detector, workload, pangu } = d;
    this.rngLatency = sim.rng.get('writes.latency');
    this.rngChoice = sim.rng.get('writes.choice');
    this.rngSample = sim.rng.get('writes.sample');
    this.load = new WriteWorkload(sim, topo);
    const S = this.load.streams;
    this.streams = S;
    this.model = new WriteLatencyModel(sim, topo, servers, net, workload, pangu);
    this.redo = new RedoLog(sim, S, topo.nodes, topo.disks, {
      flushCapacity: (disk, mbps, dt) => this.model.flushCapacity(disk, mbps, dt),
      diskFailed: pangu.diskFailed,
      onFlushTimeout: (node, disk, age) => this.flushTimeout(node, disk, age),
      onWriteError: (node, disk, bytes) => this.writeError(node, disk, bytes),
      onSampleFlush: (g, j, a, b, t0, t1) => this.timeline.flushed(g, j, a, b, t0, t1),
      onSampleLost: (g, s, from) => this.timeline.segLost(g, s, from),
      onSampleLaneEnd: (g, j, st) => this.timeline.laneEnded(g, j, st),
    });
    this.redo.sampleStreams = Math.min(SAMPLE_STREAMS, S);
    this.redo.flushHist = this.hist;
    this.choice = new TargetChoice(topo, servers, detector, { diskBelief: pangu.diskBelief, diskFailed: pangu.diskFailed, diskCapacity: pangu.diskCapacity, diskReplicas: (disk) => pangu.table.lists.len[disk] }, this.redo.nodeMem, this.redo.diskOverdue, this.redo.diskQueueMs);
    this.timeline = new FlushTimeline(sim);
    this.scrub = new Scrubbing(sim, topo, {
      diskFailed: pangu.diskFailed,
      replicasOn: (disk) => pangu.table.lists.len[disk],
      replicaAt: (disk, i) => pangu.table.lists.get(disk, i),
      diskOfReplica: (rid) => pangu.table.slotDisk[rid],
      dropCorrupt: (rid, disk) => this.dropCorrupt(rid, disk),
    });
    this.tNode = new Int32Array(S * MAXT).fill(-1);
    this.tDisk = new Int32Array(S * MAXT).fill(-1);
    this.tN = new Uint8Array(S);
    this.tSig = new Uint8Array(S).fill(255);
    this.pend = new Float64Array(S);
    this.rackGbps = new Float64Array(topo.racks);
    this.tUtil = new Float64Array(S * MAXT);
    this.tSvc = new Float64Array(S * MAXT);
    this.dirty = new Uint8Array(S);
    this.torSeen = servers.torUp.slice();
    this.nodeTargets = new Uint16Array(topo.nodes);
    this.loadRate = sim.params['writes.ratePerStream'];
    this.loadSize = sim.params['writes.sizeKB'] * 1024;
    this.loadAccess = sim.params['writes.diskAccessMs'];
    const t = (name: string, get: () => ArrayBufferView) => sim.track('writes.' + name, get);
    t('tNode', () => this.tNode);
    t('tDisk', () => this.tDisk);
    t('tN', () => this.tN);
    t('tSig', () => this.tSig);
    t('pend', () => this.pend);
    t('rackGbps', () => this.rackGbps);
    t('tUtil', () => this.tUtil);
    t('tSvc', () => this.tSvc);
    t('dirty', () => this.dirty);
    t('torSeen', () => this.torSeen);
    t('nodeTargets', () => this.nodeTargets);
    t('hist.total', () => this.hist.total);
    t('hist.recent', () => this.hist.recent);
    sim.trackScalar('writes.hist.pendingDecayMs', () => this.hist.pendingDecayMs);
    t('refusals', () => this.choice.refusals);
    for (const k of ['acked', 'stalled', 'ticks', 'loadRate', 'loadSize', 'loadAccess', 'reselections', 'ackedPerSec', 'reportsToMaster', 'lastTimeoutAt', 'lastWriteErrorAt', 'drawPtr', 'pendingLost', 'pendingCause', 'pendingNode'] as const)
      sim.trackScalar('writes.' + k, () => this[k]);
    servers.listeners.push((node, _before, after) => this.onTruth(node, after));
    pangu.onDiskFailed.push((disk) => this.redo.diskFailed(disk));
    detector.onDead.push((node) => this.markNode(node));
    detector.onAlive.push((node) => this.markNode(node));
    this.addRules(d.ops.monitoring);
  }

  get enabled(): boolean {
    const p = this.d.sim.params;
    return p['writes.enabled'] && p['workload.enabled'];
  }

  // ---- events from the cluster ---------------------------------------------------------

  private onTruth(node: number, after: number): void {
    this.markNode(node);
    if (after !== CRASHED && after !== POWER_OFF && after !== GONE) return;
    if (this.redo.nodeLanes[node] > 0) this.catchUp(node);
    const { servers, topo } = this.d;
    const r = topo.rackOf[node];
    const cause =
      after === CRASHED ? 3 : after === GONE ? 4 : !servers.dcPower ? 2 : !servers.domainPower[topo.domainOf[r]] ? 1 : 0;
    const lost = this.redo.memoryLost(node, cause);
    if (lost > 0) {
      this.pendingLost += lost;
      this.pendingCause = cause;
      this.pendingNode = node;
    }
  }

  /**
   * A server holding redo-log memory fails between ticks: the streams writing to it
   * first issue (and have acknowledged) their writes up to this moment, into its
   * memory and that of their other servers.
   */
  private catchUp(node: number): void {
    const { sim } = this.d;
    const p = sim.params;
    if (!this.enabled || p['writes.mode'] !== 'redo-log') return;
    const now = sim.now;
    const size = p['writes.sizeKB'] * 1024;
    const rate = p['writes.ratePerStream'];
    const log = this.redo;
    for (let s = 0; s < this.streams; s++) {
      if (log.cur[s] < 0 || this.load.lastT[s] >= now) continue;
      const o = s * MAXT;
      let holds = false;
      for (let i = 0; i < this.tN[s]; i++) if (this.tNode[o + i] === node) holds = true;
      if (!holds) continue;
      const span = now - this.load.lastT[s];
      const n = this.load.draw(s, now, rate);
      if (n === 0) continue;
      this.acked += n;
      this.pend[s] += n;
      const before = log.cum[s];
      log.append(s, n, n * size, now);
      if (s < SAMPLE_STREAMS) this.sample(s, ROW_REDO, n, size, before, now, span);
    }
  }

  private flushTimeout(node: number, disk: number, ageMs: number): void {
    const { sim, topo, pangu } = this.d;
    this.lastTimeoutAt = sim.now;
    this.reportsToMaster++;
    sim.note({ code: 'writes.flushTimeout', node, disk, rack: topo.rackOf[node], v: Math.round(ageMs) });
    // The master re-replicates the late data (done by the redo log) and stops trusting the disk (P6 step 1–2).
    if (pangu.diskBelief[disk] === D_NORMAL && !pangu.diskFailed[disk]) pangu.suspect(disk);
  }

  private writeError(node: number, disk: number, bytes: number): void {
    const { sim, topo } = this.d;
    this.lastWriteErrorAt = sim.now;
    this.reportsToMaster++;
    sim.note({ code: 'writes.writeError', node, disk, rack: topo.rackOf[node], v: Math.round(bytes) });
  }

  private dropCorrupt(rid: number, disk: number): void {
    const { sim, topo, pangu } = this.d;
    const t = pangu.table;
    const node = (disk / topo.disksPerNode) | 0;
    const before = t.lostPending;
    const chunk = (rid / t.slots) | 0;
    t.removeReplica(rid);
    sim.note({ code: 'writes.scrubCorrupt', disk, node, rack: topo.rackOf[node], v: chunk });
    if (t.lostPending > before) {
      sim.note({ code: 'storage.chunksLost', v: t.lostPending - before, disk, node, rack: topo.rackOf[node] });
      t.lostPending = before;
    }
  }

  private addRules(m: Monitoring): void {
    const sim = this.d.sim;
    m.addRule({
      id: 'redo-write-error', doc: 'a redo-log flush hit a write error (bad or full disk); the master copies the data elsewhere', scope: 'cluster', severity: 'critical', owner: 'pangu',
      forMs: () => 0,
      test: () => this.lastWriteErrorAt >= 0 && sim.now - this.lastWriteErrorAt < 60_000,
      value: () => this.redo.writeErrors,
      since: () => this.lastWriteErrorAt,
      autoHandled: () => true,
    });
    m.addRule({
      id: 'redo-flush-timeout', doc: 'a redo-log flush missed its deadline (slow disk, I/O overload); the master re-replicated', scope: 'cluster', severity: 'warning', owner: 'pangu',
      forMs: () => 0,
      test: () => this.lastTimeoutAt >= 0 && sim.now - this.lastTimeoutAt < 60_000,
      value: () => this.redo.flushTimeouts,
      since: () => this.lastTimeoutAt,
      autoHandled: () => true,
    });
  }

  // ---- per tick ----------------------------------------------------------------------------

  /** Before the network settles: last tick's write traffic on the rack uplinks. */
  tickDemand(net: Network): void {
    if (!this.enabled) return;
    const g = this.rackGbps;
    const demand = net.uplinkDemand;
    for (let r = 0; r < g.length; r++) if (g[r] > 1e-9) demand[r] += g[r];
  }

  /** After the network settles: clients write, servers flush, latencies are drawn. */
  tick(dtMs: number): void {
    const { sim, topo, servers } = this.d;
    const p = sim.params;
    const now = sim.now;
    if (this.pendingLost > 0) this.noteLost();
    this.model.begin(dtMs);
    const S = this.streams;
    const modeCode = MODES.indexOf(p['writes.mode'] as (typeof MODES)[number]);
    const redo = modeCode === ROW_REDO;
    const copies = p['writes.memoryCopies'];
    const none = p['writes.isolation'] === 'none';
    const sig = redo ? (1 + (none ? 8 : 0) + copies * 16) & 0xff : modeCode === ROW_PIPELINE ? 0 : 2;
    const k = Math.min(MAXT, redo ? copies : p['storage.replication']);
    const lim = this.lim;
    lim.redo = redo;
    lim.memoryBytes = p['writes.memoryLimitMB'] * 1e6;
    lim.ioQueueMs = p['writes.ioQueueLimitMs'];
    lim.fullShare = p['writes.diskFullShare'];
    const isolation = redo ? (none ? 'none' : 'rack') : 'pangu';
    const size = p['writes.sizeKB'] * 1024;
    const rate = p['writes.ratePerStream'];
    const rng = this.rngChoice;
    this.replication = p['storage.replication'];
    this.retransmitMs = p['writes.retransmitMs'];
    const { tNode, tDisk, tN, tSig, pend, redo: log, choice, dirty } = this;
    const { truth, torUp } = servers;
    const rackOf = topo.rackOf;
    // Standing load of the streams on disks and uplinks: redone only when what it depends on changes.
    if (rate !== this.loadRate || size !== this.loadSize || p['writes.diskAccessMs'] !== this.loadAccess) {
      for (let s = 0; s < S; s++) if (tN[s] > 0) this.standingLoad(s, -1);
      this.loadRate = rate;
      this.loadSize = size;
      this.loadAccess = p['writes.diskAccessMs'];
      for (let s = 0; s < S; s++) if (tN[s] > 0) this.standingLoad(s, 1);
    }
    // A switch that changed: the streams using that rack look again.
    for (let r = 0; r < torUp.length; r++)
      if (torUp[r] !== this.torSeen[r]) {
        this.torSeen[r] = torUp[r];
        this.markRack(r);
      }
    let acked = 0;
    choice.newTick();
    if (this.enabled) {
      for (let s = 0; s < S; s++) {
        const w = this.load.writer[s];
        if (truth[w] !== UP || torUp[rackOf[w]] !== 1) {
          // The client is down: no writes; its open redo segment closes.
          if (tN[s] > 0) this.drop(s);
          this.load.lastT[s] = now;
          continue;
        }
        const o = s * MAXT;
        let ok = tSig[s] === sig && tN[s] === k && (!redo || log.cur[s] >= 0);
        // After a change to one of its servers, and every ADMIT_EVERY ticks (staggered): do they still accept?
        if (ok && (dirty[s] || (s + this.ticks) % ADMIT_EVERY === 0)) {
          dirty[s] = 0;
          for (let i = 0; i < k; i++) {
            const why = choice.refuses(tNode[o + i], tDisk[o + i], lim);
            if (why) {
              choice.refusals[why]++;
              ok = false;
              break;
            }
          }
        }
        const span = now - this.load.lastT[s];
        const n = this.load.draw(s, now, rate);
        if (!ok) {
          if (tN[s] > 0) this.drop(s);
          const found = choice.choose(w, k, isolation, lim, rng, this.tmpNodes, this.tmpDisks);
          if (found < k) {
            this.stalled += n;
            continue;
          }
          for (let i = 0; i < k; i++) {
            tNode[o + i] = this.tmpNodes[i];
            tDisk[o + i] = this.tmpDisks[i];
          }
          tN[s] = k;
          tSig[s] = sig;
          dirty[s] = 0;
          this.reselections++;
          this.standingLoad(s, 1);
          if (redo) {
            for (let i = 0; i < k; i++) this.tmpMBps[i] = topo.diskMBps[this.tmpDisks[i]];
            log.open(s, this.tmpNodes, this.tmpDisks, this.tmpMBps, k);
          }
        }
        if (n === 0) continue;
        acked += n;
        pend[s] += n;
        if (redo) {
          const before = log.cum[s];
          log.append(s, n, n * size, now);
          if (s < SAMPLE_STREAMS) this.sample(s, modeCode, n, size, before, now, span);
        } else if (s < SAMPLE_STREAMS) this.sample(s, modeCode, n, size, 0, now, span);
      }
    }
    this.acked += acked;
    this.ackedPerSec = (acked * 1000) / dtMs;
    this.ticks++;
    log.tick(now, dtMs, p['writes.flushIntervalMs'], p['writes.flushDeadlineMs']);
    // Latency: a bounded number of realizations per tick, each weighted by its stream's writes since its last.
    const draws = Math.min(S, DRAWS_PER_TICK);
    const hist = this.hist;
    for (let i = 0; i < draws; i++) {
      const s = this.drawPtr;
      this.drawPtr = s + 1 === S ? 0 : s + 1;
      const wgt = pend[s];
      if (wgt <= 0 || tN[s] === 0) continue;
      pend[s] = 0;
      this.realize(s, modeCode);
      const r = this.real;
      hist.add(ROW_PIPELINE, r[0], wgt);
      hist.add(ROW_REDO, r[1], wgt);
      hist.add(ROW_MAJORITY, r[2], wgt);
      hist.add(ROW_ACTUAL, r[modeCode], wgt);
    }
    hist.decay(dtMs, RECENT_MS);
  }

  /**
   * Adds (sign 1) or removes (−1) stream s's standing load at its rate: disk time of
   * its synchronous writes on its servers' disks (pipeline and majority; the redo
   * log's batched flushes cost next to nothing), and its traffic across racks (the
   * pipeline's chain, or the client's fan-out).
   */
  private standingLoad(s: number, sign: number): void {
    const o = s * MAXT;
    const k = this.tN[s];
    const sg = this.tSig[s];
    const pipeline = sg === 0;
    const synchronous = sg === 0 || sg === 2;
    const rackOf = this.d.topo.rackOf;
    const writer = this.load.writer[s];
    const gb = (sign * this.loadRate * this.loadSize * 8) / 1e9;
    let prev = writer;
    for (let i = 0; i < k; i++) {
      const d = this.tDisk[o + i];
      if (sign > 0) {
        this.tSvc[o + i] = this.model.writeServiceMs(d);
        this.tUtil[o + i] = synchronous ? (this.loadRate * this.tSvc[o + i]) / 1000 : 0;
      }
      if (synchronous) this.model.addUtil(d, sign * this.tUtil[o + i]);
      const src = pipeline ? prev : writer;
      const dst = this.tNode[o + i];
      this.nodeTargets[dst] += sign;
      if (rackOf[src] !== rackOf[dst]) {
        const x = this.rackGbps[rackOf[src]] + gb;
        this.rackGbps[rackOf[src]] = x > 1e-9 ? x : 0;
      }
      prev = dst;
    }
  }

  /** Streams with a server on rack r look at their servers again. */
  private markRack(r: number): void {
    const rackOf = this.d.topo.rackOf;
    for (let s = 0; s < this.streams; s++)
      for (let i = 0, o = s * MAXT; i < this.tN[s]; i++) if (rackOf[this.tNode[o + i]] === r) this.dirty[s] = 1;
  }

  /** Streams with server n among theirs look at their servers again. */
  private markNode(n: number): void {
    if (this.nodeTargets[n] === 0) return;
    for (let s = 0; s < this.streams; s++)
      for (let i = 0, o = s * MAXT; i < this.tN[s]; i++) if (this.tNode[o + i] === n) this.dirty[s] = 1;
  }

  /** The stream stops using its servers (its redo segment closes; they keep flushing). */
  private drop(s: number): void {
    this.standingLoad(s, -1);
    this.tN[s] = 0;
    this.tSig[s] = 255;
    this.redo.close(s);
  }

  /**
   * One realization of all three write paths for stream s's current servers (same
   * hops, same disk draws): latencies into `real` (pipeline, redo log, majority),
   * per-target arrival and disk-done offsets (for the mode in use) into realArrive / realDone.
   */
  private realize(s: number, modeCode: number): void {
    const { model, tNode, tDisk, direct } = this;
    const rng = this.rngLatency;
    const k = this.tN[s];
    const o = s * MAXT;
    const w = this.load.writer[s];
    const kd = k < this.replication ? k : this.replication;
    const par = this.par;
    const loss = model.rackLoss;
    const rackOf = this.d.topo.rackOf;
    // Hops from the client (the fan-out of majority and the redo log, the pipeline's first hop).
    let ok = 1 - loss[rackOf[w]];
    for (let i = 0; i < k; i++) {
      const n = tNode[o + i];
      direct[i] = model.hopMs(w, n);
      ok *= 1 - loss[rackOf[n]];
    }
    let pipe = 0, acc = 0;
    for (let i = 0; i < kd; i++) {
      acc += i === 0 ? direct[0] : model.hopMs(tNode[o + i - 1], tNode[o + i]);
      const disk = model.diskMeanWith(tDisk[o + i], this.tSvc[o + i]) * EXP[rng.nextU32() & 4095];
      const v = 2 * acc + disk;
      if (v > pipe) pipe = v;
      par[i] = 2 * direct[i] + disk;
      if (modeCode === ROW_PIPELINE) {
        this.realArrive[i] = acc;
        this.realDone[i] = acc + disk;
      } else if (modeCode === ROW_MAJORITY) {
        this.realArrive[i] = direct[i];
        this.realDone[i] = direct[i] + disk;
      }
    }
    // majority: the ⌊kd/2⌋+1-th fastest (2 of 3)
    const m = (kd >> 1) + 1;
    for (let a = 1; a < kd; a++) {
      const x = par[a];
      let b = a - 1;
      while (b >= 0 && par[b] > x) {
        par[b + 1] = par[b];
        b--;
      }
      par[b + 1] = x;
    }
    let maj = par[(kd < m ? kd : m) - 1];
    let red = 0;
    for (let i = 0; i < k; i++) {
      const v = 2 * direct[i] + model.memoryAckMs(tNode[o + i]) * EXP[rng.nextU32() & 4095];
      if (v > red) red = v;
      if (modeCode === ROW_REDO) this.realArrive[i] = direct[i];
    }
    if (rng.next() >= ok) {
      // a lost packet: the retransmission timeout
      const rto = this.retransmitMs;
      pipe += rto;
      red += rto;
      maj += rto;
    }
    this.real[0] = pipe;
    this.real[1] = red;
    this.real[2] = maj;
  }

  /** A flush-timeline record for one of the n writes sampled stream s issued in the last `spanMs`. */
  private sample(s: number, modeCode: number, n: number, size: number, cumBefore: number, now: number, spanMs: number): void {
    const rng = this.rngSample;
    const issue = now - spanMs * rng.next();
    this.realize(s, modeCode);
    const lat = this.real[modeCode];
    const k = this.tN[s];
    const o = s * MAXT;
    const redo = modeCode === ROW_REDO;
    const pos = redo ? cumBefore + (rng.int(n) + 1) * size : 0;
    const i = this.timeline.begin(s, redo ? this.redo.cur[s] : -1, modeCode, issue, issue + lat, pos);
    for (let j = 0; j < k; j++) {
      const node = this.tNode[o + j];
      if (redo) this.timeline.holder(i, node, issue + this.realArrive[j], -1, H_MEMORY);
      else if (j < Math.min(k, this.replication)) this.timeline.holder(i, node, issue + this.realArrive[j], issue + this.realDone[j], H_DISK);
    }
  }

  private noteLost(): void {
    const { sim, topo } = this.d;
    const node = this.pendingNode;
    sim.note({ code: 'writes.ackedLost', v: this.pendingLost, node, rack: node >= 0 ? topo.rackOf[node] : undefined, s: CAUSES[this.pendingCause] });
    this.pendingLost = 0;
    this.pendingNode = -1;
  }

  // ---- views --------------------------------------------------------------------------------

  addSeries(m: Metrics): void {
    m.add('writeMemoryMB', () => this.redo.memoryBytes / 1e6);
    m.add('writeP99Ms', () => this.hist.quantile(ROW_ACTUAL, 0.99, true));
  }

  private byCause(): Record<string, number> {
    const out: Record<string, number> = {};
    CAUSES.forEach((c, i) => (out[c] = this.redo.lostByCause[i]));
    return out;
  }

  frame(): WritesFrame {
    const p = this.d.sim.params;
    const h = this.hist;
    const r = this.redo;
    const n = this.d.topo.nodes;
    // per-server unflushed memory; empty while nothing is unflushed (pipeline modes)
    const nodeMemory = new Uint8Array(r.memoryBytes > 0 || r.nActive > 0 ? n : 0);
    const scale = 255 / Math.max(1, p['writes.memoryLimitMB'] * 1e6);
    if (r.memoryBytes > 0)
      for (let i = 0; i < n; i++) {
        const m = r.nodeMem[i];
        if (m > 0) nodeMemory[i] = Math.max(1, Math.min(255, Math.round(m * scale)));
      }
    const q = (row: number, x: number) => round2(h.quantile(row, x, true));
    return {
      enabled: this.enabled,
      mode: p['writes.mode'],
      streams: this.streams,
      acked: this.acked,
      ackedPerSec: this.ackedPerSec,
      ackedLost: r.lostWrites,
      lostByCause: this.byCause(),
      stalled: this.stalled,
      memoryBytes: Math.round(r.memoryBytes),
      oldestUnflushedMs: Math.round(r.oldestUnflushedMs),
      maxFlushDelayMs: Math.round(r.maxFlushDelayMs),
      flushTimeouts: r.flushTimeouts,
      writeErrors: r.writeErrors,
      refusals: this.refusalsTotal(),
      scrubFound: this.scrub.found,
      bins: BINS,
      binsPerOctave: BINS_PER_OCTAVE,
      minMs: MIN_MS,
      latency: { pipeline: h.row(ROW_PIPELINE, true), 'redo-log': h.row(ROW_REDO, true), majority: h.row(ROW_MAJORITY, true) },
      p50Ms: { pipeline: q(ROW_PIPELINE, 0.5), 'redo-log': q(ROW_REDO, 0.5), majority: q(ROW_MAJORITY, 0.5) },
      p99Ms: { pipeline: q(ROW_PIPELINE, 0.99), 'redo-log': q(ROW_REDO, 0.99), majority: q(ROW_MAJORITY, 0.99) },
      flushDelay: h.row(ROW_FLUSH, true),
      nodeMemory,
      timeline: this.timeline.view(-1, FRAME_TIMELINE),
    };
  }

  refusalsTotal(): number {
    let s = 0;
    for (const x of this.choice.refusals) s += x;
    return s;
  }

  /** cli.md `writes` group, plus detail. */
  summary() {
    const h = this.hist;
    const r = this.redo;
    const p = this.d.sim.params;
    const byMode: Record<string, { p50Ms: number; p99Ms: number; writes: number }> = {};
    MODES.forEach((m, row) => (byMode[m] = { p50Ms: round2(h.quantile(row, 0.5)), p99Ms: round2(h.quantile(row, 0.99)), writes: Math.round(h.count(row)) }));
    const refusals: Record<string, number> = {};
    REFUSE_NAMES.forEach((name, i) => {
      if (i > 0) refusals[name] = this.choice.refusals[i];
    });
    return {
      acked: this.acked,
      ackedLost: r.lostWrites,
      p50LatencyMs: round2(h.quantile(ROW_ACTUAL, 0.5)),
      p99LatencyMs: round2(h.quantile(ROW_ACTUAL, 0.99)),
      maxFlushDelayMs: Math.round(r.maxFlushDelayMs),
      mode: p['writes.mode'],
      isolation: p['writes.isolation'],
      memoryCopies: p['writes.memoryCopies'],
      lostByCause: this.byCause(),
      lostBytes: Math.round(r.lostBytes),
      stalledWrites: this.stalled,
      flushTimeouts: r.flushTimeouts,
      writeErrors: r.writeErrors,
      reportsToMaster: this.reportsToMaster,
      rescuedBytes: Math.round(r.rescuedBytes),
      memoryPeakBytes: Math.round(r.memoryPeakBytes),
      refusals,
      reselections: this.reselections,
      latencyByMode: byMode,
      p50FlushDelayMs: round2(h.quantile(ROW_FLUSH, 0.5)),
      p99FlushDelayMs: round2(h.quantile(ROW_FLUSH, 0.99)),
      scrubCorruptions: this.scrub.corrupted,
      scrubFound: this.scrub.found,
      scrubMeanDetectHours: this.scrub.found > 0 ? round2(this.scrub.detectMsSum / this.scrub.found / 3_600_000) : 0,
    };
  }

  /** API: sampled write records, optionally only those held by one server. */
  timelineView(node = -1): TimelineView {
    return this.timeline.view(node);
  }

  /** API: the servers and disks each sampled stream's redo log is in now (the flush timeline's lanes). */
  lanesView(): { stream: number; node: number; disk: number }[] {
    const r = this.redo;
    const out: { stream: number; node: number; disk: number }[] = [];
    for (let s = 0; s < r.sampleStreams; s++) {
      const g = r.cur[s];
      if (g < 0) continue;
      for (let j = 0; j < r.segN[g]; j++) out.push({ stream: s, node: r.lNode[g * MAXT + j], disk: r.lDisk[g * MAXT + j] });
    }
    return out;
  }

  /** API: latency histograms per mode, whole run and recent. */
  latencyView(): WriteLatencyView {
    const h = this.hist;
    const rows = { pipeline: ROW_PIPELINE, 'redo-log': ROW_REDO, majority: ROW_MAJORITY, actual: ROW_ACTUAL, flushDelay: ROW_FLUSH } as const;
    const out = {} as WriteLatencyView['rows'];
    for (const [name, row] of Object.entries(rows) as [keyof typeof rows, number][])
      out[name] = { total: h.row(row), recent: h.row(row, true), p50Ms: round2(h.quantile(row, 0.5)), p99Ms: round2(h.quantile(row, 0.99)), p999Ms: round2(h.quantile(row, 0.999)), writes: Math.round(h.count(row)) };
    return { mode: this.d.sim.params['writes.mode'], bins: BINS, binsPerOctave: BINS_PER_OCTAVE, minMs: MIN_MS, rows: out };
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
