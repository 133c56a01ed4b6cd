/**
 * One latency realization of all three write paths (P4 pipeline, P5 redo log,
 * majority) for one stream's current servers: the same hops and the same disk draws
 * priced three ways, so the page can show what the very same writes would have cost
 * under each mode (pipeline.ts has the latency model; this file composes it).
 *
 *  - pipeline: client → replica 1 → 2 → 3, max over i of (2 × hops up to i + disk i);
 *  - majority: the client sends to all at once; the ⌊k/2⌋+1-th fastest (2 of 3) of
 *    (2 × hop + disk);
 *  - redo log: max over the memory servers of (2 × hop + memory ack);
 *  - a lost packet anywhere on the way costs all three the retransmission timeout.
 *
 * Also keeps, for the mode in use, when the write reached each target and when its
 * disk was done (the flush timeline's sampled records).
 */
import type { Rng } from '../core/rng';
import { EXP, type WriteLatencyModel } from './pipeline';
import { MAXT } from './redoLog';
import { ROW_MAJORITY, ROW_PIPELINE, ROW_REDO } from './latency';

/** A stream's servers as the realization reads them: targets o … o + k − 1 of the flat arrays. */
export interface StreamTargets {
  nodes: Int32Array;
  disks: Int32Array;
  /** one write's service time on each target's disk, ms */
  svcMs: Float64Array;
  /** offset of the stream's first target (stream × MAXT) and their count */
  o: number;
  k: number;
  /** the client */
  writer: number;
}

export class LatencyRealization {
  /** the last realization's latency per mode: pipeline, redo log, majority (ms) */
  readonly real = new Float64Array(3);
  /** per target, ms from issue: arrival and disk done (for the mode in use) */
  readonly arrive = new Float64Array(MAXT);
  readonly done = new Float64Array(MAXT);
  private readonly par = new Float64Array(MAXT);
  private readonly direct = new Float64Array(MAXT);

  constructor(
    private readonly model: WriteLatencyModel,
    private readonly rackOf: Int32Array,
    private readonly rng: Rng,
  ) {}

  /**
   * Draws one realization for `t` with `replication` disk replicas (pipeline and
   * majority) and `retransmitMs` per lost packet; fills `real`, and `arrive` / `done`
   * for `modeCode` (a ROW_* of latency.ts).
   */
  run(t: StreamTargets, replication: number, retransmitMs: number, modeCode: number): void {
    const { model, direct, par, rng, rackOf } = this;
    const { nodes, disks, svcMs, o, k, writer: w } = t;
    const kd = k < replication ? k : replication;
    const loss = model.rackLoss;
    // Hops from the client (the fan-out of majority and the redo log, the pipeline's first hop).
    let ok = 1 - loss[rackOf[w]];
    for (let i = 0; i < k; i++) {
      const n = nodes[o + i];
      direct[i] = model.hopMs(w, n);
      ok *= 1 - loss[rackOf[n]];
    }
    let pipe = 0,
      acc = 0;
    for (let i = 0; i < kd; i++) {
      acc += i === 0 ? direct[0] : model.hopMs(nodes[o + i - 1], nodes[o + i]);
      const disk = model.diskMeanWith(disks[o + i], svcMs[o + i]) * EXP[rng.nextU32() & 4095];
      const v = 2 * acc + disk;
      if (v > pipe) pipe = v;
      par[i] = 2 * direct[i] + disk;
      if (modeCode === ROW_PIPELINE) {
        this.arrive[i] = acc;
        this.done[i] = acc + disk;
      } else if (modeCode === ROW_MAJORITY) {
        this.arrive[i] = direct[i];
        this.done[i] = direct[i] + disk;
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
      const v = 2 * direct[i] + model.memoryAckMs(nodes[o + i]) * EXP[rng.nextU32() & 4095];
      if (v > red) red = v;
      if (modeCode === ROW_REDO) this.arrive[i] = direct[i];
    }
    if (rng.next() >= ok) {
      // a lost packet: the retransmission timeout
      pipe += retransmitMs;
      red += retransmitMs;
      maj += retransmitMs;
    }
    this.real[0] = pipe;
    this.real[1] = red;
    this.real[2] = maj;
  }
}
