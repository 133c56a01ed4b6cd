/**
 * O1, Dayu's multi-point transfer as a swarm of pieces (issue 14). The package is cut
 * into pieces of `deploy.pieceMB`; a server can pass on only the whole pieces it held
 * when the tick began, so what reached a server in one tick is served on in the next:
 * the spread takes rounds, and the number of servers holding a piece multiplies each
 * round — the time grows with the logarithm of the number of servers, not with it.
 *
 * Who feeds whom (one pass per flow tick, rebuilt from what every server holds): the
 * servers that can give most serve first, each with `uploadFlows` paced flows, and the
 * servers closest to done are served first — a holder keeps serving new servers once
 * its first ones are done, so the holders multiply by (1 + uploadFlows) per round
 * (doubling with one flow), as in a swarm.
 *   across racks: each rack's seed (the server in it holding most) is fed by another
 *     rack's seed over the core with `seedFlowsPerRack` flows, every rack's cross-rack
 *     traffic paced under `uplinkShare` of its uplink;
 *   inside a rack: every other server by one of the rack's servers, one paced flow
 *     (`flowMbps`), at most what its NIC and disk take.
 * Rounds: log_(1+u) of the racks plus log_(1+u) of a rack's servers; with pieces small
 * beside the package the copies pipeline, and each round adds one piece time (at least
 * one tick).
 *
 * Pure: reads holdings, writes holdings and the traffic it made; the caller owns the
 * arrays (tracked in the state hash) and adds the traffic to the network.
 */

export interface SwarmInput {
  nodes: number;
  racks: number;
  nodesPerRack: number;
  sizeMB: number;
  pieceMB: number;
  flowMbps: number;
  uploadFlows: number;
  seedFlowsPerRack: number;
  uplinkShare: number;
  /** rack uplink capacity, Mb/s */
  uplinkMbps: (rack: number) => number;
  /** most a server can take in, Mb/s (NIC, disk) */
  receiverMbps: (node: number) => number;
  reachable: (node: number) => boolean;
  /** 1 where the server is to receive the package */
  inScope: Uint8Array;
}

export interface SwarmScratch {
  servable: Float32Array;
  /** members rack by rack, by what they hold (receivers' order) */
  order: Int32Array;
  /** the same members by what they can serve (feeders' order) */
  feeders: Int32Array;
  rackOrder: Int32Array;
  rackFeeders: Int32Array;
  rackRoot: Int32Array;
  rackCount: Int32Array;
}

export function swarmScratch(nodes: number, racks: number): SwarmScratch {
  return {
    servable: new Float32Array(nodes),
    order: new Int32Array(nodes),
    feeders: new Int32Array(nodes),
    rackOrder: new Int32Array(racks),
    rackFeeders: new Int32Array(racks),
    rackRoot: new Int32Array(racks),
    rackCount: new Int32Array(racks),
  };
}

/**
 * Greedy matching of receivers (most held first) to feeders' slots (most servable
 * first, `slots` each): receiver k gets the next free slot of a feeder that can give
 * it something; calls `feed(receiver, feeder)`.
 */
export function matchFeeders(
  receivers: Int32Array,
  feeders: Int32Array,
  haveOf: (x: number) => number,
  servableOf: (x: number) => number,
  slots: number,
  feed: (to: number, from: number) => void,
): void {
  let f = 0,
    used = 0;
  for (let k = 0; k < receivers.length; k++) {
    const to = receivers[k];
    if (used >= slots) {
      f++;
      used = 0;
    }
    if (f >= feeders.length) return;
    // feeders are sorted by what they can give: if this one cannot help, none left can
    if (servableOf(feeders[f]) <= haveOf(to)) continue;
    feed(to, feeders[f]);
    used++;
  }
}

/** What a server holding `have` MB can serve: whole pieces only (all of it once complete). */
export function servableMB(have: number, sizeMB: number, pieceMB: number): number {
  if (have >= sizeMB) return sizeMB;
  return Math.floor(have / pieceMB) * pieceMB;
}

export interface SwarmResult {
  /** servers in scope, reachable, still missing part of the package (after this tick) */
  left: number;
  /** Mb/s moved inside racks and across racks this tick */
  intraMbps: number;
  crossMbps: number;
}

/**
 * One tick of `dtMs`: moves pieces along the matches. `have` (MB per server) is
 * updated in place; `crossOut[r]` gets the Mb/s rack r sent across the core.
 */
export function swarmTick(inp: SwarmInput, have: Float32Array, crossOut: Float64Array, dtMs: number, s: SwarmScratch): SwarmResult {
  const { nodes, racks, nodesPerRack, sizeMB, pieceMB, flowMbps, uploadFlows: u } = inp;
  const dtMB = dtMs / 8000; // Mb/s × dt → MB
  const { servable, order, feeders, rackOrder, rackFeeders, rackRoot, rackCount } = s;
  const byHave = (a: number, b: number) => have[b] - have[a] || a - b;
  const byServable = (a: number, b: number) => servable[b] - servable[a] || a - b;
  // members, rack by rack (servers are numbered rack by rack): reachable, and holding something or wanting it
  let m = 0;
  for (let r = 0; r < racks; r++) {
    const i0 = r * nodesPerRack,
      i1 = Math.min(nodes, i0 + nodesPerRack);
    const start = m;
    for (let i = i0; i < i1; i++) {
      if (!inp.reachable(i)) continue;
      const h = have[i];
      servable[i] = servableMB(h, sizeMB, pieceMB);
      if (h > 0 || (inp.inScope[i] && h < sizeMB)) order[m++] = i;
    }
    rackCount[r] = m - start;
    order.subarray(start, m).sort(byHave);
    feeders.set(order.subarray(start, m), start);
    feeders.subarray(start, m).sort(byServable);
    rackRoot[r] = m > start ? order[start] : -1;
  }
  // across racks: racks wanting (by what their seed holds) matched to racks giving (by what their seed can serve)
  let nr = 0,
    nf = 0;
  for (let r = 0; r < racks; r++) {
    const root = rackRoot[r];
    if (root < 0) continue;
    if (inp.inScope[root] && have[root] < sizeMB) rackOrder[nr++] = r;
    if (servable[root] > 0) rackFeeders[nf++] = r;
  }
  const rr = rackOrder.subarray(0, nr).sort((a, b) => byHave(rackRoot[a], rackRoot[b]));
  const rf = rackFeeders.subarray(0, nf).sort((a, b) => byServable(rackRoot[a], rackRoot[b]));
  let cross = 0;
  const rackHave = (r: number) => have[rackRoot[r]];
  matchFeeders(
    rr,
    rf,
    rackHave,
    (r) => servable[rackRoot[r]],
    u,
    (r, parent) => {
      const to = rackRoot[r],
        from = rackRoot[parent];
      const rate = Math.min(
        inp.seedFlowsPerRack * flowMbps,
        (inp.uplinkShare * inp.uplinkMbps(parent)) / u,
        inp.uplinkShare * inp.uplinkMbps(r),
        inp.receiverMbps(to),
      );
      const got = Math.min(rate * dtMB, servable[from] - have[to]);
      have[to] += got;
      crossOut[parent] += got / dtMB;
      cross += got / dtMB;
    },
  );
  // inside each rack: the rack's members that want, matched to the rack's members that can give
  let intra = 0,
    at = 0;
  for (let r = 0; r < racks; r++) {
    const k = rackCount[r];
    if (k > 1) {
      let nw = 0;
      for (let p = 0; p < k; p++) {
        const i = order[at + p];
        if (inp.inScope[i] && have[i] < sizeMB && i !== rackRoot[r]) order[at + nw++] = i; // receivers, still by what they hold
      }
      matchFeeders(
        order.subarray(at, at + nw),
        feeders.subarray(at, at + k),
        (i) => have[i],
        (i) => servable[i],
        u,
        (to, from) => {
          const got = Math.min(Math.min(flowMbps, inp.receiverMbps(to)) * dtMB, servable[from] - have[to]);
          have[to] += got;
          intra += got / dtMB;
        },
      );
    }
    at += k;
  }
  let left = 0;
  for (let i = 0; i < nodes; i++) {
    if (have[i] > sizeMB) have[i] = sizeMB;
    if (inp.inScope[i] && have[i] < sizeMB && inp.reachable(i)) left++;
  }
  return { left, intraMbps: intra, crossMbps: cross };
}
