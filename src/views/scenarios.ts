/**
 * The Scenarios menu's contents: every preset (worker/scenario/presets.ts) under a
 * mechanism heading, with a short bilingual title and the view it is best watched in.
 * The preset's own description (English, from the engine) is the longer text.
 */
import { PRESETS } from '../../worker/scenario/presets';
import type { Lang } from '../lib/i18n';
import { withKeys } from '../lib/link';

type T = Record<Lang, string>;
interface Known {
  group: string;
  title: T;
  view: string;
}

export const GROUPS: Record<string, T> = {
  cluster: { en: 'Everyday cluster', zh: '日常集群' },
  faults: { en: 'Drills and correlated failures', zh: '演练与关联故障' },
  storm: { en: 'Mirror storm and guarded recovery', zh: '镜像风暴与受控恢复' },
  storage: { en: 'Replicas and repair', zh: '副本与修复' },
  writes: { en: 'The write path', zh: '写入路径' },
  ops: { en: 'Operations', zh: '运维' },
};

const KNOWN: Record<string, Known> = {
  default: { group: 'cluster', title: { en: 'The whole cluster, an ordinary day', zh: '整个集群的普通一天' }, view: 'racks' },
  'rack-drill': { group: 'faults', title: { en: 'Rack power drill', zh: '机架断电演练' }, view: 'racks' },
  'network-maintenance': {
    group: 'storm',
    title: { en: 'Network maintenance onto the backup network', zh: '网络维护：流量切到备用网络' },
    view: 'storm',
  },
  'dc-drill': { group: 'faults', title: { en: 'Machine-room power drill', zh: '机房断电演练' }, view: 'racks' },
  'tor-failure': { group: 'faults', title: { en: 'A top-of-rack switch fails', zh: '机架交换机故障' }, view: 'racks' },
  'power-outage-1pct': {
    group: 'storage',
    title: { en: '1 % of servers never come back: placement', zh: '1% 服务器永不恢复：副本放置' },
    view: 'storage',
  },
  'deploy-cold-single': { group: 'ops', title: { en: 'Deploy the old way: cold, one source', zh: '旧式发布：停服、单源' }, view: 'deploy' },
  'deploy-p2p': { group: 'ops', title: { en: 'Deploy with Dayu: peer to peer', zh: '大禹发布：点对点传输' }, view: 'deploy' },
  'deploy-rolling': { group: 'ops', title: { en: 'Rolling upgrade, five racks at a time', zh: '滚动升级，每次五个机架' }, view: 'deploy' },
  'file-flood': { group: 'ops', title: { en: '30 million files, master unprotected', zh: '三千万文件，Master 无保护' }, view: 'ops' },
  'file-flood-protected': { group: 'ops', title: { en: '30 million files, master protected', zh: '三千万文件，Master 有保护' }, view: 'ops' },
  'redo-log-rack-power': {
    group: 'writes',
    title: { en: 'Redo log, isolated; a rack loses power', zh: '内存日志（隔离）；机架断电' },
    view: 'writes',
  },
  'redo-log-no-isolation': {
    group: 'writes',
    title: { en: 'Redo log, not isolated; a rack loses power', zh: '内存日志（不隔离）；机架断电' },
    view: 'writes',
  },
  'redo-log-dc-power': { group: 'writes', title: { en: 'Redo log; the machine room loses power', zh: '内存日志；整个机房断电' }, view: 'writes' },
  'redo-log-slow-disks': {
    group: 'writes',
    title: { en: 'Redo log over slow disks: 30 s flush deadline', zh: '慢盘上的内存日志：30 秒落盘期限' },
    view: 'writes',
  },
  'pipeline-vs-redo': { group: 'writes', title: { en: 'Pipeline write vs in-memory redo log', zh: '流水线写 vs 内存日志' }, view: 'writes' },
  'mirror-storm': {
    group: 'storm',
    title: { en: 'EC2 2011 mirror storm, naive recovery (day)', zh: 'EC2 2011 镜像风暴，简单恢复（白天）' },
    view: 'storm',
  },
  'mirror-storm-guarded': { group: 'storm', title: { en: 'The same day, guarded recovery', zh: '同一天，受控恢复' }, view: 'storm' },
  'mirror-storm-night': { group: 'storm', title: { en: 'Mirror storm at night, naive recovery', zh: '夜间镜像风暴，简单恢复' }, view: 'storm' },
  'mirror-storm-night-guarded': { group: 'storm', title: { en: 'The same night, guarded recovery', zh: '同一夜，受控恢复' }, view: 'storm' },
  'drill-network-devices': { group: 'faults', title: { en: 'Drill: three rack switches off', zh: '演练：关闭三个机架交换机' }, view: 'racks' },
  'drill-rack-power': { group: 'faults', title: { en: 'Drill: rack 17 loses power', zh: '演练：17 号机架断电' }, view: 'storage' },
  'drill-master-power': {
    group: 'faults',
    title: { en: 'Drill: the file-system master loses power', zh: '演练：文件系统 Master 断电' },
    view: 'storm',
  },
  'drill-dc-power': { group: 'faults', title: { en: 'Drill: the 5K machine-room power-off', zh: '演练：5K 整个机房断电' }, view: 'racks' },
  'repair-loop': { group: 'storage', title: { en: 'Huatuo: the disk repair loop', zh: '华佗：磁盘自动修复闭环' }, view: 'repair' },
};

export interface ScenarioItem {
  name: string;
  title: string;
  about: string;
  view: string;
}

/** The menu: groups in a fixed order, each with its presets; an unknown preset is listed under "Everyday cluster" by its name. */
export function scenarioMenu(lang: Lang): { group: string; label: string; items: ScenarioItem[] }[] {
  const out = Object.entries(GROUPS).map(([group, label]) => ({ group, label: label[lang], items: [] as ScenarioItem[] }));
  for (const p of PRESETS) {
    const k = KNOWN[p.name];
    const g = out.find((x) => x.group === (k?.group ?? 'cluster'))!;
    g.items.push({ name: p.name, title: k?.title[lang] ?? p.name, about: p.summary, view: k?.view ?? 'racks' });
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
