/**
 * One vocabulary, in both languages (issue 16 §6): every term the page teaches, with one
 * English and one Chinese name. The seeds' own Chinese terms come first, as the articles
 * write them (/work/shared/seeds/); where a concept had several Chinese names on the page,
 * the one chosen is here and the others are listed as `avoid` (tests/page/glossary.test.ts
 * fails when a Chinese string uses one, or when it keeps an English word meant for the
 * class instead of the term). Views may read a term with `term(id, lang)`.
 */
import type { Lang } from './i18n';

export interface Term {
  en: string;
  zh: string;
  /** the seeds write this Chinese term themselves */
  seed?: boolean;
  /** Chinese names no longer used for this concept (a string, or a pattern when the chosen name contains it) */
  avoid?: (string | RegExp)[];
  /** why this name, when it needs saying */
  note?: string;
  /** where an English text uses the term (tests/page/glossary.test.ts; default: its English name as a word), false when the English word is too common to tell */
  match?: RegExp | false;
}

export const GLOSSARY = {
  feitian: { en: 'Feitian (Apsara)', zh: '飞天', seed: true },
  pangu: { en: 'Pangu', zh: '盘古', seed: true, note: 'the distributed file system' },
  fuxi: { en: 'Fuxi', zh: '伏羲', seed: true, note: 'the resource scheduler' },
  huatuo: { en: 'Huatuo', zh: '华佗', seed: true, note: 'the automatic fault-handling system', match: /\bHuatuo\b/ },
  dayu: { en: 'Dayu', zh: '大禹', seed: true, note: 'the deployment system' },
  master: { en: 'master', zh: 'Master', seed: true, note: 'the seeds write “Master 服务器”: kept in Latin letters' },
  mirrorStorm: { en: 'mirror storm', zh: '镜像风暴', seed: true, avoid: ['复制风暴'] },
  redoLog: {
    en: 'in-memory redo log',
    zh: '内存日志文件',
    seed: true,
    avoid: [/redo log/i, /内存日志(?!文件)/],
    note: 'the seed: “盘古通过内存日志文件(in-memory redo log)”',
  },
  down: { en: 'down', zh: '宕机', seed: true, avoid: ['死机'], match: false },
  blacklist: { en: 'blacklist', zh: '黑名单', seed: true },
  selfProtection: { en: 'self-protection', zh: '自我保护', seed: true, avoid: ['自保护'] },
  replica: { en: 'replica', zh: '副本', seed: true },
  drill: { en: 'drill', zh: '演练', seed: true },
  machineRoom: { en: 'machine room', zh: '机房', seed: true },
  rack: { en: 'rack', zh: '机架', seed: true },
  alert: { en: 'alert', zh: '告警', seed: true },
  ops: { en: 'operations', zh: '运维', seed: true, match: false, note: 'in English also the master’s operations (操作): not told apart by the word' },
  chunk: { en: 'chunk', zh: '数据块' },
  heartbeat: { en: 'heartbeat', zh: '心跳' },
  torSwitch: { en: 'top-of-rack switch', zh: '机架交换机' },
  falselyDead: { en: 'falsely dead', zh: '误判死亡' },
  naive: {
    en: 'naive recovery',
    zh: '朴素',
    avoid: ['激进', '简单（不受控）', '简单恢复'],
    note: 'copy at once, at full speed, whatever looks dead: the EC2 2011 policy',
  },
  guarded: { en: 'guarded recovery', zh: '受控', avoid: [/(?<![没才])有保护/], note: 'rate limit, 1 % offline cap, circuit breaker' },
  circuitBreaker: { en: 'circuit breaker', zh: '熔断器', avoid: ['断路器'] },
  gossip: { en: 'gossip', zh: '流言协议', avoid: [/gossip/i], note: 'S3 2008: servers tell each other who is alive' },
  copyset: { en: 'copyset', zh: '副本组', note: 'Copysets (2013) stays as the paper’s name', match: /\bcopyset\b/i },
  pipelineWrite: { en: 'pipeline write', zh: '流水线写' },
  safeMode: { en: 'safe mode', zh: '安全模式' },
  offlineCap: { en: 'offline cap', zh: '下线上限', note: 'R3: at most 1 % of disks offlined automatically at once' },
  loadSpike: { en: 'load spike', zh: '负载高峰' },
  closedRepairLoop: { en: 'closed repair loop', zh: '闭环修复', note: 'Huatuo (R4); the seed: “自动闭环处理”' },
  repairTicket: { en: 'repair ticket', zh: '报修单' },
  auditLog: { en: 'audit log', zh: '审计日志', note: 'O2: every master operation, searchable' },
  dataDrivenOps: { en: 'data-driven operations', zh: '数据化运维', note: 'the seed: “数据化管理”, decide from measured data' },
} satisfies Record<string, Term>;

export type TermId = keyof typeof GLOSSARY;

export function term(id: TermId, lang: Lang): string {
  return GLOSSARY[id][lang];
}

/**
 * Latin words a Chinese string may keep on purpose: proper names, acronyms, units and key
 * names. Codes (dotted parameter paths, file names, `type:value` search terms, `npm run …`
 * commands) and single letters (a variable in a formula, R12 a rack's label) are allowed by
 * their form in the test.
 */
export const LATIN_IN_ZH = [
  'Master',
  'Feitian',
  'Apsara',
  'CPU',
  'GFS',
  'HDFS',
  'Ceph',
  'EC2',
  'EBS',
  'S3',
  'MTBF',
  'UPS',
  'P2P',
  'JSON',
  'PNG',
  'CSV',
  'SVG',
  'Copysets',
  'AliMonitor',
  'Esc',
  'PageUp',
  'PageDown',
  'KB',
  'MB',
  'GB',
  'TB',
  'PB',
  'Gb',
  'ms',
  'min',
];
