/**
 * Words of the writes view (issue 5: pipeline writes, the in-memory redo log and its
 * flush timeline) in both languages, and the log phrases of the `writes.*` codes.
 * Plain text only (the page never renders HTML from here).
 */
import { makeTr, plural, type Phrase } from '../../lib/i18n';
import type { LogEntry } from '../../../worker/contract';

const en = {
  tab: 'Writes',
  // key figures
  acked: 'Writes acknowledged',
  perSec: '{n}/s now',
  lost: 'Acknowledged, then lost',
  lostNone: 'none lost',
  timeouts: 'Flush timeouts (30 s)',
  writeErrors: 'write errors',
  scrub: 'Corrupt replicas found by scrubbing',
  memory: 'Only in memory now',
  oldest: 'oldest {x}',
  causeOf: 'rack power|power feed|datacenter power|server crash|server destroyed',
  // controls
  breakIt: 'Break it',
  mode: 'Write mode',
  modeNames: 'pipeline|redo log|majority',
  isolation: 'Isolation',
  isoRack: 'racks + power',
  isoNone: 'none',
  rackLabel: 'Rack',
  rackCut: 'Cut rack power',
  rackOn: 'Restore rack',
  dcCut: 'Cut datacenter power',
  dcOn: 'Restore datacenter',
  slowDisk: 'Slow disk {d} (#{n}) ×200',
  slowDiskNone: 'Slow a redo-log disk',
  slowDiskTip: 'the disk that stream {s}’s redo log flushes to on server #{n}',
  healDisk: 'Heal disk {d}',
  rackHint: 'racks of the servers in the timeline first',
  // timeline
  tlHead: 'Flush timeline',
  tlSub: 'sampled writes of {k} client {k:stream|streams}, last {w} s — a row per server holding them',
  tlEmpty: 'No writes sampled yet. Press play.',
  laneLost: 'Lost (any client)',
  laneClient: 'Client {s} · R{r}',
  laneServer: '#{n} · R{r}',
  laneMaster: 'Master',
  lanePower: 'Power',
  lgArrive: 'arrived in memory',
  lgAck: 'acknowledged to client',
  lgWindow: 'only in memory: vulnerability window',
  lgFlush: 'flushed to disk',
  lgLost: 'acknowledged, then lost',
  lgTimeout: 'flush missed 30 s: master told',
  lgRescued: 'master copied it elsewhere',
  lgPower: 'power cut',
  tlAria: 'Flush timeline: {n} sampled {n:write|writes} on {servers} {servers:server|servers}; {open} only in memory now; {lost} lost.',
  powerOffRack: 'R{r} power off',
  powerOnRack: 'R{r} power on',
  powerOffDc: 'datacenter power off',
  powerOnDc: 'datacenter power on',
  told: 'told',
  now: 'now',
  tipWrite: 'Client {s}: write at {t}',
  tipAck: 'acknowledged after {x}',
  tipCopy: 'on server #{n}: arrived after {a}',
  tipFlushed: 'only in memory for {x}, then on disk',
  tipOpen: 'still only in memory ({x} so far)',
  tipMemLost: 'memory lost after {x} (power or crash), never on disk',
  tipRescued: 'not on disk within 30 s: the master copied it elsewhere',
  tipError: 'write error on its disk: the master was told',
  tipVuln: 'vulnerable (only in memory) for {x}',
  tipSafe: 'on disk before the acknowledgement',
  tipLost: 'ACKNOWLEDGED, THEN LOST',
  // latency
  latHead: 'Write latency by mode',
  latSub: 'same writes, same servers — last minute; the mode in use is bold',
  latAxis: 'latency (log scale)',
  latShare: 'share of writes ≤ x',
  latEmpty: 'No writes yet.',
  inUse: 'in use',
  colMode: 'Mode',
  colP50: 'p50',
  colP99: 'p99',
  colP999: 'p99.9',
  colWrites: 'writes (run)',
};

export type WritesKey = keyof typeof en;

const zh: Record<WritesKey, string> = {
  tab: '写入',
  acked: '已确认的写入',
  perSec: '当前 {n}/秒',
  lost: '确认后丢失',
  lostNone: '没有丢失',
  timeouts: '刷盘超时（30 秒）',
  writeErrors: '次写入错误',
  scrub: '数据巡检发现的损坏副本',
  memory: '仅在内存中',
  oldest: '最久 {x}',
  causeOf: '机架断电|供电回路断电|机房断电|服务器宕机|服务器损坏',
  breakIt: '动手破坏',
  mode: '写入方式',
  modeNames: '流水线|内存日志文件|多数派',
  isolation: '隔离',
  isoRack: '跨机架与供电',
  isoNone: '不隔离',
  rackLabel: '机架',
  rackCut: '机架断电',
  rackOn: '机架恢复供电',
  dcCut: '机房断电',
  dcOn: '机房恢复供电',
  slowDisk: '磁盘 {d}（#{n}）变慢 ×200',
  slowDiskNone: '让内存日志文件的磁盘变慢',
  slowDiskTip: '客户端 {s} 的内存日志文件在服务器 #{n} 上刷盘用的磁盘',
  healDisk: '修好磁盘 {d}',
  rackHint: '时间线中服务器所在的机架排在前面',
  tlHead: '刷盘时间线',
  tlSub: '{k} 个客户端写入流的抽样写入，最近 {w} 秒 —— 每台持有数据的服务器一行',
  tlEmpty: '还没有抽样到写入。点“运行”。',
  laneLost: '丢失（所有客户端）',
  laneClient: '客户端 {s} · R{r}',
  laneServer: '#{n} · R{r}',
  laneMaster: 'Master',
  lanePower: '供电',
  lgArrive: '到达内存',
  lgAck: '向客户端确认',
  lgWindow: '仅在内存中：易失窗口',
  lgFlush: '已刷到磁盘',
  lgLost: '已确认却丢失',
  lgTimeout: '30 秒内未刷盘：通知 Master',
  lgRescued: 'Master 已在别处补副本',
  lgPower: '断电',
  tlAria: '刷盘时间线：{n} 个抽样写入，涉及 {servers} 台服务器；{open} 个仍只在内存中；{lost} 个丢失。',
  powerOffRack: 'R{r} 断电',
  powerOnRack: 'R{r} 恢复供电',
  powerOffDc: '机房断电',
  powerOnDc: '机房恢复供电',
  told: '已通知',
  now: '现在',
  tipWrite: '客户端 {s}：{t} 的写入',
  tipAck: '{x} 后向客户端确认',
  tipCopy: '服务器 #{n}：{a} 后到达内存',
  tipFlushed: '仅在内存中 {x}，随后刷到磁盘',
  tipOpen: '仍只在内存中（已 {x}）',
  tipMemLost: '{x} 后内存丢失（断电或宕机），从未落盘',
  tipRescued: '30 秒内未刷盘：Master 已在别处补副本',
  tipError: '磁盘写入错误：已通知 Master',
  tipVuln: '易失（仅在内存中）{x}',
  tipSafe: '确认前已落盘',
  tipLost: '已确认却丢失',
  latHead: '各写入方式的延迟',
  latSub: '同样的写入、同样的服务器 —— 最近一分钟；粗线为当前方式',
  latAxis: '延迟（对数坐标）',
  latShare: '延迟 ≤ x 的写入占比',
  latEmpty: '还没有写入。',
  inUse: '当前',
  colMode: '方式',
  colP50: 'p50',
  colP99: 'p99',
  colP999: 'p99.9',
  colWrites: '写入数（全程）',
};

export const STRINGS = { en, zh };
export const wt = makeTr<WritesKey>(STRINGS);
/** The i-th word of a '|'-separated phrase. */
export const wword = wt.word;

export const CAUSES = ['rack-power', 'domain-power', 'dc-power', 'crash', 'destroyed'] as const;

const S = (e: LogEntry) => `#${e.node}`;
const R = (e: LogEntry) => (e.rack !== undefined ? `R${e.rack}` : '');
const secs = (ms: number | undefined) => String(Math.round((ms ?? 0) / 100) / 10);
const mb = (b: number | undefined) => String(Math.round((b ?? 0) / 1e5) / 10);
const causeEn = (s: string | undefined) => {
  const i = CAUSES.indexOf(s as (typeof CAUSES)[number]);
  return i >= 0 ? en.causeOf.split('|')[i] : (s ?? '');
};
const causeZh = (s: string | undefined) => {
  const i = CAUSES.indexOf(s as (typeof CAUSES)[number]);
  return i >= 0 ? zh.causeOf.split('|')[i] : (s ?? '');
};

/** Log phrases of the write path's codes (the engine's write path). */
export const PHRASES: { en: Record<string, Phrase>; zh: Record<string, Phrase> } = {
  en: {
    'writes.flushTimeout': (e) =>
      `Redo log on server ${S(e)} (rack ${R(e)}) could not flush to disk ${e.disk} within 30 s (${secs(e.v)} s old): the master is told and copies the data elsewhere`,
    'writes.writeError': (e) =>
      `WRITE ERROR: server ${S(e)} (rack ${R(e)}) could not write its redo log to disk ${e.disk} (${mb(e.v)} MB); alarm raised, master told`,
    'writes.ackedLost': (e) =>
      `ACKNOWLEDGED WRITES LOST: ${e.v} ${plural(e.v, 'write')} lost with every memory copy (${causeEn(e.s)}${e.rack !== undefined ? `, rack ${R(e)}` : ''})`,
    'writes.scrubCorrupt': (e) =>
      `Scrubbing found a corrupt replica of chunk group ${e.v} (all its chunks’ copies on that disk) on disk ${e.disk} (server ${S(e)}); reported to the master`,
  },
  zh: {
    'writes.flushTimeout': (e) =>
      `服务器 ${S(e)}（机架 ${R(e)}）的内存日志文件 30 秒内没能刷到磁盘 ${e.disk}（已 ${secs(e.v)} 秒）：立即通知 Master，由它在别处补副本`,
    'writes.writeError': (e) => `写入错误：服务器 ${S(e)}（机架 ${R(e)}）无法把内存日志文件写到磁盘 ${e.disk}（${mb(e.v)} MB），已告警并通知 Master`,
    'writes.ackedLost': (e) =>
      `已确认的写入丢失：${e.v} 个写入的所有内存副本都没了（${causeZh(e.s)}${e.rack !== undefined ? `，机架 ${R(e)}` : ''}）`,
    'writes.scrubCorrupt': (e) =>
      `数据巡检发现磁盘 ${e.disk}（服务器 ${S(e)}）上数据块组 ${e.v} 的副本（组内全部数据块在该盘上的副本）已损坏，已报告 Master`,
  },
};
