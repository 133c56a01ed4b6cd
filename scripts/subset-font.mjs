// `npm run font`: the Chinese web font the page ships (issue 16 §6), a subset of
// Noto Sans SC (SIL Open Font License 1.1, from the npm package @fontsource/noto-sans-sc,
// pinned in package.json) holding exactly the CJK characters the page's text uses.
//
// Which characters: every string the page can show, read from the sources' string
// literals, template text and Svelte markup text (parsed with TypeScript's and Svelte's
// own parsers, so comments do not count) under src/ and worker/, plus index.html's text.
// Many Chinese phrases are functions (the log's), not data, which is why the literals are
// read rather than the modules' exported tables. Only characters in the CJK blocks go into
// the font: Latin, digits and symbols stay in the reader's system font.
//
// Writes public/fonts/noto-sans-sc-subset.woff2 (loaded only for lang=zh, src/app.css),
// public/fonts/noto-sans-sc-lang.woff2 (just 中文, the English page's language button)
// and public/fonts/OFL.txt (the licence), then reads the written font back and fails
// if a character is missing. `node scripts/subset-font.mjs --check` only checks.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { parse as parseSvelte } from 'svelte/compiler';
import fontverter from 'fontverter';
import { Blob, Face } from 'harfbuzzjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FONT_DIR = join(ROOT, 'public', 'fonts');
export const FONT_FILE = 'noto-sans-sc-subset.woff2';
export const LABEL_FONT_FILE = 'noto-sans-sc-lang.woff2';
/** The language button's label on an English page: the only Chinese an English page shows (src/lib/i18n.ts en.language). */
export const LABEL_TEXT = '中文';
const SOURCE_PACKAGE = '@fontsource/noto-sans-sc';
const SOURCE_FILE = 'files/noto-sans-sc-chinese-simplified-400-normal.woff2';

/** Whether a code point is in a CJK block: the characters the web font carries (its unicode-range in src/app.css). */
export function isCjk(cp) {
  return (
    (cp >= 0x2e80 && cp <= 0x2fdf) || // radicals
    (cp >= 0x3000 && cp <= 0x303f) || // CJK punctuation: 、。「」
    (cp >= 0x3400 && cp <= 0x4dbf) || // extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // unified ideographs
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // compatibility forms
    (cp >= 0xff00 && cp <= 0xffef) // full-width forms: ，：（）
  );
}

function listFiles(dir, exts) {
  let out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(listFiles(p, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(p);
  }
  return out;
}

/** The text of every string literal and template piece in TypeScript source (comments left out). */
export function tsStrings(source, fileName = 'x.ts') {
  const out = [];
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const visit = (n) => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) out.push(n.text);
    else if (ts.isJsxText?.(n)) out.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The text of a Svelte component: markup text, attribute text and every string in its scripts and expressions (comments left out). */
export function svelteStrings(source) {
  const out = [];
  const ast = parseSvelte(source, { modern: true });
  const seen = new Set();
  const visit = (n) => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach(visit);
    if (n.type === 'Text' && typeof n.data === 'string') out.push(n.data);
    if (n.type === 'Literal' && typeof n.value === 'string') out.push(n.value);
    if (n.type === 'TemplateElement') out.push(n.value?.cooked ?? n.value?.raw ?? '');
    for (const [k, v] of Object.entries(n)) if (k !== 'leadingComments' && k !== 'trailingComments' && k !== 'comments') visit(v);
  };
  visit(ast);
  return out;
}

/** Every string the page's sources hold, file by file (paths relative to the project). */
export function pageStrings(root = ROOT) {
  const files = [...listFiles(join(root, 'src'), ['.ts', '.svelte']), ...listFiles(join(root, 'worker'), ['.ts'])];
  const out = files.map((f) => {
    const src = readFileSync(f, 'utf8');
    return { file: relative(root, f), strings: f.endsWith('.svelte') ? svelteStrings(src) : tsStrings(src, f) };
  });
  const html = readFileSync(join(root, 'index.html'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  out.push({ file: 'index.html', strings: [html] });
  return out;
}

/** The CJK characters the page uses, sorted by code point, as one string. */
export function pageCjk(root = ROOT) {
  const set = new Set();
  for (const { strings } of pageStrings(root)) for (const s of strings) for (const ch of s) if (isCjk(ch.codePointAt(0))) set.add(ch);
  return [...set].sort((a, b) => a.codePointAt(0) - b.codePointAt(0)).join('');
}

/** The code points a font (woff2, woff or sfnt bytes) maps to glyphs: its cmap, read by HarfBuzz. */
export async function fontCodePoints(bytes) {
  const sfnt = await fontverter.convert(Buffer.from(bytes), 'sfnt');
  return new Set(new Face(new Blob(sfnt)).collectUnicodes());
}

/** The characters of `text` a font lacks. */
export async function missingGlyphs(fontBytes, text) {
  const have = await fontCodePoints(fontBytes);
  return [...new Set(text)].filter((ch) => !have.has(ch.codePointAt(0))).join('');
}

async function main() {
  const check = process.argv.includes('--check');
  const text = pageCjk();
  if (!check) {
    const subsetFont = require('subset-font');
    const pkgDir = dirname(require.resolve(`${SOURCE_PACKAGE}/package.json`));
    const source = readFileSync(join(pkgDir, SOURCE_FILE));
    const lacking = await missingGlyphs(source, text);
    if (lacking) throw new Error(`${SOURCE_PACKAGE} (${SOURCE_FILE}) has no glyph for: ${lacking}`);
    mkdirSync(FONT_DIR, { recursive: true });
    const opts = { targetFormat: 'woff2', noHinting: true };
    writeFileSync(join(FONT_DIR, FONT_FILE), await subsetFont(source, text, opts));
    writeFileSync(join(FONT_DIR, LABEL_FONT_FILE), await subsetFont(source, LABEL_TEXT, opts));
    writeFileSync(join(FONT_DIR, 'OFL.txt'), readFileSync(join(pkgDir, 'LICENSE')));
  }
  for (const [file, want] of [
    [FONT_FILE, text],
    [LABEL_FONT_FILE, LABEL_TEXT],
  ]) {
    const bytes = readFileSync(join(FONT_DIR, file));
    const lacking = await missingGlyphs(bytes, want);
    if (lacking) throw new Error(`public/fonts/${file} lacks ${[...lacking].length} characters the page uses: ${lacking} (run npm run font)`);
    console.log(`public/fonts/${file}: ${[...want].length} characters, ${(bytes.length / 1024).toFixed(1)} KB`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(`subset-font: ${e.message}`);
    process.exit(1);
  });
}
