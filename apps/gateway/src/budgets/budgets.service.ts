import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Budget, ScopeKind } from '@alltokens/db';
import { newWebhookSecret } from '../alerts/webhook-url-check';
import { formatTag, MAX_END_USER, parseTag } from '../attribution/tags';
import type { Principal } from '../auth/auth.service';
import { actingOrgId } from '../organizations/org-scope';
import type { CreateBudgetInput } from './budgets.dto';
import { BudgetsRepository } from './budgets.repository';

/** Spend limits per key, team, organisation, tag or end user and period, and prepaid credits; management keys stay in their organisation. */
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

  /**
   * Creates (or replaces) the budget of a scope and period. A webhook gets a new signing secret
   * (the API returns it once); tag scopes are normalised like request tags (`Team:Search` → `team:Search`).
   */
  async create(principal: Principal, input: CreateBudgetInput): Promise<Budget> {
    const { orgId, scopeId } = await this.scopeOf(principal, input);
    const webhookSecret = input.webhook_url ? newWebhookSecret() : null;
    return this.budgets.upsert(orgId, input.scope, scopeId, input.period, { amountUsd: input.amount, thresholds: input.thresholds, webhookUrl: input.webhook_url ?? null, webhookSecret });
  }

  private async scopeOf(principal: Principal, input: CreateBudgetInput): Promise<{ orgId: string; scopeId: string }> {
    if (input.scope !== 'tag' && input.scope !== 'end_user') {
      if (input.org_id) throw new ApiError(400, 'invalid_request', `org_id is only for tag and end_user budgets; a ${input.scope} names its organisation`, 'org_id');
      return { orgId: await this.orgOf(principal, input.scope, input.scope_id), scopeId: input.scope_id };
    }
    if (principal.kind === 'management' && input.org_id && input.org_id !== principal.key.orgId) throw new ApiError(404, 'scope_not_found', `No organisation '${input.org_id}'`, 'org_id');
    const orgId = actingOrgId(principal, input.org_id);
    if (!(await this.budgets.organizationExists(orgId))) throw new ApiError(404, 'scope_not_found', `No organisation '${orgId}'`, 'org_id');
    if (input.scope === 'tag') return { orgId, scopeId: formatTag(parseTag(input.scope_id, 'scope_id')) };
    if (input.scope_id.length > MAX_END_USER) throw new ApiError(400, 'invalid_request', `An end user id has at most ${MAX_END_USER} characters`, 'scope_id');
    return { orgId, scopeId: input.scope_id };
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
