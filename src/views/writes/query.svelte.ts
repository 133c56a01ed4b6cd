/** What the writes view asks the worker: latency per write mode, and the redo logs' servers and disks. */
import { ViewQuery } from '../../lib/query';

export class WritesQuery extends ViewQuery {
  latency = () => this.ask((api) => api.writeLatency(), true);
  lanes = () => this.ask((api) => api.writeLanes(), true);
}
