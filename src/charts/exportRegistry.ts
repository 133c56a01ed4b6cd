/**
 * The charts on screen right now, for "Export → CSV": every LineChart registers a
 * getter of its current series while it is mounted, and the export menu reads them.
 * No reactivity needed: the getters read the charts' live props when called.
 */

export interface ExportLine {
  label: string;
  values: ArrayLike<number> | undefined;
}

export interface ExportChart {
  /** the chart's title (with any prefix its owner gave it, e.g. the run it belongs to) */
  title: string;
  t: ArrayLike<number> | undefined;
  lines: ExportLine[];
  /** samples before this simulated time are not charted */
  since?: number;
}

const charts = new Map<symbol, () => ExportChart>();

/** Registers a chart's getter; returns the function that removes it. */
export function registerChart(get: () => ExportChart): () => void {
  const key = Symbol('chart');
  charts.set(key, get);
  return () => charts.delete(key);
}

/** The charted series now, in mount order. */
export function chartedSeries(): ExportChart[] {
  return [...charts.values()].map((g) => g());
}
