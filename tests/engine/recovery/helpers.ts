import { Engine } from '../../../worker/engine/engine';
import { defaultScenario } from '../../../worker/scenario/schema';
import type { Scenario } from '../../../worker/scenario/schema';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** A quiet 400-server cluster: no random server or disk failures unless asked. */
export const quiet = {
  'cluster.nodes': 400,
  'storage.chunks': 20_000,
  'faults.nodeMtbfHours': 1e9,
  'faults.diskFailureMultiplier': 0,
  'faults.systemDiskMtbfHours': 1e9,
  'faults.powerCycleFailure': 0,
};
export type P = Record<string, number | string | boolean>;
export const engine = (params: P = {}, s: Partial<Scenario> = {}) => new Engine({ ...defaultScenario(), ...s, params: { ...quiet, ...params } });
