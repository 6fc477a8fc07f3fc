import { reservationExpiryKey, reservationKey, SETTLE_RESERVATION_LUA, toNanoUsd } from '@alltokens/contracts';
import { luaScript, type Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import type { InsertedGeneration } from '../usage/usage.repository';

/**
 * After a ledger commit, turns each new generation's budget reservation into actual spend. Runs only
 * for rows the batch really inserted, and the Lua script settles a reservation at most once, so a
 * replayed usage event can never charge a budget twice.
 */
export class BudgetSettlement {
  private readonly script: ReturnType<typeof luaScript>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.script = luaScript(redis, 'budgetSettle', SETTLE_RESERVATION_LUA);
  }

  async settle(inserted: InsertedGeneration[]): Promise<void> {
    if (!inserted.length) return;
    const pipeline = this.redis.pipeline();
    const expiry = reservationExpiryKey(this.prefix);
    for (const row of inserted) {
      this.script.queue(pipeline, [reservationKey(this.prefix, row.id), expiry], [toNanoUsd(Number(row.cost_usd)), row.id]);
    }
    // Never throws: the ledger is already committed, and failing here would make the batch retry
    // without settling. A counter left behind is re-read from the ledger when its period key is rebuilt.
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.filter(([error]) => error).length;
      if (failed) this.logger.warn({ failed }, 'budget settlement failed for some generations');
    } catch (error) {
      this.logger.error({ err: error, count: inserted.length }, 'budget settlement failed');
    }
  }
}
