/**
 * The engine: one scenario's whole simulated cluster. Composes the mechanisms over
 * a shared `Sim`, replays the scenario's timeline at its times, takes live
 * perturbations (recording them into the timeline), and answers with frames,
 * summaries and state hashes.
 *
 * Timeline semantics: an entry at time t is applied after every event with time ≤ t.
 * A live perturbation is applied where the clock stands and recorded with that time,
 * so a replay of the recorded timeline reaches the same state.
 */
import { checkAction, type ActionArgs, type TimelineEntry } from '../scenario/actions';
import { resolveParams, type Scenario, parseScenario } from '../scenario/schema';
import { EV } from './events';
import { Sim } from './sim';
import { buildTopology, type Topology } from './cluster/topology';
import { Servers } from './cluster/servers';
import { Network } from './cluster/network';
import { BackgroundWorkload } from './workload/background';
import { HeartbeatDetector } from './detection/heartbeat';
import { ServerFailures } from './faults/serverFailures';
import { DetectorCorruption } from './faults/detectorCorruption';
import { Metrics } from './metrics';
import { Pangu } from './pangu/pangu';
import { Fuxi } from './fuxi/fuxi';
import { Operations } from './ops/operations';
import { Recovery } from './recovery/recovery';
import { applyAction } from './actions';
import { buildFrame, type Frame } from './frame';
import { buildSummary, type Summary } from './summary';
import { Writes } from './writes/writes';

export class Engine {
  readonly sim: Sim;
  readonly topo: Topology;
  readonly servers: Servers;
  readonly net: Network;
  readonly workload: BackgroundWorkload;
  readonly detector: HeartbeatDetector;
  readonly failures: ServerFailures;
  readonly corruption: DetectorCorruption;
  readonly metrics: Metrics;
  /** the write path: clients writing, pipeline / in-memory redo log / majority, flushes, loss, scrubbing (P4, P5) */
  readonly writes: Writes;
  /** Pangu, the file system: chunks, placement, re-replication, slow disks (P1–P3, P6) */
  readonly pangu: Pangu;
  /** the Fuxi job scheduler (S1–S3) */
  readonly fuxi: Fuxi;
  /** operations: master queue and self-protection, audit log, monitoring, deployment (O1–O3, P7) */
  readonly ops: Operations;
  /** recovery policy and circuit breaker, the file-system master's failover, Huatuo (R1–R4, F4) */
  readonly recovery: Recovery;
  /** the timeline: loaded entries plus live ones, in time order */
  readonly timeline: TimelineEntry[];
  /** index of the next timeline entry to apply */
  private cursor = 0;
  /** how many timeline entries have been applied (checkpoints record it) */
  get applied(): number {
    return this.cursor;
  }
  private readonly scenarioBase: Scenario;

  constructor(scenario: Scenario) {
    // Revalidate: an Engine never runs an unchecked scenario.
    const s = parseScenario(JSON.parse(JSON.stringify(scenario)));
    this.scenarioBase = s;
    this.timeline = s.timeline.map((e) => ({ ...e, args: { ...e.args } }));
    const params = resolveParams(s);
    this.sim = new Sim(params, s.seed);
    this.topo = buildTopology(params);
    this.servers = new Servers(this.sim, this.topo);
    this.net = new Network(this.sim, this.topo);
    this.workload = new BackgroundWorkload(this.sim, this.topo, this.servers);
    this.detector = new HeartbeatDetector(this.sim, this.topo, this.servers, this.net);
    this.failures = new ServerFailures(this.sim, this.topo, this.servers);
    this.corruption = new DetectorCorruption(this.sim, this.topo, this.servers, this.detector);
    this.pangu = new Pangu(this);
    this.fuxi = new Fuxi(this);
    this.recovery = new Recovery(this, this.pangu);
    this.metrics = new Metrics(this.sim);
    this.ops = new Operations(this);
    this.writes = new Writes(this);
    this.addSeries();
    this.ops.addSeries(this.metrics);
    this.pangu.addSeries(this.metrics);
    this.fuxi.addSeries(this.metrics);
    this.writes.addSeries(this.metrics);
    this.recovery.addSeries(this.metrics);
    this.sim.on(EV.TICK, () => this.tick());
    this.sim.at(0, EV.TICK);
  }

  get now(): number {
    return this.sim.now;
  }

  private tick(): void {
    const dt = this.sim.params['engine.tickMs'];
    this.net.beginTick();
    this.workload.tick(this.net);
    this.pangu.tickDemand();
    this.ops.tickNetwork(dt);
    this.writes.tickDemand(this.net);
    this.net.endTick();
    this.writes.tick(dt);
    this.ops.tick(dt);
    this.pangu.tickProgress(dt);
    this.sim.after(dt, EV.TICK);
  }

  private addSeries(): void {
    const m = this.metrics;
    m.add('coreUtil', () => this.net.coreUtil);
    m.add('maxUplinkUtil', () => {
      let x = 0;
      for (const u of this.net.uplinkUtil) if (u > x) x = u;
      return x;
    });
    m.add('trulyDown', () => {
      let n = 0;
      for (const s of this.servers.truth) if (s !== 0) n++;
      return n;
    });
    m.add('believedDead', () => {
      let n = 0;
      for (const b of this.detector.belief) if (b === 2) n++;
      return n;
    });
    m.add('meanLoad', () => {
      let s = 0;
      for (const x of this.workload.load) s += x;
      return s / this.topo.nodes;
    });
  }

  /**
   * Advances simulated time to `t` (ms), applying timeline entries on the way —
   * those at exactly `t` too, unless `entriesAtT` is false (the moment just before them).
   */
  runUntil(t: number, entriesAtT = true): void {
    if (!(t >= this.sim.now)) throw new RangeError(`runUntil: ${t} is before now (${this.sim.now})`);
    while (this.cursor < this.timeline.length && (this.timeline[this.cursor].t < t || (entriesAtT && this.timeline[this.cursor].t === t))) {
      const e = this.timeline[this.cursor++];
      this.sim.processUntil(e.t);
      this.sim.now = e.t;
      applyAction(this, e.action, e.args);
    }
    this.sim.processUntil(t);
    this.sim.now = t;
  }

  /** Applies an action now and records it; returns the recorded entry. Throws RangeError on bad input. */
  perturb(action: string, args: Record<string, unknown> = {}): TimelineEntry {
    const checked: ActionArgs = checkAction(action, args, this.sim.params);
    const entry: TimelineEntry = { t: this.sim.now, action, args: checked };
    // Entries already applied stay before it; scripted future entries stay after it.
    this.timeline.splice(this.cursor, 0, entry);
    this.cursor++;
    applyAction(this, action, checked);
    return entry;
  }

  /** Drops every timeline entry not yet applied (a fork: the old future is discarded). Returns how many. */
  discardFuture(): number {
    return this.timeline.splice(this.cursor).length;
  }

  /** The scenario that replays this run: the loaded one with the timeline as it now stands. */
  scenario(): Scenario {
    return { ...this.scenarioBase, params: { ...this.scenarioBase.params }, timeline: this.timeline.map((e) => ({ ...e, args: { ...e.args } })) };
  }

  hash(): string {
    return this.sim.hash();
  }

  /** A frame with the log from `logFrom`; its config only when the receiver holds another version than `configHeld` (−1: none). */
  frame(logFrom = 0, configHeld = -1): Frame {
    return buildFrame(this, logFrom, configHeld);
  }

  summary(wallMs: number, appUrl?: string): Summary {
    return buildSummary(this, wallMs, appUrl);
  }
}
