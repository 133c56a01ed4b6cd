/**
 * The effects of the perturbation catalogue (`scenario/actions.ts` holds the
 * names and argument checks). An action with no target picks one from its own
 * seeded stream, so a replay picks the same one.
 */
import type { ActionArgs } from '../scenario/actions';
import { coerceParam, type ParamValue } from '../scenario/params';
import type { Engine } from './engine';

type Effect = (e: Engine, args: ActionArgs) => void;

const pick = (e: Engine, n: number) => e.sim.rng.get('actions').int(n);
const nodeArg = (e: Engine, a: ActionArgs) => (a.node as number | undefined) ?? pick(e, e.topo.nodes);
const rackArg = (e: Engine, a: ActionArgs) => (a.rack as number | undefined) ?? pick(e, e.topo.racks);

/** k distinct servers drawn without replacement (partial Fisher–Yates over the ids). */
export function sampleNodes(e: Engine, k: number, stream: string): Int32Array {
  const n = e.topo.nodes;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  const rng = e.sim.rng.get(stream);
  k = Math.min(k, n);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = ids[i];
    ids[i] = ids[j];
    ids[j] = t;
  }
  return ids.slice(0, k);
}

/** k distinct ids of 0..n−1 (partial Fisher–Yates), from the given stream. */
function sampleIds(n: number, k: number, rng: { int(n: number): number }): Int32Array {
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  k = Math.min(k, n);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = ids[i];
    ids[i] = ids[j];
    ids[j] = t;
  }
  return ids.slice(0, k);
}

const EFFECTS: Record<string, Effect> = {
  'node-crash': (e, a) => {
    const node = nodeArg(e, a);
    if (e.servers.crash(node)) e.sim.count('nodeFailures');
    e.sim.note({ code: 'node.crash', node, rack: e.topo.rackOf[node], user: true });
  },
  'node-restart': (e, a) => {
    const node = nodeArg(e, a);
    e.servers.restart(node);
    e.sim.note({ code: 'node.restart', node, rack: e.topo.rackOf[node], user: true });
  },
  'node-slow': (e, a) => {
    const node = nodeArg(e, a);
    const f = (a.factor as number | undefined) ?? 10;
    e.servers.setSlow(node, f);
    e.sim.note({ code: 'node.slow', node, rack: e.topo.rackOf[node], v: f, user: true });
  },
  'rack-power-off': (e, a) => {
    const rack = rackArg(e, a);
    e.servers.setRackPower(rack, false);
    e.sim.note({ code: 'rack.powerOff', rack, user: true });
  },
  'rack-power-on': (e, a) => {
    const rack = rackArg(e, a);
    e.servers.setRackPower(rack, true);
    e.sim.note({ code: 'rack.powerOn', rack, user: true });
  },
  'tor-down': (e, a) => {
    const rack = rackArg(e, a);
    e.servers.setTor(rack, false);
    e.sim.note({ code: 'rack.torDown', rack, user: true });
  },
  'tor-up': (e, a) => {
    const rack = rackArg(e, a);
    e.servers.setTor(rack, true);
    e.sim.note({ code: 'rack.torUp', rack, user: true });
  },
  'power-domain-off': (e, a) => {
    const domain = (a.domain as number | undefined) ?? pick(e, e.topo.powerDomains);
    e.servers.setDomainPower(domain, false);
    e.sim.note({ code: 'domain.powerOff', v: domain, user: true });
  },
  'power-domain-on': (e, a) => {
    const domain = (a.domain as number | undefined) ?? pick(e, e.topo.powerDomains);
    e.servers.setDomainPower(domain, true);
    e.sim.note({ code: 'domain.powerOn', v: domain, user: true });
  },
  'network-flaky': (e, a) => {
    const rack = rackArg(e, a);
    e.net.flakyLoss[rack] = (a.loss as number | undefined) ?? 0.3;
    e.sim.note({ code: 'rack.flaky', rack, v: e.net.flakyLoss[rack], user: true });
  },
  'network-stable': (e, a) => {
    const rack = rackArg(e, a);
    e.net.flakyLoss[rack] = 0;
    e.sim.note({ code: 'rack.stable', rack, user: true });
  },
  'detector-corruption': (e, a) => {
    const node = nodeArg(e, a);
    e.corruption.corrupt(node);
    e.sim.note({ code: 'detector.corrupted', node, rack: e.topo.rackOf[node], user: true });
  },
  'detector-clear': (e) => {
    const n = e.corruption.clear();
    e.sim.note({ code: 'detector.cleared', v: n, user: true });
  },
  'network-maintenance': (e) => {
    e.net.onBackup = 1;
    e.sim.note({ code: 'net.toBackup', user: true });
  },
  'network-restore': (e) => {
    e.net.onBackup = 0;
    e.sim.note({ code: 'net.toPrimary', user: true });
  },
  'dc-power-off': (e) => {
    e.servers.setDcPower(false);
    e.sim.note({ code: 'dc.powerOff', user: true });
  },
  'dc-power-on': (e) => {
    e.servers.setDcPower(true);
    e.sim.note({ code: 'dc.powerOn', user: true });
  },
  'fail-random-nodes': (e, a) => {
    const k = a.count !== undefined ? (a.count as number) : Math.round(((a.fraction as number | undefined) ?? 0.01) * e.topo.nodes);
    let n = 0;
    // one instant: the real chunks the servers took with them are logged as one entry (pangu.batchLoss)
    e.pangu.batchLoss(() => {
      for (const node of sampleNodes(e, k, 'actions.failRandom')) if (e.servers.destroy(node)) n++;
    });
    e.sim.count('nodeFailures', n);
    e.sim.note({ code: 'nodes.destroyed', v: n, user: true });
  },
  'slow-random-nodes': (e, a) => {
    const k = Math.round(((a.fraction as number | undefined) ?? 0.01) * e.topo.nodes);
    const f = (a.factor as number | undefined) ?? 10;
    for (const node of sampleNodes(e, k, 'actions.slowRandom')) e.servers.setSlow(node, f);
    e.sim.note({ code: 'nodes.slowed', v: k, user: true });
  },
  // Pangu: disks. (fail-random-nodes destroys the servers' disks too: Pangu listens for GONE.)
  'disk-fail': (e, a) => {
    const disk = (a.disk as number | undefined) ?? pick(e, e.topo.disks);
    e.pangu.failDisk(disk, 'disk.fail', true);
  },
  'disk-slow': (e, a) => {
    const disk = (a.disk as number | undefined) ?? pick(e, e.topo.disks);
    const f = (a.factor as number | undefined) ?? 10;
    e.pangu.setDiskSlow(disk, f);
    const node = (disk / e.topo.disksPerNode) | 0;
    e.sim.note({ code: 'disk.slow', disk, node, rack: e.topo.rackOf[node], v: f, user: true });
  },
  'heal-slow-nodes': (e) => {
    let n = 0;
    for (let node = 0; node < e.topo.nodes; node++)
      if (e.servers.slow[node] > 1) {
        e.servers.setSlow(node, 1);
        n++;
      }
    e.sim.note({ code: 'nodes.healed', v: n, user: true });
  },
  'heal-slow-disks': (e) => {
    let n = 0;
    for (let d = 0; d < e.topo.disks; d++)
      if (e.pangu.diskSlow[d] > 1) {
        e.pangu.setDiskSlow(d, 1);
        n++;
      }
    e.sim.note({ code: 'disks.healed', v: n, user: true });
  },
  'slow-random-disks': (e, a) => {
    const k = Math.round(((a.fraction as number | undefined) ?? 0.01) * e.topo.disks);
    const f = (a.factor as number | undefined) ?? 10;
    for (const disk of sampleIds(e.topo.disks, k, e.sim.rng.get('actions.slowDisks'))) e.pangu.setDiskSlow(disk, f);
    e.sim.note({ code: 'disks.slowed', v: k, user: true });
  },
  'scheduler-master-fail': (e) => e.fuxi.masterFail(),
  // Operations: the master's self-protection (P7) and deployment (O1)
  'file-flood': (e, a) => {
    const user = (a.user as number | undefined) ?? e.ops.master.users - 1;
    e.ops.master.flood(user, (a.files as number | undefined) ?? 30_000_000);
  },
  'deploy-start': (e, a) => {
    const method = a.method === 'single' ? 0 : 1;
    const mode = a.mode === 'rolling' ? 1 : 0;
    e.ops.deploy.start(method, mode, a.content === 'config' ? 1 : 0);
  },
  'deploy-rollback': (e) => void e.ops.deploy.rollBack(),
  // Recovery (R2, R4) and the file-system master (F4)
  'master-fail': (e) => {
    if (!e.recovery.master.fail()) e.sim.note({ code: 'master.alreadyDown', user: true });
  },
  'recovery-resume': (e) => {
    if (!e.recovery.guard.resume()) e.sim.note({ code: 'recovery.notTripped', user: true });
  },
  'system-disk-fail': (e, a) => {
    e.recovery.huatuo.failSystemDisk(nodeArg(e, a));
  },
  set: (e, a) => {
    const path = String(a.path);
    const v: ParamValue = coerceParam(path, a.value);
    (e.sim.params as Record<string, ParamValue>)[path] = v;
    e.sim.paramsVersion++;
    if (Object.hasOwn(PARAM_SET_HOOKS, path)) PARAM_SET_HOOKS[path](e);
    e.sim.note({ code: 'param.set', s: `${path}=${v}`, user: true });
  },
};

/** Mechanisms that must act at once when one of their parameters is `set` live (most just read the new value when next they run). */
const PARAM_SET_HOOKS: Record<string, (e: Engine) => void> = {
  'huatuo.batchIntervalHours': (e) => e.recovery.huatuo.intervalChanged(),
};

/** Mechanisms that land later add their effects here. */
export function registerEffect(name: string, f: Effect): void {
  EFFECTS[name] = f;
}

export function applyAction(e: Engine, action: string, args: ActionArgs): void {
  // own entries only: an action named `constructor` or `toString` is no effect
  const f = Object.hasOwn(EFFECTS, action) ? EFFECTS[action] : undefined;
  if (!f) throw new RangeError(`action "${action}" has no effect in this engine`);
  f(e, args);
}
