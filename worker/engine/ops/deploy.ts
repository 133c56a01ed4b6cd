/**
 * O1, deployment (Dayu). Going from ~1,000 to 5,000 servers broke the old way: a
 * cold upgrade took 4–5 h. Dayu's multi-point concurrent transfer with per-link rate
 * control, configuration apart from binaries, a fast version switch and rollback
 * brought the service stop of a cold upgrade down to 20–30 min.
 *
 * Nothing here is a duration constant for "old" or "new": the times follow from the
 * package size, the network (NIC, rack uplink, core — the Network's capacities, with
 * the transfer's demand added to the uplinks every tick like any other flow), the
 * remote-execution tool's concurrency, and the steps each way has to take:
 *
 *   old layout (binaries and config mixed; `deploy.separateConfig` false): nothing can
 *     be staged beside the running version, so a cold upgrade stops the service, then
 *     copies, installs and starts — the copy is inside the stop. Rollback = copy the
 *     old package again.
 *   Dayu's layout: the new version is copied beside the running one while the service
 *     runs; the stop covers only stop → switch (a link and a config push) → start.
 *     Rollback = switch back.
 *
 *   single-source: one server pushes to `deploy.singleConcurrency` servers at once, each
 *     copy as fast as it can; once they oversubscribe the source's NIC they get only
 *     `deploy.unpacedEfficiency` of it (loss, retransmits, timeouts).
 *   p2p: a swarm of pieces (ops/swarm.ts): a server passes on only the whole pieces it
 *     holds, `deploy.uploadFlows` paced flows of at most `deploy.flowMbps` each, racks fed
 *     across the core by `deploy.seedFlowsPerRack` flows, a rack's deployment traffic kept
 *     under `deploy.uplinkShare` of its uplink — paced below capacity, so nothing is lost;
 *     the spread takes rounds, growing with the log of the number of servers.
 *
 *   The ways (WAYS, issue 14) are layout × transfer: `old` (old layout, one source: the
 *   copy fills most of the stop), `staged` (the same copy beside the running version,
 *   before the stop), `p2p` (staged and multi-point: Dayu), `p2p-unstaged`. What filled
 *   a cold stop is booked per step in `stopFill` (STOP_PARTS), the master's namespace
 *   load apart from the servers' start.
 *
 *   cold: the whole service stops once (service downtime = that stop).
 *   rolling: `deploy.rollingBatchRacks` racks at a time; the service never stops as a
 *     whole (service downtime 0), each server is down for its batch's steps.
 *
 * The service stop is ground truth of its own (`stopped` per server), apart from the
 * hardware truth: machines run, the Feitian processes on them do not.
 */
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Servers } from '../cluster/servers';
import type { Network } from '../cluster/network';
import type { MasterLoad } from '../master/masterLoad';
import { swarmScratch, swarmTick, type SwarmScratch } from './swarm';

export const PH_IDLE = 0,
  PH_DISTRIBUTE = 1,
  PH_STOP = 2,
  PH_INSTALL = 3,
  PH_SWITCH = 4,
  PH_START = 5;
export const PHASE_NAMES = ['idle', 'distributing', 'stopping', 'installing', 'switching', 'starting'] as const;
export const METHODS = ['single', 'p2p'] as const;
export const MODES = ['cold', 'rolling'] as const;
export const CONTENTS = ['binary', 'config'] as const;
/**
 * The ways (issue 14), from layout × transfer: `old` — the old layout, one source, the
 * copy inside the stop (the seed's 4–5 h); `staged` — the package copied beside the
 * running version first (still from one source), the stop only switches; `p2p` — staged
 * and multi-point (Dayu); `p2p-unstaged` — multi-point into the old layout, the copy
 * inside the stop but short.
 */
export const WAYS = ['old', 'staged', 'p2p', 'p2p-unstaged'] as const;
export function wayOf(method: number, staged: boolean): (typeof WAYS)[number] {
  return staged ? (method === 0 ? 'staged' : 'p2p') : method === 0 ? 'old' : 'p2p-unstaged';
}
/** What can fill a cold deployment's service stop, in DeployStatus.stopFillMs. */
export const STOP_PARTS = ['stopping', 'copying', 'installing', 'switching', 'masterLoad', 'starting'] as const;

/** Adds `ms` of step `ph` to a STOP_PARTS tally; the start step's first `masterLoadMs` are the master loading its namespace. */
export function bookStop(f: Float64Array, ph: number, ms: number, masterLoadMs: number): void {
  if (ph === PH_START) {
    const load = Math.min(ms, masterLoadMs);
    f[4] += load;
    f[5] += ms - load;
  } else f[ph === PH_STOP ? 0 : ph === PH_DISTRIBUTE ? 1 : ph === PH_INSTALL ? 2 : 3] += ms;
}

export interface DeployStatus {
  phase: (typeof PHASE_NAMES)[number];
  method: string;
  mode: string;
  content: string;
  rollback: boolean;
  staged: boolean;
  /** the way this deployment goes (layout × transfer) */
  way: (typeof WAYS)[number];
  /** what filled the latest cold deployment's service stop so far, ms per part */
  stopFillMs: Record<(typeof STOP_PARTS)[number], number>;
  version: number;
  targetVersion: number;
  sizeMB: number;
  startedMs: number;
  /** servers holding the whole package / reachable servers in scope */
  transferred: number;
  onTarget: number;
  stoppedNow: number;
  batch: number;
  batches: number;
  /** time the current timed step ends (−1 during a transfer) */
  stepEndsMs: number;
  distributionMs: number;
  serviceDowntimeMs: number;
  /** mean time one server's service was stopped, over all deployments */
  meanServerDowntimeMs: number;
  totalMs: number;
  deployments: number;
  missed: number;
  /** the rate the transfer moves now, Gb/s */
  transferGbps: number;
  /** per rack: share of the package transferred (0–1) */
  rackTransfer: Float32Array;
  /** per rack: share of servers running the target version */
  rackUpgraded: Float32Array;
}

export class Deploy {
  /** running version per server; the version staged beside it (0 none) */
  readonly version: Uint16Array;
  readonly staged: Uint16Array;
  /** MB of the package in transfer held by each server */
  readonly have: Float32Array;
  /** 1 where the Feitian service on the server is stopped for the upgrade */
  readonly stopped: Uint8Array;
  /** P2P scratch: Mb/s each rack sends across the core this tick; the swarm's sort buffers */
  private readonly crossOut: Float64Array;
  private readonly scratch: SwarmScratch;
  /**
   * What filled the service stop of the latest cold deployment, ms per part (STOP_PARTS):
   * stopping, copying, installing, switching, the master loading its namespace, servers starting.
   */
  readonly stopFill = new Float64Array(STOP_PARTS.length);
  /** when the current step began, and the master's load inside the start step */
  phaseStart = -1;
  masterLoadMs = 0;
  private readonly inScope: Uint8Array;
  phase = PH_IDLE;
  method = 0;
  mode = 0;
  content = 0;
  rollback = 0;
  stagedLayout = 0;
  current = 1;
  target = 1;
  sizeMB = 0;
  startedMs = -1;
  stepEnds = -1;
  batch = 0;
  batches = 1;
  distStart = -1;
  /** run totals */
  distributionMs = 0;
  serviceDowntimeMs = 0;
  stopStart = -1;
  serverStoppedMs = 0;
  totalMs = 0;
  deployments = 0;
  missed = 0;
  transferGbps = 0;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly servers: Servers,
    private readonly master: MasterLoad,
  ) {
    const n = topo.nodes;
    this.version = new Uint16Array(n).fill(1);
    this.staged = new Uint16Array(n);
    this.have = new Float32Array(n);
    this.stopped = new Uint8Array(n);
    this.inScope = new Uint8Array(n);
    this.crossOut = new Float64Array(topo.racks);
    this.scratch = swarmScratch(n, topo.racks);
    for (const [k, a] of Object.entries({
      version: this.version,
      staged: this.staged,
      have: this.have,
      stopped: this.stopped,
      inScope: this.inScope,
      stopFill: this.stopFill,
    }))
      sim.track('deploy.' + k, () => a);
    for (const k of [
      'phase',
      'method',
      'mode',
      'content',
      'rollback',
      'stagedLayout',
      'current',
      'target',
      'sizeMB',
      'startedMs',
      'stepEnds',
      'batch',
      'distStart',
      'distributionMs',
      'serviceDowntimeMs',
      'stopStart',
      'serverStoppedMs',
      'missed',
      'phaseStart',
      'masterLoadMs',
    ] as const)
      sim.trackScalar('deploy.' + k, () => this[k]);
  }

  get busy(): boolean {
    return this.phase !== PH_IDLE;
  }

  /** Starts rolling out a new version (or only new configuration). Returns false when one is already under way. */
  start(method: number, mode: number, content = 0): boolean {
    if (this.busy) {
      this.sim.note({ code: 'deploy.busy' });
      return false;
    }
    const p = this.sim.params;
    const sep = p['deploy.separateConfig'] ? 1 : 0;
    // config alone, in Dayu's layout, is small; in the old layout it ships inside the whole package
    const size = content === 1 && sep ? p['deploy.configMB'] : p['deploy.packageMB'] + p['deploy.configMB'];
    this.begin(method, mode, content, 0, content === 1 ? this.current : this.current + 1, sep, size);
    this.sim.note({ code: 'deploy.started', v: this.target, s: `${METHODS[method]} ${MODES[mode]} ${CONTENTS[content]}` });
    this.next();
    return true;
  }

  /**
   * Back to the previous version. Aborts a deployment under way. In Dayu's layout the
   * old binaries are still beside the new: a switch; in the old layout the old
   * package has to be copied again.
   */
  rollBack(): boolean {
    const p = this.sim.params;
    const from = this.busy ? this.target : this.current;
    const to = this.busy ? this.current : this.current - 1;
    if (to < 1) {
      this.sim.note({ code: 'deploy.nothingToRollBack' });
      return false;
    }
    const method = this.method,
      mode = this.mode;
    if (this.busy) {
      this.finishDowntime();
      this.phase = PH_IDLE;
      this.stopped.fill(0);
      let changed = 0;
      for (let i = 0; i < this.topo.nodes; i++) if (this.version[i] !== to) changed++;
      if (changed === 0) {
        // nothing switched yet: aborting the transfer is the whole rollback
        this.totalMs += this.sim.now - this.startedMs;
        this.sim.note({ code: 'deploy.aborted', v: to });
        return true;
      }
    }
    const sep = p['deploy.separateConfig'] ? 1 : 0;
    this.begin(method, mode, 0, 1, to, sep, p['deploy.packageMB'] + p['deploy.configMB']);
    // servers that still hold `to` beside the running version need no copy
    for (let i = 0; i < this.topo.nodes; i++) if (this.version[i] === to || (sep && this.staged[i] === to)) this.have[i] = this.sizeMB;
    this.sim.note({ code: 'deploy.rollback', v: to, s: `from ${from}` });
    this.next();
    return true;
  }

  private begin(method: number, mode: number, content: number, rollback: number, target: number, sep: number, sizeMB: number): void {
    this.sizeMB = sizeMB;
    this.method = method;
    this.mode = mode;
    this.content = content;
    this.rollback = rollback;
    this.stagedLayout = sep;
    this.target = target;
    this.startedMs = this.sim.now;
    this.batch = 0;
    this.batches = mode === 1 ? Math.ceil(this.topo.racks / this.sim.params['deploy.rollingBatchRacks']) : 1;
    this.have.fill(0);
    this.stopFill.fill(0);
    this.distStart = -1;
    this.deployments++;
    this.have[this.sim.params['deploy.sourceNode']] = sizeMB; // the source holds the package
  }

  /** Scope of the current step: every server (cold, or a staged rolling transfer) or the batch's racks. */
  private setScope(all: boolean): number {
    const npr = this.topo.nodesPerRack;
    const per = this.sim.params['deploy.rollingBatchRacks'];
    const r0 = this.batch * per,
      r1 = Math.min(this.topo.racks, r0 + per);
    let n = 0;
    for (let i = 0; i < this.topo.nodes; i++) {
      const r = (i / npr) | 0;
      const s = all || (r >= r0 && r < r1) ? 1 : 0;
      this.inScope[i] = s;
      n += s;
    }
    return n;
  }

  private needsCopy(): boolean {
    for (let i = 0; i < this.topo.nodes; i++) if (this.inScope[i] && this.have[i] < this.sizeMB && this.servers.reachable(i)) return true;
    return false;
  }

  private reachableInScope(): number {
    let n = 0;
    for (let i = 0; i < this.topo.nodes; i++) if (this.inScope[i] && this.servers.reachable(i)) n++;
    return n;
  }

  /** Moves to the next step of the plan. */
  private next(): void {
    const p = this.sim.params;
    const now = this.sim.now;
    const staged = this.stagedLayout === 1;
    const cold = this.mode === 0;
    const execRounds = (n: number) => Math.ceil(n / p['deploy.execConcurrency']);
    const ph = this.phase;
    this.fillStop(ph, now);
    let to: number;
    if (ph === PH_IDLE) to = staged ? PH_DISTRIBUTE : PH_STOP;
    else if (ph === PH_DISTRIBUTE) to = staged ? (cold || this.batch < this.batches ? PH_STOP : PH_IDLE) : PH_INSTALL;
    else if (ph === PH_STOP) to = staged ? PH_SWITCH : PH_DISTRIBUTE;
    else if (ph === PH_INSTALL || ph === PH_SWITCH) to = PH_START;
    else to = PH_IDLE; // after START
    if (ph === PH_START) {
      this.startServices();
      if (!cold && ++this.batch < this.batches) to = PH_STOP;
    }
    this.phase = to;
    this.phaseStart = now;
    this.stepEnds = -1;
    switch (to) {
      case PH_DISTRIBUTE: {
        this.setScope(cold || staged);
        const src = p['deploy.sourceNode'];
        this.have[src] = this.sizeMB;
        if (!this.needsCopy()) return this.next(); // everything is there already (a rollback in Dayu's layout)
        if (this.distStart < 0) this.distStart = now;
        break;
      }
      case PH_STOP: {
        const n = this.setScope(cold);
        for (let i = 0; i < this.topo.nodes; i++) if (this.inScope[i]) this.stopped[i] = 1;
        if (cold) {
          this.master.serviceStopped = 1;
          this.stopStart = now;
        }
        this.stepEnds = now + p['deploy.stopMs'];
        this.sim.note({ code: 'deploy.stopping', v: n, s: cold ? 'cluster' : `batch ${this.batch + 1}/${this.batches}` });
        break;
      }
      case PH_INSTALL:
      case PH_SWITCH: {
        const n = this.reachableInScope();
        const step = to === PH_INSTALL ? p['deploy.installMs'] : p['deploy.switchMs'] + (p['deploy.configMB'] * 8 * 1000) / p['deploy.flowMbps'];
        this.stepEnds = now + execRounds(n) * step;
        break;
      }
      case PH_START: {
        // a cold start waits for the master to load its namespace before servers can register
        const masterLoad = cold ? (this.master.files * p['deploy.masterLoadUsPerFile']) / 1000 : 0;
        this.masterLoadMs = masterLoad;
        this.stepEnds = now + masterLoad + p['deploy.serverStartMs'];
        break;
      }
      case PH_IDLE:
        this.finish();
        break;
    }
  }

  /** Books the step that ends now into what filled the cluster's service stop (cold deployments only). */
  private fillStop(ph: number, now: number): void {
    if (this.stopStart < 0 || this.phaseStart < 0 || ph === PH_IDLE) return;
    bookStop(this.stopFill, ph, now - this.phaseStart, this.masterLoadMs);
  }

  /** The batch's (or cluster's) servers run the target version again. */
  private startServices(): void {
    const n = this.topo.nodes;
    for (let i = 0; i < n; i++) {
      if (!this.inScope[i]) continue;
      if (this.stopped[i] && this.servers.reachable(i) && this.have[i] >= this.sizeMB) {
        if (this.content === 0 && this.version[i] !== this.target) {
          const old = this.version[i];
          this.version[i] = this.target;
          this.staged[i] = this.stagedLayout ? old : 0;
        }
      } else if (this.version[i] !== this.target) this.missed++;
      this.stopped[i] = 0;
    }
    if (this.mode === 0) this.finishDowntime();
  }

  private finishDowntime(): void {
    if (this.stopStart >= 0) {
      this.serviceDowntimeMs += this.sim.now - this.stopStart;
      this.stopStart = -1;
    }
    this.master.serviceStopped = 0;
  }

  private finish(): void {
    const now = this.sim.now;
    if (this.content === 0) this.current = this.target;
    this.totalMs += now - this.startedMs;
    this.sim.note({ code: 'deploy.done', v: this.current, s: `${Math.round((now - this.startedMs) / 60_000)} min` });
    this.sim.count('deployments');
  }

  /** One flow tick: transfer progress (adds its demand to the network) and timed steps. */
  tick(dtMs: number, net: Network): void {
    if (this.phase === PH_IDLE) return;
    let nStopped = 0;
    for (let i = 0; i < this.stopped.length; i++) nStopped += this.stopped[i];
    this.serverStoppedMs += nStopped * dtMs;
    if (this.phase === PH_DISTRIBUTE) {
      const left = this.method === 0 ? this.tickSingle(dtMs, net) : this.tickP2p(dtMs, net);
      if (left === 0) {
        this.distributionMs += this.sim.now - this.distStart;
        this.distStart = -1;
        this.transferGbps = 0;
        this.sim.note({ code: 'deploy.distributed', v: this.sizeMB });
        this.next();
      }
      return;
    }
    if (this.sim.now >= this.stepEnds) this.next();
  }

  private receiverMbps(i: number): number {
    const p = this.sim.params;
    const disk = this.topo.diskMBps[i * this.topo.disksPerNode] * 8;
    return Math.min(p['network.nicGbps'] * 1000, disk);
  }

  /** Single source, as fast as possible. Returns reachable servers still missing the package. */
  private tickSingle(dtMs: number, net: Network): number {
    const p = this.sim.params;
    const src = p['deploy.sourceNode'];
    const size = this.sizeMB;
    const n = this.topo.nodes;
    if (!this.servers.reachable(src)) {
      this.transferGbps = 0;
      return 1;
    }
    const conc = p['deploy.singleConcurrency'];
    let k = 0,
      offered = 0,
      left = 0;
    for (let i = 0; i < n; i++) {
      if (!this.inScope[i] || this.have[i] >= size || !this.servers.reachable(i)) continue;
      left++;
      if (k < conc) {
        k++;
        offered += this.receiverMbps(i);
      }
    }
    if (left === 0) return 0;
    const cap = Math.min(p['network.nicGbps'], net.uplinkCapacity(this.topo.rackOf[src])) * 1000;
    const goodput = offered > cap ? cap * p['deploy.unpacedEfficiency'] : offered;
    const per = goodput / k; // Mb/s per copy
    const srcRack = this.topo.rackOf[src];
    let crossMbps = 0,
      m = 0;
    for (let i = 0; i < n && m < k; i++) {
      if (!this.inScope[i] || this.have[i] >= size || !this.servers.reachable(i)) continue;
      m++;
      this.have[i] = Math.min(size, this.have[i] + (per * dtMs) / 8000);
      if (this.topo.rackOf[i] !== srcRack) crossMbps += per;
    }
    net.uplinkDemand[srcRack] += crossMbps / 1000;
    this.transferGbps = goodput / 1000;
    return left;
  }

  /** Dayu's multi-point transfer: a swarm of pieces over two paced trees (ops/swarm.ts). */
  private tickP2p(dtMs: number, net: Network): number {
    const p = this.sim.params;
    const { nodes, racks, nodesPerRack } = this.topo;
    this.crossOut.fill(0);
    const res = swarmTick(
      {
        nodes,
        racks,
        nodesPerRack,
        sizeMB: this.sizeMB,
        pieceMB: Math.min(p['deploy.pieceMB'], this.sizeMB),
        flowMbps: p['deploy.flowMbps'],
        uploadFlows: p['deploy.uploadFlows'],
        seedFlowsPerRack: p['deploy.seedFlowsPerRack'],
        uplinkShare: p['deploy.uplinkShare'],
        uplinkMbps: (r) => net.uplinkCapacity(r) * 1000,
        receiverMbps: (i) => this.receiverMbps(i),
        reachable: (i) => this.servers.reachable(i),
        inScope: this.inScope,
      },
      this.have,
      this.crossOut,
      dtMs,
      this.scratch,
    );
    for (let r = 0; r < racks; r++) if (this.crossOut[r] > 0) net.uplinkDemand[r] += this.crossOut[r] / 1000;
    this.transferGbps = (res.crossMbps + res.intraMbps) / 1000;
    return res.left;
  }

  /** stopFill plus the step under way, if the service is stopped now. */
  stopFillNow(): Record<(typeof STOP_PARTS)[number], number> {
    const f = Float64Array.from(this.stopFill);
    const ph = this.phase;
    if (this.stopStart >= 0 && this.phaseStart >= 0 && ph !== PH_IDLE) bookStop(f, ph, this.sim.now - this.phaseStart, this.masterLoadMs);
    const out = {} as Record<(typeof STOP_PARTS)[number], number>;
    STOP_PARTS.forEach((k, i) => (out[k] = Math.round(f[i])));
    return out;
  }

  status(): DeployStatus {
    const { racks, nodes, nodesPerRack } = this.topo;
    const rackTransfer = new Float32Array(racks),
      rackUpgraded = new Float32Array(racks);
    const size = this.sizeMB || 1;
    let transferred = 0,
      onTarget = 0,
      stoppedNow = 0;
    for (let i = 0; i < nodes; i++) {
      const r = (i / nodesPerRack) | 0;
      const h = Math.min(1, this.have[i] / size);
      rackTransfer[r] += h;
      if (h >= 1) transferred++;
      if (this.version[i] === this.target) {
        rackUpgraded[r]++;
        onTarget++;
      }
      stoppedNow += this.stopped[i];
    }
    for (let r = 0; r < racks; r++) {
      const sz = this.topo.rackSize[r];
      rackTransfer[r] /= sz;
      rackUpgraded[r] /= sz;
    }
    const ongoingStop = this.stopStart >= 0 ? this.sim.now - this.stopStart : 0;
    const ongoingDist = this.distStart >= 0 ? this.sim.now - this.distStart : 0;
    return {
      phase: PHASE_NAMES[this.phase],
      method: METHODS[this.method],
      mode: MODES[this.mode],
      content: CONTENTS[this.content],
      rollback: this.rollback === 1,
      staged: this.stagedLayout === 1,
      way: wayOf(this.method, this.stagedLayout === 1),
      stopFillMs: this.stopFillNow(),
      version: this.current,
      targetVersion: this.target,
      sizeMB: this.sizeMB,
      startedMs: this.startedMs,
      transferred,
      onTarget,
      stoppedNow,
      batch: this.batch,
      batches: this.batches,
      stepEndsMs: this.stepEnds,
      distributionMs: this.distributionMs + ongoingDist,
      serviceDowntimeMs: this.serviceDowntimeMs + ongoingStop,
      meanServerDowntimeMs: this.serverStoppedMs / nodes,
      totalMs: this.totalMs + (this.busy ? this.sim.now - this.startedMs : 0),
      deployments: this.deployments,
      missed: this.missed,
      transferGbps: this.transferGbps,
      rackTransfer,
      rackUpgraded,
    };
  }
}
