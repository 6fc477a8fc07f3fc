import { Inject, Injectable } from '@nestjs/common';
import type { Policy, PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';
import type { CreatePolicyInput } from './policies.dto';

@Injectable()
export class PoliciesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  create(orgId: string, input: CreatePolicyInput): Promise<Policy> {
    return this.prisma.policy.create({
      data: {
        orgId,
        name: input.name,
        scope: input.scope,
        scopeId: input.scope_id,
        allowedProviders: input.allowed_providers,
        deniedProviders: input.denied_providers,
        allowedModels: input.allowed_models,
        deniedModels: input.denied_models,
        allowedRegions: input.allowed_regions,
        denyDataTraining: input.deny_data_training,
        denyDataRetention: input.deny_data_retention,
        requireZdr: input.require_zdr,
        maxPricePerMtok: input.max_price_per_mtok ?? null,
      },
    });
  }

  /** Oldest first; every organisation's when `orgId` is undefined. */
  list(orgId: string | undefined): Promise<Policy[]> {
    return this.prisma.policy.findMany({ where: orgId ? { orgId } : {}, orderBy: { createdAt: 'asc' } });
  }

  find(id: string): Promise<Policy | null> {
    return this.prisma.policy.findUnique({ where: { id } });
  }

  async remove(id: string): Promise<void> {
    await this.prisma.policy.delete({ where: { id } });
  }

  /** The policies on a key itself, on its team and on its organisation, oldest first. */
  bindingKey(key: { id: string; orgId: string; teamId: string | null }): Promise<Policy[]> {
    return this.prisma.policy.findMany({
      where: {
        OR: [
          { scope: 'organization', scopeId: key.orgId },
          { scope: 'key', scopeId: key.id },
          ...(key.teamId ? [{ scope: 'team' as const, scopeId: key.teamId }] : []),
        ],
      },
      orderBy: { createdAt: 'asc' },
    });
  }
}
