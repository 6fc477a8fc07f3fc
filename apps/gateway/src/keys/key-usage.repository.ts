import { Inject, Injectable } from '@nestjs/common';
import { budgetPeriodStart } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import type { StoredKey } from '../auth/api-key.repository';
import { PRISMA } from '../infra/tokens';

/** USD spent by a key's rotation lineage: over its lifetime and in the current UTC day, week and month. */
export interface KeyUsage {
  usage: number;
  daily: number;
  weekly: number;
  monthly: number;
}

const utc = (at: Date) => at.toISOString().replace('Z', '');
export const lineageOf = (key: Pick<StoredKey, 'id' | 'lineageId'>) => key.lineageId ?? key.id;

/**
 * Reads key usage for views: the lifetime from `api_keys.usage_usd` (kept by analytics in the ledger
 * transaction), the periods from the ledger since the earliest period start, on its (key_id,
 * created_at) index. Periods start at UTC midnight, Monday and the 1st: no job resets anything.
 */
@Injectable()
export class KeyUsageRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async usageOf(keys: Array<Pick<StoredKey, 'id' | 'lineageId'>>, now = new Date()): Promise<Map<string, KeyUsage>> {
    const lineages = [...new Set(keys.map(lineageOf))];
    if (!lineages.length) return new Map();
    const [day, week, month] = (['daily', 'weekly', 'monthly'] as const).map((period) => budgetPeriodStart(period, now));
    const since = week! < month! ? week! : month!;
    const rows = await this.prisma.$queryRawUnsafe<Array<{ lineage: string; usage: number; daily: number; weekly: number; monthly: number }>>(
      `WITH members AS (SELECT id, coalesce(lineage_id, id) AS lineage, usage_usd FROM api_keys WHERE coalesce(lineage_id, id) = ANY($1::text[])),
            spend AS (
              SELECT m.lineage,
                coalesce(sum(l.amount_usd) FILTER (WHERE l.created_at >= $2::timestamp), 0)::float8 AS daily,
                coalesce(sum(l.amount_usd) FILTER (WHERE l.created_at >= $3::timestamp), 0)::float8 AS weekly,
                coalesce(sum(l.amount_usd) FILTER (WHERE l.created_at >= $4::timestamp), 0)::float8 AS monthly
              FROM members m JOIN ledger_entries l ON l.key_id = m.id AND l.created_at >= $5::timestamp GROUP BY m.lineage)
       SELECT m.lineage, sum(m.usage_usd)::float8 AS usage, coalesce(max(s.daily), 0) AS daily, coalesce(max(s.weekly), 0) AS weekly, coalesce(max(s.monthly), 0) AS monthly
       FROM members m LEFT JOIN spend s ON s.lineage = m.lineage GROUP BY m.lineage`,
      lineages,
      utc(day!),
      utc(week!),
      utc(month!),
      utc(since),
    );
    const byLineage = new Map(rows.map((row) => [row.lineage, { usage: row.usage, daily: row.daily, weekly: row.weekly, monthly: row.monthly }]));
    return new Map(keys.map((key) => [key.id, byLineage.get(lineageOf(key)) ?? { usage: 0, daily: 0, weekly: 0, monthly: 0 }]));
  }
}
