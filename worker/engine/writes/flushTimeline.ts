/**
 * The flush timeline: individual records for a sample of writes, for the page.
 * Only the first few streams are sampled (their servers are "a handful of
 * servers"), one write per stream and tick; a bounded ring keeps the newest
 * `TIMELINE_CAP`. Per record: the stream, when the client issued it, when it was
 * acknowledged, and per server holding it: when it arrived in memory, when it was on
 * that server's disk, and how its copy ended (on disk, memory lost, copied by the
 * master after a timeout or write error). A record whose every copy was lost before
 * reaching a disk is marked lost. Typed arrays, no object per record.
 */
import type { Sim } from '../sim';
import { MAXT, L_ERROR, L_MEMORY_LOST, L_RESCUED } from './redoLog';

export const TIMELINE_CAP = 256;
/** holder states in a record: the numbers are the page's too (worker/contract.ts) */
import { H_NONE, H_MEMORY, H_DISK, H_MEMORY_LOST, H_RESCUED, H_ERROR } from '../../contract';
export { H_NONE, H_MEMORY, H_DISK, H_MEMORY_LOST, H_RESCUED, H_ERROR, HOLDER_STATE_NAMES } from '../../contract';

export interface TimelineView {
  /** records in this view, oldest first */
  n: number;
  /** holder columns per record (the most servers any record in the view has) */
  holders: number;
  stream: Int32Array;
  /** write mode of each record: 0 pipeline, 1 redo log, 2 majority */
  mode: Uint8Array;
  /** 1 when the write was acknowledged and then lost */
  lost: Uint8Array;
  /** issue time, simulated ms */
  issue: Float64Array;
  /** ack time − issue, ms */
  ack: Float32Array;
  /** n × holders: server id, −1 when unused */
  node: Int32Array;
  /** n × holders: arrival in memory − issue, ms */
  arrive: Float32Array;
  /** n × holders: on that server's disk − issue, ms; −1 not (yet) */
  flush: Float32Array;
  /** n × holders: H_* */
  state: Uint8Array;
  /** n × holders: when the copy stopped being in memory without reaching its disk (lost, copied by the master, write error) − issue, ms; −1 not */
  end: Float32Array;
}

export class FlushTimeline {
  readonly stream = new Int32Array(TIMELINE_CAP);
  readonly seg = new Int32Array(TIMELINE_CAP);
  readonly mode = new Uint8Array(TIMELINE_CAP);
  readonly lost = new Uint8Array(TIMELINE_CAP);
  readonly issue = new Float64Array(TIMELINE_CAP);
  readonly ack = new Float64Array(TIMELINE_CAP);
  /** byte position of the write's end in its stream (redo log) */
  readonly pos = new Float64Array(TIMELINE_CAP);
  readonly hN = new Uint8Array(TIMELINE_CAP);
  readonly hNode = new Int32Array(TIMELINE_CAP * MAXT);
  readonly hArrive = new Float64Array(TIMELINE_CAP * MAXT);
  readonly hFlush = new Float64Array(TIMELINE_CAP * MAXT);
  readonly hState = new Uint8Array(TIMELINE_CAP * MAXT);
  /** when a copy left memory without reaching its disk (sim ms), −1 not */
  readonly hEnd = new Float64Array(TIMELINE_CAP * MAXT).fill(-1);
  /** records written so far (the ring holds the newest TIMELINE_CAP) */
  count = 0;
  /** oldest record that may still have a copy in memory */
  private firstPending = 0;

  constructor(private readonly sim: Sim) {
    const t = (name: string, get: () => ArrayBufferView) => sim.track('writes.timeline.' + name, get);
    for (const k of ['stream', 'seg', 'mode', 'lost', 'issue', 'ack', 'pos', 'hN', 'hNode', 'hArrive', 'hFlush', 'hState', 'hEnd'] as const)
      t(k, () => this[k]);
    sim.trackScalar('writes.timeline.count', () => this.count);
    sim.trackScalar('writes.timeline.firstPending', () => this.firstPending);
  }

  /** Starts a record; returns its slot. Holders are filled with `holder`. */
  begin(stream: number, seg: number, mode: number, issue: number, ack: number, pos: number): number {
    const i = this.count % TIMELINE_CAP;
    this.count++;
    if (this.firstPending < this.count - TIMELINE_CAP) this.firstPending = this.count - TIMELINE_CAP;
    this.stream[i] = stream;
    this.seg[i] = seg;
    this.mode[i] = mode;
    this.lost[i] = 0;
    this.issue[i] = issue;
    this.ack[i] = ack;
    this.pos[i] = pos;
    this.hN[i] = 0;
    this.hNode.fill(-1, i * MAXT, i * MAXT + MAXT);
    this.hState.fill(H_NONE, i * MAXT, i * MAXT + MAXT);
    return i;
  }

  holder(i: number, node: number, arrive: number, flush: number, state: number): void {
    const k = i * MAXT + this.hN[i]++;
    this.hNode[k] = node;
    this.hArrive[k] = arrive;
    this.hFlush[k] = flush;
    this.hState[k] = state;
    this.hEnd[k] = -1;
  }

  /** Lane j of segment seg flushed bytes (before, after] between t0 and t1. */
  flushed(seg: number, j: number, before: number, after: number, t0: number, t1: number): void {
    this.advance();
    for (let r = this.firstPending; r < this.count; r++) {
      const i = r % TIMELINE_CAP;
      if (this.seg[i] !== seg) continue;
      const k = i * MAXT + j;
      if (this.hState[k] !== H_MEMORY) continue;
      const p = this.pos[i];
      if (p > after + 1e-6) continue;
      const t = t0 + ((t1 - t0) * Math.max(0, p - before)) / (after - before);
      this.hFlush[k] = Math.max(t, this.hArrive[k]);
      this.hState[k] = H_DISK;
    }
  }

  /** Lane j of segment seg stopped with its copies still in memory: they ended as `laneState` says. */
  laneEnded(seg: number, j: number, laneState: number): void {
    const h = laneState === L_MEMORY_LOST ? H_MEMORY_LOST : laneState === L_RESCUED ? H_RESCUED : laneState === L_ERROR ? H_ERROR : H_DISK;
    for (let r = this.firstPending; r < this.count; r++) {
      const i = r % TIMELINE_CAP;
      if (this.seg[i] !== seg) continue;
      const k = i * MAXT + j;
      if (this.hState[k] === H_MEMORY) {
        this.hState[k] = h;
        if (h !== H_DISK) this.hEnd[k] = this.sim.now;
      }
    }
    this.advance();
  }

  /** Segment seg of a stream lost every write past byte position `from`. */
  segLost(seg: number, stream: number, from: number): void {
    for (let r = Math.max(0, this.count - TIMELINE_CAP); r < this.count; r++) {
      const i = r % TIMELINE_CAP;
      if (this.seg[i] === seg && this.stream[i] === stream && this.pos[i] > from + 1e-6) this.lost[i] = 1;
    }
  }

  /** Moves firstPending past records with no copy left in memory. */
  private advance(): void {
    while (this.firstPending < this.count) {
      const i = this.firstPending % TIMELINE_CAP;
      let pending = false;
      for (let k = i * MAXT, e = k + this.hN[i]; k < e; k++) if (this.hState[k] === H_MEMORY) pending = true;
      if (pending) break;
      this.firstPending++;
    }
  }

  /** Fresh copies of the newest `limit` records (those with a holder on `node` only, if given). */
  view(node = -1, limit = TIMELINE_CAP): TimelineView {
    const start = Math.max(0, this.count - TIMELINE_CAP);
    const idx: number[] = [];
    for (let r = start; r < this.count; r++) {
      const i = r % TIMELINE_CAP;
      if (node >= 0) {
        let has = false;
        for (let k = i * MAXT, e = k + this.hN[i]; k < e; k++) if (this.hNode[k] === node) has = true;
        if (!has) continue;
      }
      idx.push(i);
    }
    if (idx.length > limit) idx.splice(0, idx.length - limit);
    const n = idx.length;
    let H = 1;
    for (const i of idx) if (this.hN[i] > H) H = this.hN[i];
    const v: TimelineView = {
      n,
      holders: H,
      stream: new Int32Array(n),
      mode: new Uint8Array(n),
      lost: new Uint8Array(n),
      issue: new Float64Array(n),
      ack: new Float32Array(n),
      node: new Int32Array(n * H).fill(-1),
      arrive: new Float32Array(n * H),
      flush: new Float32Array(n * H).fill(-1),
      state: new Uint8Array(n * H),
      end: new Float32Array(n * H).fill(-1),
    };
    idx.forEach((i, r) => {
      const t = this.issue[i];
      v.stream[r] = this.stream[i];
      v.mode[r] = this.mode[i];
      v.lost[r] = this.lost[i];
      v.issue[r] = t;
      v.ack[r] = this.ack[i] - t;
      for (let j = 0; j < this.hN[i]; j++) {
        const k = i * MAXT + j,
          o = r * H + j;
        v.node[o] = this.hNode[k];
        v.arrive[o] = this.hArrive[k] - t;
        v.flush[o] = this.hState[k] === H_DISK ? this.hFlush[k] - t : -1;
        v.state[o] = this.hState[k];
        v.end[o] = this.hEnd[k] >= 0 ? this.hEnd[k] - t : -1;
      }
    });
    return v;
  }

  transferables(v: TimelineView): ArrayBuffer[] {
    return [v.stream, v.mode, v.lost, v.issue, v.ack, v.node, v.arrive, v.flush, v.state, v.end].map((a) => a.buffer as ArrayBuffer);
  }
}
