/**
 * Disk failures (F1, F2): every disk fails independently with the datasheet MTBF
 * (`faults.diskMtbfHours`) times the field multiplier (`faults.diskFailureMultiplier`),
 * so the cluster's disk failures form one Poisson stream of rate
 * disks × multiplier ÷ MTBF. A failed disk's data is gone for good.
 */
import { EV } from '../events';
import type { Sim } from '../sim';
import type { Topology } from '../cluster/topology';

const HOUR = 3_600_000;

export class DiskFailures {
  constructor(
    private readonly sim: Sim,
    private readonly topo: Topology,
    private readonly fail: (disk: number, cause: string) => boolean,
  ) {
    sim.on(EV.DISK_FAIL, () => this.next());
    this.schedule();
  }

  /** Mean gap between disk failures in the whole cluster, ms (Infinity when switched off). */
  meanGapMs(): number {
    const p = this.sim.params;
    const rate = (this.topo.disks * p['faults.diskFailureMultiplier']) / (p['faults.diskMtbfHours'] * HOUR);
    return rate > 0 ? 1 / rate : Infinity;
  }

  private schedule(): void {
    const gap = this.meanGapMs();
    // Switched off: look again in an hour (the multiplier may be set live).
    const dt = Number.isFinite(gap) ? Math.max(1, Math.round(this.sim.rng.get('faults.disk').exp(gap))) : HOUR;
    this.sim.after(dt, EV.DISK_FAIL, Number.isFinite(gap) ? 1 : 0);
  }

  private next(): void {
    // The event was scheduled before a live change of the rate: still honour it if the rate is on.
    if (Number.isFinite(this.meanGapMs())) {
      const d = this.sim.rng.get('faults.disk').int(this.topo.disks);
      if (this.fail(d, 'disk.failed')) this.sim.count('diskFailures');
    }
    this.schedule();
  }
}
