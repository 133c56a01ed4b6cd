// Export (issue 8): the CSV of the charted series, file names, the scenario file,
// embed links, the chart geometry shared by every chart, and the service worker's file list.
import { describe, expect, it } from 'vitest';
import { buildCsv, clockForFile, csvCell, csvNumber, exportFilename, scenarioFileText, slug } from '../../src/lib/export';
import { chartGeometry, chartPoints, leftMargin } from '../../src/charts/geometry';
import { chartedSeries, registerChart } from '../../src/charts/exportRegistry';
import { isEmbed } from '../../src/lib/embed';
import { parseScenario } from '../../worker/scenario/schema';
import { serviceWorkerSource } from '../../vite.offline';

const t = new Float64Array([0, 10_000, 20_000, 30_000]);

describe('CSV of the charted series', () => {
  it('writes one row per sample time and one column per chart line', () => {
    const csv = buildCsv([
      { title: 'Core', t, lines: [{ label: 'util', values: new Float32Array([0.1, 0.2, 0.30000001192092896, 0.4]) }] },
      {
        title: 'Down, dead',
        t,
        lines: [
          { label: 'truly', values: new Float32Array([0, 1, 2, 3]) },
          { label: 'believed', values: undefined },
        ],
      },
    ]);
    const rows = csv.trimEnd().split('\n');
    expect(rows[0]).toBe('t_ms,sim_time,Core / util,"Down, dead / truly"');
    expect(rows).toHaveLength(1 + 4);
    expect(rows[3]).toBe('20000,0d 00:00:20,0.3,2');
  });

  it('merges different time bases, crops to since, and writes a repeated series once', () => {
    const v = new Float32Array([5, 6, 7, 8]);
    const other = { t: new Float64Array([5_000, 10_000]), v: new Float32Array([1, Number.NaN]) };
    const csv = buildCsv([
      { title: 'A', t, lines: [{ label: 'x', values: v }] },
      { title: 'A', t, lines: [{ label: 'x', values: v }] },
      { title: 'A', t, since: 20_000, lines: [{ label: 'x', values: new Float32Array([9, 9, 9, 9]) }] },
      { title: 'B', t: other.t, lines: [{ label: 'y', values: other.v }] },
    ]);
    const rows = csv
      .trimEnd()
      .split('\n')
      .map((r) => r.split(','));
    expect(rows[0]).toEqual(['t_ms', 'sim_time', 'A / x', 'A / x (2)', 'B / y']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['0', '5000', '10000', '20000', '30000']);
    expect(rows[2]).toEqual(['5000', '0d 00:00:05', '', '', '1']);
    expect(rows[3]).toEqual(['10000', '0d 00:00:10', '6', '', '']); // NaN → empty
    expect(rows[4].slice(2)).toEqual(['7', '9', '']);
  });

  it('quotes fields and trims float noise', () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvNumber(Math.fround(0.1))).toBe('0.1');
    expect(csvNumber(Infinity)).toBe('');
    expect(csvNumber(4321)).toBe('4321');
  });

  it('reads what the mounted charts registered, until they unmount', () => {
    const before = chartedSeries().length;
    const off = registerChart(() => ({ title: 'T', t, lines: [] }));
    expect(chartedSeries()).toHaveLength(before + 1);
    off();
    expect(chartedSeries()).toHaveLength(before);
  });
});

describe('file names', () => {
  it('carry the scenario name, the view and the simulated time', () => {
    expect(exportFilename({ scenario: 'Rack drill #17', t: 93_784_000, view: 'racks', ext: 'png' })).toBe(
      'feitian-rack-drill-17-racks-1d02h03m04s.png',
    );
    expect(exportFilename({ scenario: '', t: 0, ext: 'json' })).toBe('feitian-scenario-0d00h00m00s.json');
  });
  it('keep letters of any script and nothing a file system minds', () => {
    expect(slug('镜像风暴 2011')).toBe('镜像风暴-2011');
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
    expect(slug('a'.repeat(100))).toHaveLength(40);
    expect(clockForFile(59_999)).toBe('0d00h00m59s');
  });
});

describe('scenario file', () => {
  it('is the docs/scenario.md format and reads back to the same scenario', () => {
    const s = parseScenario({ v: 1, name: 'drill', seed: 7, params: {}, timeline: [{ t: 600_000, action: 'rack-power-off', args: { rack: 17 } }] });
    const text = scenarioFileText(s);
    expect(Object.keys(JSON.parse(text))).toEqual(['v', 'name', 'seed', 'params', 'timeline']);
    expect(parseScenario(JSON.parse(text))).toEqual(s);
  });
});

describe('embed links', () => {
  it('are recognised in the hash or the query', () => {
    expect(isEmbed('https://x/lab/#s=abc&view=storm&embed=1')).toBe(true);
    expect(isEmbed('https://x/lab/?embed=1#view=racks')).toBe(true);
    expect(isEmbed('https://x/lab/#view=racks')).toBe(false);
    expect(isEmbed('https://x/lab/#embed=0')).toBe(false);
  });
});

describe('chart geometry', () => {
  const fmt = (v: number) => String(Math.round(v));
  it('leaves gaps at missing samples and clamps to a fixed top', () => {
    const g = chartGeometry({
      t,
      values: [new Float32Array([1, Number.NaN, 3, 50])],
      width: 300,
      height: 100,
      fontPx: 11,
      yMin: 1,
      yMax: 4,
      format: fmt,
    });
    expect(g.paths[0].match(/M/g)).toHaveLength(2); // two runs around the gap
    expect(g.y.domain()[1]).toBe(4);
    expect(g.paths[0]).toContain(`,${g.m.t}`); // 50 drawn at the top
    expect(g.n).toBe(4);
  });
  it('crops to since and shades bands inside the drawn range', () => {
    const g = chartGeometry({
      t,
      values: [new Float32Array([9, 1, 5, 2])],
      width: 300,
      height: 100,
      fontPx: 11,
      yMin: 1,
      since: 15_000,
      bands: [[0, 25_000]],
      format: fmt,
    });
    expect(g.x0).toBe(20_000);
    expect(g.shaded).toHaveLength(1);
    expect(g.shaded[0].x).toBeCloseTo(g.m.l);
    expect(chartPoints(t, [new Float32Array([9, 1, 5, 2])], 15_000).max).toBe(5);
  });
  it('makes room for long tick labels', () => {
    expect(leftMargin(['1,000,000'], 12)).toBeGreaterThan(leftMargin(['10'], 12));
  });
});

describe('service worker', () => {
  it('precaches the page and every listed file under a versioned cache', () => {
    const src = serviceWorkerSource(['assets/index-abc.js', 'index.html'], 'v1');
    expect(src).toContain("const CACHE = 'feitian-v1'");
    expect(src).toContain('"./","./assets/index-abc.js","./index.html"');
    expect(() => new Function(src)).not.toThrow(); // valid script
  });
});
