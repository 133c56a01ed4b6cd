/**
 * Polling a worker query while a view is on screen: at most every `ms` (≥ 500, so
 * ≤ 2 Hz), one request at a time, skipped while the tab is hidden, and — unless
 * forced — only when simulated time moved (`key()` changed). Start it from onMount
 * (not an effect) and return the stopper.
 */
export function startPoll(run: () => Promise<unknown>, key: () => unknown, ms = 500): { stop: () => void; now: () => void } {
  let busy = false;
  let last: unknown = Symbol('never');
  let stopped = false;
  let again = false;
  const tick = async (force = false): Promise<void> => {
    if (busy && force) again = true;
    if (stopped || busy || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
    const k = key();
    if (!force && k === last) return;
    busy = true;
    try {
      await run();
      last = k;
    } finally {
      busy = false;
    }
    if (again) {
      again = false;
      return tick(true);
    }
  };
  const id = setInterval(() => void tick(), Math.max(500, ms));
  void tick(true);
  return {
    stop: () => {
      stopped = true;
      clearInterval(id);
    },
    now: () => void tick(true),
  };
}
