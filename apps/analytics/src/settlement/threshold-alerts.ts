import { budgetPeriodStart, type BudgetPeriod } from '@alltokens/contracts';
import { spentSince, type PrismaClient, type SpendScope } from '@alltokens/db';
import type { Logger } from 'pino';
import type { AlertNotifier } from '../alerts/alert-notifier';
import type { AlertsRepository } from '../alerts/alerts.repository';
import type { InsertedGeneration } from '../usage/usage.repository';

const CHECK_INTERVAL_MS = 1000;

interface BudgetRow {
  id: string;
  orgId: string;
  scope: SpendScope;
  scopeId: string;
  period: BudgetPeriod;
  amountUsd: { toNumber(): number };
  thresholds: number[];
  webhookUrl: string | null;
}

/**
 * Soft thresholds (e.g. 50/80/100 %): after a batch commits, budgets touched by it are compared with
 * the ledger, and each crossed threshold fires once per period (the budget_alerts primary key makes
 * "once" hold across analytics replicas): to the budget's own webhook and to the organisation's
 * budget_threshold alert rules, as durable signed deliveries.
 */
export class ThresholdAlerts {
  private readonly lastChecked = new Map<string, number>();
  /** Budgets whose check was deferred by the once-a-second throttle; checked when it allows. */
  private readonly deferred = new Set<string>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly notifier: AlertNotifier,
    private readonly rules: AlertsRepository,
  ) {}

  async check(inserted: InsertedGeneration[]): Promise<void> {
    if (!inserted.length) return;
    const keyIds = [...new Set(inserted.map((row) => row.key_id))];
    const orgIds = [...new Set(inserted.map((row) => row.org_id))];
    const keys = await this.prisma.apiKey.findMany({ where: { id: { in: keyIds } }, select: { teamId: true, lineageId: true } });
    const byOrg = (pick: (row: InsertedGeneration) => string[]) =>
      orgIds.map((orgId) => ({ orgId, ids: [...new Set(inserted.filter((row) => row.org_id === orgId).flatMap(pick))] })).filter((group) => group.ids.length);
    const budgets = await this.prisma.budget.findMany({
      where: {
        OR: [
          { scope: 'key', scopeId: { in: [...keyIds, ...keys.flatMap((key) => (key.lineageId ? [key.lineageId] : []))] } },
          { scope: 'organization', scopeId: { in: orgIds } },
          { scope: 'team', scopeId: { in: keys.flatMap((key) => (key.teamId ? [key.teamId] : [])) } },
          ...byOrg((row) => row.tags).map(({ orgId, ids }) => ({ scope: 'tag' as const, orgId, scopeId: { in: ids } })),
          ...byOrg((row) => (row.end_user ? [row.end_user] : [])).map(({ orgId, ids }) => ({ scope: 'end_user' as const, orgId, scopeId: { in: ids } })),
        ],
      },
    });
    for (const budget of budgets) await this.throttled(budget);
  }

  /** At most one check per budget per second, but never drop the last one (trailing check). */
  private async throttled(budget: BudgetRow): Promise<void> {
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

  private async checkBudget(budget: BudgetRow) {
    const start = budgetPeriodStart(budget.period);
    const spent = await spentSince(this.prisma, budget, start);
    const amount = budget.amountUsd.toNumber();
    for (const threshold of budget.thresholds.filter((t) => spent >= (amount * t) / 100)) {
      const fired = await this.prisma.budgetAlert.createMany({ data: [{ budgetId: budget.id, periodStart: start, threshold }], skipDuplicates: true });
      if (!fired.count) continue;
      const rules = (await this.rules.enabledRules()).filter((rule) => rule.type === 'budget_threshold' && rule.orgId === budget.orgId);
      const destinations = [...(budget.webhookUrl ? [`budget:${budget.id}`] : []), ...rules.flatMap((rule) => rule.destinationIds)];
      if (!destinations.length) continue;
      const data = { budget_id: budget.id, scope: budget.scope, scope_id: budget.scopeId, period: budget.period, period_start: start.toISOString(), threshold, spent, amount };
      await this.notifier.fire(
        {
          id: `budget|${budget.id}|${start.getTime()}|${threshold}`,
          type: 'budget.threshold',
          org_id: budget.orgId,
          rule_id: null,
          occurred_at: new Date().toISOString(),
          summary: `${budget.period} ${budget.scope} budget '${budget.scopeId}' reached ${threshold}%: $${spent.toFixed(6)} of $${amount}`,
          data,
        },
        destinations,
      );
    }
  }
}
