/**
 * Pure helpers of the repair-loop view (Huatuo, R4): how many disks sit in each state
 * of the loop right now, read from a frame's per-disk bytes and Huatuo's counts, and
 * the tickets / replacements as cumulative step lines rebuilt from the event log.
 */
import { D_FAILED, D_OFFLINE, D_SUSPECT, diskBelief, GONE, nodeTruth } from '../../../worker/contract';

export interface HuatuoCountsLike {
  repairing: number;
  ticketed: number;
  newDisks: number;
  systemDiskTickets: number;
  reinstalling: number;
}

export interface LoopInput {
  /** one byte per disk (frame.storage.diskState) */
  diskState: Uint8Array;
  /** one byte per server (frame.nodeState) */
  nodeState: Uint8Array;
  disksPerNode: number;
  huatuo: HuatuoCountsLike;
}

export interface LoopCounts {
  /** disks of servers that still exist (not gone for good) */
  disks: number;
  /** serving: neither failed nor offline in the master's view, not in Huatuo's hands */
  inService: number;
  /** failed or offline in the master's view, not yet picked up by Huatuo's monitor */
  detected: number;
  repairing: number;
  ticketed: number;
  newDisks: number;
  /** still serving, but suspected slow by the master (P6) */
  suspect: number;
  systemDiskTickets: number;
  reinstalling: number;
}

/**
 * Disks per state of the loop. A disk the master believes failed or offline is either
 * waiting for the monitor, being repaired, ticketed, or swapped and not yet found; the
 * last three are Huatuo's own counts, so "found bad" is the remainder.
 */
export function loopCounts(x: LoopInput): LoopCounts {
  const { diskState, nodeState, disksPerNode: dpn, huatuo: h } = x;
  let disks = 0,
    bad = 0,
    suspect = 0;
  for (let node = 0; node < nodeState.length; node++) {
    if (nodeTruth(nodeState[node]) === GONE) continue;
    const e = Math.min(diskState.length, (node + 1) * dpn);
    for (let d = node * dpn; d < e; d++) {
      disks++;
      const b = diskBelief(diskState[d]);
      if (b === D_FAILED || b === D_OFFLINE) bad++;
      else if (b === D_SUSPECT) suspect++;
    }
  }
  const inLoop = h.repairing + h.ticketed + h.newDisks;
  return {
    disks,
    inService: Math.max(0, disks - Math.max(bad, inLoop)),
    detected: Math.max(0, bad - inLoop),
    repairing: h.repairing,
    ticketed: h.ticketed,
    newDisks: h.newDisks,
    suspect,
    systemDiskTickets: h.systemDiskTickets,
    reinstalling: h.reinstalling,
  };
}

/** Log codes that file a repair ticket (+1 each) and that record a staff visit (+v). */
export const TICKET_CODES = ['huatuo.ticket', 'huatuo.systemDiskTicket'] as const;
export const BATCH_CODE = 'huatuo.batchReplaced';

export interface LogRow {
  t: number;
  type: string;
  v: number;
}

export interface StepSeries {
  t: number[];
  tickets: number[];
  replaced: number[];
}

/**
 * Cumulative tickets filed and disks replaced as step lines from 0 to `now`, from the
 * log's entries (any order) and the run's counters. When old entries have rolled off
 * the log, the lines start at the count they account for, so both end on the counters.
 */
export function stepSeries(rows: LogRow[], now: number, totals: { tickets: number; replaced: number }): StepSeries {
  const ev = rows
    .filter((r) => r.t <= now && (r.type === BATCH_CODE || (TICKET_CODES as readonly string[]).includes(r.type)))
    .sort((a, b) => a.t - b.t);
  let seenT = 0,
    seenR = 0;
  for (const r of ev) {
    if (r.type === BATCH_CODE) seenR += r.v;
    else seenT++;
  }
  let tickets = Math.max(0, totals.tickets - seenT);
  let replaced = Math.max(0, totals.replaced - seenR);
  const out: StepSeries = { t: [0], tickets: [tickets], replaced: [replaced] };
  for (const r of ev) {
    // a step: hold the old value up to the event, then jump
    out.t.push(r.t, r.t);
    out.tickets.push(tickets, 0);
    out.replaced.push(replaced, 0);
    if (r.type === BATCH_CODE) replaced += r.v;
    else tickets++;
    out.tickets[out.tickets.length - 1] = tickets;
    out.replaced[out.replaced.length - 1] = replaced;
  }
  out.t.push(Math.max(now, out.t[out.t.length - 1]));
  out.tickets.push(tickets);
  out.replaced.push(replaced);
  return out;
}

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Tick steps a time axis may use: whole minutes, hours or days, so no two labels read alike. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30]
  .map((m) => m * MIN_MS)
  .concat(
    [1, 2, 3, 6, 12].map((h) => h * HOUR_MS),
    [1, 2, 5, 10, 20, 50].map((d) => d * DAY_MS),
  );

/**
 * At most `count` ticks (ms, above 0, up to `max`) on a time axis from 0 to `max`, a whole
 * step apart — d3's ticks of plain ms (every 20 s to 2 min) read "1 min, 1 min, 1 min".
 */
export function timeTicks(max: number, count = 4): number[] {
  const step = TICK_STEPS.find((s) => max / s <= count) ?? Math.ceil(max / count / DAY_MS) * DAY_MS;
  const out: number[] = [];
  for (let v = step; v <= max; v += step) out.push(v);
  return out;
}

/** Simulated ms as a short span: "45 min", "3.5 h", "2.1 d". */
export function shortSpan(ms: number, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const v = Math.max(0, ms);
  if (v < 3_600_000) return `${Math.round(v / 60_000)} ${zh ? '分钟' : 'min'}`;
  if (v < 86_400_000 * 2) return `${Math.round(v / 360_000) / 10} ${zh ? '小时' : 'h'}`;
  return `${Math.round(v / 8_640_000) / 10} ${zh ? '天' : 'd'}`;
}
