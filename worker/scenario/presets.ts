/**
 * Built-in scenarios, by name. Each is a plain scenario (seed, parameter overrides,
 * timeline) — the same thing a share link carries.
 */
import { defaultScenario, parseScenario, type Scenario } from './schema';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface Preset {
  name: string;
  summary: string;
  scenario: Scenario;
}

const make = (name: string, summary: string, s: Partial<Scenario>): Preset => ({
  name,
  summary,
  scenario: parseScenario({ ...defaultScenario(), name, ...s }),
});

export const PRESETS: Preset[] = [
  make('default', 'the full 5,000-server cluster with its everyday workload and random server failures', {}),
  make('rack-drill', 'drill: cut power to rack 17 at 10 min, restore it at 40 min', {
    timeline: [
      { t: 10 * MIN, action: 'rack-power-off', args: { rack: 17 } },
      { t: 40 * MIN, action: 'rack-power-on', args: { rack: 17 } },
    ],
  }),
  make('network-maintenance', 'the EC2 2011 trigger: primary traffic moves to the backup network at 10 min, back at 70 min', {
    timeline: [
      { t: 10 * MIN, action: 'network-maintenance', args: {} },
      { t: 70 * MIN, action: 'network-restore', args: {} },
    ],
  }),
  make('dc-drill', 'drill: the whole machine room loses power at 10 min and gets it back at 20 min', {
    timeline: [
      { t: 10 * MIN, action: 'dc-power-off', args: {} },
      { t: 20 * MIN, action: 'dc-power-on', args: {} },
    ],
  }),
  make('tor-failure', 'the top-of-rack switch of rack 42 fails for 30 minutes: servers run but are unreachable', {
    timeline: [
      { t: 5 * MIN, action: 'tor-down', args: { rack: 42 } },
      { t: 35 * MIN, action: 'tor-up', args: { rack: 42 } },
    ],
  }),
  make('power-outage-1pct', 'Copysets: 1 % of servers never come back after a power outage, at 1 h', {
    timeline: [{ t: HOUR, action: 'fail-random-nodes', args: { fraction: 0.01 } }],
  }),
];

/** Mechanisms that land later add their presets here. */
export function registerPreset(p: Preset): void {
  PRESETS.push(p);
}

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
