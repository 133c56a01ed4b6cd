/**
 * A tiny seam between views: one view asks App to switch the main view (e.g. an
 * alert's "show in racks"), and may leave a rack / server for the rack view to
 * outline and a query for the log view to run. App and the views read it; nothing
 * else lives here.
 */
export const nav = $state({
  /** a main view App should switch to (cleared by App once done) */
  want: null as string | null,
  /** rack and server the rack view outlines (−1 none) */
  rack: -1,
  node: -1,
  /** a query the log view should run when it opens (cleared by it) */
  logQuery: null as string | null,
});

let clearTimer: ReturnType<typeof setTimeout> | null = null;

/** Switches to the rack view with a rack (and a server) outlined for a while. */
export function showInRacks(rack: number, node = -1, holdMs = 15_000): void {
  nav.rack = rack;
  nav.node = node;
  nav.want = 'racks';
  if (clearTimer) clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    nav.rack = -1;
    nav.node = -1;
  }, holdMs);
}

/** Switches to the log view with a query to run. */
export function searchLogFor(query: string): void {
  nav.logQuery = query;
  nav.want = 'logs';
}
