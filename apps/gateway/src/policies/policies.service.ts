import { Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Policy } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { BudgetsService } from '../budgets/budgets.service';
import { KeyPolicies } from './key-policies.service';
import type { CreatePolicyInput } from './policies.dto';
import { PoliciesRepository } from './policies.repository';

/** Routing policies on an organisation, team or key; every change reaches every gateway's cache at once. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly scopes: BudgetsService,
    private readonly keyPolicies: KeyPolicies,
  ) {}

  async create(principal: Principal, input: CreatePolicyInput): Promise<Policy> {
    const orgId = await this.scopes.orgOf(principal, input.scope, input.scope_id);
    const row = await this.policies.create(orgId, input);
    await this.keyPolicies.changed();
    return row;
  }

  list(principal: Principal): Promise<Policy[]> {
    return this.policies.list(principal.kind === 'management' ? principal.key.orgId : undefined);
  }

  /** Removes a policy of the caller's organisation and returns it. */
  async remove(principal: Principal, id: string): Promise<Policy> {
    const row = await this.policies.find(id);
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'policy_not_found', `No policy '${id}'`);
    await this.policies.remove(id);
    await this.keyPolicies.changed();
    return row;
  }
}
