/**
 * The catalogue of perturbations a user (or a timeline) can apply: names, their
 * arguments and what they mean. The engine holds the effects (`engine/actions.ts`);
 * this file is what scenarios, URLs and the CLI are validated against.
 */
import type { Params } from './params';
import { coerceParam, crossCheck, isParamPath, PARAMS, show } from './params';

export type ArgKind =
  | 'node'
  | 'rack'
  | 'disk'
  | 'domain'
  | 'loss'
  | 'count'
  | 'fraction'
  | 'factor'
  | 'path'
  | 'value'
  | 'files'
  | 'user'
  | 'method'
  | 'mode'
  | 'content';
export interface ActionSpec {
  name: string;
  doc: string;
  args: Partial<Record<string, ArgKind>>;
  /** Argument names that must be present. */
  required?: string[];
  /** The action that undoes this one, for the page's "undo" and the docs. */
  inverse?: string;
}

const spec = (name: string, doc: string, args: ActionSpec['args'] = {}, o: Partial<ActionSpec> = {}): ActionSpec => ({
  name,
  doc,
  args,
  ...o,
});

/**
 * Keyed by name from untrusted input: a null-prototype object, so `constructor`,
 * `toString` or `__proto__` are not entries. Look names up with `actionSpec`.
 */
export const ACTIONS: Record<string, ActionSpec> = Object.assign(
  Object.create(null) as Record<string, ActionSpec>,
  Object.fromEntries(
    [
      spec('node-crash', 'a server crashes (fail-stop); its disks keep their data and return with it', { node: 'node' }, { inverse: 'node-restart' }),
      spec('node-restart', 'a crashed or slow server is restarted and boots', { node: 'node' }, { inverse: 'node-crash' }),
      spec('node-slow', 'a server keeps running but slowly (soft fault, F3)', { node: 'node', factor: 'factor' }, { inverse: 'node-restart' }),
      spec('rack-power-off', 'cut the power of a whole rack (F4/F5)', { rack: 'rack' }, { inverse: 'rack-power-on' }),
      spec('rack-power-on', 'restore a rack’s power; its servers boot', { rack: 'rack' }, { inverse: 'rack-power-off' }),
      spec('tor-down', 'a top-of-rack switch fails: the rack’s servers run but are unreachable', { rack: 'rack' }, { inverse: 'tor-up' }),
      spec('tor-up', 'the top-of-rack switch is back', { rack: 'rack' }, { inverse: 'tor-down' }),
      spec('power-domain-off', 'a power feed fails: every rack on it goes dark at once (F5)', { domain: 'domain' }, { inverse: 'power-domain-on' }),
      spec('power-domain-on', 'the power feed is back; its racks’ servers boot', { domain: 'domain' }, { inverse: 'power-domain-off' }),
      spec(
        'network-flaky',
        'a rack’s network comes and goes: a share of its packets is lost (soft fault, F3)',
        { rack: 'rack', loss: 'loss' },
        { inverse: 'network-stable' },
      ),
      spec('network-stable', 'the rack’s network is reliable again', { rack: 'rack' }, { inverse: 'network-flaky' }),
      spec(
        'detector-corruption',
        'S3 2008: one server’s failure-detector state is corrupted and spreads by gossip (F7)',
        { node: 'node' },
        { inverse: 'detector-clear' },
      ),
      spec('detector-clear', 'operators stop server-to-server traffic and clear the corrupted state', {}, { inverse: 'detector-corruption' }),
      spec('network-maintenance', 'a routine change moves all primary traffic onto the backup network (F6)', {}, { inverse: 'network-restore' }),
      spec('network-restore', 'traffic moves back to the primary network', {}, { inverse: 'network-maintenance' }),
      spec('dc-power-off', 'cut the power of the whole machine room (F4 drill)', {}, { inverse: 'dc-power-on' }),
      spec('dc-power-on', 'restore the machine room’s power; racks come back and servers boot', {}, { inverse: 'dc-power-off' }),
      spec('fail-random-nodes', 'servers that never come back (with their disks), chosen at random', { count: 'count', fraction: 'fraction' }),
      spec('slow-random-nodes', 'a share of servers becomes slow', { fraction: 'fraction', factor: 'factor' }, { inverse: 'heal-slow-nodes' }),
      spec(
        'heal-slow-nodes',
        'every slow server runs at full speed again (undoes slow-random-nodes and node-slow)',
        {},
        { inverse: 'slow-random-nodes' },
      ),
      spec('disk-fail', 'a disk fails: its data is gone for good (F1, F2)', { disk: 'disk' }),
      spec('disk-slow', 'a disk keeps working but slowly, e.g. at a tenth of its speed (soft fault, F3; factor 1 heals it)', {
        disk: 'disk',
        factor: 'factor',
      }),
      spec('slow-random-disks', 'a share of disks becomes slow (F3)', { fraction: 'fraction', factor: 'factor' }, { inverse: 'heal-slow-disks' }),
      spec(
        'heal-slow-disks',
        'every slow disk works at full speed again (undoes slow-random-disks and disk-slow; disks the master already took offline still go through Huatuo)',
        {},
        { inverse: 'slow-random-disks' },
      ),
      spec(
        'scheduler-master-fail',
        'the Fuxi scheduler master fails; its standby takes over after scheduler.masterFailoverMs, keeping running jobs (S2)',
      ),
      spec('file-flood', 'P7: one user’s runaway job creates tens of millions of files as fast as it can (the 5K test’s 30 million)', {
        files: 'files',
        user: 'user',
      }),
      spec(
        'deploy-start',
        'O1: roll a new version (or only configuration) out to every server; method single-source or p2p, mode cold or rolling',
        { method: 'method', mode: 'mode', content: 'content' },
        { inverse: 'deploy-rollback' },
      ),
      spec('deploy-rollback', 'O1: back to the previous version (aborts a deployment under way)', {}, { inverse: 'deploy-start' }),
      spec(
        'master-fail',
        'F4 drill: cut power to the file-system master; its standby takes over after master.failoverMs and gives every server a grace period',
      ),
      spec('recovery-resume', 'R2: an operator switches automatic recovery back on after the circuit breaker tripped'),
      spec('system-disk-fail', 'a server’s system disk fails: the server is down until Huatuo has the disk swapped and the server reinstalled (R4)', {
        node: 'node',
      }),
      spec('set', 'change a live parameter', { path: 'path', value: 'value' }, { required: ['path', 'value'] }),
    ].map((a) => [a.name, a]),
  ),
);

/** The catalogue entry for a name, looking only at the catalogue's own entries. */
export function actionSpec(name: string): ActionSpec | undefined {
  return typeof name === 'string' && Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
}

/** The kind of argument `k` of an action, own entries only (`constructor` is no argument). */
function argKind(a: ActionSpec, k: string): ArgKind | undefined {
  return Object.hasOwn(a.args, k) ? a.args[k] : undefined;
}

/** Adds actions (later mechanisms register theirs here). */
export function registerAction(a: ActionSpec): void {
  ACTIONS[a.name] = a;
}

export type ActionArgs = Record<string, number | string>;
export interface TimelineEntry {
  /** Simulated time in ms at which the action is applied (after every event at or before it). */
  t: number;
  action: string;
  args: ActionArgs;
}

/** Cluster sizes that bound target arguments. */
export function limitsOf(p: Params) {
  const nodes = p['cluster.nodes'];
  const racks = Math.ceil(nodes / p['cluster.nodesPerRack']);
  return {
    nodes,
    racks,
    disks: nodes * p['cluster.disksPerNode'],
    domains: Math.ceil(racks / p['cluster.racksPerPowerDomain']),
    users: p['master.users'],
  };
}

/** Validates and normalizes one action call; throws a RangeError naming what is wrong. */
export function checkAction(action: string, raw: Record<string, unknown>, p: Params): ActionArgs {
  const a = actionSpec(action);
  if (!a) throw new RangeError(`unknown action ${show(action)} (known: ${Object.keys(ACTIONS).join(', ')})`);
  const lim = limitsOf(p);
  const out: ActionArgs = {}; // keys only from the spec's own argument names (checked below)
  for (const [k, v] of Object.entries(raw)) {
    const kind = argKind(a, k);
    if (!kind) {
      const names = Object.keys(a.args);
      throw new RangeError(`${action}: unknown argument ${show(k)}` + (names.length ? ` (takes ${names.join(', ')})` : ' (takes none)'));
    }
    out[k] = checkArg(action, k, kind, v, lim);
  }
  for (const r of a.required ?? []) if (!Object.hasOwn(out, r)) throw new RangeError(`${action}: missing argument "${r}"`);
  if (action === 'fail-random-nodes' && Object.hasOwn(out, 'count') && Object.hasOwn(out, 'fraction'))
    throw new RangeError('fail-random-nodes: give count or fraction, not both');
  if (action === 'set') {
    const path = String(out.path);
    if (!isParamPath(path)) coerceParam(path, out.value); // throws the unknown-path message
    const s = PARAMS[path as keyof typeof PARAMS];
    if ((s as { structural?: boolean }).structural)
      throw new RangeError(`set: ${path} shapes the cluster and can only be set when the scenario is loaded`);
    const v = coerceParam(path, out.value);
    // the parameters as they would stand: a live change must keep them consistent too
    const cross = crossCheck({ ...p, [path]: v });
    if (cross.length) throw new RangeError(`set: ${path}=${v} is refused: ${cross[0]}`);
    out.value = typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
  }
  return out;
}

function checkArg(action: string, k: string, kind: ArgKind, v: unknown, lim: ReturnType<typeof limitsOf>): number | string {
  // Numbers must be numbers: `"12"`, `" 12 "` or `"0x10"` are text (the CLI turns plain decimals into numbers itself).
  const n = typeof v === 'number' ? v + 0 : v; // -0 → 0, as JSON writes it
  const bad = (why: string) => new RangeError(`${action}: ${k}=${show(v)} ${why}`);
  switch (kind) {
    case 'node':
    case 'rack':
    case 'disk':
    case 'domain': {
      const max = kind === 'node' ? lim.nodes : kind === 'rack' ? lim.racks : kind === 'disk' ? lim.disks : lim.domains;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= max) throw bad(`is not a ${kind} id (0 to ${max - 1})`);
      return n;
    }
    case 'count':
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > lim.nodes) throw bad(`must be a whole number from 0 to ${lim.nodes}`);
      return n;
    case 'fraction':
    case 'loss':
      if (typeof n !== 'number' || !(n >= 0 && n <= 1)) throw bad('must be a fraction from 0 to 1');
      return n;
    case 'factor':
      if (typeof n !== 'number' || !(n >= 1 && n <= 1000)) throw bad('must be a slow-down factor from 1 to 1000');
      return n;
    case 'files':
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1e10) throw bad('must be a whole number of files from 1 to 10,000,000,000');
      return n;
    case 'user':
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= lim.users) throw bad(`is not a user group (0 to ${lim.users - 1})`);
      return n;
    case 'method':
    case 'mode':
    case 'content': {
      const allowed = kind === 'method' ? ['single', 'p2p'] : kind === 'mode' ? ['cold', 'rolling'] : ['binary', 'config'];
      if (typeof v !== 'string' || !allowed.includes(v)) throw bad(`must be one of ${allowed.join(', ')}`);
      return v;
    }
    case 'path':
      if (typeof v !== 'string' || v.length > 100) throw bad('must be a parameter path');
      return v;
    case 'value':
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (typeof v !== 'string' && typeof v !== 'number') throw bad('must be a number or a word');
      return v;
  }
}
