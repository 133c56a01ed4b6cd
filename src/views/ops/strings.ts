/**
 * Words of the operations views (运维 / 日志 / 发布) in both languages, and the log
 * phrases of the operations, master and deployment codes (registered with i18n).
 * Plain text only: everything here is rendered as text, never HTML.
 */
import { makeTr, plural, registerPhrases, type Lang, type Phrase } from '../../lib/i18n';
import type { LogEntry } from '../../../worker/contract';

const en = {
  tabOps: 'Operations',
  tabLogs: 'Logs',
  tabDeploy: 'Deploy',
  // dashboard
  dashboard: 'Operations dashboard',
  firingNow: 'Alerts firing',
  firedTotal: 'Alerts fired (run)',
  meanDelay: 'Mean alert delay',
  serversDown: 'Servers down',
  coreNet: 'Core network',
  masterLat: 'Master latency',
  masterQps: 'Master QPS',
  rejected: 'Rejected /s',
  chartLatency: 'Master latency (ms)',
  chartQps: 'Master operations per second',
  chartDown: 'Servers down · alerts firing',
  chartAlerts: 'Alerts firing',
  served: 'served',
  rejectedShort: 'rejected',
  firing: 'Firing now',
  recent: 'Recent alerts',
  noFiring: 'No alert is firing. Power off a rack or start a flood to see one.',
  noRecent: 'No alert yet.',
  byRule: 'Alerts per rule',
  rule: 'Rule',
  fired: 'fired',
  auto: 'auto-handled',
  now: 'now',
  owner: 'Owner',
  resolved: 'resolved',
  clickHint: 'Click an alert for its servers and time.',
  more: '+{n} more',
  // alert detail
  alertDetail: 'Alert',
  severity: 'Severity',
  target: 'Target',
  cluster: 'whole cluster',
  serverN: 'server #{n}',
  rackN: 'rack R{n}',
  onset: 'Condition began',
  firedAt: 'Fired',
  delay: 'Delay',
  resolvedAt: 'Resolved',
  stillFiring: 'still firing',
  value: 'Value',
  handled: 'Handled automatically',
  yes: 'yes',
  no: 'no',
  serversBehind: 'Servers behind it',
  noneNow: 'none down now',
  showInRacks: 'Show in racks',
  searchLog: 'Search the log',
  close: 'Close',
  // master panel
  master: 'Master self-protection',
  protection: 'Protection',
  protectionOn: 'ON: quota · rate limit · admission control',
  protectionOff: 'OFF: the master takes everything',
  turnOn: 'Turn protection on',
  turnOff: 'Turn protection off',
  flood: 'Start a file flood',
  floodUser: 'user',
  floodFiles: 'files',
  floodRunning: 'Flood by user {u}: {c} created, {l} left',
  floodNone: 'No flood running.',
  othersP99: 'Other users’ p99 (last {w})',
  p99: 'p99',
  utilization: 'Threads busy',
  slowdown: 'Cluster slowdown',
  perUser: 'Per user: p99 latency over the last {w}',
  files: 'files',
  userN: 'user {n}',
  flooder: 'flooding',
  masterNote:
    'p99 covers the last {w} of simulated time: switch protection off, start a flood, and watch every user’s latency climb; switch it on and watch it fall back.',
  // logs
  logSearch: 'Log search',
  queryLabel: 'Query',
  queryHint: 'e.g.  R12   #1234   node.failed   timeout   user:3   last:1h',
  search: 'Search',
  window: 'Time',
  w10m: 'last 10 min',
  w1h: 'last hour',
  w6h: 'last 6 h',
  w1d: 'last day',
  wall: 'everything kept',
  type: 'Type',
  anyType: 'any type',
  result: 'Result',
  anyResult: 'any result',
  matches: '{n:match|matches}',
  shownN: 'showing {n} newest',
  exact: 'counts exact',
  sampled: 'counts from kept entries',
  countsOverTime: 'Counts over time',
  countsByType: 'Counts by type',
  noResults: 'Nothing matches.',
  unknownType:
    'unknown event type {types}: the types are the operation types (master.create, …) and the event codes listed in the Type menu and in docs/logs.md',
  queryError: 'Query not understood:',
  time: 'Time',
  what: 'What',
  where: 'Where',
  latency: 'Latency',
  live: 'Live (refresh while running)',
  // deploy
  deploy: 'Deployment',
  oldWay: 'Old way: one source, service stopped',
  oldWayDoc: 'stop → copy 2 GB to 5,000 servers from one server → install → start',
  dayu: 'Dayu: peer to peer, staged',
  dayuDoc: 'copy while running, rate-limited → stop → switch link → start',
  stagedWay: 'Staged: one source, copied beside the running version',
  stagedWayDoc: 'copy from one server while running → stop → switch link → start',
  stopFill: 'What fills the stop',
  fill_stopping: 'stopping',
  fill_copying: 'copying',
  fill_installing: 'installing',
  fill_switching: 'switching',
  fill_masterLoad: 'master loads namespace',
  fill_starting: 'servers start',
  mode: 'Mode',
  cold: 'cold (stop all at once)',
  rolling: 'rolling (5 racks at a time)',
  content: 'Content',
  binary: 'binaries + config',
  config: 'config only',
  rollback: 'Roll back',
  busy: 'A deployment is under way.',
  phase: 'Phase',
  phases: 'idle|distributing|stopping|installing|switching|starting',
  progress: 'Transfer progress per rack',
  transferred: 'servers have the package',
  onTarget: 'on the new version',
  stopped: 'service stopped',
  rate: 'transfer',
  availability: 'Service during the upgrade',
  availServed: 'master ops served /s',
  availTransfer: 'package transferred',
  availStopped: 'racks stopped',
  compare: 'The three ways side by side',
  measured: 'measured here',
  preset: 'preset (CLI)',
  published: 'articles',
  copyTime: 'Copy time',
  downtime: 'Service stop',
  totalTime: 'Total',
  notRun: 'not run yet',
  running: 'running…',
  approx: '≈ (seen part-way)',
  legendTransfer: 'transferred',
  legendStopped: 'stopped',
  legendUpgraded: 'upgraded',
  legendOff: 'unreachable',
  runs: 'Deployments in this run',
  timeline: 'bars share one time scale; full width',
  speedHint: 'Tip: the old way takes ~4.5 h simulated — use speed 3,600× or more.',
  method: 'Method',
  single: 'single source',
  p2p: 'P2P',
  layout: 'layout',
  staged: 'staged',
  mixed: 'mixed',
} as const;

export type OpsKey = keyof typeof en;

const zh: Record<OpsKey, string> = {
  tabOps: '运维',
  tabLogs: '日志',
  tabDeploy: '发布',
  dashboard: '运维监控大盘',
  firingNow: '当前告警',
  firedTotal: '累计告警',
  meanDelay: '平均告警延迟',
  serversDown: '宕机服务器',
  coreNet: '核心网络',
  masterLat: 'Master 延迟',
  masterQps: 'Master QPS',
  rejected: '拒绝 /秒',
  chartLatency: 'Master 操作延迟（毫秒）',
  chartQps: 'Master 每秒操作数',
  chartDown: '宕机服务器 · 当前告警',
  chartAlerts: '当前告警数',
  served: '已处理',
  rejectedShort: '被拒绝',
  firing: '正在告警',
  recent: '最近告警',
  noFiring: '当前没有告警。给一个机架断电或发起文件洪水试试。',
  noRecent: '还没有告警。',
  byRule: '各规则告警数',
  rule: '规则',
  fired: '次',
  auto: '自动处理',
  now: '当前',
  owner: '负责团队',
  resolved: '已恢复',
  clickHint: '点击告警查看相关服务器和时间。',
  more: '另有 {n} 条',
  alertDetail: '告警',
  severity: '级别',
  target: '对象',
  cluster: '整个集群',
  serverN: '服务器 #{n}',
  rackN: '机架 R{n}',
  onset: '异常开始',
  firedAt: '告警时间',
  delay: '延迟',
  resolvedAt: '恢复时间',
  stillFiring: '仍在告警',
  value: '数值',
  handled: '已自动处理',
  yes: '是',
  no: '否',
  serversBehind: '相关服务器',
  noneNow: '目前没有宕机',
  showInRacks: '在机架图中查看',
  searchLog: '搜索日志',
  close: '关闭',
  master: 'Master 自我保护',
  protection: '保护',
  protectionOn: '开：配额 · 限流 · 准入控制',
  protectionOff: '关：来者不拒',
  turnOn: '打开保护',
  turnOff: '关闭保护',
  flood: '发起文件洪水',
  floodUser: '用户',
  floodFiles: '文件数',
  floodRunning: '用户 {u} 的洪水：已创建 {c}，剩余 {l}',
  floodNone: '没有文件洪水。',
  othersP99: '其他用户 p99（最近 {w}）',
  p99: 'p99',
  utilization: '线程繁忙',
  slowdown: '集群变慢',
  perUser: '每个用户：最近 {w} 的 p99 延迟',
  files: '文件',
  userN: '用户 {n}',
  flooder: '洪水来源',
  masterNote: 'p99 统计最近 {w} 的模拟时间：关闭保护、发起洪水，看所有用户的延迟上升；再打开保护，看它回落。',
  logSearch: '日志搜索',
  queryLabel: '查询',
  queryHint: '例如  R12   #1234   node.failed   timeout   user:3   last:1h',
  search: '搜索',
  window: '时间',
  w10m: '最近 10 分钟',
  w1h: '最近 1 小时',
  w6h: '最近 6 小时',
  w1d: '最近 1 天',
  wall: '全部保留的日志',
  type: '类型',
  anyType: '所有类型',
  result: '结果',
  anyResult: '所有结果',
  matches: '条匹配',
  shownN: '显示最新 {n} 条',
  exact: '计数精确',
  sampled: '计数来自保留的条目',
  countsOverTime: '随时间的计数',
  countsByType: '按类型计数',
  noResults: '没有匹配的日志。',
  unknownType: '未知的事件类型 {types}：可用的类型是操作类型（master.create 等）和“类型”菜单及 docs/logs.md 中列出的事件代码',
  queryError: '无法理解查询：',
  time: '时间',
  what: '事件',
  where: '位置',
  latency: '延迟',
  live: '实时刷新',
  deploy: '发布',
  oldWay: '旧方式：单源，停服升级',
  oldWayDoc: '停服 → 从一台服务器向 5000 台拷贝 2 GB → 安装 → 启动',
  dayu: '大禹：P2P，预先分发',
  dayuDoc: '服务运行时限速分发 → 停服 → 切换链接 → 启动',
  stagedWay: '预先分发：单源，拷贝到运行版本旁',
  stagedWayDoc: '服务运行时从一台服务器拷贝 → 停服 → 切换链接 → 启动',
  stopFill: '停服时间花在哪里',
  fill_stopping: '停止服务',
  fill_copying: '拷贝',
  fill_installing: '安装',
  fill_switching: '切换',
  fill_masterLoad: 'Master 加载命名空间',
  fill_starting: '服务器启动',
  mode: '方式',
  cold: '冷升级（一次全停）',
  rolling: '滚动升级（每次 5 个机架）',
  content: '内容',
  binary: '二进制 + 配置',
  config: '仅配置',
  rollback: '回滚',
  busy: '正在发布中。',
  phase: '阶段',
  phases: '空闲|分发中|停服中|安装中|切换中|启动中',
  progress: '各机架的分发进度',
  transferred: '台服务器已收到安装包',
  onTarget: '台已是新版本',
  stopped: '台服务已停止',
  rate: '传输速率',
  availability: '升级期间的服务',
  availServed: 'Master 每秒处理操作',
  availTransfer: '安装包已分发',
  availStopped: '停服机架',
  compare: '三种方式对比',
  measured: '本次实测',
  preset: '预设（命令行）',
  published: '文章数据',
  copyTime: '分发时间',
  downtime: '停服时间',
  totalTime: '总时间',
  notRun: '尚未运行',
  running: '进行中…',
  approx: '≈（中途开始观察）',
  legendTransfer: '已分发',
  legendStopped: '已停服',
  legendUpgraded: '已升级',
  legendOff: '不可达',
  runs: '本次运行中的发布',
  timeline: '条形图使用同一时间刻度，全宽',
  speedHint: '提示：旧方式需要约 4.5 小时模拟时间，请用 3600× 或更快的速度。',
  method: '方法',
  single: '单源',
  p2p: 'P2P',
  layout: '目录布局',
  staged: '分离',
  mixed: '混合',
};

export const t = makeTr<OpsKey>({ en, zh });

export function phaseName(lang: Lang, phase: string): string {
  const i = ['idle', 'distributing', 'stopping', 'installing', 'switching', 'starting'].indexOf(phase);
  return i < 0 ? phase : t.word(lang, 'phases', i);
}

/** Alert rules by id: a short name for the projector, in both languages. */
const RULES: Record<string, { en: string; zh: string }> = {
  'node-down': { en: 'Server down', zh: '服务器宕机' },
  'node-falsely-dead': { en: 'Healthy server believed dead', zh: '健康服务器被误判死亡' },
  'rack-down': { en: 'Rack unreachable', zh: '机架不可达' },
  'uplink-saturated': { en: 'Rack uplink saturated', zh: '机架上联链路拥塞' },
  'core-saturated': { en: 'Core network saturated', zh: '核心网络拥塞' },
  'master-latency': { en: 'Master slow', zh: 'Master 响应慢' },
  'master-rejecting': { en: 'Master rejecting operations', zh: 'Master 拒绝大量操作' },
  'detector-corrupted': { en: 'Failure detector corrupted', zh: '故障检测状态损坏' },
  'mass-false-death': { en: 'Mass false deaths (storm risk)', zh: '大量误判死亡（风暴风险）' },
};

export function ruleName(lang: Lang, rule: string): string {
  return RULES[rule]?.[lang] ?? rule;
}

export function severityName(lang: Lang, s: string): string {
  const m: Record<string, [string, string]> = { critical: ['critical', '严重'], warning: ['warning', '警告'], info: ['info', '提示'] };
  return m[s] ? m[s][lang === 'zh' ? 1 : 0] : s;
}

/** How an alert's value reads, by rule. */
export function alertValue(lang: Lang, rule: string, v: number): string {
  const r = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : String(Math.round(x * 100) / 100));
  switch (rule) {
    case 'rack-down':
      return lang === 'zh' ? `${r(v)} 台宕机` : `${r(v)} servers down`;
    case 'uplink-saturated':
    case 'core-saturated':
      return lang === 'zh' ? `利用率 ${Math.round(v * 100)}%` : `${Math.round(v * 100)}% busy`;
    case 'master-latency':
      return lang === 'zh' ? `平均 ${Math.round(v)} 毫秒` : `mean ${Math.round(v)} ms`;
    case 'master-rejecting':
      return lang === 'zh' ? `每秒拒绝 ${Math.round(v).toLocaleString('en-US')}` : `${Math.round(v).toLocaleString('en-US')} rejected/s`;
    case 'detector-corrupted':
      return lang === 'zh' ? `${r(v)} 台受影响` : `${r(v)} servers`;
    case 'mass-false-death':
      return lang === 'zh' ? `${r(v)} 台被误判` : `${r(v)} servers`;
    default:
      return '';
  }
}

// ───────────────────────── log phrases ─────────────────────────

const userOf = (s?: string) => /user (\d+)/.exec(s ?? '')?.[1] ?? '?';
const n = (v?: number) => (v === undefined ? '' : Math.round(v).toLocaleString('en-US'));
const METHOD_WORDS: Record<string, [string, string]> = {
  single: ['single-source', '单源'],
  p2p: 'P2P|P2P'.split('|') as [string, string],
  cold: ['cold', '冷升级'],
  rolling: ['rolling', '滚动'],
  binary: ['binaries', '二进制'],
  config: ['config only', '仅配置'],
};
const words = (s: string | undefined, zh: boolean) =>
  (s ?? '')
    .split(' ')
    .map((w) => METHOD_WORDS[w]?.[zh ? 1 : 0] ?? w)
    .join(zh ? '，' : ', ');
const batch = (s: string | undefined, zh: boolean) => {
  if (s === 'cluster') return zh ? '整个集群' : 'the whole cluster';
  const m = /batch (\d+)\/(\d+)/.exec(s ?? '');
  return m ? (zh ? `第 ${m[1]}/${m[2]} 批` : `batch ${m[1]} of ${m[2]}`) : (s ?? '');
};
const where = (e: LogEntry, zh: boolean) =>
  e.node !== undefined
    ? zh
      ? `：服务器 #${e.node}（机架 R${e.rack ?? '?'}）`
      : ` on server #${e.node} (rack R${e.rack ?? '?'})`
    : e.rack !== undefined
      ? zh
        ? `：机架 R${e.rack}`
        : ` on rack R${e.rack}`
      : '';

const PHRASES_EN: Record<string, Phrase> = {
  'alert.fired': (e) => {
    const v = e.v !== undefined && e.s ? alertValue('en', e.s, e.v) : '';
    return `ALERT${e.s ? ` ${ruleName('en', e.s)}` : ''}${where(e, false)}${v ? ` — ${v}` : ''}`;
  },
  'master.floodStarted': (e) => `User ${userOf(e.s)} starts creating ${n(e.v)} ${plural(e.v, 'file')} as fast as it can`,
  'master.floodRefused': (e) => `Master refuses user ${userOf(e.s)}'s flood at its file quota (${n(e.v)} created)`,
  'master.floodDone': (e) => `User ${userOf(e.s)}'s flood is over: ${n(e.v)} ${plural(e.v, 'file')} created`,
  'deploy.started': (e) => `Deployment of version ${e.v} started (${words(e.s, false)})`,
  'deploy.busy': () => 'Deployment refused: another one is under way',
  'deploy.distributed': (e) => `Package (${n(e.v)} MB) has reached every server`,
  'deploy.stopping': (e) => `Stopping the service on ${batch(e.s, false)} (${n(e.v)} ${plural(e.v, 'server')})`,
  'deploy.done': (e) => `Deployment done: version ${e.v} running (${e.s ?? ''})`,
  'deploy.rollback': (e) => `Rolling back to version ${e.v}${e.s ? ` (${e.s})` : ''}`,
  'deploy.aborted': (e) => `Deployment aborted before any switch; version ${e.v} stays`,
  'deploy.nothingToRollBack': () => 'Nothing to roll back',
};

const PHRASES_ZH: Record<string, Phrase> = {
  'alert.fired': (e) => {
    const v = e.v !== undefined && e.s ? alertValue('zh', e.s, e.v) : '';
    return `告警${e.s ? ` ${ruleName('zh', e.s)}` : ''}${where(e, true)}${v ? `（${v}）` : ''}`;
  },
  'master.floodStarted': (e) => `用户 ${userOf(e.s)} 开始全速创建 ${n(e.v)} 个文件`,
  'master.floodRefused': (e) => `Master 按文件配额拒绝用户 ${userOf(e.s)} 的洪水（已创建 ${n(e.v)}）`,
  'master.floodDone': (e) => `用户 ${userOf(e.s)} 的文件洪水结束：共创建 ${n(e.v)} 个文件`,
  'deploy.started': (e) => `开始发布版本 ${e.v}（${words(e.s, true)}）`,
  'deploy.busy': () => '发布被拒绝：已有发布在进行',
  'deploy.distributed': (e) => `安装包（${n(e.v)} MB）已分发到所有服务器`,
  'deploy.stopping': (e) => `停止${batch(e.s, true)}的服务（${n(e.v)} 台）`,
  'deploy.done': (e) => `发布完成：版本 ${e.v} 已运行（${(e.s ?? '').replace('min', '分钟')}）`,
  'deploy.rollback': (e) => `回滚到版本 ${e.v}${e.s ? `（${e.s.replace('from', '从版本')}）` : ''}`,
  'deploy.aborted': (e) => `发布在切换前中止，保持版本 ${e.v}`,
  'deploy.nothingToRollBack': () => '没有可回滚的版本',
};

registerPhrases({ en: PHRASES_EN, zh: PHRASES_ZH });

export const OPS_PHRASE_CODES = Object.keys(PHRASES_EN);
