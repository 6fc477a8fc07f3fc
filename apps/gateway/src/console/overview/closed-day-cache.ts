import { Inject, Injectable } from '@nestjs/common';
import { RedisKeys } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../../config/gateway-env';
import { REDIS } from '../../infra/tokens';
import type { OverviewRow, Split } from './overview.repository';

const TTL_SECONDS = 40 * 86_400;
type Stored = Omit<OverviewRow, 'bucket'> & { bucket: string };

/**
 * The overview rows (hour or day buckets) of closed UTC days, per organisation and split. A generation's rollup hour is the
 * hour analytics committed it (`created_at` defaults to the insert time), so once a day is over its
 * rollups never change: cached once, a 7- or 30-day overview reads Postgres only for today.
 */
@Injectable()
export class ClosedDayCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async get(orgId: string, bucket: 'hour' | 'day', split: Split, days: number[]): Promise<Map<number, OverviewRow[]>> {
    const found = new Map<number, OverviewRow[]>();
    if (!days.length) return found;
    const values = await this.redis.mget(...days.map((day) => this.key(orgId, bucket, split, day)));
    values.forEach((value, i) => {
      if (value !== null) found.set(days[i]!, (JSON.parse(value) as Stored[]).map((row) => ({ ...row, bucket: new Date(row.bucket) })));
    });
    return found;
  }

  async set(orgId: string, bucket: 'hour' | 'day', split: Split, rowsByDay: Map<number, OverviewRow[]>): Promise<void> {
    if (!rowsByDay.size) return;
    const multi = this.redis.multi();
    for (const [day, rows] of rowsByDay) multi.set(this.key(orgId, bucket, split, day), JSON.stringify(rows), 'EX', TTL_SECONDS);
    await multi.exec();
  }

  private key(orgId: string, bucket: string, split: Split, day: number): string {
    // One organisation's days are read by one MGET and written by one MULTI: one slot per organisation.
    return new RedisKeys(this.env.ALLTOKENS_PREFIX).inSlot(`overview:${orgId}`, bucket, split, new Date(day).toISOString().slice(0, 10));
  }
}
