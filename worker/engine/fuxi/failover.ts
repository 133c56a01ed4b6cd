/**
 * Failover (S2). The scheduler acts on what the master believes:
 * - a server the failure detector declares dead has its attempts killed and their
 *   tasks rerun elsewhere — also when it was declared dead falsely;
 * - a server that truly goes down loses its running attempts at once (no
 *   progress), but the master learns of it only from the detector, or from the
 *   server's agent reporting the lost processes when it comes back up first;
 * - a server whose speed changes (a soft fault) has its attempts' completion
 *   times recomputed at once;
 * - the scheduler master itself fails (`scheduler-master-fail`): the standby takes
 *   over after `scheduler.masterFailoverMs`, rebuilding its state from the agents,
 *   so running jobs are kept; nothing new is placed meanwhile.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import { withRoom } from '../core/growable';
import type { Topology } from '../cluster/topology';
import { type Servers, UP } from '../cluster/servers';
import { type Instances, I_LOST, I_RUNNING } from './instances';
import type { Jobs } from './jobs';
import type { Scheduler } from './scheduler';
import type { SlowServers } from './slowServer';
import type { EngineContext } from '../context';

/** Housekeeping period (ours): arrivals switched back on start within a tick. */
export const TICK_MS = 1000;
/** Ticks between safety-net polls of servers' speeds. */
export const POLL_TICKS = 60;

export class Failover {
  /** slow-down factor last applied per server */
  readonly lastSlow: Float32Array;
  masterBackAt = 0;
  /** jobs touched by the current kill batch (reused scratch) */
  private touched: Int32Array;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;

  constructor(
    c: EngineContext,
    private readonly jobs: Jobs,
    private readonly inst: Instances,
    private readonly sched: Scheduler,
    private readonly slow: SlowServers,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers } = c);
    const { sim, topo, servers, detector } = c;
    this.lastSlow = new Float32Array(topo.nodes).fill(1);
    this.touched = new Int32Array(256);
    sim.track('fuxi.failover.lastSlow', () => this.lastSlow);
    sim.trackScalar('fuxi.failover.masterBackAt', () => this.masterBackAt);
    detector.onDead.push((n) => this.nodeDead(n));
    detector.onAlive.push((n) => this.sched.fillNode(n));
    servers.listeners.push((n, before, after) => this.truthChanged(n, before, after));
    servers.slowListeners.push((n) => this.speedChanged(n));
    sim.on(EV.FUXI_MASTER_BACK, () => this.masterBack());
  }

  /** Kills the attempts on server n that match `which` and reruns their tasks; returns how many. */
  private evacuate(n: number, lostOnly: boolean): number {
    const I = this.inst;
    let k = 0,
      t = 0;
    for (let i = this.sched.nodeHead[n]; i >= 0;) {
      const next = I.nnext[i];
      if (!lostOnly || I.state[i] === I_LOST) {
        const j = I.job[i];
        if (this.sched.kill(i)) {
          this.touched = withRoom(this.touched, t + 1);
          this.touched[t++] = j;
        }
        k++;
      }
      i = next;
    }
    if (k) this.sim.count('instancesRerun', k);
    // place the requeued tasks on other servers now, ahead of the queue (they were
    // running); once the cluster has no room the rest wait in the queues
    for (let x = 0; x < t; x++) {
      const j = this.touched[x];
      if (this.jobs.pending[j] > 0 && !this.sched.place(j, false)) break;
    }
    return k;
  }

  private nodeDead(n: number): void {
    const k = this.evacuate(n, false);
    if (k) this.sim.note({ code: 'sched.rerun', node: n, rack: this.topo.rackOf[n], v: k });
  }

  private truthChanged(n: number, before: number, after: number): void {
    const I = this.inst;
    if (before === UP && after !== UP) {
      // processes stop with the server: no progress from now on
      for (let i = this.sched.nodeHead[n]; i >= 0; i = I.nnext[i]) {
        if (I.state[i] !== I_RUNNING) continue;
        I.settle(i, this.sim.now);
        I.rate[i] = 0;
        I.state[i] = I_LOST;
        I.tok[i] = 0;
        I.end[i] = Infinity;
      }
    } else if (after === UP && before !== UP) {
      // the agent is back and reports its lost processes
      const k = this.evacuate(n, true);
      if (k) this.sim.note({ code: 'sched.lostReported', node: n, rack: this.topo.rackOf[n], v: k });
      this.lastSlow[n] = this.servers.slow[n];
      this.sched.fillNode(n);
    }
  }

  /** A server's slow-down factor changed: its running attempts go at the new speed from now. */
  speedChanged(n: number): void {
    const I = this.inst;
    if (this.servers.slow[n] === this.lastSlow[n]) return;
    this.lastSlow[n] = this.servers.slow[n];
    if (this.servers.truth[n] !== UP) return;
    for (let i = this.sched.nodeHead[n]; i >= 0; i = I.nnext[i]) if (I.state[i] === I_RUNNING) this.sched.respeed(i);
  }

  /** Safety net for changes made without `setSlow` (called now and then). */
  pollSpeeds(): void {
    const slow = this.servers.slow,
      last = this.lastSlow;
    for (let n = 0; n < last.length; n++) if (slow[n] !== last[n]) this.speedChanged(n);
  }

  /** The scheduler master fails; the standby takes over after the failover time. */
  masterFail(): boolean {
    if (this.sched.masterUp === 0) return false;
    this.sched.masterUp = 0;
    this.sim.count('schedulerFailovers');
    this.masterBackAt = this.sim.now + this.sim.params['scheduler.masterFailoverMs'];
    this.sim.at(this.masterBackAt, EV.FUXI_MASTER_BACK);
    return true;
  }

  private masterBack(): void {
    if (this.sched.masterUp === 1) return;
    this.sched.masterUp = 1;
    const J = this.jobs;
    let running = 0;
    for (let j = 0; j < J.hw; j++) if (J.active[j] === 1) running++;
    this.sim.note({ code: 'sched.masterBack', v: running });
    for (let n = 0; n < this.topo.nodes; n++) this.sched.fillNode(n);
    for (let j = 0; j < J.hw; j++) if (J.active[j] === 1) this.slow.scheduleCheck(j);
  }
}
