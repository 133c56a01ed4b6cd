/**
 * The guided lessons, in Chinese and English. Each opens from its own URL
 * (`#lesson=ID&step=N`). Checks read only the frame, so the page and the headless
 * lesson tests (tests/lessons) judge them the same way.
 */
import type { Frame } from '../../worker/engine/frame';
import { defaultScenario, parseScenario, type Scenario } from '../../worker/scenario/schema';
import { presetByName } from '../../worker/scenario/presets';
import type { Lesson } from './types';

const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;
const c = (f: Frame, k: string) => f.counters[k] ?? 0;

/** A lesson's scenario: a preset (or the default) with some parameters set. */
function scenario(name: string, params: Record<string, number | string | boolean> = {}, preset?: string): Scenario {
  const base = preset ? structuredClone(presetByName(preset)!.scenario) : defaultScenario();
  return parseScenario({ ...base, name, params: { ...base.params, ...params } });
}

/** Lessons that need no scheduler jobs run without them: the point is elsewhere, and time passes faster. */
const QUIET = { 'scheduler.enabled': false };

export const LESSONS: Lesson[] = [
  {
    id: 'mtbf',
    mechanisms: ['F1', 'F2', 'C2'],
    title: { en: '1 · One disk fails every 33 hours', zh: '1 · 每 33 小时坏一块盘' },
    summary: {
      en: 'A disk that lasts a century on paper fails every few hours in a cluster of 60,000.',
      zh: '纸面上能用一百年的硬盘，放到六万块的集群里，几个小时就坏一块。',
    },
    scenario: scenario('lesson-mtbf', { ...QUIET, 'faults.diskFailureMultiplier': 1 }),
    steps: [
      {
        title: { en: 'A century per disk', zh: '每块盘一百年' },
        say: {
          en: 'A disk’s datasheet promises a mean time between failures of 1,000,000 hours — 114 years. This cluster has 5,000 servers × 12 = 60,000 disks. Failures add up: 1,000,000 ÷ 60,000 ≈ one failed disk every 16.7 hours (the article’s 30,000 disks: every 33 hours).',
          zh: '硬盘规格书上的平均无故障时间是 100 万小时——114 年。这个集群有 5,000 台服务器 × 12 块盘 = 60,000 块盘。故障会叠加：1,000,000 ÷ 60,000 ≈ 每 16.7 小时坏一块（文章里 30,000 块盘：每 33 小时一块）。',
        },
        view: 'racks',
        act: [{ action: 'set', args: { path: 'faults.diskFailureMultiplier', value: 1 } }],
        tryLabel: { en: 'Run three days at the datasheet rate', zh: '按规格书的故障率运行三天' },
        watch: { ms: 3 * DAY, speed: 10_000 },
        expect: { en: 'About four or five disks fail in three days (72 h ÷ 16.7 h).', zh: '三天里大约坏四五块盘（72 ÷ 16.7）。' },
        check: (f) => f.t >= 3 * DAY && c(f, 'diskFailures') >= 2 && c(f, 'diskFailures') <= 10,
      },
      {
        title: { en: 'The field is worse than the datasheet', zh: '现场比规格书更糟' },
        say: {
          en: 'In production disks fail several to tens of times more often than the datasheet says (field studies: 2–4 % a year instead of under 1 %). Set the field multiplier to 3 and watch two more days.',
          zh: '生产环境里硬盘的故障率是规格书的几倍到几十倍（现场统计：每年 2–4%，而不是 1% 以下）。把现场倍数设为 3，再看两天。',
        },
        act: [{ action: 'set', args: { path: 'faults.diskFailureMultiplier', value: 3 } }],
        tryLabel: { en: 'Field rate ×3, two more days', zh: '现场倍数 ×3，再运行两天' },
        watch: { ms: 2 * DAY, speed: 10_000 },
        expect: { en: 'Now a disk fails every 5–6 hours: about eight more in two days.', zh: '现在每 5–6 小时坏一块：两天里又坏大约八块。' },
        check: (f) => f.t >= 5 * DAY && c(f, 'diskFailures') >= 5,
      },
      {
        title: { en: 'Yet nothing is lost', zh: '但数据一点没丢' },
        say: {
          en: 'Every chunk has three copies on three racks; when a disk dies the master copies its chunks again from the survivors, within minutes. Failure is normal; data loss is not.',
          zh: '每个数据块在三个机架上各有一份副本；一块盘坏了，Master 会在几分钟内从幸存的副本再复制一份。故障是常态，丢数据不是。',
        },
        view: 'storage',
        expect: { en: 'Lost chunks: 0, and the cluster is back at full redundancy.', zh: '丢失的数据块：0，集群恢复到完整冗余。' },
        check: (f) => f.storage.lost === 0 && c(f, 'diskFailures') > 0 && f.storage.underReplicated === 0,
      },
    ],
  },
  {
    id: 'placement',
    mechanisms: ['P3', 'F5'],
    title: { en: '2 · Where do the copies go?', zh: '2 · 副本放在哪里？' },
    summary: {
      en: 'Rack-aware, random and copyset placement against a power outage that takes 1 % of servers for good.',
      zh: '机架感知、随机和 copyset 三种放置，面对一次带走 1% 服务器的断电。',
    },
    scenario: scenario('lesson-placement', QUIET),
    steps: [
      {
        title: { en: 'Three copies, three racks', zh: '三份副本，三个机架' },
        say: {
          en: 'Pangu puts the copies of each chunk on different servers and different racks, so no single server, switch or rack power failure makes data unreachable. Open the storage view, pick a chunk and see its three racks.',
          zh: '盘古把每个数据块的副本放在不同的服务器、不同的机架上，因此任何一台服务器、一个交换机或一个机架断电，都不会让数据无法访问。打开存储视图，选一个数据块，看它的三个机架。',
        },
        view: 'storage',
        expect: { en: 'Every chunk is fully replicated; nothing is lost.', zh: '所有数据块副本齐全，没有丢失。' },
        check: (f) => f.storage.lost === 0 && f.storage.underReplicated === 0,
      },
      {
        title: { en: 'Rack power out: nothing unreachable', zh: '机架断电：数据依然可访问' },
        say: {
          en: 'Cut the power of rack 17. Its 40 servers hold about 24,000 chunk copies — but every one of those chunks has two more copies on other racks.',
          zh: '切断 17 号机架的电。它的 40 台服务器上有约 24,000 份副本——但这些数据块在其他机架上都还各有两份。',
        },
        act: [{ action: 'rack-power-off', args: { rack: 17 } }],
        tryLabel: { en: 'Cut rack 17', zh: '切断 17 号机架' },
        watch: { ms: 2 * MIN, speed: 60 },
        expect: { en: 'No chunk becomes unavailable and none is lost.', zh: '没有数据块变得不可访问，也没有丢失。' },
        check: (f) => f.counts.powerOff >= 40 && f.storage.unavailable === 0 && f.storage.lost === 0,
      },
      {
        title: { en: '1 % of servers never come back', zh: '1% 的服务器再也回不来' },
        say: {
          en: 'After a real power outage about 1 % of servers do not come back (Copysets, 2013). With 50 of 5,000 servers gone for good, a chunk is lost if all three of its copies were among them: q = C(50,3) ÷ C(5,000,3) ≈ 1 in a million per chunk — so about one of our million chunks. The storage view shows the formula beside the run.',
          zh: '真实的断电之后，约有 1% 的服务器起不来（Copysets，2013）。5,000 台里永久失去 50 台，一个数据块只有三份副本都在这 50 台上才会丢：q = C(50,3) ÷ C(5000,3) ≈ 百万分之一——所以一百万个数据块里大约丢一个。存储视图把公式和实际运行并排显示。',
        },
        view: 'storage',
        act: [{ action: 'fail-random-nodes', args: { count: 50 } }],
        tryLabel: { en: 'Destroy 50 random servers', zh: '永久损坏随机 50 台服务器' },
        watch: { ms: 10 * MIN, speed: 600 },
        expect: {
          en: 'Zero to a few chunks lost — the formula expects about one. Switch to copyset placement and the chance of losing anything drops below 1 %, but a loss, when it comes, is larger.',
          zh: '丢失零到几个数据块——公式预计约一个。换成 copyset 放置，丢数据的概率降到 1% 以下，但一旦丢，丢得更多。',
        },
        check: (f) => f.counts.gone === 50 && f.storage.lost <= 10,
      },
    ],
  },
  {
    id: 'rack-dark',
    mechanisms: ['P1', 'P3', 'S2', 'F4'],
    title: { en: '3 · A rack goes dark', zh: '3 · 一个机架断电' },
    summary: {
      en: 'Detection, re-replication and the time to full redundancy after a rack loses power.',
      zh: '机架断电之后：故障检测、重新复制、恢复完整冗余所需的时间。',
    },
    scenario: scenario('lesson-rack-dark'),
    steps: [
      {
        title: { en: 'Cut the power', zh: '切断电源' },
        say: {
          en: 'Cut rack 17. The 40 servers are off at once (the fill turns grey) — but the master only knows what heartbeats tell it. For now it still believes them alive.',
          zh: '切断 17 号机架。40 台服务器立刻断电（颜色变灰）——但 Master 只能通过心跳知道发生了什么，此刻它仍然以为它们活着。',
        },
        view: 'racks',
        act: [{ action: 'rack-power-off', args: { rack: 17 } }],
        tryLabel: { en: 'Cut rack 17', zh: '切断 17 号机架' },
        watch: { ms: 20_000, speed: 10 },
        expect: { en: 'Truth: 40 servers off. Belief: suspect, not yet dead.', zh: '真相：40 台断电。Master 的判断：可疑，还没判死。' },
        check: (f) => f.counts.powerOff >= 40 && f.counts.believedDead < 40,
      },
      {
        title: { en: 'Declared dead', zh: '判定死亡' },
        say: {
          en: 'After 60 s of silence the master declares the servers dead, and only then starts copying their chunks again from the copies on other racks. Waiting avoids copying terabytes for a server that is merely rebooting.',
          zh: '静默 60 秒后，Master 判定这些服务器死亡，然后才开始从其他机架上的副本重新复制它们的数据。等待是为了避免为一台只是在重启的服务器复制几个 TB 的数据。',
        },
        watch: { ms: 60_000, speed: 10 },
        expect: { en: '40 servers believed dead; about 24,000 chunks under-replicated.', zh: '40 台被判定死亡；约 24,000 个数据块副本不足。' },
        check: (f) => f.counts.believedDead >= 40 && f.storage.underReplicated > 1000,
      },
      {
        title: { en: 'Re-replication', zh: '重新复制' },
        say: {
          en: 'Copies flow over server NICs, the rack uplinks and the core, throttled so clients keep most of the bandwidth. Watch the under-replicated count fall in the storage view.',
          zh: '副本数据经过服务器网卡、机架上行链路和核心网络传输，并且限速，让客户端保留大部分带宽。在存储视图里看副本不足的数量下降。',
        },
        view: 'storage',
        watch: { ms: 3 * HOUR, speed: 3600 },
        expect: { en: 'Back at full redundancy within a few hours, with nothing lost.', zh: '几个小时内恢复完整冗余，没有丢任何数据。' },
        check: (f) => f.storage.underReplicated === 0 && f.storage.lost === 0 && f.storage.lastTimeToFullRedundancyMs > 0,
      },
      {
        title: { en: 'Power back', zh: '恢复供电' },
        say: {
          en: 'Restore the power. The servers boot and rejoin; their old copies are now extra and are trimmed.',
          zh: '恢复供电。服务器启动并重新加入；它们身上的旧副本已成为多余，会被删减。',
        },
        view: 'racks',
        act: [{ action: 'rack-power-on', args: { rack: 17 } }],
        tryLabel: { en: 'Restore rack 17', zh: '恢复 17 号机架' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: { en: 'All 40 servers up and believed alive again.', zh: '40 台服务器全部恢复，Master 也认为它们活着。' },
        check: (f) => f.counts.powerOff === 0 && f.counts.believedDead < 10,
      },
    ],
  },
  {
    id: 'corruption',
    mechanisms: ['F7', 'R1'],
    title: { en: '5 · One bad bit', zh: '5 · 一个坏掉的比特' },
    summary: {
      en: 'The S3 outage of 2008: corrupted failure-detector state spreads by gossip with no hardware fault at all.',
      zh: '2008 年 S3 故障：损坏的故障检测状态通过 gossip 传播，而硬件完全没有故障。',
    },
    scenario: scenario('lesson-corruption', QUIET),
    steps: [
      {
        title: { en: 'One corrupted message', zh: '一条损坏的消息' },
        say: {
          en: 'Servers exchange their view of who is alive by gossip. On 20 July 2008 one bit in such a message was flipped, and the messages had no checksum. Corrupt the state of one server.',
          zh: '服务器之间通过 gossip 交换“谁还活着”的信息。2008 年 7 月 20 日，其中一条消息里有一个比特翻转了，而消息没有校验和。损坏一台服务器的状态。',
        },
        view: 'racks',
        act: [{ action: 'detector-corruption', args: { node: 1234 } }],
        tryLabel: { en: 'Corrupt server #1234', zh: '损坏 #1234 号服务器的状态' },
        watch: { ms: 2 * MIN, speed: 10 },
        expect: { en: 'It spreads: every server that gossips with a corrupted one is corrupted too.', zh: '它在传播：每台和已损坏服务器 gossip 的服务器也被损坏。' },
        check: (f) => f.counts.corrupted > 4,
      },
      {
        title: { en: 'The whole cluster', zh: '整个集群' },
        say: {
          en: 'Keep watching. The master cannot use a corrupted server’s reports and, in time, declares it dead — though every server is really up. No disk failed, no power went out.',
          zh: '继续观察。Master 无法使用已损坏服务器的报告，一段时间后把它判定为死亡——尽管每台服务器其实都在运行。没有坏盘，也没有断电。',
        },
        watch: { ms: 15 * MIN, speed: 60 },
        expect: { en: 'Thousands of healthy servers falsely declared dead.', zh: '几千台健康的服务器被误判死亡。' },
        check: (f) => f.counts.corrupted > 2500 && f.counts.falselyDead > 1000 && f.counts.up > 4900,
      },
      {
        title: { en: 'Stop and clear', zh: '停止并清除' },
        say: {
          en: 'S3’s engineers fixed it by stopping all server-to-server traffic and clearing the state; the service was back about eight hours after it began. Clear it here.',
          zh: 'S3 的工程师停止了所有服务器之间的通信并清除状态，服务在故障开始约八小时后恢复。在这里清除它。',
        },
        act: [{ action: 'detector-clear' }],
        tryLabel: { en: 'Clear the corrupted state', zh: '清除损坏的状态' },
        watch: { ms: 2 * MIN, speed: 10 },
        expect: { en: 'The master hears everyone again; nothing believed dead.', zh: 'Master 又能收到所有心跳；没有服务器被判定死亡。' },
        check: (f) => f.counts.corrupted === 0 && f.counts.believedDead < 20,
      },
    ],
  },
  {
    id: 'slow',
    mechanisms: ['S3', 'P6', 'R3'],
    title: { en: '6 · The slow disk and the slow server', zh: '6 · 慢盘与慢机器' },
    summary: {
      en: 'Soft faults: found from their symptoms, isolated, and never more than 1 % of disks at once.',
      zh: '软故障：从现象中发现、隔离，并且自动下线的盘永远不超过 1%。',
    },
    scenario: scenario('lesson-slow'),
    steps: [
      {
        title: { en: 'A server at a tenth of its speed', zh: '速度只有十分之一的服务器' },
        say: {
          en: 'Input is split evenly, so every instance of a job should take about as long. Fuxi marks a server slow for a job when its instance takes over 3× the job’s mean; slow for several jobs, the server goes on the blacklist. Slow 1 % of the servers ×10.',
          zh: '输入被平均切分，所以一个作业的每个实例耗时应该差不多。某台服务器上的实例耗时超过作业平均值的 3 倍，伏羲就认为它对这个作业“慢”；对多个作业都慢，就拉进黑名单。让 1% 的服务器慢 10 倍。',
        },
        view: 'scheduler',
        act: [{ action: 'slow-random-nodes', args: { fraction: 0.01, factor: 10 } }],
        tryLabel: { en: 'Slow 50 servers ×10', zh: '让 50 台服务器慢 10 倍' },
        watch: { ms: 2 * HOUR, speed: 600 },
        expect: { en: 'Most of the 50 are blacklisted; no healthy server is.', zh: '这 50 台大多进了黑名单；健康的服务器一台也没有。' },
        check: (f) => f.scheduler.counts.blacklisted >= 30 && f.scheduler.counts.falselyBlacklisted === 0,
      },
      {
        title: { en: 'Slow disks', zh: '慢盘' },
        say: {
          en: 'Pangu times every disk access. A disk with a large share of accesses far above the cluster mean is suspect: no new data, extra copies of its chunks, then offline for repair. Slow 5 % of all disks ×10 — far more than the 1 % the guard lets go offline at once.',
          zh: '盘古记录每次磁盘访问的耗时。一块盘如果有很大比例的访问远高于集群平均，就被怀疑：不再写入新数据，为它上面的数据增加副本，然后下线维修。让全部磁盘中的 5% 慢 10 倍——远超保护机制一次允许下线的 1%。',
        },
        view: 'storage',
        act: [{ action: 'slow-random-disks', args: { fraction: 0.05, factor: 10 } }],
        tryLabel: { en: 'Slow 3,000 disks ×10', zh: '让 3,000 块盘慢 10 倍' },
        watch: { ms: 2 * HOUR, speed: 600 },
        expect: { en: 'Thousands suspected, but never more than 600 disks (1 %) offline at once.', zh: '几千块盘被怀疑，但同时下线的永远不超过 600 块（1%）。' },
        check: (f) => f.storage.suspectDisks + f.storage.offlineDisks > 600 && f.storage.offlineDisks <= 600,
      },
    ],
  },
  {
    id: 'dc-drill',
    mechanisms: ['F4', 'C1'],
    title: { en: '8 · Whole-datacenter power-off drill', zh: '8 · 整个机房断电演练' },
    summary: {
      en: 'The drill the team ran for real: the whole machine room loses power; recovery took about 3 hours with no data lost.',
      zh: '团队真实做过的演练：整个机房断电；恢复用了约 3 小时，没有丢数据。',
    },
    scenario: scenario('lesson-dc-drill', QUIET),
    steps: [
      {
        title: { en: 'Lights out', zh: '全部断电' },
        say: {
          en: 'Cut the power of the whole machine room. Every server stops; the disks keep their data.',
          zh: '切断整个机房的电源。所有服务器停机；硬盘上的数据还在。',
        },
        view: 'racks',
        act: [{ action: 'dc-power-off' }],
        tryLabel: { en: 'Cut the datacenter', zh: '切断机房电源' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: { en: 'All 5,000 servers off.', zh: '5,000 台服务器全部断电。' },
        check: (f) => f.counts.powerOff === f.nodes,
      },
      {
        title: { en: 'Power back, feed by feed', zh: '逐路恢复供电' },
        say: {
          en: 'Power returns feed by feed, to avoid the inrush of 5,000 power supplies at once; servers boot; a few do not survive the power cycle. Recovery is bounded: with this many servers down at once, automatic re-replication stands back instead of copying everything.',
          zh: '逐路恢复供电，避免 5,000 个电源同时上电的冲击电流；服务器启动；少数服务器没能挺过这次断电重启。恢复是有节制的：这么多服务器同时宕机时，自动重新复制会暂停，而不是去复制所有数据。',
        },
        act: [{ action: 'dc-power-on' }],
        tryLabel: { en: 'Restore power', zh: '恢复供电' },
        watch: { ms: 4 * HOUR, speed: 3600 },
        expect: { en: 'Within a few hours nearly every server is back, and no data is lost.', zh: '几个小时内几乎所有服务器恢复，没有丢数据。' },
        check: (f) => f.counts.up >= f.nodes * 0.98 && f.storage.lost === 0,
      },
    ],
  },
  {
    id: 'file-flood',
    mechanisms: ['P7'],
    title: { en: '9 · 30 million files', zh: '9 · 三千万个文件' },
    summary: {
      en: 'A misused test job created 30 million files and slowed the whole cluster. The master must protect itself.',
      zh: '一个误用的测试作业创建了三千万个文件，拖慢了整个集群。Master 必须自我保护。',
    },
    scenario: scenario('lesson-file-flood', { ...QUIET, 'master.protection': false }),
    steps: [
      {
        title: { en: 'No protection', zh: '没有保护' },
        say: {
          en: 'Start the flood against a master with no protection. Watch the master’s latency for every user, not just the flooder.',
          zh: '对没有保护的 Master 发起文件洪水。看所有用户的 Master 延迟，而不只是发起者的。',
        },
        view: 'ops',
        act: [{ action: 'file-flood', args: { files: 30_000_000 } }],
        tryLabel: { en: 'Flood: 30 million files', zh: '洪水：三千万个文件' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: { en: 'Master p99 latency climbs past a second: the whole cluster slows.', zh: 'Master 的 p99 延迟超过一秒：整个集群变慢。' },
        check: (f) => f.ops.masterP99Ms > 1000,
      },
      {
        title: { en: 'With quotas and admission control', zh: '有配额和准入控制' },
        say: {
          en: 'Now switch protection on: per-user quotas, per-user rate limits and admission control refuse or slow the flood, and everyone else is served as before.',
          zh: '现在打开保护：每用户配额、每用户限速和准入控制会拒绝或减缓洪水，其他用户照常得到服务。',
        },
        act: [{ action: 'set', args: { path: 'master.protection', value: 'true' } }],
        tryLabel: { en: 'Switch protection on', zh: '打开保护' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: { en: 'Latency falls back to milliseconds; the flooder is refused.', zh: '延迟回落到毫秒级；洪水被拒绝。' },
        check: (f) => f.ops.masterP99Ms < 100,
      },
    ],
  },
  {
    id: 'deploy',
    mechanisms: ['O1'],
    title: { en: '10 · Deploying to 5,000 servers', zh: '10 · 给 5,000 台服务器发布' },
    summary: {
      en: 'From 4–5 hours of cold upgrade to 20–30 minutes of service stop: peer-to-peer transfer with rate control.',
      zh: '从 4–5 小时的冷升级到 20–30 分钟的停服：带限速的点对点传输。',
    },
    scenario: scenario('lesson-deploy', QUIET),
    steps: [
      {
        title: { en: 'The Dayu way', zh: '大禹的方式' },
        say: {
          en: 'Copy the new version to every server peer to peer, with a rate limit on every link, while the service keeps running; then stop, switch versions and start. Only the switch stops the service.',
          zh: '在服务继续运行的同时，用点对点方式把新版本复制到每台服务器，每条链路都限速；然后停服、切换版本、启动。只有切换这一步需要停服。',
        },
        view: 'deploy',
        act: [{ action: 'deploy-start', args: { method: 'p2p', mode: 'cold' } }],
        tryLabel: { en: 'Deploy peer to peer', zh: '点对点发布' },
        watch: { ms: 1 * HOUR, speed: 600 },
        expect: { en: 'Done in well under an hour; the service stopped for 20–30 minutes.', zh: '一小时内完成；服务只停了 20–30 分钟。' },
        check: (f) => c(f, 'deployments') >= 1 && f.ops.deployPhase === 'idle',
      },
    ],
  },
];

export function lessonById(id: string | null | undefined): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
