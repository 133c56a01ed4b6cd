import { describe, expect, it } from 'vitest';
import { LINK_KEYS, linkFlag, parseLink, runInput, shareAddress, withKeys } from '../../src/lib/link';
import { LESSONS } from '../../src/lessons/lessons';
import { encodeHash, MAX_URL_CHARS, toBase64Url } from '../../worker/scenario/codec';
import { defaultScenario, scenarioToJSON } from '../../worker/scenario/schema';
import { presetByName } from '../../worker/scenario/presets';

const ctx = { views: ['racks', 'ops', 'logs', 'storm'], lessons: LESSONS };
const read = (href: string) => parseLink(href, ctx);
const small = () => ({ ...defaultScenario(), params: { 'cluster.nodes': 400 } });
const rackDark = LESSONS.find((l) => l.id === 'rack-dark')!;

describe('parseLink: every key', () => {
  it('a plain visit: the default cluster, no time, no page keys, nothing wrong', () => {
    expect(read('https://x.org/lab/')).toEqual({
      source: { kind: 'default' },
      t: null,
      view: null,
      lang: null,
      lesson: null,
      step: 0,
      revealed: false,
      present: false,
      embed: false,
      scenarioProblem: null,
      keyProblems: [],
    });
  });

  it('reads a z= share link (its own scenario), t, view, lang, lesson, step, present, embed', () => {
    const h = encodeHash(small(), { t: '60000', view: 'storm', lang: 'zh', lesson: 'rack-dark', step: '2', present: '1', embed: '1' });
    const l = read('https://x.org/lab/#' + h);
    expect([l.scenarioProblem, l.keyProblems]).toEqual([null, []]);
    expect(l.source.kind).toBe('shared');
    expect(l.source.kind === 'shared' && l.source.scenario.params['cluster.nodes']).toBe(400);
    expect([l.t, l.view, l.lang, l.lesson, l.step, l.present, l.embed]).toEqual([60000, 'storm', 'zh', 'rack-dark', 1, true, true]);
    expect(runInput(l)).toEqual({ scenario: (l.source as { scenario: unknown }).scenario, until: 60000 });
  });

  it('reads an older s= link', () => {
    const l = read('#s=' + toBase64Url(scenarioToJSON(small())));
    expect(l.source.kind).toBe('shared');
    expect([l.scenarioProblem, l.keyProblems]).toEqual([null, []]);
  });

  it('reads a preset by name, and its view; a plain visit sends no scenario', () => {
    const l = read('#preset=mirror-storm-guarded&view=storm');
    expect(l.source).toEqual({ kind: 'preset', name: 'mirror-storm-guarded', scenario: presetByName('mirror-storm-guarded')!.scenario });
    expect(l.view).toBe('storm');
    expect(runInput(read('#view=ops'))).toEqual({});
  });

  it('reads the query and the hash under one rule: the hash wins', () => {
    const l = read('https://x.org/lab/?lang=zh&view=ops&embed=1#view=logs');
    expect([l.lang, l.view, l.embed]).toEqual(['zh', 'logs', true]);
    expect(read('lesson=mtbf').lesson).toBe('mtbf'); // a bare hash's text
  });

  it('revealed=1 keeps a lesson step revealed (its prediction made or skipped); it means nothing without a lesson; a bad value is named', () => {
    const l = read('#lesson=rack-dark&step=2&revealed=1');
    expect([l.lesson, l.step, l.revealed, l.keyProblems]).toEqual(['rack-dark', 1, true, []]);
    expect(read('#lesson=rack-dark&step=2').revealed).toBe(false);
    expect(read('#revealed=1').revealed).toBe(false);
    const bad = read('#lesson=rack-dark&revealed=yes');
    expect([bad.revealed, bad.keyProblems]).toEqual([false, ['link: revealed="yes" is not 1 or 0']]);
    // written by the page beside the other keys, and read back
    const w = withKeys('https://x.org/lab/?revealed=1#lang=zh', { lesson: 'rack-dark', step: '2', revealed: '1' });
    expect(w).toBe('https://x.org/lab/#lang=zh&lesson=rack-dark&step=2&revealed=1');
    expect(read(w).revealed).toBe(true);
    expect(read(withKeys(w, { revealed: null })).revealed).toBe(false);
  });

  it('embed and present take 1/true/0/false; linkFlag reads one without the rest', () => {
    expect(read('#embed=true&present=0').embed).toBe(true);
    expect(read('#embed=0&present=false').present).toBe(false);
    expect(linkFlag('https://x/lab/?embed=1#view=racks', 'embed')).toBe(true);
    expect(linkFlag('https://x/lab/#z=%%%&embed=1', 'embed')).toBe(true); // a bad scenario does not hide the flag
    expect(linkFlag('#embed=yes', 'embed')).toBe(false);
  });
});

describe('parseLink: bad values are named, and the key falls back to its default', () => {
  it('a bad view=, lang=, lesson=, step=, present=, embed= each give one message naming the key', () => {
    const l = read('#view=nope&lang=fr&lesson=no-lesson&present=maybe&embed=2');
    expect([l.view, l.lang, l.lesson, l.present, l.embed]).toEqual([null, null, null, false, false]);
    expect(l.scenarioProblem).toBeNull();
    expect(l.keyProblems).toEqual([
      'link: no view named "nope" (views: racks, ops, logs, storm); showing racks',
      'link: lang="fr" is not a language of the page (en, zh)',
      `link: no lesson named "no-lesson" (lessons: ${LESSONS.slice(0, 12)
        .map((x) => x.id)
        .join(', ')}${LESSONS.length > 12 ? ', …' : ''})`,
      'link: present="maybe" is not 1 or 0',
      'link: embed="2" is not 1 or 0',
    ]);
  });

  it('a step outside the lesson: the first step (or the last, past the end), with a message', () => {
    const n = rackDark.steps.length;
    for (const [s, want] of [
      ['0', 0],
      ['-4', 0],
      ['2.5', 0],
      ['abc', 0],
      ['', 0],
      [String(n + 5), n - 1],
    ] as const) {
      const l = read(`#lesson=rack-dark&step=${encodeURIComponent(s)}`);
      expect(l.step, s).toBe(want);
      expect(l.lesson).toBe('rack-dark');
      expect(l.keyProblems, s).toEqual([`link: step=${JSON.stringify(s)} is not a step of lesson rack-dark (1 to ${n}); showing step ${want + 1}`]);
    }
    expect(read(`#lesson=rack-dark&step=${n}`)).toMatchObject({ step: n - 1, keyProblems: [] });
  });

  it('a bad preset or scenario: the default cluster from its start, the rest of the address still counts', () => {
    const l = read('#preset=no-such-thing&view=ops&t=5000');
    expect(l.source).toEqual({ kind: 'default' });
    expect(l.t).toBeNull();
    expect(l.view).toBe('ops');
    expect(l.scenarioProblem).toBe('link: no scenario named "no-such-thing" (see the Scenarios menu or npm run sim -- --list)');
    expect(l.keyProblems).toEqual([]);
    expect(read('#z=abc&lang=zh')).toMatchObject({ source: { kind: 'default' }, lang: 'zh' });
    expect(read('#z=abc').scenarioProblem).toMatch(/^share link: /);
    expect(read('#t=-1').scenarioProblem).toMatch(/^share link: t="?-1"? is not a simulated time/);
  });

  it('empty keys are as good as absent', () => {
    expect(read('#view=&lang=&lesson=')).toMatchObject({ view: null, lang: null, lesson: null, keyProblems: [] });
  });
});

describe('parseLink: hostile input', () => {
  it('a long or odd value is shown bounded, as text', () => {
    const long = '<img src=x onerror=alert(1)>'.repeat(400);
    const l = read('#view=' + encodeURIComponent(long) + '&lesson=' + encodeURIComponent(long) + '&lang=' + encodeURIComponent(long));
    expect(l.keyProblems).toHaveLength(3);
    for (const p of l.keyProblems) expect(p.length).toBeLessThan(400);
    expect(l.keyProblems[0]).toContain('"<img src=x');
    expect(read('#view=%E0%A4%A').keyProblems).toHaveLength(1); // a broken escape is read as text, not thrown
  });

  it('an address longer than a link may be: one message, the default cluster, every key at its default', () => {
    const l = read('#view=ops&x=' + 'a'.repeat(MAX_URL_CHARS));
    expect(l.view).toBeNull();
    expect(l.scenarioProblem).toBe(`share link: ${MAX_URL_CHARS + 12} characters, at most ${MAX_URL_CHARS}`);
  });

  it('keys named like Object.prototype members are not views or lessons', () => {
    const l = read('#view=constructor&lesson=__proto__&step=toString');
    expect([l.view, l.lesson, l.step]).toEqual([null, null, 0]);
    expect(l.keyProblems).toHaveLength(2);
  });
});

describe('writing the address', () => {
  it('withKeys sets and removes keys in the hash, keeps the others, and clears the query of what it writes', () => {
    expect(withKeys('https://x/lab/?view=ops&utm=1#lang=zh&z=AAA', { view: 'logs', lesson: null })).toBe(
      'https://x/lab/?utm=1#lang=zh&z=AAA&view=logs',
    );
    expect(withKeys('/lab/#lang=en&z=BBB&t=5&lesson=a', { lesson: 'mtbf', step: '1' }, true)).toBe('/lab/#lang=en&lesson=mtbf&step=1');
    expect(withKeys('/lab/?preset=x#view=ops', {}, true)).toBe('/lab/#view=ops');
    expect(withKeys('/lab/', { present: null })).toBe('/lab/');
  });

  it("shareAddress: the share hash is the whole hash, the query keeps only keys that are not the link's", () => {
    expect(shareAddress('https://x/lab/?preset=a&t=9&utm=1#view=ops', 'z=C&t=5')).toBe('https://x/lab/?utm=1#z=C&t=5');
    for (const k of LINK_KEYS) expect(shareAddress(`https://x/lab/?${k}=1`, 'z=C')).toBe('https://x/lab/#z=C');
  });

  it('what is written reads back', () => {
    const url = shareAddress('https://x/lab/', encodeHash(small(), { t: '1000', view: 'logs', lang: 'en' }));
    const back = read(withKeys(url, { lesson: 'rack-dark', step: '2', present: '1' }));
    expect(back).toMatchObject({
      t: 1000,
      view: 'logs',
      lang: 'en',
      lesson: 'rack-dark',
      step: 1,
      present: true,
      scenarioProblem: null,
      keyProblems: [],
    });
  });
});
