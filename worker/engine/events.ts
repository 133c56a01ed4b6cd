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
  DOMAIN_ENERGIZED: 7, // a = power domain, b = machine-room power epoch (staggered power-on)
  DISK_FAIL: 10, // next random disk failure in the cluster (Pangu)
  SLOW_DISK_CHECK: 11, // the master judges disk access times (P6)
  FUXI_JOB_ARRIVE: 30, // next job arrives at the Fuxi scheduler
  FUXI_INST_DONE: 31, // a = instance slot, b = completion token (stale when it differs)
  FUXI_JOB_CHECK: 32, // a = job slot, b = check token: straggler check (S3)
  FUXI_TICK: 33, // scheduler housekeeping: servers' speed changes
  FUXI_PROBATION: 34, // a = node, b = blacklist epoch: probe a blacklisted server
  FUXI_MASTER_BACK: 35, // the standby scheduler master has taken over (S2)
  FUXI_HEALTH: 36, // every FuxiAgent's periodic machine self-check reaches FuxiMaster on its heartbeat (S3, healthCheck.ts)
  GOSSIP: 50, // a round of server-to-server state gossip (detector corruption, F7)
  RECOVERY_GUARD: 51, // the recovery guard looks at the cluster: circuit breaker, peaks (R1–R3)
  MASTER_BACK: 52, // a = master epoch: the file-system master is back (standby took over, or restart after power)
  HUATUO_POLL: 53, // Huatuo's monitor polls every disk (R4)
  HUATUO_REPAIR_DONE: 54, // a = disk, b = Huatuo token: a repair try ends
  HUATUO_BATCH: 55, // staff replace the ticketed disks in one batch (R4)
  SYSTEM_DISK_FAIL: 56, // next random system-disk failure in the cluster (R4)
  HUATUO_REINSTALL_DONE: 57, // a = node, b = Huatuo token: reinstall and redeploy done, the server boots
  SERVER_OUT: 58, // a = node, b = wait epoch: a server declared dead has waited recovery.outDelayMs and goes out (re-copying starts)
  WRITES_CORRUPT: 70, // a replica silently rots on its disk (scrubbing finds it later)
  WRITES_SCRUB_FOUND: 71, // a = pending slot, b = replica id: the scrubber reads the corrupt replica
  OPS_EVAL: 90, // monitoring: evaluate the alert rules (O3)
} as const;
export type EventKind = (typeof EV)[keyof typeof EV];
