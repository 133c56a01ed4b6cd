/**
 * Where every parameter's default comes from, as data (issue 14, §3): from the two
 * source articles (the seeds, quoted), from a published source (an id of
 * docs/references.md), or ours — an assumption, with why. `--list-params` prints it;
 * the page's Assumptions panel lists the values of ours. tests/scenario/provenance.test.ts
 * checks that every parameter has an entry, every seed quote is in its seed and every
 * source id is in docs/references.md.
 */
import { PARAMS, type ParamPath } from './params';

/** The seed articles, by the number their file name starts with (`../shared/seeds/000_*.txt`). */
export const SEEDS = {
  '000': 'Feitian 5K in practice: operating a large distributed system (operations article)',
  '003': 'Feitian: fault detection and recovery in Alibaba Cloud OS (Liu, Zhu, Zhang)',
} as const;
export type SeedId = keyof typeof SEEDS;

/** Ids of docs/references.md entries (`- **[id]** …`). */
export const SOURCES = [
  'copysets',
  'gfs-availability',
  'gfs',
  'hdfs',
  'ceph',
  'schroeder-gibson',
  'fail-slow',
  'ebs-2011',
  's3-2008',
  'fuxi',
  'pangu',
  'bairavasundaram',
  'linux-tcp',
] as const;
export type SourceId = (typeof SOURCES)[number];

/** Each source's short citation (docs/references.md), for the page's source marker. */
export const SOURCE_TITLES: Record<SourceId, string> = {
  copysets: 'Cidon et al., “Copysets: Reducing the Frequency of Data Loss in Cloud Storage”, USENIX ATC 2013',
  'gfs-availability': 'Ford et al., “Availability in Globally Distributed Storage Systems”, OSDI 2010',
  gfs: 'Ghemawat, Gobioff, Leung, “The Google File System”, SOSP 2003',
  hdfs: 'Apache Hadoop HDFS defaults (hdfs-default.xml)',
  ceph: 'Ceph documentation (monitor/OSD configuration)',
  'schroeder-gibson': 'Schroeder & Gibson, “Disk failures in the real world”, FAST 2007',
  'fail-slow': 'Gunawi et al., “Fail-Slow at Scale”, FAST 2018; Lu et al., “Perseus”, FAST 2023',
  'ebs-2011': 'Amazon, summary of the EC2/EBS service event in US-East, April 2011',
  's3-2008': 'Amazon S3 availability event of 20 July 2008',
  fuxi: 'Zhang et al., “Fuxi: a Fault-Tolerant Resource Management and Job Scheduling System at Internet Scale”, PVLDB 2014',
  pangu: 'Li et al., “More Than Capacity: Performance-oriented Evolution of Pangu in Alibaba”, FAST 2023',
  bairavasundaram: 'Bairavasundaram et al., “An Analysis of Data Corruption in the Storage Stack”, FAST 2008',
  'linux-tcp': 'Linux TCP (TCP_RTO_MIN; RFC 6298)',
};

export type Provenance =
  /** the seed says so; `quote` is the exact text (Chinese) of the figure or rule in it */
  | { kind: 'seed'; ref: SeedId; quote: string; note: string; zh?: string }
  /** a published source, by its docs/references.md id */
  | { kind: 'source'; ref: SourceId; note: string; zh?: string }
  /** our assumption; `note` says why */
  | { kind: 'ours'; ref: 'ours'; note: string; zh?: string };
export type ProvenanceKind = Provenance['kind'];

const seed = (ref: SeedId, quote: string, note: string): Provenance => ({ kind: 'seed', ref, quote, note });
const src = (ref: SourceId, note: string): Provenance => ({ kind: 'source', ref, note });
const ours = (note: string): Provenance => ({ kind: 'ours', ref: 'ours', note });
const MODEL = 'a setting of the simulator itself, not of the cluster';

/**
 * Keyed by parameter path. A parameter without an entry, or an entry that names no
 * parameter, fails tests/scenario/provenance.test.ts (so a new parameter cannot go
 * unlabelled); plain string keys, so that a parameter renamed in params.ts breaks that
 * test, not everyone's type check.
 */
const ENTRIES: Record<string, Provenance> = {
  'cluster.nodes': seed('000', '单集群的服务器规模是5000台', 'one cluster of 5,000 servers'),
  'cluster.nodesPerRack': ours('a common rack of the time; the seeds give no rack size (125 racks at 5,000 servers)'),
  'cluster.disksPerNode': seed(
    '003',
    '3000节点的集群就有30000多块硬盘',
    '30,000+ disks on 3,000 servers is 10 or more a server; 12 is ours within that',
  ),
  'cluster.racksPerPowerDomain': ours('the seeds drill rack and room power failures but give no feed layout; 5 racks a feed keeps a domain small'),
  'cluster.powerOnDomainIntervalMs': ours('feeds are energized one by one after a room outage to limit inrush current; 2 minutes apart is a guess'),
  'cluster.bootMs': ours('a server of the time takes about 3 minutes from power to a running chunk server'),
  'hardware.oldShare': ours('the seeds say hardware generations differ, not in which shares'),
  'hardware.newShare': ours('the seeds say hardware generations differ, not in which shares'),
  'hardware.oldCpu': ours('an older generation roughly 30 % slower'),
  'hardware.newCpu': ours('a newer generation roughly 40 % faster'),
  'hardware.oldDiskMBps': ours('typical sequential throughput of an older 7,200 rpm disk'),
  'hardware.diskMBps': ours('typical sequential throughput of a 7,200 rpm disk of 2013'),
  'hardware.newDiskMBps': ours('typical sequential throughput of a newer 7,200 rpm disk'),
  'network.nicGbps': ours('10 Gb/s server NICs were usual in 2013 clusters; the seeds only say bandwidth between nodes is limited'),
  'network.rackOversubscription': ours('4:1 at the rack uplink is a common design; the seeds give none'),
  'network.coreOversubscription': ours('a further 2:1 in the core: cross-rack bandwidth is the scarce resource the seeds mention'),
  'network.backupCapacity': ours('the EC2 report calls the backup network low-capacity; a tenth of the primary is our reading [ebs-2011]'),
  'network.lossKnee': ours('heartbeats start to drop as a link nears saturation and its queues fill'),
  'network.lossFull': ours('offered load 1.6× a link’s capacity drops nearly every heartbeat'),
  'network.baseLoss': ours('one heartbeat in 10,000 lost on a healthy idle path'),
  'workload.enabled': ours(`a switch of our model: ${MODEL}`),
  'workload.nodeGbps': ours('about 12 % of a 10 Gb/s NIC on average: a busy but not saturated cluster'),
  'workload.crossRackShare': ours('half of client traffic leaves its rack: locality helps, but not always'),
  'workload.cpuMean': ours('a batch cluster under steady load'),
  'workload.updateMs': ours('load changes on the scale of seconds to minutes'),
  'workload.variability': ours('a 15 % spread between servers and over time'),
  'detection.heartbeatIntervalMs': src('hdfs', 'HDFS data nodes send a heartbeat every 3 s'),
  'detection.suspectAfterMs': ours('a few missed heartbeats make a server suspect (HDFS calls it stale after 30 s)'),
  'detection.deadAfterMs': ours(
    'short, so the storm lessons unfold in minutes; HDFS waits 630 s, GFS 15 min — the re-replication wait is recovery.outDelayMs',
  ),
  'faults.nodeMtbfHours': ours('about one server crash a day at 5,000 servers; the seeds say crashes happen every day'),
  'faults.powerCycleFailure': src('copysets', '0.5–1 % of servers do not come back after a power outage; we take 0.5 %'),
  'faults.nodeRepairHours': ours('a crashed server is back within hours (reboot or part swap)'),
  'faults.systemDiskMtbfHours': src(
    'schroeder-gibson',
    'a system disk is a disk like the others: field failure rates of 2–4 % a year; 300,000 h is 2.9 % a year',
  ),
  'faults.gossipIntervalMs': ours('S3 2008 gossiped server state; its period is not published'),
  'faults.gossipFanout': ours('one partner per round: the slowest spread that still reaches everyone'),
  'scheduler.enabled': seed('003', '又称伏羲', 'Fuxi schedules the cluster’s computing resources'),
  'scheduler.jobsPerServerHour': ours('chosen so that about 5,000 jobs run at once, the seed’s figure for the 5K cluster (000: 5000多个并发作业)'),
  'scheduler.warmStart': ours(`starts the run with the cluster busy: ${MODEL}`),
  'scheduler.groups': ours('a few user groups with quotas; Fuxi has quota groups but their number is not given'),
  'scheduler.quotaShare': ours('no group may take more than about a third of the cluster'),
  'scheduler.coresPerNode': ours('a two-socket server of 2013'),
  'scheduler.memPerNodeGB': ours('a two-socket server of 2013'),
  'scheduler.instanceCores': ours('a small map or reduce instance'),
  'scheduler.instanceMemGB': ours('a small map or reduce instance'),
  'scheduler.instancesMin': ours('small jobs have a couple of instances'),
  'scheduler.instancesMax': ours('kept small so that thousands of jobs fit at once'),
  'scheduler.workMinMinutes': ours('batch instances run for minutes'),
  'scheduler.workMaxMinutes': ours('batch instances run for minutes'),
  'scheduler.noiseSigma': ours('input is split evenly (003), so healthy instances differ by about 10 %'),
  'scheduler.localityShare': ours('most jobs read data that sits on one rack'),
  'scheduler.slowDetection': seed('003', '调度系统会自动把这台服务器加入黑名单', 'the scheduler blacklists a server many jobs find slow'),
  'scheduler.slowFactor': seed('003', '超过了平均时间的三倍', 'an instance over three times its job’s mean marks the server slow'),
  'scheduler.minSamples': ours('a job’s mean needs a few finished instances to mean anything'),
  'scheduler.backupInstances': src('fuxi', 'Fuxi starts backup instances for stragglers'),
  'scheduler.jobBlacklistMax': ours(
    'the Fuxi paper describes a multi-level blacklist (a job’s own, then the cluster’s) without giving bounds; 4 per job keeps a job’s own mistakes from closing a tenth of its input rack',
  ),
  'scheduler.blacklistJobs': ours('the seed says different jobs (各种不同作业) find the server slow, not how many; 3 is the smallest "several"'),
  'scheduler.markWindowMs': ours('a job’s slow mark counts for an hour, about the length of a job'),
  'scheduler.blacklistCap': ours(
    'bounded automation (003: 限制故障自动恢复机制的作用范围); the Fuxi paper bounds its cluster blacklist without a share we could find. 15 %: above the 10 % fault injection of its experiment (at 5 % the bound itself made 10 % of slow servers cost +29 % instead of +5 %), and below the spare capacity of a cluster ~75 % allocated, so a detector gone wrong cannot take the jobs’ room',
  ),
  'scheduler.probationMs': ours('the seed says blacklisted servers are checked later, automatically or by hand; 30 minutes is ours'),
  'scheduler.healthCheck': src(
    'fuxi',
    'the multi-level blacklist: FuxiMaster also blacklists machines from the FuxiAgents’ heartbeats and the machines’ own health checks, not only from the jobs’ reports',
  ),
  'scheduler.backupOnHealth': ours(
    'the paper has the levels of the blacklist inform each other and JobMasters start backup instances for long tails; that a JobMaster backs up its attempts on a machine the moment the cluster lists it is our reading',
  ),
  'scheduler.healthCheckMs': ours('the paper names the agent’s periodic checks but not their period; once a minute is a cheap probe'),
  'scheduler.healthThreshold': ours('the paper gives no threshold; 3× is the seed’s straggler rule (超过了平均时间的三倍) applied to the probe'),
  'scheduler.healthPeriods': ours('k reports in a row so one unlucky probe lists nothing; 3, as the three jobs of scheduler.blacklistJobs'),
  'scheduler.healthProbeSigma': ours('a short probe on a shared machine varies more than a whole instance (scheduler.noiseSigma 0.1)'),
  'scheduler.healthProbeLoad': ours(
    'a probe competing with a full machine’s instances for cores and disks; the source of false reports from healthy busy machines',
  ),
  'scheduler.masterFailoverMs': ours('Fuxi’s hot standby master takes over in seconds [fuxi]; 10 s is ours'),
  'scheduler.cohortStartMs': ours(MODEL + ': which jobs are measured (after the warm start has settled)'),
  'scheduler.cohortMs': ours(MODEL + ': half an hour of arrivals, about 6,000 jobs at the default rate'),
  'storage.chunks': ours(
    'stored chunk groups, each standing for many real chunks so bytes match the disks; the real chunks each have their own replica set (a seeded Poisson field, docs/architecture.md), so loss counts are of real chunks',
  ),
  'storage.replication': src(
    'gfs',
    'three replicas by default (GFS, HDFS; Pangu writes to 3 and returns on 2 [pangu]); the seed says users choose (用户可以指定文件数据的拷贝数目)',
  ),
  'storage.reducedReplicaShare': ours('users may choose fewer copies (003); none do by default'),
  'storage.chunksPerFile': ours('files of a few hundred MB on average'),
  'storage.chunkMB': src('gfs', '64 MB chunks, as GFS and HDFS of the time'),
  'storage.diskTB': ours('a 2 TB disk was usual in 2013'),
  'storage.diskFill': ours('disks 60 % full leave room for recovery'),
  'storage.placement': seed('003', '不同的节点和不同的机架上', 'replicas go on different servers and different racks'),
  'storage.scatterWidth': src('copysets', 'scatter width 10, as in the Copysets paper’s examples'),
  'storage.diskUtilPerLoad': ours('busier servers keep their disks busier; the factor is a guess'),
  'faults.diskMtbfHours': seed('003', 'TBF)达到1,000,000小时', 'the seed’s example: a disk MTBF of 1,000,000 hours'),
  'faults.diskFailureMultiplier': seed(
    '003',
    '几倍到几十倍于标称值',
    'field failures are several to tens of times the datasheet rate; 3 is the low end, matching 2–4 % a year [schroeder-gibson]',
  ),
  'recovery.maxStreamsPerNode': src('hdfs', 'HDFS: 2 replication streams per node, hard limit 4'),
  'recovery.maxGbps': ours('a cluster-wide cap high enough not to bind by default'),
  'recovery.scheduleMs': src('hdfs', 'HDFS computes replication work every 3 s'),
  'recovery.diskShare': ours('a recovery stream takes at most half a disk; clients keep the rest'),
  'recovery.outDelayMs': src(
    'ceph',
    'Ceph marks a down OSD out, and starts recovery, after 600 s; GFS waits 15 min [gfs-availability]. Longer than a reboot (bootMs 3 min), so reboots copy nothing',
  ),
  'detection.slowDiskEnabled': seed('003', '统计每次磁盘访问的时间', 'the file system times every disk access'),
  'detection.slowDiskCheckMs': ours('disk access times judged over a minute'),
  'detection.slowAccessFactor': ours('the seed says far above the mean (远远超过系统平均值); 4× is ours'),
  'detection.slowDiskShare': ours('the seed says a large share (大比率) of slow accesses; 20 % is ours'),
  'detection.slowDiskWindows': ours('three windows in a row, so one busy minute does not condemn a disk'),
  'detection.diskAccessesPerWindow': ours('a sample large enough that a healthy disk rarely looks slow by chance'),
  'recovery.policy': seed('003', '限制故障自动恢复机制的作用范围', 'the seed’s policy: limit the scope of automatic recovery (guarded)'),
  'recovery.autoOfflineCap': seed('003', '任何时候只能通过此机制下线总数1%的硬盘', 'at most 1 % of disks offlined by the mechanism at any time'),
  'recovery.largeFailureShare': ours(
    'the seed says recovery stops when it exceeds a preset limit (超出预设的限制), not which; 5 % of servers is ours',
  ),
  'recovery.largeBacklogShare': ours('a preset limit (003) on the recovery backlog; 20 % of chunks is ours'),
  'recovery.resumeFraction': ours('hysteresis so the breaker does not flap'),
  'recovery.maxCoreShare': ours('no core cap of its own by default; the headroom rule binds first'),
  'recovery.coreHeadroomUtil': ours('shed load (003): recovery only uses the core below the knee where heartbeats start to drop'),
  'recovery.guardCheckMs': ours('the guard looks as often as the replication pass runs'),
  'recovery.naiveStreamsPerNode': ours('the naive way is unthrottled: one stream per disk fills disks and NIC [ebs-2011]'),
  'master.failoverMs': ours('the seed drills a master power-off (Master服务器随机挑选一台断电) without timings; 30 s is ours'),
  'master.sharesRoomPower': ours('the masters sit in the same machine room; the seed’s whole-room drill (整体机房断电) takes them down'),
  'master.restartMs': ours('boot, image load and journal replay of a large namespace: about 20 minutes'),
  'master.coldReports': src('gfs', 'GFS and HDFS masters keep chunk locations only in memory and learn them from reports'),
  'master.safeModeShare': src('hdfs', 'HDFS leaves safe mode once 99.9 % of blocks are reported'),
  'master.reportUsPerChunk': ours('a few µs per block of a block report on the master'),
  'master.reportBytesPerChunk': ours('HDFS sends three longs per block [hdfs]; 24 bytes'),
  'huatuo.enabled': seed('000', '统一更换坏盘', 'Huatuo closes the repair loop; staff only swap the bad disks'),
  'huatuo.pollMs': ours('the seed’s monitor polls (轮询) without a period; 5 minutes is ours'),
  'huatuo.repairMinutes': ours('check, reformat and remount take about half an hour'),
  'huatuo.repairSuccess': ours('most disks Huatuo takes out are really broken; 30 % come back'),
  'huatuo.batchIntervalHours': ours('staff swap disks at their convenience (从容安排时间); once a day is ours'),
  'huatuo.reinstallMinutes': ours(
    'after a system-disk swap installation and deployment start automatically (如果故障的是系统盘); 30 minutes is ours',
  ),
  'master.initialFiles': ours('tens of millions of files: a flood of 30 million (000) must matter'),
  'master.users': ours('a handful of user groups'),
  'master.clientQps': ours('a busy but not overloaded master'),
  'master.createShare': ours('a plausible operation mix'),
  'master.openShare': ours('a plausible operation mix'),
  'master.deleteShare': ours('deletes match creates so the namespace holds steady'),
  'master.threads': ours('a master’s handler thread pool'),
  'master.createMs': ours('handler time of a metadata write with journaling'),
  'master.openMs': ours('handler time of a lookup that returns locations'),
  'master.deleteMs': ours('handler time of a metadata delete with journaling'),
  'master.lookupMs': ours('handler time of an in-memory lookup'),
  'master.filesPerCostDoubling': ours('bigger tables and longer pauses; the rate is a guess'),
  'master.rpcTimeoutMs': ours('clients give up after 10 s'),
  'master.metadataShare': ours('jobs spend a small share of their time in master calls'),
  'master.slowdownMax': ours('bounds how much an overloaded master slows the cluster'),
  'master.floodQps': ours('the seed: a job made 30 million files (文件数突增3000万个) in a short time, no rate; 50,000/s is ours'),
  'master.p99WindowMs': ours(MODEL + ': the window of the master panel’s percentiles'),
  'master.protection': seed('000', '系统应该具备自我保护能力', 'the system should protect itself'),
  'master.userFileQuota': ours('a quota well above normal use and well below the flood'),
  'master.userQpsLimit': ours('a per-user rate above normal use'),
  'master.userBurst': ours('two seconds of a user’s rate as a burst'),
  'master.admissionMaxUtil': ours('admission keeps the master below 80 % busy'),
  'ops.alertEvalMs': ours('the seed gives 5 s from sample to alarm (从数据采集到发出报警仅需要5秒钟); evaluating every second keeps within it'),
  'ops.nodeDownForMs': ours('half a minute down before an alarm'),
  'ops.rackDownShare': ours('half a rack down is a rack problem'),
  'ops.linkUtilAlert': ours('a link 90 % busy'),
  'ops.linkForMs': ours('half a minute busy before an alarm'),
  'ops.masterLatencyAlertMs': ours('50 ms mean is far above normal'),
  'ops.masterLatencyForMs': ours('ten seconds of high latency before an alarm'),
  'ops.masterRejectAlertQps': ours('100 rejections a second'),
  'ops.falseDeadAlert': ours('a few healthy servers believed dead at once is a detector problem'),
  'ops.logBucketMs': ours(MODEL),
  'ops.logBuckets': ours(MODEL),
  'ops.logDays': ours(MODEL),
  'ops.logEntries': ours(MODEL),
  'ops.logEventEntries': ours(MODEL),
  'ops.logSampleRate': ours(MODEL),
  'ops.logErrorCapPerTick': ours(MODEL),
  'ops.slowOpMs': ours('an operation over 100 ms is worth logging'),
  'deploy.packageMB': ours('Apsara and MaxCompute binaries together; the seed gives no size'),
  'deploy.configMB': ours('configuration is small'),
  'deploy.separateConfig': seed('000', '分离配置和binary部署', 'Dayu separates configuration and binaries'),
  'deploy.sourceNode': ours('any server'),
  'deploy.singleConcurrency': ours('the old tool pushed as fast as it could (单点传输速度越快越好); 200 copies at once is ours'),
  'deploy.unpacedEfficiency': ours(
    'unpaced copies oversubscribing a link lose to retransmits and timeouts (TCP incast); 60 % is a guess, and it decides the old way’s stop: the copy of 5,000 × 2 GB from one 10 Gb/s source is 222 min of the 4.4 h at 60 %, 133 min at 100 % — the seed’s 4–5 h needs an efficiency near this',
  ),
  'deploy.flowMbps': ours('Dayu paces its flows (多点精确控制流量); 400 Mb/s per flow is ours'),
  'deploy.uploadFlows': ours('a few upload flows per server'),
  'deploy.pieceMB': ours('the seed says the package is sent in parts (分包传输) but not how big; 64 MB, a chunk’s size, is ours'),
  'deploy.seedFlowsPerRack': ours('a couple of cross-rack flows feed each rack'),
  'deploy.uplinkShare': ours('deployment leaves most of the uplink to service traffic'),
  'deploy.execConcurrency': ours('remote execution drives a few hundred servers at once'),
  'deploy.stopMs': ours('drain, flush and stop take a couple of minutes'),
  'deploy.installMs': ours('unpacking over the running layout takes a minute'),
  'deploy.switchMs': ours('a link change and a config push take seconds'),
  'deploy.serverStartMs': ours('processes start and register in a couple of minutes'),
  'deploy.masterLoadUsPerFile': ours(
    'namespace image load and journal replay per file; 18 µs × 50 M files = 15 min, the largest part of a staged cold stop in our model — a fit that puts Dayu’s stop in the seed’s 20–30 min, not a measurement',
  ),
  'deploy.rollingBatchRacks': ours('a few racks at a time'),
  'writes.enabled': ours(`a switch of our model: ${MODEL}`),
  'writes.mode': seed('003', '只有当所有副本都写成功后才能结束一个写操作', 'the pipeline: a write ends when every replica has it'),
  'writes.streams': ours('a few hundred files written at once'),
  'writes.writerRack': ours(MODEL),
  'writes.ratePerStream': ours('5,000 writes a second in all'),
  'writes.sizeKB': ours('small online writes'),
  'writes.memoryCopies': ours('the seed says several servers’ memory (写入多个数据服务器内存buffer后即返回成功); 3, as many as replicas'),
  'writes.isolation': seed('003', '选择数据服务器充分考虑硬件的隔离性', 'memory servers are chosen with hardware isolation in mind'),
  'writes.flushDeadlineMs': seed('003', '(30秒内)', 'memory to disk within 30 seconds'),
  'writes.flushIntervalMs': ours('the background thread writes in batches (批量写入磁盘) each second'),
  'writes.upsMs': ours(
    'no UPS by default: the seeds name none; a machine-room UPS that carries its servers for minutes would outlast a flush of the second of writes a server holds',
  ),
  'writes.memoryLimitMB': ours('half a gigabyte of unflushed data per server'),
  'writes.ioQueueLimitMs': ours('a server checks its I/O queue (内存和I/O队列没有超负荷); 5 s of queued work is ours'),
  'writes.diskFullShare': ours('the seed says a server checks free space (剩余空间足够); 95 % full is ours'),
  'writes.diskAccessMs': ours('positioning time of a 7,200 rpm disk'),
  'writes.rackHopUs': ours('a hop within a rack'),
  'writes.coreHopUs': ours('a hop through the core on idle links'),
  'writes.memoryAckUs': ours('taking a write into a memory buffer'),
  'writes.retransmitMs': src('linux-tcp', 'Linux’s minimum retransmission timeout'),
  'writes.scrubIntervalHours': ours('every disk read once a fortnight'),
  'writes.corruptionPerDiskYear': ours('rare, after [bairavasundaram]; the rate is ours'),
  'engine.tickMs': ours(MODEL),
  'timeTravel.budgetMB': ours(MODEL),
  'timeTravel.diskMB': ours(MODEL),
  'timeTravel.spacingMs': ours(
    `${MODEL}: 6 simulated minutes are 60–100 ms of engine work at default scale and a capture with dirty marks 7–15 ms once the store reuses its memory (2026-12-07, bench/timetravel.ts), so captures take <= 10 % of the engine's time and a move replays at most ~100 ms; while the store still grows, fresh memory makes a capture cost more and the engine-work floor (worker/timeTravel.ts) spaces them further`,
  ),
  'timeTravel.spacingEvents': ours(
    `${MODEL}: ~6 quiet simulated minutes of events at default scale (60,000 were ~25); a storm does more work per minute`,
  ),
};

export const PROVENANCE = ENTRIES as { readonly [K in ParamPath]?: Provenance } & Readonly<Record<string, Provenance>>;

/** A parameter's provenance (undefined only for one missing from the table — the test forbids it). */
export function provenanceOf(path: string): Provenance | undefined {
  return Object.prototype.hasOwnProperty.call(PROVENANCE, path) ? PROVENANCE[path as ParamPath] : undefined;
}

/** One line: `seed 003 “…”`, `source [hdfs]`, `ours`. */
export function provenanceLabel(p: Provenance): string {
  if (p.kind === 'seed') return `seed ${p.ref} “${p.quote}”`;
  if (p.kind === 'source') return `source [${p.ref}]`;
  return 'ours';
}

/** The parameters whose provenance is ours, in catalogue order. */
export function assumptionPaths(): ParamPath[] {
  return (Object.keys(PARAMS) as ParamPath[]).filter((k) => PROVENANCE[k]?.kind === 'ours');
}

/** One parameter as `--list-params` prints it. */
export interface CatalogueRow {
  path: string;
  default: number | string | boolean;
  unit?: string;
  kind: ProvenanceKind | 'missing';
  ref: string;
  quote?: string;
  note: string;
  doc: string;
}

/** The whole catalogue with provenance, in params.ts order. */
export function paramCatalogue(): CatalogueRow[] {
  return (Object.keys(PARAMS) as ParamPath[]).map((path) => {
    const spec = PARAMS[path] as { default: number | string | boolean; unit?: string; doc: string };
    const p = provenanceOf(path);
    return {
      path,
      default: spec.default,
      ...(spec.unit ? { unit: spec.unit } : {}),
      kind: p?.kind ?? 'missing',
      ref: p?.ref ?? '',
      ...(p?.kind === 'seed' ? { quote: p.quote } : {}),
      note: p?.note ?? '',
      doc: spec.doc,
    };
  });
}

/** Text for a terminal: one parameter a line, then its provenance indented. */
export function formatCatalogue(rows: CatalogueRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    const where = r.kind === 'seed' ? `seed ${r.ref} “${r.quote}”` : r.kind === 'source' ? `source [${r.ref}]` : r.kind;
    out.push(`${r.path} = ${String(r.default)}${r.unit ? ' ' + r.unit : ''}  (${where})\n    ${r.note}\n`);
  }
  const n = (k: string) => rows.filter((r) => r.kind === k).length;
  out.push(`${rows.length} parameters: ${n('seed')} from the seeds, ${n('source')} from published sources (docs/references.md), ${n('ours')} ours\n`);
  return out.join('');
}

/** One of our assumptions as the page's Assumptions panel lists it. */
export interface AssumptionRow {
  path: ParamPath;
  /** the value in the run at time t (scenario params, then `set` actions up to t) */
  value: number | string | boolean;
  default: number | string | boolean;
  unit?: string;
  note: string;
  changed: boolean;
}

/** Every parameter of ours with its live value in a run of `scenario` at simulated time `t`. */
export function assumptionRows(
  scenario: { params: Record<string, unknown>; timeline: readonly { t: number; action: string; args: Record<string, unknown> }[] },
  t: number,
): AssumptionRow[] {
  const live = new Map<string, unknown>(Object.entries(scenario.params));
  for (const e of scenario.timeline) if (e.t <= t && e.action === 'set' && typeof e.args.path === 'string') live.set(e.args.path, e.args.value);
  return assumptionPaths().map((path) => {
    const spec = PARAMS[path] as { default: number | string | boolean; unit?: string; kind: string };
    const raw = live.has(path) ? live.get(path) : spec.default;
    // the set action records booleans as words; show them as booleans
    const value = spec.kind === 'bool' && typeof raw === 'string' ? raw === 'true' : (raw as number | string | boolean);
    return {
      path,
      value,
      default: spec.default,
      ...(spec.unit ? { unit: spec.unit } : {}),
      note: PROVENANCE[path]!.note,
      changed: value !== spec.default,
    };
  });
}
