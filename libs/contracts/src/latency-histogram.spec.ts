import { addHistograms, histogramPercentile, LATENCY_BOUNDS_MS, LATENCY_BUCKETS, latencyBucket } from './latency-histogram';

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound holds it, past the last bound in the open bucket', () => {
    expect(LATENCY_BUCKETS).toBe(LATENCY_BOUNDS_MS.length + 1);
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(50)).toBe(0);
    expect(latencyBucket(50.5)).toBe(1);
    expect(latencyBucket(25_600)).toBe(9);
    expect(latencyBucket(25_601)).toBe(10);
  });

  it('reads a percentile as the upper bound of the bucket holding it', () => {
    const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
    counts[latencyBucket(120)] = 9;
    counts[latencyBucket(5000)] = 1;
    expect(histogramPercentile(counts, 0.5)).toBe(200);
    expect(histogramPercentile(counts, 0.9)).toBe(200);
    expect(histogramPercentile(counts, 0.95)).toBe(6400);
  });

  it('reports twice the last bound for the open bucket, and nothing for an empty histogram', () => {
    const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
    expect(histogramPercentile(counts, 0.5)).toBeNull();
    counts[LATENCY_BUCKETS - 1] = 3;
    expect(histogramPercentile(counts, 0.5)).toBe(51_200);
  });

  it('adds histograms bucket by bucket, a shorter one counting as zeros', () => {
    expect(addHistograms([1, 2], [3, 4, 5])).toEqual([4, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
