/** The n widest gaps between consecutive checkpoint times (oldest first), widest first, as [from, to] (the time-travel benches' worst moments). */
export function widestGaps(times: readonly number[], n: number): [number, number][] {
  const gaps = times.slice(1).map((t, i): [number, number] => [times[i], t]);
  return gaps.sort((x, y) => y[1] - y[0] - (x[1] - x[0])).slice(0, n);
}
