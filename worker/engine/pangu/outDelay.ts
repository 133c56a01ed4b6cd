/**
 * Down, then out (issue 14 §2, "reboot vs declared dead"). When the master declares a
 * server dead it does not re-copy the server's chunks at once: it waits
 * `recovery.outDelayMs` (Ceph marks a down OSD "out" after 600 s, GFS waits 15 min),
 * because most silent servers are rebooting and come back. While a server waits, its
 * replicas still count towards redundancy (F_LIVE) but are no copy source (F_SRC): no
 * re-replication starts for them. If it is heard again and its chunk report processed
 * before the wait ends, nothing was copied; if the wait ends first, the server is out,
 * its replicas stop counting and re-replication begins. `recovery.policy=naive` does
 * not wait (the EC2 2011 way: re-create at once).
 *
 * The cost both ways, as counters:
 *  - `replicaMsShort`: replica-milliseconds spent waiting — per waiting server, the
 *    replicas on it × the time it waited: chunk-time with one copy fewer than the
 *    master counts (summary: `copyShortChunkHours`);
 *  - copies made for servers that came back: the master trims them when the server's
 *    report is processed (`Pangu.trimmed`; summary: `copiedForReturnedTB`).
 */
import { EV } from '../events';
import type { Sim } from '../sim';

export class OutDelay {
  /** 1 while a server declared dead waits to be marked out */
  readonly waiting: Uint8Array;
  /** wait number per server: a wait's end event is stale when it differs */
  readonly epoch: Uint32Array;
  /** replicas on each waiting server when its wait began */
  readonly waitReplicas: Int32Array;
  /** replicas on waiting servers now */
  waitingReplicas = 0;
  waitingServers = 0;
  /** ∫ waitingReplicas dt, replica-ms */
  replicaMsShort = 0;
  /** sim time the integral is settled to */
  lastAt = 0;
  /** servers back (reported) before their wait ended */
  backInTime = 0;
  /** waits that ended with the server out */
  markedOut = 0;

  constructor(
    private readonly sim: Sim,
    nodes: number,
    private readonly replicasOn: (node: number) => number,
    /** the server's flags must be recomputed (it went out) */
    private readonly onOut: (node: number) => void,
  ) {
    this.waiting = new Uint8Array(nodes);
    this.epoch = new Uint32Array(nodes);
    this.waitReplicas = new Int32Array(nodes);
    sim.track('outDelay.waiting', () => this.waiting);
    sim.track('outDelay.epoch', () => this.epoch);
    sim.track('outDelay.waitReplicas', () => this.waitReplicas);
    for (const k of ['waitingReplicas', 'waitingServers', 'replicaMsShort', 'lastAt', 'backInTime', 'markedOut'] as const)
      sim.trackScalar('outDelay.' + k, () => this[k]);
    sim.on(EV.SERVER_OUT, (node, epoch) => this.out(node, epoch));
  }

  /** The wait that applies now (0: re-copy at once). */
  delayMs(): number {
    const p = this.sim.params;
    return p['recovery.policy'] === 'naive' ? 0 : p['recovery.outDelayMs'];
  }

  /** Brings the integral up to now. */
  private settle(): void {
    const now = this.sim.now;
    if (now > this.lastAt) this.replicaMsShort += this.waitingReplicas * (now - this.lastAt);
    this.lastAt = now;
  }

  /** The master has declared `node` dead; false when it goes out at once. Call before its flags are refreshed. */
  declaredDead(node: number): boolean {
    const delay = this.delayMs();
    if (delay <= 0 || this.waiting[node]) return false;
    this.settle();
    const n = this.replicasOn(node);
    this.waiting[node] = 1;
    this.waitReplicas[node] = n;
    this.waitingReplicas += n;
    this.waitingServers++;
    const e = (this.epoch[node] + 1) >>> 0;
    this.epoch[node] = e;
    this.sim.after(delay, EV.SERVER_OUT, node, e);
    return true;
  }

  private stop(node: number): void {
    this.settle();
    this.waiting[node] = 0;
    this.waitingReplicas -= this.waitReplicas[node];
    this.waitReplicas[node] = 0;
    this.waitingServers--;
  }

  /** The wait ended: the server is out, its replicas stop counting. */
  private out(node: number, epoch: number): void {
    if (!this.waiting[node] || this.epoch[node] !== epoch) return;
    this.stop(node);
    this.markedOut++;
    this.sim.count('serversMarkedOut');
    this.sim.note({ code: 'recovery.serverOut', node });
    this.onOut(node);
  }

  /** The server's chunk report has been processed: it is back before its wait ended (true) or was not waiting. */
  back(node: number): boolean {
    if (!this.waiting[node]) return false;
    this.stop(node);
    this.backInTime++;
    this.sim.count('serversBackBeforeOut');
    return true;
  }

  /** A master restarted cold remembers no waits (the servers it does not hear are simply unreported). */
  clearAll(): void {
    for (let n = 0; n < this.waiting.length; n++) if (this.waiting[n]) this.stop(n);
  }

  /** Chunk-hours with one copy fewer than counted, up to now (one per replica on a waiting server). */
  copyShortChunkHours(): number {
    const pending = this.waitingReplicas * Math.max(0, this.sim.now - this.lastAt);
    return (this.replicaMsShort + pending) / 3_600_000;
  }
}

/** What waiting costs both ways, as the frame carries it (real chunks and bytes). */
export interface OutDelayFrame {
  /** the wait now (0: re-copy at once) */
  delayMs: number;
  /** servers heard again before their wait ended (nothing copied for them), and waits that ended with the server out */
  serversBackBeforeOut: number;
  serversMarkedOut: number;
  /** real chunk-hours with one copy fewer than the master counts: the waiting servers' replicas × chunksPerGroup × hours */
  oneCopyShortChunkHours: number;
  /** bytes copied for servers that came back: the extra copies the master trimmed when their reports were processed */
  copiedForReturnedBytes: number;
}

/** The frame's out-delay figures from the wait's counters and Pangu's trimmed copies (chunk groups of `groupBytes`). */
export function outDelayFrame(d: OutDelay, trimmedGroups: number, chunksPerGroup: number, groupBytes: number): OutDelayFrame {
  return {
    delayMs: d.delayMs(),
    serversBackBeforeOut: d.backInTime,
    serversMarkedOut: d.markedOut,
    oneCopyShortChunkHours: d.copyShortChunkHours() * chunksPerGroup,
    copiedForReturnedBytes: trimmedGroups * groupBytes,
  };
}
