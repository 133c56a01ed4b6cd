/** What the scheduler view asks the worker: jobs, one job, one server, the blacklist and the slowdown histograms. */
import { ViewQuery } from '../../lib/query';
import type { JobSort } from '../../../worker/api';

export class SchedulerQuery extends ViewQuery {
  jobs = (limit: number, sort: JobSort) => this.ask((api) => api.schedulerJobs({ limit, sort }), true);
  job = (id: number) => this.ask((api) => api.schedulerJob(id), true);
  blacklist = () => this.ask((api) => api.schedulerBlacklist(), true);
  slowdowns = () => this.ask((api) => api.schedulerSlowdowns(), true);
  server = (node: number) => this.ask((api) => api.schedulerServer(node), true);
}
