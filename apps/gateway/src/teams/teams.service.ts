import { Injectable } from '@nestjs/common';
import type { Team } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { actingOrgId, orgScope } from '../organizations/org-scope';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import type { CreateTeamInput } from './teams.dto';
import { TeamsRepository } from './teams.repository';

/** Teams group keys for shared budgets, rate limits and policies. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async create(principal: Principal, input: CreateTeamInput): Promise<Team> {
    const orgId = actingOrgId(principal, input.org_id);
    await this.organizations.ensure(orgId);
    return this.teams.create({
      orgId,
      name: input.name,
      rateLimitRpm: input.rate_limits?.requests_per_minute ?? null,
      rateLimitTpm: input.rate_limits?.tokens_per_minute ?? null,
      maxConcurrency: input.rate_limits?.concurrent_requests ?? null,
    });
  }

  /** A management key sees its organisation's teams; the admin key sees every team. */
  list(principal: Principal): Promise<Team[]> {
    return this.teams.list(principal.kind === 'management' ? orgScope(principal) : undefined);
  }
}
