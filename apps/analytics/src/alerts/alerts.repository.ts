import type { AlertEvent } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import type { AlertDestination } from '@alltokens/alerts';

export interface AlertRule {
  id: string;
  orgId: string;
  name: string;
  type: 'budget_threshold' | 'error_rate' | 'latency' | 'breaker_open';
  destinationIds: string[];
  endpointId: string | null;
  threshold: number | null;
  percentile: number | null;
  windowSeconds: number;
  minRequests: number;
}

const RULES_TTL_MS = 5_000;

/** Alert rules, destinations and fired events; rules are cached a few seconds (edits apply within that). */
export class AlertsRepository {
  private rules: { at: number; rules: Promise<AlertRule[]> } | null = null;

  constructor(private readonly prisma: PrismaClient) {}

  /** Every enabled rule of every organisation (alerts are evaluated for whoever has rules). */
  enabledRules(): Promise<AlertRule[]> {
    if (this.rules && Date.now() - this.rules.at < RULES_TTL_MS) return this.rules.rules;
    const rules = this.prisma.alertRule.findMany({ where: { enabled: true } });
    this.rules = { at: Date.now(), rules };
    rules.catch(() => (this.rules = null));
    return rules;
  }

  /** Records the event; false when it was already recorded (the same condition in the same window). */
  async recordOnce(event: AlertEvent): Promise<boolean> {
    const created = await this.prisma.alertEventRecord.createMany({
      data: [{ id: event.id, orgId: event.org_id, ruleId: event.rule_id, type: event.type, summary: event.summary, data: event.data as object }],
      skipDuplicates: true,
    });
    return created.count === 1;
  }

  /** A destination by id; `budget:<id>` names a budget's own webhook. */
  async destination(id: string): Promise<AlertDestination | null> {
    if (id.startsWith('budget:')) {
      const budget = await this.prisma.budget.findUnique({ where: { id: id.slice('budget:'.length) }, select: { webhookUrl: true, webhookSecret: true } });
      return budget?.webhookUrl ? { id, kind: 'webhook', url: budget.webhookUrl, secret: budget.webhookSecret } : null;
    }
    const row = await this.prisma.alertDestination.findUnique({ where: { id } });
    return row ? { id: row.id, kind: row.kind, url: row.url, secret: row.secret } : null;
  }
}
