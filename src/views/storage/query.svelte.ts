/** What the storage panes ask the worker: recovery, one chunk, one server's copies and chunks, the rack spread, what-ifs. */
import { ViewQuery } from '../../lib/query';

export class StorageQuery extends ViewQuery {
  /** The recovery status and the simulated time it was taken at (asked together, so its durations can be placed in time). */
  recovery = () =>
    this.ask(async (api) => {
      const [r, st] = await Promise.all([api.storageRecovery(), api.status()]);
      return { ...r, t: st.t };
    }, true);
  chunk = (c: number) => this.ask((api) => api.storageChunk(c), true);
  server = (n: number) => this.ask((api) => api.storageServer(n), true);
  /** Up to 24 chunks with a copy on server n's disks (a few from each of its `disksPerNode` disks). */
  serverChunks = (n: number, disksPerNode: number) =>
    this.ask(async (api) => {
      const out: number[] = [];
      const per = Math.max(2, Math.ceil(24 / Math.max(1, disksPerNode)));
      for (let d = n * disksPerNode; d < (n + 1) * disksPerNode; d++)
        for (const c of await api.storageDiskChunks(d, per)) if (!out.includes(c)) out.push(c);
      return out.slice(0, 24);
    }, true);
  spread = () => this.ask((api) => api.storageSpread());
  whatIf = (f: number) => this.ask((api) => api.storageWhatIf(f), true);
  whatIfTrials = (f: number) => this.ask((api) => api.storageWhatIfTrials(f, 20, 1), true);
}
