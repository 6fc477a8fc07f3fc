import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { parseTag, formatTag, MAX_END_USER } from '../attribution/tags';
import { newWebhookSecret } from '../alerts/webhook-url-check';
import type { Principal } from '../auth/auth.service';
import { PRISMA } from '../infra/tokens';
import { DEFAULT_ORG_ID } from '../keys/keys.service';
import type { CreateBudgetInput } from './budget.dto';

@Injectable()
export class BudgetsService {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The organisation a scope belongs to; management keys may only touch their own. */
  async orgOf(principal: Principal, scope: 'organization' | 'team' | 'key', scopeId: string): Promise<string> {
    const orgId =
      scope === 'organization' ? (await this.prisma.organization.findUnique({ where: { id: scopeId } }))?.id
      : scope === 'team' ? (await this.prisma.team.findUnique({ where: { id: scopeId } }))?.orgId
      : (await this.prisma.apiKey.findUnique({ where: { id: scopeId } }))?.orgId;
    if (!orgId || (principal.kind === 'management' && principal.key.orgId !== orgId)) {
      throw new ApiError(404, 'scope_not_found', `No ${scope} '${scopeId}'`, 'scope_id');
    }
    return orgId;
  }

  /**
   * Creates (or replaces) the budget of a scope and period. A webhook gets a new signing secret
   * (the API returns it once); tag scopes are normalised like request tags (`Team:Search` → `team:Search`).
   */
  async create(principal: Principal, input: CreateBudgetInput) {
    const { orgId, scopeId } = await this.scopeOf(principal, input);
    const webhookSecret = input.webhook_url ? newWebhookSecret() : null;
    const data = { amountUsd: input.amount, thresholds: input.thresholds, webhookUrl: input.webhook_url ?? null, webhookSecret };
    return this.prisma.budget.upsert({
      where: { orgId_scope_scopeId_period: { orgId, scope: input.scope, scopeId, period: input.period } },
      update: data,
      create: { orgId, scope: input.scope, scopeId, period: input.period, ...data },
    });
  }

  private async scopeOf(principal: Principal, input: CreateBudgetInput): Promise<{ orgId: string; scopeId: string }> {
    if (input.scope !== 'tag' && input.scope !== 'end_user') {
      if (input.org_id) throw new ApiError(400, 'invalid_request', `org_id is only for tag and end_user budgets; a ${input.scope} names its organisation`, 'org_id');
      return { orgId: await this.orgOf(principal, input.scope, input.scope_id), scopeId: input.scope_id };
    }
    if (principal.kind === 'management' && input.org_id && input.org_id !== principal.key.orgId) throw new ApiError(404, 'scope_not_found', `No organisation '${input.org_id}'`, 'org_id');
    const orgId = principal.kind === 'management' ? principal.key.orgId : (input.org_id ?? DEFAULT_ORG_ID);
    if (!(await this.prisma.organization.findUnique({ where: { id: orgId } }))) throw new ApiError(404, 'scope_not_found', `No organisation '${orgId}'`, 'org_id');
    if (input.scope === 'tag') return { orgId, scopeId: formatTag(parseTag(input.scope_id, 'scope_id')) };
    if (input.scope_id.length > MAX_END_USER) throw new ApiError(400, 'invalid_request', `An end user id has at most ${MAX_END_USER} characters`, 'scope_id');
    return { orgId, scopeId: input.scope_id };
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
