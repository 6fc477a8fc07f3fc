import { Inject, Injectable } from '@nestjs/common';
import type { BudgetPeriod, PrismaClient, ScopeKind } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';

export interface ScopeRef {
  scope: ScopeKind;
  scopeId: string;
}

export interface BudgetRule extends ScopeRef {
  /** Stable id of the limit (a Budget row, `key-limit:<id>` or `credits:<org>`). */
  id: string;
  code: 'key_budget_exceeded' | 'team_budget_exceeded' | 'org_budget_exceeded' | 'key_limit_exceeded' | 'insufficient_credits';
  amountUsd: number;
  period: BudgetPeriod;
}

const CODE_BY_SCOPE = { organization: 'org_budget_exceeded', team: 'team_budget_exceeded', key: 'key_budget_exceeded' } as const;

/** The limits a key's spend is held against, and what the ledger says was spent under each. */
@Injectable()
export class SpendRulesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Every limit that applies to a key: its own limit, budgets on it, its team and its org, and prepaid credits. */
  async rulesFor(key: { id: string; orgId: string; teamId: string | null; limitUsd: number | null }): Promise<BudgetRule[]> {
    const { teamId } = key;
    const scopes = [
      { scope: 'key' as const, scopeId: key.id },
      { scope: 'organization' as const, scopeId: key.orgId },
      ...(teamId ? [{ scope: 'team' as const, scopeId: teamId }] : []),
    ];
    const [budgets, credits] = await Promise.all([
      this.prisma.budget.findMany({ where: { OR: scopes } }),
      this.prisma.creditTransaction.aggregate({ where: { orgId: key.orgId }, _sum: { amountUsd: true }, _count: true }),
    ]);
    const rules: BudgetRule[] = budgets.map((b) => ({
      id: b.id,
      scope: b.scope,
      scopeId: b.scopeId,
      code: CODE_BY_SCOPE[b.scope],
      amountUsd: b.amountUsd.toNumber(),
      period: b.period,
    }));
    if (key.limitUsd !== null) {
      rules.push({ id: `key-limit:${key.id}`, scope: 'key', scopeId: key.id, code: 'key_limit_exceeded', amountUsd: key.limitUsd, period: 'total' });
    }
    if (credits._count > 0) {
      const total = credits._sum.amountUsd?.toNumber() ?? 0;
      rules.push({ id: `credits:${key.orgId}`, scope: 'organization', scopeId: key.orgId, code: 'insufficient_credits', amountUsd: total, period: 'total' });
    }
    return rules;
  }

  /** What the ledger says a scope has spent since `from` (the truth the Redis counters start from). */
  async spentSince(ref: ScopeRef, from: Date): Promise<number> {
    const column = ref.scope === 'key' ? 'key_id' : ref.scope === 'organization' ? 'org_id' : null;
    const rows =
      column === null
        ? await this.prisma.$queryRawUnsafe<Array<{ total: string | null }>>(
            'SELECT sum(l.amount_usd)::text AS total FROM ledger_entries l JOIN api_keys k ON k.id = l.key_id WHERE k.team_id = $1 AND l.created_at >= $2::timestamp',
            ref.scopeId,
            from.toISOString().replace('Z', ''),
          )
        : await this.prisma.$queryRawUnsafe<Array<{ total: string | null }>>(
            `SELECT sum(amount_usd)::text AS total FROM ledger_entries WHERE ${column} = $1 AND created_at >= $2::timestamp`,
            ref.scopeId,
            from.toISOString().replace('Z', ''),
          );
    return Number(rows[0]?.total ?? 0);
  }
}
