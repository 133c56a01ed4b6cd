/**
 * The Scenarios menu's contents: every preset (worker/scenario/presets.ts) under a
 * mechanism heading, with a short title and a sentence for the class in both languages,
 * what its timeline already schedules (so nobody applies it twice), and the view it is
 * best watched in. No spec codes or command lines: those stay in the preset's own summary
 * (the CLI's --list). Old names kept as aliases (PRESET_ALIASES) are not listed twice.
 */
import { PRESETS, type Preset } from '../../worker/scenario/presets';
import type { Lang } from '../lib/i18n';
import { withKeys } from '../lib/link';
import { formatDuration } from '../lib/format';
import { term } from '../lib/glossary';
import { actionName } from './shared/faults';

type T = Record<Lang, string>;
interface Known {
  group: string;
  title: T;
  /** what to watch, for the class */
  about: T;
  view: string;
  /** how long the story takes to play out (simulated ms), when it is worth saying */
  watch?: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

export const GROUPS: Record<string, T> = {
  cluster: { en: 'Everyday cluster', zh: '日常集群' },
  faults: { en: 'Drills and correlated failures', zh: '演练与关联故障' },
  storm: { en: 'Mirror storm and guarded recovery', zh: `${term('mirrorStorm', 'zh')}与受控恢复` },
  storage: { en: 'Replicas and repair', zh: '副本与修复' },
  writes: { en: 'The write path', zh: '写入路径' },
  ops: { en: 'Operations', zh: '运维' },
};

const NAIVE = term('naive', 'zh');
const REDO = term('redoLog', 'zh');

const KNOWN: Record<string, Known> = {
  default: {
    group: 'cluster',
    title: { en: 'The whole cluster, an ordinary day', zh: '整个集群的普通一天' },
    about: {
      en: '5,000 servers with their everyday work; now and then a server fails on its own.',
      zh: '5,000 台服务器照常工作，偶尔有服务器自己出故障。',
    },
    view: 'racks',
  },
  'network-maintenance': {
    group: 'storm',
    title: { en: 'Network maintenance onto the backup network', zh: '网络维护：流量切到备用网络' },
    about: {
      en: 'The change that set off the EC2 2011 outage: all traffic moves to a backup network built for a tenth of the load.',
      zh: '引发 EC2 2011 故障的那次变更：全部流量切到只按十分之一负载建设的备用网络。',
    },
    view: 'storm',
  },
  'tor-failure': {
    group: 'faults',
    title: { en: 'A top-of-rack switch fails', zh: '机架交换机故障' },
    about: {
      en: 'The rack’s servers keep running but nobody can reach them: are they dead?',
      zh: '机架上的服务器仍在运行，但谁也连不上它们：它们算死了吗？',
    },
    view: 'racks',
  },
  'power-outage-1pct': {
    group: 'storage',
    title: { en: '1 % of servers never come back: placement', zh: '1% 服务器永不恢复：副本放置' },
    about: {
      en: 'After a real power outage about 1 % of servers do not boot (Copysets, 2013). How many chunks lose all three replicas?',
      zh: '真实断电后约有 1% 的服务器起不来（Copysets，2013）。有多少数据块三份副本全丢？',
    },
    view: 'storage',
  },
  'deploy-cold-single': {
    group: 'ops',
    title: { en: 'Deploy the old way: cold, one source', zh: '旧式发布：停服、单源' },
    about: {
      en: 'The package goes from one server to all 5,000 while the service is stopped: 4–5 hours.',
      zh: '停服后从一台服务器把软件包发到全部 5,000 台：4–5 小时。',
    },
    view: 'deploy',
    watch: 6 * HOUR,
  },
  'deploy-p2p': {
    group: 'ops',
    title: { en: 'Deploy with Dayu: peer to peer', zh: '大禹发布：点对点传输' },
    about: {
      en: 'Dayu copies the new version between the servers while the service runs; the stop is only the switch.',
      zh: '大禹在服务运行时让服务器之间互相传送新版本，停服只剩切换的那一下。',
    },
    view: 'deploy',
    watch: HOUR,
  },
  'deploy-rolling': {
    group: 'ops',
    title: { en: 'Rolling upgrade, five racks at a time', zh: '滚动升级，每次五个机架' },
    about: { en: 'Five racks at a time: the service as a whole never stops.', zh: '每次升级五个机架：整个服务从不停止。' },
    view: 'deploy',
    watch: 3 * HOUR,
  },
  'file-flood': {
    group: 'ops',
    title: { en: '30 million files, master unprotected', zh: '三千万文件，Master 无自我保护' },
    about: {
      en: 'A misused job creates 30 million files (the 5K test incident): the master slows, and with it every user.',
      zh: '一个用错的作业创建三千万个文件（5,000 台测试中的真实事件）：Master 变慢，所有用户都跟着变慢。',
    },
    view: 'ops',
  },
  'file-flood-protected': {
    group: 'ops',
    title: { en: '30 million files, master protected', zh: '三千万文件，Master 开启自我保护' },
    about: {
      en: 'The same flood against per-user quotas, rate limits and admission control: refused and slowed, the other users unaffected.',
      zh: '同样的文件洪水，遇上按用户的配额、限速和准入控制：被拒绝、被放慢，其他用户不受影响。',
    },
    view: 'ops',
  },
  'redo-log-rack-power': {
    group: 'writes',
    title: { en: 'Redo log, isolated; a rack loses power', zh: `${REDO}（隔离）；机架断电` },
    about: {
      en: 'A write succeeds once it is in the memory of 3 servers on different racks and power feeds: does losing a rack lose a write?',
      zh: '写进三台不同机架、不同供电线路的服务器内存就算成功：断掉一个机架会丢写入吗？',
    },
    view: 'writes',
    watch: 30 * MIN,
  },
  'redo-log-no-isolation': {
    group: 'writes',
    title: { en: 'Redo log, not isolated; a rack loses power', zh: `${REDO}（不隔离）；机架断电` },
    about: {
      en: 'Fastest: the three memory copies stay on the client’s own rack — until that rack loses power.',
      zh: '最快：三份内存副本都在客户端自己的机架上——直到这个机架断电。',
    },
    view: 'writes',
    watch: 30 * MIN,
  },
  'redo-log-dc-power': {
    group: 'writes',
    title: { en: 'Redo log; the machine room loses power', zh: `${REDO}；整个机房断电` },
    about: {
      en: 'Every memory copy at once: the writes not yet on disk (under a second’s worth) are lost.',
      zh: '所有内存副本同时失去：还没写到磁盘的写入（不到一秒的量）丢失。',
    },
    view: 'writes',
    watch: 30 * MIN,
  },
  'redo-log-slow-disks': {
    group: 'writes',
    title: { en: 'Redo log over slow disks: 30 s flush deadline', zh: `慢盘上的${REDO}：30 秒落盘期限` },
    about: {
      en: 'Data in memory cannot reach a slow disk within 30 s: the master is told at once and copies it elsewhere.',
      zh: '内存里的数据 30 秒内写不到慢盘上：立即通知 Master，由它在别处补副本。',
    },
    view: 'writes',
    watch: 30 * MIN,
  },
  'pipeline-vs-redo': {
    group: 'writes',
    title: { en: 'Pipeline write vs in-memory redo log', zh: `流水线写与${REDO}对比` },
    about: {
      en: 'Pipeline writes wait for three disks — tens of milliseconds; the view sets beside them what the redo log would cost.',
      zh: '流水线写要等三块磁盘——几十毫秒；视图同时给出同样的写经过内存日志文件的代价。',
    },
    view: 'writes',
    watch: 30 * MIN,
  },
  'mirror-storm': {
    group: 'storm',
    title: { en: 'EC2 2011 mirror storm, naive recovery (day)', zh: `EC2 2011 ${term('mirrorStorm', 'zh')}，${NAIVE}恢复（白天）` },
    about: {
      en: 'Naive recovery copies whatever looks dead, at full speed: overload → lost heartbeats → healthy servers declared dead → more copying.',
      zh: `${NAIVE}恢复立刻全速复制一切看起来死掉的数据：过载 → 心跳丢失 → 健康服务器被判定死亡 → 更多复制。`,
    },
    view: 'storm',
    watch: 2 * HOUR,
  },
  'mirror-storm-guarded': {
    group: 'storm',
    title: { en: 'The same day, guarded recovery', zh: '同一天，受控恢复' },
    about: {
      en: 'Same day, same seed: the circuit breaker holds recovery while the cluster looks dead, and the storm never starts.',
      zh: '同一天、同一个随机种子：集群看起来大面积死亡时熔断器停住恢复，风暴没有发生。',
    },
    view: 'storm',
    watch: 2 * HOUR,
  },
  'mirror-storm-night': {
    group: 'storm',
    title: { en: 'Mirror storm at night, naive recovery', zh: `夜间${term('mirrorStorm', 'zh')}，${NAIVE}恢复` },
    about: {
      en: 'Light traffic, as at 00:47 that night: the backup network copes until naive recovery of the first false deaths tips it over.',
      zh: `客户端流量很小，和那天 00:47 一样：备用网络勉强撑住，直到对最早几次误判的${NAIVE}恢复把它压垮。`,
    },
    view: 'storm',
    watch: 2 * HOUR,
  },
  'mirror-storm-night-guarded': {
    group: 'storm',
    title: { en: 'The same night, guarded recovery', zh: '同一夜，受控恢复' },
    about: {
      en: 'Throttled copying, clients first, a circuit breaker: the storm does not start.',
      zh: '限速复制、客户端优先、熔断器：风暴没有发生。',
    },
    view: 'storm',
    watch: 2 * HOUR,
  },
  'drill-network-devices': {
    group: 'faults',
    title: { en: 'Drill: three rack switches off', zh: '演练：关闭三个机架交换机' },
    about: {
      en: 'The 5K project’s first drill: some network devices switched off. Who notices, and what gets copied?',
      zh: '5,000 台项目的第一类演练：关掉部分网络设备。谁会发现？哪些数据会被复制？',
    },
    view: 'racks',
    watch: 2 * HOUR,
  },
  'drill-rack-power': {
    group: 'faults',
    title: { en: 'Drill: rack 17 loses power', zh: '演练：17 号机架断电' },
    about: {
      en: 'A whole rack goes dark: its data is copied again elsewhere meanwhile, and the extra copies trimmed when it returns.',
      zh: '整个机架断电：期间它的数据在别处重新复制，机架回来后多出的副本被删掉。',
    },
    view: 'storage',
    watch: 3 * HOUR,
  },
  'drill-master-power': {
    group: 'faults',
    title: { en: 'Drill: the file-system master loses power', zh: '演练：文件系统 Master 断电' },
    about: {
      en: 'The standby master takes over and gives every server a grace period before judging it.',
      zh: '备用 Master 接管，并在判定之前给每台服务器一段宽限期。',
    },
    view: 'storm',
  },
  'drill-dc-power': {
    group: 'faults',
    title: { en: 'Drill: the whole machine room loses power', zh: '演练：整个机房断电' },
    about: {
      en: 'The 5K project’s big drill, masters included: staggered power-on, master restart and safe mode, then recovery of the servers that did not survive.',
      zh: '5,000 台项目的大演练，连 Master 一起断电：分批上电，Master 重启进入安全模式，再恢复没能起来的服务器。',
    },
    view: 'racks',
    watch: 6 * HOUR,
  },
  'repair-loop': {
    group: 'storage',
    title: { en: 'Huatuo: the disk repair loop', zh: '华佗：磁盘自动修复闭环' },
    about: {
      en: 'Huatuo finds failed and slow disks, takes them offline (at most 1 %), repairs or files tickets; staff swap disks every 6 hours.',
      zh: '华佗发现坏盘和慢盘，让它们下线（最多 1%），尝试修复或提交工单；运维每 6 小时批量换盘。',
    },
    view: 'repair',
    watch: 14 * HOUR,
  },
};

/** One scheduled moment: the actions of a preset's timeline at one time, grouped ("10 min: 24 × disk fail"). */
function targetOf(args: Record<string, unknown>): string {
  const parts: string[] = [];
  if (args.rack !== undefined) parts.push(`R${args.rack}`);
  if (args.node !== undefined) parts.push(`#${args.node}`);
  if (args.fraction !== undefined) parts.push(`${Math.round(Number(args.fraction) * 1000) / 10} %`);
  if (args.factor !== undefined) parts.push(`×${args.factor}`);
  return parts.join(' ');
}

/** A moment of the run: '10 min', '1 h 10 min' (zh '1 小时 10 分钟'). */
export function atTime(ms: number, lang: Lang): string {
  const h = Math.floor(ms / HOUR);
  const m = Math.round((ms - h * HOUR) / MIN);
  const [hu, mu] = lang === 'zh' ? ['小时', '分钟'] : ['h', 'min'];
  return [h ? `${h} ${hu}` : '', m || !h ? `${m} ${mu}` : ''].filter(Boolean).join(' ');
}

/** What a preset's timeline already schedules, in order: "10 min: rack power off R17 · 40 min: rack power on R17". Empty when nothing. */
export function scheduleText(p: Preset, lang: Lang): string {
  const groups: { t: number; action: string; targets: string[] }[] = [];
  for (const e of p.scenario.timeline) {
    const last = groups.find((g) => g.t === e.t && g.action === e.action);
    const target = targetOf(e.args as Record<string, unknown>);
    if (last) last.targets.push(target);
    else groups.push({ t: e.t, action: e.action, targets: [target] });
  }
  return groups
    .map((g) => {
      const ts = g.targets.filter(Boolean);
      const what = g.targets.length > 1 && ts.length === 0 ? `${g.targets.length} × ${actionName(lang, g.action)}` : actionName(lang, g.action);
      const on =
        ts.length > 3 ? `${ts.length} × ${actionName(lang, g.action)}` : [what, ts.join(lang === 'zh' ? '、' : ', ')].filter(Boolean).join(' ');
      return `${atTime(g.t, lang)}${lang === 'zh' ? '：' : ': '}${on}`;
    })
    .join(' · ');
}

export interface ScenarioItem {
  name: string;
  title: string;
  about: string;
  /** what the timeline already schedules ('' when nothing) */
  scheduled: string;
  /** how long it takes to play out ('' when not worth saying) */
  watch: string;
  view: string;
}

/** The menu: groups in a fixed order, each with its presets; an unknown preset is listed under "Everyday cluster" by its name. */
export function scenarioMenu(lang: Lang): { group: string; label: string; items: ScenarioItem[] }[] {
  const out = Object.entries(GROUPS).map(([group, label]) => ({ group, label: label[lang], items: [] as ScenarioItem[] }));
  for (const p of PRESETS) {
    const k = KNOWN[p.name];
    const g = out.find((x) => x.group === (k?.group ?? 'cluster'))!;
    g.items.push({
      name: p.name,
      title: k?.title[lang] ?? p.name,
      about: k?.about[lang] ?? p.summary,
      scheduled: scheduleText(p, lang),
      watch: k?.watch ? formatDuration(k.watch, lang) : '',
      view: k?.view ?? 'racks',
    });
  }
  return out.filter((g) => g.items.length > 0);
}

/** The link hash that opens a preset in a view, keeping the language. */
export function presetHash(name: string, view: string, lang: Lang): string {
  return withKeys('', { preset: name, view, lang }); // '#preset=…&view=…&lang=…' (src/lib/link.ts writes every address)
}

/** Presets the menu knows no title for (a test keeps this empty). */
export function untitledPresets(): string[] {
  return PRESETS.filter((p) => !KNOWN[p.name]).map((p) => p.name);
}
