import { addHistograms, histogramPercentile, percentiles } from './histogram';

describe('histogram percentiles', () => {
  it('interpolates inside the bucket holding the rank', () => {
    // 100 samples, all in (100, 200] ms
    const counts = [0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(histogramPercentile(counts, 0.5)).toBe(150);
    expect(histogramPercentile(counts, 0.99)).toBe(199);
  });

  it('spans buckets and treats the open last bucket as one more doubling', () => {
    const counts = [50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50];
    expect(histogramPercentile(counts, 0.5)).toBe(50);
    expect(histogramPercentile(counts, 1)).toBe(51_200);
    expect(percentiles([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBeNull();
  });

  it('adds histograms element-wise', () => {
    expect(addHistograms([1, 2], [3, 4, 5])).toEqual([4, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
