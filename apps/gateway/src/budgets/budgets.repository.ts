import { Inject, Injectable } from '@nestjs/common';
import type { Budget, BudgetPeriod, BudgetScope, PrismaClient, ScopeKind } from '@alltokens/db';
import { lineageOf } from '../auth/key-lineage';
import { PRISMA } from '../infra/tokens';

export interface BudgetLimit {
  amountUsd: number;
  thresholds: number[];
  webhookUrl: string | null;
  /** Signs the webhook's deliveries; kept across edits while the budget has a webhook. */
  webhookSecret: string | null;
}

/** Budgets, prepaid credit transactions, and the organisation each scope belongs to. */
@Injectable()
export class BudgetsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The organisation an organisation, team or key belongs to, or null if there is no such scope. */
  /** The organisation owning a scope, and the id a rule on it is stored under (a key's: its lineage's first key). */
  async ownerOfScope(scope: ScopeKind, scopeId: string): Promise<{ orgId: string; scopeId: string } | null> {
    if (scope === 'organization') {
      const org = await this.prisma.organization.findUnique({ where: { id: scopeId }, select: { id: true } });
      return org ? { orgId: org.id, scopeId } : null;
    }
    if (scope === 'team') {
      const team = await this.prisma.team.findUnique({ where: { id: scopeId }, select: { orgId: true } });
      return team ? { orgId: team.orgId, scopeId } : null;
    }
    const key = await this.prisma.apiKey.findUnique({ where: { id: scopeId }, select: { id: true, orgId: true, lineageId: true } });
    return key ? { orgId: key.orgId, scopeId: lineageOf(key) } : null;
  }

  async organizationExists(orgId: string): Promise<boolean> {
    return (await this.prisma.organization.count({ where: { id: orgId } })) > 0;
  }

  /** One budget per organisation, scope and period: setting it again replaces the limit. */
  upsert(orgId: string, scope: BudgetScope, scopeId: string, period: BudgetPeriod, limit: BudgetLimit): Promise<Budget> {
    return this.prisma.budget.upsert({
      where: { orgId_scope_scopeId_period: { orgId, scope, scopeId, period } },
      update: limit,
      create: { orgId, scope, scopeId, period, ...limit },
    });
  }

  findByScope(orgId: string, scope: BudgetScope, scopeId: string, period: BudgetPeriod): Promise<Budget | null> {
    return this.prisma.budget.findUnique({ where: { orgId_scope_scopeId_period: { orgId, scope, scopeId, period } } });
  }

  update(id: string, limit: BudgetLimit): Promise<Budget> {
    return this.prisma.budget.update({ where: { id }, data: limit });
  }

  /** Newest first; every organisation's when `orgId` is undefined. */
  list(orgId: string | undefined): Promise<Budget[]> {
    return this.prisma.budget.findMany({ where: orgId ? { orgId } : {}, orderBy: { createdAt: 'desc' } });
  }

  find(id: string): Promise<Budget | null> {
    return this.prisma.budget.findUnique({ where: { id } });
  }

  async remove(id: string): Promise<void> {
    await this.prisma.budget.delete({ where: { id } });
  }

  /** USD bought as credits and USD spent (the ledger), in total. */
  async creditBalance(orgId: string): Promise<{ credits: number; usage: number }> {
    const [credits, usage] = await Promise.all([
      this.prisma.creditTransaction.aggregate({ where: { orgId }, _sum: { amountUsd: true } }),
      this.prisma.ledgerEntry.aggregate({ where: { orgId }, _sum: { amountUsd: true } }),
    ]);
    return { credits: credits._sum.amountUsd?.toNumber() ?? 0, usage: usage._sum.amountUsd?.toNumber() ?? 0 };
  }

  async addCredits(orgId: string, amountUsd: number, note?: string): Promise<void> {
    await this.prisma.creditTransaction.create({ data: { orgId, amountUsd, note } });
  }
}
