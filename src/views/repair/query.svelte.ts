/** What the repair-loop view asks the worker: Huatuo's status and the log of tickets and batches. */
import { ViewQuery } from '../../lib/query';
import type { LogQuery } from '../../../worker/api';

export class RepairQuery extends ViewQuery {
  huatuoStatus = (limit = 40) => this.ask((api) => api.huatuoStatus(limit));
  searchLog = (q: LogQuery) => this.ask((api) => api.searchLog(q));
}
