/**
 * The Pangu master's operation queue (P7) as a fluid queue, one flow tick at a time:
 * `threads` handlers work a FIFO backlog (thread-ms). Offered work beyond their
 * capacity builds the backlog; what would wait past the client's RPC timeout fails
 * (`timeout`, retried by the client). The wait is the backlog ÷ threads plus the
 * queueing delay of a busy multi-server queue (Sakasegawa's M/M/c approximation),
 * so latency climbs with load as a queue's does.
 */
import * as dm from '../core/detmath';

export interface QueueStep {
  /** backlog after the tick, thread-ms */
  backlog: number;
  /** share of this tick's admitted operations that time out */
  timeoutShare: number;
  /** mean wait from the backlog (fluid part) and from queueing (exponential part), ms */
  fluidWait: number;
  queueWait: number;
  /** mean handler time of the admitted operations, ms */
  meanSvcMs: number;
}

/**
 * One tick: `backlog` thread-ms queued before, `inWork` thread-ms admitted in `nIn`
 * operations (`idleSvcMs` the service time assumed with none), `capacity` thread-ms
 * of work the threads can do this tick.
 */
export function queueStep(
  backlog: number,
  inWork: number,
  nIn: number,
  capacity: number,
  threads: number,
  rpcTimeoutMs: number,
  idleSvcMs: number,
  out: QueueStep,
): QueueStep {
  const maxBacklog = threads * rpcTimeoutMs;
  const b0 = backlog;
  let b1 = b0 + inWork - capacity;
  let timeoutShare = 0;
  if (b1 > maxBacklog) {
    timeoutShare = inWork > 0 ? Math.min(1, (b1 - maxBacklog) / inWork) : 0;
    b1 = maxBacklog;
  }
  if (b1 < 0) b1 = 0;
  const rho = Math.min(0.98, inWork / capacity);
  const meanSvc = nIn > 0 ? inWork / nIn : idleSvcMs;
  out.meanSvcMs = meanSvc;
  out.backlog = b1;
  out.timeoutShare = timeoutShare;
  out.fluidWait = (b0 + b1) / 2 / threads;
  out.queueWait = rho > 0 ? (meanSvc * dm.pow(rho, Math.sqrt(2 * (threads + 1)) - 1)) / (threads * (1 - rho)) : 0;
  return out;
}
