/**
 * The page's words in Chinese and English, and the log phrased from its codes.
 * Everything returned here is plain text; the page renders it as text, never HTML.
 */
import type { LogEntry } from '../../worker/contract';

export type Lang = 'zh' | 'en';
export const LANGS: Lang[] = ['zh', 'en'];

const en = {
  title: 'Feitian Lab',
  subtitle: '{n} servers, live',
  play: 'Play',
  pause: 'Pause',
  step: 'Step',
  speed: 'Speed',
  simTime: 'Simulated time',
  lagging: 'engine can’t keep up: {x} achieved',
  language: '中文',
  languageLabel: 'Switch language',
  share: 'Share link',
  copied: 'Link copied',
  copyFailed: 'Copy the link from the address bar',
  legend: 'Legend',
  truthHead: 'True state (fill)',
  beliefHead: 'Master believes (mark)',
  up: 'up',
  booting: 'booting',
  crashed: 'crashed',
  powerOff: 'power off',
  gone: 'gone for good',
  slow: 'slow',
  suspect: 'suspect',
  believedDead: 'believed dead',
  falselyDead: 'false dead (up, believed dead)',
  undetected: 'down, not yet noticed',
  rackOff: 'rack power off',
  torDown: 'ToR switch down (hatched)',
  colourBy: 'Colour',
  byState: 'state',
  byLoad: 'CPU load',
  loadLow: 'idle',
  loadHigh: 'busy',
  actions: 'Cluster actions',
  netMaint: 'Network maintenance (→ backup)',
  netRestore: 'Restore primary network',
  dcOff: 'Datacenter power off',
  dcOn: 'Datacenter power on',
  failRandom: 'Fail {n} random server{s}',
  failCount: 'How many servers',
  log: 'Event log',
  logEmpty: 'Nothing has happened yet. Press play, or click a server.',
  charts: 'Live charts',
  coreUtil: 'Core network utilization',
  downVsDead: 'Truly down vs believed dead',
  trulyDown: 'truly down',
  runInfo: 'Run info',
  events: 'Events',
  stateHash: 'State hash',
  computeHash: 'Compute hash',
  hashAt: 'at {t}',
  server: 'Server',
  rack: 'Rack',
  gen: 'Hardware',
  genNames: 'old|mid|new',
  disks: 'Disks',
  truth: 'Truth',
  belief: 'Master believes',
  load: 'CPU load',
  lastHeard: 'Last heartbeat',
  crash: 'Crash',
  restart: 'Restart',
  slow10: 'Slow ×10',
  rackPowerOff: 'Power off rack',
  rackPowerOn: 'Power on rack',
  torDownAct: 'ToR switch down',
  torUpAct: 'ToR switch up',
  close: 'Close',
  dismiss: 'Dismiss',
  replayLoad: 'Replaying the shared run up to its moment',
  replayRewind: 'Going back: replaying from the nearest checkpoint',
  replaySeek: 'Running forward',
  replayReached: '{p} % · reached {t} of {target}',
  replayCancel: 'Cancel',
  replayCancelHint: 'Cancel leaves the run where it stood before.',
  linkError: 'The link could not be opened, so the default cluster was loaded instead:',
  linkKeys: 'Part of the link was not understood (the rest is open):',
  workerError: 'The simulation stopped:',
  workerStalled: 'the simulation stopped responding',
  restartSim: 'Restart simulation',
  workerStalledWhy:
    'No frame came from the simulation’s worker for several seconds: it may have run out of memory or hung. Restart starts a fresh one at the last moment shown.',
  failureDuring: 'It happened while applying timeline entry {n} at {t}: {entry}.',
  failureAfter: 'It happened at {t}, after timeline entry {n} (at {at}: {entry}), the last one applied.',
  failureNoEntry: 'It happened at {t}, before any timeline entry was applied.',
  failedAgain: 'Restarting ran into the same error again.',
  restartWithout: 'Restart without this entry',
  restartWithoutHint: 'Reloads this scenario (same seed and settings) without that entry, back at the last moment shown',
  shareFailed: 'No share link:',
  shareTooLong:
    'this run has too many actions to fit in a link. Export the scenario as JSON instead; the file replays the same run (npm run sim -- --scenario FILE.json).',
  exportJson: 'Export scenario (JSON)',
  loading: 'Loading the cluster…',
  loadingView: 'Loading this view…',
  actionFailed: 'Action refused:',
  canvasLabel: 'Rack view: {racks} racks of {perRack} servers. {summary}',
  zoomHint: 'Scroll to zoom, drag to pan, click a server or a rack label for actions.',
  resetZoom: 'Reset zoom',
  truthOf: 'up|booting|crashed|power off|gone',
  beliefOf: 'alive|suspect|dead',
} as const;

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  title: '飞天实验室',
  subtitle: '{n} 台服务器，实时运行',
  play: '运行',
  pause: '暂停',
  step: '单步',
  speed: '速度',
  simTime: '模拟时间',
  lagging: '引擎跟不上：实际 {x}',
  language: 'English',
  languageLabel: '切换语言',
  share: '分享链接',
  copied: '链接已复制',
  copyFailed: '请从地址栏复制链接',
  legend: '图例',
  truthHead: '真实状态（填充色）',
  beliefHead: 'Master 的判断（标记）',
  up: '运行中',
  booting: '启动中',
  crashed: '宕机',
  powerOff: '断电',
  gone: '永久损坏',
  slow: '慢节点',
  suspect: '疑似失联',
  believedDead: '判定死亡',
  falselyDead: '误判死亡（实际在运行）',
  undetected: '已宕机，尚未发现',
  rackOff: '机架断电',
  torDown: '机架交换机故障（斜线）',
  colourBy: '着色',
  byState: '状态',
  byLoad: 'CPU 负载',
  loadLow: '空闲',
  loadHigh: '繁忙',
  actions: '集群操作',
  netMaint: '网络维护（切到备用网络）',
  netRestore: '恢复主网络',
  dcOff: '机房断电',
  dcOn: '机房恢复供电',
  failRandom: '随机损坏 {n} 台服务器',
  failCount: '服务器数量',
  log: '事件日志',
  logEmpty: '还没有发生任何事。点“运行”，或点击一台服务器。',
  charts: '实时图表',
  coreUtil: '核心网络利用率',
  downVsDead: '真实宕机与判定死亡',
  trulyDown: '真实宕机',
  runInfo: '运行信息',
  events: '事件数',
  stateHash: '状态哈希',
  computeHash: '计算哈希',
  hashAt: '于 {t}',
  server: '服务器',
  rack: '机架',
  gen: '硬件',
  genNames: '旧|中|新',
  disks: '磁盘',
  truth: '真实状态',
  belief: 'Master 判断',
  load: 'CPU 负载',
  lastHeard: '最近心跳',
  crash: '宕机',
  restart: '重启',
  slow10: '变慢 ×10',
  rackPowerOff: '机架断电',
  rackPowerOn: '机架通电',
  torDownAct: '交换机故障',
  torUpAct: '交换机恢复',
  close: '关闭',
  dismiss: '知道了',
  replayLoad: '正在重放分享的运行，直到它的时刻',
  replayRewind: '正在跳回：从最近的检查点重放',
  replaySeek: '正在向前运行',
  replayReached: '{p}% · 已到 {t}，目标 {target}',
  replayCancel: '取消',
  replayCancelHint: '取消后，运行停留在请求之前的位置。',
  linkError: '链接无法打开，已载入默认集群：',
  linkKeys: '链接中有部分内容无法识别（其余已打开）：',
  workerError: '模拟已停止：',
  workerStalled: '模拟没有响应',
  restartSim: '重新启动模拟',
  workerStalledWhy: '模拟线程已有数秒没有发来画面：可能内存不足或卡住了。“重新启动”会新开一个线程，回到最后显示的时刻。',
  failureDuring: '发生在执行时间线第 {n} 条（{t}）时：{entry}。',
  failureAfter: '发生在 {t}，在时间线第 {n} 条（{at}：{entry}）之后，这是最后执行的一条。',
  failureNoEntry: '发生在 {t}，尚未执行任何时间线条目。',
  failedAgain: '重新启动后又遇到了同样的错误。',
  restartWithout: '去掉这一条后重新启动',
  restartWithoutHint: '重新载入本场景（相同的种子和设置），去掉这一条，回到最后显示的时刻',
  shareFailed: '无法生成分享链接：',
  shareTooLong: '这次运行的操作太多，链接放不下。请改为导出场景 JSON 文件；该文件可重放同一次运行（npm run sim -- --scenario 文件.json）。',
  exportJson: '导出场景（JSON）',
  loading: '正在载入集群…',
  loadingView: '正在载入此视图…',
  actionFailed: '操作被拒绝：',
  canvasLabel: '机架视图：{racks} 个机架，每架 {perRack} 台服务器。{summary}',
  zoomHint: '滚轮缩放，拖动平移，点击服务器或机架标签进行操作。',
  resetZoom: '复位缩放',
  truthOf: '运行中|启动中|宕机|断电|永久损坏',
  beliefOf: '存活|疑似失联|死亡',
};

/** A phrase with {name} placeholders filled (values are inserted as text). */
export const tr = makeTr<Key>({ en, zh });

/** The i-th word of a '|'-separated list phrase. */
export const word = tr.word;

export function parseLang(v: string | null | undefined): Lang | null {
  return v === 'zh' || v === 'en' ? v : null;
}

type Phrase = (e: LogEntry) => string;
const S = (e: LogEntry) => `#${e.node}`;
/** A value for reading aloud: whole numbers as they are, others to two decimals. */
const num = (v: number | undefined) => (v === undefined ? '' : Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));
const R = (e: LogEntry) => `R${e.rack}`;

const LOG_EN: Record<string, Phrase> = {
  'node.crash': (e) => `Server ${S(e)} (rack ${R(e)}) crashed`,
  'node.restart': (e) => `Server ${S(e)} restarted, booting`,
  'node.slow': (e) => `Server ${S(e)} became ${e.v}× slower`,
  'rack.powerOff': (e) => `Rack ${R(e)} lost power`,
  'rack.powerOn': (e) => `Rack ${R(e)} power restored; servers booting`,
  'rack.torDown': (e) => `Rack ${R(e)}: top-of-rack switch down — servers run but are unreachable`,
  'rack.torUp': (e) => `Rack ${R(e)}: top-of-rack switch back`,
  'net.toBackup': () => 'Network maintenance: all traffic moved to the backup network',
  'net.toPrimary': () => 'Traffic moved back to the primary network',
  'dc.powerOff': () => 'The whole datacenter lost power',
  'dc.powerOn': () => 'Datacenter power restored; racks return and servers boot',
  'nodes.destroyed': (e) => `${e.v} ${plural(e.v, 'server')} failed for good`,
  'nodes.slowed': (e) => `${e.v} ${plural(e.v, 'server')} became slow`,
  'param.set': (e) => `Parameter changed: ${e.s ?? ''}`,
  'node.failed': (e) => `Server ${S(e)} (rack ${R(e)}) failed`,
  'node.repaired': (e) => `Server ${S(e)} repaired, booting`,
  'node.falselyDead': (e) => `FALSE DEAD: master declared server ${S(e)} dead, but it is up (heartbeats lost)`,
  'node.declaredDead': (e) => `Master declared server ${S(e)} (rack ${R(e)}) dead`,
  'node.rejoined': (e) => `Server ${S(e)} heard again; master marks it alive`,
  'node.powerCycleFailed': (e) => `Server ${S(e)} (rack ${R(e)}) did not survive the power cycle`,
  'domain.powerOff': (e) => `Power feed ${e.v} cut: its racks go dark`,
  'domain.powerOn': (e) => `Power feed ${e.v} restored`,
  'rack.flaky': (e) => `Rack ${R(e)}: network turned flaky (${Math.round((e.v ?? 0) * 100)}% loss)`,
  'rack.stable': (e) => `Rack ${R(e)}: network stable again`,
  'storage.chunksLost': (e) => `${e.v} ${plural(e.v, 'chunk')} lost for good`,
  'alert.fired': (e) =>
    `Alert ${e.s ?? ''}${e.node !== undefined ? ` on server ${S(e)}` : e.rack !== undefined ? ` on rack ${R(e)}` : ''}${e.v !== undefined ? ` (${num(e.v)})` : ''}`,
};

const LOG_ZH: Record<string, Phrase> = {
  'node.crash': (e) => `服务器 ${S(e)}（机架 ${R(e)}）宕机`,
  'node.restart': (e) => `服务器 ${S(e)} 重启，正在启动`,
  'node.slow': (e) => `服务器 ${S(e)} 变慢 ${e.v} 倍`,
  'rack.powerOff': (e) => `机架 ${R(e)} 断电`,
  'rack.powerOn': (e) => `机架 ${R(e)} 恢复供电，服务器启动中`,
  'rack.torDown': (e) => `机架 ${R(e)} 交换机故障：服务器仍在运行但无法访问`,
  'rack.torUp': (e) => `机架 ${R(e)} 交换机恢复`,
  'net.toBackup': () => '网络维护：全部流量切到备用网络',
  'net.toPrimary': () => '流量切回主网络',
  'dc.powerOff': () => '整个机房断电',
  'dc.powerOn': () => '机房恢复供电，机架恢复，服务器启动中',
  'nodes.destroyed': (e) => `${e.v} 台服务器永久损坏`,
  'nodes.slowed': (e) => `${e.v} 台服务器变慢`,
  'param.set': (e) => `参数修改：${e.s ?? ''}`,
  'node.failed': (e) => `服务器 ${S(e)}（机架 ${R(e)}）故障`,
  'node.repaired': (e) => `服务器 ${S(e)} 已修复，正在启动`,
  'node.falselyDead': (e) => `误判：Master 判定服务器 ${S(e)} 死亡，但它其实在运行（心跳丢失）`,
  'node.declaredDead': (e) => `Master 判定服务器 ${S(e)}（机架 ${R(e)}）死亡`,
  'node.rejoined': (e) => `重新收到服务器 ${S(e)} 的心跳，Master 标记为存活`,
  'node.powerCycleFailed': (e) => `服务器 ${S(e)}（机架 ${R(e)}）断电重启后没能起来`,
  'domain.powerOff': (e) => `供电回路 ${e.v} 断电，所属机架全部掉电`,
  'domain.powerOn': (e) => `供电回路 ${e.v} 恢复供电`,
  'rack.flaky': (e) => `机架 ${R(e)} 网络不稳定（丢包 ${Math.round((e.v ?? 0) * 100)}%）`,
  'rack.stable': (e) => `机架 ${R(e)} 网络恢复稳定`,
  'storage.chunksLost': (e) => `${e.v} 个数据块永久丢失`,
  'alert.fired': (e) =>
    `告警 ${e.s ?? ''}${e.node !== undefined ? `：服务器 ${S(e)}` : e.rack !== undefined ? `：机架 ${R(e)}` : ''}${e.v !== undefined ? `（${num(e.v)}）` : ''}`,
};

/**
 * Views and mechanisms add their own log phrases here (kept in their own strings
 * files, so the dictionaries above need not grow in one place).
 */
export function registerPhrases(phrases: { en: Record<string, Phrase>; zh: Record<string, Phrase> }): void {
  Object.assign(LOG_EN, phrases.en);
  Object.assign(LOG_ZH, phrases.zh);
}

/** Every log code the page can phrase (each mechanism registers its phrases eagerly): the event types a log search may name. */
export function knownLogCodes(): string[] {
  return Object.keys(LOG_EN);
}

/**
 * A translator over a view's own dictionary — the one factory behind every view's
 * `t` (and the page's own `tr`): `const t = makeTr(STRINGS)` then `t(lang, 'key', { n: 3 })`
 * (a {name} without a value stays as written; `{s}` is the English plural ending for `n`, `{name:one|many}` picks
 * a word by any count: '{n} {n:match|matches}', '{u} {u:copy|copies}'), and `t.word(lang, 'key', i)` for the i-th
 * word of a '|'-separated list phrase. Both languages must have every key (the type says so).
 */
export interface Translator<K extends string> {
  (lang: Lang, key: K, vars?: Record<string, string | number>): string;
  /** The i-th word of a '|'-separated list phrase (the index itself when there is none). */
  word(lang: Lang, key: K, i: number): string;
}

/**
 * English plurals: a phrase with a count `n` may write `{s}` where the plural ending
 * goes ('{n} action{s}' → '1 action', '2 actions'); Chinese phrases simply leave it out.
 */
export function withPlural(vars: Record<string, string | number>): Record<string, string | number> {
  if (!('n' in vars) || 's' in vars) return vars;
  return { ...vars, s: Number(vars.n) === 1 ? '' : 's' };
}

/** The English word for a count: `one` when n is 1, else `many` (default: one + 's'). For phrases written as functions (the log's). */
export function plural(n: number | string | undefined, one: string, many = one + 's'): string {
  return Number(n) === 1 ? one : many;
}

const PLACEHOLDER = /\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g;

export function makeTr<K extends string>(dict: { en: Record<K, string>; zh: Record<K, string> }): Translator<K> {
  const t = (lang: Lang, key: K, vars: Record<string, string | number> = {}): string => {
    const v = withPlural(vars);
    return (dict[lang][key] ?? dict.en[key]).replace(PLACEHOLDER, (all: string, k: string, one?: string, many?: string) =>
      !(k in v) ? all : one === undefined ? String(v[k]) : plural(v[k], one, many),
    );
  };
  return Object.assign(t, { word: (lang: Lang, key: K, i: number): string => t(lang, key).split('|')[i] ?? String(i) });
}

export type { Phrase };

/** One log entry as a sentence. Codes this page does not know yet are shown plainly. */
export function phraseLog(lang: Lang, e: LogEntry): string {
  const p = (lang === 'zh' ? LOG_ZH : LOG_EN)[e.code];
  if (p) return p(e);
  const parts = [e.code];
  if (e.node !== undefined) parts.push(`${lang === 'zh' ? '服务器' : 'server'} #${e.node}`);
  if (e.rack !== undefined) parts.push(`R${e.rack}`);
  if (e.disk !== undefined) parts.push(`${lang === 'zh' ? '磁盘' : 'disk'} ${e.disk}`);
  if (e.v !== undefined) parts.push(num(e.v));
  if (e.s !== undefined) parts.push(e.s);
  return parts.join(' · ');
}

/** Whether a code is a warning worth highlighting in the log. */
export function isAlarm(code: string): boolean {
  return (
    code === 'node.falselyDead' || code === 'dc.powerOff' || code === 'nodes.destroyed' || code === 'storage.chunksLost' || code.includes('falsely')
  );
}
