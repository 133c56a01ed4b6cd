// The one translator factory (src/lib/i18n.ts makeTr): what every view's `t` and `t.word` do.
import { describe, expect, it } from 'vitest';
import { makeTr, tr, word } from '../../src/lib/i18n';
import { t as storageT, tw as storageTw } from '../../src/views/storage/strings';

describe('makeTr', () => {
  const t = makeTr({ en: { hi: 'Hello {name}, {n} new', list: 'zero|one|two' }, zh: { hi: '你好 {name}，{n} 条新', list: '零|一|二' } });

  it('fills {name} placeholders as text, in the asked language, and leaves unknown ones as written', () => {
    expect(t('en', 'hi', { name: '<b>Ann</b>', n: 3 })).toBe('Hello <b>Ann</b>, 3 new');
    expect(t('zh', 'hi', { name: 'A', n: 0 })).toBe('你好 A，0 条新');
    expect(t('en', 'hi', { name: 'A' })).toBe('Hello A, {n} new');
  });

  it('{s} is the English plural ending for n; Chinese phrases leave it out; a given s wins', () => {
    const p = makeTr({ en: { a: '{n} action{s}', side: 'side {s}' }, zh: { a: '{n} 个操作', side: '{s} 侧' } });
    expect(p('en', 'a', { n: 1 })).toBe('1 action');
    expect(p('en', 'a', { n: 0 })).toBe('0 actions');
    expect(p('en', 'a', { n: '1,234' })).toBe('1,234 actions');
    expect(p('zh', 'a', { n: 1 })).toBe('1 个操作');
    expect(p('en', 'side', { s: 'A', n: 1 })).toBe('side A');
  });

  it('word picks the i-th word of a | list, and says the index when there is none', () => {
    expect(t.word('en', 'list', 2)).toBe('two');
    expect(t.word('zh', 'list', 1)).toBe('一');
    expect(t.word('en', 'list', 7)).toBe('7');
  });

  it('the page’s own tr/word and a view’s t/tw come from it', () => {
    expect(tr('en', 'hashAt', { t: '0:10' })).toBe('at 0:10');
    expect(word('en', 'beliefOf', 2)).toBe('dead');
    expect(word('zh', 'truthOf', 4)).toBe('永久损坏');
    expect(storageTw).toBe(storageT.word);
  });
});
