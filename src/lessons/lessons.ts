/**
 * The guided lessons, in Chinese and English. Each opens from its own URL
 * (`#lesson=ID&step=N`). Checks read only the frame, so the page and the headless
 * lesson tests (tests/lessons) judge them the same way.
 */
import { D_OFFLINE, D_SUSPECT, DISK_BELIEF_MASK, DISK_FAILED_BIT, DISK_SLOW_BIT, type Frame } from '../../worker/contract';
import { defaultScenario, parseScenario, type Scenario } from '../../worker/scenario/schema';
import { presetByName } from '../../worker/scenario/presets';
import type { Lesson, Readout } from './types';
import type { Lang } from '../lib/i18n';

const MIN = 60_000,
  HOUR = 60 * MIN,
  DAY = 24 * HOUR;
const c = (f: Frame, k: string) => f.counters[k] ?? 0;

/**
 * A lesson's scenario: a preset (or the default) with some parameters set. A preset's
 * scripted timeline is dropped unless `keepTimeline`: in a lesson the class acts itself.
 */
function scenario(name: string, params: Record<string, number | string | boolean> = {}, preset?: string, keepTimeline = false): Scenario {
  const base = preset ? structuredClone(presetByName(preset)!.scenario) : defaultScenario();
  return parseScenario({ ...base, name, params: { ...base.params, ...params }, timeline: keepTimeline ? base.timeline : [] });
}

/** Failed disks as a share (%) of all hardware failures so far (disks and whole servers); NaN before any. */
function diskShare(f: Frame): number {
  const d = c(f, 'diskFailures'),
    all = d + c(f, 'nodeFailures');
  return all > 0 ? (100 * d) / all : NaN;
}

/** Servers truly down now (crashed, without power, gone for good). */
const trulyDown = (f: Frame) => f.counts.crashed + f.counts.powerOff + f.counts.gone;
/** The highest value a charted series reached in the kept history (the last two simulated hours). */
function seriesPeak(f: Frame, name: string): number {
  let m = 0;
  for (const v of f.series.series[name] ?? []) if (v > m) m = v;
  return m;
}

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (v >= 100 ? n(v) : v >= 10 ? v.toFixed(0) : v.toFixed(1)) + ' ms';
/** A probability as a percentage: '100 %', '0.78 %', '< 0.01 %'. */
const pct = (p: number) =>
  p >= 0.9995 ? '100 %' : p >= 0.1 ? `${(100 * p).toFixed(0)} %` : p >= 1e-4 ? `${(100 * p).toFixed(2)} %` : p > 0 ? '< 0.01 %' : '0 %';
/** Engine words (policies, write modes) the class reads in its language. */
const WORDS: Record<string, Record<Lang, string>> = {
  naive: { en: 'naive', zh: '朴素' },
  guarded: { en: 'guarded', zh: '受控' },
  off: { en: 'off', zh: '关闭' },
  pipeline: { en: 'pipeline', zh: '流水线写' },
  'redo-log': { en: 'redo log', zh: '内存日志文件' },
  majority: { en: 'majority', zh: '多数派确认' },
};
const word = (w: string, lang: Lang) => WORDS[w]?.[lang] ?? w;
const R = {
  down: { label: { en: 'truly down', zh: '真正宕机' }, value: (f) => n(trulyDown(f)) },
  powerOff: { label: { en: 'without power', zh: '断电' }, value: (f) => n(f.counts.powerOff) },
  believedDead: { label: { en: 'believed dead', zh: '被判死亡' }, value: (f) => n(f.counts.believedDead) },
  falselyDead: { label: { en: 'falsely dead', zh: '误判死亡' }, value: (f) => n(f.counts.falselyDead) },
  under: { label: { en: 'chunks under-replicated', zh: '副本不足的数据块' }, value: (f) => n(f.storage.underReplicatedChunks) },
  lost: { label: { en: 'chunks lost', zh: '丢失的数据块' }, value: (f) => n(f.storage.lostChunks) },
  up: { label: { en: 'servers up', zh: '运行中的服务器' }, value: (f) => `${n(f.counts.up)} / ${n(f.nodes)}` },
} satisfies Record<string, Readout>;

/** Every user's recent master p99 but the flooder's (lesson 9). */
const otherUsersP99 = (f: Frame) => [...f.ops.userP99Ms].filter((_, u) => u !== f.ops.floodUser);

/** Lessons that need no scheduler jobs run without them: the point is elsewhere, and time passes faster. */
const QUIET = { 'scheduler.enabled': false };

/** Truly slow disks (the truth bit) still in service: not failed, not offline (lesson 11: what the 1 % cap costs). */
function slowServing(f: Frame): number {
  let k = 0;
  for (const b of f.storage.diskState) if (b & DISK_SLOW_BIT && !(b & DISK_FAILED_BIT) && (b & DISK_BELIEF_MASK) !== D_OFFLINE) k++;
  return k;
}
/** Of those, the ones the master already suspects: found, yet serving. */
function slowSuspected(f: Frame): number {
  let k = 0;
  for (const b of f.storage.diskState) if (b & DISK_SLOW_BIT && !(b & DISK_FAILED_BIT) && (b & DISK_BELIEF_MASK) === D_SUSPECT) k++;
  return k;
}
/** Whether every sample of a charted series over the last `span` ms satisfied `ok` (and the history reaches back that far). */
function heldFor(f: Frame, name: string, ok: (v: number) => boolean, span: number): boolean {
  const t = f.series.t,
    s = f.series.series[name];
  if (!s || !t.length) return false;
  let i = t.length - 1;
  for (; i >= 0 && t[i] >= f.t - span; i--) if (!ok(s[i])) return false;
  return i >= 0 && ok(s[i]);
}
/** The highest value a charted series reached in the last `span` ms. */
function recentPeak(f: Frame, name: string, span: number): number {
  const t = f.series.t,
    s = f.series.series[name] ?? [];
  let m = 0;
  for (let i = t.length - 1; i >= 0 && t[i] >= f.t - span; i--) if (s[i] > m) m = s[i];
  return m;
}
/** The engine's measured delay (ms) of the firing rack alert on `rack`; NaN before it fires (lesson 12). */
function rackAlertDelay(f: Frame, rack: number): number {
  const a = f.ops.alerts.find((x) => x.rule === 'rack-down' && x.target === rack);
  return a ? a.delayMs : NaN;
}
/** Users other than the flooder whose master p99 is over a second now (lesson 12). */
function othersSlowed(f: Frame, flooder: number): number {
  let k = 0;
  f.ops.userP99Ms.forEach((v, u) => {
    if (u !== flooder && v > 1000) k++;
  });
  return k;
}
/** The user whose runaway job floods the master in lesson 12 (one of master.users' 8). */
const FLOOD_USER = 5;

export const LESSONS: Lesson[] = [
  {
    id: 'mtbf',
    readout: [
      { label: { en: 'disks failed', zh: '坏盘数' }, value: (f) => n(c(f, 'diskFailures')) },
      { label: { en: 'servers failed', zh: '故障服务器' }, value: (f) => n(c(f, 'nodeFailures')) },
      {
        label: { en: 'disks’ share of failures', zh: '坏盘占故障的比例' },
        value: (f) => (Number.isNaN(diskShare(f)) ? '—' : `${Math.round(diskShare(f))} %`),
      },
      { label: { en: 'simulated days', zh: '模拟天数' }, value: (f) => (f.t / DAY).toFixed(1) },
      R.under,
      R.lost,
    ],
    mechanisms: ['F1', 'F2', 'C2'],
    title: { en: '1 · One disk fails every 33 hours', zh: '1 · 每 33 小时坏一块盘' },
    summary: {
      en: 'A datasheet MTBF of a million hours is a failure rate, not a lifetime: in a cluster of 60,000 disks one fails every few hours.',
      zh: '规格书上一百万小时的 MTBF 是故障率，不是寿命：在六万块盘的集群里，几个小时就坏一块。',
    },
    scenario: scenario('lesson-mtbf', { ...QUIET, 'faults.diskFailureMultiplier': 1 }),
    steps: [
      {
        title: { en: 'A rate, not a lifetime', zh: '是故障率，不是寿命' },
        say: {
          en: 'A disk’s datasheet gives a mean time between failures (MTBF) of 1,000,000 hours. That is not a lifetime — no disk runs for 114 years — but a rate measured over many disks: an annual failure rate of 8,760 h ÷ 1,000,000 h ≈ 0.9 % of disks a year. This cluster has 5,000 servers × 12 = 60,000 disks, so failures add up: 1,000,000 ÷ 60,000 ≈ one failed disk every 16.7 hours (the article’s 30,000 disks: every 33 hours).',
          zh: '硬盘规格书给出的平均无故障时间（MTBF）是 100 万小时。这不是寿命——没有哪块盘能连续运行 114 年——而是在大量硬盘上统计出的故障率：年故障率 ≈ 8,760 小时 ÷ 1,000,000 小时 ≈ 每年 0.9% 的盘。这个集群有 5,000 台服务器 × 12 块盘 = 60,000 块盘，故障会叠加：1,000,000 ÷ 60,000 ≈ 每 16.7 小时坏一块（文章里 30,000 块盘：每 33 小时一块）。',
        },
        view: 'racks',
        act: [{ action: 'set', args: { path: 'faults.diskFailureMultiplier', value: 1 } }],
        tryLabel: { en: 'Run three days at the datasheet rate', zh: '按规格书的故障率运行三天' },
        watch: { ms: 3 * DAY, speed: 10_000 },
        expect: { en: 'About four or five disks fail in three days (72 h ÷ 16.7 h).', zh: '三天里大约坏四五块盘（72 ÷ 16.7）。' },
        check: (f) => f.t >= 3 * DAY && c(f, 'diskFailures') >= 2 && c(f, 'diskFailures') <= 10,
        predict: {
          kind: 'number',
          question: { en: 'How many of the 60,000 disks will fail in these three days?', zh: '这三天里，60,000 块盘会坏几块？' },
          unit: { en: 'disks', zh: '块' },
          min: 0,
          max: 60_000,
          answer: (f) => c(f, 'diskFailures'),
          explain: {
            en: 'Expected: 60,000 disks × 72 h ÷ 1,000,000 h ≈ 4.3. Failures come at random (a Poisson stream), so one run gives anywhere from about 2 to 8 — which is why the tick accepts 2 to 10. What counts is not one disk’s “114 years” but the cluster’s failures per day.',
            zh: '期望值：60,000 块 × 72 小时 ÷ 1,000,000 小时 ≈ 4.3 块。故障是随机到来的（泊松过程），所以一次运行可能是 2 到 8 块左右——这也是为什么 2 到 10 块都算确认。要紧的不是一块盘的“114 年”，而是整个集群每天坏多少。',
          },
        },
      },
      {
        title: { en: 'The field is worse than the datasheet', zh: '现场比规格书更糟' },
        say: {
          en: 'In production disks fail several to tens of times more often than the datasheet says (field studies: an annual failure rate of 2–4 % instead of under 1 %). Set the field multiplier to 3 and watch two more days. Whole servers fail too (about one a day here, F1): the readout counts both.',
          zh: '生产环境里硬盘的故障率是规格书的几倍到几十倍（现场统计：年故障率 2–4%，而不是 1% 以下）。把现场倍数设为 3，再看两天。整台服务器也会坏（这里大约每天一台，F1）：读数把两者都计入。',
        },
        act: [{ action: 'set', args: { path: 'faults.diskFailureMultiplier', value: 3 } }],
        tryLabel: { en: 'Field rate ×3, two more days', zh: '现场倍数 ×3，再运行两天' },
        watch: { ms: 2 * DAY, speed: 10_000 },
        expect: {
          en: 'Now a disk fails every 5–6 hours: about eight more in two days. Disks are most of the hardware failures.',
          zh: '现在每 5–6 小时坏一块：两天里又坏大约八块。硬件故障里大多数是坏盘。',
        },
        check: (f) => f.t >= 5 * DAY && c(f, 'diskFailures') >= 5,
        predict: {
          kind: 'number',
          question: {
            en: 'Of all hardware failures in these five days — failed disks and failed servers — what share are disks?',
            zh: '这五天的全部硬件故障（坏盘加上整台服务器故障）中，坏盘占多少？',
          },
          unit: { en: '%', zh: '%' },
          min: 0,
          max: 100,
          answer: (f) => diskShare(f),
          explain: {
            en: 'At the field rate the cluster loses a disk about 0.18 times an hour (60,000 × 3 ÷ 1,000,000 h) and a server 0.05 times (5,000 ÷ 100,000 h): about 78 % of failures are disks — the seed’s “about 80 %”. The first three days, at the datasheet rate, pull this run’s share a little lower; and a handful of failures is a small sample.',
            zh: '按现场故障率，集群每小时坏盘约 0.18 块（60,000 × 3 ÷ 1,000,000 小时），坏服务器约 0.05 台（5,000 ÷ 100,000 小时）：约 78% 的故障是坏盘——正是种子文章说的“约 80%”。前三天按规格书的故障率运行，会把这次运行的比例拉低一些；而且几十次故障只是一个小样本。',
          },
        },
      },
      {
        title: { en: 'Yet nothing is lost', zh: '但数据一点没丢' },
        say: {
          en: 'Every chunk has three copies on three racks; when a disk dies the master copies its chunks again from the survivors, within minutes. Failure is normal; data loss is not.',
          zh: '每个数据块在三个机架上各有一份副本；一块盘坏了，Master 会在几分钟内从幸存的副本再复制一份。故障是常态，丢数据不是。',
        },
        view: 'storage',
        expect: { en: 'Lost chunks: 0, and the cluster is back at full redundancy.', zh: '丢失的数据块：0，集群恢复到完整冗余。' },
        check: (f) => f.storage.lostChunks === 0 && c(f, 'diskFailures') > 0 && f.storage.underReplicated === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Disks have failed all week. How many chunks are lost?',
            zh: '这一周不断有硬盘损坏。丢失了多少个数据块？',
          },
          options: [
            { en: 'None', zh: '一个也没有' },
            { en: 'A few', zh: '几个' },
            { en: 'Hundreds or more', zh: '几百个或更多' },
          ],
          answer: (f) => (f.storage.lostChunks === 0 ? 0 : f.storage.lostChunks < 100 ? 1 : 2),
          explain: {
            en: 'A chunk is lost only if all three of its copies die before any is copied again. A disk failure leaves the other two, and re-replication restores the third within minutes; two more failures in exactly those racks in those minutes are far too unlikely at a disk every few hours.',
            zh: '只有一个数据块的三份副本在任何一份被重新复制之前全部损坏，它才会丢失。坏一块盘，还剩另外两份，重新复制几分钟内就补回第三份；每隔几小时才坏一块盘，在这几分钟里恰好再坏掉那两个机架上的副本，可能性极小。',
          },
        },
      },
    ],
  },
  {
    id: 'placement',
    readout: [
      R.powerOff,
      { label: { en: 'gone for good', zh: '永久损坏' }, value: (f) => n(f.counts.gone) },
      { label: { en: 'chunks unavailable', zh: '不可访问的数据块' }, value: (f) => n(f.storage.unavailableChunks) },
      R.lost,
      {
        label: { en: 'if 1 % fail at once: chance of a loss (this run / copyset)', zh: '若 1% 同时损坏：丢数据的概率（本次运行 / 副本组）' },
        value: (f) => `${pct(f.storage.ifOnePercentFail.pLoss)} / ${pct(f.storage.ifOnePercentFail.copysetPLoss)}`,
      },
      {
        label: { en: 'chunks in a loss, when one comes (this run / copyset)', zh: '一旦丢失，丢多少数据块（本次运行 / 副本组）' },
        value: (f) => `${n(f.storage.ifOnePercentFail.lossIfAnyChunks)} / ${n(f.storage.ifOnePercentFail.copysetLossIfAnyChunks)}`,
      },
    ],
    mechanisms: ['P3', 'F5'],
    title: { en: '2 · Where do the copies go?', zh: '2 · 副本放在哪里？' },
    summary: {
      en: 'Rack-aware, random and copyset placement against a power outage that takes 1 % of servers for good.',
      zh: '机架感知、随机和副本组三种放置，面对一次带走 1% 服务器的断电。',
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
        check: (f) => f.storage.lostChunks === 0 && f.storage.underReplicated === 0,
      },
      {
        title: { en: 'Rack power out: nothing unreachable', zh: '机架断电：数据依然可访问' },
        say: {
          en: 'Cut the power of rack 17. Its 40 servers hold copies of about 9 million chunks (24,000 chunk groups) — but every one of those chunks has two more copies on other racks.',
          zh: '切断 17 号机架的电。它的 40 台服务器上有约 900 万个数据块的副本（24,000 个数据块组）——但这些数据块在其他机架上都还各有两份。',
        },
        act: [{ action: 'rack-power-off', args: { rack: 17 } }],
        tryLabel: { en: 'Cut rack 17', zh: '切断 17 号机架' },
        watch: { ms: 2 * MIN, speed: 60 },
        expect: { en: 'No chunk becomes unavailable and none is lost.', zh: '没有数据块变得不可访问，也没有丢失。' },
        check: (f) => f.counts.powerOff >= 40 && f.storage.unavailable === 0 && f.storage.lostChunks === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 17 loses power: copies of about 9 million chunks go dark with it. How many chunks become unreachable?',
            zh: '17 号机架断电：约 900 万个数据块的副本随之不可用。有多少数据块会变得无法访问？',
          },
          options: [
            { en: 'None', zh: '一个也没有' },
            { en: 'A few (tens)', zh: '少数几个（几十个）' },
            { en: 'Thousands', zh: '几千个' },
          ],
          answer: (f) => (f.storage.unavailableChunks === 0 ? 0 : f.storage.unavailableChunks < 1000 ? 1 : 2),
          explain: {
            en: 'Every chunk with a copy on rack 17 has its two other copies on two other racks, so a rack — its servers, its switch, its power — can go dark whole and nothing becomes unreachable. That is what placing copies rack-aware buys.',
            zh: '每个在 17 号机架上有副本的数据块，另外两份都在另外两个机架上，所以一个机架——它的服务器、交换机、电源——整个断掉，也没有数据变得无法访问。这就是机架感知放置换来的。',
          },
        },
      },
      {
        title: { en: '1 % of servers never come back', zh: '1% 的服务器再也回不来' },
        say: {
          en: 'After a real power outage about 1 % of servers do not come back (Copysets, 2013). With 50 of 5,000 servers gone for good, a chunk is lost if all three of its copies were among them: q = C(50,3) ÷ C(5,000,3) ≈ 1 in a million per chunk. But this cluster holds 375 million chunks of 64 MB, each with its own three servers. The storage view shows the formula beside the run.',
          zh: '真实的断电之后，约有 1% 的服务器起不来（Copysets，2013）。5,000 台里永久失去 50 台，一个数据块只有三份副本都在这 50 台上才会丢：q = C(50,3) ÷ C(5000,3) ≈ 百万分之一。但这个集群有 3.75 亿个 64 MB 的数据块，每个都有自己的三台服务器。存储视图把公式和实际运行并排显示。',
        },
        view: 'storage',
        act: [{ action: 'fail-random-nodes', args: { count: 50 } }],
        tryLabel: { en: 'Destroy 50 random servers', zh: '永久损坏随机 50 台服务器' },
        watch: { ms: 10 * MIN, speed: 600 },
        expect: {
          en: 'A few hundred chunks lost (about 22 GB) — the formula expects about 353. Switch to copyset placement and the chance of losing anything drops below 1 %, but a loss, when it comes, is tens of thousands of chunks.',
          zh: '丢失几百个数据块（约 22 GB）——公式预计约 353 个。换成副本组放置，丢数据的概率降到 1% 以下，但一旦丢，就是几万个数据块。',
        },
        check: (f) => f.counts.gone === 50 && f.storage.lostChunks > 0 && f.storage.lostChunks < 1000,
        predict: {
          kind: 'number',
          question: {
            en: '50 of the 5,000 servers (1 %) are destroyed for good. How many of the 375 million chunks are lost?',
            zh: '5,000 台服务器中有 50 台（1%）永久损坏。3.75 亿个数据块会丢几个？',
          },
          unit: { en: 'chunks', zh: '个' },
          min: 0,
          max: 375_000_000,
          answer: (f) => f.storage.lostChunks,
          explain: {
            en: 'Intuition says “1 % of the servers, 1 % of the data” — 3.75 million chunks. But a chunk is lost only if all three of its copies were among the 50: C(50,3) ÷ C(5,000,3) ≈ 1 in a million per chunk, so about 353 of the 375 million. Three independent copies turn 1 % into roughly its cube — and with hundreds of millions of chunks, each on its own three servers, some loss is all but certain (the Copysets paper).',
            zh: '直觉会说“1% 的服务器，1% 的数据”——375 万个数据块。但只有三份副本都在这 50 台上，数据块才会丢：每个数据块的概率是 C(50,3) ÷ C(5000,3) ≈ 百万分之一，所以 3.75 亿个里大约丢 353 个。三份相互独立的副本，把 1% 变成了大约它的立方——而几亿个数据块各有自己的三台服务器，总会丢一些，几乎是必然的（Copysets 论文）。',
          },
        },
      },
      {
        title: { en: 'Copyset placement: rarer losses, bigger ones', zh: '副本组放置：丢得更少，一丢就多' },
        say: {
          en: 'The Copysets paper (2013) asks another question: not how many chunks are lost, but how often anything is. Here each of the 375 million chunks has its own three servers on three racks — hundreds of millions of distinct triples — so almost any 50 servers hold all three copies of some chunk. Copyset placement lets a server share chunks with only a few others (storage.scatterWidth = 10): the same chunks then live on about 8,300 triples, some 45,000 chunks on each. The expected loss is the same ≈ 353 chunks for any placement; what changes is how it comes. The readout sets the two side by side for 1 % of the servers failing at once, on the real chunk counts.',
          zh: 'Copysets 论文（2013）问的是另一个问题：不是丢多少个数据块，而是多久会丢一次。这里 3.75 亿个数据块各有自己的三台服务器、分在三个机架上——几亿种不同的三台组合——所以几乎任意 50 台服务器里，都有某个数据块的三份副本。副本组放置让每台服务器只和少数几台共享数据块（storage.scatterWidth = 10）：同样的数据块就只落在约 8,300 个三台组合上，每个组合约 45,000 个数据块。无论哪种放置，预计丢失都是约 353 个数据块；变的是丢的方式。读数把两者并排显示：1% 的服务器同时损坏，按真实的数据块数计算。',
        },
        view: 'storage',
        // a short watch: the ✓ comes from a frame, and the page stands paused after step 3's watch
        watch: { ms: 30_000, speed: 10 },
        expect: {
          en: 'With copyset placement the chance of losing anything falls below 1 % — but a loss, when it comes, is tens of thousands of chunks instead of a few hundred.',
          zh: '换成副本组放置，丢数据的概率降到 1% 以下——但一旦丢，就是几万个数据块，而不是几百个。',
        },
        check: (f) => {
          const w = f.storage.ifOnePercentFail;
          // after step 3's 50 destroyed servers: the comparison stands beside the loss the class has just seen
          return (
            f.counts.gone >= 50 &&
            w.pLoss > 0.99 &&
            w.copysetPLoss < 0.01 &&
            w.copysetLossIfAnyChunks > 10_000 &&
            w.copysetLossIfAnyChunks > 20 * w.lossIfAnyChunks
          );
        },
        predict: {
          kind: 'choice',
          question: {
            en: 'The same 375 million chunks, placed in copysets (about 8,300 server triples). 1 % of the servers die at once: what is the chance that any chunk is lost?',
            zh: '同样的 3.75 亿个数据块，按副本组放置（约 8,300 个三台组合）。1% 的服务器同时损坏：有数据块丢失的概率是多少？',
          },
          options: [
            { en: 'Still all but certain', zh: '仍然几乎必然' },
            { en: 'About a half', zh: '大约一半' },
            { en: 'Below 1 %', zh: '低于 1%' },
          ],
          answer: (f) => (f.storage.ifOnePercentFail.copysetPLoss > 0.9 ? 0 : f.storage.ifOnePercentFail.copysetPLoss >= 0.01 ? 1 : 2),
          explain: {
            en: 'A chunk is lost only if its three servers are all among the 50: C(50,3) ÷ C(5,000,3) ≈ 1 in a million for any one triple. With hundreds of millions of triples in use, some triple is almost surely inside the 50; with about 8,300, the chance is about 8,300 × 0.94 in a million ≈ 0.8 % — below 1 %. The average loss is the same ≈ 353 chunks, so when copyset placement does lose, it loses a whole triple’s worth: about 45,000 chunks. Rare, large losses suit a system where any loss is costly to recover (a restore from backup costs about the same for one chunk as for thousands).',
            zh: '只有三台服务器都在这 50 台里，数据块才会丢：任何一个三台组合的概率是 C(50,3) ÷ C(5000,3) ≈ 百万分之一。用着几亿种组合时，几乎必定有某个组合落在这 50 台里；只有约 8,300 种时，概率约为 8,300 × 百万分之 0.94 ≈ 0.8%——低于 1%。平均丢失仍是约 353 个数据块，所以副本组放置一旦丢，就丢掉整整一个组合的数据：约 45,000 个数据块。少见而大块的丢失，适合任何一次丢失都很难恢复的系统（从备份恢复一个数据块和几千个，代价差不多）。',
          },
        },
      },
    ],
  },
  {
    id: 'rack-dark',
    readout: [
      R.powerOff,
      R.believedDead,
      R.under,
      R.lost,
      { label: { en: 'task instances rerun elsewhere (Fuxi)', zh: '转到别处重跑的任务实例（伏羲）' }, value: (f) => n(c(f, 'instancesRerun')) },
      {
        label: { en: 'recovery.outDelayMs (the wait)', zh: 'recovery.outDelayMs（等待时间）' },
        value: (f, lang) => `${n(f.storage.outDelay.delayMs / MIN)} ${lang === 'zh' ? '分钟' : 'min'}`,
      },
      { label: { en: 'chunk-hours one copy short', zh: '少一个副本的数据块·小时' }, value: (f) => n(f.storage.outDelay.oneCopyShortChunkHours) },
      {
        label: { en: 'copied for servers that came back', zh: '为回来的服务器白复制的数据' },
        value: (f) => `${(f.storage.outDelay.copiedForReturnedBytes / 1e12).toFixed(1)} TB`,
      },
    ],
    mechanisms: ['P1', 'P3', 'S2', 'F4', 'S3'],
    title: { en: '3 · A rack goes dark', zh: '3 · 一个机架断电' },
    summary: {
      en: 'Detection, re-replication and the time to full redundancy after a rack loses power.',
      zh: '机架断电之后：故障检测、重新复制、恢复完整冗余所需的时间。',
    },
    // every server survives its power cycles here (lesson 8 shows the 0.5 % that do not), so each reboot brings all 40 back
    scenario: scenario('lesson-rack-dark', { 'faults.powerCycleFailure': 0 }),
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
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 17 has just gone dark. What does the master believe about its 40 servers right now?',
            zh: '17 号机架刚刚断电。此刻 Master 认为它的 40 台服务器怎么样了？',
          },
          options: [
            { en: 'Dead: they are off', zh: '宕机：它们已经关了' },
            { en: 'Alive or suspect: it has not yet missed enough heartbeats', zh: '存活或可疑：它还没有错过足够多的心跳' },
          ],
          answer: (f) => (f.counts.believedDead >= 40 ? 0 : 1),
          explain: {
            en: 'The master cannot see the power; it sees only heartbeats that stop coming. It marks a server suspect after a few silent seconds and dead after 60 s of silence (detection.deadAfterMs, ours). Truth and belief differ for that minute.',
            zh: 'Master 看不到电源，只看得到不再到来的心跳。服务器沉默几秒后被标为可疑，沉默 60 秒后才被判定宕机（detection.deadAfterMs，我们的假设）。这一分钟里，真相和 Master 的判断并不一致。',
          },
        },
      },
      {
        title: { en: 'Declared dead', zh: '判定死亡' },
        say: {
          en: 'After 60 s of silence the master declares the servers dead. In our model it then waits 10 minutes (recovery.outDelayMs; Ceph waits 600 s, GFS 15 min) before copying their chunks again: a server that is merely rebooting comes back in that time and costs no copy. Meanwhile their chunks have one copy fewer. Fuxi, the scheduler, hears the same verdict and does not wait: the task instances that were running on the 40 servers are started again on other servers (the readout counts them).',
          zh: '静默 60 秒后，Master 判定这些服务器死亡。在我们的模型中，它还要再等 10 分钟（recovery.outDelayMs；Ceph 等 600 秒，GFS 等 15 分钟）才重新复制它们的数据：只是在重启的服务器会在这段时间内回来，不必复制任何数据。在此期间，这些数据块少一个副本。调度系统伏羲得到同样的判定，但不等待：原来在这 40 台服务器上运行的任务实例，立刻在其他服务器上重新运行（读数里有计数）。',
        },
        watch: { ms: 60_000, speed: 10 },
        expect: {
          en: '40 servers believed dead; nothing copied yet: the master waits. Fuxi has already rerun their task instances elsewhere.',
          zh: '40 台被判定死亡；还没有开始复制：Master 在等待。伏羲已经把它们上面的任务实例转到别处重新运行。',
        },
        check: (f) => f.counts.believedDead >= 40 && f.storage.underReplicated === 0 && c(f, 'instancesRerun') > 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'The master has declared the 40 servers dead. Does it start copying their chunks now?',
            zh: 'Master 已判定这 40 台服务器死亡。它现在就开始复制它们的数据块吗？',
          },
          options: [
            { en: 'Yes, at once', zh: '是，立刻开始' },
            { en: 'No, it waits first', zh: '不，先等一等' },
            { en: 'Only once the power is back', zh: '要等恢复供电之后' },
          ],
          answer: (f) => (f.storage.underReplicated === 0 ? 1 : 0),
          explain: {
            en: 'In our model the master waits recovery.outDelayMs (10 minutes) after declaring a server dead — Ceph waits 600 s, GFS 15 min — because most silent servers are merely rebooting and come back. Copying at once would move terabytes for nothing; the price is ten minutes with one copy fewer.',
            zh: '在我们的模型中，Master 判定服务器死亡后还要等 recovery.outDelayMs（10 分钟）——Ceph 等 600 秒，GFS 等 15 分钟——因为大多数失联的服务器只是在重启，很快会回来。立刻复制会白白搬运几 TB 数据；代价是这十分钟里少一个副本。',
          },
        },
      },
      {
        title: { en: 'The wait ends', zh: '等待结束' },
        say: {
          en: 'The servers are still dark after the wait, so the master counts their copies as gone and starts copying their chunks from the copies on other racks.',
          zh: '等待结束时这些服务器仍然断电，于是 Master 认为它们的副本已不存在，开始从其他机架上的副本重新复制它们的数据块。',
        },
        watch: { ms: 11 * MIN, speed: 60 },
        expect: {
          en: 'About 24,000 chunk groups — some 9 million chunks — under-replicated, being copied.',
          zh: '约 24,000 个数据块组——约 900 万个数据块——副本不足，正在复制。',
        },
        check: (f) => f.storage.underReplicated > 1000,
        predict: {
          kind: 'number',
          question: {
            en: 'Rack 17 held one copy of how many chunks? (Each of the 375 million chunks has 3 copies on 3 of the 125 racks.)',
            zh: '17 号机架上存着多少个数据块的一份副本？（3.75 亿个数据块，每个有 3 份副本，分布在 125 个机架中的 3 个上。）',
          },
          unit: { en: 'chunks', zh: '个' },
          min: 0,
          max: 1_000_000_000,
          answer: (f) => f.storage.underReplicatedChunks,
          explain: {
            en: '375 million chunks × 3 copies ÷ 125 racks ≈ 9 million: one rack in 125 holds a copy of 3 in 125 chunks. Our model stores them in 24,000 chunk groups of 375 chunks, and copies a group at a time.',
            zh: '3.75 亿个数据块 × 3 份副本 ÷ 125 个机架 ≈ 900 万：125 个机架中的一个，存着 125 个数据块中 3 个的副本。我们的模型把它们存成 24,000 个数据块组，每组 375 个数据块，按组复制。',
          },
        },
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
        check: (f) => f.storage.underReplicated === 0 && f.storage.lostChunks === 0 && f.storage.lastTimeToFullRedundancyMs > 0,
        predict: {
          kind: 'number',
          question: {
            en: 'About 9 million chunks (24,000 chunk groups) are missing a copy. How long until the cluster is back at full redundancy?',
            zh: '约 900 万个数据块（24,000 个数据块组）少了一个副本。集群要多久才能恢复完整冗余？',
          },
          unit: { en: 'minutes', zh: '分钟' },
          min: 0,
          max: 10_000,
          step: 1,
          answer: (f) => (f.storage.degradedForMs >= 0 ? f.storage.degradedForMs : f.storage.lastTimeToFullRedundancyMs) / MIN,
          explain: {
            en: 'The copying is spread over every rack, but throttled so that clients keep most of the bandwidth, and the rack uplinks and the core are shared: the time to full redundancy is set by those limits, not by the disks. The engine’s figure counts from the first under-replicated chunk to the last copy made.',
            zh: '复制分散到所有机架上进行，但被限速，让客户端保有大部分带宽；机架上行链路和核心网络又是共享的：恢复完整冗余的时间由这些限制决定，而不是由磁盘决定。引擎的数字从第一个数据块副本不足算起，到最后一份副本复制完成为止。',
          },
        },
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
        expect: {
          en: 'All 40 servers up and believed alive again. Every copy made for them is now extra: the readout counts those terabytes as copied for servers that came back.',
          zh: '40 台服务器全部恢复，Master 也认为它们活着。为它们做的每一份复制现在都多余了：读数把这些 TB 记为为回来的服务器白复制的数据。',
        },
        check: (f) => f.counts.powerOff === 0 && f.counts.believedDead === 0 && f.storage.outDelay.copiedForReturnedBytes > 0,
      },
      {
        title: { en: 'A reboot, not an outage', zh: '是重启，不是故障' },
        say: {
          en: 'Most silent servers are only rebooting. Cut another rack, 23 (rack 17’s servers came back to find their chunks copied elsewhere: the master deleted their old copies), and this time it will come back within the wait: watch until the master has declared its servers dead (in this lesson every server survives its power cycles; lesson 8 shows the 0.5 % that do not). Its chunks are one copy short from now on, and the readout’s chunk-hours grow — that is the price of waiting.',
          zh: '大多数失联的服务器只是在重启。切断另一个机架，23 号（17 号机架的服务器回来时，它们的数据块已在别处复制好，Master 删掉了它们的旧副本），这次它会在等待时间内回来：一直看到 Master 判定这些服务器死亡（本课里每台服务器都能挺过断电重启；第 8 课展示挺不过的那 0.5%）。从现在起它们的数据块少一个副本，读数里的数据块·小时不断增加——这是等待的代价。',
        },
        view: 'storage',
        act: [{ action: 'rack-power-off', args: { rack: 23 } }],
        tryLabel: { en: 'Cut rack 23', zh: '切断 23 号机架' },
        watch: { ms: 2 * MIN, speed: 10 },
        expect: {
          en: '40 servers declared dead, nothing copied: the master waits its 10 minutes.',
          zh: '40 台被判定死亡，没有复制：Master 在等它的 10 分钟。',
        },
        check: (f) => f.counts.powerOff >= 40 && f.counts.believedDead >= 40 && f.storage.outDelay.delayMs > 0 && f.storage.underReplicated === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 23’s servers are declared dead. What does the master copy during its 10-minute wait?',
            zh: '23 号机架的服务器被判定宕机。在 10 分钟的等待里，Master 复制什么？',
          },
          options: [
            { en: 'Nothing yet', zh: '暂时什么都不复制' },
            { en: 'All their chunks, at once', zh: '立刻复制它们的全部数据块' },
          ],
          answer: (f) => (f.storage.underReplicated === 0 ? 0 : 1),
          explain: {
            en: 'Declared dead is not yet out: the master waits recovery.outDelayMs (10 minutes here, as Ceph does; GFS waits 15) in case the servers are only rebooting. Until then their chunks are one copy short but nothing is copied.',
            zh: '判定宕机还不等于移出：Master 会等待 recovery.outDelayMs（这里是 10 分钟，和 Ceph 一样；GFS 等 15 分钟），以防服务器只是在重启。在此之前，它们的数据块少了一份副本，但什么都不复制。',
          },
        },
      },
      {
        title: { en: 'Back within the wait', zh: '在等待时间内回来' },
        say: {
          en: 'Power rack 23 back on, a few minutes after its servers were declared dead. They boot and send their chunk reports before the 10 minutes are up.',
          zh: '给 23 号机架恢复供电，这时离它的服务器被判定死亡只过了几分钟。它们启动，并在 10 分钟到期之前发出数据块汇报。',
        },
        act: [{ action: 'rack-power-on', args: { rack: 23 } }],
        tryLabel: { en: 'Restore rack 23', zh: '恢复 23 号机架' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'All 40 back before the wait ended: nothing was copied for them; the cost was their chunks’ time one copy short.',
          zh: '40 台都在等待结束前回来了：没有为它们复制任何数据；代价只是它们的数据块少一个副本的那段时间。',
        },
        check: (f) =>
          f.counts.powerOff === 0 && f.counts.believedDead === 0 && f.storage.outDelay.serversBackBeforeOut >= 40 && f.storage.underReplicated === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 23 comes back a few minutes after its servers were declared dead, within the 10-minute wait. What does the master copy for them?',
            zh: '23 号机架在服务器被判定死亡几分钟后回来，还在 10 分钟的等待时间内。Master 为它们复制了什么？',
          },
          options: [
            { en: 'Nothing', zh: '什么都没复制' },
            { en: 'Part of their data', zh: '一部分数据' },
            { en: 'All of their data, hundreds of terabytes', zh: '全部数据，几百 TB' },
          ],
          answer: (f) => (f.storage.outDelay.serversBackBeforeOut >= 40 ? 0 : f.storage.underReplicated > 0 ? 1 : 2),
          explain: {
            en: 'While it waits, the master counts the silent servers’ copies as still there and starts no copy for them. Back in time, their chunk reports make every chunk whole again, and not a byte moved. What the wait cost is the chunk-hours in the readout: all that time those chunks had only two live copies.',
            zh: '等待期间，Master 仍把失联服务器上的副本算作存在，不为它们启动任何复制。它们及时回来，数据块汇报一到，每个数据块又完整了，一个字节也没有搬。等待的代价是读数里的数据块·小时：这段时间这些数据块只有两份可用的副本。',
          },
        },
      },
      {
        title: { en: 'The same reboot without the wait', zh: '同样的重启，不等待' },
        say: {
          en: 'Set recovery.outDelayMs to 0 — copy as soon as a server is declared dead — and cut rack 23 once more. This time watch for about as long as the wait would have been: eight minutes of copying.',
          zh: '把 recovery.outDelayMs 设为 0——服务器一被判定死亡就复制——然后再切断一次 23 号机架。这次看的时间和等待时间差不多：复制八分钟。',
        },
        act: [
          { action: 'set', args: { path: 'recovery.outDelayMs', value: 0 } },
          { action: 'rack-power-off', args: { rack: 23 } },
        ],
        tryLabel: { en: 'No wait; cut rack 23', zh: '不等待；切断 23 号机架' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'As soon as the servers are declared dead, their chunks are under-replicated and copying starts; eight minutes later it is still going.',
          zh: '服务器一被判定死亡，它们的数据块就副本不足，复制立即开始；八分钟后仍在复制。',
        },
        check: (f) =>
          f.storage.outDelay.delayMs === 0 && f.counts.believedDead >= 40 && f.storage.underReplicated > 0 && f.storage.degradedForMs >= 8 * MIN,
        predict: {
          kind: 'choice',
          question: {
            en: 'No wait now (recovery.outDelayMs = 0). When does copying start?',
            zh: '现在不再等待（recovery.outDelayMs = 0）。复制什么时候开始？',
          },
          options: [
            { en: 'As soon as the servers are declared dead', zh: '服务器一被判定宕机就开始' },
            { en: 'Ten minutes later, as before', zh: '和之前一样，十分钟后' },
          ],
          answer: (f) => (f.storage.outDelay.delayMs === 0 && f.storage.underReplicated > 0 ? 0 : 1),
          explain: {
            en: 'With no wait, declared dead means out: the master starts copying every chunk the servers held at once. If they come back soon, all of that copying was for nothing — the next step.',
            zh: '不等待时，判定宕机就等于移出：Master 立刻开始复制这些服务器上的每一个数据块。如果它们很快回来，这些复制就全白做了——见下一步。',
          },
        },
      },
      {
        title: { en: 'Back again: copies for nothing', zh: '又回来了：白复制' },
        say: {
          en: 'Restore rack 23. Its servers come back with all their data, so everything copied for them meanwhile is extra and is deleted.',
          zh: '恢复 23 号机架。它的服务器带着全部数据回来，所以这期间为它们复制的一切都多余了，会被删掉。',
        },
        act: [{ action: 'rack-power-on', args: { rack: 23 } }],
        tryLabel: { en: 'Restore rack 23', zh: '恢复 23 号机架' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'All back; the copies made during the few minutes are trimmed: the readout’s terabytes copied for returned servers grow, and the chunk-hours one copy short do not. Which costs more depends on how often servers come back — the reason Ceph and GFS wait 10–15 minutes.',
          zh: '全部回来；这几分钟里做的复制被删减：读数里为回来的服务器白复制的 TB 增加了，而少一个副本的数据块·小时没有增加。哪种代价更大，取决于服务器回来的频率——这就是 Ceph 和 GFS 要等 10–15 分钟的原因。',
        },
        check: (f) => f.storage.outDelay.delayMs === 0 && f.counts.powerOff === 0 && f.counts.believedDead === 0 && f.storage.underReplicated === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 23 comes back with all its data, after eight minutes of copying for it. What happens to the copies made meanwhile?',
            zh: '23 号机架带着全部数据回来了，而在这八分钟里已经为它复制了不少。这期间做出的副本会怎样？',
          },
          options: [
            { en: 'Deleted: each chunk now has a copy too many', zh: '删除：每个数据块现在多了一份副本' },
            { en: 'Kept: more copies are safer', zh: '保留：副本越多越安全' },
          ],
          answer: (f) => (f.storage.overReplicated === 0 && f.storage.outDelay.copiedForReturnedBytes > 0 ? 0 : 1),
          explain: {
            en: 'Every chunk is meant to have three copies; the returning servers’ chunk reports show a fourth, and the master trims it. The terabytes copied for the returned servers were traffic and disk time spent for nothing — the cost of not waiting.',
            zh: '每个数据块应该正好有三份副本；回来的服务器的块汇报显示出第四份，Master 会把它删掉。为回来的服务器复制的那些 TB，是白白花掉的网络流量和磁盘时间——这就是不等待的代价。',
          },
        },
      },
    ],
  },
  {
    id: 'mirror-storm',
    readout: [
      R.down,
      R.believedDead,
      {
        label: { en: 'core network load', zh: '核心网络负载' },
        value: (f, lang) => `${Math.round(f.coreUtil * 100)} %${f.onBackup ? (lang === 'zh' ? '（备用网络）' : ' (backup)') : ''}`,
      },
      {
        label: { en: 'recovery asked / delivered', zh: '恢复流量 请求 / 送达' },
        value: (f) => `${n(f.recovery.demandGbps)} / ${n(f.recovery.deliveredGbps)} Gb/s`,
      },
      { label: { en: 'recovery policy', zh: '恢复策略' }, value: (f, lang) => word(f.recovery.policy, lang) },
    ],
    mechanisms: ['F6', 'R1', 'R2'],
    title: { en: '4 · The 2011 mirror storm', zh: '4 · 2011 年的镜像风暴' },
    summary: {
      en: 'A routine network change at night, recovery that copies at once and without limit — and the same moment with the guard on.',
      zh: '夜里一次例行的网络变更，加上“立刻、不限速”的自动恢复——再看同一时刻打开保护会怎样。',
    },
    // The mirror-storm-night preset (00:47, light client traffic, naive recovery: the storm grows on the backup
    // network itself); the class moves the traffic and switches the guard on itself.
    scenario: scenario('lesson-mirror-storm', {}, 'mirror-storm-night'),
    steps: [
      {
        title: { en: 'A quiet night', zh: '平静的夜晚' },
        say: {
          en: 'Amazon EBS, 21 April 2011, 00:47: client traffic is light. Recovery here is naive, as it was then: as soon as a server looks dead, its data is copied again at full speed. The storm view shows the four-stage loop, lit by live numbers. Let five quiet minutes pass.',
          zh: '2011 年 4 月 21 日 00:47，亚马逊 EBS：客户端流量很小。这里的自动恢复是“朴素”的，和当时一样：一台服务器看起来死了，就立刻全速重新复制它的数据。镜像风暴视图用实时数字点亮四个阶段的循环。先让平静的五分钟过去。',
        },
        view: 'storm',
        watch: { ms: 5 * MIN, speed: 60 },
        expect: { en: 'Nothing happens: every server is up and believed alive.', zh: '什么也没发生：所有服务器都在运行，Master 也认为它们活着。' },
        check: (f) => f.t >= 5 * MIN && f.recovery.policy === 'naive' && !f.onBackup && f.counts.falselyDead === 0,
      },
      {
        title: { en: 'A routine network change', zh: '一次例行的网络变更' },
        say: {
          en: 'To upgrade the primary network, an engineer moves its traffic — by mistake — onto the backup network, built for a tenth of the load. The backup network runs hot; heartbeats start to get lost.',
          zh: '为了升级主网络，工程师把它的流量——操作失误地——切到了备用网络上，而备用网络只按十分之一的负载建设。备用网络满负荷运行，心跳开始丢失。',
        },
        view: 'storm',
        act: [{ action: 'network-maintenance' }],
        tryLabel: { en: 'Move traffic to the backup network', zh: '把流量切到备用网络' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'Healthy servers are declared dead — far more than are really down — and naive recovery starts copying all their data at once.',
          zh: '健康的服务器被判定死亡——远多于真正宕机的数量——朴素的自动恢复立刻开始复制它们的全部数据。',
        },
        check: (f) => f.onBackup && f.counts.believedDead > 10 * (trulyDown(f) + 10),
        predict: {
          kind: 'choice',
          question: {
            en: 'The backup network runs hot and loses heartbeats. How many healthy servers will the master declare dead?',
            zh: '备用网络过载，心跳开始丢失。Master 会把多少台健康的服务器判定为宕机？',
          },
          options: [
            { en: 'None, or a handful', zh: '没有，或者几台' },
            { en: 'Dozens', zh: '几十台' },
            { en: 'Hundreds or more', zh: '几百台或更多' },
          ],
          answer: (f) => (f.counts.falselyDead < 10 ? 0 : f.counts.falselyDead < 100 ? 1 : 2),
          explain: {
            en: 'Each server declared dead starts copies of all its data, and the copies load the same backup network that carries the heartbeats: more loss, more false deaths, more copies. That loop is the mirror storm.',
            zh: '每判定一台服务器宕机，就开始复制它的全部数据，而这些复制又压在承载心跳的同一个备用网络上：心跳丢得更多，误判宕机更多，复制也更多。这个循环就是镜像风暴。',
          },
        },
      },
      {
        title: { en: 'The storm feeds itself', zh: '风暴自我强化' },
        say: {
          en: 'Follow the loop: the copying overloads the network → more heartbeats are lost → more healthy servers are declared dead → more data to copy. Recovery asks for far more bandwidth than the network can deliver, and nothing here is broken.',
          zh: '沿着循环看：复制流量压垮网络 → 更多心跳丢失 → 更多健康服务器被判死 → 需要复制的数据更多。恢复流量要的带宽远超网络能送达的，而这里没有任何硬件坏掉。',
        },
        view: 'storm',
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'Ten minutes on: the core is over capacity, recovery asks for more than gets through, and healthy servers are still believed dead by the thousand.',
          zh: '十分钟后：核心网络超载，恢复请求的流量超过实际能送达的，仍有成千台健康服务器被认为已经死亡。',
        },
        check: (f) =>
          f.t >= 15 * MIN &&
          f.onBackup &&
          f.coreUtil > 1 &&
          f.recovery.demandGbps > f.recovery.deliveredGbps &&
          f.counts.falselyDead > 10 * (trulyDown(f) + 10),
        predict: {
          kind: 'number',
          question: {
            en: 'No hardware has failed. Ten minutes into the storm, how many of the 5,000 servers does the master believe dead?',
            zh: '没有任何硬件故障。风暴开始十分钟后，5,000 台服务器中 Master 认为多少台已经死亡？',
          },
          unit: { en: 'servers', zh: '台' },
          min: 0,
          max: 5_000,
          answer: (f) => f.counts.believedDead,
          explain: {
            en: 'A lost heartbeat looks exactly like a dead server. The backup network, built for a tenth of the load, drops heartbeats, and naive recovery turns each false death into copying that drops still more: compare the engine’s count with “truly down” in the readout — that gap is the storm.',
            zh: '丢失的心跳看起来和死掉的服务器一模一样。备用网络只按十分之一的负载建设，开始丢心跳；朴素的自动恢复把每一次误判都变成复制流量，丢掉更多心跳：把引擎的数字和读数里的“真正宕机”比一比——差距就是风暴。',
          },
        },
      },
      {
        title: { en: 'The same moment, with the guard on', zh: '同一时刻，打开保护' },
        say: {
          en: 'Now switch recovery to guarded, right here in the storm, with the traffic still on the backup network: recovery is throttled, clients keep their headroom, and a circuit breaker stops automatic recovery when too much looks dead at once. (The storm view’s “compare” forks naive and guarded from this very moment, side by side.)',
          zh: '现在就在风暴中把恢复策略切换为“受控”，流量仍在备用网络上：恢复被限速，客户端保有余量，当看起来同时死亡的太多时，熔断器会停掉自动恢复。（镜像风暴视图的“对比”可以从这一刻分叉，把朴素和受控并排运行。）',
        },
        view: 'storm',
        act: [{ action: 'set', args: { path: 'recovery.policy', value: 'guarded' } }],
        tryLabel: { en: 'Switch the guard on', zh: '打开保护' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'The storm stops: without mass copying the backup network carries the clients, heartbeats get through, and the servers believed dead fall to a small fraction of the naive peak.',
          zh: '风暴停止：没有了大规模复制，备用网络能承载客户端流量，心跳恢复，被认为死亡的服务器降到朴素策略峰值的一小部分。',
        },
        check: (f) =>
          f.onBackup &&
          f.recovery.policy === 'guarded' &&
          seriesPeak(f, 'believedDead') > 10 * (f.counts.believedDead + 10) &&
          f.recovery.demandGbps <= f.recovery.deliveredGbps + 1,
        predict: {
          kind: 'choice',
          question: {
            en: 'The guard goes on in the middle of the storm, with the traffic still on the backup network. What happens in the next ten minutes?',
            zh: '在风暴中途打开保护，流量仍在备用网络上。接下来十分钟会怎样？',
          },
          options: [
            { en: 'The storm goes on: too late to stop it', zh: '风暴继续：已经来不及了' },
            { en: 'It dies down: the false deaths clear', zh: '风暴平息：误判死亡逐渐消失' },
            { en: 'Data is lost', zh: '数据丢失' },
          ],
          answer: (f) => (f.storage.lostChunks > 0 ? 2 : seriesPeak(f, 'believedDead') > 10 * (f.counts.believedDead + 10) ? 1 : 0),
          explain: {
            en: 'The storm is a loop, and the guard cuts it where it feeds itself: throttled recovery leaves clients and heartbeats their headroom, and the circuit breaker stops mass copying when too much looks dead at once. Heartbeats get through again and the false deaths clear — on the same backup network.',
            zh: '风暴是一个循环，保护机制在它自我强化的地方把它切断：限速的恢复给客户端和心跳留出余量，熔断器在太多服务器同时“看起来死了”时停止大规模复制。心跳重新通过，误判死亡消失——还是在同一个备用网络上。',
          },
        },
      },
      {
        title: { en: 'Back to the primary network', zh: '切回主网络' },
        say: {
          en: 'Undo the change. In 2011 it took days to re-mirror EBS. Here, with the guard on, there is nothing to undo: no healthy server lost its data, so no storm of copies follows.',
          zh: '撤销这次变更。2011 年，EBS 用了几天才重新完成镜像。这里打开了保护，没有什么需要补救：没有健康服务器丢失数据，因此也没有随之而来的镜像风暴。',
        },
        view: 'storm',
        act: [{ action: 'network-restore' }],
        tryLabel: { en: 'Restore the primary network', zh: '恢复主网络' },
        watch: { ms: 5 * MIN, speed: 60 },
        expect: {
          en: 'Back on the primary network, no healthy server believed dead, no data lost.',
          zh: '回到主网络，没有健康服务器被判死，没有丢数据。',
        },
        check: (f) => !f.onBackup && f.counts.falselyDead === 0 && f.storage.lostChunks === 0,
      },
    ],
  },
  {
    id: 'corruption',
    readout: [{ label: { en: 'corrupted detectors', zh: '状态损坏的服务器' }, value: (f) => n(f.counts.corrupted) }, R.falselyDead, R.up],
    mechanisms: ['F7', 'R1'],
    title: { en: '5 · One bad bit', zh: '5 · 一个坏掉的比特' },
    summary: {
      en: 'The S3 outage of 2008: corrupted failure-detector state spreads by gossip with no hardware fault at all.',
      zh: '2008 年 S3 故障：损坏的故障检测状态通过流言协议传播，而硬件完全没有故障。',
    },
    scenario: scenario('lesson-corruption', QUIET),
    steps: [
      {
        title: { en: 'One corrupted message', zh: '一条损坏的消息' },
        say: {
          en: 'Servers exchange their view of who is alive by gossip. On 20 July 2008 one bit in such a message was flipped, and the messages had no checksum. Corrupt the state of one server.',
          zh: '服务器之间通过流言协议交换“谁还活着”的信息。2008 年 7 月 20 日，其中一条消息里有一个比特翻转了，而消息没有校验和。损坏一台服务器的状态。',
        },
        view: 'racks',
        act: [{ action: 'detector-corruption', args: { node: 1234 } }],
        tryLabel: { en: 'Corrupt server #1234', zh: '损坏 #1234 号服务器的状态' },
        watch: { ms: 2 * MIN, speed: 10 },
        expect: {
          en: 'It spreads: every server that gossips with a corrupted one is corrupted too.',
          zh: '它在传播：每台通过流言协议和已损坏服务器交换过信息的服务器也被损坏。',
        },
        check: (f) => f.counts.corrupted > 4,
        predict: {
          kind: 'choice',
          question: {
            en: 'The state of one server is corrupted. How far does it go?',
            zh: '一台服务器的状态被破坏了。它会影响多远？',
          },
          options: [
            { en: 'It stays on that server', zh: '只留在那台服务器上' },
            { en: 'It spreads to other servers', zh: '它会传到其他服务器' },
          ],
          answer: (f) => (f.counts.corrupted > 1 ? 1 : 0),
          explain: {
            en: 'Gossip forwards whatever a server believes, and without a checksum nobody can tell a corrupted message from a good one: every server that hears from a corrupted one takes the bad state and passes it on.',
            zh: '流言协议会把服务器相信的东西原样转发，没有校验和，谁也分不清被破坏的消息和正常的消息：每台收到被破坏服务器消息的服务器都会接受这个错误状态，再传下去。',
          },
        },
      },
      {
        title: { en: 'The whole cluster', zh: '整个集群' },
        say: {
          en: 'Keep watching. S3 had no master (that is history); in our model a master judges the servers: it cannot use a corrupted server’s reports and, in time, declares it dead — though every server is really up. No disk failed, no power went out.',
          zh: '继续观察。S3 并没有 Master（这是历史）；在我们的模型里由一个 Master 判断服务器：它无法使用已损坏服务器的报告，一段时间后把它判定为死亡——尽管每台服务器其实都在运行。没有坏盘，也没有断电。',
        },
        watch: { ms: 15 * MIN, speed: 60 },
        expect: { en: 'Thousands of healthy servers falsely declared dead.', zh: '几千台健康的服务器被误判死亡。' },
        check: (f) => f.counts.corrupted > 2500 && f.counts.falselyDead > 1000 && f.counts.up > 4900,
        predict: {
          kind: 'number',
          question: {
            en: 'No disk fails and no power goes out. In 15 minutes, how many of the 5,000 healthy servers will be falsely declared dead?',
            zh: '没有坏盘，也没有断电。15 分钟内，5,000 台健康的服务器中会有多少台被误判死亡？',
          },
          unit: { en: 'servers', zh: '台' },
          min: 0,
          max: 5_000,
          answer: (f) => f.counts.falselyDead,
          explain: {
            en: 'History: S3 in 2008 had no central master — its servers spread state by gossip, and the corrupted state kept spreading until the engineers stopped all server-to-server traffic. Our model: a master reads the servers’ reports and declares a server dead when it cannot use them, so the same one bit, spread by gossip, shows up here as thousands of false deaths.',
            zh: '历史：2008 年的 S3 没有中心 Master——服务器之间通过流言协议传播状态，损坏的状态一直扩散，直到工程师停掉所有服务器之间的通信。我们的模型：由一个 Master 读取服务器的报告，报告无法使用时就判定该服务器死亡，所以同一个比特经流言协议扩散，在这里表现为几千台服务器被误判死亡。',
          },
        },
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
    readout: [
      {
        label: { en: 'blacklisted (falsely)', zh: '黑名单（误判）' },
        value: (f) => `${n(f.scheduler.counts.blacklisted)} (${n(f.scheduler.counts.falselyBlacklisted)})`,
      },
      { label: { en: 'suspect disks', zh: '可疑磁盘' }, value: (f) => n(f.storage.suspectDisks) },
      { label: { en: 'disks offline / cap', zh: '下线磁盘 / 上限' }, value: (f) => `${n(f.storage.offlineDisks)} / ${n(f.recovery.offlineLimit)}` },
    ],
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
          en: 'Input is split evenly, so every instance of a job should take about as long. Fuxi marks a server slow for a job when its instance takes over 3× the job’s mean; slow for several jobs, the server goes on the blacklist. In our model, as in the Fuxi paper, each server also checks itself every minute and reports on its heartbeat: a probe too slow three times running lists it too. Slow 1 % of the servers ×10.',
          zh: '输入被平均切分，所以一个作业的每个实例耗时应该差不多。某台服务器上的实例耗时超过作业平均值的 3 倍，伏羲就认为它对这个作业“慢”；对多个作业都慢，就拉进黑名单。在我们的模型中（与伏羲论文一样），每台服务器还每分钟自检一次，随心跳上报：探测连续三次过慢，也会被列入黑名单。让 1% 的服务器慢 10 倍。',
        },
        view: 'scheduler',
        act: [{ action: 'slow-random-nodes', args: { fraction: 0.01, factor: 10 } }],
        tryLabel: { en: 'Slow 50 servers ×10', zh: '让 50 台服务器慢 10 倍' },
        watch: { ms: 2 * HOUR, speed: 600 },
        expect: { en: 'Most of the 50 are blacklisted; no healthy server is.', zh: '这 50 台大多进了黑名单；健康的服务器一台也没有。' },
        check: (f) => f.scheduler.counts.blacklisted >= 30 && f.scheduler.counts.falselyBlacklisted === 0,
        predict: {
          kind: 'number',
          question: {
            en: '50 servers are slowed ×10. After two hours, how many healthy servers will be on the blacklist?',
            zh: '50 台服务器被减速 10 倍。两小时后，黑名单里会有多少台健康的服务器？',
          },
          unit: { en: 'servers', zh: '台' },
          min: 0,
          max: 5_000,
          answer: (f) => f.scheduler.counts.falselyBlacklisted,
          explain: {
            en: 'None: a server goes on the blacklist only on evidence that repeats — its own health check timing a probe at 3× its expected time three checks running (here that finds the 50 within minutes), or several jobs finding it slow against their own mean. One unlucky probe, or one slow instance, on a healthy server is not enough. A busy healthy server can still be listed by bad luck now and then; the page then marks it false.',
            zh: '一台也没有：只有反复出现的证据才会让服务器进黑名单——它自己的健康检查连续三次测得探测耗时达到预期的 3 倍（这里几分钟内就找出了这 50 台），或者多个作业各自拿平均值比较都发现它慢。健康服务器上偶尔一次探测偏慢、一个实例偏慢，都不够。繁忙的健康服务器偶尔仍可能因运气不好被列入，页面会把它标为误判。',
          },
        },
      },
      {
        title: { en: 'Slow disks', zh: '慢盘' },
        say: {
          en: 'Pangu times every disk access. A disk with a large share of accesses far above the cluster mean is suspect: no new data, extra copies of its chunks, then offline for repair. Slow 5 % of all disks ×10 — far more than the 1 % the guard lets go offline at once.',
          zh: '盘古记录每次磁盘访问的耗时。一块盘如果有很大比例的访问远高于集群平均，就被怀疑：不再写入新数据，为它上面的数据块增加副本，然后下线维修。让全部磁盘中的 5% 慢 10 倍——远超保护机制一次允许下线的 1%。',
        },
        view: 'storage',
        act: [{ action: 'slow-random-disks', args: { fraction: 0.05, factor: 10 } }],
        tryLabel: { en: 'Slow 3,000 disks ×10', zh: '让 3,000 块盘慢 10 倍' },
        watch: { ms: 2 * HOUR, speed: 600 },
        expect: {
          en: 'Thousands suspected, but never more than 600 disks (1 %) offline at once.',
          zh: '几千块盘被怀疑，但同时下线的永远不超过 600 块（1%）。',
        },
        check: (f) => f.storage.suspectDisks + f.storage.offlineDisks > 600 && f.storage.offlineDisks <= 600,
        predict: {
          kind: 'choice',
          question: {
            en: '3,000 disks (5 %) are slowed ×10. What does Pangu do with them?',
            zh: '3,000 块盘（5%）被减速 10 倍。盘古会怎样处理它们？',
          },
          options: [
            { en: 'Takes all 3,000 offline', zh: '让 3,000 块全部下线' },
            { en: 'Suspects them all, but takes at most 600 (1 %) offline', zh: '全部列为可疑，但最多让 600 块（1%）下线' },
            { en: 'Nothing: it does not notice', zh: '什么也不做：它没发现' },
          ],
          answer: (f) =>
            f.storage.offlineDisks > f.recovery.offlineLimit ? 0 : f.storage.suspectDisks + f.storage.offlineDisks > f.recovery.offlineLimit ? 1 : 2,
          explain: {
            en: 'A suspect disk gets no new data, and its chunks get extra copies before it may go offline, so offlining is slow (see the readout) — and capped at 1 % of the disks at once: a detector that suddenly finds 5 % slow is more likely seeing a load spike than 3,000 broken disks, and offlining them all would set off a storm of copies. The price: slow disks past the cap keep serving, and the reads and writes that meet them wait.',
            zh: '可疑的盘不再写入新数据，它上面的数据块先增加副本，然后才可能下线，所以下线很慢（看读数）——而且同时下线的不超过全部磁盘的 1%：检测器突然发现 5% 的盘变慢，更可能是负载高峰，而不是 3,000 块盘坏了；把它们全部下线会引发镜像风暴。代价是：超过上限的慢盘继续服务，碰上它们的读写只能等。',
          },
        },
      },
    ],
  },
  {
    id: 'redo-log',
    readout: [
      { label: { en: 'write mode', zh: '写模式' }, value: (f, lang) => word(f.writes.mode, lang) },
      {
        label: { en: 'pipeline p50 / p99', zh: '流水线 p50 / p99' },
        value: (f) => `${ms(f.writes.p50Ms.pipeline)} / ${ms(f.writes.p99Ms.pipeline)}`,
      },
      {
        label: { en: 'redo log p50 / p99', zh: '内存日志文件 p50 / p99' },
        value: (f) => `${ms(f.writes.p50Ms['redo-log'])} / ${ms(f.writes.p99Ms['redo-log'])}`,
      },
      { label: { en: 'unflushed in memory', zh: '内存中未刷盘' }, value: (f) => `${(f.writes.memoryBytes / 1e6).toFixed(1)} MB` },
      { label: { en: 'acknowledged writes lost', zh: '已确认却丢失的写' }, value: (f) => n(f.writes.ackedLost) },
      { label: { en: 'flushes past the 30 s deadline', zh: '超过 30 秒期限的刷盘' }, value: (f) => n(f.writes.flushTimeouts) },
      { label: { en: 'writes refused by a server', zh: '被服务器拒绝的写' }, value: (f) => n(f.writes.refusals) },
    ],
    mechanisms: ['P4', 'P5'],
    title: { en: '7 · Milliseconds matter', zh: '7 · 毫秒必争' },
    summary: {
      en: 'Pipeline writes wait for three disks; the in-memory redo log answers from memory — and what a power cut does to each.',
      zh: '流水线写要等三块盘；内存日志文件在内存里就应答——以及断电对两者各意味着什么。',
    },
    // The pipeline-vs-redo preset's settings; the class slows the disks and cuts the power itself.
    scenario: scenario('lesson-redo-log', QUIET, 'pipeline-vs-redo'),
    steps: [
      {
        title: { en: 'Three disks, one after another', zh: '三块盘，一块接一块' },
        say: {
          en: 'A pipeline write succeeds only when all three replicas are on disk: client → server 1 → server 2 → server 3, each waiting for its disk. The chart shows what the same writes would cost through the in-memory redo log, where a write succeeds once it is in the memory of three servers.',
          zh: '流水线写要等三份副本都写到磁盘上才算成功：客户端 → 服务器 1 → 服务器 2 → 服务器 3，每一步都等自己的磁盘。图上同时给出同样的写经过内存日志文件的代价——写进三台服务器的内存就算成功。',
        },
        view: 'writes',
        watch: { ms: 2 * MIN, speed: 10 },
        expect: {
          en: 'Pipeline writes take tens of milliseconds; through the redo log about one.',
          zh: '流水线写需要几十毫秒；经过内存日志文件大约一毫秒。',
        },
        check: (f) => f.t >= MIN && f.writes.mode === 'pipeline' && f.writes.acked > 0 && f.writes.p50Ms.pipeline > 5 * f.writes.p50Ms['redo-log'],
        predict: {
          kind: 'number',
          question: {
            en: 'A pipeline write waits for three disks, one after another. How long does the median write take?',
            zh: '流水线写要依次等三块盘。一次写的中位耗时是多少？',
          },
          unit: { en: 'ms', zh: '毫秒' },
          min: 0,
          max: 10_000,
          answer: (f) => f.writes.p50Ms.pipeline,
          explain: {
            en: 'Each hop waits for its own disk, a few milliseconds at the median, plus the network: three in a row add up to tens of milliseconds. The redo log answers once the data is in three servers’ memory — about a millisecond — and writes it to disk later.',
            zh: '每一跳都要等自己的磁盘（中位数几毫秒），再加上网络：三跳串起来就是几十毫秒。内存日志文件在数据进入三台服务器内存时就应答——大约一毫秒——之后再写盘。',
          },
        },
      },
      {
        title: { en: 'One slow disk in the chain', zh: '链条里的一块慢盘' },
        say: {
          en: 'A pipeline is as fast as its slowest disk. Make 1 % of the disks ten times slower: every write that meets one of them waits for it.',
          zh: '流水线的速度取决于最慢的那块盘。让 1% 的磁盘慢 10 倍：每个碰上它们的写都要等。',
        },
        act: [{ action: 'slow-random-disks', args: { fraction: 0.01, factor: 10 } }],
        tryLabel: { en: 'Slow 1 % of disks ×10', zh: '让 1% 的盘慢 10 倍' },
        watch: { ms: 3 * MIN, speed: 10 },
        expect: {
          en: 'The pipeline’s slowest writes (p99) pass 100 ms; a majority ack, which waits only for the two fastest disks, barely moves.',
          zh: '流水线最慢的那部分写（p99）超过 100 毫秒；只等最快两块盘的多数派应答几乎不受影响。',
        },
        check: (f) => f.writes.p99Ms.pipeline > 100 && f.writes.p99Ms.pipeline > 4 * f.writes.p99Ms.majority,
        predict: {
          kind: 'choice',
          question: {
            en: '1 % of the disks become ten times slower. Whose slowest writes (p99) suffer more?',
            zh: '1% 的硬盘变慢十倍。谁最慢的那些写（p99）受害更大？',
          },
          options: [
            { en: 'The pipeline: three disks one after another', zh: '流水线写：三块盘一块接一块' },
            { en: 'The majority ack: the two fastest of three', zh: '多数确认：三块盘中最快的两块' },
            { en: 'Both the same', zh: '两者一样' },
          ],
          answer: (f) => (f.writes.p99Ms.pipeline > 2 * f.writes.p99Ms.majority ? 0 : f.writes.p99Ms.majority > 2 * f.writes.p99Ms.pipeline ? 1 : 2),
          explain: {
            en: 'A pipeline write waits for every disk of its three, so one slow disk anywhere in the chain holds it up; a majority ack waits only for the two fastest, and a single slow disk is simply not among them.',
            zh: '流水线写要等三块盘全部写完，链条上任何一块慢盘都会拖住它；多数确认只等最快的两块，一块慢盘根本不在其中。',
          },
        },
      },
      {
        title: { en: 'Power cut under pipeline writes', zh: '流水线写时断电' },
        say: {
          en: 'Cut the power of rack 17, where some of the writing clients and many replicas live. A pipeline write was acknowledged only once it was on three disks on three racks.',
          zh: '切断 17 号机架的电，那里有一部分写数据的客户端和许多副本。流水线写只有落到三个机架的三块盘上才会被确认。',
        },
        view: 'racks',
        act: [{ action: 'rack-power-off', args: { rack: 17 } }],
        tryLabel: { en: 'Cut rack 17', zh: '切断 17 号机架' },
        watch: { ms: MIN, speed: 10 },
        expect: { en: 'No acknowledged write is lost.', zh: '没有任何已确认的写丢失。' },
        check: (f) => f.writes.mode === 'pipeline' && f.counts.powerOff >= 40 && f.writes.ackedLost === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 17 loses power while clients write in pipeline mode. Are acknowledged writes lost?',
            zh: '客户端以流水线方式写入时，17 号机架断电。已确认的写会丢吗？',
          },
          options: [
            { en: 'No', zh: '不会' },
            { en: 'Yes', zh: '会' },
          ],
          answer: (f) => (f.writes.ackedLost > 0 ? 1 : 0),
          explain: {
            en: 'A pipeline write is acknowledged only when it is on three disks on three racks. The dark rack held at most one of them, and a disk keeps its data without power.',
            zh: '流水线写只有在写到三个机架的三块盘上之后才确认。断电的机架最多只有其中一份，而且盘断电后数据还在。',
          },
        },
      },
      {
        title: { en: 'The in-memory redo log', zh: '内存日志文件' },
        say: {
          en: 'Power rack 17 back on and switch to the redo log: a write succeeds once three servers on different racks and power feeds hold it in memory; a background thread writes it to disk in batches, at most 30 s later.',
          zh: '给 17 号机架恢复供电，并切换到内存日志文件：写进三台不同机架、不同供电线路的服务器内存就算成功；后台线程再把它批量写到磁盘，最迟 30 秒。',
        },
        view: 'writes',
        act: [
          { action: 'rack-power-on', args: { rack: 17 } },
          { action: 'set', args: { path: 'writes.mode', value: 'redo-log' } },
        ],
        tryLabel: { en: 'Power back; switch to the redo log', zh: '恢复供电；切换到内存日志文件' },
        watch: { ms: 3 * MIN, speed: 10 },
        expect: {
          en: 'Writes now succeed in about a millisecond — over ten times faster at the tail — and data waits briefly in memory before its flush.',
          zh: '现在写大约一毫秒就成功——尾部延迟快十倍以上——数据在内存里短暂停留后才刷到盘上。',
        },
        check: (f) =>
          f.writes.mode === 'redo-log' &&
          f.counts.powerOff === 0 &&
          f.counts.booting === 0 &&
          f.writes.memoryBytes > 0 &&
          10 * f.writes.p99Ms['redo-log'] < f.writes.p99Ms.pipeline,
        predict: {
          kind: 'number',
          question: {
            en: 'The redo log acknowledges from memory. How many times faster are its slowest writes (p99) than the pipeline’s?',
            zh: '内存日志文件从内存确认写入。它最慢的写（p99）比流水线写快多少倍？',
          },
          unit: { en: '×', zh: '倍' },
          min: 1,
          max: 10_000,
          answer: (f) => Math.round(f.writes.p99Ms.pipeline / Math.max(0.001, f.writes.p99Ms['redo-log'])),
          explain: {
            en: 'Memory takes a write in microseconds; a disk needs milliseconds to position its head, and a pipeline pays that three times in a row. The flush to disk still happens, in batches, off the path the client waits on.',
            zh: '内存几微秒就能接下一次写；盘要几毫秒来寻道，流水线写还要连着付三次。刷盘仍然会做，只是分批进行，不在客户端等待的路径上。',
          },
        },
      },
      {
        title: { en: 'Power cut, copies isolated', zh: '断电，副本已隔离' },
        say: {
          en: 'Cut rack 17 again. Its servers lose what was in their memory — but every write in memory there has two more copies on other racks and power feeds, which will flush it.',
          zh: '再次切断 17 号机架。它的服务器丢失了内存里的内容——但那里内存中的每个写，在其他机架、其他供电线路上还有两份，会由它们刷盘。',
        },
        view: 'racks',
        act: [{ action: 'rack-power-off', args: { rack: 17 } }],
        tryLabel: { en: 'Cut rack 17', zh: '切断 17 号机架' },
        watch: { ms: MIN, speed: 10 },
        expect: { en: 'Still no acknowledged write lost.', zh: '仍然没有任何已确认的写丢失。' },
        check: (f) => f.writes.mode === 'redo-log' && f.counts.powerOff >= 40 && f.writes.ackedLost === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 17 loses power again; its servers lose what was in their memory. Are acknowledged writes lost?',
            zh: '17 号机架再次断电，它的服务器丢掉了内存里的内容。已确认的写会丢吗？',
          },
          options: [
            { en: 'No', zh: '不会' },
            { en: 'Yes', zh: '会' },
          ],
          answer: (f) => (f.writes.ackedLost > 0 ? 1 : 0),
          explain: {
            en: 'Every write held in memory on rack 17 has two more copies on other racks and power feeds; they flush it to disk. Isolation turns one power failure into the loss of one copy, never of the last.',
            zh: '17 号机架内存里的每一次写，在其他机架、其他供电线路上还有两份副本，它们会把它刷到盘上。隔离让一次断电只损失一份副本，永远不会是最后一份。',
          },
        },
      },
      {
        title: { en: 'Without hardware isolation', zh: '没有硬件隔离' },
        say: {
          en: 'Power back, and turn isolation off: now the three memory copies go to the nearest servers — the client’s own rack, the same power feed. Even faster, since nothing crosses the core.',
          zh: '恢复供电，并关闭隔离：三份内存副本放到最近的服务器上——客户端自己的机架、同一路供电。更快了，因为不用经过核心网络。',
        },
        view: 'writes',
        act: [
          { action: 'rack-power-on', args: { rack: 17 } },
          { action: 'set', args: { path: 'writes.isolation', value: 'none' } },
        ],
        tryLabel: { en: 'Power back; isolation off', zh: '恢复供电；关闭隔离' },
        watch: { ms: 3 * MIN, speed: 10 },
        expect: {
          en: 'All servers back, writes still succeed from memory, nothing lost so far.',
          zh: '所有服务器恢复，写仍然从内存应答，到目前为止什么都没丢。',
        },
        check: (f) =>
          f.writes.mode === 'redo-log' && f.counts.powerOff === 0 && f.counts.booting === 0 && f.writes.memoryBytes > 0 && f.writes.ackedLost === 0,
      },
      {
        title: { en: 'The same power cut', zh: '同样的断电' },
        say: {
          en: 'Cut rack 17 once more. The clients there kept all three memory copies of their newest writes on their own rack, on one power feed — and those writes had already been acknowledged.',
          zh: '再切断一次 17 号机架。那里的客户端把最新写的三份内存副本都放在自己的机架上、同一路供电上——而这些写已经向客户端确认成功了。',
        },
        view: 'racks',
        act: [{ action: 'rack-power-off', args: { rack: 17 } }],
        tryLabel: { en: 'Cut rack 17', zh: '切断 17 号机架' },
        watch: { ms: MIN, speed: 10 },
        expect: {
          en: 'Acknowledged writes are lost — the ones not yet flushed, less than a second’s worth. Milliseconds are bought with isolation, not with luck.',
          zh: '已确认的写丢了——那些还没刷盘的，不到一秒的量。毫秒级的速度要靠隔离来换，而不是靠运气。',
        },
        check: (f) => f.counts.powerOff >= 40 && f.writes.ackedLost > 0 && (f.writes.lostByCause['rack-power'] ?? 0) > 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Rack 17 loses power again, now with isolation off. Are acknowledged writes lost?',
            zh: '17 号机架再次断电，这次隔离已关闭。已确认的写会丢吗？',
          },
          options: [
            { en: 'No: three copies are enough', zh: '不会：三份副本足够了' },
            { en: 'Yes', zh: '会' },
          ],
          answer: (f) => (f.writes.ackedLost > 0 ? 1 : 0),
          explain: {
            en: 'Three copies protect only if they fail apart. Without isolation all three memory copies of a client’s newest writes sat on its own rack and power feed, so one power cut took them all before the flush. Isolation — other racks, other feeds — is what made memory safe.',
            zh: '三份副本只有在不会一起坏的时候才有保护作用。没有隔离时，一个客户端最新写的三份内存副本都在它自己的机架、同一路供电上，一次断电就在刷盘之前把它们全部带走。让内存变得安全的，是隔离——不同的机架、不同的供电线路。',
          },
        },
      },
      {
        title: { en: 'The 30-second deadline', zh: '30 秒的期限' },
        say: {
          en: 'Power back and isolation on again. Now make 2 % of the disks 200 times slower. A server holding a write in memory must get it onto its disk within 30 s; when a slow disk cannot, the server tells the master at once and the master copies the data elsewhere. And before taking a write at all, a server checks that its disk is healthy, not full, and that its memory and I/O queue are not overloaded: a server whose disk is backed up refuses, and the client picks another.',
          zh: '恢复供电，重新打开隔离。然后让 2% 的磁盘慢 200 倍。内存里持有写的服务器，必须在 30 秒内把它写到自己的磁盘上；慢盘做不到时，服务器立刻告诉 Master，由 Master 把数据复制到别处。而且服务器在接受一个写之前，要检查自己的磁盘健康、没有写满，内存和 I/O 队列没有过载：磁盘积压的服务器会拒绝，客户端另选一台。',
        },
        view: 'writes',
        act: [
          { action: 'rack-power-on', args: { rack: 17 } },
          { action: 'set', args: { path: 'writes.isolation', value: 'rack' } },
          { action: 'slow-random-disks', args: { fraction: 0.02, factor: 200 } },
        ],
        tryLabel: { en: 'Power back; isolation on; slow 2 % of disks ×200', zh: '恢复供电；打开隔离；让 2% 的盘慢 200 倍' },
        watch: { ms: 3 * MIN, speed: 10 },
        expect: {
          en: 'Flushes pass the 30 s deadline and the master copies their data elsewhere; servers with backed-up disks refuse new writes. No write is lost to the slow disks.',
          zh: '有刷盘超过 30 秒的期限，Master 把它们的数据复制到别处；磁盘积压的服务器拒绝新的写。没有任何写因为慢盘而丢失。',
        },
        check: (f) =>
          f.writes.mode === 'redo-log' &&
          f.counts.powerOff === 0 &&
          f.writes.flushTimeouts > 0 &&
          f.writes.maxFlushDelayMs > 30_000 &&
          f.writes.refusals > 0 &&
          f.writes.ackedLost === (f.writes.lostByCause['rack-power'] ?? 0),
        predict: {
          kind: 'choice',
          question: {
            en: 'A write sits in memory on a server whose disk has become 200 times slower. It cannot be flushed within 30 s. What happens to it?',
            zh: '一个写停在某台服务器的内存里，而这台服务器的磁盘慢了 200 倍，30 秒内刷不到盘上。它会怎样？',
          },
          options: [
            { en: 'It waits, however long the disk takes', zh: '一直等，磁盘要多久就等多久' },
            { en: 'The master copies it elsewhere', zh: 'Master 把它复制到别处' },
            { en: 'It is dropped', zh: '被丢弃' },
          ],
          answer: (f) => (f.writes.flushTimeouts > 0 && f.writes.maxFlushDelayMs > 30_000 ? 1 : 0),
          explain: {
            en: 'The 30 s deadline is a promise about memory: nothing stays there unflushed for long, so a power cut can only take the last few seconds. When a disk cannot keep it, the server reports the timeout at once and the master makes the data durable elsewhere, as the article describes. The admission checks keep new writes off the backed-up disks in the first place.',
            zh: '30 秒的期限是对内存的承诺：没有数据会在内存里长时间不刷盘，所以一次断电最多带走最后几秒。磁盘守不住这个期限时，服务器立刻报告超时，由 Master 在别处把数据落盘，正如文章所说。准入检查则从一开始就让新的写避开积压的磁盘。',
          },
        },
      },
      {
        title: { en: 'The whole room goes dark', zh: '整个机房断电' },
        say: {
          en: 'Isolation puts the three memory copies on different racks and power feeds — all in one machine room. Cut the power of the whole room. These servers have no UPS (writes.upsMs = 0: the articles name none), so nothing keeps them up to flush their memory.',
          zh: '隔离把三份内存副本放到不同的机架、不同的供电线路上——但都在同一个机房里。切断整个机房的电源。这些服务器没有 UPS（writes.upsMs = 0：文章没有提到 UPS），没有什么能让它们撑到把内存刷到盘上。',
        },
        view: 'racks',
        act: [{ action: 'dc-power-off' }],
        tryLabel: { en: 'Cut the whole room', zh: '切断整个机房' },
        watch: { ms: MIN, speed: 10 },
        expect: {
          en: 'Acknowledged writes are lost again — the ones not yet flushed, under a second’s worth per stream: isolation within one room does not survive the room.',
          zh: '已确认的写又丢了——那些还没刷盘的，每个写流不到一秒的量：同一个机房里的隔离，扛不住整个机房断电。',
        },
        check: (f) => f.counts.powerOff === f.nodes && (f.writes.lostByCause['dc-power'] ?? 0) > 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'Isolation is on: three memory copies on three racks and power feeds. The whole room loses power. Are acknowledged writes lost?',
            zh: '隔离已打开：三份内存副本在三个机架、三路供电上。整个机房断电。已确认的写会丢吗？',
          },
          options: [
            { en: 'No: the copies are isolated', zh: '不会：副本是隔离的' },
            { en: 'Yes', zh: '会' },
          ],
          answer: (f) => ((f.writes.lostByCause['dc-power'] ?? 0) > 0 ? 1 : 0),
          explain: {
            en: 'Isolation is only as wide as the failure it spans: racks and feeds, not the room. A whole-room outage takes every memory copy at once, so whatever was not yet on disk — at most 30 s, in practice under a second — is gone. Keeping the servers up for those seconds (a UPS) or a second room is what would save it; the pipeline mode, which acknowledges only what is on disk, loses nothing.',
            zh: '隔离的范围只有它跨越的故障那么大：机架和供电线路，而不是机房。整个机房断电会同时带走所有内存副本，所以还没写到盘上的——最多 30 秒，实际上不到一秒——就没了。能挽救它的，是让服务器多撑这几秒（UPS），或者第二个机房；只确认已落盘数据的流水线写则什么都不会丢。',
          },
        },
      },
      {
        title: { en: 'Power back, with a UPS', zh: '恢复供电，加上 UPS' },
        say: {
          en: 'Power the room back on, and give every server a UPS: a battery that keeps it running for a minute after its power is cut (writes.upsMs = 60 s, our assumption — the articles name no UPS). All feeds come back at once here (cluster.powerOnDomainIntervalMs = 0; a real room energizes them one by one, lesson 8). Wait until the servers have booted and the clients write again.',
          zh: '恢复机房供电，并给每台服务器配上 UPS：断电后电池还能让它运行一分钟（writes.upsMs = 60 秒，这是我们的假设——文章没有提到 UPS）。这里所有供电线路同时恢复（cluster.powerOnDomainIntervalMs = 0；真实的机房会逐路通电，见第 8 课）。等服务器启动完毕、客户端重新开始写。',
        },
        view: 'racks',
        act: [
          { action: 'set', args: { path: 'cluster.powerOnDomainIntervalMs', value: 0 } },
          { action: 'dc-power-on' },
          { action: 'set', args: { path: 'writes.upsMs', value: 60_000 } },
        ],
        tryLabel: { en: 'Power on, with a UPS', zh: '通电，加上 UPS' },
        watch: { ms: 6 * MIN, speed: 10 },
        expect: {
          en: 'Every server has power and has booted (a few did not survive the power cycle) and the clients are writing: the redo log holds acknowledged writes in memory, as before.',
          zh: '所有服务器都通了电、启动完毕（少数没能挺过这次断电重启），客户端在写：内存日志文件又在内存里保存着已确认的写，和之前一样。',
        },
        check: (f) => f.counts.powerOff === 0 && f.counts.booting === 0 && f.writes.ackedPerSec > 0 && f.writes.ups.ms > 0,
      },
      {
        title: { en: 'Dark again, with the UPS', zh: '再次断电，这次有 UPS' },
        say: {
          en: 'Cut the whole room again. This time each server has a minute on its battery, and writes what it holds in memory to its own disk before it goes dark.',
          zh: '再切断整个机房。这一次每台服务器的电池能撑一分钟，它会在熄灭之前把内存里的数据写到自己的盘上。',
        },
        view: 'writes',
        act: [{ action: 'dc-power-off' }],
        tryLabel: { en: 'Cut the whole room', zh: '切断整个机房' },
        watch: { ms: MIN, speed: 10 },
        expect: {
          en: 'No acknowledged write is lost in this cut: the servers wrote their memory out in the battery’s minute.',
          zh: '这次断电没有丢失任何已确认的写：服务器在电池的一分钟里把内存写到了盘上。',
        },
        check: (f) => f.counts.powerOff === f.nodes && f.writes.ups.savedBytes > 0 && f.writes.ups.lostWrites === 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'The same whole-room outage, but every server has a minute of battery. Are acknowledged writes lost this time?',
            zh: '同样是整个机房断电，但每台服务器有一分钟的电池。这一次已确认的写会丢吗？',
          },
          options: [
            { en: 'No', zh: '不会' },
            { en: 'Yes, as before', zh: '会，和之前一样' },
          ],
          answer: (f) => (f.writes.ups.lostWrites > 0 ? 1 : 0),
          explain: {
            en: 'A server holds under a second of writes in memory, and its disk writes that in well under a second: a minute of battery is far more than the flush needs. What the UPS buys is time, not a copy — a server that crashes, or a disk too slow to take the flush, still loses what only its memory held. Whether Apsara’s rooms had UPSes the articles do not say; the figure here is ours.',
            zh: '一台服务器内存里只有不到一秒的写，它的盘用远不到一秒就能写完：一分钟的电池远超刷盘所需。UPS 换来的是时间，不是副本——服务器崩溃，或者盘太慢来不及刷，仍然会丢掉只在内存里的数据。飞天的机房有没有 UPS，文章没有说；这里的数字是我们的。',
          },
        },
      },
    ],
  },
  {
    id: 'dc-drill',
    readout: [
      R.up,
      R.powerOff,
      R.lost,
      {
        label: { en: 'to full redundancy (the drill: ≈ 3 h)', zh: '恢复完整冗余（演练：约 3 小时）' },
        value: (f, lang) => {
          const m = f.storage.degradedForMs >= 0 ? f.storage.degradedForMs : f.storage.lastTimeToFullRedundancyMs;
          if (m <= 0) return '—';
          const h = (m / HOUR).toFixed(1) + (lang === 'zh' ? ' 小时' : ' h');
          return f.storage.degradedForMs >= 0 ? (lang === 'zh' ? `${h}，仍在恢复` : `${h} so far`) : h;
        },
      },
    ],
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
        predict: {
          kind: 'choice',
          question: {
            en: 'The whole machine room loses power: all 5,000 servers stop at once. How many chunks are lost?',
            zh: '整个机房断电：5,000 台服务器同时停机。会丢失多少个数据块？',
          },
          options: [
            { en: 'None: the disks keep their data', zh: '一个也不丢：数据还在盘上' },
            { en: 'Many: every copy is off at once', zh: '很多：所有副本同时断电' },
          ],
          answer: (f) => (f.storage.lostChunks === 0 ? 0 : 1),
          explain: {
            en: 'Off is not gone: a disk without power keeps what it holds. Every chunk is unreachable until its servers boot again — an outage, not a loss. What a power cut can destroy is what was only in memory (lesson 7) and the few servers and disks that do not survive the power cycle (next step).',
            zh: '断电不等于丢失：没有电的盘仍然保存着数据。每个数据块在它的服务器重新启动之前都无法访问——这是中断，不是丢失。断电能毁掉的，是只在内存里的数据（第 7 课），以及少数扛不过这次断电重启的服务器和硬盘（下一步）。',
          },
        },
      },
      {
        title: { en: 'Power back, feed by feed', zh: '逐路恢复供电' },
        say: {
          en: 'Power returns feed by feed, to avoid the inrush of 5,000 power supplies at once; servers boot; a few do not survive the power cycle. The master restarts too and knows nothing of where the copies are: as in GFS, chunk locations are not kept on disk, so every server sends a chunk report. Until 99.9 % of chunks have a reported copy the master stays in safe mode and copies nothing — HDFS’s safe mode and its default threshold; the articles do not say how Pangu does it, so this part is our model. Recovery is bounded: with this many servers down at once, automatic re-replication stands back instead of copying everything. The team’s drill took about 3 hours with no data lost; the readout sets our time to full redundancy beside it.',
          zh: '逐路恢复供电，避免 5,000 个电源同时上电的冲击电流；服务器启动；少数服务器没能挺过这次断电重启。Master 也重启了，它不知道各个副本在哪里：和 GFS 一样，副本位置不保存在磁盘上，所以每台服务器都要发送数据块汇报。在 99.9% 的数据块有了已汇报的副本之前，Master 处于安全模式，不做任何复制——这是 HDFS 的安全模式及其默认阈值；文章没有说盘古怎么做，所以这一部分是我们的模型。恢复是有节制的：这么多服务器同时宕机时，自动重新复制会暂停，而不是去复制所有数据。团队的演练用了约 3 小时，没有丢数据；读数把我们的恢复完整冗余时间和它并排显示。',
        },
        act: [{ action: 'dc-power-on' }],
        tryLabel: { en: 'Restore power', zh: '恢复供电' },
        watch: { ms: 4 * HOUR, speed: 3600 },
        expect: { en: 'Within a few hours nearly every server is back, and no data is lost.', zh: '几个小时内几乎所有服务器恢复，没有丢数据。' },
        check: (f) => f.counts.up >= f.nodes * 0.98 && f.storage.lostChunks === 0,
        predict: {
          kind: 'number',
          question: {
            en: 'The whole room is power-cycled. How many of the 5,000 servers fail on the way back?',
            zh: '整个机房断电又上电。5,000 台服务器中，有多少台在恢复过程中坏掉？',
          },
          unit: { en: 'servers', zh: '台' },
          min: 0,
          max: 5_000,
          answer: (f) => c(f, 'nodeFailures'),
          explain: {
            en: 'In our model 0.5 % of servers do not survive a power cycle (faults.powerCycleFailure; Copysets reports 0.5–1 % after real outages): about 25 of 5,000, plus the odd random failure. They are repaired like any crashed server, and no chunk is lost: their copies were spread over other racks.',
            zh: '在我们的模型中，0.5% 的服务器挺不过一次断电重启（faults.powerCycleFailure；Copysets 报告真实断电后为 0.5–1%）：5,000 台里约 25 台，再加上偶尔的随机故障。它们像其他宕机服务器一样被修复，没有数据块丢失：它们的副本分散在其他机架上。',
          },
        },
      },
    ],
  },
  {
    id: 'file-flood',
    readout: [
      { label: { en: 'master p99 latency', zh: 'Master p99 延迟' }, value: (f) => ms(f.ops.masterP99Ms) },
      {
        label: { en: 'other users’ p99, best / worst', zh: '其他用户的 p99，最好 / 最差' },
        value: (f) => (otherUsersP99(f).length ? `${ms(Math.min(...otherUsersP99(f)))} / ${ms(Math.max(...otherUsersP99(f)))}` : '—'),
      },
      {
        label: { en: 'the flooding user’s p99', zh: '发起洪水的用户的 p99' },
        value: (f) => (f.ops.floodUser >= 0 ? ms(f.ops.userP99Ms[f.ops.floodUser]) : '—'),
      },
      { label: { en: 'cluster slowed by the master', zh: 'Master 拖慢集群的倍数' }, value: (f) => `× ${f.ops.masterSlowdown.toFixed(1)}` },
      { label: { en: 'Fuxi jobs running', zh: '伏羲正在运行的作业' }, value: (f) => n(f.scheduler.counts.runningJobs) },
    ],
    mechanisms: ['P7'],
    title: { en: '9 · 30 million files', zh: '9 · 三千万个文件' },
    summary: {
      en: 'A misused test job created 30 million files and slowed the whole cluster. The master must protect itself.',
      zh: '一个误用的测试作业创建了三千万个文件，拖慢了整个集群。Master 必须自我保护。',
    },
    // the scheduler stays on: its jobs wait on the master too, so the whole cluster's slowdown is there to see
    scenario: scenario('lesson-file-flood', { 'master.protection': false }),
    steps: [
      {
        title: { en: 'No protection', zh: '没有保护' },
        say: {
          en: 'Start the flood against a master with no protection. Watch the master’s latency for every user, not just the flooder: the readout gives each user’s own p99, the best and the worst of the others. Fuxi’s jobs keep running meanwhile, and every task that opens or creates a file waits on the same master.',
          zh: '对没有保护的 Master 发起文件洪水。看所有用户的 Master 延迟，而不只是发起者的：读数给出每个用户自己的 p99，以及其他用户中最好和最差的。伏羲的作业同时在运行，每个要打开或创建文件的任务都在等同一个 Master。',
        },
        view: 'ops',
        act: [{ action: 'file-flood', args: { files: 30_000_000 } }],
        tryLabel: { en: 'Flood: 30 million files', zh: '洪水：三千万个文件' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'Master p99 latency climbs past a second — for every user, even the best-served of the others — and the cluster’s work slows with it: the whole cluster slows.',
          zh: 'Master 的 p99 延迟超过一秒——对每个用户都是，连其他用户中最好的也一样——集群的工作也随之变慢：整个集群变慢。',
        },
        check: (f) => f.ops.masterP99Ms > 1000 && f.ops.floodUser >= 0 && Math.min(...otherUsersP99(f)) > 1000 && f.ops.masterSlowdown > 2,
        predict: {
          kind: 'number',
          question: {
            en: '30 million file creations hit a master with no protection. What does its p99 latency become — for every user?',
            zh: '三千万次文件创建打到没有保护的 Master 上。它的 p99 延迟会变成多少——对所有用户？',
          },
          unit: { en: 'ms', zh: '毫秒' },
          min: 0,
          max: 1_000_000,
          answer: (f) => f.ops.masterP99Ms,
          explain: {
            en: 'The master serves every user from one queue: the flood fills it, and every other request waits behind the flood’s — seconds instead of milliseconds. One misused job slows the whole cluster, which is why the master must refuse work before it is overloaded.',
            zh: 'Master 用同一个队列服务所有用户：洪水把队列塞满，其他所有请求都排在洪水后面——从毫秒变成秒。一个被误用的作业拖慢整个集群，所以 Master 必须在过载之前就拒绝请求。',
          },
        },
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
        expect: {
          en: 'Latency falls back to milliseconds — each other user’s own p99 too, once the flood has left its ten-minute window — and the flooder is refused.',
          zh: '延迟回落到毫秒级——等洪水移出十分钟的统计窗口后，其他每个用户自己的 p99 也回落——洪水被拒绝。',
        },
        check: (f) => f.ops.masterP99Ms < 100 && f.ops.masterSlowdown < 1.5 && Math.max(...otherUsersP99(f)) < 100,
        predict: {
          kind: 'choice',
          question: {
            en: 'Protection on, the flood still running: what happens to the other users’ slowest operations?',
            zh: '打开保护，洪水仍在继续：其他用户最慢的操作会怎样？',
          },
          options: [
            { en: 'Back to milliseconds', zh: '回到毫秒级' },
            { en: 'Still seconds', zh: '仍然是秒级' },
          ],
          answer: (f) => (otherUsersP99(f).length && Math.max(...otherUsersP99(f)) < 100 ? 0 : 1),
          explain: {
            en: 'Quotas and per-user rate limits refuse the flooder’s excess before it reaches the master’s queue, and admission control keeps that queue short: the master has its time for everyone else again.',
            zh: '配额和按用户的限速在洪水进入 Master 的队列之前就拒绝了超出的部分，准入控制让队列保持很短：Master 又有时间服务其他所有人了。',
          },
        },
      },
    ],
  },
  {
    id: 'deploy',
    readout: [
      { label: { en: 'deployment phase', zh: '发布阶段' }, value: (f) => f.ops.deployPhase },
      {
        label: { en: 'package on servers', zh: '安装包已分发' },
        value: (f) => `${Math.round((100 * f.ops.deployRackTransfer.reduce((a, b) => a + b, 0)) / Math.max(1, f.racks))} %`,
      },
      { label: { en: 'master ops served /s', zh: 'Master 每秒处理操作' }, value: (f) => n(Math.round(f.ops.masterQps)) },
      {
        label: { en: 'service stopped so far', zh: '本次已停服' },
        value: (f) => `${Math.round(Object.values(f.ops.deployStopFillMs).reduce((a, b) => a + b, 0) / MIN)} min`,
      },
    ],
    mechanisms: ['O1'],
    title: { en: '10 · Deploying to 5,000 servers', zh: '10 · 给 5,000 台服务器发布' },
    summary: {
      en: 'Three ways to ship a new version: the old cold upgrade from one source (4–5 hours of stop), staging beside the running version, and multi-point transfer — and what fills the 20–30 minutes that remain.',
      zh: '发布新版本的三种方式：旧的单源冷升级（停服 4–5 小时）、在运行版本旁预先分发、多点传输——以及剩下的 20–30 分钟停服花在哪里。',
    },
    scenario: scenario('lesson-deploy', QUIET),
    steps: [
      {
        title: { en: 'The old way: stop, then copy from one server', zh: '旧方式：先停服，再从一台服务器拷贝' },
        say: {
          en: 'Before Dayu, binaries and configuration were mixed in one layout, so nothing could be copied beside the running version: a cold upgrade stopped the service first, then one server pushed the 2 GB package to all 5,000 as fast as it could, then every server installed it and started. Watch the service stop while the copy crawls.',
          zh: '大禹之前，二进制和配置混在同一个目录里，新版本无法放在运行版本旁边：冷升级先停服，再由一台服务器尽快把 2 GB 安装包发给全部 5,000 台，然后每台安装、启动。看服务停止，而拷贝慢慢进行。',
        },
        view: 'deploy',
        act: [
          { action: 'set', args: { path: 'deploy.separateConfig', value: 'false' } },
          { action: 'deploy-start', args: { method: 'single', mode: 'cold' } },
        ],
        tryLabel: { en: 'Deploy the old way', zh: '用旧方式发布' },
        watch: { ms: 2 * HOUR, speed: 600 },
        expect: {
          en: 'Master operations drop to zero; a tenth of the package has reached the servers after about 25 minutes of stop. At that pace the copy alone takes 3.7 hours: the whole stop would be 4.4 hours (the seed: 4–5 h).',
          zh: 'Master 处理的操作降到零；停服约 25 分钟后，安装包才分发了十分之一。按这个速度，单是拷贝就要 3.7 小时：整个停服会是 4.4 小时（原文：4–5 小时）。',
        },
        check: (f) =>
          f.ops.deployPhase === 'distributing' &&
          f.ops.masterQps === 0 &&
          f.ops.deployRackTransfer.reduce((a, b) => a + b, 0) >= 0.1 * f.racks &&
          f.ops.deployStopFillMs.copying > 0,
        predict: {
          kind: 'choice',
          question: {
            en: 'The service is stopped while one server copies 2 GB to each of 5,000 servers. What fills most of the stop?',
            zh: '服务停止期间，一台服务器要给 5,000 台每台拷贝 2 GB。停服时间大部分花在什么上？',
          },
          options: [
            { en: 'Copying the package', zh: '拷贝安装包' },
            { en: 'Installing it on each server', zh: '在每台服务器上安装' },
            { en: 'The master loading its namespace', zh: 'Master 加载命名空间' },
          ],
          answer: (f) => {
            const s = f.ops.deployStopFillMs;
            const parts = [s.copying, s.installing, s.masterLoad];
            return parts.indexOf(Math.max(...parts));
          },
          explain: {
            en: '5,000 × 2 GB is 10 TB leaving one 10 Gb/s port; unpaced copies that oversubscribe it get about 60 % of it in our model (a figure of ours), so the copy takes 3.7 hours — with the service stopped. Installing adds 25 minutes, the master’s restart 15.',
            zh: '5,000 × 2 GB 是 10 TB，全部从一个 10 Gb/s 网口发出；在我们的模型中，不限速的拷贝挤满这个网口后只能得到约 60%（这是我们的假设），所以拷贝要 3.7 小时——而服务一直停着。安装再加 25 分钟，Master 重启 15 分钟。',
          },
        },
      },
      {
        title: { en: 'Stage it beside the running version', zh: '在运行版本旁预先分发' },
        say: {
          en: 'Abort that upgrade (the service starts again) and use Dayu’s layout: binaries, configuration and data in separate versioned directories. Now the new version can be copied next to the running one while the service keeps working — still from one server, so still slowly. The stop that follows only switches a link.',
          zh: '中止这次升级（服务重新启动），改用大禹的目录布局：二进制、配置和数据分别放在带版本的目录里。这样新版本可以在服务照常运行时拷贝到运行版本旁边——仍然是单源，所以仍然很慢。之后的停服只需切换一个链接。',
        },
        view: 'deploy',
        act: [
          { action: 'deploy-rollback' },
          { action: 'set', args: { path: 'deploy.separateConfig', value: 'true' } },
          { action: 'deploy-start', args: { method: 'single', mode: 'cold' } },
        ],
        tryLabel: { en: 'Stage from one server', zh: '单源预先分发' },
        watch: { ms: HOUR, speed: 600 },
        expect: {
          en: 'The package is being copied and the master keeps serving: the copy is out of the stop. It would still take 3.7 hours; the stop after it would be about 21 minutes.',
          zh: '安装包在拷贝，Master 照常服务：拷贝已不在停服时间里。拷贝仍需 3.7 小时；之后的停服约 21 分钟。',
        },
        check: (f) =>
          f.ops.deployPhase === 'distributing' && f.ops.masterQps > 0 && f.ops.deployRackTransfer.reduce((a, b) => a + b, 0) >= 0.05 * f.racks,
        predict: {
          kind: 'choice',
          question: {
            en: 'The new version is copied beside the running one, still from one server. Does the master stop serving while it copies?',
            zh: '新版本被复制到正在运行的版本旁边，仍然只从一台服务器分发。复制期间 Master 会停止服务吗？',
          },
          options: [
            { en: 'No, it keeps serving', zh: '不会，它继续服务' },
            { en: 'Yes', zh: '会' },
          ],
          answer: (f) => (f.ops.masterQps > 0 ? 0 : 1),
          explain: {
            en: 'With binaries, configuration and data in separate versioned directories the copy touches nothing the running version uses, so the service keeps running; only the switch of a link at the end needs the stop.',
            zh: '程序、配置和数据放在分开的、带版本号的目录里，复制不会碰正在运行的版本用到的任何东西，所以服务照常运行；只有最后切换链接才需要停服。',
          },
        },
      },
      {
        title: { en: 'Multi-point transfer: the Dayu way', zh: '多点传输：大禹的方式' },
        say: {
          en: 'Abort the slow copy and let every server that holds pieces of the package serve them on, each flow paced so no uplink gives deployment more than a fifth of its capacity. The swarm doubles (and more) every round, so 5,000 servers take only a few rounds more than 400. Then stop, switch and start.',
          zh: '中止这次慢速拷贝，让每台已有安装包分片的服务器继续向别人分发，每条流都限速，任何上联链路给发布的带宽不超过五分之一。持有者每一轮成倍增长，所以 5,000 台只比 400 台多几轮。然后停服、切换、启动。',
        },
        view: 'deploy',
        act: [{ action: 'deploy-rollback' }, { action: 'deploy-start', args: { method: 'p2p', mode: 'cold' } }],
        tryLabel: { en: 'Deploy peer to peer', zh: '点对点发布' },
        watch: { ms: 1 * HOUR, speed: 600 },
        expect: {
          en: 'The copy takes under a minute while the service runs; the service stops for about 21 minutes, with no copying in it.',
          zh: '拷贝在服务运行时不到一分钟完成；服务停止约 21 分钟，其中没有拷贝。',
        },
        check: (f) =>
          c(f, 'deployments') >= 1 && f.ops.deployPhase === 'idle' && f.ops.deployStopFillMs.copying === 0 && f.ops.deployStopFillMs.masterLoad > 0,
        predict: {
          kind: 'number',
          question: {
            en: 'With the package already beside the running version, how many minutes will the service stop last?',
            zh: '安装包已经在运行版本旁边，这次停服会持续多少分钟？',
          },
          unit: { en: 'minutes', zh: '分钟' },
          min: 0,
          max: 300,
          step: 1,
          answer: (f) => Math.round(Object.values(f.ops.deployStopFillMs).reduce((a, b) => a + b, 0) / MIN),
          explain: {
            en: 'Stopping 2 minutes, switching every server in rounds of 200 (about 2 minutes), the master loading its namespace of 50 million files (15 minutes at 18 µs a file — a figure of ours, chosen to land in the seed’s 20–30 minutes), servers starting 2 minutes. Multi-point transfer shortened the copy; staging took it out of the stop; what remains is mostly the master’s restart.',
            zh: '停止服务 2 分钟，以每轮 200 台切换所有服务器（约 2 分钟），Master 加载 5,000 万个文件的命名空间（每个文件 18 µs，共 15 分钟——这是我们的假设，取值使结果落在原文的 20–30 分钟内），服务器启动 2 分钟。多点传输缩短了拷贝；预先分发把拷贝移出了停服；剩下的主要是 Master 的重启。',
          },
        },
      },
    ],
  },
  {
    id: 'guard-costs',
    readout: [
      R.down,
      {
        label: { en: 'circuit breaker', zh: '熔断器' },
        value: (f, lang) =>
          f.recovery.tripped ? (lang === 'zh' ? '断开：自动恢复已停' : 'open: recovery stopped') : lang === 'zh' ? '闭合' : 'closed',
      },
      R.under,
      {
        label: { en: 'with fewer copies for', zh: '副本不足已持续' },
        value: (f, lang) => (f.storage.degradedForMs < 0 ? '—' : `${n(f.storage.degradedForMs / MIN)} ${lang === 'zh' ? '分钟' : 'min'}`),
      },
      {
        label: { en: 'disks looking slow (healthy) / offline / cap', zh: '看起来慢的盘（其实健康）/ 下线 / 上限' },
        value: (f) =>
          `${n(f.storage.suspectDisks + f.storage.offlineDisks)} (${n(f.storage.falselySuspectedDisks)}) / ${n(f.storage.offlineDisks)} / ${n(f.recovery.offlineLimit)}`,
      },
      { label: { en: 'truly slow disks still serving', zh: '仍在服务的真慢盘' }, value: (f) => n(slowServing(f)) },
      R.falselyDead,
      { label: { en: 'recovery policy', zh: '恢复策略' }, value: (f, lang) => word(f.recovery.policy, lang) },
    ],
    mechanisms: ['R2', 'R3', 'F6'],
    title: { en: '11 · What every guard costs', zh: '11 · 每一道保护的代价' },
    summary: {
      en: 'The circuit breaker, the 1 % offline cap and recovery switched off: each guard saves something in one failure and costs something in another.',
      zh: '熔断器、1% 下线上限、关闭自动恢复：每一道保护在一种故障里省下一些东西，在另一种故障里要付出代价。',
    },
    // 400 servers holding little data (storage.diskFill 5 %), so that re-copying a failed server takes minutes, not hours:
    // the guards' logic is per share of the cluster and does not change with its size. The night's light client traffic
    // (mirror-storm-night) for the storm at the end; recovery starts guarded.
    scenario: scenario(
      'lesson-guard-costs',
      { ...QUIET, 'cluster.nodes': 400, 'storage.chunks': 100_000, 'storage.diskFill': 0.05, 'recovery.policy': 'guarded' },
      'mirror-storm-night',
    ),
    steps: [
      {
        title: { en: 'A real large failure', zh: '一次真正的大规模故障' },
        say: {
          en: 'In the storm (lesson 4) the circuit breaker saved the day: far too many servers looked dead at once, and it stopped automatic recovery. Now the deaths are real: 24 of the 400 servers (6 %, more than the breaker’s 5 %) fail for good — a power feed that burnt, say. The breaker sees only the share that looks dead.',
          zh: '在镜像风暴里（第 4 课），熔断器立了大功：同时看起来死亡的服务器太多，它停掉了自动恢复。这一次死亡是真的：400 台服务器中有 24 台（6%，超过熔断器的 5%）永久损坏——比如一路电源烧了。熔断器只看得到“看起来死亡”的比例。',
        },
        view: 'storage',
        act: [{ action: 'fail-random-nodes', args: { fraction: 0.06 } }],
        tryLabel: { en: 'Fail 24 servers for good', zh: '让 24 台服务器永久损坏' },
        watch: { ms: 30 * MIN, speed: 60 },
        expect: {
          en: 'The breaker trips. After the 10-minute wait (recovery.outDelayMs) the dead servers’ chunks count as short of a copy — and nothing copies them: recovery stays stopped.',
          zh: '熔断器断开。等待 10 分钟（recovery.outDelayMs）之后，死掉的服务器上的数据块算作副本不足——但没有任何复制：自动恢复一直停着。',
        },
        check: (f) => f.recovery.tripped && trulyDown(f) >= 20 && f.storage.underReplicatedChunks > 0 && f.recovery.deliveredGbps < 0.5,
        predict: {
          kind: 'choice',
          question: {
            en: '24 of 400 servers (6 %) really die, and recovery is guarded. What happens to their data in the next half hour?',
            zh: '400 台中有 24 台（6%）真的死了，恢复策略是“受控”。接下来半小时，它们的数据会怎样？',
          },
          options: [
            { en: 'It is copied again, throttled', zh: '被重新复制，限速进行' },
            { en: 'Nothing is copied: the breaker stops recovery', zh: '什么也不复制：熔断器停掉了恢复' },
            { en: 'It is copied at full speed', zh: '全速重新复制' },
          ],
          answer: (f) => (f.recovery.tripped && f.recovery.deliveredGbps < 0.5 ? 1 : f.recovery.policy === 'guarded' ? 0 : 2),
          explain: {
            en: 'The breaker cannot tell a real failure from a false one: 6 % believed dead is “too large”, whether the servers burnt or only their heartbeats were lost. So it does what it did in the storm — it stops recovery and waits for a person. Here that is wrong: the copies are really gone, and every minute the breaker stays open, the data of 24 servers has fewer copies than it should. (The chunks lost at once had all three copies on the dead servers: no guard changes that.)',
            zh: '熔断器分不清真故障和假故障：6% 被认为死亡就“太大”了，不管服务器是真烧了，还是只是心跳丢了。所以它做了和风暴里一样的事——停掉恢复，等人来决定。这一次它错了：副本真的没了，熔断器每多断开一分钟，24 台服务器上的数据就少一份副本。（一开始就丢失的数据块，三个副本都在死掉的服务器上：哪道保护都改变不了。）',
          },
        },
      },
      {
        title: { en: 'An operator resumes recovery', zh: '运维人员恢复自动恢复' },
        say: {
          en: 'An operator looks, sees that the servers are really gone (not a network fault), and switches recovery back on. Until then the breaker kept the cluster waiting; from now on guarded recovery copies, throttled.',
          zh: '运维人员看了一下，确认这些服务器真的坏了（不是网络故障），于是把自动恢复重新打开。在这之前，熔断器让集群一直等着；从现在起，受控恢复限速复制。',
        },
        view: 'storage',
        act: [{ action: 'recovery-resume' }],
        tryLabel: { en: 'Resume recovery', zh: '恢复自动恢复' },
        watch: { ms: 2 * HOUR, speed: 300 },
        expect: {
          en: 'Every chunk has all its copies again. The time with fewer copies is the operator’s wait plus the copying.',
          zh: '每个数据块又有了全部副本。副本不足的时间 = 等运维人员的时间 + 复制的时间。',
        },
        check: (f) =>
          !f.recovery.tripped && f.storage.underReplicated === 0 && f.storage.lastTimeToFullRedundancyMs > 0 && c(f, 'circuitBreakerTrips') >= 1,
        predict: {
          kind: 'number',
          question: {
            en: 'From the first chunk short of a copy to full redundancy again: how many minutes does the data spend with fewer copies?',
            zh: '从第一个数据块副本不足，到重新恢复完整冗余：数据有多少分钟处于副本不足？',
          },
          unit: { en: 'minutes', zh: '分钟' },
          min: 0,
          max: 1_000,
          step: 1,
          answer: (f) => Math.round((f.storage.degradedForMs >= 0 ? f.storage.degradedForMs : f.storage.lastTimeToFullRedundancyMs) / MIN),
          explain: {
            en: 'Part of it is the copying itself; the rest is the breaker waiting for a person. In a storm that wait saves thousands of false deaths and a network full of needless copies; in a real failure it is pure cost — time in which a second failure could destroy the last copy. The guard is wrong exactly when the deaths are real, which is why it hands the decision to an operator rather than deciding alone.',
            zh: '一部分是复制本身；其余是熔断器在等人。在风暴里，这段等待省下了几千次误判死亡和塞满网络的无用复制；在真实故障里它纯粹是代价——这段时间里再坏一台，就可能毁掉最后一个副本。死亡是真的时候，这道保护恰恰是错的，所以它把决定交给运维人员，而不是自己做主。',
          },
        },
      },
      {
        title: { en: 'A load spike: healthy disks look slow', zh: '负载高峰：健康的盘看起来慢' },
        say: {
          en: 'Pangu suspects a disk when many of its accesses take far longer than the cluster’s mean (lesson 6). Now a wave of I/O-heavy jobs arrives: each unit of load keeps the disks busier (storage.diskUtilPerLoad 0.5 → 0.85). Disks on the busiest servers queue, and their accesses look slow — though not one disk is broken. At most 1 % of the disks (48 of 4,800) may be offline at once.',
          zh: '当一块盘有很多次访问远慢于集群平均时，盘古就怀疑它（第 6 课）。现在来了一波读写密集的作业：同样的负载让磁盘更忙（storage.diskUtilPerLoad 0.5 → 0.85）。最忙的服务器上的盘开始排队，访问看起来很慢——其实一块坏盘都没有。同时下线的盘最多是全部磁盘的 1%（4,800 块中的 48 块）。',
        },
        view: 'storage',
        act: [{ action: 'set', args: { path: 'storage.diskUtilPerLoad', value: 0.85 } }],
        tryLabel: { en: 'Start the I/O-heavy spike', zh: '开始读写密集的高峰' },
        watch: { ms: 40 * MIN, speed: 60 },
        expect: {
          en: 'Far more healthy disks look slow than the cap allows; the cap is full (48 offline) and the rest keep serving.',
          zh: '看起来慢的健康盘远多于上限允许的数量；上限已满（48 块下线），其余的继续服务。',
        },
        check: (f) =>
          f.storage.falselySuspectedDisks > 2 * f.recovery.offlineLimit &&
          f.recovery.offlineLimit > 0 &&
          f.storage.offlineDisks >= f.recovery.offlineLimit,
        predict: {
          kind: 'number',
          question: {
            en: 'The spike makes about a hundred healthy disks look slow. How many disks will Pangu take offline?',
            zh: '这次高峰让大约一百块健康的盘看起来很慢。盘古会让多少块盘下线？',
          },
          unit: { en: 'disks', zh: '块' },
          min: 0,
          max: 4_800,
          answer: (f) => f.storage.offlineDisks,
          explain: {
            en: 'No more than the cap: 1 % of 4,800 is 48. Disks fail at under 1‰ a day (the seed), so a detector that finds many more “bad” disks at once is more likely seeing a load spike than broken hardware. Without the cap, every disk that looked slow would go offline and its data would be copied elsewhere — a storm started by the detector itself, in the middle of the spike.',
            zh: '不超过上限：4,800 的 1% 是 48 块。磁盘每天坏的不到 1‰（原文），所以检测器一下子找到多得多的“坏盘”时，更可能是负载高峰，而不是硬件坏了。没有上限的话，所有看起来慢的盘都会下线，它们的数据都要复制到别处——一场由检测器自己在高峰中引发的风暴。',
          },
        },
      },
      {
        title: { en: 'The price: truly slow disks keep serving', zh: '代价：真正的慢盘继续服务' },
        say: {
          en: 'Now 48 disks (1 %) really slow down, ten times — failing heads, say. The cap is already full of healthy disks that only looked slow in the spike, and the cap cannot tell them apart.',
          zh: '现在有 48 块盘（1%）真的慢了十倍——比如磁头快坏了。上限已经被那些只在高峰里看起来慢的健康盘占满，而上限分不清它们。',
        },
        view: 'storage',
        act: [{ action: 'slow-random-disks', args: { fraction: 0.01, factor: 10 } }],
        tryLabel: { en: 'Slow 48 disks ×10', zh: '让 48 块盘慢 10 倍' },
        watch: { ms: 20 * MIN, speed: 60 },
        expect: {
          en: 'Pangu finds nearly all 48 truly slow disks and suspects them — and they stay in service: the cap is still full.',
          zh: '盘古发现了 48 块真正的慢盘中的几乎全部，并把它们列为可疑——但它们仍在服务：上限仍然是满的。',
        },
        check: (f) => slowSuspected(f) >= 36 && f.storage.offlineDisks >= f.recovery.offlineLimit,
        predict: {
          kind: 'number',
          question: {
            en: '48 disks are now truly ten times slower, and the offline slots are taken. Once Pangu has found them, how many of them are still serving?',
            zh: '现在 48 块盘真的慢了十倍，而下线名额已经占满。盘古发现它们之后，其中还有多少块在服务？',
          },
          unit: { en: 'disks', zh: '块' },
          min: 0,
          max: 48,
          step: 1,
          answer: (f) => slowServing(f),
          explain: {
            en: 'Nearly all. Pangu suspects them — no new data goes to them and their chunks get extra copies — but a suspect disk goes offline only when a slot under the cap is free, and the slots went to healthy disks first. Until then every read that meets one of them waits about ten times longer. That is the cap’s price: it protects the cluster from its own detector, and it is first come, first served.',
            zh: '几乎全部。盘古怀疑它们——不再写入新数据，为它们上面的数据块增加副本——但可疑的盘只有在上限下有空名额时才能下线，而名额先给了健康的盘。在那之前，每一次碰上它们的读都要多等大约十倍的时间。这就是上限的代价：它保护集群不被自己的检测器伤害，而且先到先得。',
          },
        },
      },
      {
        title: { en: 'The 2011 storm, naive', zh: '2011 年的风暴：朴素策略' },
        say: {
          en: 'The spike ends and the slow disks are healed. Now the EC2 night of lesson 4, on this cluster: recovery naive, as it was then, and the traffic moved onto the backup network. Count the healthy servers declared dead.',
          zh: '高峰结束，慢盘也修好了。现在把第 4 课里 EC2 的那个夜晚放到这个集群上：恢复策略是朴素的，和当时一样，流量被切到备用网络。数一数被判定死亡的健康服务器。',
        },
        view: 'storm',
        act: [
          { action: 'set', args: { path: 'storage.diskUtilPerLoad', value: 0.5 } },
          { action: 'heal-slow-disks' },
          { action: 'set', args: { path: 'recovery.policy', value: 'naive' } },
          { action: 'network-maintenance' },
        ],
        tryLabel: { en: 'Naive recovery, then the network change', zh: '朴素恢复，然后做网络变更' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'The storm: many healthy servers falsely dead, and recovery asking for more than the backup network delivers.',
          zh: '风暴：大量健康服务器被误判死亡，恢复请求的流量超过备用网络能送达的。',
        },
        check: (f) =>
          f.onBackup && f.recovery.policy === 'naive' && heldFor(f, 'coreUtil', (v) => v > 1, 8 * MIN) && seriesPeak(f, 'falselyDead') > 50,
        predict: {
          kind: 'number',
          question: {
            en: 'Naive recovery, traffic on the backup network: at the storm’s worst, how many of the 400 servers are falsely dead?',
            zh: '朴素恢复，流量在备用网络上：风暴最猛的时候，400 台服务器中有多少台被误判死亡？',
          },
          unit: { en: 'servers', zh: '台' },
          min: 0,
          max: 400,
          answer: (f) => seriesPeak(f, 'falselyDead'),
          explain: {
            en: 'The same loop as in lesson 4: copies overload the backup network, heartbeats are lost, more healthy servers look dead, more copies. Remember this number for the next step.',
            zh: '和第 4 课一样的循环：复制压垮备用网络，心跳丢失，更多健康服务器看起来死了，复制更多。记住这个数，下一步要用。',
          },
        },
      },
      {
        title: { en: 'Back to calm, recovery off', zh: '恢复平静，关闭自动恢复' },
        say: {
          en: 'The seed (the EC2 story) says that with no automatic recovery at all, the damage would have been smaller. Restore the network, switch automatic recovery off, and wait until no healthy server is believed dead.',
          zh: '原文（EC2 的故事）说，如果根本没有自动恢复，损失会更小。恢复主网络，关闭自动恢复，等到没有健康的服务器被认为死亡。',
        },
        view: 'storm',
        act: [{ action: 'network-restore' }, { action: 'set', args: { path: 'recovery.policy', value: 'off' } }],
        tryLabel: { en: 'Restore the network, recovery off', zh: '恢复网络，关闭自动恢复' },
        watch: { ms: 30 * MIN, speed: 60 },
        expect: {
          en: 'Back on the primary network, recovery off, no healthy server believed dead.',
          zh: '回到主网络，自动恢复关闭，没有健康的服务器被认为死亡。',
        },
        check: (f) => !f.onBackup && f.recovery.policy === 'off' && f.counts.falselyDead === 0,
      },
      {
        title: { en: 'The same change, with recovery off', zh: '同样的变更，关闭自动恢复' },
        say: {
          en: 'Now make the same mistake again — traffic onto the backup network — with nothing copying automatically. Is the seed right in our model?',
          zh: '现在再犯同样的错误——把流量切到备用网络——这一次没有任何自动复制。在我们的模型里，原文说得对吗？',
        },
        view: 'storm',
        act: [{ action: 'network-maintenance' }],
        tryLabel: { en: 'Move traffic to the backup network', zh: '把流量切到备用网络' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'Ten minutes on the backup network: it runs hot but carries the clients, and only a handful of servers are ever falsely dead — a small fraction of the naive storm’s count.',
          zh: '在备用网络上十分钟：它满负荷运行，但能承载客户端流量，被误判死亡的始终只有几台——只是朴素策略风暴的一小部分。',
        },
        check: (f) =>
          f.onBackup &&
          f.recovery.policy === 'off' &&
          heldFor(f, 'coreUtil', (v) => v > 1, 10 * MIN) &&
          10 * recentPeak(f, 'falselyDead', 10 * MIN) < seriesPeak(f, 'falselyDead'),
        predict: {
          kind: 'choice',
          question: {
            en: 'The same network change, with no automatic recovery. Compared with the naive storm, the damage is…',
            zh: '同样的网络变更，没有自动恢复。和朴素策略的风暴相比，损失……',
          },
          options: [
            { en: 'about the same: the network change is the cause', zh: '差不多：网络变更才是原因' },
            { en: 'much smaller: no storm starts', zh: '小得多：风暴没有开始' },
            { en: 'larger: nobody re-copies anything', zh: '更大：没有人重新复制数据' },
          ],
          answer: (f) => (10 * recentPeak(f, 'falselyDead', 10 * MIN) < seriesPeak(f, 'falselyDead') ? 1 : 0),
          explain: {
            en: 'In our model the seed is right: without copying, the backup network carries the clients, a few heartbeats are lost, a few servers look dead for a moment, and nothing feeds the loop — no storm, no bytes moved. What “off” costs is not seen tonight: when servers really die, nobody re-copies their data until a person does (step 1, without even a breaker to resume). Guarded recovery tries to keep both: it copies real losses, throttled, and stops when too much looks dead at once.',
            zh: '在我们的模型里原文是对的：没有复制，备用网络能承载客户端流量，丢了少量心跳，几台服务器短暂地看起来死了，没有东西喂养这个循环——没有风暴，也没有搬运任何数据。“关闭”的代价今晚看不到：服务器真的死了的时候，在有人动手之前没人重新复制它们的数据（第 1 步，而且连可以恢复的熔断器都没有）。受控恢复想两头兼顾：限速复制真正的损失，同时看起来死亡的太多时就停下。',
          },
        },
      },
    ],
  },
  {
    id: 'operations',
    readout: [
      { label: { en: 'alerts firing', zh: '正在告警' }, value: (f) => n(f.ops.alertsFiring) },
      {
        label: { en: 'Huatuo: repairing / ticket / new disk', zh: '华佗：修复中 / 报修单 / 新盘' },
        value: (f) => `${n(f.recovery.huatuo.repairing)} / ${n(f.recovery.huatuo.ticketed)} / ${n(f.recovery.huatuo.newDisks)}`,
      },
      {
        label: { en: 'system disks: ticket / reinstalling', zh: '系统盘：报修单 / 重装中' },
        value: (f) => `${n(f.recovery.huatuo.systemDiskTickets)} / ${n(f.recovery.huatuo.reinstalling)}`,
      },
      { label: { en: 'master p99 latency', zh: 'Master p99 延迟' }, value: (f) => ms(f.ops.masterP99Ms) },
    ],
    mechanisms: ['O3', 'R4', 'O2', 'P7'],
    title: { en: '12 · Operating 5,000 servers', zh: '12 · 运维 5,000 台服务器' },
    summary: {
      en: 'The 5K project’s data-driven operations: an alert within seconds, Huatuo’s closed repair loop, and the audit log that finds who floods the master.',
      zh: '飞天五千台项目的数据化运维：几秒内的告警、华佗的闭环修复，以及找出谁在冲击 Master 的审计日志。',
    },
    // 400 servers: alerts, repairs and the audit log work per server, so the point survives the scale. Staff visit every
    // 2 hours here (huatuo.batchIntervalHours; ours, 24 h by default: the seed says only "in batches") so the class sees a visit.
    scenario: scenario('lesson-operations', {
      ...QUIET,
      'cluster.nodes': 400,
      'storage.chunks': 100_000,
      'storage.diskFill': 0.05,
      'huatuo.batchIntervalHours': 2,
    }),
    steps: [
      {
        title: { en: 'An alert within seconds', zh: '几秒内的告警' },
        say: {
          en: 'One team watches thousands of servers, hundreds of thousands of metrics (the seed). AliMonitor takes 5 seconds from a sample to an alarm (the seed’s number). In our model alert rules are evaluated every second (ops.alertEvalMs, ours); a single server must stay down 30 s before it pages anyone (ops.nodeDownForMs, ours), so a reboot does not. A whole rack losing power alarms at once. Cut rack 3.',
          zh: '一个团队看管几千台服务器、几十万个监控项（原文）。AliMonitor 从数据采集到发出告警只需 5 秒（原文的数字）。在我们的模型里，告警规则每秒评估一次（ops.alertEvalMs，我们的假设）；单台服务器要宕机 30 秒才会告警（ops.nodeDownForMs，我们的假设），所以一次重启不会惊动任何人。整个机架断电则立刻告警。切断 3 号机架的电源。',
        },
        view: 'ops',
        act: [{ action: 'rack-power-off', args: { rack: 3 } }],
        tryLabel: { en: 'Cut rack 3', zh: '切断 3 号机架' },
        watch: { ms: 2 * MIN, speed: 10 },
        expect: {
          en: 'A rack alert for rack 3, raised within 5 s of the power cut, as the engine measured it.',
          zh: '3 号机架的告警，在断电后 5 秒内发出，由引擎测得。',
        },
        check: (f) => rackAlertDelay(f, 3) <= 5_000,
        predict: {
          kind: 'number',
          question: {
            en: 'Rack 3 loses power. How many seconds until the alarm?',
            zh: '3 号机架断电。多少秒后发出告警？',
          },
          unit: { en: 's', zh: '秒' },
          min: 0,
          max: 600,
          step: 0.1,
          answer: (f) => (rackAlertDelay(f, 3) || 0) / 1000,
          explain: {
            en: 'Under the seed’s 5 s: our rules are checked every second, and a rack that loses power needs no waiting — forty servers do not reboot at once by chance. The engine measures each alarm’s delay from the moment the condition really began (the power cut), not from when someone noticed.',
            zh: '不到原文的 5 秒：我们的规则每秒检查一次，整个机架断电不需要等待——四十台服务器不会碰巧同时重启。引擎从条件真正开始的那一刻（断电）起计算每条告警的延迟，而不是从有人注意到的时候算起。',
          },
        },
      },
      {
        title: { en: 'Huatuo: the closed repair loop', zh: '华佗：闭环修复' },
        say: {
          en: 'Power rack 3 back on. Then six data disks fail, and one server’s system disk. Huatuo (the seed: 华佗, built by operations and development together) polls every 5 minutes (ours), takes a bad disk out of service and tries to repair it — check, reformat, remount, 30 minutes (ours); if that fails it files a repair ticket. A server without its system disk gets a ticket at once. Open the Repair loop view.',
          zh: '恢复 3 号机架的供电。然后有六块数据盘坏了，还有一台服务器的系统盘坏了。华佗（原文：由运维和开发一起研发）每 5 分钟巡检一次（我们的假设），把坏盘撤出服务并尝试修复——检查、重新格式化、重新挂载，30 分钟（我们的假设）；修不好就提交报修单。系统盘坏了的服务器立刻提交报修单。打开“华佗修复”视图。',
        },
        view: 'repair',
        act: [
          { action: 'rack-power-on', args: { rack: 3 } },
          { action: 'disk-fail', args: { disk: 100 } },
          { action: 'disk-fail', args: { disk: 1_300 } },
          { action: 'disk-fail', args: { disk: 2_500 } },
          { action: 'disk-fail', args: { disk: 3_100 } },
          { action: 'disk-fail', args: { disk: 3_900 } },
          { action: 'disk-fail', args: { disk: 4_700 } },
          { action: 'system-disk-fail', args: { node: 200 } },
        ],
        tryLabel: { en: 'Power back; fail six disks and a system disk', zh: '恢复供电；弄坏六块数据盘和一块系统盘' },
        watch: { ms: HOUR, speed: 300 },
        expect: {
          en: 'Within the hour every bad disk has been found and tried: some are back in service, the rest wait with a ticket; the server without a system disk has its ticket.',
          zh: '一小时内每块坏盘都被发现并尝试修复：有的回到服务中，其余的带着报修单等待；没有系统盘的服务器也有了报修单。',
        },
        check: (f) =>
          c(f, 'huatuoRepaired') + f.recovery.huatuo.ticketed >= 6 && f.recovery.huatuo.repairing === 0 && f.recovery.huatuo.systemDiskTickets >= 1,
        predict: {
          kind: 'number',
          question: {
            en: 'Six data disks fail. How many will Huatuo put back into service by itself, with no person involved?',
            zh: '六块数据盘坏了。华佗能自己（不需要任何人）让多少块重新投入服务？',
          },
          unit: { en: 'disks', zh: '块' },
          min: 0,
          max: 6,
          step: 1,
          answer: (f) => c(f, 'huatuoRepaired'),
          explain: {
            en: 'In our model about 3 in 10 repair tries succeed (huatuo.repairSuccess, ours — the seed gives no rate): a disk with a bad sector or a stale mount comes back empty and is filled again; the rest need new hardware. Nobody was woken for either.',
            zh: '在我们的模型里，大约十次修复有三次成功（huatuo.repairSuccess，我们的假设——原文没有给出比例）：有坏扇区或挂载失效的盘清空后重新投入使用；其余的需要换新硬件。两种情况都没有叫醒任何人。',
          },
        },
      },
      {
        title: { en: 'The only human step: a batch swap', zh: '唯一的人工步骤：批量换盘' },
        say: {
          en: 'Staff swap the ticketed disks in one batch at their convenience (the seed) — every 2 hours in this lesson, 24 h by default (ours). Huatuo’s next poll finds each new disk and adds it, empty; the server with the new system disk is reinstalled and redeployed (30 minutes, ours) and rejoins. Swapping the disk is the only thing a person does.',
          zh: '工作人员在方便的时候批量更换有报修单的盘（原文）——本课每 2 小时一次，默认是 24 小时（我们的假设）。华佗下一次巡检发现每块新盘并自动加入（空盘）；换了新系统盘的服务器自动重装系统、重新部署（30 分钟，我们的假设）后重新加入。换盘是唯一需要人做的事。',
        },
        view: 'repair',
        watch: { ms: 3 * HOUR, speed: 600 },
        expect: {
          en: 'The batch swap happened; every new disk is back in service and the server is reinstalled: no ticket left open.',
          zh: '批量换盘完成；每块新盘都回到服务中，服务器也重装完毕：没有未关闭的报修单。',
        },
        check: (f) =>
          c(f, 'disksReplaced') >= 1 &&
          f.recovery.huatuo.ticketed + f.recovery.huatuo.newDisks + f.recovery.huatuo.systemDiskTickets + f.recovery.huatuo.reinstalling === 0,
        predict: {
          kind: 'number',
          question: {
            en: 'How many disks (data and system) do the staff swap, in all, by the time no ticket is left?',
            zh: '到所有报修单都关闭为止，工作人员一共更换了多少块盘（数据盘和系统盘）？',
          },
          unit: { en: 'disks', zh: '块' },
          min: 0,
          max: 100,
          step: 1,
          answer: (f) => c(f, 'disksReplaced'),
          explain: {
            en: 'Every disk the repair could not save, plus the system disk — and any disk that failed on its own meanwhile (the engine’s random failures keep running). Done in batches, a person spends minutes per visit instead of being called for each disk: at 5,000 servers and 60,000 disks, a few fail every day.',
            zh: '所有修不好的盘，加上那块系统盘——以及这段时间里自己坏掉的盘（引擎的随机故障一直在运行）。批量处理时，一个人每次来只花几分钟，而不是每坏一块盘就被叫一次：5,000 台服务器、60,000 块盘，每天都会坏几块。',
          },
        },
      },
      {
        title: { en: 'Who floods the master?', zh: '谁在冲击 Master？' },
        say: {
          en: 'In the 5K tests a misused job created 30 million files (the seed’s number) and the whole cluster slowed. The audit log records every master operation with its user, type, result and latency (the seed: searchable by file, name and operation). Start the flood with protection off, then open the Logs view and search the master’s operations — try `user:` with the user who creates the most.',
          zh: '在五千台规模的测试中，一个使用不当的作业创建了三千万个文件（原文的数字），整个集群都慢了下来。审计日志记录了每一次 Master 操作的用户、类型、结果和延迟（原文：可以按文件、名称和操作搜索）。在关闭保护的情况下发起洪水，然后打开“日志”视图搜索 Master 的操作——用 `user:N`（N 是用户编号）搜索创建最多的那个用户。',
        },
        view: 'logs',
        act: [
          { action: 'set', args: { path: 'master.protection', value: 'false' } },
          { action: 'file-flood', args: { files: 30_000_000, user: FLOOD_USER } },
        ],
        tryLabel: { en: 'A runaway job: 30 million files', zh: '失控的作业：三千万个文件' },
        watch: { ms: 10 * MIN, speed: 60 },
        expect: {
          en: 'Every user’s master operations slow to over a second; the audit log shows one user making nearly all the creates.',
          zh: '所有用户的 Master 操作都慢到一秒以上；审计日志显示几乎所有的创建都来自同一个用户。',
        },
        check: (f) => f.ops.floodUser === FLOOD_USER && othersSlowed(f, FLOOD_USER) >= 2,
        predict: {
          kind: 'choice',
          question: {
            en: `One user’s job (user ${FLOOD_USER}) floods the master with creates. Whose operations become slow?`,
            zh: `一个用户（用户 ${FLOOD_USER}）的作业用创建操作冲击 Master。谁的操作会变慢？`,
          },
          options: [
            { en: 'Only the flooding user’s', zh: '只有发起洪水的用户' },
            { en: 'Every user’s', zh: '所有用户的' },
            { en: 'Nobody’s: the master keeps up', zh: '谁的都不慢：Master 跟得上' },
          ],
          answer: (f) => (othersSlowed(f, FLOOD_USER) >= 2 ? 1 : (f.ops.userP99Ms[FLOOD_USER] ?? 0) > 1000 ? 0 : 2),
          explain: {
            en: 'The master serves everyone from one queue, so the flood’s creates slow every user — and from the outside, “everything is slow” points at nobody. The audit log’s counts by user and operation point at one job: search it with `user:` and the flooder stands out. That is the seed’s “data-driven operations”: decide from measured data, not guesses. The team limited the job at once — and then asked for the master to protect itself (lesson 9: quotas and admission control).',
            zh: 'Master 用同一个队列服务所有人，所以洪水般的创建拖慢了每个用户——从外面看，“什么都慢”指不出是谁。审计日志按用户和操作的计数指向一个作业：用 `user:N` 搜索，发起洪水的用户就显露出来。这就是原文说的“数据化运维”：依据测得的数据做决定，而不是猜。团队当即限制了这个作业——然后要求 Master 能自我保护（第 9 课：配额和准入控制）。',
          },
        },
      },
    ],
  },
];

export function lessonById(id: string | null | undefined): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
