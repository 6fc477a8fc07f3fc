import { budgetPeriodStart, type BudgetPeriod } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import type { Logger } from 'pino';
import type { InsertedGeneration } from '../usage/usage.repository';

const CHECK_INTERVAL_MS = 1000;

/**
 * Soft thresholds (e.g. 50/80/100 %): after a batch commits, budgets touched by it are compared with
 * the ledger, and each crossed threshold fires its webhook once per period (the budget_alerts primary
 * key makes "once" hold across analytics replicas).
 */
export class ThresholdAlerts {
  private readonly lastChecked = new Map<string, number>();
  /** Budgets whose check was deferred by the once-a-second throttle; checked when it allows. */
  private readonly deferred = new Set<string>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly send: (url: string, body: unknown) => Promise<void> = postJson,
  ) {}

  async check(inserted: InsertedGeneration[]): Promise<void> {
    if (!inserted.length) return;
    const keyIds = [...new Set(inserted.map((row) => row.key_id))];
    const orgIds = [...new Set(inserted.map((row) => row.org_id))];
    const teams = await this.prisma.apiKey.findMany({ where: { id: { in: keyIds }, teamId: { not: null } }, select: { teamId: true } });
    const budgets = await this.prisma.budget.findMany({
      where: {
        OR: [
          { scope: 'key', scopeId: { in: keyIds } },
          { scope: 'organization', scopeId: { in: orgIds } },
          { scope: 'team', scopeId: { in: teams.map((t) => t.teamId!) } },
        ],
      },
    });
    for (const budget of budgets) await this.throttled(budget);
  }

  /** At most one check per budget per second, but never drop the last one (trailing check). */
  private async throttled(budget: Parameters<ThresholdAlerts['checkBudget']>[0]): Promise<void> {
    const wait = CHECK_INTERVAL_MS - (Date.now() - (this.lastChecked.get(budget.id) ?? 0));
    if (wait > 0) {
      if (this.deferred.has(budget.id)) return;
      this.deferred.add(budget.id);
      setTimeout(() => {
        this.deferred.delete(budget.id);
        void this.throttled(budget);
      }, wait).unref();
      return;
    }
    this.lastChecked.set(budget.id, Date.now());
    await this.checkBudget(budget).catch((error) => this.logger.warn({ err: error, budget: budget.id }, 'threshold check failed'));
  }

  private async checkBudget(budget: { id: string; scope: string; scopeId: string; period: BudgetPeriod; amountUsd: { toNumber(): number }; thresholds: number[]; webhookUrl: string | null }) {
    const start = budgetPeriodStart(budget.period);
    const column = budget.scope === 'key' ? 'l.key_id' : budget.scope === 'organization' ? 'l.org_id' : 'k.team_id';
    const rows = await this.prisma.$queryRawUnsafe<Array<{ spent: number | null }>>(
      `SELECT sum(l.amount_usd)::float8 AS spent FROM ledger_entries l JOIN api_keys k ON k.id = l.key_id WHERE ${column} = $1 AND l.created_at >= $2::timestamp`,
      budget.scopeId,
      start.toISOString().replace('Z', ''),
    );
    const spent = rows[0]?.spent ?? 0;
    const amount = budget.amountUsd.toNumber();
    for (const threshold of budget.thresholds.filter((t) => spent >= (amount * t) / 100)) {
      const fired = await this.prisma.budgetAlert.createMany({ data: [{ budgetId: budget.id, periodStart: start, threshold }], skipDuplicates: true });
      if (fired.count && budget.webhookUrl) {
        const payload = { type: 'budget.threshold', budget_id: budget.id, scope: budget.scope, scope_id: budget.scopeId, period: budget.period, period_start: start.toISOString(), threshold, spent, amount };
        await this.send(budget.webhookUrl, payload).catch((error) => this.logger.warn({ err: error, budget: budget.id }, 'budget webhook failed'));
      }
    }
  }
}

async function postJson(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual', signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
