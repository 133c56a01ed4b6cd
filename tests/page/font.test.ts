// The Chinese web font (issue 16 §6): the committed subset in public/fonts/ must have a
// glyph for every CJK character the page's text uses, read from the font's own cmap.
// When this fails after a new Chinese string, run `npm run font` and commit public/fonts/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FONT_DIR,
  FONT_FILE,
  LABEL_FONT_FILE,
  LABEL_TEXT,
  fontCodePoints,
  isCjk,
  missingGlyphs,
  pageCjk,
  pageStrings,
  svelteStrings,
  tsStrings,
} from '../../scripts/subset-font.mjs';
import { knownLogCodes, phraseLog, tr } from '../../src/lib/i18n';
import { LESSONS } from '../../src/lessons/lessons';
import { scenarioMenu } from '../../src/views/scenarios';

const font = readFileSync(join(FONT_DIR, FONT_FILE));
const cjk = (s: string) => [...s].filter((ch) => isCjk(ch.codePointAt(0)!)).join('');

/** Every string reachable in a value (objects, arrays): the modules' exported data. */
function strings(v: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v && typeof v === 'object' && !seen.has(v)) {
    seen.add(v);
    for (const x of Object.values(v)) strings(x, out, seen);
  }
  return out;
}

describe('the Chinese subset font', () => {
  it('has a glyph for every CJK character in the page’s strings', async () => {
    const lacking: string[] = [];
    const have = await fontCodePoints(font);
    for (const { file, strings: ss } of pageStrings()) {
      const miss = [...new Set(cjk(ss.join('')))].filter((ch) => !have.has(ch.codePointAt(0)!)).join('');
      if (miss) lacking.push(`${file}: ${miss}`);
    }
    expect(lacking, 'characters public/fonts/ lacks (run npm run font)').toEqual([]);
  });

  it('the sources read include what the modules show at run time: log phrases, lessons, the scenario menu, the page title', () => {
    const used = new Set(pageCjk());
    const entry = { seq: 1, t: 0, node: 1, rack: 2, disk: 3, v: 4, s: 'x' };
    const shown = [
      tr('zh', 'title'),
      ...knownLogCodes().map((code) => phraseLog('zh', { ...entry, code })),
      ...strings(LESSONS),
      ...scenarioMenu('zh').flatMap((g) => [g.label, ...g.items.map((i) => i.title)]),
    ].join('');
    expect(cjk(shown).length).toBeGreaterThan(1000);
    expect([...new Set(cjk(shown))].filter((ch) => !used.has(ch)).join('')).toBe('');
  });

  it('the English page’s language button (中文) has its own tiny font', async () => {
    expect(tr('en', 'language')).toBe(LABEL_TEXT);
    const label = readFileSync(join(FONT_DIR, LABEL_FONT_FILE));
    expect(await missingGlyphs(label, LABEL_TEXT)).toBe('');
    expect(label.length).toBeLessThan(4096);
  });

  it('can fail: a character the page does not use is missing; the OFL licence ships beside the font', async () => {
    expect(await missingGlyphs(font, '飞龘')).toBe('龘');
    expect(readFileSync(join(FONT_DIR, 'OFL.txt'), 'utf8')).toContain('SIL Open Font License');
  });

  it('reads strings, not comments', () => {
    expect(tsStrings('// 注释\nconst a = \'飞天\' + `天${x}实` + "盘"; /* 古 */')).toEqual(['飞天', '天', '实', '盘']);
    expect(
      svelteStrings(
        '<script lang="ts">\n// 注释\nconst a: string = \'伏羲\';\n</script>\n<!-- 古 -->\n<p title="镜像">{a ? \'华佗\' : `大禹`} 宕机</p>',
      ),
    ).toEqual(expect.arrayContaining(['伏羲', '镜像', '华佗', '大禹', ' 宕机']));
    expect(cjk(svelteStrings('<script>\n// 注释\n</script>\n<!-- 古 --><p>a</p>').join(''))).toBe('');
  });
});
