/**
 * The worker's wall clock (the SimApi's `Clock`): the high-resolution time of `performance`, and `later(fn, ms)`
 * by `setTimeout` — except `later(fn, 0)`, a yield to the message loop (between a replay's
 * slices, the history's, the play loop's cycles when one ran late). Browsers clamp a chain
 * of zero timeouts to 4 ms (HTML: timer nesting level above 5), and a replay yields every
 * REPLAY_SLICE_MS (40 ms) of engine work, so the clamp left the engine idle ~10 % of a share
 * link's load; Node waits ~1 ms for one. Measured 2026-12-07, 300 chained yields in
 * Debian's Chromium 156, in a worker: setTimeout(0) 4.3 ms each, a MessageChannel message
 * 0.012 ms; in Node, 1.2 ms against setImmediate's 0.009.
 *
 * So a yield is a message to itself in a browser: a task queued behind the page's messages
 * already waiting, so calls and cancels still get in between two slices, and timers too
 * (checked in Chromium: a 100-yield chain of 2 ms slices let a 5 ms timer fire at 10 ms and
 * the page's messages in every 15 ms). In Node a MessagePort drains the messages it is sent
 * while it handles one, which starves timers and other ports (the same chain: none got in
 * for 209 ms), so there it is setImmediate, which runs after them.
 */
import type { Clock } from './api';

export function wallClock(): Clock {
  return {
    now: () => performance.now(), // allow-wallclock
    later: (fn, ms) => {
      if (ms <= 0) return yieldNow(fn);
      setTimeout(fn, ms); // allow-wallclock
    },
  };
}

// Node's (a browser has none; the page's build is typed without Node's globals)
const nodeImmediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;

const yieldNow: (fn: () => void) => void = nodeImmediate
  ? (fn) => void nodeImmediate(fn)
  : (() => {
      const channel = new MessageChannel();
      const due: (() => void)[] = [];
      channel.port1.onmessage = () => due.shift()?.();
      return (fn) => {
        due.push(fn);
        channel.port2.postMessage(null);
      };
    })();
