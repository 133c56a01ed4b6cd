/**
 * Re-registration and chunk reports. A server the master has declared dead is gone
 * from the master's map as far as redundancy goes; when its heartbeats get through
 * again it does not simply count again. It re-registers and sends a full chunk report
 * (HDFS: the namenode answers the heartbeat with "register", the datanode sends a full
 * block report), and only when the master has processed that report do its replicas
 * count again — then any extra copies made meanwhile are trimmed. Until then the
 * server is alive (the scheduler may use it) but "unreported": its replicas are neither
 * live nor a source for copies, and it takes no new copies.
 *
 * Cost, from the real chunks the report lists (a simulated chunk stands for
 * chunkBytes ÷ `storage.chunkMB` real ones):
 *   - master work: `master.reportUsPerChunk` per real chunk, processed one report at a
 *     time (HDFS processes a full block report under the namespace's global write lock),
 *     in arrival order; nothing is processed while the master is down or restarting;
 *   - network: `master.reportBytesPerChunk` per real chunk, sent over the server's rack
 *     uplink and the core in the tick it re-registers.
 * A server declared dead again before its report was processed loses its place; it
 * sends a new one when it is heard again. When thousands of servers come back at once
 * (the end of a network outage) the reports queue up at the master: their data stays
 * missing for minutes, and naive recovery keeps copying it.
 *
 * A master restarted cold (the machine room lost power) has no chunk locations at all —
 * they live only in memory (HDFS does not persist block locations either): `forgetAll`
 * makes every server unreported; the ones that can reach it register and report at
 * once, the rest when they are first heard. Safe mode waits for these reports.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Network } from '../cluster/network';
import { resized } from '../core/growable';

/** values of `ChunkReports.unreported` */
export const REPORTED = 0,
  QUEUED = 1,
  UNHEARD = 2;

export class ChunkReports {
  /**
   * Whether the master lacks the server's chunk report: 0 it has it; QUEUED the server has
   * (re-)registered and its report waits at the master; UNHEARD the master is waiting to
   * hear from it (after a cold restart, or its report was dropped when it was declared dead)
   */
  readonly unreported: Uint8Array;
  /** per server, bumped whenever a queued report becomes stale (declared dead again) */
  readonly seq: Uint32Array;
  /** FIFO of (server, seq) pairs at the master */
  private qNode = new Int32Array(64);
  private qSeq = new Uint32Array(64);
  private head = 0;
  private tail = 0;
  /** reports waiting at the master (stale entries excluded) */
  waiting = 0;
  /** master time already spent on the report at the head of the queue, ms */
  private spentMs = 0;
  /** report bytes sent this tick per rack, waiting to be added to the network's demand */
  private readonly rackBytes: Float64Array;
  private bytesPending = 0;
  processed = 0;
  /** share of the last tick the master spent processing reports */
  busyShare = 0;
  /** simulated ms the report at the head of the queue has waited (0 when none) */
  oldestWaitMs = 0;
  peakWaiting = 0;
  private readonly queuedAt: Float64Array;

  /** the master can't process reports now (down or restarting); set by the recovery module */
  paused: () => boolean = () => false;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly net: Network,
    /** replicas the master's map holds on a server's disks */
    private readonly replicasOn: (node: number) => number,
    /** real chunks per simulated chunk */
    private readonly realPerChunk: number,
    /** the master has processed the server's report: count its replicas again */
    private readonly onProcessed: (node: number) => void,
  ) {
    this.unreported = new Uint8Array(topo.nodes);
    this.seq = new Uint32Array(topo.nodes);
    this.queuedAt = new Float64Array(topo.nodes);
    this.rackBytes = new Float64Array(topo.racks);
    sim.track('reports.unreported', () => this.unreported);
    sim.track('reports.seq', () => this.seq);
    sim.track('reports.queue', () => this.qNode.subarray(this.head, this.tail));
    sim.track('reports.queueSeq', () => this.qSeq.subarray(this.head, this.tail));
    sim.track('reports.rackBytes', () => this.rackBytes);
    sim.track('reports.queuedAt', () => this.queuedAt);
    for (const k of ['waiting', 'spentMs', 'processed', 'peakWaiting', 'bytesPending'] as const) sim.trackScalar('reports.' + k, () => this[k]);
  }

  /**
   * The master restarted cold and knows no chunk locations: every server is unreported,
   * the queue of the master that died is gone; `heard` servers register and report now,
   * in server order (their next heartbeat reaches the new master within seconds).
   */
  forgetAll(heard: (node: number) => boolean): void {
    for (let n = 0; n < this.unreported.length; n++) {
      this.seq[n]++;
      this.unreported[n] = UNHEARD;
    }
    this.head = this.tail = 0;
    this.waiting = 0;
    this.spentMs = 0;
    for (let n = 0; n < this.unreported.length; n++) if (heard(n)) this.reregister(n);
  }

  /** Real chunks in a server's report now. */
  chunksOf(node: number): number {
    return this.replicasOn(node) * this.realPerChunk;
  }

  /** The master declared a heard-again server dead before processing its report: the report is dropped. */
  declaredDead(node: number): void {
    if (this.unreported[node] !== QUEUED) return;
    this.unreported[node] = UNHEARD;
    this.seq[node]++;
    this.waiting--;
  }

  /** A server the master had declared dead (or never heard since a cold restart) is heard: it registers and sends its report. */
  reregister(node: number): void {
    this.unreported[node] = QUEUED; // (never QUEUED before: a death drops a waiting report)
    this.push(node, this.seq[node]);
    this.waiting++;
    if (this.waiting > this.peakWaiting) this.peakWaiting = this.waiting;
    this.queuedAt[node] = this.sim.now;
    const bytes = this.chunksOf(node) * this.sim.params['master.reportBytesPerChunk'];
    this.rackBytes[this.topo.rackOf[node]] += bytes;
    this.bytesPending += bytes;
    this.sim.count('chunkReports');
  }

  private push(node: number, s: number): void {
    if (this.tail === this.qNode.length) {
      const live = this.tail - this.head;
      const cap = live * 2 > this.qNode.length ? this.qNode.length * 2 : this.qNode.length;
      this.qNode = resized(this.qNode.subarray(this.head, this.tail), cap);
      this.qSeq = resized(this.qSeq.subarray(this.head, this.tail), cap);
      this.head = 0;
      this.tail = live;
    }
    this.qNode[this.tail] = node;
    this.qSeq[this.tail++] = s;
  }

  /** Skips stale entries; true when a live report is at the head. */
  private headLive(): boolean {
    while (this.head < this.tail && this.qSeq[this.head] !== this.seq[this.qNode[this.head]]) {
      this.head++;
      this.spentMs = 0;
    }
    if (this.head === this.tail) this.head = this.tail = 0;
    return this.head < this.tail;
  }

  /** Each tick, before the network settles: the reports' bytes on the links, and the master's work on the queue. */
  tick(dtMs: number): void {
    if (this.bytesPending > 0) {
      const demand = this.net.uplinkDemand;
      const perGbps = 8 / 1e9 / (dtMs / 1000);
      for (let r = 0; r < this.rackBytes.length; r++)
        if (this.rackBytes[r] > 0) {
          demand[r] += this.rackBytes[r] * perGbps;
          this.rackBytes[r] = 0;
        }
      this.bytesPending = 0;
    }
    this.busyShare = 0;
    this.oldestWaitMs = 0;
    if (this.waiting === 0 || this.paused()) {
      if (this.waiting > 0 && this.headLive()) this.oldestWaitMs = this.sim.now - this.queuedAt[this.qNode[this.head]];
      return;
    }
    const usPerChunk = this.sim.params['master.reportUsPerChunk'];
    let budget = dtMs;
    while (budget > 0 && this.headLive()) {
      const node = this.qNode[this.head];
      const cost = (this.chunksOf(node) * usPerChunk) / 1000;
      const need = cost - this.spentMs;
      if (need > budget) {
        this.spentMs += budget;
        budget = 0;
        break;
      }
      budget -= need;
      this.spentMs = 0;
      this.head++;
      this.seq[node]++;
      this.waiting--;
      this.unreported[node] = REPORTED;
      this.processed++;
      this.onProcessed(node);
    }
    this.busyShare = (dtMs - budget) / dtMs;
    if (this.headLive()) this.oldestWaitMs = this.sim.now - this.queuedAt[this.qNode[this.head]];
  }
}
