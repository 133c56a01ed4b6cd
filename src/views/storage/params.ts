/** A live parameter's current value as the page knows it: the last `set` in the run's timeline, else the scenario's, else the default. */
import { PARAMS } from '../../../worker/scenario/params';
import type { Scenario, TimelineEntry } from '../../../worker/api';

export function paramValue(scenario: Scenario | undefined, timeline: TimelineEntry[], path: string): string | number | boolean | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e.action === 'set' && e.args.path === path) return e.args.value;
  }
  if (scenario && path in scenario.params) return scenario.params[path];
  const spec = (PARAMS as Record<string, { default: string | number | boolean } | undefined>)[path];
  return spec?.default;
}

/** Whether this build's engine knows a parameter (another engineer may still be adding it). */
export function hasParam(path: string): boolean {
  return path in PARAMS;
}

export function currentParam(client: { info: { scenario: Scenario } | null; timeline: TimelineEntry[]; frame: { t: number } | null }, path: string) {
  const now = client.frame?.t ?? Infinity;
  return paramValue(client.info?.scenario, client.timeline.filter((e) => e.t <= now), path);
}
