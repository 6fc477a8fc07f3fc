import { Inject, Injectable } from '@nestjs/common';
import { spentSince, type BudgetPeriod, type PrismaClient, type SpendScope } from '@alltokens/db';
import type { Attribution } from '../attribution/tags';
import { keyScopeIds, lineageOf } from '../auth/key-lineage';
import { LastGoodCache } from '../infra/last-good-cache';
import { PRISMA } from '../infra/tokens';

export interface ScopeRef {
  scope: SpendScope;
  scopeId: string;
  orgId: string;
}

export type BudgetCode =
  | 'key_budget_exceeded'
  | 'team_budget_exceeded'
  | 'org_budget_exceeded'
  | 'tag_budget_exceeded'
  | 'end_user_budget_exceeded'
  | 'key_limit_exceeded'
  | 'insufficient_credits';

export interface BudgetRule extends ScopeRef {
  /** Stable id of the limit (a Budget row, `key-limit:<lineage>` or `credits:<org>`). */
  id: string;
  code: BudgetCode;
  amountUsd: number;
  period: BudgetPeriod;
}

const CODE_BY_SCOPE: Record<SpendScope, BudgetCode> = {
  organization: 'org_budget_exceeded',
  team: 'team_budget_exceeded',
  key: 'key_budget_exceeded',
  tag: 'tag_budget_exceeded',
  end_user: 'end_user_budget_exceeded',
};
const ATTRIBUTION_TTL_MS = 5_000;

type BudgetRow = { id: string; orgId: string; scope: SpendScope; scopeId: string; amountUsd: { toNumber(): number }; period: BudgetPeriod };
const toRule = (b: BudgetRow): BudgetRule => ({ id: b.id, orgId: b.orgId, scope: b.scope, scopeId: b.scopeId, code: CODE_BY_SCOPE[b.scope], amountUsd: b.amountUsd.toNumber(), period: b.period });

/** The limits a request's spend is held against, and what the ledger says was spent under each. */
@Injectable()
export class SpendRulesRepository {
  /** Per organisation: its tag and end-user budgets (matched against each request's attribution). */
  private readonly attributionBudgets = new LastGoodCache<BudgetRule[]>(ATTRIBUTION_TTL_MS);

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Every limit that applies to a key whatever the request: its own limit (per `limit_reset` period,
   * over its rotation lineage), budgets on it, its team and its org, and prepaid credits.
   */
  async rulesFor(key: { id: string; orgId: string; teamId: string | null; limitUsd: number | null; limitReset: BudgetPeriod | null; lineageId: string | null }): Promise<BudgetRule[]> {
    const { teamId } = key;
    const lineage = lineageOf(key);
    const scopes = [
      { scope: 'key' as const, scopeId: { in: keyScopeIds(key) } },
      { scope: 'organization' as const, scopeId: key.orgId },
      ...(teamId ? [{ scope: 'team' as const, scopeId: teamId }] : []),
    ];
    const [budgets, credits] = await Promise.all([
      this.prisma.budget.findMany({ where: { OR: scopes } }),
      this.prisma.creditTransaction.aggregate({ where: { orgId: key.orgId }, _sum: { amountUsd: true }, _count: true }),
    ]);
    const rules = budgets.map(toRule);
    if (key.limitUsd !== null) {
      rules.push({ id: `key-limit:${lineage}`, orgId: key.orgId, scope: 'key', scopeId: lineage, code: 'key_limit_exceeded', amountUsd: key.limitUsd, period: key.limitReset ?? 'total' });
    }
    if (credits._count > 0) {
      const total = credits._sum.amountUsd?.toNumber() ?? 0;
      rules.push({ id: `credits:${key.orgId}`, orgId: key.orgId, scope: 'organization', scopeId: key.orgId, code: 'insufficient_credits', amountUsd: total, period: 'total' });
    }
    return rules;
  }

  /** The organisation's tag and end-user budgets this request's tags and `user` fall under (cached a few seconds). */
  async attributionRules(orgId: string, attribution: Attribution | undefined): Promise<BudgetRule[]> {
    if (!attribution || (!attribution.tags.length && !attribution.endUser)) return [];
    const rules = await this.attributionBudgets.get(orgId, () => this.prisma.budget.findMany({ where: { orgId, scope: { in: ['tag', 'end_user'] } } }).then((rows) => rows.map(toRule)));
    const tags = new Set(attribution.tags);
    return rules.filter((rule) => (rule.scope === 'tag' ? tags.has(rule.scopeId) : rule.scopeId === attribution.endUser));
  }

  /** What the ledger says a scope has spent since `from` (the truth the Redis counters start from). */
  spentSince(ref: ScopeRef, from: Date): Promise<number> {
    return spentSince(this.prisma, ref, from);
  }
}
