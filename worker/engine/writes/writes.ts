/**
 * The write path (issue 5: P4, P5): clients writing files on top of the cluster,
 * with the write mode chosen by `writes.mode`:
 *  - `pipeline` (P4): success when all replicas have written to disk;
 *  - `redo-log` (P5): success when `writes.memoryCopies` servers have the write in
 *    memory, flushed to disk in the background within `writes.flushDeadlineMs`;
 *  - `majority` (Pangu today): success when 2 of 3 replicas have written.
 * Composes the client workload (workload.ts), the latency model (pipeline.ts) and
 * its three-way realization per stream (realization.ts), the choice of servers with
 * isolation and admission (choice.ts), the redo log's memory buffers, flushes,
 * deadlines and exact loss (redoLog.ts), the sampled flush timeline
 * (flushTimeline.ts), scrubbing (scrubbing.ts) and the latency histograms
 * (latency.ts); what the page and the CLI read is views.ts, its alert rules are in
 * ops/alertRules.ts. This file keeps each stream's servers, their standing load,
 * and the tick. Writes are cohorts per tick and stream, never objects.
 *
 * Hooks into the rest of the engine: a server losing power or crashing loses its
 * memory (`servers.listeners`); a flush timeout tells the master, which copies the
 * late data elsewhere and marks the disk suspect (Pangu P6: no new data goes to it,
 * its replicas are re-created); a write error raises an alarm (operations rule
 * `redo-write-error`); scrubbing drops corrupt replicas from Pangu's map, so
 * re-replication restores them.
 */
import type { EngineContext } from '../context';
import type { Rng } from '../core/rng';
import { CRASHED, GONE, POWER_OFF, UP } from '../cluster/servers';
import type { Network } from '../cluster/network';
import type { Pangu } from '../pangu/pangu';
import type { Metrics } from '../metrics';
import type { Monitoring } from '../ops/monitoring';
import { addWriteRules } from '../ops/alertRules';
import { D_NORMAL } from '../pangu/slowDisk';
import { WriteWorkload } from './workload';
import { WriteLatencyModel } from './pipeline';
import { LatencyRealization, type StreamTargets } from './realization';
import { type AdmissionLimits, TargetChoice } from './choice';
import { CAUSES, MAXT, RedoLog } from './redoLog';
import { FlushTimeline, H_DISK, H_MEMORY, type TimelineView } from './flushTimeline';
import { Scrubbing } from './scrubbing';
import { LatencyHistograms, MODES, ROW_ACTUAL, ROW_MAJORITY, ROW_PIPELINE, ROW_REDO } from './latency';
import {
  type WriteLane,
  type WriteLatencyView,
  type WritesFrame,
  type WritesSummary,
  lanesView,
  latencyView,
  refusalsTotal,
  writesFrame,
  writesSummary,
} from './views';

/** streams whose writes are sampled for the flush timeline */
export const SAMPLE_STREAMS = 4;
/** latency realizations drawn per tick (round robin over the streams) */
export const DRAWS_PER_TICK = 16;
/**
 * a stream's servers are asked whether they still accept (disk, fullness, memory, I/O
 * queue) every this many ticks, staggered over the streams; reachability every tick.
 * A flush that fails or falls behind is seen by the redo log itself at once.
 */
export const ADMIT_EVERY = 8;
/** the recent latency window, ms */
export const RECENT_MS = 60_000;

/** The engine's context (context.ts) plus the file system and monitoring. */
export interface WritesDeps extends EngineContext {
  readonly pangu: Pangu;
  readonly ops: { readonly monitoring: Monitoring };
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
  private readonly realization: LatencyRealization;
  /** the stream the realization reads (its fields are set before each draw) */
  private readonly cur: StreamTargets;
  private readonly rngLatency: Rng;
  private readonly rngChoice: Rng;
  private readonly rngSample: Rng;
  /** per tick: replicas of a pipeline write, the retransmission timeout */
  private replication = 3;
  private retransmitMs = 200;

  constructor(readonly d: WritesDeps) {
    const { sim, topo, servers, detector, pangu } = d;
    this.rngLatency = sim.rng.get('writes.latency');
    this.rngChoice = sim.rng.get('writes.choice');
    this.rngSample = sim.rng.get('writes.sample');
    this.load = new WriteWorkload(sim, topo);
    const S = this.load.streams;
    this.streams = S;
    this.model = new WriteLatencyModel(d, pangu);
    this.redo = new RedoLog(d, S, {
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
    this.choice = new TargetChoice(
      d,
      {
        diskBelief: pangu.diskBelief,
        diskFailed: pangu.diskFailed,
        diskCapacity: pangu.diskCapacity,
        diskReplicas: (disk) => pangu.table.lists.len[disk],
      },
      this.redo,
    );
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
    this.realization = new LatencyRealization(this.model, topo.rackOf, this.rngLatency);
    this.cur = { nodes: this.tNode, disks: this.tDisk, svcMs: this.tSvc, o: 0, k: 0, writer: -1 };
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
    for (const k of [
      'acked',
      'stalled',
      'ticks',
      'loadRate',
      'loadSize',
      'loadAccess',
      'reselections',
      'ackedPerSec',
      'reportsToMaster',
      'lastTimeoutAt',
      'lastWriteErrorAt',
      'drawPtr',
      'pendingLost',
      'pendingCause',
      'pendingNode',
    ] as const)
      sim.trackScalar('writes.' + k, () => this[k]);
    servers.listeners.push((node, _before, after) => this.onTruth(node, after));
    pangu.onDiskFailed.push((disk) => this.redo.diskFailed(disk));
    detector.onDead.push((node) => this.markNode(node));
    detector.onAlive.push((node) => this.markNode(node));
    addWriteRules(d.ops.monitoring, sim, this);
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
    const cause = after === CRASHED ? 3 : after === GONE ? 4 : !servers.dcPower ? 2 : !servers.domainPower[topo.domainOf[r]] ? 1 : 0;
    // a power cut (causes 0–2) leaves a UPS's minutes to write the memory out; a crash or a loss does not
    const lost = this.redo.memoryLost(node, cause, cause <= 2 ? this.d.sim.params['writes.upsMs'] : 0);
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
    // v: the chunk *group* whose replica on this disk was corrupt (its chunksPerGroup real chunks' copies there); the phrase says 'chunk group'
    sim.note({ code: 'writes.scrubCorrupt', disk, node, rack: topo.rackOf[node], v: chunk });
    if (t.lostPending > before) {
      sim.note({ code: 'storage.chunksLost', v: t.lostPending - before, disk, node, rack: topo.rackOf[node] });
      t.lostPending = before;
    }
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
      const r = this.realization.real;
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
    for (let s = 0; s < this.streams; s++) for (let i = 0, o = s * MAXT; i < this.tN[s]; i++) if (rackOf[this.tNode[o + i]] === r) this.dirty[s] = 1;
  }

  /** Streams with server n among theirs look at their servers again. */
  private markNode(n: number): void {
    if (this.nodeTargets[n] === 0) return;
    for (let s = 0; s < this.streams; s++) for (let i = 0, o = s * MAXT; i < this.tN[s]; i++) if (this.tNode[o + i] === n) this.dirty[s] = 1;
  }

  /** The stream stops using its servers (its redo segment closes; they keep flushing). */
  private drop(s: number): void {
    this.standingLoad(s, -1);
    this.tN[s] = 0;
    this.tSig[s] = 255;
    this.redo.close(s);
  }

  /** One realization of all three write paths for stream s's current servers (realization.ts). */
  private realize(s: number, modeCode: number): void {
    const t = this.cur;
    t.o = s * MAXT;
    t.k = this.tN[s];
    t.writer = this.load.writer[s];
    this.realization.run(t, this.replication, this.retransmitMs, modeCode);
  }

  /** A flush-timeline record for one of the n writes sampled stream s issued in the last `spanMs`. */
  private sample(s: number, modeCode: number, n: number, size: number, cumBefore: number, now: number, spanMs: number): void {
    const rng = this.rngSample;
    // one of the n writes, issued at its place in the span (they arrive evenly: the redo log's flushes assume so too)
    const which = rng.int(n);
    const issue = now - (spanMs * (n - which - 0.5)) / n;
    this.realize(s, modeCode);
    const { real, arrive, done } = this.realization;
    const lat = real[modeCode];
    const k = this.tN[s];
    const o = s * MAXT;
    const redo = modeCode === ROW_REDO;
    const pos = redo ? cumBefore + (which + 1) * size : 0;
    const i = this.timeline.begin(s, redo ? this.redo.cur[s] : -1, modeCode, issue, issue + lat, pos);
    for (let j = 0; j < k; j++) {
      const node = this.tNode[o + j];
      if (redo) this.timeline.holder(i, node, issue + arrive[j], -1, H_MEMORY);
      else if (j < Math.min(k, this.replication)) this.timeline.holder(i, node, issue + arrive[j], issue + done[j], H_DISK);
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

  frame(): WritesFrame {
    return writesFrame(this);
  }

  refusalsTotal(): number {
    return refusalsTotal(this);
  }

  /** cli.md `writes` group, plus detail. */
  summary(): WritesSummary {
    return writesSummary(this);
  }

  /** API: sampled write records, optionally only those held by one server. */
  timelineView(node = -1): TimelineView {
    return this.timeline.view(node);
  }

  /** API: the servers and disks each sampled stream's redo log is in now (the flush timeline's lanes). */
  lanesView(): WriteLane[] {
    return lanesView(this);
  }

  /** API: latency histograms per mode, whole run and recent. */
  latencyView(): WriteLatencyView {
    return latencyView(this);
  }
}
