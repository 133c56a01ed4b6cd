// The one translator factory (src/lib/i18n.ts makeTr): what every view's `t` and `t.word` do.
import { describe, expect, it } from 'vitest';
import { makeTr, phraseLog, plural, tr, word } from '../../src/lib/i18n';
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

  it('{name:one|many} picks a word by any count, irregular plurals too; without the count it stays as written', () => {
    const p = makeTr({ en: { c: '{u} {u:copy|copies} · {n} {n:match|matches}' }, zh: { c: '{u} 个副本 · {n} 条' } });
    expect(p('en', 'c', { u: 1, n: 2 })).toBe('1 copy · 2 matches');
    expect(p('en', 'c', { u: '1,000', n: 1 })).toBe('1,000 copies · 1 match');
    expect(p('zh', 'c', { u: 1, n: 1 })).toBe('1 个副本 · 1 条');
    expect(p('en', 'c', { n: 1 })).toBe('{u} {u:copy|copies} · 1 match');
    expect(plural(1, 'server')).toBe('server');
    expect(plural(0, 'server')).toBe('servers');
    expect(plural(undefined, 'replica is', 'replicas are')).toBe('replicas are');
  });

  it('the page’s counted phrases say 1 of a thing in the singular (they said "1 matchs", "1 servers failed")', async () => {
    await import('../../src/views/shared/faults');
    const ops = await import('../../src/views/ops/strings');
    await import('../../src/views/scheduler/index');
    await import('../../src/views/storage/strings');
    const say = (code: string, v: number) => phraseLog('en', { seq: 1, t: 0, code, node: 3, rack: 0, disk: 40, v });
    expect(say('nodes.destroyed', 1)).toBe('1 server failed for good');
    expect(say('nodes.destroyed', 2)).toBe('2 servers failed for good');
    expect(say('sched.rerun', 1)).toMatch(/its 1 instance reruns elsewhere/);
    expect(say('disk.offlined', 1)).toMatch(/its 1 replica is copied/);
    expect(say('disks.healed', 1)).toBe('1 slow disk back to full speed');
    expect(ops.t('en', 'matches', { n: 1 })).toBe('match');
    expect(ops.t('en', 'matches', { n: 487_992 })).toBe('matches');
    expect(tr('en', 'failRandom', { n: 1 })).toBe('Fail 1 random server');
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
