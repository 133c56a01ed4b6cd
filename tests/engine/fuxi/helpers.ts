import { Engine } from '../../../worker/engine/engine';
import { defaultScenario, type Scenario } from '../../../worker/scenario/schema';
import { I_LOST, I_RUNNING } from '../../../worker/engine/fuxi/instances';

export const SEC = 1000,
  MIN = 60_000,
  HOUR = 3_600_000;

/** A small cluster with the scheduler busy and no random hardware faults. */
export function fuxiScenario(params: Record<string, number | string | boolean> = {}, over: Partial<Scenario> = {}): Scenario {
  return {
    ...defaultScenario(),
    params: { 'cluster.nodes': 400, 'faults.nodeMtbfHours': 1e9, ...params },
    ...over,
  };
}

export const fuxiEngine = (params: Record<string, number | string | boolean> = {}, over: Partial<Scenario> = {}) =>
  new Engine(fuxiScenario(params, over));

/** Attempts running or lost on server n, per the scheduler's lists. */
export function liveOn(e: Engine, n: number): number {
  const I = e.fuxi.inst;
  let k = 0;
  for (let i = e.fuxi.sched.nodeHead[n]; i >= 0; i = I.nnext[i]) if (I.state[i] === I_RUNNING || I.state[i] === I_LOST) k++;
  return k;
}

/** Every live attempt, by a full scan of the pool. */
export function liveAttempts(e: Engine): number[] {
  const I = e.fuxi.inst;
  const out: number[] = [];
  for (let i = 0; i < I.hw; i++) if (I.state[i] === I_RUNNING || I.state[i] === I_LOST) out.push(i);
  return out;
}
