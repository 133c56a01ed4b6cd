/**
 * Every figure of the simulation, as a parameter with its default, range and unit.
 * Defaults come from the articles (`mechanisms.md`); those marked "ours" are
 * sensible values where the articles give none. A parameter is addressed by its
 * dotted path everywhere: scenario JSON, share URLs, `--set`, the `set` action.
 *
 * `structural` parameters shape the arrays the engine allocates and can only be
 * set when a scenario is loaded; the rest can change live.
 */
export interface NumberSpec {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  int?: boolean;
  unit?: string;
  structural?: boolean;
  doc: string;
}
export interface EnumSpec {
  kind: 'enum';
  default: string;
  values: readonly string[];
  structural?: boolean;
  doc: string;
}
export interface BoolSpec {
  kind: 'bool';
  default: boolean;
  structural?: boolean;
  doc: string;
}
export type ParamSpec = NumberSpec | EnumSpec | BoolSpec;

const num = (d: number, min: number, max: number, doc: string, o: Partial<NumberSpec> = {}): NumberSpec => ({
  kind: 'number',
  default: d,
  min,
  max,
  doc,
  ...o,
});
const int = (d: number, min: number, max: number, doc: string, o: Partial<NumberSpec> = {}): NumberSpec => num(d, min, max, doc, { int: true, ...o });
const choice = (d: string, values: readonly string[], doc: string, o: Partial<EnumSpec> = {}): EnumSpec => ({
  kind: 'enum',
  default: d,
  values,
  doc,
  ...o,
});
const bool = (d: boolean, doc: string, o: Partial<BoolSpec> = {}): BoolSpec => ({ kind: 'bool', default: d, doc, ...o });

const S = { structural: true } as const;

export const PARAMS = {
  // C1–C4: the cluster
  'cluster.nodes': int(5000, 1, 20000, 'servers in the cluster (C1)', S),
  'cluster.nodesPerRack': int(40, 1, 200, 'servers per rack (ours, C1)', S),
  'cluster.disksPerNode': int(12, 1, 64, 'data disks per server (C2)', S),
  'cluster.racksPerPowerDomain': int(5, 1, 10000, 'racks sharing one power feed (ours, F5)', S),
  'cluster.powerOnDomainIntervalMs': int(
    120_000,
    0,
    3_600_000,
    'after a machine-room outage, power feeds are energized one by one this far apart (ours)',
    { unit: 'ms' },
  ),
  'cluster.bootMs': int(180_000, 0, 3_600_000, 'time a server takes to boot and rejoin after power returns (ours)', { unit: 'ms' }),
  'hardware.oldShare': num(0.3, 0, 1, 'share of racks of the older hardware generation (C4, ours)', S),
  'hardware.newShare': num(0.3, 0, 1, 'share of racks of the newest generation (C4, ours)', S),
  'hardware.oldCpu': num(0.7, 0.05, 10, 'CPU speed of the older generation relative to the middle one (ours)', S),
  'hardware.newCpu': num(1.4, 0.05, 10, 'CPU speed of the newest generation relative to the middle one (ours)', S),
  'hardware.oldDiskMBps': num(120, 1, 10000, 'sequential disk throughput, older generation (ours)', { unit: 'MB/s', ...S }),
  'hardware.diskMBps': num(160, 1, 10000, 'sequential disk throughput, middle generation (ours)', { unit: 'MB/s', ...S }),
  'hardware.newDiskMBps': num(200, 1, 10000, 'sequential disk throughput, newest generation (ours)', { unit: 'MB/s', ...S }),

  // C3: the network
  'network.nicGbps': num(10, 0.1, 400, 'server NIC bandwidth (C3)', { unit: 'Gb/s' }),
  'network.rackOversubscription': num(4, 1, 100, 'sum of NICs in a rack ÷ rack uplink (C3)'),
  'network.coreOversubscription': num(2, 1, 100, 'sum of rack uplinks ÷ core capacity (ours)'),
  'network.backupCapacity': num(0.1, 0.001, 1, 'backup network capacity as a share of the primary (F6, ours)'),
  'network.lossKnee': num(0.85, 0, 5, 'link utilization above which heartbeats start to drop (ours)'),
  'network.lossFull': num(1.6, 0.01, 10, 'link utilization at which every heartbeat drops (ours)'),
  'network.baseLoss': num(0.0001, 0, 1, 'heartbeat loss on an idle healthy path (ours)'),

  // Background workload (client traffic and CPU load)
  'workload.enabled': bool(true, 'background jobs and client traffic'),
  'workload.nodeGbps': num(1.2, 0, 400, 'mean client traffic per server (ours)', { unit: 'Gb/s' }),
  'workload.crossRackShare': num(0.5, 0, 1, 'share of client traffic that leaves its rack (ours)'),
  'workload.cpuMean': num(0.45, 0, 1, 'mean CPU utilization (ours)'),
  'workload.updateMs': int(10_000, 100, 3_600_000, 'period of the servers’ load random walk (ours)', { unit: 'ms' }),
  'workload.variability': num(0.15, 0, 1, 'spread of load between servers and over time (ours)'),

  // Failure detection: what the master believes
  'detection.heartbeatIntervalMs': int(3000, 100, 600_000, 'chunk server heartbeat period (HDFS: 3 s)', { unit: 'ms' }),
  'detection.suspectAfterMs': int(10_000, 100, 86_400_000, 'silence after which the master suspects a server (ours)', { unit: 'ms' }),
  'detection.deadAfterMs': int(60_000, 100, 86_400_000, 'silence after which the master declares a server dead (ours; HDFS 630 s, GFS 15 min)', {
    unit: 'ms',
  }),

  // F1: hard server faults
  'faults.nodeMtbfHours': num(100_000, 1, 1e9, 'mean time between failures of one server (ours: ~1 a day at 5,000)', { unit: 'h' }),
  'faults.powerCycleFailure': num(0.005, 0, 1, 'share of servers whose hardware does not survive a power cycle (ours; Copysets: 0.5–1 %)'),
  'faults.nodeRepairHours': num(4, 0.01, 10_000, 'mean time until a crashed server is back (ours)', { unit: 'h' }),
  'faults.systemDiskMtbfHours': num(
    300_000,
    1,
    1e9,
    'field mean time between failures of one server’s system disk; a failed one takes its server down until Huatuo has it swapped (R4; Schroeder & Gibson: 2–4 % a year, 300,000 h is 2.9 %)',
    { unit: 'h' },
  ),

  // F7: failure-detector state corruption spreading by gossip (S3, 2008)
  'faults.gossipIntervalMs': int(10_000, 100, 3_600_000, 'period of server-to-server state gossip (ours)', { unit: 'ms' }),
  'faults.gossipFanout': int(1, 1, 100, 'servers each server gossips with per round (ours)'),

  // S1–S3: Fuxi, the job scheduler
  'scheduler.enabled': bool(true, 'batch jobs keep arriving at the Fuxi scheduler (S1)'),
  'scheduler.jobsPerServerHour': num(
    2.4,
    0,
    200,
    'job arrivals per hour per server; the default keeps about 5,000 jobs running on 5,000 servers (S1, ours)',
    { unit: '/h' },
  ),
  'scheduler.warmStart': bool(true, 'start with the cluster already busy, as if jobs had been arriving for an hour (ours)', S),
  'scheduler.groups': int(4, 1, 16, 'user groups with their own quota; group g gets a share of arrivals ∝ g+1 (ours)', S),
  'scheduler.quotaShare': num(0.35, 0.01, 1, 'most of the cluster’s cores one user group may hold at once (ours)'),
  'scheduler.coresPerNode': int(24, 1, 256, 'CPU cores each server offers to jobs (ours)', S),
  'scheduler.memPerNodeGB': int(96, 1, 4096, 'memory each server offers to jobs (ours)', { unit: 'GB', ...S }),
  'scheduler.instanceCores': int(2, 1, 64, 'cores one instance asks for (ours)'),
  'scheduler.instanceMemGB': num(4, 0.1, 1024, 'memory one instance asks for (ours)', { unit: 'GB' }),
  'scheduler.instancesMin': int(2, 1, 10_000, 'fewest instances in a job (log-uniform mix, ours)'),
  'scheduler.instancesMax': int(30, 1, 10_000, 'most instances in a job (log-uniform mix, ours)'),
  'scheduler.workMinMinutes': num(10, 0.1, 10_000, 'shortest instance run time on a middle-generation server (log-uniform mix, ours)', {
    unit: 'min',
  }),
  'scheduler.workMaxMinutes': num(40, 0.1, 10_000, 'longest instance run time on a middle-generation server (log-uniform mix, ours)', {
    unit: 'min',
  }),
  'scheduler.noiseSigma': num(0.1, 0, 2, 'spread of one instance’s run time around its job’s (log-normal σ; input is split evenly, S3, ours)'),
  'scheduler.localityShare': num(0.8, 0, 1, 'share of jobs whose input data sits on one rack, which their instances prefer (ours)'),
  'scheduler.slowDetection': bool(true, 'slow-server handling: mark servers slow per job, backup instances, blacklist (S3)'),
  'scheduler.slowFactor': num(3, 1.1, 100, 'an instance slower than this × its job’s mean marks its server slow for that job (S3: 3)'),
  'scheduler.minSamples': int(3, 1, 1000, 'finished instances a job needs before its mean counts (ours)'),
  'scheduler.backupInstances': bool(true, 'start a backup instance for a straggler elsewhere; the first to finish wins (S3)'),
  'scheduler.jobBlacklistMax': int(
    4,
    1,
    64,
    'job level of the blacklist: most servers one job keeps on its own list of servers it found slow, the oldest forgotten — bounded so a job that misjudges (its own noise) cannot shut itself out of its input rack (ours: 4, a tenth of a 40-server rack)',
    S,
  ),
  'scheduler.blacklistJobs': int(3, 1, 100, 'different jobs that must find a server slow before it is blacklisted (S3: "many", ours)'),
  'scheduler.markWindowMs': int(3_600_000, 1000, 604_800_000, 'how long a job’s slow mark on a server counts (ours)', { unit: 'ms' }),
  'scheduler.blacklistCap': num(
    0.15,
    0,
    1,
    'most servers the cluster blacklist may hold, as a share of the cluster — its own bound above the per-job lists (bounded automation, R2, ours: room for the 10 % fault injection of the Fuxi paper, and no more than the spare cores of a cluster ~75 % allocated)',
  ),
  'scheduler.probationMs': int(1_800_000, 1000, 604_800_000, 'time until a blacklisted server is checked and, if healthy, released (ours)', {
    unit: 'ms',
  }),
  'scheduler.healthCheck': bool(
    true,
    'cluster level of the multi-level blacklist fed by the machines themselves: each FuxiAgent probes its own machine periodically and reports on its heartbeat; FuxiMaster blacklists a machine whose probe is too slow several times running, without waiting for jobs to find it (Fuxi paper)',
  ),
  'scheduler.backupOnHealth': bool(
    true,
    'when its health check puts a server on the cluster blacklist, every job with an attempt there starts a backup elsewhere at once instead of waiting for the attempt to cross the straggler line (ours)',
  ),
  'scheduler.healthCheckMs': int(60_000, 1000, 3_600_000, 'period of a FuxiAgent’s self-check of its machine (ours)', { unit: 'ms' }),
  'scheduler.healthThreshold': num(
    3,
    1.1,
    100,
    'a self-check probe taking this × its expected time on that machine is a bad report (ours: the seed’s 3× of the straggler rule)',
  ),
  'scheduler.healthPeriods': int(
    3,
    1,
    100,
    'bad reports in a row that put a machine on the cluster blacklist, and good ones in a row that lift a machine the check put there (ours)',
  ),
  'scheduler.healthProbeSigma': num(0.25, 0, 2, 'spread of one probe’s duration on a healthy idle machine (log-normal σ, ours)'),
  'scheduler.healthProbeLoad': num(
    0.5,
    0,
    10,
    'how much longer the probe takes on a machine whose cores are all allocated (+50 %: it shares cores and disks with the instances; ours)',
  ),
  'scheduler.masterFailoverMs': int(10_000, 0, 3_600_000, 'time the standby scheduler master needs to take over (S2, ours)', { unit: 'ms' }),
  'scheduler.cohortStartMs': int(
    3_600_000,
    0,
    86_400_000_000,
    'measurement: the jobs arriving from this time on (for scheduler.cohortMs) are followed to completion; the summary reports their slowdown and how many still run (ours)',
    { unit: 'ms' },
  ),
  'scheduler.cohortMs': int(1_800_000, 1000, 86_400_000, 'measurement: length of the window whose arriving jobs form the cohort (ours)', {
    unit: 'ms',
  }),

  // P1–P3, P6: Pangu, the file system (chunks, placement, re-replication, slow disks)
  'storage.chunks': int(
    1_000_000,
    0,
    20_000_000,
    'chunk groups stored (the unit of bytes, traffic and recovery): each stands for as many real storage.chunkMB chunks as make the bytes match storage.diskFill; every real chunk has its own replica set, and chunk counts are of real chunks (P1, ours)',
    S,
  ),
  'storage.replication': int(3, 1, 6, 'replicas per chunk of a new file (P2)', S),
  'storage.reducedReplicaShare': num(0, 0, 1, 'share of files their users created with one replica fewer (P2, ours)', S),
  'storage.chunksPerFile': num(8, 1, 1_000_000, 'mean chunks per file (geometric lengths, ours)', S),
  'storage.chunkMB': num(64, 1, 4096, 'chunk size (P1, ours)', { unit: 'MB', ...S }),
  'storage.diskTB': num(2, 0.01, 100, 'capacity of one disk (ours)', { unit: 'TB', ...S }),
  'storage.diskFill': num(0.6, 0.0001, 1, 'share of disk capacity holding data (ours)', S),
  'storage.placement': choice(
    'rack-aware',
    ['rack-aware', 'random', 'copyset'],
    'where replicas go: distinct servers and racks, distinct servers only, or copysets (P3)',
  ),
  'storage.scatterWidth': int(10, 1, 5000, 'copyset placement: servers each server shares chunks with (Copysets paper)'),
  'storage.diskUtilPerLoad': num(0.5, 0, 1, 'disk utilization per unit of server CPU load, in the access-time model (ours)'),
  'faults.diskMtbfHours': num(1_000_000, 1, 1e9, 'datasheet mean time between failures of one disk (F2)', { unit: 'h' }),
  'faults.diskFailureMultiplier': num(
    3,
    0,
    100,
    'field disk failure rate ÷ datasheet rate (F2: several to tens of times; ours 3, after Schroeder & Gibson: 2–4 % a year vs < 0.9 %)',
  ),
  'recovery.maxStreamsPerNode': int(2, 1, 64, 'copies out of, and into, one server at once (HDFS: 2, hard limit 4)'),
  'recovery.maxGbps': num(1000, 0, 1e6, 'cluster-wide cap on re-replication traffic (ours)', { unit: 'Gb/s' }),
  'recovery.scheduleMs': int(3000, 100, 600_000, 'period of the master’s replication pass: copies start, finish and get their rates (HDFS: 3 s)', {
    unit: 'ms',
  }),
  'recovery.diskShare': num(0.5, 0.01, 1, 'share of a disk’s throughput one recovery stream may use; clients keep the rest (ours)'),
  'recovery.outDelayMs': int(
    600_000,
    0,
    86_400_000,
    'after the master declares a server dead it waits this long before re-copying its chunks (down, then out); a server back sooner costs no copy, but its chunks spend the wait one copy short. Not for recovery.policy=naive, which copies at once (Ceph: 600 s; GFS: 15 min)',
    { unit: 'ms' },
  ),
  'detection.slowDiskEnabled': bool(true, 'the master times disk accesses and handles slow disks (P6)'),
  'detection.slowDiskCheckMs': int(60_000, 1000, 86_400_000, 'window over which disk access times are judged (ours)', { unit: 'ms' }),
  'detection.slowAccessFactor': num(4, 1.1, 100, 'an access counts as slow above this × the cluster mean access time (P6 "far above", ours)'),
  'detection.slowDiskShare': num(0.2, 0.01, 1, 'share of slow accesses that makes a disk suspect (P6 "a large share", ours)'),
  'detection.slowDiskWindows': int(3, 1, 100, 'windows in a row a disk must look slow before it is suspect (ours)'),
  'detection.diskAccessesPerWindow': int(200, 1, 1_000_000, 'accesses the master times per disk and window (sampling noise, ours)'),

  // R1–R4: recovery policy, the circuit breaker, the file-system master's failover, Huatuo
  'recovery.policy': choice(
    'guarded',
    ['guarded', 'naive', 'off'],
    'automatic recovery: guarded (throttled, 1 % offline cap, circuit breaker; R2–R3), naive (re-replicate at once, unthrottled; the EC2 2011 way, F6), off',
  ),
  'recovery.autoOfflineCap': num(0.01, 0, 1, 'most disks offlined automatically at any time, as a share of all disks (R3: 1 %)'),
  'recovery.largeFailureShare': num(
    0.05,
    0,
    1,
    'guarded: share of servers believed dead above which the fault counts as large and automatic recovery is switched off (R2, ours)',
  ),
  'recovery.largeBacklogShare': num(
    0.2,
    0,
    1,
    'guarded: share of chunks waiting for a copy above which recovery is switched off too (R2 “more than a preset limit”, ours)',
  ),
  'recovery.resumeFraction': num(
    0.5,
    0,
    1,
    'guarded: the breaker closes again when both measures fall below this × their trip thresholds (hysteresis, ours)',
  ),
  'recovery.maxCoreShare': num(
    1,
    0,
    1,
    'guarded: recovery traffic may use at most this share of the core capacity of the network in use (bounded recovery, ours)',
  ),
  'recovery.coreHeadroomUtil': num(
    0.85,
    0,
    10,
    'guarded: recovery only fills the core of the network in use up to this utilization — by default the knee where heartbeats start to drop; client traffic above it leaves recovery nothing (shed load, R2, ours)',
  ),
  'recovery.guardCheckMs': int(3000, 100, 600_000, 'period at which the recovery guard looks at the cluster (ours)', { unit: 'ms' }),
  'recovery.naiveStreamsPerNode': int(
    12,
    1,
    1000,
    'naive: copies out of, and into, one server at once — no throttle: one per disk, enough to fill its disks and NIC (ours)',
  ),
  'master.failoverMs': int(30_000, 0, 3_600_000, 'the file-system master’s standby takes over after this long (F4 drill, ours)', { unit: 'ms' }),
  'master.sharesRoomPower': bool(true, 'the masters (and their standbys) are in the machine room: a whole-room outage takes them down too (ours)'),
  'master.restartMs': int(1_200_000, 0, 86_400_000, 'after a room-wide outage: master boot, namespace image load and journal replay (ours)', {
    unit: 'ms',
  }),
  'master.coldReports': bool(
    true,
    'a master restarted after a room-wide outage has no chunk locations (kept only in memory; HDFS does not persist them either): every server registers and sends a full chunk report, and safe mode waits for them; off: the locations survive the restart',
  ),
  'master.safeModeShare': num(
    0.999,
    0,
    1,
    'a restarted master stays in safe mode (no re-replication) until this share of chunks has a reported copy (HDFS: 99.9 %)',
  ),
  'master.reportUsPerChunk': num(
    2,
    0,
    10_000,
    'master time to process one chunk of a re-registering server’s full chunk report; reports are processed one at a time (HDFS: under the namespace lock) and its replicas count again only after (ours)',
    { unit: 'µs' },
  ),
  'master.reportBytesPerChunk': num(
    24,
    0,
    10_000,
    'bytes per chunk in a chunk report sent over the network when a server re-registers (HDFS: 3 longs per block, ours)',
    { unit: 'B' },
  ),
  'huatuo.enabled': bool(true, 'Huatuo, the closed repair loop for disks and system disks (R4)'),
  'huatuo.pollMs': int(300_000, 1000, 86_400_000, 'period of Huatuo’s monitor (ours)', { unit: 'ms' }),
  'huatuo.repairMinutes': num(30, 0, 10_000, 'one automatic repair try of a bad disk: check, reformat, remount (ours)', { unit: 'min' }),
  'huatuo.repairSuccess': num(0.3, 0, 1, 'share of repair tries after which the disk is fit to serve again (ours)'),
  'huatuo.batchIntervalHours': num(24, 0.01, 10_000, 'staff swap the ticketed disks in one batch this often — the only human step (R4, ours)', {
    unit: 'h',
  }),
  'huatuo.reinstallMinutes': num(30, 0, 10_000, 'after a system disk is swapped: reinstall the OS and redeploy the software, then boot (ours)', {
    unit: 'min',
  }),

  // P7: the Pangu master's operation queue and its self-protection
  'master.initialFiles': num(50_000_000, 0, 2e9, 'files in the namespace at the start, spread evenly over the users (ours)', S),
  'master.users': int(8, 1, 64, 'user groups issuing master operations (ours)', S),
  'master.clientQps': num(8000, 0, 1e6, 'master operations per second from all users together (ours)', { unit: '/s' }),
  'master.createShare': num(0.15, 0, 1, 'share of operations that create a file (ours; deletes match creates so the namespace holds steady)'),
  'master.openShare': num(0.4, 0, 1, 'share of operations that open a file for reading or writing (ours)'),
  'master.deleteShare': num(0.15, 0, 1, 'share of operations that delete a file (ours)'),
  'master.threads': int(32, 1, 4096, 'handler threads working the master’s operation queue (ours)'),
  'master.createMs': num(1, 0.001, 1000, 'handler time of one create: namespace insert, chunk allocation, journal (ours)', { unit: 'ms' }),
  'master.openMs': num(0.4, 0.001, 1000, 'handler time of one open: lookup and chunk locations (ours)', { unit: 'ms' }),
  'master.deleteMs': num(0.8, 0.001, 1000, 'handler time of one delete (ours)', { unit: 'ms' }),
  'master.lookupMs': num(0.2, 0.001, 1000, 'handler time of one lookup / stat (ours)', { unit: 'ms' }),
  'master.filesPerCostDoubling': num(
    250_000_000,
    1e5,
    1e12,
    'namespace growth that doubles every operation’s handler time: bigger tables, longer pauses (ours)',
  ),
  'master.rpcTimeoutMs': int(
    10_000,
    10,
    600_000,
    'a client gives up on an operation that has waited this long; the master’s queue is bounded by it (ours)',
    { unit: 'ms' },
  ),
  'master.metadataShare': num(
    0.02,
    0,
    1,
    'share of a job’s run time spent in master calls at normal latency; the cluster slows by (1−m) + m × latency ÷ normal (ours)',
  ),
  'master.slowdownMax': num(20, 1, 1000, 'most the cluster slows down when the master is overloaded (ours)'),
  'master.floodQps': num(50_000, 1, 1e7, 'creates per second a runaway job attempts (file-flood; P7: 30 million files “in a short time”, ours)', {
    unit: '/s',
  }),
  'master.p99WindowMs': int(
    600_000,
    10_000,
    86_400_000,
    'per-user latency percentiles on the master panel cover this recent window, so a flood’s damage shows while it lasts and fades after (ours)',
    { unit: 'ms' },
  ),
  'master.protection': bool(true, 'the master protects itself: per-user quota, per-user rate limit, admission control (P7)'),
  'master.userFileQuota': num(10_000_000, 0, 1e12, 'most files one user may own (P7 quota, ours)'),
  'master.userQpsLimit': num(5000, 1, 1e7, 'operations per second one user may send; more are throttled (token bucket, ours)', { unit: '/s' }),
  'master.userBurst': num(10_000, 1, 1e8, 'token-bucket depth: operations one user may send in a burst above its rate (ours)'),
  'master.admissionMaxUtil': num(
    0.8,
    0.05,
    1,
    'admission control: the master admits work up to this share of its threads, trimming the heaviest users first (ours)',
  ),

  // O1–O3: operations — monitoring and alerts, the audit log, deployment
  'ops.alertEvalMs': int(1000, 100, 60_000, 'period of alert-rule evaluation; AliMonitor: 5 s from sample to alarm (O3)', { unit: 'ms' }),
  'ops.nodeDownForMs': int(30_000, 0, 3_600_000, 'a server must be down this long before it raises an alarm (ours)', { unit: 'ms' }),
  'ops.rackDownShare': num(0.5, 0.01, 1, 'share of a rack’s servers down that raises a rack alarm (ours)'),
  'ops.linkUtilAlert': num(0.9, 0.1, 10, 'link utilization that raises an alarm (rack uplink or core, ours)'),
  'ops.linkForMs': int(30_000, 0, 3_600_000, 'how long a link must stay that busy before the alarm (ours)', { unit: 'ms' }),
  'ops.masterLatencyAlertMs': num(50, 0.1, 600_000, 'mean master operation latency that raises an alarm (ours)', { unit: 'ms' }),
  'ops.masterLatencyForMs': int(10_000, 0, 3_600_000, 'how long master latency must stay high before the alarm (ours)', { unit: 'ms' }),
  'ops.masterRejectAlertQps': num(100, 0, 1e7, 'rejected master operations per second that raise an alarm (ours)', { unit: '/s' }),
  'ops.falseDeadAlert': int(5, 1, 20_000, 'healthy servers believed dead at once that raise a cluster alarm (ours)'),
  'ops.logBucketMs': int(10_000, 1000, 3_600_000, 'time resolution of the audit log’s exact counts (ours)', { unit: 'ms', ...S }),
  'ops.logBuckets': int(
    8640,
    60,
    1_000_000,
    'count buckets kept (default: one day at 10 s); older ones roll off, whole-run and daily totals stay (ours)',
    S,
  ),
  'ops.logDays': int(32, 1, 3660, 'days of daily counts kept (ours)', S),
  'ops.logEntries': int(100_000, 1000, 5_000_000, 'individual master-operation entries kept in their ring (ours)', S),
  'ops.logEventEntries': int(
    50_000,
    1000,
    5_000_000,
    'individual engine-event entries kept in their own ring, so a flood of operations cannot push them out (ours)',
    S,
  ),
  'ops.logSampleRate': num(
    0.0001,
    0,
    1,
    'share of successful master operations kept as individual entries; every engine event, error and slow operation is kept (ours)',
  ),
  'ops.logErrorCapPerTick': int(
    20,
    0,
    1_000_000,
    'most error / slow entries of one operation type and result kept per tick; the rest are only counted (ours)',
  ),
  'ops.slowOpMs': num(100, 0.1, 600_000, 'an operation slower than this is logged individually as slow (ours)', { unit: 'ms' }),
  'deploy.packageMB': num(2000, 1, 1e6, 'size of the binary package sent to every server (O1, ours: Apsara + MaxCompute binaries)', { unit: 'MB' }),
  'deploy.configMB': num(2, 0, 1e4, 'size of the configuration, deployed apart from binaries when separated (O1, ours)', { unit: 'MB' }),
  'deploy.separateConfig': bool(
    true,
    'Dayu’s layout: binaries, configuration and data in separate versioned directories, so a new version is staged while the old runs and switching or rolling back is a link change (O1)',
  ),
  'deploy.sourceNode': int(0, 0, 19_999, 'server holding the new package at the start (ours)'),
  'deploy.singleConcurrency': int(200, 1, 100_000, 'single-source transfer: copies the source pushes at once, each as fast as it can (ours)'),
  'deploy.unpacedEfficiency': num(
    0.6,
    0.01,
    1,
    'share of a link’s capacity that unpaced, as-fast-as-possible copies achieve once they oversubscribe it: loss, retransmits, timeouts (ours)',
  ),
  'deploy.flowMbps': num(400, 1, 1e6, 'P2P: rate limit of one transfer flow (Dayu’s per-link rate control, ours)', { unit: 'Mb/s' }),
  'deploy.uploadFlows': int(4, 1, 1000, 'P2P: flows one server (and one rack, across the core) serves at once: the swarm’s fan-out (ours)'),
  'deploy.pieceMB': num(
    64,
    0.1,
    1e6,
    'P2P: piece size; a server passes on only whole pieces it holds, so each level of the swarm adds a piece time (ours)',
    {
      unit: 'MB',
    },
  ),
  'deploy.seedFlowsPerRack': int(2, 1, 1000, 'P2P: cross-rack flows feeding one rack (ours)'),
  'deploy.uplinkShare': num(0.2, 0.001, 1, 'P2P: most of a rack uplink deployment traffic may use, so service traffic keeps the rest (ours)'),
  'deploy.execConcurrency': int(200, 1, 100_000, 'servers the remote-execution tool drives at once (stop, install, switch, start; ours)'),
  'deploy.stopMs': int(120_000, 0, 86_400_000, 'stopping the service on the cluster: drain, flush, stop processes (ours)', { unit: 'ms' }),
  'deploy.installMs': int(60_000, 0, 86_400_000, 'unpacking and installing a package over the running layout on one server (old way, ours)', {
    unit: 'ms',
  }),
  'deploy.switchMs': int(5000, 0, 86_400_000, 'switching one server to an already staged version: a link and a config push (ours)', { unit: 'ms' }),
  'deploy.serverStartMs': int(120_000, 0, 86_400_000, 'a server’s processes start and register with the masters (ours)', { unit: 'ms' }),
  'deploy.masterLoadUsPerFile': num(18, 0, 1e6, 'master start: loading its namespace image and replaying its journal, per file (ours)', {
    unit: 'µs',
  }),
  'deploy.rollingBatchRacks': int(5, 1, 10_000, 'rolling upgrade: racks upgraded at once (ours)'),

  // P4, P5: the write path — clients writing, pipeline vs in-memory redo log vs majority
  'writes.enabled': bool(true, 'clients keep writing files (needs workload.enabled)'),
  'writes.mode': choice(
    'pipeline',
    ['pipeline', 'redo-log', 'majority'],
    'write path: pipeline (success when all replicas are on disk, P4), redo-log (in the memory of writes.memoryCopies servers, flushed later, P5), majority (2 of 3 on disk, Pangu today)',
  ),
  'writes.streams': int(200, 1, 5000, 'files being written at once, one client each; writers spread over the racks (ours)', S),
  'writes.writerRack': int(-1, -1, 19_999, 'put every writing client on this rack (−1: spread over all racks) (ours)', S),
  'writes.ratePerStream': num(25, 0, 100_000, 'writes per second of each stream (ours; 5,000/s in all at the default)', { unit: '/s' }),
  'writes.sizeKB': num(16, 0.5, 65_536, 'size of one write (ours)', { unit: 'KB' }),
  'writes.memoryCopies': int(3, 2, 6, 'redo log: servers that must hold a write in memory before it succeeds (P5: ≥ 2; ours 3, as many as replicas)'),
  'writes.isolation': choice(
    'rack',
    ['rack', 'none'],
    'redo log: memory servers on different racks and power feeds (P5), or none — the nearest servers, the client’s own rack',
  ),
  'writes.flushDeadlineMs': int(
    30_000,
    1000,
    60_000,
    'redo log: longest time from memory to disk; later, the master is told and copies the data (P5: 30 s)',
    { unit: 'ms' },
  ),
  'writes.flushIntervalMs': int(
    1000,
    0,
    30_000,
    'redo log: each server’s background thread writes what has accumulated this often, at its own phase (batches, ours)',
    {
      unit: 'ms',
    },
  ),
  'writes.upsMs': int(
    0,
    0,
    3_600_000,
    'redo log: on a power cut a server with a UPS keeps running this long, writing its memory to disk at what its disk can take, before it goes dark; 0 = no UPS (ours: the seeds name none)',
    { unit: 'ms' },
  ),
  'writes.memoryLimitMB': num(512, 1, 1e6, 'redo log: unflushed data a server holds before it refuses new writes (ours)', { unit: 'MB' }),
  'writes.ioQueueLimitMs': int(
    5000,
    0,
    600_000,
    'redo log: a server refuses when the flush work queued for its disk would take this long (its I/O queue, ours)',
    { unit: 'ms' },
  ),
  'writes.diskFullShare': num(0.95, 0.01, 1, 'a server refuses writes to a disk filled beyond this share (ours)'),
  'writes.diskAccessMs': num(8, 0.01, 1000, 'positioning time of one disk write (ours: a 7,200 rpm disk); redo-log flushes pay it once per batch', {
    unit: 'ms',
  }),
  'writes.rackHopUs': num(60, 1, 1e6, 'one-way latency of a write to a server in the same rack (ours)', { unit: 'µs' }),
  'writes.coreHopUs': num(200, 1, 1e6, 'one-way latency across racks through the core on idle links (ours)', { unit: 'µs' }),
  'writes.memoryAckUs': num(30, 1, 1e6, 'CPU time for a server to take a write into its memory buffer (ours)', { unit: 'µs' }),
  'writes.retransmitMs': num(200, 1, 60_000, 'a lost packet costs a retransmission timeout (Linux minimum RTO)', { unit: 'ms' }),
  'writes.scrubIntervalHours': num(336, 1, 100_000, 'background scrubbing reads every disk once in this time (ours: two weeks)', { unit: 'h' }),
  'writes.corruptionPerDiskYear': num(
    0.01,
    0,
    100,
    'silent corruptions per disk and year found only by scrubbing (ours, after Bairavasundaram et al. 2008)',
  ),

  // Engine
  'engine.tickMs': int(1000, 10, 60_000, 'period of the flow tick (network load, workload)', { unit: 'ms', ...S }),

  // Time travel (the page's rewind and seek; no effect on the simulated cluster)
  'timeTravel.budgetMB': int(
    512,
    0,
    8192,
    'memory the worker may hold in checkpoints of the run for instant rewind and seek; older ones are thinned to stay within it (ours)',
    { unit: 'MB' },
  ),
  'timeTravel.diskMB': int(
    8192,
    0,
    65_536,
    "disk the worker may fill with older checkpoints once timeTravel.budgetMB of memory is full (the browser's origin-private file system, a temporary file in Node; deleted with the run): more checkpoints, so a week-long run's widest gap, which bounds the replay of a rewind or seek, stays short (a simulated day at default scale takes ~0.8 GB, a week ~5.5 GB; past the budget the oldest are thinned and gaps double); 0 keeps them in memory only (ours, bench/timetravel.ts)",
    { unit: 'MB' },
  ),
  'timeTravel.spacingMs': int(
    360_000,
    1_000,
    86_400_000,
    'simulated time between two checkpoints while the engine runs flat out (or timeTravel.spacingEvents events, if sooner): measured in engine work, not wall time, so a loaded machine spaces them the same; calibrated so a capture costs <= 10 % of the engine work between two, and never closer than 18 times the cost of a capture in engine work (a capture and what it leaves behind: fresh memory, collection) until 4 spacings or 150 ms of engine work have passed (at the pace it ran, or at an ordinary slow pace of the last few gaps) (ours, bench/timetravel.ts)',
    { unit: 'ms' },
  ),
  'timeTravel.spacingEvents': int(
    15_000,
    100,
    100_000_000,
    'events processed between two checkpoints, if sooner than timeTravel.spacingMs (a storm does more work per simulated minute) (ours, bench/timetravel.ts)',
  ),
} as const satisfies Record<string, ParamSpec>;

export type ParamPath = keyof typeof PARAMS;
type ValueOf<S> = S extends NumberSpec ? number : S extends EnumSpec ? string : S extends BoolSpec ? boolean : never;
export type Params = { -readonly [K in ParamPath]: ValueOf<(typeof PARAMS)[K]> };
export type ParamValue = number | string | boolean;

export function defaultParams(): Params {
  const p = {} as Record<string, ParamValue>;
  for (const [k, s] of Object.entries(PARAMS) as [string, ParamSpec][]) p[k] = s.default;
  return p as Params;
}

export function isParamPath(path: string): path is ParamPath {
  return Object.prototype.hasOwnProperty.call(PARAMS, path);
}

export function specOf(path: string): ParamSpec | undefined {
  return isParamPath(path) ? (PARAMS[path] as ParamSpec) : undefined;
}

/** Closest known paths, for "did you mean" messages (none for a path too long to be a typo). */
export function suggestPath(path: string): string[] {
  if (path.length > 100) return [];
  const all = Object.keys(PARAMS);
  const tail = path.split('.').pop()!.toLowerCase();
  const hits = all.filter((p) => p.toLowerCase().includes(tail) || path.toLowerCase().includes(p.split('.').pop()!.toLowerCase()));
  if (hits.length) return hits.slice(0, 4);
  const head = path.split('.')[0];
  return all.filter((p) => p.startsWith(head + '.')).slice(0, 6);
}

/**
 * Checks one value against its spec and returns the typed value; throws a message
 * naming the path. Numbers must be numbers (`"12"` is text, not 12: text from a
 * command line goes through `paramFromText`); booleans are `true`/`false` or the
 * words `"true"`/`"false"` (the `set` action records them so); choices are words.
 */
export function coerceParam(path: string, raw: unknown): ParamValue {
  const spec = typeof path === 'string' ? specOf(path) : undefined;
  if (!spec) {
    const s = typeof path === 'string' ? suggestPath(path) : [];
    throw new RangeError(`unknown parameter ${show(path)}` + (s.length ? ` (did you mean ${s.join(', ')}?)` : ''));
  }
  if (spec.kind === 'number') {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new RangeError(`${path}: expected a number, got ${show(raw)}`);
    if (spec.int && !Number.isInteger(raw)) throw new RangeError(`${path}: expected a whole number, got ${show(raw)}`);
    if (raw < spec.min || raw > spec.max) throw new RangeError(`${path}: ${show(raw)} is out of range [${spec.min}, ${spec.max}]`);
    return raw + 0; // -0 → 0: JSON writes both as 0, so a link would not give back the same scenario
  }
  if (spec.kind === 'bool') {
    if (raw === true || raw === 'true' || raw === 1 || raw === '1') return true;
    if (raw === false || raw === 'false' || raw === 0 || raw === '0') return false;
    throw new RangeError(`${path}: expected true or false, got ${show(raw)}`);
  }
  if (typeof raw !== 'string' || !spec.values.includes(raw))
    throw new RangeError(`${path}: expected one of ${spec.values.join(', ')}, got ${show(raw)}`);
  return raw;
}

/** A plain decimal number as text: `12`, `-0.5`, `1e6`, `.5` — no hex, no sign `+`, no spaces, not empty. */
export const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A parameter's value given as text (`--set PATH=VALUE`): a number only as a plain
 * decimal, a boolean as `true`/`false`, a choice as its word (a JSON string `"random"`
 * is read as the word too). Then checked like any value.
 */
export function paramFromText(path: string, text: string): ParamValue {
  const spec = specOf(path);
  if (spec?.kind === 'number') return coerceParam(path, DECIMAL.test(text) ? Number(text) : text);
  if (spec?.kind === 'enum' && /^".*"$/.test(text)) {
    try {
      return coerceParam(path, JSON.parse(text));
    } catch (e) {
      if (e instanceof RangeError) throw e;
    }
  }
  return coerceParam(path, text);
}

/** Checks relations between parameters; returns messages (empty when fine). */
export function crossCheck(p: Params): string[] {
  const errs: string[] = [];
  if (p['hardware.oldShare'] + p['hardware.newShare'] > 1) errs.push('hardware.oldShare + hardware.newShare must not exceed 1');
  if (p['detection.suspectAfterMs'] > p['detection.deadAfterMs']) errs.push('detection.suspectAfterMs must not exceed detection.deadAfterMs');
  if (p['scheduler.instancesMin'] > p['scheduler.instancesMax']) errs.push('scheduler.instancesMin must not exceed scheduler.instancesMax');
  if (p['scheduler.workMinMinutes'] > p['scheduler.workMaxMinutes']) errs.push('scheduler.workMinMinutes must not exceed scheduler.workMaxMinutes');
  if (p['network.lossFull'] <= p['network.lossKnee']) errs.push('network.lossFull must be above network.lossKnee');
  if (p['master.createShare'] + p['master.openShare'] + p['master.deleteShare'] > 1)
    errs.push('master.createShare + master.openShare + master.deleteShare must not exceed 1 (the rest are lookups)');
  if (p['deploy.sourceNode'] >= p['cluster.nodes']) errs.push('deploy.sourceNode must be a server id below cluster.nodes');
  if (p['cluster.nodes'] * p['cluster.disksPerNode'] > 2_000_000)
    errs.push(`cluster.nodes × cluster.disksPerNode = ${p['cluster.nodes'] * p['cluster.disksPerNode']} disks exceeds 2,000,000`);
  errs.push(...feasibility(p));
  return errs;
}

/** Most copyset memberships (cluster.nodes × permutations) built for copyset placement: two Int32Arrays of this size. */
export const MAX_COPYSET_ENTRIES = 20_000_000;

/**
 * Combinations each in range that no run can satisfy: placement that cannot find
 * distinct servers or racks for a chunk's replicas (it would search for ever), a
 * redo log asking for more memory servers than the cluster has, a writer rack or
 * copyset table that does not fit the cluster.
 */
function feasibility(p: Params): string[] {
  const errs: string[] = [];
  const nodes = p['cluster.nodes'];
  const racks = Math.ceil(nodes / p['cluster.nodesPerRack']);
  const r = p['storage.replication'];
  const placement = p['storage.placement'];
  const rackN = `cluster.nodes=${nodes} at cluster.nodesPerRack=${p['cluster.nodesPerRack']} makes ${racks} rack${racks === 1 ? '' : 's'}`;
  if (p['storage.chunks'] > 0) {
    if (placement !== 'random' && racks < r)
      errs.push(
        `storage.placement=${placement} puts each of a chunk's storage.replication=${r} replicas on a different rack, but ${rackN}: lower storage.replication, add racks, or use storage.placement=random`,
      );
    else if (nodes < r) errs.push(`storage.replication=${r} replicas per chunk need ${r} different servers, but cluster.nodes=${nodes}`);
    // Every replica is at least one storage.chunkMB chunk: more than the disks hold, and placement
    // would try a thousand disks for each of millions of replicas before overfilling one.
    const needTB = (p['storage.chunks'] * r * p['storage.chunkMB']) / 1e6;
    const haveTB = nodes * p['cluster.disksPerNode'] * p['storage.diskTB'];
    if (needTB > haveTB)
      errs.push(
        `storage.chunks=${p['storage.chunks']} × storage.replication=${r} copies of storage.chunkMB=${p['storage.chunkMB']} MB need ${Math.round(needTB)} TB, more than the ${Math.round(haveTB * 100) / 100} TB of cluster.nodes × cluster.disksPerNode × storage.diskTB`,
      );
    if (placement === 'copyset') {
      const entries = nodes * Math.max(1, Math.ceil(p['storage.scatterWidth'] / Math.max(1, r - 1)));
      if (p['storage.scatterWidth'] >= nodes)
        errs.push(`storage.scatterWidth=${p['storage.scatterWidth']} servers to share chunks with needs more than cluster.nodes=${nodes} servers`);
      else if (entries > MAX_COPYSET_ENTRIES)
        errs.push(
          `storage.placement=copyset with storage.scatterWidth=${p['storage.scatterWidth']} and storage.replication=${r} builds ${entries} copyset memberships on cluster.nodes=${nodes}, more than ${MAX_COPYSET_ENTRIES}: lower storage.scatterWidth`,
        );
    }
  }
  if (p['writes.enabled'] && p['writes.mode'] === 'redo-log' && p['writes.memoryCopies'] > nodes - 1)
    errs.push(
      `writes.memoryCopies=${p['writes.memoryCopies']} memory servers besides the writing client need more than cluster.nodes=${nodes} servers`,
    );
  if (p['scheduler.enabled'] && p['scheduler.instanceCores'] > p['scheduler.coresPerNode'])
    errs.push(
      `scheduler.instanceCores=${p['scheduler.instanceCores']} per instance fit on no server of scheduler.coresPerNode=${p['scheduler.coresPerNode']}: no job could ever run`,
    );
  if (p['scheduler.enabled'] && p['scheduler.instanceMemGB'] > p['scheduler.memPerNodeGB'])
    errs.push(
      `scheduler.instanceMemGB=${p['scheduler.instanceMemGB']} per instance fit on no server of scheduler.memPerNodeGB=${p['scheduler.memPerNodeGB']}: no job could ever run`,
    );
  if (p['writes.writerRack'] >= racks)
    errs.push(`writes.writerRack=${p['writes.writerRack']} is not a rack: ${rackN} (0 to ${racks - 1}; −1 spreads the writers)`);
  return errs;
}

/** Longest value or key shown in a message; longer ones are cut with "…". */
export const SHOW_MAX = 60;

/**
 * A value from input as a message shows it: JSON-like and faithful (`"12"`, `[1]`,
 * `{}`, `0x10` as the text it was), cut at `max` characters. The work is bounded by
 * `max`, not by the value: a 1 MB string or a deep array is never serialized whole.
 */
export function show(v: unknown, max = SHOW_MAX): string {
  const out: string[] = [];
  let len = 0;
  const put = (t: string): boolean => {
    out.push(t);
    len += t.length;
    return len <= max;
  };
  const walk = (x: unknown, depth: number): boolean => {
    if (typeof x === 'string') return put(JSON.stringify(x.length > max ? x.slice(0, max) : x));
    if (typeof x === 'number') return put(Object.is(x, -0) ? '-0' : String(x));
    if (x === null || typeof x === 'boolean' || typeof x === 'bigint') return put(String(x));
    if (x === undefined) return put('nothing');
    if (typeof x !== 'object') return put(typeof x);
    if (depth > 8) return put('…');
    if (Array.isArray(x)) {
      if (!put('[')) return false;
      for (let i = 0; i < x.length; i++) if ((i > 0 && !put(',')) || !walk(x[i], depth + 1)) return false;
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const k in x) {
      if (!Object.hasOwn(x, k)) continue;
      if (
        (!first && !put(',')) ||
        !put(JSON.stringify(k.length > max ? k.slice(0, max) : k) + ':') ||
        !walk((x as Record<string, unknown>)[k], depth + 1)
      )
        return false;
      first = false;
    }
    return put('}');
  };
  walk(v, 0);
  const text = out.join('');
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
