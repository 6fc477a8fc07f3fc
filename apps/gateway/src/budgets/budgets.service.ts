import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Budget, ScopeKind } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { actingOrgId } from '../organizations/org-scope';
import type { CreateBudgetInput } from './budgets.dto';
import { BudgetsRepository } from './budgets.repository';

/** Spend limits per key, team or organisation and period, and prepaid credits; management keys stay in their organisation. */
@Injectable()
export class BudgetsService {
  constructor(private readonly budgets: BudgetsRepository) {}

  /** The organisation a scope belongs to; management keys may only touch their own (others look absent). */
  async orgOf(principal: Principal, scope: ScopeKind, scopeId: string): Promise<string> {
    const orgId = await this.budgets.orgOfScope(scope, scopeId);
    if (!orgId || (principal.kind === 'management' && principal.key.orgId !== orgId)) {
      throw new ApiError(404, 'scope_not_found', `No ${scope} '${scopeId}'`, 'scope_id');
    }
    return orgId;
  }

  async create(principal: Principal, input: CreateBudgetInput): Promise<Budget> {
    const orgId = await this.orgOf(principal, input.scope, input.scope_id);
    return this.budgets.upsert(orgId, input.scope, input.scope_id, input.period, { amountUsd: input.amount, thresholds: input.thresholds, webhookUrl: input.webhook_url ?? null });
  }

  list(principal: Principal): Promise<Budget[]> {
    return this.budgets.list(principal.kind === 'management' ? principal.key.orgId : undefined);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const budget = await this.budgets.find(id);
    if (!budget || (principal.kind === 'management' && principal.key.orgId !== budget.orgId)) {
      throw new ApiError(404, 'budget_not_found', `No budget '${id}'`);
    }
    await this.budgets.remove(id);
  }

  async credits(orgId: string) {
    const { credits, usage } = await this.budgets.creditBalance(orgId);
    return { total_credits: credits, total_usage: usage };
  }

  /** Credits land in the caller's organisation; a management key naming another is refused. */
  async topUp(principal: Principal, requestedOrg: string | undefined, amount: number, note?: string) {
    const orgId = actingOrgId(principal, requestedOrg);
    if (principal.kind === 'management' && requestedOrg && requestedOrg !== orgId) throw new ApiError(403, 'forbidden', 'Another organisation');
    await this.budgets.addCredits(orgId, amount, note);
    return { orgId, balance: await this.credits(orgId) };
  }
}
