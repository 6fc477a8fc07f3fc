/**
 * The latency histogram every service keeps (routers' live endpoint health in Redis, analytics' hourly
 * rollups in Postgres, the gateway reading both): bucket `i` counts values in (bound[i-1], bound[i]] ms,
 * and one more, open-ended bucket counts everything above the last bound.
 */
export const LATENCY_BOUNDS_MS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600] as const;

/** Buckets per histogram: one per bound plus the open-ended one. */
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** The bucket a latency falls in (the open-ended one past the last bound). */
export function latencyBucket(ms: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index < 0 ? LATENCY_BOUNDS_MS.length : index;
}

/**
 * A percentile (`fraction` 0–1) read from bucket counts: the upper bound of the bucket holding it, or
 * twice the last bound for the open-ended bucket. Null for an empty histogram.
 */
export function histogramPercentile(counts: readonly number[], fraction: number): number | null {
  let total = 0;
  for (const count of counts) total += count;
  if (!total) return null;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    seen += counts[i]!;
    if (seen >= total * fraction) return LATENCY_BOUNDS_MS[i] ?? LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1] * 2;
  }
  return null;
}

/** Adds `from` into `into` bucket by bucket (missing buckets count as zero) and returns `into`. */
export function addHistograms(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < LATENCY_BUCKETS; i += 1) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}
