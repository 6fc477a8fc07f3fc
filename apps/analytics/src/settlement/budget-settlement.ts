import { reservationExpiryKey, reservationKey, SETTLE_RESERVATION_LUA, toNanoUsd } from '@alltokens/contracts';
import { luaScript, type Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import type { InsertedGeneration, PricedEvent } from '../usage/usage.repository';

/**
 * After a ledger commit, turns each new generation's budget reservation into actual spend. Runs only
 * for rows the batch really inserted, and the Lua script settles a reservation at most once, so a
 * replayed usage event can never charge a budget twice. Requests the gateway reserved nothing for (no
 * budget applied) cost no script call.
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

  async settle(inserted: InsertedGeneration[], batch: PricedEvent[]): Promise<void> {
    const unreserved = new Set(batch.filter(({ event }) => !event.caller.budgetReserved).map(({ event }) => event.requestId));
    const reserved = inserted.filter((row) => !unreserved.has(row.id));
    if (!reserved.length) return;
    const pipeline = this.redis.pipeline();
    const expiry = reservationExpiryKey(this.prefix);
    for (const row of reserved) {
      this.script.queue(pipeline, [reservationKey(this.prefix, row.id), expiry], [toNanoUsd(Number(row.cost_usd)), row.id]);
    }
    // Never throws: the ledger is already committed, and failing here would make the batch retry
    // without settling. A counter left behind is re-read from the ledger when its period key is rebuilt.
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.filter(([error]) => error).length;
      if (failed) this.logger.warn({ failed }, 'budget settlement failed for some generations');
    } catch (error) {
      this.logger.error({ err: error, count: reserved.length }, 'budget settlement failed');
    }
  }
}
