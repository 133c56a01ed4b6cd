/** What the operations views (运维 / 日志 / 发布) ask the worker: alerts, the master, log search, the deployment. */
import { ViewQuery } from '../../lib/query';
import type { LogQuery } from '../../../worker/api';

export class OpsQuery extends ViewQuery {
  alerts = (limit = 40) => this.ask((api) => api.alerts(limit));
  masterStatus = () => this.ask((api) => api.masterStatus());
  deployStatus = () => this.ask((api) => api.deployStatus());
  /** A log search and the types the log holds; a refused query comes back as `{ err }`, not a failure. */
  searchLog = (q: LogQuery) =>
    this.ask(async (api) => {
      try {
        return { r: await api.searchLog(q), types: await api.logTypes() };
      } catch (e) {
        if ((e as Error)?.name === 'RangeError') return { err: (e as Error).message };
        throw e;
      }
    });
}
