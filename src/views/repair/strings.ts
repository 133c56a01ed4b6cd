/**
 * The repair-loop view's words (en/zh), and log phrases for the codes of issue 4's
 * engine that had none: the file-system master (master.*), Huatuo (huatuo.*), system
 * disks and the failure detector's corruption. Plain text only.
 */
import { makeTr, plural, registerPhrases, type Phrase } from '../../lib/i18n';
import type { LogEntry } from '../../../worker/contract';

const en = {
  title: 'Huatuo: the closed repair loop for disks',
  lead: 'A monitor polls every server, finds bad disks, takes them offline and tries to repair them. What it cannot repair gets a ticket; staff swap ticketed disks in batches — the only human step — and the new disk is found and added automatically.',
  off: 'Huatuo is switched off: bad disks stay out of service.',
  sService: 'In service',
  sDetected: 'Found bad',
  sRepair: 'Offline: repair try',
  sTicket: 'Repair ticket queue',
  sSwap: 'Staff swap in batches',
  sNew: 'New disk found and added',
  uService: 'disks serving data',
  uDetected: 'failed or offline, waiting for the monitor',
  uRepair: 'being checked, reformatted, remounted',
  uTicket: 'disks waiting for a person',
  uSwap: 'next visit in {t}',
  uSwapNone: 'staff visit every {t}',
  uNew: 'swapped, not yet found',
  aBack: 'repaired: back in service',
  aFail: 'repair failed',
  aSwapped: 'swapped',
  aAdded: 'added, empty',
  aFound: 'found',
  aTaken: 'taken offline',
  human: 'the only human step',
  suspectNote: '{n} more only suspected (slow?)',
  sysTitle: 'System disks (one per server)',
  sysFailed: 'System disk failed',
  sysFailedU: 'server down',
  sysTicket: 'Ticket',
  sysTicketU: 'servers waiting for a swap',
  sysReinstall: 'Reinstall + redeploy',
  sysReinstallU: 'servers being reinstalled',
  sysBack: 'boots, rejoins',
  totals: 'Whole run',
  tTickets: 'repair tickets filed',
  tReplaced: 'disks replaced by staff',
  tRepaired: 'repaired automatically',
  tSysFailed: 'system disks failed',
  chart: 'Tickets and replacements over time',
  cTickets: 'tickets filed',
  cReplaced: 'replaced by staff',
  cQueue: 'waiting (gap)',
  chartEmpty: 'No tickets yet. Break some disks and play at a high speed.',
  chartNote: 'The staircase is staff visiting in batches; the gap between the lines is the ticket queue.',
  queue: 'In the loop now',
  qDisk: 'disk',
  qServer: 'server',
  qRack: 'rack',
  qState: 'state',
  qEmpty: 'No disk is in the loop.',
  qMore: '… and {n} more',
  stRepairing: 'repairing',
  stTicket: 'ticket',
  stNew: 'new disk',
  stReinstalling: 'reinstalling',
  stSysTicket: 'system-disk ticket',
  controls: 'Try it',
  breakDisks: 'Slow 1 % of disks ×10',
  failDisk: 'Fail a random disk',
  failSys: 'Fail a random system disk',
  staffEvery: 'Staff visit every',
  hours: '{n} h',
} as const;

type K = keyof typeof en;

const zh: Record<K, string> = {
  title: '华佗：磁盘的闭环修复',
  lead: '监控程序轮询每台服务器，发现坏盘后将其下线并尝试修复。修不好的就开维修工单；运维人员分批更换工单上的磁盘——这是唯一的人工步骤——新盘被自动发现并加入。',
  off: '华佗已关闭：坏盘一直不能服务。',
  sService: '在线服务',
  sDetected: '发现坏盘',
  sRepair: '下线：尝试修复',
  sTicket: '维修工单队列',
  sSwap: '人工分批换盘',
  sNew: '新盘被发现并加入',
  uService: '块磁盘在提供数据',
  uDetected: '已损坏或已下线，等待监控发现',
  uRepair: '正在检查、格式化、重新挂载',
  uTicket: '块磁盘等待人工处理',
  uSwap: '下次换盘：{t} 后',
  uSwapNone: '每 {t} 换一次盘',
  uNew: '已换上，尚未被发现',
  aBack: '修复成功：重新上线',
  aFail: '修复失败',
  aSwapped: '已更换',
  aAdded: '空盘加入',
  aFound: '发现',
  aTaken: '下线',
  human: '唯一的人工步骤',
  suspectNote: '另有 {n} 块仅被怀疑（变慢？）',
  sysTitle: '系统盘（每台服务器一块）',
  sysFailed: '系统盘损坏',
  sysFailedU: '服务器宕机',
  sysTicket: '工单',
  sysTicketU: '台服务器等待换盘',
  sysReinstall: '重装系统 + 重新部署',
  sysReinstallU: '台服务器正在重装',
  sysBack: '启动，重新加入',
  totals: '整个运行',
  tTickets: '张维修工单',
  tReplaced: '块磁盘被人工更换',
  tRepaired: '块自动修复',
  tSysFailed: '块系统盘损坏',
  chart: '工单与换盘随时间变化',
  cTickets: '已开工单',
  cReplaced: '已人工更换',
  cQueue: '等待中（差值）',
  chartEmpty: '还没有工单。弄坏一些磁盘，然后用高速运行。',
  chartNote: '阶梯是运维人员分批换盘；两条线之间的差就是工单队列。',
  queue: '当前在修复环中',
  qDisk: '磁盘',
  qServer: '服务器',
  qRack: '机架',
  qState: '状态',
  qEmpty: '没有磁盘在修复环中。',
  qMore: '……还有 {n} 项',
  stRepairing: '修复中',
  stTicket: '工单',
  stNew: '新盘',
  stReinstalling: '重装中',
  stSysTicket: '系统盘工单',
  controls: '动手试试',
  breakDisks: '让 1% 的磁盘变慢 ×10',
  failDisk: '随机弄坏一块磁盘',
  failSys: '随机弄坏一块系统盘',
  staffEvery: '换盘间隔',
  hours: '{n} 小时',
};

export const t = makeTr({ en, zh });

const N = (e: LogEntry) => `#${e.node}`;
const RK = (e: LogEntry) => `R${e.rack}`;
const D = (e: LogEntry) => `${e.disk}`;
/** A simulated duration (ms) in words. */
function dur(ms: number | undefined, zh: boolean): string {
  const v = ms ?? 0;
  if (v < 60_000) return zh ? `${Math.round(v / 1000)} 秒` : `${Math.round(v / 1000)} s`;
  if (v < 3_600_000) return zh ? `${Math.round(v / 60_000)} 分钟` : `${Math.round(v / 60_000)} min`;
  const h = Math.round(v / 360_000) / 10;
  return zh ? `${h} 小时` : `${h} h`;
}

const phrasesEn: Record<string, Phrase> = {
  'master.failed': (e) => `File-system master lost power (drill); its standby takes over in ${dur(e.v, false)}`,
  'master.alreadyDown': () => 'The file-system master is already down; nothing to fail',
  'master.powerLost': () => 'The file-system master lost power with the machine room',
  'master.restarting': (e) => `Power is back: the file-system master restarts (${dur(e.v, false)})`,
  'master.safeMode': (e) => `File-system master back after ${dur(e.v, false)}, in safe mode: no re-replication until servers report their chunks`,
  'master.safeModeOff': (e) => `File-system master leaves safe mode after ${dur(e.v, false)}; recovery may start`,
  'master.failedOver': (e) => `Standby file-system master took over after ${dur(e.v, false)}; servers get a grace period`,
  'huatuo.repairStarted': (e) => `Huatuo found bad disk ${D(e)} on server ${N(e)} (rack ${RK(e)}), took it offline and tries to repair it`,
  'huatuo.repaired': (e) => `Huatuo repaired disk ${D(e)} on server ${N(e)}: back in service, empty`,
  'huatuo.ticket': (e) => `Repair of disk ${D(e)} on server ${N(e)} (rack ${RK(e)}) failed: repair ticket filed`,
  'huatuo.batchReplaced': (e) => `Staff visit: ${e.v} ticketed ${plural(e.v, 'disk')} swapped`,
  'huatuo.diskAdded': (e) => `Huatuo found the new disk ${D(e)} on server ${N(e)} and added it`,
  'huatuo.systemDiskTicket': (e) => `Server ${N(e)} (rack ${RK(e)}) needs a new system disk: ticket filed`,
  'huatuo.redeployed': (e) => `Server ${N(e)} reinstalled and redeployed after its system-disk swap; booting`,
  'node.systemDiskFailed': (e) => `System disk of server ${N(e)} (rack ${RK(e)}) failed: the server is down`,
  'detector.corrupted': (e) => `Failure-detector state on server ${N(e)} corrupted (S3 2008): it spreads by gossip`,
  'detector.spread': (e) => `Corrupted detector state has spread to ${e.v} ${plural(e.v, 'server')}`,
  'detector.cleared': (e) => `Operators cleared the corrupted detector state on ${e.v} ${plural(e.v, 'server')}`,
};

const phrasesZh: Record<string, Phrase> = {
  'master.failed': (e) => `文件系统 Master 断电（演练），备用 Master 将在 ${dur(e.v, true)} 后接管`,
  'master.alreadyDown': () => '文件系统 Master 已经宕机，无需再断电',
  'master.powerLost': () => '文件系统 Master 随机房一起断电',
  'master.restarting': (e) => `恢复供电：文件系统 Master 重启（${dur(e.v, true)}）`,
  'master.safeMode': (e) => `文件系统 Master 在 ${dur(e.v, true)} 后恢复，处于安全模式：服务器汇报数据块之前不做重新复制`,
  'master.safeModeOff': (e) => `文件系统 Master 在 ${dur(e.v, true)} 后退出安全模式，可以开始恢复`,
  'master.failedOver': (e) => `备用文件系统 Master 在 ${dur(e.v, true)} 后接管，服务器获得一段宽限期`,
  'huatuo.repairStarted': (e) => `华佗发现服务器 ${N(e)}（机架 ${RK(e)}）的坏盘 ${D(e)}，已下线并尝试修复`,
  'huatuo.repaired': (e) => `华佗修好了服务器 ${N(e)} 的磁盘 ${D(e)}：以空盘重新上线`,
  'huatuo.ticket': (e) => `服务器 ${N(e)}（机架 ${RK(e)}）的磁盘 ${D(e)} 修复失败：已开维修工单`,
  'huatuo.batchReplaced': (e) => `运维人员换盘：更换了 ${e.v} 块工单上的磁盘`,
  'huatuo.diskAdded': (e) => `华佗发现服务器 ${N(e)} 上的新盘 ${D(e)} 并将其加入`,
  'huatuo.systemDiskTicket': (e) => `服务器 ${N(e)}（机架 ${RK(e)}）需要更换系统盘：已开工单`,
  'huatuo.redeployed': (e) => `服务器 ${N(e)} 换完系统盘后已重装系统并重新部署，正在启动`,
  'node.systemDiskFailed': (e) => `服务器 ${N(e)}（机架 ${RK(e)}）的系统盘损坏：服务器宕机`,
  'detector.corrupted': (e) => `服务器 ${N(e)} 上的故障检测状态被破坏（S3 2008）：它会通过流言协议扩散`,
  'detector.spread': (e) => `被破坏的检测状态已扩散到 ${e.v} 台服务器`,
  'detector.cleared': (e) => `运维人员清除了 ${e.v} 台服务器上被破坏的检测状态`,
};

registerPhrases({ en: phrasesEn, zh: phrasesZh });

/** The codes this file phrases (for tests). */
export const REPAIR_PHRASE_CODES = Object.keys(phrasesEn);
