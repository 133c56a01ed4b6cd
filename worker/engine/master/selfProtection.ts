/**
 * The Pangu master protecting itself (P7): in the 5K tests one misused job created
 * 30 million files and slowed the whole cluster; the master must refuse such load
 * itself instead of relying on people. With `master.protection`, in order:
 *  - a per-user file quota (`quota`): creates beyond it are refused;
 *  - a per-user token bucket (`throttled`): a user's operations beyond its rate and
 *    burst are refused, every type in proportion;
 *  - admission control (`busy`): admitted work stays under `master.admissionMaxUtil`
 *    of the handler threads, trimming the heaviest users first, max-min fair.
 * So a flood is refused or slowed and the other users are not touched. Operations
 * are whole numbers; every refusal goes through `refuse` (audit log, counters).
 */
import { R_BUSY, R_QUOTA, R_THROTTLED } from '../ops/auditLog';
import { OP_CREATE, OP_DELETE } from './opTypes';

/** A refusal of `over` operations of `type` from `user` with a result code (R_QUOTA, R_THROTTLED, R_BUSY). */
export type Refuse = (user: number, type: number, result: number, over: number) => void;

/**
 * Quota, then the token bucket, for `users` users with `types` operation types in
 * `admitted` (user × type, changed in place). `tokens` refills by `rate` × dt up to `burst`.
 */
export function quotaAndRate(
  admitted: Float64Array,
  users: number,
  types: number,
  userFiles: Float64Array,
  tokens: Float64Array,
  quota: number,
  rate: number,
  burst: number,
  dt: number,
  refuse: Refuse,
): void {
  for (let u = 0; u < users; u++) {
    const kc = u * types + OP_CREATE;
    const room = Math.max(0, Math.floor(quota - userFiles[u] + admitted[u * types + OP_DELETE]));
    if (admitted[kc] > room) {
      const over = admitted[kc] - room;
      admitted[kc] = room;
      refuse(u, OP_CREATE, R_QUOTA, over);
    }
    tokens[u] = Math.min(burst, tokens[u] + rate * dt);
    let sum = 0;
    for (let t = 0; t < types; t++) sum += admitted[u * types + t];
    if (sum > tokens[u]) {
      trimUser(admitted, u, types, tokens[u] / sum, R_THROTTLED, refuse);
      sum = 0;
      for (let t = 0; t < types; t++) sum += admitted[u * types + t];
    }
    tokens[u] -= sum;
  }
}

/**
 * Admission control: when the admitted work (`work`, thread-ms per user; total
 * `inWork`) exceeds `budget`, every user above the max-min fair share is trimmed to
 * it (whole operations, `svc` ms each by type). Returns the work admitted.
 */
export function admit(admitted: Float64Array, work: Float64Array, inWork: number, budget: number, svc: readonly number[], refuse: Refuse): number {
  if (inWork <= budget) return inWork;
  const users = work.length,
    types = svc.length;
  const fair = maxMinShare(work, budget);
  inWork = 0;
  for (let u = 0; u < users; u++) {
    if (work[u] > fair) {
      trimUser(admitted, u, types, fair / work[u], R_BUSY, refuse);
      let w = 0;
      for (let t = 0; t < types; t++) w += admitted[u * types + t] * svc[t];
      work[u] = w;
    }
    inWork += work[u];
  }
  return inWork;
}

/** Keeps ⌊admitted × keep⌋ of each of user u's operation types; the rest is refused with `result`. */
function trimUser(admitted: Float64Array, u: number, types: number, keep: number, result: number, refuse: Refuse): void {
  for (let t = 0; t < types; t++) {
    const k = u * types + t;
    const a = Math.floor(admitted[k] * keep);
    const over = admitted[k] - a;
    admitted[k] = a;
    refuse(u, t, result, over);
  }
}

/** Largest per-user cap c with Σ min(w_u, c) = budget (water-filling). */
export function maxMinShare(w: Float64Array, budget: number): number {
  const sorted = Array.from(w).sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < sorted.length; i++) {
    const c = left / (sorted.length - i);
    if (sorted[i] >= c) return c;
    left -= sorted[i];
  }
  return Infinity;
}
