/**
 * Event kinds in the queue. Each mechanism owns its kinds and registers a handler
 * for them (`sim.on`). Numbers are part of the state hash: append, never renumber.
 */
export const EV = {
  TICK: 1, // flow tick: workload and network load
  HEARTBEAT: 2, // master's failure-detector pass over every server
  NODE_BOOTED: 3, // a = node
  NODE_FAIL: 4, // next random server failure in the cluster
  NODE_REPAIR: 5, // a = node, b = crash epoch
  METRICS: 6, // sample the charted series
  GOSSIP: 50, // a round of server-to-server state gossip (detector corruption, F7)
} as const;
export type EventKind = (typeof EV)[keyof typeof EV];
