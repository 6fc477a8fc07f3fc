import { Inject, Injectable } from '@nestjs/common';
import { LATENCY_BOUNDS_MS, LATENCY_BUCKETS } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { PRISMA } from '../../infra/tokens';

export type Split = 'none' | 'model' | 'provider' | 'key' | 'team';
export type Bucket = 'minute' | 'hour' | 'day';

/** One time bucket × group, with latency and TTFT histograms (merged by the service). */
export interface OverviewRow {
  bucket: Date;
  grp: string;
  requests: number;
  errors: number;
  tokens: number;
  cost: number;
  lh: number[];
  th: number[];
}

const ROLLUP_GROUP: Record<Split, string> = { none: `''`, model: 'model', provider: 'provider_id', key: 'key_id', team: 'team_id' };
const RAW_GROUP: Record<Split, string> = { none: `''`, model: 'coalesce(model, requested_model)', provider: `coalesce(provider_id, '')`, key: 'key_id', team: `coalesce(team_id, '')` };

const sumHistogram = (column: string) => `ARRAY[${Array.from({ length: LATENCY_BUCKETS }, (_, i) => `sum(${column}[${i + 1}])`).join(', ')}]::int[]`;
const countHistogram = (column: string) =>
  `ARRAY[${[...LATENCY_BOUNDS_MS.map((b, i) => `count(*) FILTER (WHERE ${column} ${i ? `> ${LATENCY_BOUNDS_MS[i - 1]} AND ${column} ` : ''}<= ${b})`), `count(*) FILTER (WHERE ${column} > ${LATENCY_BOUNDS_MS.at(-1)})`].join(', ')}]::int[]`;
const rollupColumns = `sum(requests)::int AS requests, sum(errors)::int AS errors, sum((prompt_tokens + completion_tokens)::float8) AS tokens,
  sum(cost_usd::float8) AS cost, ${sumHistogram('latency_hist')} AS lh, ${sumHistogram('ttft_hist')} AS th`;

/** One query per bucket size; `onlyDays` restricts it to the UTC days in $4. */
const QUERIES: Record<Bucket, (split: Split, onlyDays: boolean) => string> = {
  minute: (split) => `SELECT date_trunc('minute', created_at) AS bucket, ${RAW_GROUP[split]} AS grp, count(*)::int AS requests,
      count(*) FILTER (WHERE status <> 'success')::int AS errors, sum((prompt_tokens + completion_tokens)::float8) AS tokens,
      sum(cost_usd::float8) AS cost, ${countHistogram('latency_ms')} AS lh, ${countHistogram('ttft_ms')} AS th
    FROM generations WHERE org_id = $1 AND created_at >= $2::timestamp AND created_at < $3::timestamp GROUP BY 1, 2`,
  hour: (split, onlyDays) => `SELECT hour AS bucket, ${ROLLUP_GROUP[split]} AS grp, ${rollupColumns}
    FROM usage_rollups_hourly WHERE org_id = $1 AND hour >= date_trunc('hour', $2::timestamp) AND hour < $3::timestamp
    ${onlyDays ? `AND date_trunc('day', hour) = ANY($4::timestamp[])` : ''} GROUP BY 1, 2`,
  day: (split, onlyDays) => `SELECT day::timestamp AS bucket, ${ROLLUP_GROUP[split]} AS grp, ${rollupColumns}
    FROM usage_rollups_daily WHERE org_id = $1 AND day >= $2::timestamp::date AND day < $3::timestamp
    ${onlyDays ? `AND day = ANY($4::timestamp[]::date[])` : ''} GROUP BY 1, 2`,
};

/** Timestamps are stored as UTC without zone (Prisma's DateTime). */
const utc = (at: Date) => at.toISOString().replace('Z', '');

/**
 * The overview's queries: hour buckets read the hourly rollups and day buckets the daily ones (both
 * maintained in the ledger transaction), so 30 days cost at most one row per day × key × model × provider; minute buckets
 * (the last hour) read the generations through the (org_id, created_at) index. Sums run in float8:
 * numeric accumulation of bigint and decimal columns costs more than the rest of the query.
 */
@Injectable()
export class OverviewRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Display names of keys or teams (the groups of a key or team split). */
  async names(split: Split, ids: string[]): Promise<Record<string, string>> {
    if (!ids.length || (split !== 'key' && split !== 'team')) return {};
    const rows =
      split === 'key'
        ? await this.prisma.apiKey.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
        : await this.prisma.team.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return Object.fromEntries(rows.map((row) => [row.id, row.name]));
  }

  /** With `days`, only the rollups of those UTC days (the closed days a cache lacks). */
  async rows(orgId: string, from: Date, to: Date, bucket: Bucket, split: Split, days?: Date[]): Promise<OverviewRow[]> {
    const params = [orgId, utc(from), utc(to), ...(days ? [days.map(utc)] : [])];
    return this.prisma.$queryRawUnsafe<OverviewRow[]>(QUERIES[bucket](split, Boolean(days)), ...params);
  }
}
