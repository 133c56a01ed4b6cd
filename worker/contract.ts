/**
 * The contract between the engine and the page: everything that crosses the
 * worker boundary, stated once. The page imports this module and nothing else of
 * `worker/engine/**` (the scenario language in `worker/scenario/*` is shared too).
 *
 * - State numbers: a server's truth and the master's belief about it, a disk's
 *   belief, a sampled write's holder state — with their names.
 * - Bit layouts of the frame's per-server, per-disk and per-rack bytes, with the
 *   encoders the engine uses and the decoders the page uses.
 * - The frame's fields (`Frame`), and `FrameConfig`: what changes rarely (the live
 *   parameter values, the rack-to-feed map), sent only when it changed.
 *
 * The engine's encoders import these constants (one definition); tests check the
 * decoders against the engine's own state (tests/engine/contract.test.ts).
 */
import { PARAMS, type ParamPath, type Params } from './scenario/params';
import type { LogEntry } from './engine/log';
import type { OpsFrame } from './engine/ops/operations';
import type { StorageFrame } from './engine/pangu/pangu';
import type { FuxiCounts, FuxiFrame } from './engine/fuxi/fuxi';
import type { WriteLatencyView, WritesFrame } from './engine/writes/views';
import type { RecoveryFrame } from './engine/recovery/recovery';
import type { OutDelayFrame } from './engine/pangu/outDelay';
import type { OnePercentWhatIf } from './engine/pangu/whatIf';

export type {
  LogEntry,
  OpsFrame,
  StorageFrame,
  FuxiCounts,
  FuxiFrame,
  WritesFrame,
  WriteLatencyView,
  RecoveryFrame,
  OutDelayFrame,
  OnePercentWhatIf,
};
export type { TimelineView } from './engine/writes/flushTimeline';
export type * from './api';

// ---- state numbers ----------------------------------------------------------

/** A server's true state (`Servers.truth`). */
export const UP = 0,
  BOOTING = 1,
  CRASHED = 2,
  POWER_OFF = 3,
  GONE = 4;
export const TRUTH_NAMES = ['up', 'booting', 'crashed', 'power-off', 'gone'] as const;
export type TruthName = (typeof TRUTH_NAMES)[number];

/** What the master believes about a server (`HeartbeatDetector.belief`). */
export const ALIVE = 0,
  SUSPECT = 1,
  DEAD = 2;
export const BELIEF_NAMES = ['alive', 'suspect', 'dead'] as const;
export type BeliefName = (typeof BELIEF_NAMES)[number];

/** What the master believes about a disk (P6; `Pangu.diskBelief`). */
export const D_NORMAL = 0,
  D_SUSPECT = 1,
  D_OFFLINE = 2,
  D_FAILED = 3;
export const DISK_BELIEF_NAMES = ['normal', 'suspect', 'offline', 'failed'] as const;

/** How one server's copy of a sampled write ended (the flush timeline's `state`, P4/P5). */
export const H_NONE = 0,
  H_MEMORY = 1,
  H_DISK = 2,
  H_MEMORY_LOST = 3,
  H_RESCUED = 4,
  H_ERROR = 5;
export const HOLDER_STATE_NAMES = ['', 'in memory', 'on disk', 'memory lost', 'copied by the master', 'write error'] as const;

/**
 * Why a server is on Fuxi's cluster blacklist (S3; `Blacklist.reason`): several jobs found
 * it slow, or its own health check reported it slow on the heartbeat (healthCheck.ts).
 */
export const BL_JOBS = 1,
  BL_HEALTH = 2;
export const BLACKLIST_REASONS = ['', 'jobs', 'health'] as const;
export type BlacklistReason = 'jobs' | 'health';

// ---- frame.nodeState: one byte per server ----------------------------------

/** bits 0–2 truth, bits 3–4 belief, bit 5 slow, bit 6 on Fuxi's blacklist (S3), bit 7 corrupted detector state (F7). */
export const TRUTH_MASK = 0b111,
  BELIEF_SHIFT = 3,
  BELIEF_MASK = 0b11 << 3,
  SLOW_BIT = 1 << 5,
  BLACKLIST_BIT = 1 << 6,
  CORRUPT_BIT = 1 << 7;

export interface NodeState {
  truth: number;
  belief: number;
  slow: boolean;
  blacklisted: boolean;
  corrupted: boolean;
}

export function encodeNodeState(truth: number, belief: number, slow: boolean, blacklisted: boolean, corrupted: boolean): number {
  return truth | (belief << BELIEF_SHIFT) | (slow ? SLOW_BIT : 0) | (blacklisted ? BLACKLIST_BIT : 0) | (corrupted ? CORRUPT_BIT : 0);
}
export const nodeTruth = (b: number): number => b & TRUTH_MASK;
export const nodeBelief = (b: number): number => (b & BELIEF_MASK) >> BELIEF_SHIFT;
export function decodeNodeState(b: number): NodeState {
  return {
    truth: nodeTruth(b),
    belief: nodeBelief(b),
    slow: (b & SLOW_BIT) !== 0,
    blacklisted: (b & BLACKLIST_BIT) !== 0,
    corrupted: (b & CORRUPT_BIT) !== 0,
  };
}

// ---- frame.storage.diskState: one byte per disk ------------------------------

/** bits 0–1 the master's belief (D_NORMAL … D_FAILED), bit 2 truly failed, bit 3 truly slow. */
export const DISK_BELIEF_MASK = 0b11,
  DISK_FAILED_BIT = 1 << 2,
  DISK_SLOW_BIT = 1 << 3;

export interface DiskState {
  belief: number;
  failed: boolean;
  slow: boolean;
}

export function encodeDiskState(belief: number, failed: boolean, slow: boolean): number {
  return belief | (failed ? DISK_FAILED_BIT : 0) | (slow ? DISK_SLOW_BIT : 0);
}
export const diskBelief = (b: number): number => b & DISK_BELIEF_MASK;
export function decodeDiskState(b: number): DiskState {
  return { belief: diskBelief(b), failed: (b & DISK_FAILED_BIT) !== 0, slow: (b & DISK_SLOW_BIT) !== 0 };
}

// ---- frame.rackFlags: one byte per rack --------------------------------------

/**
 * bit 0 no power (for any reason), bit 1 top-of-rack switch down, and why there is
 * no power: bit 2 the rack's own switch is off, bit 3 its feed (power domain, F5) is
 * off, bit 4 the machine room is off; bit 5 its network is flaky (F3).
 */
export const RACK_POWER_OFF = 1,
  RACK_TOR_DOWN = 2,
  RACK_SWITCH_OFF = 4,
  RACK_FEED_OFF = 8,
  RACK_DC_OFF = 16,
  RACK_FLAKY = 32;

export interface RackState {
  /** the rack has no power, whatever the reason */
  powerOff: boolean;
  torDown: boolean;
  /** its own power switch is off (rack-power-off) */
  switchOff: boolean;
  /** its power feed is off (power-domain-off, or not yet re-energized after the machine room's power returned) */
  feedOff: boolean;
  /** the machine room has no power */
  dcOff: boolean;
  /** extra packet loss on its links (network-flaky) */
  flaky: boolean;
}

export function encodeRackFlags(switchOn: boolean, feedOn: boolean, dcOn: boolean, torUp: boolean, flaky: boolean): number {
  const off = !switchOn || !feedOn || !dcOn;
  return (
    (off ? RACK_POWER_OFF : 0) |
    (torUp ? 0 : RACK_TOR_DOWN) |
    (switchOn ? 0 : RACK_SWITCH_OFF) |
    (feedOn ? 0 : RACK_FEED_OFF) |
    (dcOn ? 0 : RACK_DC_OFF) |
    (flaky ? RACK_FLAKY : 0)
  );
}
export function decodeRackFlags(b: number): RackState {
  return {
    powerOff: (b & RACK_POWER_OFF) !== 0,
    torDown: (b & RACK_TOR_DOWN) !== 0,
    switchOff: (b & RACK_SWITCH_OFF) !== 0,
    feedOff: (b & RACK_FEED_OFF) !== 0,
    dcOff: (b & RACK_DC_OFF) !== 0,
    flaky: (b & RACK_FLAKY) !== 0,
  };
}

// ---- frame.ops.deployRackFlags: one byte per rack (O1) ------------------------

/** bit 0 some of its servers are stopped for the upgrade, bit 1 every server runs the target version. */
export const DEPLOY_STOPPED = 1,
  DEPLOY_UPGRADED = 2;

// ---- the frame ---------------------------------------------------------------

export interface FrameCounts {
  up: number;
  booting: number;
  crashed: number;
  powerOff: number;
  gone: number;
  slow: number;
  suspect: number;
  believedDead: number;
  falselyDead: number;
  undetected: number;
  corrupted: number;
}

/**
 * What changes rarely: sent in a frame only when it changed since the last frame
 * the same receiver got (`Frame.config` is null otherwise; a load or rewind sends it
 * again). The page keeps the last one it received.
 */
export interface FrameConfig {
  /** the engine's count of live parameter changes (`set` actions) so far */
  version: number;
  /** every parameter's value now: the scenario's, changed by `set` actions since */
  params: Params;
  /** the power feed (power domain, F5) of each rack */
  rackFeed: Uint16Array;
  /** power feeds in the machine room */
  feeds: number;
}

export interface Frame {
  t: number;
  events: number;
  nodes: number;
  racks: number;
  nodesPerRack: number;
  disksPerNode: number;
  /** one byte per server: see TRUTH_MASK … CORRUPT_BIT */
  nodeState: Uint8Array;
  /** CPU load per server, 0–255 */
  nodeLoad: Uint8Array;
  /** hardware generation per server */
  nodeGen: Uint8Array;
  /** one byte per rack: see RACK_POWER_OFF … RACK_FLAKY */
  rackFlags: Uint8Array;
  /** uplink utilization per rack (1 = full) */
  rackUtil: Float32Array;
  coreUtil: number;
  /** core capacity of the network in use now (primary or backup), Gb/s */
  coreCapacityGbps: number;
  onBackup: boolean;
  dcPower: boolean;
  counts: FrameCounts;
  series: { t: Float64Array; series: Record<string, Float32Array> };
  log: LogEntry[];
  logSeq: number;
  /** whole-run counters (failures, declarations, peaks …), as in the summary's sources */
  counters: Record<string, number>;
  /** FrameConfig.version of the engine now (the config itself travels only when it changed) */
  configVersion: number;
  /** live parameters and the rack-to-feed map; null when unchanged since the previous frame to this receiver */
  config: FrameConfig | null;
  /** operations: firing alerts, master latency and QPS, deployment progress per rack */
  ops: OpsFrame;
  /** Pangu: chunk counts, recovery traffic, one state byte per disk, recovery Gb/s per rack */
  storage: StorageFrame & {
    /** down, then out: what waiting recovery.outDelayMs costs both ways (pangu/outDelay.ts) */
    outDelay: OutDelayFrame;
    /** the Copysets comparison: 1 % of the servers failing at once, this run's placement against copyset placement (pangu/whatIf.ts) */
    ifOnePercentFail: OnePercentWhatIf;
  };
  /** Fuxi: CPU allocation per server (0–255) and the scheduler's counts */
  scheduler: FuxiFrame;
  /** the write path: latency histograms per mode, acked/lost writes, unflushed memory, the sampled flush timeline */
  writes: WritesFrame;
  /** recovery policy, circuit breaker, master state, recovery demand vs delivered, Huatuo's disk states */
  recovery: RecoveryFrame;
}

/** A live parameter's value from the last config received (its default before any arrived). */
export function liveParam<P extends ParamPath>(config: Pick<FrameConfig, 'params'> | null | undefined, path: P): Params[P] {
  return config ? config.params[path] : (PARAMS[path].default as Params[P]);
}

/** The power feed a rack hangs on (−1 before any config arrived or for a rack out of range). */
export function rackFeed(config: Pick<FrameConfig, 'rackFeed'> | null | undefined, rack: number): number {
  return config && rack >= 0 && rack < config.rackFeed.length ? config.rackFeed[rack] : -1;
}
