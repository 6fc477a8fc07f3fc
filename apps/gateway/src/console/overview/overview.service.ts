import { Injectable } from '@nestjs/common';
import { addHistograms, histogramPercentile, LATENCY_BUCKETS } from '@alltokens/contracts';
import { ClosedDayCache } from './closed-day-cache';
import { OverviewRepository, type OverviewRow, type Split } from './overview.repository';

export const RANGES = { '1h': { ms: 3_600_000, bucket: 'minute' }, '24h': { ms: 86_400_000, bucket: 'hour' }, '7d': { ms: 7 * 86_400_000, bucket: 'hour' }, '30d': { ms: 30 * 86_400_000, bucket: 'day' } } as const;
export type Range = keyof typeof RANGES;
/** The largest groups by spend get their own series; the rest are summed as `other`. */
const TOP_GROUPS = 8;
const OTHER = 'other';
const DAY_MS = 86_400_000;
/** A day counts as closed this long after midnight UTC: a ledger batch that began before midnight has committed by then. */
const CLOSE_MARGIN_MS = 10 * 60_000;

interface Acc {
  requests: number;
  errors: number;
  tokens: number;
  cost: number;
  lh: number[];
  th: number[];
}
const empty = (): Acc => ({ requests: 0, errors: 0, tokens: 0, cost: 0, lh: new Array(LATENCY_BUCKETS).fill(0), th: new Array(LATENCY_BUCKETS).fill(0) });
function add(acc: Acc, row: Pick<OverviewRow, 'requests' | 'errors' | 'tokens' | 'cost' | 'lh' | 'th'>): Acc {
  acc.requests += row.requests;
  acc.errors += row.errors;
  acc.tokens += row.tokens;
  acc.cost += row.cost;
  addHistograms(acc.lh, row.lh);
  addHistograms(acc.th, row.th);
  return acc;
}
/** p50/p95/p99 read from the histogram the way every service reads it (the bound of the bucket holding each). */
function percentiles(counts: readonly number[]) {
  const p50 = histogramPercentile(counts, 0.5);
  if (p50 === null) return null;
  return { p50, p95: histogramPercentile(counts, 0.95)!, p99: histogramPercentile(counts, 0.99)! };
}

const view = (acc: Acc) => ({ requests: acc.requests, errors: acc.errors, tokens: acc.tokens, cost: acc.cost, latency_ms: percentiles(acc.lh), ttft_ms: percentiles(acc.th) });

/** Spend, traffic, errors and latency/TTFT percentiles over a range, split by one dimension. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly repository: OverviewRepository,
    private readonly closedDays: ClosedDayCache,
  ) {}

  async overview(orgId: string, range: Range, split: Split, now = new Date()) {
    const started = performance.now();
    const { ms, bucket } = RANGES[range];
    const from = bucket === 'day' ? new Date(Math.floor((now.getTime() - ms) / DAY_MS) * DAY_MS) : new Date(now.getTime() - ms);
    const rows = bucket === 'minute' ? await this.repository.rows(orgId, from, now, bucket, split) : await this.rollupRows(orgId, from, now, bucket, split);
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
    const names = await this.repository.names(split, ranked.slice(0, TOP_GROUPS));
    return {
      range,
      bucket,
      from: from.toISOString(),
      to: now.toISOString(),
      split,
      totals: { ...view(totals), error_rate: totals.requests ? totals.errors / totals.requests : 0 },
      groups: split === 'none' ? [] : groups.map((group) => group || '(none)'),
      /** Key and team names for the chart legends. */
      labels: names,
      buckets: [...perBucket.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([at, acc]) => ({ bucket: at, ...view(acc) })),
      series: [...perSeries.entries()].map(([key, acc]) => {
        const [at, group] = key.split('\u0000') as [string, string];
        return { bucket: at, group: split === 'none' ? null : group || '(none)', requests: acc.requests, errors: acc.errors, tokens: acc.tokens, cost: acc.cost };
      }),
      elapsed_ms: Math.round(performance.now() - started),
    };
  }

  /**
   * Hour or day rows: those of closed UTC days from the cache (computed in one query when missing),
   * the open rest from the rollups. Day buckets start at midnight; hour buckets before `from` are dropped.
   */
  private async rollupRows(orgId: string, from: Date, now: Date, bucket: 'hour' | 'day', split: Split): Promise<OverviewRow[]> {
    const firstDay = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
    const openFrom = Math.max(firstDay, Math.floor((now.getTime() - CLOSE_MARGIN_MS) / DAY_MS) * DAY_MS);
    const closed: number[] = [];
    for (let day = firstDay; day < openFrom; day += DAY_MS) closed.push(day);
    const [cached, open] = await Promise.all([
      this.closedDays.get(orgId, bucket, split, closed),
      this.repository.rows(orgId, new Date(Math.max(openFrom, from.getTime())), now, bucket, split),
    ]);
    const missing = closed.filter((day) => !cached.has(day));
    if (missing.length) {
      const fresh = await this.repository.rows(orgId, new Date(missing[0]!), new Date(missing.at(-1)! + DAY_MS), bucket, split, missing.map((day) => new Date(day)));
      const byDay = new Map(missing.map((day) => [day, [] as OverviewRow[]]));
      for (const row of fresh) byDay.get(Math.floor(row.bucket.getTime() / DAY_MS) * DAY_MS)?.push(row);
      await this.closedDays.set(orgId, bucket, split, byDay);
      for (const [day, dayRows] of byDay) cached.set(day, dayRows);
    }
    const earliest = Math.floor(from.getTime() / 3_600_000) * 3_600_000;
    return [...[...cached.values()].flat().filter((row) => row.bucket.getTime() >= earliest), ...open];
  }
}
