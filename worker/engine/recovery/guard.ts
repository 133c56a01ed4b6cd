/**
 * The recovery guard (R1–R3): plugs the recovery policy (`recovery.policy`, live) into
 * Pangu's re-replication gate and its automatic disk offlining, and runs the circuit
 * breaker of the guarded policy.
 *
 * Breaker (R2): every `recovery.guardCheckMs` the guard measures how large the fault
 * looks — the share of servers the master believes dead, and the share of chunks
 * waiting for a copy. Above `recovery.largeFailureShare` or `recovery.largeBacklogShare`
 * it trips: new copies stop, copies under way are stalled (their traffic is shed) and
 * no disk is offlined, until both measures fall below `recovery.resumeFraction` × their
 * thresholds (hysteresis) or an operator resumes recovery (`recovery-resume`). After an
 * operator's resume the breaker re-arms only once the fault has fallen below the trip
 * thresholds, so it does not trip again at once over the same fault. Every trip is
 * logged, counted and kept.
 *
 * The guard also samples the storm's figures: servers falsely believed dead, recovery
 * traffic offered vs delivered, and the master's safe-mode exit.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import type { Servers } from '../cluster/servers';
import type { Network } from '../cluster/network';
import { DEAD, type HeartbeatDetector } from '../detection/heartbeat';
import type { Pangu } from '../pangu/pangu';
import type { FsMaster } from '../master/failover';
import type { EngineContext } from '../context';
import { allowStarts, diskShare, maxGbps, maxStreamsPerNode, offlineLimit, type Policy, type PolicyView } from './policy';

export interface TripRecord {
  /** simulated ms the breaker tripped */
  t: number;
  deadShare: number;
  backlogShare: number;
  /** when it closed again (-1 while open) */
  until: number;
  /** what closed it */
  by: '' | 'auto' | 'operator' | 'policy';
}

/** trips kept for the API (the count is exact) */
const TRIPS_KEPT = 100;

export class RecoveryGuard {
  tripped = 0;
  trips = 0;
  /** 0 after an operator's resume until the fault falls below the trip thresholds */
  armed = 1;
  /** servers the master believes dead, kept from the detector's callbacks */
  deadCount = 0;
  /** of those, up and reachable in truth (sampled at each check) */
  falselyDeadNow = 0;
  peakFalselyDead = 0;
  peakBelievedDead = 0;
  peakOfferedGbps = 0;
  readonly tripLog: TripRecord[] = [];
  private readonly view: PolicyView;

  private readonly sim: Sim;
  private readonly topo: Topology;
  private readonly servers: Servers;
  private readonly net: Network;
  private readonly detector: HeartbeatDetector;

  constructor(
    c: EngineContext,
    private readonly pangu: Pangu,
    private readonly master: FsMaster,
  ) {
    ({ sim: this.sim, topo: this.topo, servers: this.servers, net: this.net, detector: this.detector } = c);
    const { sim, detector } = c;
    this.view = { policy: 'guarded', tripped: false, masterBusy: false, coreCapacityGbps: 0, coreOtherGbps: 0 };
    detector.onDead.push(() => void this.deadCount++);
    detector.onAlive.push(() => void this.deadCount--);
    const p = sim.params;
    const v = () => this.refreshView();
    // (only the cap needs the network's figures; the others read the policy and the breaker, cheaply)
    const lite = () => this.refreshView(false);
    pangu.rereplication.gate = {
      allowStarts: () => allowStarts(lite()),
      maxGbps: () => maxGbps(v(), p),
      maxStreamsPerNode: () => maxStreamsPerNode(lite(), p),
      diskShare: () => diskShare(lite(), p),
    };
    pangu.offlineGate = () => pangu.offlineDisks + 1 <= this.offlineLimit();
    for (const k of ['tripped', 'trips', 'armed', 'deadCount', 'falselyDeadNow', 'peakFalselyDead', 'peakBelievedDead', 'peakOfferedGbps'] as const)
      sim.trackScalar('recovery.' + k, () => this[k]);
    sim.on(EV.RECOVERY_GUARD, () => this.check());
    sim.after(p['recovery.guardCheckMs'], EV.RECOVERY_GUARD);
  }

  get policy(): Policy {
    return this.sim.params['recovery.policy'] as Policy;
  }

  private refreshView(network = true): PolicyView {
    const v = this.view;
    v.policy = this.policy;
    v.tripped = this.tripped === 1;
    v.masterBusy = this.master.busy;
    if (!network) return v;
    v.coreCapacityGbps = this.net.coreCapacity();
    let rec = 0;
    for (const g of this.pangu.rereplication.rackGbps) rec += g;
    v.coreOtherGbps = Math.max(0, this.net.coreDemand - rec);
    return v;
  }

  /** Most disks that may be offline automatically at once, now. */
  offlineLimit(): number {
    // needs no network figures: skip summing every rack's recovery traffic
    return offlineLimit(this.refreshView(false), this.sim.params, this.topo.disks);
  }

  deadShare(): number {
    return this.deadCount / this.topo.nodes;
  }
  backlogShare(): number {
    const t = this.pangu.table;
    return t.chunks > 0 ? t.underReplicated / t.chunks : 0;
  }

  /** One look at the cluster. */
  check(): void {
    const p = this.sim.params;
    this.sim.after(p['recovery.guardCheckMs'], EV.RECOVERY_GUARD);
    this.master.syncPower();
    this.master.check();
    this.sample();
    if (this.policy !== 'guarded') {
      if (this.tripped) this.close('policy');
      return;
    }
    if (this.master.busy) return; // no master (or one in safe mode): no decisions
    const dead = this.deadShare(),
      backlog = this.backlogShare();
    const L = p['recovery.largeFailureShare'],
      B = p['recovery.largeBacklogShare'];
    if (!this.tripped) {
      const large = dead > L || backlog > B;
      if (!large) this.armed = 1;
      else if (this.armed) this.trip(dead, backlog);
    } else {
      const f = p['recovery.resumeFraction'];
      if (dead < L * f && backlog < B * f) this.close('auto');
    }
  }

  private sample(): void {
    const { belief } = this.detector;
    const { truth, torUp } = this.servers;
    const rackOf = this.topo.rackOf;
    let falsely = 0;
    if (this.deadCount > 0) for (let i = 0; i < belief.length; i++) if (belief[i] === DEAD && truth[i] === 0 && torUp[rackOf[i]] === 1) falsely++;
    this.falselyDeadNow = falsely;
    if (falsely > this.peakFalselyDead) this.peakFalselyDead = falsely;
    if (this.deadCount > this.peakBelievedDead) this.peakBelievedDead = this.deadCount;
    const offered = this.pangu.rereplication.offeredGbps;
    if (offered > this.peakOfferedGbps) this.peakOfferedGbps = offered;
  }

  private trip(dead: number, backlog: number): void {
    this.tripped = 1;
    this.trips++;
    this.sim.count('circuitBreakerTrips');
    this.tripLog.push({ t: this.sim.now, deadShare: dead, backlogShare: backlog, until: -1, by: '' });
    if (this.tripLog.length > TRIPS_KEPT) this.tripLog.shift();
    this.sim.note({ code: 'recovery.breakerTripped', v: Math.round(Math.max(dead, backlog) * 1000) / 10 });
    this.pangu.rereplication.markDirty();
  }

  private close(by: 'auto' | 'operator' | 'policy'): void {
    this.tripped = 0;
    const last = this.tripLog[this.tripLog.length - 1];
    if (last && last.until < 0) {
      last.until = this.sim.now;
      last.by = by;
    }
    this.sim.note({ code: by === 'auto' ? 'recovery.breakerClosed' : 'recovery.resumed', user: by === 'operator' || undefined });
    this.pangu.rereplication.markDirty();
  }

  /** `recovery-resume`: an operator switches automatic recovery back on. False if it was not off. */
  resume(): boolean {
    if (!this.tripped) return false;
    this.close('operator');
    this.armed = 0;
    return true;
  }
}
