// The log search's event types (issue 17): every code the engine can write to the log
// is one the page knows — phrased in both languages and accepted by the search — and a
// type that is neither such a code nor an operation type is named as unknown.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/views/index';
import '../../src/views/shared/faults'; // the page's fault menu registers its phrases too
import { knownLogCodes, phraseLog } from '../../src/lib/i18n';
import { parseLogQuery, unknownTypes } from '../../src/views/ops/opsModel';

function engineCodes(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/code: '([a-z]+\.[A-Za-z]+)'/g)) out.add(m[1]);
    }
  };
  walk('worker/engine');
  return out;
}

describe('log event types', () => {
  const codes = engineCodes();
  const known = new Set(knownLogCodes());

  it('finds the engine’s codes', () => {
    expect(codes.size).toBeGreaterThan(40);
    expect(codes.has('node.failed')).toBe(true);
  });

  it('every code the engine writes is known to the page and phrased in both languages', () => {
    const missing = [...codes].filter((c) => !known.has(c));
    expect(missing).toEqual([]);
    for (const c of codes) for (const lang of ['en', 'zh'] as const) expect(phraseLog(lang, { t: 0, seq: 0, code: c } as never)).not.toBe(c);
  });

  it('the README’s example names a known type; a typo is named as unknown', () => {
    const ok = parseLogQuery('R12 node.failed last:1h');
    expect(ok.error).toBeUndefined();
    expect(unknownTypes(ok.query, [...known, 'master.create'])).toEqual([]);
    const typo = parseLogQuery('R12 node.fialed master.create');
    expect(unknownTypes(typo.query, [...known, 'master.create'])).toEqual(['node.fialed']);
  });
});
