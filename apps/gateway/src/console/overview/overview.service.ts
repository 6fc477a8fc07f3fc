import { Injectable } from '@nestjs/common';
import { addHistograms, HISTOGRAM_SIZE, percentiles } from './histogram';
import { type Bucket, OverviewRepository, type OverviewRow, type Split } from './overview.repository';

export const RANGES = { '1h': { ms: 3_600_000, bucket: 'minute' }, '24h': { ms: 86_400_000, bucket: 'hour' }, '7d': { ms: 7 * 86_400_000, bucket: 'hour' }, '30d': { ms: 30 * 86_400_000, bucket: 'day' } } as const;
export type Range = keyof typeof RANGES;
/** The largest groups by spend get their own series; the rest are summed as `other`. */
const TOP_GROUPS = 8;
const OTHER = 'other';

interface Acc {
  requests: number;
  errors: number;
  tokens: number;
  cost: number;
  lh: number[];
  th: number[];
}
const empty = (): Acc => ({ requests: 0, errors: 0, tokens: 0, cost: 0, lh: new Array(HISTOGRAM_SIZE).fill(0), th: new Array(HISTOGRAM_SIZE).fill(0) });
function add(acc: Acc, row: Pick<OverviewRow, 'requests' | 'errors' | 'tokens' | 'cost' | 'lh' | 'th'>): Acc {
  acc.requests += row.requests;
  acc.errors += row.errors;
  acc.tokens += row.tokens;
  acc.cost += row.cost;
  addHistograms(acc.lh, row.lh);
  addHistograms(acc.th, row.th);
  return acc;
}
const view = (acc: Acc) => ({ requests: acc.requests, errors: acc.errors, tokens: acc.tokens, cost: acc.cost, latency_ms: percentiles(acc.lh), ttft_ms: percentiles(acc.th) });

/** Spend, traffic, errors and latency/TTFT percentiles over a range, split by one dimension. */
@Injectable()
export class OverviewService {
  constructor(private readonly repository: OverviewRepository) {}

  async overview(orgId: string, range: Range, split: Split, now = new Date()) {
    const started = performance.now();
    const { ms, bucket } = RANGES[range];
    const from = new Date(now.getTime() - ms);
    const rows = await this.repository.rows(orgId, from, now, bucket as Bucket, split);
    const byGroup = new Map<string, number>();
    for (const row of rows) byGroup.set(row.grp, (byGroup.get(row.grp) ?? 0) + row.cost + row.requests * 1e-9);
    const ranked = [...byGroup.entries()].sort((a, b) => b[1] - a[1]).map(([group]) => group);
    const kept = new Set(ranked.slice(0, TOP_GROUPS));
    const totals = empty();
    const perBucket = new Map<string, Acc>();
    const perSeries = new Map<string, Acc>();
    for (const row of rows) {
      const at = row.bucket.toISOString();
      const group = kept.has(row.grp) ? row.grp : OTHER;
      add(totals, row);
      perBucket.set(at, add(perBucket.get(at) ?? empty(), row));
      const key = `${at}\u0000${group}`;
      perSeries.set(key, add(perSeries.get(key) ?? empty(), row));
    }
    const groups = [...ranked.slice(0, TOP_GROUPS), ...(ranked.length > TOP_GROUPS ? [OTHER] : [])];
    return {
      range,
      bucket,
      from: from.toISOString(),
      to: now.toISOString(),
      split,
      totals: { ...view(totals), error_rate: totals.requests ? totals.errors / totals.requests : 0 },
      groups: split === 'none' ? [] : groups.map((group) => group || '(none)'),
      buckets: [...perBucket.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([at, acc]) => ({ bucket: at, ...view(acc) })),
      series: [...perSeries.entries()].map(([key, acc]) => {
        const [at, group] = key.split('\u0000') as [string, string];
        return { bucket: at, group: split === 'none' ? null : group || '(none)', requests: acc.requests, errors: acc.errors, tokens: acc.tokens, cost: acc.cost };
      }),
      elapsed_ms: Math.round(performance.now() - started),
    };
  }
}
