/**
 * The mirror-storm loop as plain functions (unit-tested without a browser): how lit
 * each of its four stages is from one frame's numbers, which arrows carry the loop,
 * the backup-network periods of a run, and the scenario a comparison forks.
 */
import type { Scenario, TimelineEntry } from '../../../worker/api';

export type StageId = 'overload' | 'heartbeats' | 'falseDead' | 'rereplication';
export const STAGES: StageId[] = ['overload', 'heartbeats', 'falseDead', 'rereplication'];

export interface LoopInput {
  nodes: number;
  coreUtil: number;
  maxUplinkUtil: number;
  onBackup: boolean;
  /** servers the master suspects (heartbeats missed, not yet declared dead) */
  suspect: number;
  believedDead: number;
  falselyDead: number;
  /** re-replication traffic asked for and delivered, Gb/s */
  demandGbps: number;
  deliveredGbps: number;
  /** core capacity of the network in use, Gb/s */
  capacityGbps: number;
  /** link utilization above which heartbeats start to drop (network.lossKnee) */
  lossKnee: number;
}

/** What a box shows: a big value, its unit, a line below, an optional tag. */
export interface BoxText {
  value: string;
  unit: string;
  sub: string;
  tag?: string;
}

export interface Stage {
  id: StageId;
  /** 0 (quiet) … 1 (fully lit) */
  level: number;
  active: boolean;
}

const clamp01 = (x: number) => (x > 0 ? (x < 1 ? x : 1) : 0);

export function loopStages(x: LoopInput): Stage[] {
  const util = Math.max(x.coreUtil, x.maxUplinkUtil);
  const knee = x.lossKnee > 0 ? x.lossKnee : 0.85;
  const onePct = Math.max(1, x.nodes * 0.01);
  const missing = x.suspect + x.falselyDead;
  const traffic = Math.max(x.demandGbps, x.deliveredGbps);
  const cap = x.capacityGbps > 0 ? x.capacityGbps : 1;
  return [
    { id: 'overload', level: clamp01((util - 0.5) / (knee - 0.5 + 0.3)), active: util >= knee },
    { id: 'heartbeats', level: clamp01(missing / onePct), active: missing >= Math.max(3, x.nodes * 0.002) },
    { id: 'falseDead', level: clamp01(x.falselyDead / onePct), active: x.falselyDead >= 1 },
    { id: 'rereplication', level: clamp01(traffic / (0.2 * cap)), active: traffic >= 0.05 * cap },
  ];
}

/** Arrow i leads from stage i to stage i+1 (the last back to the first); lit when both ends are. */
export function litArrows(stages: Stage[]): boolean[] {
  return stages.map((s, i) => s.active && stages[(i + 1) % stages.length].active);
}

export function loopClosed(stages: Stage[]): boolean {
  return stages.every((s) => s.active);
}

/** Periods on the backup network, [start, end) in simulated ms, from the run's timeline (an open one ends at `now`). */
export function backupBands(timeline: TimelineEntry[], now: number): [number, number][] {
  const out: [number, number][] = [];
  let from = -1;
  for (const e of timeline) {
    if (e.t > now) break;
    if (e.action === 'network-maintenance' && from < 0) from = e.t;
    else if (e.action === 'network-restore' && from >= 0) {
      out.push([from, e.t]);
      from = -1;
    }
  }
  if (from >= 0) out.push([from, now]);
  return out;
}

/**
 * The scenario of a fork "from the same moment": the run's scenario and timeline,
 * plus `set recovery.policy` at time t (after everything already recorded at t, before
 * later scripted entries). Loading it to `until = t` reproduces the run at t with the
 * other policy in force.
 */
export function forkScenario(base: Scenario, timeline: TimelineEntry[], t: number, policy: string): Scenario {
  const entry: TimelineEntry = { t, action: 'set', args: { path: 'recovery.policy', value: policy } };
  const at = timeline.findIndex((e) => e.t > t);
  const tl = at < 0 ? [...timeline, entry] : [...timeline.slice(0, at), entry, ...timeline.slice(at)];
  return { ...base, name: `${base.name}-${policy}`.slice(0, 80), timeline: tl };
}
