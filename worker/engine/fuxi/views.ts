/**
 * Read-only views of the Fuxi scheduler for the page (fetched on demand, never
 * per frame): running jobs with their progress, one job's instances as a
 * timeline, and the blacklist with the evidence per server next to the truth.
 */
import type { Engine } from '../engine';
import { I_STATE_NAMES, I_RUNNING, I_LOST, F_BACKUP, F_LOCAL, F_STRAGGLER } from './instances';
import { MARKS } from './blacklist';
import { BLACKLIST_REASONS, type BlacklistReason } from '../../contract';
import * as dm from '../core/detmath';

export interface JobRow {
  /** job number (arrival order) */
  id: number;
  group: number;
  state: 'running' | 'waiting' | 'done';
  tasks: number;
  done: number;
  /** attempts running now, backups included */
  running: number;
  /** tasks waiting for a server */
  pending: number;
  /** done ÷ tasks */
  progress: number;
  arrivedAt: number;
  ageMs: number;
  /** run time of one instance on a middle-generation server (the ideal job duration) */
  idealMs: number;
  /** rack holding the input, or −1 */
  inputRack: number;
  stragglers: number;
  backups: number;
  /** servers this job found slow (its own blacklist) */
  slowServers: number[];
}

export interface InstanceRow {
  /** position in this job's list (launch order) */
  index: number;
  state: (typeof I_STATE_NAMES)[number];
  node: number;
  rack: number;
  start: number;
  /** end time once finished or killed; null while running */
  end: number | null;
  /** expected end at the current speed (running only) */
  expectedEnd: number | null;
  /** the server's true speed for it: CPU generation ÷ slow-down (0 = its server is down) */
  speed: number;
  straggler: boolean;
  backup: boolean;
  /** ran on the rack holding the job's input */
  rackLocal: boolean;
  /** index of the other attempt of the same task (backup ↔ original), or null */
  twin: number | null;
}

export interface JobDetail extends JobRow {
  /** mean run time of its finished instances (ms), 0 while none */
  meanRunMs: number;
  /** run time above which an attempt is a straggler, null while the mean is not known */
  slowThresholdMs: number | null;
  finishedAt: number | null;
  /** actual ÷ ideal duration (finished jobs) */
  slowdown: number | null;
  instances: InstanceRow[];
}

export interface SlowMark {
  job: number;
  t: number;
  /** the attempt's run time ÷ the job's mean */
  ratio: number;
}

export interface BlacklistRow {
  node: number;
  rack: number;
  blacklisted: boolean;
  /** when it went on the blacklist (null if not on it) */
  since: number | null;
  /** why it is on the list: several jobs' marks, or its own health check (null if not on it) */
  reason: BlacklistReason | null;
  /** its last health-check report: probe time ÷ expected on that machine (null while none) */
  probe: number | null;
  /** its health check's bad reports in a row */
  badReports: number;
  /** jobs that marked it slow within the window */
  recentMarks: number;
  marks: SlowMark[];
  /** ground truth: slowed (servers.slow > 1) */
  trulySlow: boolean;
  slowFactor: number;
  /** blacklisted while truly healthy */
  falsely: boolean;
}

export interface BlacklistView {
  size: number;
  /** most servers the blacklist may hold */
  cap: number;
  /** servers that need this many jobs' marks */
  threshold: number;
  /** the health check: on, bad-report threshold (× expected probe time) and reports in a row to list */
  health: { on: boolean; threshold: number; periods: number };
  /** blacklisted servers and servers with slow marks, blacklisted first */
  servers: BlacklistRow[];
  /** truly slow servers not on the blacklist (ground truth) */
  slowNotBlacklisted: number[];
}

function jobRow(e: Engine, j: number): JobRow {
  const J = e.fuxi.jobs;
  const slow: number[] = [];
  for (let k = 0; k < J.blN[j]; k++) slow.push(J.bl[j * J.blMax + k]);
  const state = J.active[j] === 2 ? 'done' : J.running[j] > 0 ? 'running' : 'waiting';
  return {
    id: J.serial[j],
    group: J.group[j],
    state,
    tasks: J.tasks[j],
    done: J.done[j],
    running: J.running[j],
    pending: J.pending[j],
    progress: J.done[j] / J.tasks[j],
    arrivedAt: J.arrive[j],
    ageMs: e.now - J.arrive[j],
    idealMs: J.work[j],
    inputRack: J.rack[j],
    stragglers: J.stragglers[j],
    backups: J.backups[j],
    slowServers: slow,
  };
}

export type JobSort = 'oldest' | 'newest' | 'progress' | 'stragglers';

/** Jobs not yet finished, sorted, one page of them; `total` counts them all. */
export function listJobs(e: Engine, opts: { limit?: number; offset?: number; sort?: JobSort } = {}): { total: number; jobs: JobRow[] } {
  const J = e.fuxi.jobs;
  const limit = Math.max(0, Math.min(5000, Math.floor(opts.limit ?? 100)));
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const ids: number[] = [];
  for (let j = 0; j < J.hw; j++) if (J.active[j] === 1) ids.push(j);
  const sort = opts.sort ?? 'oldest';
  const key: Record<JobSort, (j: number) => number> = {
    oldest: (j) => J.serial[j],
    newest: (j) => -J.serial[j],
    progress: (j) => -J.done[j] / J.tasks[j],
    stragglers: (j) => -J.stragglers[j],
  };
  const k = key[sort] ?? key.oldest;
  ids.sort((a, b) => k(a) - k(b) || J.serial[a] - J.serial[b]);
  return { total: ids.length, jobs: ids.slice(offset, offset + limit).map((j) => jobRow(e, j)) };
}

/** One job (running, or among the last finished) with its instances in launch order; null if unknown. */
export function jobTimeline(e: Engine, id: number): JobDetail | null {
  const fx = e.fuxi,
    J = fx.jobs,
    I = fx.inst;
  let j = -1;
  for (let s = 0; s < J.hw; s++)
    if (J.active[s] !== 0 && J.serial[s] === id) {
      j = s;
      break;
    }
  if (j < 0) return null;
  const index = new Map<number, number>();
  const slots: number[] = [];
  for (let i = J.head[j]; i >= 0; i = I.jnext[i]) {
    index.set(i, slots.length);
    slots.push(i);
  }
  const instances: InstanceRow[] = slots.map((i, k) => {
    const live = I.state[i] === I_RUNNING || I.state[i] === I_LOST;
    return {
      index: k,
      state: I_STATE_NAMES[I.state[i]],
      node: I.node[i],
      rack: e.topo.rackOf[I.node[i]],
      start: I.start[i],
      end: live ? null : I.end[i],
      expectedEnd: I.state[i] === I_RUNNING ? I.end[i] : null,
      speed: live ? I.rate[i] : e.topo.cpu[I.node[i]] / Math.max(1, e.servers.slow[I.node[i]]),
      straggler: (I.flags[i] & F_STRAGGLER) !== 0,
      backup: (I.flags[i] & F_BACKUP) !== 0,
      rackLocal: (I.flags[i] & F_LOCAL) !== 0,
      twin: I.twin[i] >= 0 && index.has(I.twin[i]) ? index.get(I.twin[i])! : null,
    };
  });
  const mean = fx.slow.mean(j);
  const done = J.active[j] === 2;
  let finishedAt: number | null = null;
  if (done) for (const r of instances) if (r.state === 'done' && r.end !== null && (finishedAt === null || r.end > finishedAt)) finishedAt = r.end;
  return {
    ...jobRow(e, j),
    meanRunMs: J.n[j] ? J.sum[j] / J.n[j] : 0,
    slowThresholdMs: mean > 0 ? e.sim.params['scheduler.slowFactor'] * mean : null,
    finishedAt,
    slowdown: done && finishedAt !== null ? (finishedAt - J.arrive[j]) / J.work[j] : null,
    instances,
  };
}

/** The blacklist and the evidence behind it, beside the truth. */
export function blacklistView(e: Engine): BlacklistView {
  const bl = e.fuxi.blacklist;
  const rows: BlacklistRow[] = [];
  const slowNot: number[] = [];
  for (let n = 0; n < e.topo.nodes; n++) {
    const slow = e.servers.slow[n];
    if (!bl.on[n] && slow > 1) slowNot.push(n);
    const hc = e.fuxi.health;
    if (!bl.on[n] && bl.markN[n] === 0 && hc.bad[n] === 0) continue;
    // a straggler still running there: its progress so far projects its run time
    const live = new Map<number, number>();
    const I = e.fuxi.inst;
    for (let i = e.fuxi.sched.nodeHead[n]; i >= 0; i = I.nnext[i])
      if (I.flags[i] & F_STRAGGLER) live.set(e.fuxi.jobs.serial[I.job[i]], e.fuxi.slow.projectedRatio(i));
    const marks: SlowMark[] = [];
    for (let m = 0; m < bl.markN[n]; m++) {
      const x = n * MARKS + m;
      marks.push({ job: bl.markJob[x], t: bl.markT[x], ratio: Math.max(bl.markRatio[x], live.get(bl.markJob[x]) ?? 0) });
    }
    marks.sort((a, b) => a.t - b.t);
    rows.push({
      node: n,
      rack: e.topo.rackOf[n],
      blacklisted: bl.on[n] === 1,
      since: bl.on[n] ? bl.since[n] : null,
      reason: bl.on[n] ? (BLACKLIST_REASONS[bl.reason[n]] as BlacklistReason) : null,
      probe: hc.last[n] > 0 ? hc.last[n] : null,
      badReports: hc.bad[n],
      recentMarks: bl.recentMarks(n),
      marks,
      trulySlow: slow > 1,
      slowFactor: slow,
      falsely: bl.on[n] === 1 && bl.healthy(n),
    });
  }
  rows.sort(
    (a, b) => Number(b.blacklisted) - Number(a.blacklisted) || b.recentMarks - a.recentMarks || b.badReports - a.badReports || a.node - b.node,
  );
  return {
    size: bl.size,
    cap: Math.floor(e.sim.params['scheduler.blacklistCap'] * e.topo.nodes),
    threshold: e.sim.params['scheduler.blacklistJobs'],
    health: {
      on: e.sim.params['scheduler.healthCheck'] && e.sim.params['scheduler.slowDetection'],
      threshold: e.sim.params['scheduler.healthThreshold'],
      periods: e.sim.params['scheduler.healthPeriods'],
    },
    servers: rows,
    slowNotBlacklisted: slowNot,
  };
}

export interface ServerJobs {
  node: number;
  coresUsed: number;
  coresTotal: number;
  blacklisted: boolean;
  /** attempts on it now (lost = its server went down and the master does not know yet) */
  instances: { job: number; state: 'running' | 'lost'; start: number; expectedEnd: number | null; straggler: boolean; backup: boolean }[];
}

/** What the scheduler runs on one server. */
export function serverJobs(e: Engine, node: number): ServerJobs {
  const fx = e.fuxi,
    I = fx.inst;
  const instances: ServerJobs['instances'] = [];
  for (let i = fx.sched.nodeHead[node]; i >= 0; i = I.nnext[i])
    instances.push({
      job: fx.jobs.serial[I.job[i]],
      state: I.state[i] === I_LOST ? 'lost' : 'running',
      start: I.start[i],
      expectedEnd: I.state[i] === I_RUNNING ? I.end[i] : null,
      straggler: (I.flags[i] & F_STRAGGLER) !== 0,
      backup: (I.flags[i] & F_BACKUP) !== 0,
    });
  instances.sort((a, b) => a.start - b.start || a.job - b.job);
  return { node, coresUsed: fx.sched.usedCores(node), coresTotal: fx.sched.coresPerNode, blacklisted: fx.blacklist.on[node] === 1, instances };
}

/** Slowdown bins: edges 2^(k/3) from 0.5× to 32×, plus one bin below and one above. */
export const SLOWDOWN_EDGES: number[] = Array.from({ length: 19 }, (_, k) => dm.pow(2, (k - 3) / 3));

export interface SlowdownHistogram {
  /** jobs counted; `bins[0]` < 0.5×, `bins[i]` in [edges[i-1], edges[i]), last ≥ 32× */
  n: number;
  sum: number;
  max: number;
  bins: number[];
}

export interface SlowdownView {
  /** bin edges (slowdown = finished − arrived ÷ ideal duration) */
  edges: number[];
  /** jobs that ran their whole life with slow-server handling on */
  on: SlowdownHistogram;
  /** … with it off */
  off: SlowdownHistogram;
  /** jobs that saw the setting change while they ran (in neither histogram) */
  mixed: number;
  /** handling now, and since when (sim ms; null = since the start) */
  handling: boolean;
  since: number | null;
}

/**
 * Finished jobs' slowdown, counted into two histograms by whether slow-server
 * handling (`scheduler.slowDetection`) was on or off for the job's whole life.
 * It listens on `fuxi.jobTaps` (read-only: it never changes engine state). A change
 * of the setting is noticed at the next job completion, so a job that arrived in
 * between counts as mixed (in neither histogram).
 */
export class SlowdownTally {
  private readonly h = { on: blank(), off: blank() };
  private mixed = 0;
  private handling: boolean;
  private since: number | null = null;

  constructor(private readonly e: Engine) {
    this.handling = !!e.sim.params['scheduler.slowDetection'];
    e.fuxi.jobTaps.push((_id, arrivedAt, slowdown) => this.add(arrivedAt, slowdown));
  }

  private sync(): void {
    const now = !!this.e.sim.params['scheduler.slowDetection'];
    if (now !== this.handling) {
      this.handling = now;
      this.since = this.e.now;
    }
  }

  add(arrivedAt: number, slowdown: number): void {
    this.sync();
    if (this.since !== null && arrivedAt < this.since) {
      this.mixed++;
      return;
    }
    const h = this.handling ? this.h.on : this.h.off;
    h.n++;
    h.sum += slowdown;
    if (slowdown > h.max) h.max = slowdown;
    h.bins[slowdownBin(slowdown)]++;
  }

  view(): SlowdownView {
    this.sync();
    const copy = (h: SlowdownHistogram): SlowdownHistogram => ({ ...h, bins: h.bins.slice() });
    return {
      edges: SLOWDOWN_EDGES.slice(),
      on: copy(this.h.on),
      off: copy(this.h.off),
      mixed: this.mixed,
      handling: this.handling,
      since: this.since,
    };
  }
}

function blank(): SlowdownHistogram {
  return { n: 0, sum: 0, max: 0, bins: new Array<number>(SLOWDOWN_EDGES.length + 1).fill(0) };
}

/** Index of the bin holding a slowdown (see SLOWDOWN_EDGES). */
export function slowdownBin(x: number): number {
  let i = 0;
  while (i < SLOWDOWN_EDGES.length && x >= SLOWDOWN_EDGES[i]) i++;
  return i;
}

const TALLIES = new WeakMap<Engine, SlowdownTally>();
/** The engine's slowdown tally, attached on first use (attach right after building an engine to count from the start). */
export function slowdownTally(e: Engine): SlowdownTally {
  let t = TALLIES.get(e);
  if (!t) {
    t = new SlowdownTally(e);
    TALLIES.set(e, t);
  }
  return t;
}
