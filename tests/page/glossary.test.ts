// One vocabulary (issue 16 §6): a Chinese string on the page uses the glossary's term for
// a concept, never a variant it lists to avoid, and keeps no English word meant for the
// class (src/lib/glossary.ts allows proper names, units and key names; codes by their form).
import { describe, expect, it } from 'vitest';
import { isCjk, pageStrings } from '../../scripts/subset-font.mjs';
import { GLOSSARY, LATIN_IN_ZH, term, type Term, type TermId } from '../../src/lib/glossary';
import { LESSONS } from '../../src/lessons/lessons';
import { LESSON_STRINGS } from '../../src/lessons/strings';
import type { Text } from '../../src/lessons/types';

/** Chinese strings: the page's (src/) string literals and markup text with more CJK characters than Latin letters. */
function zhStrings(): { file: string; s: string }[] {
  const out: { file: string; s: string }[] = [];
  for (const { file, strings } of pageStrings()) {
    if (!file.startsWith('src/') || file === 'src/lib/glossary.ts') continue;
    for (const s of strings) {
      const cjk = [...s].filter((ch) => isCjk(ch.codePointAt(0)!)).length;
      if (cjk > 0 && cjk >= (s.match(/[A-Za-z]/g) ?? []).length) out.push({ file, s });
    }
  }
  return out;
}

/** The Latin words of a Chinese string meant for the class: placeholders, codes, commands, single letters and allowed words left out. */
export function englishWords(s: string): string[] {
  const ok = new Set(LATIN_IN_ZH);
  const rest = s
    .replace(/\{[^}]*\}/g, ' ') // {placeholders}
    .replace(/npm run \S+( +--?[\w-]*)*/g, ' ') // a command line
    .replace(/[\w#]+(?:[./:][\w#-]+)+/g, ' ') // code: recovery.outDelayMs, docs/logs.md, user:3
    .replace(/\.(json|md|csv|png|svg)\b/gi, ' ') // a file's extension after a Chinese name: 文件.json
    .replace(/\b[A-Za-z]\d*\b/g, ' ') // single letters: C(F,r), R12, key names
    .replace(/\b[pP]\d+\b/g, ' '); // percentiles: p50, p99
  return (rest.match(/[A-Za-z][A-Za-z0-9'’-]*/g) ?? []).filter((w) => !ok.has(w) && !/^\d/.test(w));
}

describe('the glossary', () => {
  const terms = Object.entries(GLOSSARY) as [string, Term][];

  it('gives each concept one Chinese and one English name, and no name is another term’s avoided variant', () => {
    const zh = terms.map(([, t]) => t.zh);
    expect(new Set(zh).size).toBe(zh.length);
    for (const [id, t] of terms) {
      expect(t.zh.length, id).toBeGreaterThan(0);
      expect(t.en.length, id).toBeGreaterThan(0);
      for (const [other, u] of terms)
        for (const a of u.avoid ?? []) expect(typeof a === 'string' ? t.zh === a : a.test(t.zh), `${id} is avoided by ${other}`).toBe(false);
    }
    expect(term('naive', 'zh')).toBe('朴素');
    expect(term('redoLog', 'zh')).toBe('内存日志文件');
  });

  it('holds the seeds’ own Chinese terms', () => {
    const seeds = terms.filter(([, t]) => t.seed).map(([, t]) => t.zh);
    expect(seeds).toEqual(expect.arrayContaining(['伏羲', '盘古', '镜像风暴', '内存日志文件', '宕机', '黑名单', '华佗', '大禹']));
  });
});

describe('the page’s Chinese strings', () => {
  const zh = zhStrings();

  it('are found (the page has hundreds)', () => {
    expect(zh.length).toBeGreaterThan(300);
  });

  it('use no avoided variant of a term', () => {
    const bad: string[] = [];
    for (const [id, t] of Object.entries(GLOSSARY) as [string, Term][])
      for (const a of t.avoid ?? [])
        for (const { file, s } of zh)
          if (typeof a === 'string' ? s.includes(a) : a.test(s))
            bad.push(`${file}: “${s.slice(0, 60)}” uses ${String(a)} — the glossary says ${t.zh} (${id})`);
    expect(bad).toEqual([]);
  });

  it('keep no English word meant for the class', () => {
    const bad = zh.flatMap(({ file, s }) => englishWords(s).map((w) => `${file}: ${w} in “${s.slice(0, 60)}”`));
    expect(bad).toEqual([]);
  });

  it('the checks can fail', () => {
    expect(englishWords('内存 redo log 的代价，p99 与 R12 与 recovery.outDelayMs，Master 与 C(F,r)')).toEqual(['redo', 'log']);
    expect(englishWords('通过 gossip 传播，见 docs/logs.md 与 npm run sim -- --list-params')).toEqual(['gossip']);
    expect((GLOSSARY.naive.avoid as string[]).some((a) => '简单恢复（白天）'.includes(a))).toBe(true);
    expect((GLOSSARY.guarded.avoid as RegExp[])[0].test('没有保护的 Master')).toBe(false);
    expect((GLOSSARY.guarded.avoid as RegExp[])[0].test('把朴素和有保护并排运行')).toBe(true);
  });
});

/** Every bilingual text of the lessons and the classroom's own strings: where it is, its English and its Chinese. */
function lessonPairs(): { where: string; en: string; zh: string }[] {
  const out: { where: string; en: string; zh: string }[] = [];
  const add = (where: string, t: Text | undefined) => t && out.push({ where, en: t.en, zh: t.zh });
  for (const l of LESSONS) {
    add(`${l.id} title`, l.title);
    add(`${l.id} summary`, l.summary);
    for (const r of l.readout ?? []) add(`${l.id} readout`, r.label);
    l.steps.forEach((s, i) => {
      const w = `${l.id} step ${i + 1}`;
      for (const t of [s.title, s.say, s.expect, s.tryLabel]) add(w, t);
      const p = s.predict;
      // (a number's unit is a measure word: 个, 台)
      if (p) for (const t of [p.question, p.explain, ...(p.kind === 'choice' ? p.options : [])]) add(`${w} prediction`, t);
    });
  }
  for (const k of Object.keys(LESSON_STRINGS.en) as (keyof typeof LESSON_STRINGS.en)[])
    out.push({ where: `strings ${k}`, en: LESSON_STRINGS.en[k], zh: LESSON_STRINGS.zh[k] });
  return out;
}

/** The glossary terms an English text uses: a term's `match`, or its English name as a word (any case, a plural s). */
export function termsIn(en: string): TermId[] {
  return (Object.keys(GLOSSARY) as TermId[]).filter((id) => {
    const t: Term = GLOSSARY[id];
    if (t.match === false) return false;
    const re = t.match ?? new RegExp(`\\b${t.en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\\b`, 'i');
    return re.test(en);
  });
}

/** A pair's terms that its Chinese leaves out: the English uses the term, the Chinese does not say the glossary's name for it (so it says another, undefined one — or none). */
export function undefinedTerms(en: string, zh: string): string[] {
  return termsIn(en)
    .filter((id) => !zh.includes(GLOSSARY[id].zh))
    .map((id) => `${id}: “${GLOSSARY[id].en}” without ${GLOSSARY[id].zh}`);
}

describe('the lessons’ and the classroom’s Chinese', () => {
  const pairs = lessonPairs();

  it('are found (every lesson, every step)', () => {
    expect(pairs.length).toBeGreaterThan(200);
  });

  it('name every glossary term the English uses by the glossary’s Chinese name', () => {
    const bad = pairs.flatMap(({ where, en, zh }) => undefinedTerms(en, zh).map((m) => `${where}: ${m} — “${zh.slice(0, 50)}”`));
    expect(bad).toEqual([]);
  });

  it('keep no English word meant for the class', () => {
    const bad = pairs.flatMap(({ where, zh }) => englishWords(zh).map((w) => `${where}: ${w} in “${zh.slice(0, 60)}”`));
    expect(bad).toEqual([]);
  });

  it('the check can fail', () => {
    expect(undefinedTerms('Copyset placement lowers the risk', '复制集放置降低风险')).toEqual(['copyset: “copyset” without 副本组']);
    expect(undefinedTerms('Copysets placement', '副本组放置')).toEqual([]);
    expect(undefinedTerms('The circuit breaker opens', '断路器断开')).toHaveLength(1);
    expect(undefinedTerms('three chunks', '三个数据块')).toEqual([]);
  });
});
