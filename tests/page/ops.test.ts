// The operations views' pure helpers: the query box's language, rack filtering and
// counts over time, alert grouping and the servers behind an alert, the deployment
// ledger and phase track, the rack grid, number formats, and the log phrases in
// both languages — plus one round trip of parsed queries through the real engine.
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/lib/format';
import {
  buildQuery,
  countBars,
  DeployLedger,
  downServersOfRack,
  falselyDeadServers,
  fmtCount,
  fmtMs,
  gridLayout,
  groupAlerts,
  othersP99,
  parseDuration,
  parseLogQuery,
  PhaseTrack,
  rackDeploySummary,
  type AlertRec,
  type LogRec,
} from '../../src/views/ops/opsModel';
import { alertValue, OPS_PHRASE_CODES, ruleName, t } from '../../src/views/ops/strings';
import { drawDeployGrid } from '../../src/views/ops/deployGrid';
import { phraseLog } from '../../src/lib/i18n';
import { SimApi, type DeployStatus, type LogQueryResult } from '../../worker/api';
import { defaultScenario } from '../../worker/scenario/schema';
import { BELIEF_SHIFT } from '../../worker/contract';

describe('formats', () => {
  it('reads durations and counts aloud', () => {
    expect(fmtMs(0.5884)).toBe('0.59 ms');
    expect(fmtMs(12.4)).toBe('12 ms');
    expect(fmtMs(1500)).toBe('1.5 s');
    expect(fmtMs(23_000)).toBe('23 s');
    expect(fmtMs(21 * 60_000)).toBe('21 min');
    expect(fmtMs(266 * 60_000)).toBe('4.4 h');
    expect(fmtMs(NaN)).toBe('–');
    expect(fmtCount(8000)).toBe('8,000');
    expect(fmtCount(46_000)).toBe('46k');
    expect(fmtCount(29_709_005)).toBe('29.7M');
  });
});

describe('the query box', () => {
  it('parses fields, shorthands and several types', () => {
    const p = parseLogQuery('R12  #480 node.failed alert.fired timeout last:1h user:3 file:77 disk:9');
    expect(p.error).toBeUndefined();
    expect(p.query.rack).toBe(12);
    expect(p.windowMs).toBe(3_600_000);
    expect(p.query).toEqual({ rack: 12, node: 480, type: ['node.failed', 'alert.fired'], result: 'timeout', user: 3, file: 77, disk: 9 });
    expect(parseLogQuery('机架:7 服务器:5').query.rack).toBe(7);
    expect(parseLogQuery('server=5').query.node).toBe(5);
    expect(parseLogQuery('').query).toEqual({});
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('soon')).toBeNaN();
  });

  it('refuses what it does not understand, with a message (never HTML)', () => {
    expect(parseLogQuery('colour:<b>red</b>').error).toMatch(/unknown field "colour"/);
    expect(parseLogQuery('server:abc').error).toMatch(/whole number/);
    expect(parseLogQuery('result:maybe').error).toMatch(/result must be one of/);
    expect(parseLogQuery('last:soon').error).toMatch(/duration/);
    expect(parseLogQuery('rack:').error).toMatch(/no value/);
    expect(parseLogQuery(Array(40).fill('x').join(' ')).error).toMatch(/too many/);
  });

  it('merges the filters; the text wins; windows count back from now', () => {
    const p = parseLogQuery('node.failed');
    expect(buildQuery(p, { now: 5_000_000, window: '1h', type: 'alert.fired', result: 'event', limit: 100, buckets: 60 })).toEqual({
      type: 'node.failed',
      result: 'event',
      from: 1_400_000,
      limit: 100,
      buckets: 60,
    });
    expect(buildQuery(parseLogQuery('last:10m'), { now: 300_000, window: '1d', limit: 5, buckets: 10 }).from).toBe(0);
    expect(buildQuery(parseLogQuery(''), { now: 300_000, window: 'all', limit: 5, buckets: 10 }).from).toBeUndefined();
  });
});

function rec(over: Partial<LogRec>): LogRec {
  return { t: 0, type: 'node.failed', result: 'event', node: -1, rack: -1, disk: -1, file: -1, user: -1, waitMs: 0, execMs: 0, v: 0, ...over };
}

describe('counts over time', () => {
  it('counts a targeted search’s entries per bucket', () => {
    const r: LogQueryResult = {
      from: 0,
      to: 100_000,
      exact: false,
      total: 3,
      counts: {},
      byResult: {},
      meanLatencyMs: {},
      matched: 3,
      retainedFrom: 0,
      qps: {
        t: Array.from({ length: 10 }, (_, k) => k * 10_000),
        perType: {
          'alert.fired': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1],
          'node.failed': [0, 0.1, 0, 0, 0, 0, 0, 0, 0, 0],
          'rack.powerOff': [0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        },
      },
      entries: [
        rec({ t: 95_000, rack: 12, type: 'alert.fired' }),
        rec({ t: 15_000, rack: 12, node: 480 }),
        rec({ t: 5_000, rack: 12, type: 'rack.powerOff' }),
      ],
    };
    const bars = countBars(r);
    expect(bars.t.length).toBe(10);
    const per = bars.t.map((_, k) => bars.series.reduce((s, x) => s + x.counts[k], 0));
    expect(per).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(bars.max).toBe(1);
  });
  it('stacks the busiest types and sums the rest as "other"', () => {
    const perType: Record<string, number[]> = {};
    for (let i = 0; i < 7; i++) perType[`t${i}`] = [i + 1, 0]; // per second over 10 s buckets
    const b = countBars({ from: 0, to: 20_000, qps: { t: [0, 10_000], perType } }, 3);
    expect(b.series.map((s) => s.type)).toEqual(['t6', 't5', 't4', 'other']);
    expect(b.series[3].counts[0]).toBe((1 + 2 + 3 + 4) * 10);
    expect(b.max).toBe(28 * 10);
  });
});

function alert(id: number, rule: string, severity: string, firedMs: number, scope = 'node', target = id): AlertRec {
  return {
    id,
    rule,
    severity: severity as AlertRec['severity'],
    owner: 'sre',
    target,
    scope: scope as AlertRec['scope'],
    onsetMs: firedMs - 1000,
    firedMs,
    delayMs: 0,
    resolvedMs: null,
    value: 1,
    autoHandled: false,
  };
}

describe('alerts', () => {
  it('groups a flood of per-server alerts into one line, most severe first', () => {
    const list = [
      alert(1, 'node-down', 'warning', 5000),
      ...Array.from({ length: 4000 }, (_, i) => alert(10 + i, 'node-falsely-dead', 'critical', 3000 + i)),
      alert(2, 'rack-down', 'critical', 9000, 'rack', 12),
    ];
    const g = groupAlerts(list);
    expect(g.map((x) => [x.rule, x.count])).toEqual([
      ['rack-down', 1],
      ['node-falsely-dead', 4000],
      ['node-down', 1],
    ]);
    expect(g[1].newest.id).toBe(4009);
  });
  it('finds the servers behind a rack alert and a false-death alert', () => {
    const s = new Uint8Array(200);
    s[40] = 3; // power off
    s[79] = 2; // crashed
    s[81] = 3; // next rack
    s[150] = 2 << BELIEF_SHIFT; // up, believed dead
    s[151] = 2 | (2 << BELIEF_SHIFT); // crashed and believed dead: not false
    expect(downServersOfRack(s, 40, 1)).toEqual([40, 79]);
    expect(falselyDeadServers(s)).toEqual([150]);
  });
  it('names rules and values in both languages', () => {
    expect(ruleName('en', 'rack-down')).toBe('Rack unreachable');
    expect(ruleName('zh', 'rack-down')).toBe('机架不可达');
    expect(ruleName('en', 'made-up')).toBe('made-up');
    expect(alertValue('en', 'core-saturated', 0.934)).toBe('93% busy');
    expect(alertValue('zh', 'master-rejecting', 46000)).toBe('每秒拒绝 46,000');
  });
});

describe('log phrases', () => {
  const e = (code: string, o: object = {}) => ({ seq: 0, t: 0, code, ...o });
  it('phrases every operations code in both languages, without the raw code', () => {
    for (const code of OPS_PHRASE_CODES)
      for (const lang of ['en', 'zh'] as const) {
        const s = phraseLog(lang, e(code, { v: 2, s: code === 'alert.fired' ? 'rack-down' : code === 'deploy.stopping' ? 'batch 1/25' : 'user 3' }));
        expect(s).not.toContain(code);
        expect(s.length).toBeGreaterThan(5);
      }
  });
  it('makes alert lines readable', () => {
    expect(phraseLog('en', e('alert.fired', { s: 'rack-down', rack: 12, v: 40 }))).toBe('ALERT Rack unreachable on rack R12 — 40 servers down');
    expect(phraseLog('zh', e('alert.fired', { s: 'node-falsely-dead', node: 480, rack: 12, v: 1 }))).toBe(
      '告警 健康服务器被误判死亡：服务器 #480（机架 R12）',
    );
    expect(phraseLog('en', e('alert.fired', { rack: 3 }))).toBe('ALERT on rack R3'); // from the audit log, which keeps no rule
    expect(phraseLog('zh', e('deploy.started', { v: 2, s: 'p2p cold binary' }))).toBe('开始发布版本 2（P2P，冷升级，二进制）');
    expect(phraseLog('en', e('master.floodRefused', { v: 3_750_000, s: 'user 7: file quota' }))).toBe(
      "Master refuses user 7's flood at its file quota (3,750,000 created)",
    );
  });
  it('has both languages for every view word', () => {
    expect(t('zh', 'tabOps')).toBe('运维');
    expect(t('en', 'floodRunning', { u: 7, c: '1k', l: '2M' })).toBe('Flood by user 7: 1k created, 2M left');
  });
});

describe('master', () => {
  it('names the p99 window in the reader’s language', () => {
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(600_000, 'zh')).toBe('10 分钟');
    expect(formatDuration(7_200_000, 'zh')).toBe('2 小时');
    expect(formatDuration(5000)).toBe('5 s');
  });
  it('the others’ p99 leaves out the flooding user', () => {
    const users = [0, 1, 2].map((u) => ({ user: u, files: 1, completed: 1, p99Ms: u === 2 ? 10_000 : 1 + u, p99RunMs: 0 }));
    expect(othersP99({ users, flood: { user: 2, left: 1, created: 1 } })).toBe(2);
    expect(othersP99({ users, flood: null })).toBe(10_000);
  });
});

function status(o: Partial<DeployStatus>): DeployStatus {
  return {
    phase: 'idle',
    method: 'p2p',
    mode: 'cold',
    content: 'binary',
    rollback: false,
    staged: true,
    way: 'p2p',
    stopFillMs: { stopping: 0, copying: 0, installing: 0, switching: 0, masterLoad: 0, starting: 0 },
    version: 1,
    targetVersion: 1,
    sizeMB: 0,
    startedMs: -1,
    transferred: 0,
    onTarget: 0,
    stoppedNow: 0,
    batch: 0,
    batches: 1,
    stepEndsMs: -1,
    distributionMs: 0,
    serviceDowntimeMs: 0,
    meanServerDowntimeMs: 0,
    totalMs: 0,
    deployments: 0,
    missed: 0,
    transferGbps: 0,
    rackTransfer: new Float32Array(0),
    rackUpgraded: new Float32Array(0),
    ...o,
  };
}

describe('deployment', () => {
  it('the ledger splits run totals into per-deployment figures', () => {
    const l = new DeployLedger();
    l.observe(status({}));
    l.observe(status({ deployments: 1, phase: 'distributing', distributionMs: 10_000, totalMs: 10_000 }));
    l.observe(status({ deployments: 1, phase: 'idle', distributionMs: 23_000, serviceDowntimeMs: 1_339_000, totalMs: 1_362_000 }));
    expect(l.runs).toHaveLength(1);
    expect(l.runs[0]).toMatchObject({ method: 'p2p', done: true, exact: true, distributionMs: 23_000, serviceDowntimeMs: 1_339_000 });
    // the page starts the old way: the baseline is the totals just before
    l.before(status({ deployments: 1, distributionMs: 23_000, serviceDowntimeMs: 1_339_000, totalMs: 1_362_000 }));
    l.observe(
      status({
        deployments: 2,
        method: 'single',
        staged: false,
        phase: 'idle',
        distributionMs: 23_000 + 13_320_000,
        serviceDowntimeMs: 1_339_000 + 15_960_000,
        totalMs: 1_362_000 + 15_960_000,
      }),
    );
    expect(l.latest('single')).toMatchObject({ n: 2, distributionMs: 13_320_000, serviceDowntimeMs: 15_960_000, exact: true });
    expect(l.latest('p2p')?.n).toBe(1);
    // a fresh load (fewer deployments) starts over
    l.observe(status({ deployments: 0 }));
    expect(l.runs).toHaveLength(0);
  });
  it('a run seen part-way is marked approximate', () => {
    const l = new DeployLedger();
    l.observe(status({ deployments: 3, phase: 'stopping', serviceDowntimeMs: 100 }));
    expect(l.runs[0].exact).toBe(false);
  });
  it('the phase track keeps the spans of the last deployment', () => {
    const p = new PhaseTrack();
    for (const [t, ph] of [
      [0, 'idle'],
      [10, 'distributing'],
      [20, 'distributing'],
      [30, 'stopping'],
      [50, 'starting'],
      [80, 'idle'],
      [90, 'idle'],
    ] as const)
      p.push(t, ph);
    expect(p.spans).toEqual([
      { phase: 'distributing', from: 10, to: 30 },
      { phase: 'stopping', from: 30, to: 50 },
      { phase: 'starting', from: 50, to: 80 },
    ]);
    expect(p.active).toBe(false);
    p.push(100, 'stopping');
    expect(p.spans).toEqual([{ phase: 'stopping', from: 100, to: 100 }]);
    p.push(5, 'idle'); // a reload
    expect(p.spans).toEqual([]);
  });
  it('sums racks and fits the grid', () => {
    const tr = new Float32Array([1, 0.5, 0, 0]);
    expect(rackDeploySummary(tr, new Uint8Array([2, 1, 1, 0]))).toEqual({ transfer: 0.375, stoppedRacks: 2, upgradedRacks: 1 });
    const g = gridLayout(125, 500, 200, 2);
    expect(g.cols * g.rows).toBeGreaterThanOrEqual(125);
    expect(g.cols * g.cell + (g.cols - 1) * 2).toBeLessThanOrEqual(500);
    expect(g.rows * g.cell + (g.rows - 1) * 2).toBeLessThanOrEqual(200);
    expect(g.cell).toBeGreaterThanOrEqual(20);
  });
  it('draws every rack once, stopped racks framed', () => {
    const calls: string[] = [];
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (o, k) =>
        k in o
          ? o[k as string]
          : typeof k === 'string' && /^[a-z]/.test(k)
            ? (...a: unknown[]) => calls.push(`${k}:${String(o.strokeStyle ?? '')}:${a.length}`)
            : undefined,
      set: (o, k, v) => ((o[k as string] = v), true),
    }) as unknown as CanvasRenderingContext2D;
    const flags = new Uint8Array(125);
    flags[3] = 1;
    flags[4] = 1;
    const n = drawDeployGrid(ctx, { racks: 125, transfer: new Float32Array(125).fill(0.5), flags, rackFlags: new Uint8Array(125) }, 600, 240);
    expect(n).toBe(125);
    expect(calls.filter((c) => c.startsWith('strokeRect:#D55E00')).length).toBe(2);
  });
});

describe('parsed queries against the engine', () => {
  it('a rack search finds the power-off; a bad server id is the engine’s RangeError', async () => {
    const api = new SimApi({ now: () => 0, later: () => {} });
    api.load({ scenario: { ...defaultScenario(), params: { 'cluster.nodes': 400 } } });
    api.step(5000);
    api.perturb('rack-power-off', { rack: 3 });
    api.step(5000);
    const p = parseLogQuery('R3');
    expect(p.query.rack).toBe(3);
    const r = api.searchLog(buildQuery(p, { now: 10_000, window: 'all', limit: 1000, buckets: 20 }));
    expect(r.exact).toBe(false);
    expect(r.counts['rack.powerOff']).toBe(1);
    expect(r.counts['alert.fired']).toBe(1);
    expect(r.entries.length).toBeGreaterThan(0);
    expect(r.entries.every((e) => e.rack === 3)).toBe(true);
    // master operations on the rack's servers are found too, not only events
    expect(Object.keys(r.counts).some((k) => k.startsWith('master.'))).toBe(true);
    expect(() => api.searchLog(buildQuery(parseLogQuery('#99999'), { now: 10_000, window: 'all', limit: 10, buckets: 10 }))).toThrow(RangeError);
  });
});
