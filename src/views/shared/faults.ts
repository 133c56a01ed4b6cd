/**
 * Issue 4's fault catalogue as the page offers it: every perturbation's name in both
 * languages (for the timeline), the opposite action that undoes a recorded entry, and
 * the menu words the rack view and the toolbar add. Pure; the audit is docs/faults.md.
 */
import { makeTr, plural, registerPhrases, type Lang, type Phrase } from '../../lib/i18n';
import { ACTIONS, type ActionArgs, type TimelineEntry } from '../../../worker/scenario/actions';

/** Short names of actions, [en, zh]. */
const NAMES: Record<string, [string, string]> = {
  'node-crash': ['server crash', '服务器宕机'],
  'node-restart': ['server restart', '服务器重启'],
  'node-slow': ['server slow', '服务器变慢'],
  'rack-power-off': ['rack power off', '机架断电'],
  'rack-power-on': ['rack power on', '机架通电'],
  'tor-down': ['ToR switch down', '机架交换机故障'],
  'tor-up': ['ToR switch up', '机架交换机恢复'],
  'power-domain-off': ['power feed off', '供电回路断电'],
  'power-domain-on': ['power feed on', '供电回路恢复'],
  'network-flaky': ['flaky network', '网络不稳定'],
  'network-stable': ['network stable', '网络恢复稳定'],
  'detector-corruption': ['detector corruption', '故障检测状态损坏'],
  'detector-clear': ['detector state cleared', '清除损坏的检测状态'],
  'network-maintenance': ['network maintenance (→ backup)', '网络维护（切到备用）'],
  'network-restore': ['primary network restored', '恢复主网络'],
  'dc-power-off': ['datacenter power off', '机房断电'],
  'dc-power-on': ['datacenter power on', '机房恢复供电'],
  'fail-random-nodes': ['random servers fail for good', '随机服务器永久损坏'],
  'slow-random-nodes': ['random servers slow', '随机服务器变慢'],
  'heal-slow-nodes': ['slow servers healed', '慢服务器恢复'],
  'disk-fail': ['disk fail', '磁盘损坏'],
  'disk-slow': ['disk slow', '磁盘变慢'],
  'slow-random-disks': ['random disks slow', '随机磁盘变慢'],
  'heal-slow-disks': ['slow disks healed', '慢磁盘恢复'],
  'master-fail': ['file-system master failure', '文件系统 Master 故障'],
  'recovery-resume': ['recovery resumed', '恢复自动复制'],
  'system-disk-fail': ['system disk fail', '系统盘损坏'],
  'scheduler-master-fail': ['scheduler master failure', '调度 Master 故障'],
  'file-flood': ['file flood', '文件洪水'],
  'deploy-start': ['deployment', '发布'],
  'deploy-rollback': ['rollback', '回滚'],
  set: ['parameter', '参数'],
};

/** An action's short name in a language (the action id itself when unknown). */
export function actionName(lang: Lang, action: string): string {
  const n = NAMES[action];
  return n ? n[lang === 'zh' ? 1 : 0] : action;
}

/** The target of an entry as a short text: "#12", "R3", "disk 40", "feed 2", "1 %", "path = v". */
export function entryTarget(e: { action: string; args: ActionArgs }): string {
  const a = e.args;
  if (e.action === 'set') return `${a.path} = ${a.value}`;
  const parts: string[] = [];
  if (a.node !== undefined) parts.push(`#${a.node}`);
  if (a.rack !== undefined) parts.push(`R${a.rack}`);
  if (a.disk !== undefined) parts.push(`disk ${a.disk}`);
  if (a.domain !== undefined) parts.push(`feed ${a.domain}`);
  if (a.count !== undefined) parts.push(`${a.count}`);
  if (a.fraction !== undefined) parts.push(`${Math.round(Number(a.fraction) * 1000) / 10} %`);
  if (a.loss !== undefined) parts.push(`${Math.round(Number(a.loss) * 100)} % loss`);
  if (a.factor !== undefined) parts.push(`×${a.factor}`);
  return parts.join(' ');
}

/**
 * The perturbation that undoes a recorded one, with the same target, or null when
 * nothing can (a failed disk's data is gone: Huatuo replaces the disk; servers failed
 * for good never return; a master failure ends by itself with the standby).
 */
export function undoOf(e: { action: string; args: ActionArgs }): { action: string; args: ActionArgs } | null {
  if (e.action === 'disk-slow')
    return Number(e.args.factor ?? 10) > 1 && e.args.disk !== undefined ? { action: 'disk-slow', args: { disk: e.args.disk, factor: 1 } } : null;
  const inv = ACTIONS[e.action]?.inverse;
  if (!inv || !ACTIONS[inv] || e.action === 'deploy-start' || e.action === 'deploy-rollback') return null;
  const args: ActionArgs = {};
  for (const k of Object.keys(ACTIONS[inv].args))
    if (e.args[k] !== undefined && (k === 'node' || k === 'rack' || k === 'disk' || k === 'domain')) args[k] = e.args[k];
  // undoing an "on" that had no "off" before would be odd but harmless; undoing a heal re-breaks the default share
  return { action: inv, args };
}

/** Whether an entry is itself the undo of an earlier one (so the list shows no undo for it). */
export function isRestoring(action: string): boolean {
  return [
    'node-restart',
    'rack-power-on',
    'tor-up',
    'power-domain-on',
    'network-stable',
    'detector-clear',
    'network-restore',
    'dc-power-on',
    'heal-slow-nodes',
    'heal-slow-disks',
    'recovery-resume',
  ].includes(action);
}

/** Whether entry i of a newest-first list was already undone by a later entry (its opposite on the same target). */
export function isUndone(rows: { action: string; args: ActionArgs }[], i: number): boolean {
  const u = undoOf(rows[i]);
  if (!u) return false;
  const key = JSON.stringify(u.args);
  for (let j = 0; j < i; j++)
    if (
      rows[j].action === u.action &&
      JSON.stringify(
        Object.fromEntries(Object.entries(rows[j].args).filter(([k]) => k in u.args || (u.action === 'disk-slow' && k === 'factor'))),
      ) === key
    )
      return true;
  return false;
}

/** Timeline entries that are perturbations (parameter changes are listed too). */
export function timelineRows(timeline: TimelineEntry[], now: number, max = 200): TimelineEntry[] {
  const past = timeline.filter((e) => e.t <= now);
  return past.slice(-max).reverse();
}

const en = {
  timeline: 'Timeline',
  nActions: '{n} action{s}',
  noActions: 'No action yet: click a server or a rack label, or use the buttons above.',
  undo: 'Undo',
  undone: 'undone',
  moreFaults: 'More faults: master, detector, slow servers and disks',
  undoTitle: 'Apply the opposite: {a}',
  later: 'scheduled',
  masterFail: 'File-system master failure',
  clearDetector: 'Clear corrupted detector state',
  corruptedNow: '{n} corrupted',
  slowPct: 'Share',
  slowServers: 'Slow {p} % of servers ×10',
  slowDisks: 'Slow {p} % of disks ×10',
  healServers: 'Heal slow servers',
  healDisks: 'Heal slow disks',
  diskFail: 'Fail disk {d}',
  diskSlow: 'Slow disk {d} ×10',
  diskHeal: 'Heal slow disks of this server',
  sysDisk: 'Fail its system disk',
  corrupt: 'Corrupt its detector state',
  flaky: 'Flaky network (30 % loss)',
  stable: 'Network stable',
  feedOff: 'Cut power feed {d}',
  feedOn: 'Restore power feed {d}',
  noPowerFeed: 'No power: feed {d} is cut',
  noPowerDc: 'No power: the machine room is off',
  flakyNow: 'flaky network',
  serverSub: 'Server',
  diskSub: 'Disks',
  rackSub: 'Rack',
};
type K = keyof typeof en;
const zh: Record<K, string> = {
  timeline: '时间线',
  nActions: '{n} 个操作',
  noActions: '还没有操作：点击服务器或机架标签，或用上面的按钮。',
  undo: '撤销',
  undone: '已撤销',
  moreFaults: '更多故障：Master、故障检测、慢服务器与慢磁盘',
  undoTitle: '执行相反操作：{a}',
  later: '计划中',
  masterFail: '文件系统 Master 故障',
  clearDetector: '清除损坏的检测状态',
  corruptedNow: '{n} 台已损坏',
  slowPct: '比例',
  slowServers: '让 {p}% 的服务器变慢 ×10',
  slowDisks: '让 {p}% 的磁盘变慢 ×10',
  healServers: '慢服务器恢复',
  healDisks: '慢磁盘恢复',
  diskFail: '弄坏磁盘 {d}',
  diskSlow: '让磁盘 {d} 变慢 ×10',
  diskHeal: '恢复这台服务器的慢磁盘',
  sysDisk: '弄坏它的系统盘',
  corrupt: '破坏它的故障检测状态',
  flaky: '网络不稳定（丢包 30%）',
  stable: '网络恢复稳定',
  feedOff: '切断供电回路 {d}',
  feedOn: '恢复供电回路 {d}',
  noPowerFeed: '无电：供电回路 {d} 已切断',
  noPowerDc: '无电：机房已断电',
  flakyNow: '网络不稳定',
  serverSub: '服务器',
  diskSub: '磁盘',
  rackSub: '机架',
};
export const ft = makeTr<K>({ en, zh });

const phrasesEn: Record<string, Phrase> = {
  'nodes.healed': (e) => `${e.v} slow ${plural(e.v, 'server')} back to full speed`,
  'disks.healed': (e) => `${e.v} slow ${plural(e.v, 'disk')} back to full speed`,
};
const phrasesZh: Record<string, Phrase> = {
  'nodes.healed': (e) => `${e.v} 台慢服务器恢复全速`,
  'disks.healed': (e) => `${e.v} 块慢磁盘恢复全速`,
};
registerPhrases({ en: phrasesEn, zh: phrasesZh });
