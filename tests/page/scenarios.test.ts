import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { presetHash, scenarioMenu, untitledPresets } from '../../src/views/scenarios';
import { PRESETS } from '../../worker/scenario/presets';
import { decodeLink } from '../../worker/scenario/codec';

/** View ids as the views' index.ts files register them. */
function registeredViews(): Set<string> {
  const ids = new Set(['racks']);
  for (const d of readdirSync('src/views', { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    let src: string;
    try {
      src = readFileSync(`src/views/${d.name}/index.ts`, 'utf8');
    } catch {
      continue;
    }
    for (const m of src.matchAll(/registerView\(\{\s*id:\s*'([\w-]+)'/g)) ids.add(m[1]);
  }
  return ids;
}

describe('the Scenarios menu', () => {
  it('lists every preset once, with a title in both languages and a view that exists', () => {
    expect(untitledPresets()).toEqual([]);
    const views = registeredViews();
    for (const lang of ['en', 'zh'] as const) {
      const items = scenarioMenu(lang).flatMap((g) => g.items);
      expect(items.map((i) => i.name).sort()).toEqual(PRESETS.map((p) => p.name).sort());
      for (const it of items) {
        expect(it.title.length).toBeGreaterThan(3);
        expect(views.has(it.view), `${it.name} → view ${it.view}`).toBe(true);
      }
    }
    const en = scenarioMenu('en').flatMap((g) => g.items);
    const zh = scenarioMenu('zh').flatMap((g) => g.items);
    expect(zh.filter((z, i) => z.title === en[i].title)).toEqual([]);
  });

  it('opens a preset by a link the engine reads back', () => {
    const h = presetHash('mirror-storm-guarded', 'storm', 'zh');
    const q = new URLSearchParams(h.slice(1));
    expect(q.get('view')).toBe('storm');
    expect(q.get('lang')).toBe('zh');
    expect(decodeLink(h)?.name).toBe('mirror-storm-guarded');
  });
});
