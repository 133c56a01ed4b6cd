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
  // Operations (O1, P7)
  make('deploy-cold-single', 'O1, the old way: at 10 min a cold upgrade copies the package from one source to all 5,000 servers with the service stopped (4–5 h; run --until 6h)', {
    params: { 'deploy.separateConfig': false },
    timeline: [{ t: 10 * MIN, action: 'deploy-start', args: { method: 'single', mode: 'cold' } }],
  }),
  make('deploy-p2p', 'O1, Dayu: at 10 min the new version is copied peer to peer while the service runs, then a cold switch (service stop 20–30 min; run --until 1h)', {
    timeline: [{ t: 10 * MIN, action: 'deploy-start', args: { method: 'p2p', mode: 'cold' } }],
  }),
  make('deploy-rolling', 'O1: at 10 min a rolling upgrade, five racks at a time; the service never stops as a whole (run --until 3h)', {
    timeline: [{ t: 10 * MIN, action: 'deploy-start', args: { method: 'p2p', mode: 'rolling' } }],
  }),
  make('file-flood', 'P7, the 5K test incident: at 10 min a misused job starts creating 30 million files; no protection — master latency climbs and the whole cluster slows', {
    params: { 'master.protection': false },
    timeline: [{ t: 10 * MIN, action: 'file-flood', args: { files: 30_000_000 } }],
  }),
  make('file-flood-protected', 'P7: the same flood against a master with per-user quota, rate limits and admission control — refused and slowed, other users unaffected', {
    params: { 'master.protection': true },
    timeline: [{ t: 10 * MIN, action: 'file-flood', args: { files: 30_000_000 } }],
  }),
];

/** Mechanisms that land later add their presets here. */
export function registerPreset(p: Preset): void {
  PRESETS.push(p);
}

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
