import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARAMS } from '../../worker/scenario/params';
import {
  assumptionPaths,
  assumptionRows,
  type CatalogueRow,
  PROVENANCE,
  provenanceLabel,
  provenanceOf,
  SEEDS,
  SOURCES,
} from '../../worker/scenario/provenance';
import { main } from '../../worker/cli';

const root = resolve(__dirname, '../..');
/** The seed articles sit beside the repository (../shared/seeds), not in it. */
const seedDir = resolve(root, '../shared/seeds');
const refsText = readFileSync(resolve(root, 'docs/references.md'), 'utf8');

describe('every parameter says where its figure comes from (issue 14 §3)', () => {
  it('every parameter has a provenance entry with a note', () => {
    const missing = Object.keys(PARAMS).filter((k) => !provenanceOf(k));
    expect(missing, `parameters without provenance in worker/scenario/provenance.ts: ${missing.join(', ')}`).toEqual([]);
    for (const [k, p] of Object.entries(PROVENANCE)) expect(p!.note.trim().length, `${k}: empty note`).toBeGreaterThan(5);
  });

  it('no entry names a parameter that does not exist', () => {
    const extra = Object.keys(PROVENANCE).filter((k) => !(k in PARAMS));
    expect(extra).toEqual([]);
  });

  it('every source entry names an entry of docs/references.md, and every listed id is there', () => {
    const ids = new Set([...refsText.matchAll(/^- \*\*\[([a-z0-9-]+)\]\*\*/gm)].map((m) => m[1]));
    for (const id of SOURCES) expect(ids.has(id), `[${id}] is not an entry of docs/references.md`).toBe(true);
    for (const [k, p] of Object.entries(PROVENANCE))
      if (p!.kind === 'source') expect(ids.has(p!.ref), `${k}: [${p!.ref}] not in docs/references.md`).toBe(true);
  });

  it.skipIf(!existsSync(seedDir))('every seed entry quotes text that is in its seed article', () => {
    const files = readdirSync(seedDir);
    const text = (id: string) => {
      const f = files.find((n) => n.startsWith(id + '_'));
      expect(f, `no seed file ${id}_*.txt in ${seedDir}`).toBeDefined();
      return readFileSync(resolve(seedDir, f!), 'utf8');
    };
    const seeds = Object.fromEntries(Object.keys(SEEDS).map((id) => [id, text(id)]));
    let n = 0;
    for (const [k, p] of Object.entries(PROVENANCE)) {
      if (p!.kind !== 'seed') continue;
      n++;
      expect(p!.quote.length, `${k}: quote too short to mean anything`).toBeGreaterThanOrEqual(4);
      expect(seeds[p!.ref].includes(p!.quote), `${k}: "${p!.quote}" is not in seed ${p!.ref}`).toBe(true);
    }
    expect(n).toBeGreaterThan(5);
  });

  it.skipIf(!existsSync(seedDir))('a quote that is not in the seed would be caught', () => {
    const seed = readdirSync(seedDir).find((n) => n.startsWith('003_'));
    expect(seed, `no seed 003_*.txt in ${seedDir}`).toBeDefined();
    expect(readFileSync(resolve(seedDir, seed!), 'utf8').includes('超过了平均时间的四倍')).toBe(false);
  });

  it('labels and the list of assumptions follow the entries', () => {
    expect(provenanceLabel(PROVENANCE['scheduler.slowFactor']!)).toBe('seed 003 “超过了平均时间的三倍”');
    expect(provenanceLabel(PROVENANCE['detection.heartbeatIntervalMs']!)).toBe('source [hdfs]');
    const ours = assumptionPaths();
    expect(ours).toContain('cluster.nodesPerRack');
    expect(ours).not.toContain('cluster.nodes');
    expect(ours.length).toBe(Object.values(PROVENANCE).filter((p) => p!.kind === 'ours').length);
  });

  it('npm run sim -- --list-params prints every parameter with its provenance (text and --json)', () => {
    const run = (argv: string[]) => {
      let out = '',
        err = '';
      const code = main(argv, { out: (t: string) => void (out += t), err: (t: string) => void (err += t) });
      return { code, out, err };
    };
    const text = run(['--list-params']);
    expect(text.code).toBe(0);
    expect(text.err).toBe('');
    for (const k of Object.keys(PARAMS)) expect(text.out).toContain(k + ' = ');
    expect(text.out).toContain('scheduler.slowFactor = 3  (seed 003 “超过了平均时间的三倍”)');
    expect(text.out).toContain('recovery.outDelayMs = 600000 ms  (source [ceph])');
    const json = run(['--list-params', '--json']);
    const rows = JSON.parse(json.out) as CatalogueRow[];
    expect(rows.map((r) => r.path)).toEqual(Object.keys(PARAMS));
    expect(rows.every((r) => r.kind !== 'missing' && r.note.length > 0)).toBe(true);
    expect(run(['--list-params=yes']).code).toBe(2);
  });

  it('the Assumptions panel rows: every value of ours, live after set actions up to now', () => {
    const sc = {
      params: { 'cluster.nodesPerRack': 20 },
      timeline: [
        { t: 60_000, action: 'set', args: { path: 'network.lossKnee', value: 0.5 } },
        { t: 120_000, action: 'set', args: { path: 'workload.enabled', value: 'false' } },
        { t: 600_000, action: 'set', args: { path: 'network.baseLoss', value: 0.01 } },
      ],
    };
    const rows = assumptionRows(sc, 300_000);
    expect(rows.map((r) => r.path)).toEqual(assumptionPaths());
    const by = Object.fromEntries(rows.map((r) => [r.path, r]));
    expect(by['cluster.nodesPerRack']).toMatchObject({ value: 20, default: 40, changed: true });
    expect(by['network.lossKnee']).toMatchObject({ value: 0.5, changed: true });
    expect(by['workload.enabled']).toMatchObject({ value: false, default: true, changed: true });
    expect(by['network.baseLoss']).toMatchObject({ value: 0.0001, changed: false }); // set later than now
    expect(rows.filter((r) => r.changed).length).toBe(3);
    expect(by['cluster.nodes']).toBeUndefined(); // from the seeds, not an assumption
  });
});
