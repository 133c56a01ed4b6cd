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
  make('network-maintenance', 'the EC2 2011 trigger: primary traffic moves to the backup network at 10 min, back at 70 min', {
    timeline: [
      { t: 10 * MIN, action: 'network-maintenance', args: {} },
      { t: 70 * MIN, action: 'network-restore', args: {} },
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
  make(
    'deploy-cold-single',
    'O1, the old way: at 10 min a cold upgrade copies the package from one source to all 5,000 servers with the service stopped (4–5 h; run --until 6h)',
    {
      params: { 'deploy.separateConfig': false },
      timeline: [{ t: 10 * MIN, action: 'deploy-start', args: { method: 'single', mode: 'cold' } }],
    },
  ),
  make(
    'deploy-p2p',
    'O1, Dayu: at 10 min the new version is copied peer to peer while the service runs, then a cold switch (service stop 20–30 min; run --until 1h)',
    {
      timeline: [{ t: 10 * MIN, action: 'deploy-start', args: { method: 'p2p', mode: 'cold' } }],
    },
  ),
  make('deploy-rolling', 'O1: at 10 min a rolling upgrade, five racks at a time; the service never stops as a whole (run --until 3h)', {
    timeline: [{ t: 10 * MIN, action: 'deploy-start', args: { method: 'p2p', mode: 'rolling' } }],
  }),
  make(
    'file-flood',
    'P7, the 5K test incident: at 10 min a misused job starts creating 30 million files; no protection — master latency climbs and the whole cluster slows',
    {
      params: { 'master.protection': false },
      timeline: [{ t: 10 * MIN, action: 'file-flood', args: { files: 30_000_000 } }],
    },
  ),
  make(
    'file-flood-protected',
    'P7: the same flood against a master with per-user quota, rate limits and admission control — refused and slowed, other users unaffected',
    {
      params: { 'master.protection': true },
      timeline: [{ t: 10 * MIN, action: 'file-flood', args: { files: 30_000_000 } }],
    },
  ),
  // The write path (issue 5: P4, P5)
  ...writePresets(),
  // Faults, guarded recovery and the mirror storm (issue 4: F4, F6, R1–R3)
  ...mirrorStorm(),
  make(
    'drill-network-devices',
    'F4 drill: at 10 min the top-of-rack switches of racks 10, 50 and 90 are switched off, back at 40 min (run --until 2h)',
    {
      timeline: [
        ...[10, 50, 90].map((rack) => ({ t: 10 * MIN, action: 'tor-down', args: { rack } })),
        ...[10, 50, 90].map((rack) => ({ t: 40 * MIN, action: 'tor-up', args: { rack } })),
      ],
    },
  ),
  make(
    'drill-rack-power',
    'F4 drill: cut power to rack 17 at 10 min, restore it at 40 min; its data is re-created meanwhile, extras trimmed on return (run --until 3h)',
    {
      timeline: [
        { t: 10 * MIN, action: 'rack-power-off', args: { rack: 17 } },
        { t: 40 * MIN, action: 'rack-power-on', args: { rack: 17 } },
      ],
    },
  ),
  make(
    'drill-master-power',
    'F4 drill: cut power to the file-system master at 10 min; the standby takes over after master.failoverMs and gives every server a grace period',
    {
      timeline: [{ t: 10 * MIN, action: 'master-fail', args: {} }],
    },
  ),
  make(
    'repair-loop',
    'R4, Huatuo: at 10 min 24 disks fail, 0.5 % of disks turn 20× slow and one server’s system disk dies; Huatuo finds them, takes them offline (at most 1 %), tries repairs, files tickets; staff swap the ticketed disks every 6 h, the new disks are found and added by themselves; the system disk’s server is reinstalled and redeployed (run --until 14h; the Repair loop view; its disk and server ids need the default 5,000-server cluster)',
    {
      params: { 'huatuo.batchIntervalHours': 6 },
      timeline: [
        ...Array.from({ length: 24 }, (_, k) => ({ t: 10 * MIN, action: 'disk-fail', args: { disk: 1000 + k * 2417 } })),
        { t: 10 * MIN, action: 'slow-random-disks', args: { fraction: 0.005, factor: 20 } },
        { t: 10 * MIN, action: 'system-disk-fail', args: { node: 7 } },
      ],
    },
  ),
  make(
    'drill-dc-power',
    'F4, the 5K drill: the whole machine room, masters included, loses power at 10 min and gets it back at 20 min; staggered power-on, master restart and safe mode, then recovery of the servers that did not survive (run --until 6h)',
    {
      timeline: [
        { t: 10 * MIN, action: 'dc-power-off', args: {} },
        { t: 20 * MIN, action: 'dc-power-on', args: {} },
      ],
    },
  ),
];

/**
 * F6, the EC2 2011 mirror storm, on one seed under both policies, with the cluster's
 * normal daytime client traffic: primary traffic moves onto the 10 % backup network at
 * 10 min and back at 70 min.
 *
 * Day (`mirror-storm`, `mirror-storm-guarded`): clients alone offer the backup core ≈ 4.8×
 * its capacity, so every heartbeat is lost and within a minute the master believes the
 * whole cluster dead — whatever the policy (naive cannot copy either: no source is left).
 * That is the EC2 trigger: the network change cut the nodes off. The loop closes when
 * the primary network returns: every server re-registers and sends its chunk report;
 * the master works through them one at a time (~0.45 s each), so for half an hour most
 * data still counts as missing. Naive recovery copies it at once from the servers already
 * reported — unthrottled, ~6 Tb/s against the primary core's 6.25 — the core runs at
 * ≈ 1.45, heartbeats drop, healthy servers are declared dead again and must report again,
 * their data is copied too … the storm keeps itself going on the restored network and
 * redundancy never comes back. Guarded: the breaker is open (the whole cluster looks
 * dead), the reports are processed, nothing is copied that is not missing, the network
 * stays at the clients' ≈ 0.5 and full redundancy returns when the last report is in.
 *
 * Night (`mirror-storm-night`, `…-night-guarded`: `workload.nodeGbps` 0.35 — the EBS
 * change was made at 00:47): the backup network carries the light load hot (≈ 1.4) and
 * drops a few heartbeats; naive recovery of the first falsely dead servers tips it over
 * and the storm grows on the backup network itself; guarded yields the hot network to
 * clients and nothing grows.
 */
function mirrorStorm(): Preset[] {
  const timeline = [
    { t: 10 * MIN, action: 'network-maintenance', args: {} },
    { t: 70 * MIN, action: 'network-restore', args: {} },
  ];
  const night = { 'workload.nodeGbps': 0.35 };
  return [
    make(
      'mirror-storm',
      'F6, EC2 2011, by day: traffic moves to the backup network at 10 min and the whole cluster is cut off; back at 70 min every server re-registers and the master works through their chunk reports while naive recovery copies the data still missing, unthrottled: overload → lost heartbeats → healthy servers declared dead → more copying → more overload, on the restored network (run --until 2h)',
      {
        params: { 'recovery.policy': 'naive' },
        timeline,
      },
    ),
    make(
      'mirror-storm-guarded',
      'the same day and seed with guarded recovery (R2): the breaker holds recovery while the cluster looks dead; after the restore the chunk reports are processed, nothing is copied that is not missing, the storm never starts (run --until 2h)',
      {
        params: { 'recovery.policy': 'guarded' },
        timeline,
      },
    ),
    make(
      'mirror-storm-night',
      'F6 at night (light client traffic, the EBS change was made at 00:47): the backup network runs hot but carries the clients; naive recovery of the first falsely dead servers tips it over and the storm grows on the backup network itself (run --until 2h)',
      {
        params: { ...night, 'recovery.policy': 'naive' },
        timeline,
      },
    ),
    make(
      'mirror-storm-night-guarded',
      'the same night and seed with guarded recovery (R2): throttled, client traffic first, circuit breaker — the storm does not start (run --until 2h)',
      {
        params: { ...night, 'recovery.policy': 'guarded' },
        timeline,
      },
    ),
  ];
}

/** Mechanisms that land later add their presets here. */
export function registerPreset(p: Preset): void {
  PRESETS.push(p);
}

/**
 * Old names that still open (share links, the command line): each was the very same
 * scenario as the preset it now names (same timeline, no parameters), listed twice in the
 * Scenarios menu; a link or --scenario with the old name loads that preset.
 */
export const PRESET_ALIASES: Record<string, string> = { 'rack-drill': 'drill-rack-power', 'dc-drill': 'drill-dc-power' };

export function presetByName(name: string): Preset | undefined {
  const real = Object.hasOwn(PRESET_ALIASES, name) ? PRESET_ALIASES[name] : name;
  return PRESETS.find((p) => p.name === real);
}

/**
 * The write path (P4, P5). Rack 17 holds writing clients (streams 17 and 142 at the
 * default 200 streams), so a non-isolated redo log keeps their memory copies there.
 */
function writePresets(): Preset[] {
  const redo = { 'writes.mode': 'redo-log' };
  const rackCut = [
    { t: 10 * MIN, action: 'rack-power-off', args: { rack: 17 } },
    { t: 20 * MIN, action: 'rack-power-on', args: { rack: 17 } },
  ];
  return [
    make(
      'redo-log-rack-power',
      'P5: writes succeed once in the memory of 3 servers on different racks and power feeds; rack 17 loses power at 10 min — no acknowledged write is lost (run --until 30m)',
      {
        params: { ...redo, 'writes.isolation': 'rack' },
        timeline: rackCut,
      },
    ),
    make(
      'redo-log-no-isolation',
      'P5 without hardware isolation: the clients keep their 3 memory copies on their own rack (fastest); rack 17 loses power at 10 min and takes the unflushed writes of its clients with it (run --until 30m)',
      {
        params: { ...redo, 'writes.isolation': 'none' },
        timeline: rackCut,
      },
    ),
    make(
      'redo-log-dc-power',
      'P5: the whole machine room loses power at 10 min — every memory copy at once: the writes not yet flushed (under a second’s worth) are lost; power returns at 20 min (run --until 30m)',
      {
        params: { ...redo },
        timeline: [
          { t: 10 * MIN, action: 'dc-power-off', args: {} },
          { t: 20 * MIN, action: 'dc-power-on', args: {} },
        ],
      },
    ),
    make(
      'redo-log-slow-disks',
      'P5: at 10 min 2 % of disks become 200× slower; data already in memory cannot reach them within 30 s — the master is told at once, copies it elsewhere and suspects the disks; servers refuse new writes to them (run --until 30m)',
      {
        params: { ...redo },
        timeline: [{ t: 10 * MIN, action: 'slow-random-disks', args: { fraction: 0.02, factor: 200 } }],
      },
    ),
    make(
      'pipeline-vs-redo',
      'P4 vs P5: pipeline writes (all 3 replicas on disk) while 1 % of disks turn 10× slow at 10 min — tens of ms, the tail past 100 ms; the page shows what the same writes would cost through the redo log and with majority acks (run --until 30m)',
      {
        params: { 'writes.mode': 'pipeline' },
        timeline: [{ t: 10 * MIN, action: 'slow-random-disks', args: { fraction: 0.01, factor: 10 } }],
      },
    ),
  ];
}
