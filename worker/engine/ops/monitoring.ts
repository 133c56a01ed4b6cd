/**
 * O3, monitoring and alerts (AliMonitor): metrics sampled from the engine and alert
 * rules with thresholds and durations, evaluated every `ops.alertEvalMs` (1 s; the
 * article's bound is 5 s from sample to alarm). An alert fires when its condition
 * has held for the rule's duration; its delay is fire time − (onset + duration),
 * where the onset is the ground-truth time the condition began when a mechanism
 * knows it (a server's crash), else the sample that first saw it.
 *
 * Rules have a scope: the cluster (one target), racks (a cheap loop over 125) or
 * servers — evaluated only for servers on a watch list that listeners fill when
 * something about a server changes, so a pass never walks all 5,000. The rules
 * themselves are defined in one place, alertRules.ts (added with `addRule`);
 * metrics come with `addMetric`; a mechanism that handled an alert marks it with
 * `markHandled`.
 *
 * History: a bounded ring of alert records (objects: alerts are rare), counts per
 * rule, per day and per owner, and which were handled automatically.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';
import { resized } from '../core/growable';

export type Scope = 'cluster' | 'rack' | 'node';
export type Severity = 'critical' | 'warning' | 'info';

export interface AlertRule {
  id: string;
  doc: string;
  scope: Scope;
  severity: Severity;
  /** team the alarm goes to (AliMonitor: who received how many today) */
  owner: string;
  /** how long the condition must hold, ms (read each pass: may be a parameter) */
  forMs: () => number;
  /** is the condition true for this target now? */
  test: (target: number) => boolean;
  /** the value shown with the alert */
  value?: (target: number) => number;
  /** ground-truth time the condition began, when known (else the first pass that saw it) */
  since?: (target: number) => number;
  /** folded into a broader alert that holds now (a rack's alert covers its servers'): not fired on its own */
  suppressed?: (target: number) => boolean;
  /** has an automatic mechanism already handled it (no person needed)? */
  autoHandled?: (target: number) => boolean;
}

export interface AlertRecord {
  id: number;
  rule: string;
  severity: Severity;
  owner: string;
  target: number;
  scope: Scope;
  onsetMs: number;
  firedMs: number;
  /** fired − (onset + the rule's duration) */
  delayMs: number;
  resolvedMs: number | null;
  value: number;
  autoHandled: boolean;
}

export interface MetricDef {
  name: string;
  scope: Scope;
  unit: string;
  read: (target: number) => number;
}

const DAY = 86_400_000;
const HISTORY = 2000;

interface RuleState {
  rule: AlertRule;
  index: number;
  /** first time the condition was seen true per target, NaN when false */
  seen: Float64Array;
  /** firing alert record per target */
  firing: (AlertRecord | undefined)[];
}

export class Monitoring {
  private readonly rules: RuleState[] = [];
  readonly metrics: MetricDef[] = [];
  /** servers whose node-scope rules need evaluating */
  private readonly watch: Int32Array;
  private readonly watched: Uint8Array;
  private nWatch = 0;
  readonly history: AlertRecord[] = [];
  private nextId = 0;
  /** alerts fired per rule (index order of `rules`) */
  firedByRule: Float64Array = new Float64Array(0);
  autoByRule: Float64Array = new Float64Array(0);
  private readonly daily = new Map<number, Map<string, number>>();
  private readonly dailyOwner = new Map<number, Map<string, number>>();
  fired = 0;
  delaySum = 0;
  maxDelay = 0;
  firingNow = 0;
  /** last pass's count per rule of targets in the condition (read by cluster rules over node rules) */
  readonly conditionCount = new Map<string, number>();
  /** the node-scope rules (rebuilt when a rule is added) and their per-pass counts */
  private nodeRules: RuleState[] = [];
  private nodeCounts = new Int32Array(0);
  private nodeRulesOf = -1;

  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
  ) {
    this.watch = new Int32Array(topo.nodes);
    this.watched = new Uint8Array(topo.nodes);
    sim.track('monitoring.watched', () => this.watched);
    sim.track('monitoring.firedByRule', () => this.firedByRule);
    sim.trackScalar('monitoring.fired', () => this.fired);
    sim.trackScalar('monitoring.delaySum', () => this.delaySum);
    sim.trackScalar('monitoring.firingNow', () => this.firingNow);
    sim.on(EV.OPS_EVAL, () => this.pass());
    sim.at(sim.params['ops.alertEvalMs'], EV.OPS_EVAL);
  }

  addRule(rule: AlertRule): void {
    if (this.rules.some((r) => r.rule.id === rule.id)) throw new Error(`alert rule ${rule.id} exists already`);
    const n = rule.scope === 'cluster' ? 1 : rule.scope === 'rack' ? this.topo.racks : this.topo.nodes;
    const index = this.rules.length;
    const seen = new Float64Array(n).fill(NaN);
    this.rules.push({ rule, index, seen, firing: new Array(n) });
    this.sim.track('monitoring.seen.' + rule.id, () => seen);
    this.firedByRule = resized(this.firedByRule, this.rules.length);
    this.autoByRule = resized(this.autoByRule, this.rules.length);
  }

  addMetric(m: MetricDef): void {
    this.metrics.push(m);
  }

  ruleIds(): string[] {
    return this.rules.map((r) => r.rule.id);
  }

  /** A server's state changed: evaluate its node rules on the next pass. */
  watchNode(node: number): void {
    if (this.watched[node]) return;
    this.watched[node] = 1;
    this.watch[this.nWatch++] = node;
  }

  /** An automatic mechanism (the repair loop) handled the alert of `rule` on `target`. */
  markHandled(ruleId: string, target: number): void {
    const st = this.rules.find((r) => r.rule.id === ruleId);
    const a = st?.firing[target];
    if (st && a && !a.autoHandled) {
      a.autoHandled = true;
      this.autoByRule[st.index]++;
    }
  }

  /** One evaluation pass over every rule. */
  pass(): void {
    const now = this.sim.now;
    for (const st of this.rules) {
      const sc = st.rule.scope;
      if (sc === 'node') continue;
      const n = sc === 'cluster' ? 1 : this.topo.racks;
      let c = 0;
      for (let t = 0; t < n; t++) if (this.evaluate(st, t, now)) c++;
      this.conditionCount.set(st.rule.id, c);
    }
    // node rules: only watched servers; a server leaves the list when nothing holds for it
    if (this.nodeRulesOf !== this.rules.length) {
      this.nodeRules = this.rules.filter((r) => r.rule.scope === 'node');
      this.nodeCounts = new Int32Array(this.nodeRules.length);
      this.nodeRulesOf = this.rules.length;
    }
    const nodeRules = this.nodeRules,
      counts = this.nodeCounts,
      R = nodeRules.length;
    counts.fill(0);
    for (const st of nodeRules) this.conditionCount.set(st.rule.id, 0);
    let keep = 0;
    for (let k = 0; k < this.nWatch; k++) {
      const node = this.watch[k];
      let active = false;
      for (let x = 0; x < R; x++) {
        const st = nodeRules[x];
        if (this.evaluate(st, node, now)) {
          counts[x]++;
          active = true;
        }
        if (st.firing[node]) active = true;
      }
      if (active) this.watch[keep++] = node;
      else this.watched[node] = 0;
    }
    this.nWatch = keep;
    for (let x = 0; x < R; x++) this.conditionCount.set(nodeRules[x].rule.id, counts[x]);
    this.sim.after(this.sim.params['ops.alertEvalMs'], EV.OPS_EVAL);
  }

  /** Evaluates one rule on one target; returns whether its condition holds. */
  private evaluate(st: RuleState, t: number, now: number): boolean {
    const r = st.rule;
    const on = r.test(t);
    const a = st.firing[t];
    if (!on) {
      st.seen[t] = NaN;
      if (a) {
        a.resolvedMs = now;
        if (!a.autoHandled && r.autoHandled?.(t)) this.setAuto(st, a);
        st.firing[t] = undefined;
        this.firingNow--;
      }
      return false;
    }
    if (Number.isNaN(st.seen[t])) st.seen[t] = r.since ? Math.min(now, r.since(t)) : now;
    if (a) {
      a.value = r.value ? r.value(t) : 1;
      if (!a.autoHandled && r.autoHandled?.(t)) this.setAuto(st, a);
      return true;
    }
    if (r.suppressed?.(t)) {
      // folded into a broader alert: if it outlives that one, it is a new page, held
      // and timed from then — not from an onset the operators were already told of
      st.seen[t] = now;
      return true;
    }
    const hold = r.forMs();
    if (now - st.seen[t] >= hold) this.fire(st, t, now, st.seen[t], hold);
    return true;
  }

  private setAuto(st: RuleState, a: AlertRecord): void {
    a.autoHandled = true;
    this.autoByRule[st.index]++;
  }

  private fire(st: RuleState, target: number, now: number, onset: number, hold: number): void {
    const r = st.rule;
    const delay = Math.max(0, now - (onset + hold));
    const a: AlertRecord = {
      id: this.nextId++,
      rule: r.id,
      severity: r.severity,
      owner: r.owner,
      target,
      scope: r.scope,
      onsetMs: onset,
      firedMs: now,
      delayMs: delay,
      resolvedMs: null,
      value: r.value ? r.value(target) : 1,
      autoHandled: false,
    };
    if (r.autoHandled?.(target)) a.autoHandled = true;
    st.firing[target] = a;
    this.firingNow++;
    this.history.push(a);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    this.fired++;
    this.delaySum += delay;
    if (delay > this.maxDelay) this.maxDelay = delay;
    this.firedByRule[st.index]++;
    if (a.autoHandled) this.autoByRule[st.index]++;
    const day = Math.floor(now / DAY);
    bump(this.daily, day, r.id);
    bump(this.dailyOwner, day, r.owner);
    this.sim.count('alertsFired');
    this.sim.note({
      code: 'alert.fired',
      v: a.value,
      s: r.id,
      ...(r.scope === 'node' ? { node: target, rack: this.topo.rackOf[target] } : r.scope === 'rack' ? { rack: target } : {}),
    });
  }

  /** Firing alerts, newest first. */
  firing(max = Infinity): AlertRecord[] {
    const out: AlertRecord[] = [];
    for (let i = this.history.length - 1; i >= 0 && out.length < max; i--) if (this.history[i].resolvedMs === null) out.push(this.history[i]);
    return out;
  }

  countsByRule(): {
    rule: string;
    doc: string;
    scope: Scope;
    severity: Severity;
    owner: string;
    fired: number;
    autoHandled: number;
    firingNow: number;
  }[] {
    return this.rules.map((st) => {
      let f = 0;
      for (const a of st.firing) if (a) f++;
      const r = st.rule;
      return {
        rule: r.id,
        doc: r.doc,
        scope: r.scope,
        severity: r.severity,
        owner: r.owner,
        fired: this.firedByRule[st.index],
        autoHandled: this.autoByRule[st.index],
        firingNow: f,
      };
    });
  }

  /** Alerts fired per rule and per owner for each day so far (day 0 = the first 24 h). */
  perDay(): { day: number; byRule: Record<string, number>; byOwner: Record<string, number> }[] {
    return [...this.daily.keys()]
      .sort((a, b) => a - b)
      .map((day) => ({
        day,
        byRule: Object.fromEntries(this.daily.get(day)!),
        byOwner: Object.fromEntries(this.dailyOwner.get(day) ?? []),
      }));
  }

  /** Current value of every cluster metric, and per-rack values of rack metrics. */
  sampleMetrics(): { cluster: Record<string, number>; racks: Record<string, Float32Array> } {
    const cluster: Record<string, number> = {};
    const racks: Record<string, Float32Array> = {};
    for (const m of this.metrics) {
      if (m.scope === 'cluster') cluster[m.name] = m.read(0);
      else if (m.scope === 'rack') {
        const a = new Float32Array(this.topo.racks);
        for (let r = 0; r < a.length; r++) a[r] = m.read(r);
        racks[m.name] = a;
      }
    }
    return { cluster, racks };
  }
}

function bump(m: Map<number, Map<string, number>>, day: number, key: string): void {
  let d = m.get(day);
  if (!d) m.set(day, (d = new Map()));
  d.set(key, (d.get(key) ?? 0) + 1);
}
