import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Budget, ScopeKind } from '@alltokens/db';
import { newWebhookSecret } from '../alerts/webhook-url-check';
import { formatTag, MAX_END_USER, parseTag } from '../attribution/tags';
import type { Principal } from '../auth/auth.service';
import { actingOrgId } from '../organizations/org-scope';
import type { CreateBudgetInput, UpdateBudgetInput } from './budgets.dto';
import { BudgetsRepository } from './budgets.repository';

/** A webhook's signing secret: the one it has, a new one when it had none, none without a webhook. */
function signing(webhookUrl: string | null, current: string | null): { webhookSecret: string | null; newSecret: string | null } {
  if (!webhookUrl) return { webhookSecret: null, newSecret: null };
  if (current) return { webhookSecret: current, newSecret: null };
  const fresh = newWebhookSecret();
  return { webhookSecret: fresh, newSecret: fresh };
}

/** Spend limits per key, team, organisation, tag or end user and period, and prepaid credits; management keys stay in their organisation. */
@Injectable()
export class BudgetsService {
  constructor(private readonly budgets: BudgetsRepository) {}

  /**
   * The organisation of the scope a rule (budget, policy, guardrail) is set on, and the id it is stored
   * under: a key's rules are bound to its rotation lineage, so they keep applying after a rotation.
   */
  async bindingScope(principal: Principal, scope: ScopeKind, scopeId: string): Promise<{ orgId: string; scopeId: string }> {
    const owner = await this.budgets.ownerOfScope(scope, scopeId);
    if (!owner || (principal.kind === 'management' && principal.key.orgId !== owner.orgId)) {
      throw new ApiError(404, 'scope_not_found', `No ${scope} '${scopeId}'`, 'scope_id');
    }
    return owner;
  }

  /**
   * Creates (or replaces) the budget of a scope and period; tag scopes are normalised like request tags
   * (`Team:Search` → `team:Search`). A webhook keeps the signing secret it already has; `newSecret` is set
   * only when one was made (the API returns it once).
   */
  async create(principal: Principal, input: CreateBudgetInput): Promise<{ budget: Budget; newSecret: string | null }> {
    const { orgId, scopeId } = await this.scopeOf(principal, input);
    const existing = await this.budgets.findByScope(orgId, input.scope, scopeId, input.period);
    const { webhookSecret, newSecret } = signing(input.webhook_url ?? null, existing?.webhookSecret ?? null);
    const budget = await this.budgets.upsert(orgId, input.scope, scopeId, input.period, { amountUsd: input.amount, thresholds: input.thresholds, webhookUrl: input.webhook_url ?? null, webhookSecret });
    return { budget, newSecret };
  }

  /** Edits a budget's amount, thresholds or webhook in place (its spend this period and fired alerts stay). */
  async update(principal: Principal, id: string, input: UpdateBudgetInput): Promise<{ before: Budget; budget: Budget; newSecret: string | null }> {
    const before = await this.owned(principal, id);
    const webhookUrl = input.webhook_url === undefined ? before.webhookUrl : input.webhook_url;
    const { webhookSecret, newSecret } = signing(webhookUrl, before.webhookSecret);
    const budget = await this.budgets.update(id, { amountUsd: input.amount ?? before.amountUsd.toNumber(), thresholds: input.thresholds ?? before.thresholds, webhookUrl, webhookSecret });
    return { before, budget, newSecret };
  }

  private async scopeOf(principal: Principal, input: CreateBudgetInput): Promise<{ orgId: string; scopeId: string }> {
    if (input.scope !== 'tag' && input.scope !== 'end_user') {
      if (input.org_id) throw new ApiError(400, 'invalid_request', `org_id is only for tag and end_user budgets; a ${input.scope} names its organisation`, 'org_id');
      return this.bindingScope(principal, input.scope, input.scope_id);
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
    await this.owned(principal, id);
    await this.budgets.remove(id);
  }

  /** A budget the caller may change; another organisation's looks absent. */
  private async owned(principal: Principal, id: string): Promise<Budget> {
    const budget = await this.budgets.find(id);
    if (!budget || (principal.kind === 'management' && principal.key.orgId !== budget.orgId)) {
      throw new ApiError(404, 'budget_not_found', `No budget '${id}'`);
    }
    return budget;
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
