/**
 * Jobs (S1): the job mix and its arrivals. A job is a number of equal instances
 * (its input is split evenly, S3): the count and the work per instance are drawn
 * log-uniformly between the `scheduler.instances*` and `scheduler.work*` bounds,
 * its user group with weight g+1, and with probability `scheduler.localityShare`
 * a rack holding its input (the locality seam, see `Scheduler.localityOf`).
 * Arrivals are a Poisson process at `scheduler.jobsPerServerHour` × servers.
 *
 * Jobs live in a small struct-of-arrays pool; a slot is freed when the job completes.
 */
import type { Sim } from '../sim';
import * as dm from '../core/detmath';
import { resized } from '../core/growable';

/**
 * The job level of the multi-level blacklist: each job keeps its own list of the
 * servers it found slow, at most `scheduler.jobBlacklistMax` (the oldest is forgotten).
 */

export class Jobs {
  cap: number;
  hw = 0;
  live = 0;
  private freeTop = 0;
  freeStack: Int32Array;
  /** serial number shown to users (1, 2, 3 … in arrival order) */
  serial = new Int32Array(0);
  active = new Uint8Array(0);
  group = new Uint8Array(0);
  tasks = new Int32Array(0);
  /** tasks waiting for a server */
  pending = new Int32Array(0);
  /** attempts running now (backups included) */
  running = new Int32Array(0);
  /** tasks finished */
  done = new Int32Array(0);
  /** work per instance, ms on a speed-1 server */
  work = new Float64Array(0);
  arrive = new Float64Array(0);
  /** sum and count of finished instances' run times */
  sum = new Float64Array(0);
  n = new Int32Array(0);
  /** rack holding the input, or −1 */
  rack = new Int32Array(0);
  head = new Int32Array(0);
  tail = new Int32Array(0);
  /** where the straggler check starts walking the job's list (before it: finished attempts) */
  scan = new Int32Array(0);
  checkTok = new Int32Array(0);
  checkAt = new Float64Array(0);
  /** servers this job found slow (job-level blacklist) */
  bl = new Int32Array(0);
  blN = new Uint8Array(0);
  stragglers = new Int32Array(0);
  backups = new Int32Array(0);
  /** queue links: per-group cluster queue and per-group-per-rack queue */
  cqNext = new Int32Array(0);
  cqPrev = new Int32Array(0);
  rqNext = new Int32Array(0);
  rqPrev = new Int32Array(0);
  queued = new Uint8Array(0);
  nextSerial = 1;

  /** the job-level blacklist's bound (structural: the list's stride) */
  readonly blMax: number;

  constructor(sim: Sim, cap = 256) {
    this.blMax = sim.params['scheduler.jobBlacklistMax'];
    this.cap = cap;
    this.freeStack = new Int32Array(cap);
    this.alloc(cap);
    for (const name of [
      'serial',
      'active',
      'group',
      'tasks',
      'pending',
      'running',
      'done',
      'work',
      'arrive',
      'sum',
      'n',
      'rack',
      'head',
      'tail',
      'scan',
      'checkTok',
      'checkAt',
      'bl',
      'blN',
      'stragglers',
      'backups',
      'cqNext',
      'cqPrev',
      'rqNext',
      'rqPrev',
      'queued',
    ] as const)
      sim.track('fuxi.job.' + name, () => this[name]);
    sim.track('fuxi.job.free', () => this.freeStack);
    sim.trackScalar('fuxi.job.hw', () => this.hw);
    sim.trackScalar('fuxi.job.freeTop', () => this.freeTop);
    sim.trackScalar('fuxi.job.nextSerial', () => this.nextSerial);
  }

  private alloc(cap: number): void {
    this.serial = resized(this.serial, cap);
    this.active = resized(this.active, cap);
    this.group = resized(this.group, cap);
    this.tasks = resized(this.tasks, cap);
    this.pending = resized(this.pending, cap);
    this.running = resized(this.running, cap);
    this.done = resized(this.done, cap);
    this.work = resized(this.work, cap);
    this.arrive = resized(this.arrive, cap);
    this.sum = resized(this.sum, cap);
    this.n = resized(this.n, cap);
    this.rack = resized(this.rack, cap);
    this.head = resized(this.head, cap);
    this.tail = resized(this.tail, cap);
    this.scan = resized(this.scan, cap);
    this.checkTok = resized(this.checkTok, cap);
    this.checkAt = resized(this.checkAt, cap);
    this.bl = resized(this.bl, cap * this.blMax);
    this.blN = resized(this.blN, cap);
    this.stragglers = resized(this.stragglers, cap);
    this.backups = resized(this.backups, cap);
    this.cqNext = resized(this.cqNext, cap);
    this.cqPrev = resized(this.cqPrev, cap);
    this.rqNext = resized(this.rqNext, cap);
    this.rqPrev = resized(this.rqPrev, cap);
    this.queued = resized(this.queued, cap);
    if (this.freeStack.length < cap) this.freeStack = resized(this.freeStack, cap);
    this.cap = cap;
  }

  /** A new job record; the caller fills the mix fields. */
  take(now: number): number {
    let j: number;
    if (this.freeTop > 0) j = this.freeStack[--this.freeTop];
    else {
      if (this.hw === this.cap) this.alloc(this.cap * 2);
      j = this.hw++;
    }
    this.live++;
    this.serial[j] = this.nextSerial++;
    this.active[j] = 1;
    this.arrive[j] = now;
    this.pending[j] = this.running[j] = this.done[j] = this.n[j] = 0;
    this.sum[j] = 0;
    this.head[j] = this.tail[j] = this.scan[j] = -1;
    this.checkTok[j] = 0;
    this.checkAt[j] = Infinity;
    this.blN[j] = 0;
    this.stragglers[j] = this.backups[j] = 0;
    this.queued[j] = 0;
    this.rack[j] = -1;
    return j;
  }

  give(j: number): void {
    this.active[j] = 0;
    this.checkTok[j] = 0;
    this.freeStack[this.freeTop++] = j;
    this.live--;
  }

  /** Whether job j has put `node` on its own blacklist. */
  blacklists(j: number, node: number): boolean {
    const n = this.blN[j];
    const base = j * this.blMax;
    for (let k = 0; k < n; k++) if (this.bl[base + k] === node) return true;
    return false;
  }

  /** Adds `node` to job j's blacklist; false when it was there already. */
  addBlacklist(j: number, node: number): boolean {
    if (this.blacklists(j, node)) return false;
    const n = this.blN[j];
    if (n < this.blMax) {
      this.bl[j * this.blMax + n] = node;
      this.blN[j] = n + 1;
    } else {
      // full: forget the oldest
      const base = j * this.blMax;
      this.bl.copyWithin(base, base + 1, base + this.blMax);
      this.bl[base + this.blMax - 1] = node;
    }
    return true;
  }
}

/** Draws from the job mix: (tasks, work ms, group, rack or −1). */
export interface JobDraw {
  tasks: number;
  work: number;
  group: number;
  localRack: boolean;
}

export function drawJob(sim: Sim, groups: number, out: JobDraw): JobDraw {
  const p = sim.params;
  const rng = sim.rng.get('fuxi.jobs');
  const tMin = p['scheduler.instancesMin'],
    tMax = p['scheduler.instancesMax'];
  out.tasks = Math.min(tMax, Math.floor(logUniform(tMin, tMax + 1, rng.next())));
  out.work = logUniform(p['scheduler.workMinMinutes'], p['scheduler.workMaxMinutes'], rng.next()) * 60_000;
  // group g with weight g + 1
  const total = (groups * (groups + 1)) / 2;
  let x = rng.next() * total,
    g = 0;
  while (g < groups - 1 && x >= g + 1) {
    x -= g + 1;
    g++;
  }
  out.group = g;
  out.localRack = rng.next() < p['scheduler.localityShare'];
  return out;
}

/** Log-uniform between lo and hi for a uniform u in [0, 1). */
function logUniform(lo: number, hi: number, u: number): number {
  return lo * dm.exp(u * dm.log(hi / lo));
}

/** Time to the next arrival (ms), or Infinity when arrivals are off. */
export function nextArrivalGap(sim: Sim): number {
  const rate = sim.params['scheduler.enabled'] ? sim.params['scheduler.jobsPerServerHour'] * sim.params['cluster.nodes'] : 0;
  if (!(rate > 0)) return Infinity;
  return sim.rng.get('fuxi.arrivals').exp(3_600_000 / rate);
}
