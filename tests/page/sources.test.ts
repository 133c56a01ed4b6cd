import { describe, expect, it } from 'vitest';
import { figureSource, pageNote, sourceLine, type FigureSource } from '../../src/lib/sources';
import { READOUT_SOURCES, readoutSource } from '../../src/lib/readoutSources';
import { STORAGE_SOURCES } from '../../src/views/storage/sources';
import { STORM_SOURCES } from '../../src/views/storm/sources';
import { WRITES_SOURCES } from '../../src/views/writes/sources';
import { DEPLOY_SOURCES, OPS_SOURCES } from '../../src/views/ops/sources';
import { REPAIR_SOURCES } from '../../src/views/repair/sources';
import { COMPARE_SOURCES } from '../../src/views/compare/sources';
import { RACK_SOURCES } from '../../src/views/rackSources';
import { LESSONS } from '../../src/lessons/lessons';
import { PARAMS } from '../../worker/scenario/params';
import { provenanceOf, SOURCE_TITLES, SOURCES } from '../../worker/scenario/provenance';
import { readFileSync } from 'node:fs';

/** Every view's headline figures and the sources their markers open. */
const VIEW_SOURCES: Record<string, Record<string, FigureSource>> = {
  storage: STORAGE_SOURCES,
  storm: STORM_SOURCES,
  writes: WRITES_SOURCES,
  ops: OPS_SOURCES,
  deploy: DEPLOY_SOURCES,
  repair: REPAIR_SOURCES,
  compare: COMPARE_SOURCES,
  racks: RACK_SOURCES,
};

/** Every figure source the page's markers can open: each view's headline, every lesson readout. */
const shown = [
  ...Object.entries(VIEW_SOURCES).flatMap(([view, map]) => Object.entries(map).map(([k, v]) => [`${view} ${k}`, v] as const)),
  ...LESSONS.flatMap((l) => (l.readout ?? []).map((r) => [`${l.id}: ${r.label.en}`, readoutSource(r, l.scenario.params)] as const)),
];

describe('source markers (issue 14 §3): every figure says where it comes from', () => {
  it('every parameter a marker lists is a parameter with a provenance entry', () => {
    expect(shown.length).toBeGreaterThan(30);
    for (const [what, src] of shown) {
      for (const p of src.params) {
        expect(p in PARAMS, `${what}: ${p} is not a parameter`).toBe(true);
        expect(provenanceOf(p), `${what}: ${p} has no provenance`).toBeDefined();
      }
    }
  });

  it('every view names the settings behind each of its headline figures, none twice', () => {
    for (const [view, map] of Object.entries(VIEW_SOURCES)) {
      expect(Object.keys(map).length, view).toBeGreaterThan(0);
      for (const [k, src] of Object.entries(map)) {
        expect(src.params.length, `${view} ${k}`).toBeGreaterThan(0);
        expect(new Set(src.params).size, `${view} ${k} lists a parameter twice`).toBe(src.params.length);
      }
    }
  });

  it('most readouts name the settings behind them (by the map); the rest fall back to their lesson’s settings', () => {
    const readouts = LESSONS.flatMap((l) => l.readout ?? []);
    const mapped = readouts.filter((r) => r.sources || READOUT_SOURCES[r.label.en]);
    expect(mapped.length).toBeGreaterThan(readouts.length * 0.8);
    for (const src of Object.values(READOUT_SOURCES)) expect(src.params.length).toBeGreaterThan(0);
    expect(readoutSource({ label: { en: 'a readout no map knows' } }, { 'writes.mode': 'redo-log' }).params).toEqual(['writes.mode']);
  });

  it('names the kind of each source in both languages: a seed, a published source with its title, our assumption', () => {
    const seed = sourceLine('en', 'cluster.nodes');
    expect(seed.kind).toBe('seed');
    expect(seed.where).toContain('source article 000');
    expect(sourceLine('zh', 'cluster.nodes').where).toMatch(/^来自原文 000/);
    const src = sourceLine('en', 'recovery.outDelayMs');
    expect(src.kind).toBe('source');
    expect(src.where).toContain('[ceph]');
    expect(sourceLine('zh', 'recovery.outDelayMs').where).toMatch(/^公开资料 \[ceph\]/);
    const ours = sourceLine('en', 'deploy.masterLoadUsPerFile');
    expect(ours.kind).toBe('ours');
    expect(ours.where).toBe('our assumption');
    expect(ours.note.length).toBeGreaterThan(0);
    expect(sourceLine('zh', 'deploy.masterLoadUsPerFile').where).toBe('我们的假设');
    expect(sourceLine('zh', 'deploy.masterLoadUsPerFile').note).toContain('说明为英文');
    expect(sourceLine('en', 'no.such.param').kind).toBe('missing');
    // Chinese words quoted from the seeds stay out of the page's notes (no font for them on an English page)
    expect(pageNote('the seed says users choose (用户可以指定文件数据的拷贝数目)')).toBe('the seed says users choose');
    expect(pageNote('different jobs (不同的作业) find it')).toBe('different jobs find it');
    for (const p of Object.keys(PARAMS)) expect(sourceLine('en', p).note, p).not.toMatch(/[\u3400-\u9fff]/);
  });

  it('a measured figure says it is our model’s; a setting says it is one; a compared source is named', () => {
    const lost = figureSource('en', STORAGE_SOURCES.lost);
    expect(lost.intro).toMatch(/^Measured in this run of our model/);
    expect(lost.compare).toContain('Copysets');
    expect(figureSource('zh', STORAGE_SOURCES.lost).intro).toMatch(/我们的模型/);
    expect(figureSource('en', STORAGE_SOURCES.placement).intro).toMatch(/^A setting of this run/);
  });

  it('where our model differs from its source it says so, with both figures, in both languages', () => {
    const f = { params: ['scheduler.blacklistCap'], compare: 'fuxi', caveat: 'fuxiFaults' } as const;
    const en = figureSource('en', f).caveat!;
    expect(en).toMatch(/Only partly as in the Fuxi paper/);
    for (const x of ['+16 %', '+20 %', '+0.6 %']) expect(en).toContain(x);
    const zh = figureSource('zh', f).caveat!;
    for (const x of ['+16%', '+20%', '+0.6%', '伏羲']) expect(zh).toContain(x);
    expect(figureSource('en', { params: [] }).caveat).toBeUndefined();
  });

  it('every source id has a title, and each title’s authors or name appear in docs/references.md', () => {
    const refs = readFileSync('docs/references.md', 'utf8');
    for (const id of SOURCES) {
      expect(SOURCE_TITLES[id], id).toBeTruthy();
      expect(refs, id).toContain(`**[${id}]** ${SOURCE_TITLES[id].split(/[ ,(“]/)[0]}`);
    }
  });
});
