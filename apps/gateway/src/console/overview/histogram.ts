/** Upper bounds (ms) of the latency/TTFT histogram buckets of the hourly rollups; the last bucket is open. */
export const HISTOGRAM_BOUNDS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600];
export const HISTOGRAM_SIZE = HISTOGRAM_BOUNDS.length + 1;

export function addHistograms(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < HISTOGRAM_SIZE; i += 1) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

/**
 * A percentile from bucket counts, interpolated linearly inside the bucket that holds it (the open
 * last bucket spans one more doubling). Null when the histogram is empty.
 */
export function histogramPercentile(counts: readonly number[], fraction: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (!total) return null;
  const rank = fraction * total;
  let seen = 0;
  for (let i = 0; i < HISTOGRAM_SIZE; i += 1) {
    const n = counts[i] ?? 0;
    if (n && seen + n >= rank) {
      const lower = i === 0 ? 0 : HISTOGRAM_BOUNDS[i - 1]!;
      const upper = HISTOGRAM_BOUNDS[i] ?? lower * 2;
      return Math.round(lower + ((rank - seen) / n) * (upper - lower));
    }
    seen += n;
  }
  return HISTOGRAM_BOUNDS[HISTOGRAM_BOUNDS.length - 1]! * 2;
}

export function percentiles(counts: readonly number[]) {
  const p50 = histogramPercentile(counts, 0.5);
  if (p50 === null) return null;
  return { p50, p95: histogramPercentile(counts, 0.95)!, p99: histogramPercentile(counts, 0.99)! };
}
