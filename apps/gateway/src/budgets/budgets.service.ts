import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { PRISMA } from '../infra/tokens';
import type { CreateBudgetInput } from './budget.dto';

@Injectable()
export class BudgetsService {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The organisation a scope belongs to; management keys may only touch their own. */
  async orgOf(principal: Principal, scope: CreateBudgetInput['scope'], scopeId: string): Promise<string> {
    const orgId =
      scope === 'organization' ? (await this.prisma.organization.findUnique({ where: { id: scopeId } }))?.id
      : scope === 'team' ? (await this.prisma.team.findUnique({ where: { id: scopeId } }))?.orgId
      : (await this.prisma.apiKey.findUnique({ where: { id: scopeId } }))?.orgId;
    if (!orgId || (principal.kind === 'management' && principal.key.orgId !== orgId)) {
      throw new ApiError(404, 'scope_not_found', `No ${scope} '${scopeId}'`, 'scope_id');
    }
    return orgId;
  }

  async create(principal: Principal, input: CreateBudgetInput) {
    const orgId = await this.orgOf(principal, input.scope, input.scope_id);
    const data = { amountUsd: input.amount, thresholds: input.thresholds, webhookUrl: input.webhook_url ?? null };
    return this.prisma.budget.upsert({
      where: { scope_scopeId_period: { scope: input.scope, scopeId: input.scope_id, period: input.period } },
      update: data,
      create: { orgId, scope: input.scope, scopeId: input.scope_id, period: input.period, ...data },
    });
  }

  list(principal: Principal) {
    return this.prisma.budget.findMany({
      where: principal.kind === 'management' ? { orgId: principal.key.orgId } : {},
      orderBy: { createdAt: 'desc' },
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const budget = await this.prisma.budget.findUnique({ where: { id } });
    if (!budget || (principal.kind === 'management' && principal.key.orgId !== budget.orgId)) {
      throw new ApiError(404, 'budget_not_found', `No budget '${id}'`);
    }
    await this.prisma.budget.delete({ where: { id } });
  }

  async credits(orgId: string) {
    const [credits, usage] = await Promise.all([
      this.prisma.creditTransaction.aggregate({ where: { orgId }, _sum: { amountUsd: true } }),
      this.prisma.ledgerEntry.aggregate({ where: { orgId }, _sum: { amountUsd: true } }),
    ]);
    return { total_credits: credits._sum.amountUsd?.toNumber() ?? 0, total_usage: usage._sum.amountUsd?.toNumber() ?? 0 };
  }

  async topUp(orgId: string, amount: number, note?: string) {
    await this.prisma.creditTransaction.create({ data: { orgId, amountUsd: amount, note } });
    return this.credits(orgId);
  }
}
