/**
 * Read-only views of issue 4's state for the page (worker API): the recovery policy
 * and circuit breaker with its trips, the master, the storm's figures; Huatuo's loop.
 */
import type { Engine } from '../engine';
import type { TripRecord } from './guard';
import { H_NEW, H_REPAIR, H_TICKET, HUATUO_DISK_NAMES, S_REINSTALL, S_TICKET, type HuatuoCounts } from './huatuo';
import type { Policy } from './policy';

export interface RecoveryStatusView {
  policy: Policy;
  tripped: boolean;
  armed: boolean;
  trips: number;
  /** the last trips, oldest first (at most 100) */
  tripLog: TripRecord[];
  thresholds: { largeFailureShare: number; largeBacklogShare: number; resumeFraction: number };
  deadShare: number;
  backlogShare: number;
  believedDead: number;
  falselyDead: number;
  peakFalselyDead: number;
  peakBelievedDead: number;
  demandGbps: number;
  deliveredGbps: number;
  capGbps: number;
  peakDemandGbps: number;
  coreUtil: number;
  onBackup: boolean;
  offlineDisks: number;
  offlineLimit: number;
  offlinePeak: number;
  /** re-registration: chunk reports waiting at the master, processed so far, the oldest one's wait */
  reports: { waiting: number; processed: number; peakWaiting: number; oldestWaitMs: number; busyShare: number };
  master: { down: boolean; safeMode: boolean; backAt: number; downSince: number; failovers: number; restarts: number; lastSafeModeMs: number };
}

export function recoveryStatusView(e: Engine): RecoveryStatusView {
  const g = e.recovery.guard,
    m = e.recovery.master,
    r = e.pangu.rereplication,
    p = e.sim.params;
  return {
    policy: g.policy,
    tripped: g.tripped === 1,
    armed: g.armed === 1,
    trips: g.trips,
    tripLog: g.tripLog.map((x) => ({ ...x })),
    thresholds: {
      largeFailureShare: p['recovery.largeFailureShare'],
      largeBacklogShare: p['recovery.largeBacklogShare'],
      resumeFraction: p['recovery.resumeFraction'],
    },
    deadShare: g.deadShare(),
    backlogShare: g.backlogShare(),
    believedDead: g.deadCount,
    falselyDead: g.falselyDeadNow,
    peakFalselyDead: g.peakFalselyDead,
    peakBelievedDead: g.peakBelievedDead,
    demandGbps: r.offeredGbps,
    deliveredGbps: r.nicGbps,
    capGbps: r.gate.maxGbps(),
    peakDemandGbps: g.peakOfferedGbps,
    coreUtil: e.net.coreUtil,
    onBackup: e.net.onBackup === 1,
    offlineDisks: e.pangu.offlineDisks,
    offlineLimit: g.offlineLimit(),
    offlinePeak: e.pangu.offlinePeak,
    reports: {
      waiting: e.pangu.reports.waiting,
      processed: e.pangu.reports.processed,
      peakWaiting: e.pangu.reports.peakWaiting,
      oldestWaitMs: e.pangu.reports.oldestWaitMs,
      busyShare: e.pangu.reports.busyShare,
    },
    master: {
      down: m.down === 1,
      safeMode: m.safeMode === 1,
      backAt: m.backAt,
      downSince: m.downSince,
      failovers: m.failovers,
      restarts: m.restarts,
      lastSafeModeMs: m.lastSafeModeMs,
    },
  };
}

export interface HuatuoDiskRow {
  disk: number;
  node: number;
  rack: number;
  state: (typeof HUATUO_DISK_NAMES)[number];
}
export interface HuatuoStatusView {
  enabled: boolean;
  counts: HuatuoCounts;
  repairTickets: number;
  disksReplaced: number;
  repaired: number;
  systemDiskFailures: number;
  /** simulated ms of the next staff visit */
  nextBatchAt: number;
  /** disks not in service with Huatuo, up to `limit` */
  disks: HuatuoDiskRow[];
  /** servers waiting for a system disk or being reinstalled */
  servers: { node: number; rack: number; state: 'ticket' | 'reinstalling' }[];
}

export function huatuoStatusView(e: Engine, limit = 200): HuatuoStatusView {
  const h = e.recovery.huatuo,
    c = e.sim.counters,
    topo = e.topo;
  const disks: HuatuoDiskRow[] = [];
  for (let d = 0; d < h.disk.length && disks.length < limit; d++) {
    const s = h.disk[d];
    if (s === H_REPAIR || s === H_TICKET || s === H_NEW) {
      const node = (d / topo.disksPerNode) | 0;
      disks.push({ disk: d, node, rack: topo.rackOf[node], state: HUATUO_DISK_NAMES[s] });
    }
  }
  const servers: HuatuoStatusView['servers'] = [];
  for (let n = 0; n < h.sys.length && servers.length < limit; n++)
    if (h.sys[n] === S_TICKET || h.sys[n] === S_REINSTALL)
      servers.push({ node: n, rack: topo.rackOf[n], state: h.sys[n] === S_TICKET ? 'ticket' : 'reinstalling' });
  return {
    enabled: e.sim.params['huatuo.enabled'],
    counts: { ...h.counts },
    repairTickets: c.repairTickets ?? 0,
    disksReplaced: c.disksReplaced ?? 0,
    repaired: c.huatuoRepaired ?? 0,
    systemDiskFailures: c.systemDiskFailures ?? 0,
    nextBatchAt: h.nextBatchAt,
    disks,
    servers,
  };
}
