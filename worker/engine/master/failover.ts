/**
 * The Pangu master's failover, restart and safe mode (F4 drills) — its availability;
 * its load (operation queue, self-protection) is masterLoad.ts. The master makes every
 * detection and recovery decision; while it is down the detector's belief is frozen
 * and nothing new starts.
 *
 * - `master-fail` (the drill "cut power to a randomly chosen master"): the standby
 *   takes over after `master.failoverMs`. It has heard from nobody yet, so it gives
 *   every server a fresh grace period (instead of declaring the whole cluster dead).
 * - A whole-room outage (`dc-power-off`, when `master.sharesRoomPower`): master and
 *   standby lose power too. When power returns the master restarts
 *   (`master.restartMs`: boot, load the namespace image, replay the journal), then
 *   stays in safe mode — no re-replication — until `master.safeModeShare` of the
 *   chunks have a copy on a server that has reported in (HDFS: 99.9 %). Only then does
 *   recovery start for the servers still missing. With `master.coldReports` (default)
 *   the restarted master knows no chunk locations: every server registers and sends a
 *   full chunk report, processed one at a time (pangu/chunkReports.ts), and safe mode
 *   waits for them; without, the locations survive the restart and only the servers
 *   still down are missing.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Servers } from '../cluster/servers';
import type { HeartbeatDetector } from '../detection/heartbeat';
import type { ChunkTable } from '../pangu/chunks';

export class FsMaster {
  /** 1 while no master is running */
  down = 0;
  /** 1 while a restarted master waits for chunk reports (no re-replication) */
  safeMode = 0;
  /** 1 while the masters are dark with the machine room */
  private powerLost = 0;
  /** 1 when the current outage is a power loss: the master restarts cold, into safe mode; 0 for a warm failover */
  private cold = 0;
  /** bumped at every failure, so a stale MASTER_BACK is ignored */
  private epoch = 0;
  downSince = -1;
  /** time the standby (or the restarted master) is expected to be serving; -1 when up */
  backAt = -1;
  safeModeSince = -1;
  failovers = 0;
  restarts = 0;
  /** simulated ms of the last safe mode, from entering to leaving (-1: none yet) */
  lastSafeModeMs = -1;
  /** the restarted master has lost every chunk location (set by the recovery module: Pangu forgets them) */
  onColdStart: () => void = () => {};

  constructor(
    private readonly sim: Sim,
    private readonly servers: Servers,
    private readonly detector: HeartbeatDetector,
    private readonly table: ChunkTable,
  ) {
    sim.on(EV.MASTER_BACK, (epoch) => this.back(epoch));
    for (const k of [
      'down',
      'safeMode',
      'powerLost',
      'cold',
      'epoch',
      'downSince',
      'backAt',
      'safeModeSince',
      'failovers',
      'restarts',
      'lastSafeModeMs',
    ] as const)
      sim.trackScalar('master.fs.' + k, () => this[k]);
    // The room's power is seen through the servers' truth changes (every server changes with it).
    servers.listeners.push(() => this.syncPower());
  }

  /** Down, or up but in safe mode: no decisions. */
  get busy(): boolean {
    return this.down === 1 || this.safeMode === 1;
  }

  /** The drill: the running master loses power; its standby takes over after `master.failoverMs`. False if none was running. */
  fail(): boolean {
    if (this.down) return false;
    this.goDown();
    this.cold = 0;
    this.backAt = this.sim.now + this.sim.params['master.failoverMs'];
    this.sim.at(this.backAt, EV.MASTER_BACK, this.epoch);
    this.sim.note({ code: 'master.failed', v: this.sim.params['master.failoverMs'], user: true });
    return true;
  }

  private goDown(): void {
    this.epoch++;
    this.down = 1;
    this.downSince = this.sim.now;
    this.detector.frozen = 1;
    if (this.safeMode) this.leaveSafeMode(false);
  }

  /** Follows the machine room's power (when the masters share it). */
  syncPower(): void {
    if (!this.sim.params['master.sharesRoomPower']) return;
    const dark = this.servers.dcPower === 0 ? 1 : 0;
    if (dark === this.powerLost) return;
    this.powerLost = dark;
    if (dark) {
      this.goDown();
      this.cold = 1;
      this.backAt = -1;
      this.sim.note({ code: 'master.powerLost' });
    } else {
      this.epoch++;
      this.backAt = this.sim.now + this.sim.params['master.restartMs'];
      this.sim.at(this.backAt, EV.MASTER_BACK, this.epoch);
      this.sim.note({ code: 'master.restarting', v: this.sim.params['master.restartMs'] });
    }
  }

  private back(epoch: number): void {
    if (epoch !== this.epoch || !this.down) return;
    this.down = 0;
    this.backAt = -1;
    this.detector.frozen = 0;
    this.detector.grace();
    if (this.cold) {
      this.restarts++;
      this.safeMode = 1;
      this.safeModeSince = this.sim.now;
      if (this.sim.params['master.coldReports']) this.onColdStart();
      this.sim.note({ code: 'master.safeMode', v: this.sim.now - this.downSince });
      this.check();
    } else {
      this.failovers++;
      this.sim.count('masterFailovers');
      this.sim.note({ code: 'master.failedOver', v: this.sim.now - this.downSince });
    }
  }

  /** Called periodically (by the guard): leaves safe mode once enough chunks have a reported copy. */
  check(): void {
    if (!this.safeMode) return;
    const t = this.table;
    // a copy the master can use: on a server it has heard and whose report it has processed
    const reported = t.chunks === 0 ? 1 : (t.chunks - t.withoutSource() - t.lost) / t.chunks;
    if (reported >= this.sim.params['master.safeModeShare']) this.leaveSafeMode(true);
  }

  private leaveSafeMode(done: boolean): void {
    this.safeMode = 0;
    this.lastSafeModeMs = this.sim.now - this.safeModeSince;
    if (done) this.sim.note({ code: 'master.safeModeOff', v: this.lastSafeModeMs });
  }
}
