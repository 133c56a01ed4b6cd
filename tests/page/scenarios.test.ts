import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { atTime, presetHash, scenarioMenu, untitledPresets } from '../../src/views/scenarios';
import { PRESET_ALIASES, PRESETS, presetByName } from '../../worker/scenario/presets';
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

  it('speaks to a class: no spec codes (P5, F4, O1, R2 …) or command-line text, in either language', () => {
    for (const lang of ['en', 'zh'] as const)
      for (const it of scenarioMenu(lang).flatMap((g) => g.items))
        for (const text of [it.title, it.about, it.scheduled])
          expect(text, `${it.name} (${lang})`).not.toMatch(/\b[A-Z]\d\b|--|run --until|\bnpm\b|\w+\.\w+Ms\b/);
    // the engine's own summaries do carry them (the CLI's --list): the menu does not show those
    expect(PRESETS.find((p) => p.name === 'drill-rack-power')!.summary).toMatch(/F4|--until/);
  });

  it('lists no near-duplicates; the old names stay as aliases that open the same scenario', () => {
    const items = scenarioMenu('en').flatMap((g) => g.items);
    const shape = (name: string) => JSON.stringify({ ...presetByName(name)!.scenario, name: '' });
    const shapes = items.map((i) => shape(i.name));
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(PRESET_ALIASES).toEqual({ 'rack-drill': 'drill-rack-power', 'dc-drill': 'drill-dc-power' });
    for (const [old, real] of Object.entries(PRESET_ALIASES)) {
      expect(items.some((i) => i.name === old)).toBe(false);
      expect(presetByName(old)?.name).toBe(real);
      expect(decodeLink(`#preset=${old}`)?.name).toBe(real);
    }
    expect(presetByName('constructor')).toBeUndefined();
  });

  it('says what a scenario already schedules, grouped by moment, in both languages', () => {
    const item = (lang: 'en' | 'zh', name: string) =>
      scenarioMenu(lang)
        .flatMap((g) => g.items)
        .find((i) => i.name === name)!;
    expect(item('en', 'drill-rack-power').scheduled).toBe('10 min: rack power off R17 · 40 min: rack power on R17');
    expect(item('zh', 'drill-rack-power').scheduled).toBe('10 分钟：机架断电 R17 · 40 分钟：机架通电 R17');
    expect(item('en', 'mirror-storm').scheduled).toContain('1 h 10 min: primary network restored');
    expect(item('en', 'drill-network-devices').scheduled).toContain('R10, R50, R90');
    expect(item('en', 'repair-loop').scheduled).toContain('24 × disk fail');
    expect(item('en', 'default').scheduled).toBe('');
    expect([atTime(0, 'en'), atTime(3_600_000, 'zh'), atTime(4_200_000, 'zh')]).toEqual(['0 min', '1 小时', '1 小时 10 分钟']);
  });
});
