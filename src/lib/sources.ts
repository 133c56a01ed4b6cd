/**
 * Where a figure on the page comes from (issue 14 §3), as the source marker
 * (SourceMark.svelte) says it in one click: a figure measured in the run is our
 * model's, and the settings behind it each carry their provenance — the seed articles
 * (quoted), a published source (docs/references.md) or our assumption, with why
 * (worker/scenario/provenance.ts). A figure set beside a published one names that
 * source too. Plain text only; pure, so tests read it without a page.
 */
import { PARAMS } from '../../worker/scenario/params';
import { provenanceOf, SEEDS, SOURCE_TITLES, type ProvenanceKind, type SourceId } from '../../worker/scenario/provenance';
import { makeTr, type Lang } from './i18n';

const en = {
  mark: 'Where this figure comes from',
  measured: 'Measured in this run of our model, not quoted from a source. The settings behind it:',
  given: 'A setting of this run, and where its value comes from:',
  compare: 'Compare with: {title}',
  seed: 'from source article {ref} ({title})',
  source: 'published source [{ref}]: {title}',
  ours: 'our assumption',
  missing: 'no provenance recorded',
  value: 'value in this run',
  noteLang: '',
  close: 'Close',
  fuxiFaults:
    'Only partly as in the Fuxi paper: there, 5 % → 10 % fault-injected servers slowed jobs by +16 % → +20 %; in our model at 5,000 servers, 10× slower servers injected as the jobs start cost +0.6 % → +0.6 %. As in the paper, doubling the faults costs little: each server’s own health check (reported on its heartbeat) lists a slow server within three minutes however many are slow, and its jobs back up what ran there. Our cost is far lower than the paper’s: our injected fault is only a slow server, which the check sees at once; the paper’s also killed processes and broke disks and networks (docs/performance.md, Fidelity).',
  all: 'Every value of ours: the Assumptions button; every parameter: npm run sim -- --list-params.',
} as const;
type K = keyof typeof en;
const zh: Record<K, string> = {
  mark: '这个数字从哪里来',
  measured: '这是我们的模型在本次运行中测得的数字，不是引用的资料。它取决于这些设定：',
  given: '本次运行的一项设定，以及它的数值从哪里来：',
  compare: '对照：{title}',
  seed: '来自原文 {ref}（{title}）',
  source: '公开资料 [{ref}]：{title}',
  ours: '我们的假设',
  missing: '没有记录来源',
  value: '本次运行中的值',
  noteLang: '（说明为英文）',
  close: '关闭',
  fuxiFaults:
    '与伏羲论文只部分相同：论文中 5% → 10% 的服务器被注入故障时，作业变慢 +16% → +20%；我们的模型在 5,000 台服务器上，在作业开始时让服务器慢 10 倍，代价为 +0.6% → +0.6%。与论文一样，故障加倍的代价很小：每台服务器自己的健康检查（随心跳上报）不论有多少台变慢，都能在三分钟内把慢服务器列入黑名单，它上面的作业随即启动备份实例。我们的代价远低于论文：我们注入的故障只是服务器变慢，健康检查一测便知；论文的注入还会杀进程、损坏磁盘和网络（见 docs/performance.md）。',
  all: '我们设定的全部数值：见“假设”按钮；全部参数：npm run sim -- --list-params。',
};
export const st = makeTr({ en, zh });

export interface SourceLine {
  path: string;
  kind: ProvenanceKind | 'missing';
  /** where the value comes from, in the page's language */
  where: string;
  /** why (English; the Chinese page says so) */
  note: string;
  unit: string;
}

/**
 * A note as the page shows it: without the Chinese words some notes quote from the seeds
 * (the English page has no Chinese font, and the Chinese one only the page's own
 * characters); `--list-params` prints them whole.
 */
export function pageNote(note: string): string {
  return note
    .replace(/\s*[（(][^()（）]*[\u3400-\u9fff][^()（）]*[)）]/g, '')
    .replace(/[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+/g, '…')
    .trim();
}

/** One parameter's provenance as the marker shows it. */
export function sourceLine(lang: Lang, path: string): SourceLine {
  const p = provenanceOf(path);
  const spec = (PARAMS as Record<string, { unit?: string } | undefined>)[path];
  const unit = spec?.unit ?? '';
  if (!p) return { path, kind: 'missing', where: st(lang, 'missing'), note: '', unit };
  const note = p.note ? pageNote(p.note) + st(lang, 'noteLang') : '';
  // the seed's Chinese quote is left to --list-params: the page's Chinese font is a subset of its own strings
  if (p.kind === 'seed') return { path, kind: 'seed', where: st(lang, 'seed', { ref: p.ref, title: SEEDS[p.ref] }), note, unit };
  if (p.kind === 'source') return { path, kind: 'source', where: st(lang, 'source', { ref: p.ref, title: SOURCE_TITLES[p.ref] }), note, unit };
  return { path, kind: 'ours', where: st(lang, 'ours'), note, unit };
}

/** What a marker says: a figure measured in the run (`measured`), or one setting shown as it is. */
export interface FigureSource {
  /** parameters the figure follows from (or is) */
  params: readonly string[];
  /** the figure is a setting's value, not measured */
  given?: boolean;
  /** a published figure the page sets beside it */
  compare?: SourceId;
  /** where our model's figure differs from that source, said on the page */
  caveat?: 'fuxiFaults';
}

export function figureSource(lang: Lang, f: FigureSource): { intro: string; lines: SourceLine[]; compare?: string; caveat?: string; all: string } {
  return {
    ...(f.caveat ? { caveat: st(lang, f.caveat) } : {}),
    intro: st(lang, f.given ? 'given' : 'measured'),
    lines: f.params.map((p) => sourceLine(lang, p)),
    ...(f.compare ? { compare: st(lang, 'compare', { title: `[${f.compare}] ${SOURCE_TITLES[f.compare]}` }) } : {}),
    all: st(lang, 'all'),
  };
}
