// One vocabulary (issue 16 §6): a Chinese string on the page uses the glossary's term for
// a concept, never a variant it lists to avoid, and keeps no English word meant for the
// class (src/lib/glossary.ts allows proper names, units and key names; codes by their form).
import { describe, expect, it } from 'vitest';
import { isCjk, pageStrings } from '../../scripts/subset-font.mjs';
import { GLOSSARY, LATIN_IN_ZH, term, type Term } from '../../src/lib/glossary';

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
